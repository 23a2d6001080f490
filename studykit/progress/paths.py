"""Where progress lives: ``$STUDYKIT_HOME`` if set, else the platform's user data directory."""

from __future__ import annotations

import os
from pathlib import Path

DB_NAME = "progress.db"


def data_dir(home: str | os.PathLike[str] | None = None) -> Path:
    """``home`` if given, else ``$STUDYKIT_HOME``, else ``platformdirs.user_data_dir``."""
    if home is None:
        home = os.environ.get("STUDYKIT_HOME") or None
    if home is None:
        import platformdirs

        home = platformdirs.user_data_dir("studykit", appauthor=False)
    return Path(home).expanduser()


def db_path(home: str | os.PathLike[str] | None = None) -> Path:
    """The progress database file inside :func:`data_dir`."""
    return data_dir(home) / DB_NAME
