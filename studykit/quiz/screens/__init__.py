"""The quiz's screens: home, problem, activation explorer, settings."""
