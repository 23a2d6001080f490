"""One writer per output format: the pieces of a document in that format (see ``render.document``
for the walk that calls them, and ``render.formats`` for the registry)."""
