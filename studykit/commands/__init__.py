"""One module per ``studykit`` subcommand, each exposing a click ``command``; imported lazily."""
