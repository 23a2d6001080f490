"""The terminal quiz: the only package that imports ``textual``.

``session`` (plain state, no textual) and ``services`` (lazy adapters to the generator, checker
and renderers) are usable without the UI; ``app.create_app`` builds the Textual app.
"""
