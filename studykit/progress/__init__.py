"""Progress: answers and reviews in SQLite (``store``), FSRS scheduling (``schedule``).

Headless: nothing here imports ``textual``; the quiz and any other front end use it.
"""

from .paths import data_dir, db_path
from .store import SCHEMA_VERSION, Store

__all__ = ["SCHEMA_VERSION", "Store", "data_dir", "db_path"]
