"""Progress in SQLite: every checked answer is committed at once, so a crash loses nothing.

WAL journal with ``synchronous=FULL``; one transaction per answer and per review. The schema is
versioned (``PRAGMA user_version``). A database that cannot be read (corrupt, or from a newer
studykit) is moved aside to ``progress.db.corrupt-<timestamp>`` and a fresh one is started; the
bilingual :attr:`Store.notice` tells the student where the old file went.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..i18n import Text
from .paths import db_path

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
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
);
CREATE INDEX IF NOT EXISTS attempts_problem ON attempts (problem_id);
CREATE TABLE IF NOT EXISTS reviews (
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
);
CREATE TABLE IF NOT EXISTS cards (
    skill TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    section TEXT NOT NULL,
    options TEXT NOT NULL,
    card TEXT NOT NULL,
    due TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

MOVED_ASIDE = Text(
    "Your progress database could not be read; it was moved to {path} and a new one was started.",
    "无法读取进度数据库；已将其移至 {path}，并新建了一个数据库。",
)


class CorruptDatabase(Exception):
    """The file is not a readable studykit progress database."""


@dataclass(frozen=True)
class Attempt:
    """One checked answer field."""

    problem_id: str
    kind: str
    section: str
    skill: str
    answer_id: str
    input: str
    correct: bool
    mistake: str | None = None
    hints: int = 0


@dataclass(frozen=True)
class Review:
    """One finished problem: the inferred rating and the new FSRS card (as JSON)."""

    skill: str
    kind: str
    section: str
    options: dict[str, Any]
    problem_id: str
    rating: int
    seconds: float
    correct: int
    total: int
    hints: int
    solution_shown: bool
    card: dict[str, Any]
    due: datetime


@dataclass(frozen=True)
class CardRow:
    skill: str
    kind: str
    section: str
    options: dict[str, Any]
    card: dict[str, Any]
    due: datetime


@dataclass(frozen=True)
class TopicStats:
    """Per course section: answer fields checked / right, skills scheduled / due now."""

    answered: int = 0
    correct: int = 0
    skills: int = 0
    due: int = 0


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _now() -> datetime:
    return datetime.now(UTC)


class Store:
    """The progress database. Use :meth:`open`; :attr:`notice` is set if a file was moved aside."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notice: Text | None = None
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = self._connect()
        except CorruptDatabase:
            moved = self._move_aside()
            self.notice = MOVED_ASIDE.format(path=moved)
            self._conn = self._connect()

    @classmethod
    def open(cls, home: str | os.PathLike[str] | None = None) -> Store:
        return cls(db_path(home))

    # ------------------------------------------------------------------ connection

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=5.0)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise CorruptDatabase(str(self.path))
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise CorruptDatabase(f"schema {version} is newer than {SCHEMA_VERSION}")
            if version < SCHEMA_VERSION:
                with _transaction(conn):
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise CorruptDatabase(str(exc)) from exc
        except CorruptDatabase:
            conn.close()
            raise
        return conn

    def _move_aside(self) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        os.replace(self.path, target)
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                os.replace(side, target.with_name(target.name + suffix))
        return target

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writes

    def record_attempt(self, attempt: Attempt, when: datetime | None = None) -> int:
        """Commit one checked answer (its own transaction)."""
        with _transaction(self._conn):
            cur = self._conn.execute(
                "INSERT INTO attempts (ts, problem_id, kind, section, skill, answer_id, input,"
                " correct, mistake, hints) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    _iso(when or _now()),
                    attempt.problem_id,
                    attempt.kind,
                    attempt.section,
                    attempt.skill,
                    attempt.answer_id,
                    attempt.input,
                    int(attempt.correct),
                    attempt.mistake,
                    attempt.hints,
                ),
            )
        return int(cur.lastrowid or 0)

    def record_review(self, review: Review, when: datetime | None = None) -> None:
        """Commit a finished problem and its skill's new schedule in one transaction."""
        with _transaction(self._conn):
            self._conn.execute(
                "INSERT INTO reviews (ts, skill, problem_id, rating, seconds, correct, total,"
                " hints, solution_shown) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    _iso(when or _now()),
                    review.skill,
                    review.problem_id,
                    review.rating,
                    review.seconds,
                    review.correct,
                    review.total,
                    review.hints,
                    int(review.solution_shown),
                ),
            )
            self._conn.execute(
                "INSERT INTO cards (skill, kind, section, options, card, due)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(skill) DO UPDATE SET"
                " card = excluded.card, due = excluded.due, options = excluded.options",
                (
                    review.skill,
                    review.kind,
                    review.section,
                    json.dumps(review.options, sort_keys=True),
                    json.dumps(review.card),
                    _iso(review.due),
                ),
            )

    def set_setting(self, key: str, value: Any) -> None:
        with _transaction(self._conn):
            self._conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    # ------------------------------------------------------------------ reads

    def settings(self) -> dict[str, Any]:
        rows = self._conn.execute("SELECT key, value FROM settings").fetchall()
        return {key: json.loads(value) for key, value in rows}

    def attempts(self, problem_id: str | None = None) -> list[Attempt]:
        sql = (
            "SELECT problem_id, kind, section, skill, answer_id, input, correct, mistake, hints"
            " FROM attempts"
        )
        args: tuple[Any, ...] = ()
        if problem_id is not None:
            sql += " WHERE problem_id = ?"
            args = (problem_id,)
        rows = self._conn.execute(sql + " ORDER BY id", args).fetchall()
        return [Attempt(*row[:6], bool(row[6]), row[7], row[8]) for row in rows]

    def review_count(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])

    def card(self, skill: str) -> CardRow | None:
        row = self._conn.execute(
            "SELECT skill, kind, section, options, card, due FROM cards WHERE skill = ?", (skill,)
        ).fetchone()
        return _card_row(row) if row else None

    def cards(self) -> list[CardRow]:
        rows = self._conn.execute(
            "SELECT skill, kind, section, options, card, due FROM cards ORDER BY due"
        ).fetchall()
        return [_card_row(row) for row in rows]

    def due(self, now: datetime | None = None) -> list[CardRow]:
        """Skills whose review is due at ``now``, most overdue first."""
        now = now or _now()
        return [c for c in self.cards() if c.due <= now]

    def topic_stats(self, now: datetime | None = None) -> dict[str, TopicStats]:
        """Progress per course section (C1…C12)."""
        now = now or _now()
        out: dict[str, TopicStats] = {}
        for section, answered, correct in self._conn.execute(
            "SELECT section, COUNT(*), SUM(correct) FROM attempts GROUP BY section"
        ):
            out[section] = TopicStats(answered=answered, correct=int(correct or 0))
        for card in self.cards():
            old = out.get(card.section, TopicStats())
            out[card.section] = TopicStats(
                old.answered, old.correct, old.skills + 1, old.due + int(card.due <= now)
            )
        return out


def _card_row(row: tuple[Any, ...]) -> CardRow:
    skill, kind, section, options, card, due = row
    return CardRow(skill, kind, section, json.loads(options), json.loads(card), _parse(due))


def _parse(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; roll back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
