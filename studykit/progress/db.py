"""The SQLite connection under the progress store: WAL, ``synchronous=FULL``, versioned schema.

Each schema version is a list of statements (:data:`MIGRATIONS`); opening a database at version
``v`` runs the lists after ``v`` in one transaction. A file that cannot be read, or one written
by a newer studykit, raises :class:`CorruptDatabase`; the store moves it aside.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

_V1 = [
    """CREATE TABLE IF NOT EXISTS attempts (
        id INTEGER PRIMARY KEY,
        ts TEXT NOT NULL,
        problem_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        section TEXT NOT NULL,
        skill TEXT NOT NULL,
        answer_id TEXT NOT NULL,
        input TEXT NOT NULL,
        correct INTEGER NOT NULL,
        mistake TEXT,
        hints INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX IF NOT EXISTS attempts_problem ON attempts (problem_id)",
    """CREATE TABLE IF NOT EXISTS reviews (
        id INTEGER PRIMARY KEY,
        ts TEXT NOT NULL,
        skill TEXT NOT NULL,
        problem_id TEXT NOT NULL,
        rating INTEGER NOT NULL,
        seconds REAL NOT NULL,
        correct INTEGER NOT NULL,
        total INTEGER NOT NULL,
        hints INTEGER NOT NULL,
        solution_shown INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS cards (
        skill TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        section TEXT NOT NULL,
        options TEXT NOT NULL,
        card TEXT NOT NULL,
        due TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
]

# Version 2: the rating the quiz inferred beside the one that counts (the student may override
# it), the problems in progress with their typed cells (resume after a crash or quit), and the
# mock exams taken.
_V2 = [
    "ALTER TABLE reviews ADD COLUMN inferred INTEGER",
    """CREATE TABLE IF NOT EXISTS drafts (
        problem_id TEXT PRIMARY KEY,
        updated TEXT NOT NULL,
        problem TEXT NOT NULL,
        state TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS draft_cells (
        problem_id TEXT NOT NULL,
        answer_id TEXT NOT NULL,
        cells TEXT NOT NULL,
        PRIMARY KEY (problem_id, answer_id)
    )""",
    """CREATE TABLE IF NOT EXISTS exams (
        id INTEGER PRIMARY KEY,
        ts TEXT NOT NULL,
        name TEXT NOT NULL,
        variant INTEGER NOT NULL,
        seconds REAL NOT NULL,
        limit_seconds REAL NOT NULL,
        score INTEGER NOT NULL,
        total INTEGER NOT NULL,
        detail TEXT NOT NULL
    )""",
]

MIGRATIONS: list[list[str]] = [_V1, _V2]
SCHEMA_VERSION = len(MIGRATIONS)


class CorruptDatabase(Exception):
    """The file is not a readable studykit progress database."""


def connect(path: Path) -> sqlite3.Connection:
    """Open (and migrate) the database at ``path``; autocommit mode, transactions explicit."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=5.0)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise CorruptDatabase(str(path))
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise CorruptDatabase(f"schema {version} is newer than {SCHEMA_VERSION}")
        if version < SCHEMA_VERSION:
            with transaction(conn):
                for statements in MIGRATIONS[version:]:
                    for statement in statements:
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CorruptDatabase(str(exc)) from exc
    except CorruptDatabase:
        conn.close()
        raise
    return conn


def move_aside(path: Path) -> Path:
    """Rename ``path`` (and its -wal/-shm files) to ``<name>.corrupt-<timestamp>``."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; roll back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def now() -> datetime:
    return datetime.now(UTC)
