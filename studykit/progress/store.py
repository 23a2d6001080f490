"""Progress in SQLite: every checked answer is committed at once, so a crash loses nothing.

WAL journal with ``synchronous=FULL`` (:mod:`.db`); one transaction per change: an answer, a
review, a draft's typed cells. The schema is versioned (``PRAGMA user_version``). A database that
cannot be read (corrupt, or from a newer studykit) is moved aside to
``progress.db.corrupt-<timestamp>`` and a fresh one is started; the bilingual
:attr:`Store.notice` tells the student where the old file went.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..i18n import Text
from . import drafts, exams
from .db import SCHEMA_VERSION, CorruptDatabase, connect, iso, move_aside, parse_time, transaction
from .db import now as _now
from .drafts import Draft
from .exams import ExamRecord
from .paths import db_path

__all__ = [
    "SCHEMA_VERSION",
    "Attempt",
    "CardRow",
    "CorruptDatabase",
    "Draft",
    "ExamRecord",
    "MistakeCount",
    "Review",
    "Store",
    "TopicStats",
]

MOVED_ASIDE = Text(
    "Your progress database could not be read; it was moved to {path} and a new one was started.",
    "无法读取进度数据库；已将其移至 {path}，并新建了一个数据库。",
)


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
    """One finished problem: the rating that counts, the one inferred, and the new FSRS card."""

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
    inferred: int | None = None  # None: the same as ``rating``


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
    """Per course section: answer fields checked, right at their first check with no steps
    shown, skills scheduled, skills due now."""

    answered: int = 0
    correct: int = 0
    skills: int = 0
    due: int = 0


@dataclass(frozen=True)
class MistakeCount:
    """How many answer fields (each counted once) showed the diagnosed mistake ``key``."""

    key: str
    section: str
    kind: str
    count: int


class Store:
    """The progress database. Use :meth:`open`; :attr:`notice` is set if a file was moved aside."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notice: Text | None = None
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = connect(path)
        except CorruptDatabase:
            moved = move_aside(path)
            self.notice = MOVED_ASIDE.format(path=moved)
            self._conn = connect(path)

    @classmethod
    def open(cls, home: str | os.PathLike[str] | None = None) -> Store:
        return cls(db_path(home))

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ answers and reviews

    def record_attempt(
        self,
        attempt: Attempt,
        when: datetime | None = None,
        draft_state: dict[str, Any] | None = None,
    ) -> int:
        """Commit one checked answer, and the draft's new state with it (one transaction)."""
        when = when or _now()
        with transaction(self._conn):
            row = _insert_attempt(self._conn, attempt, when)
            if draft_state is not None:
                drafts.set_state(self._conn, attempt.problem_id, draft_state, when)
        return row

    def record_review(
        self, review: Review, when: datetime | None = None, clear_draft: bool = True
    ) -> int:
        """Commit a finished problem and its skill's new schedule, and drop its draft, in one
        transaction. Returns the review's id (to override its rating later)."""
        when = when or _now()
        with transaction(self._conn):
            cur = self._conn.execute(
                "INSERT INTO reviews (ts, skill, problem_id, rating, seconds, correct, total,"
                " hints, solution_shown, inferred) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    iso(when),
                    review.skill,
                    review.problem_id,
                    review.rating,
                    review.seconds,
                    review.correct,
                    review.total,
                    review.hints,
                    int(review.solution_shown),
                    review.rating if review.inferred is None else review.inferred,
                ),
            )
            _upsert_card(self._conn, review)
            if clear_draft:
                drafts.delete(self._conn, review.problem_id)
        return int(cur.lastrowid or 0)

    def override_review(self, review_id: int, review: Review) -> None:
        """The student changed the rating of review ``review_id``: its rating and the skill's
        card (rescheduled from the card before that review) are replaced together."""
        with transaction(self._conn):
            self._conn.execute(
                "UPDATE reviews SET rating = ? WHERE id = ?", (review.rating, review_id)
            )
            _upsert_card(self._conn, review)

    def review_count(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])

    def reviews(self) -> list[tuple[str, int, int]]:
        """``(problem_id, rating, inferred)`` of every review, oldest first."""
        rows = self._conn.execute(
            "SELECT problem_id, rating, COALESCE(inferred, rating) FROM reviews ORDER BY id"
        ).fetchall()
        return [(p, int(r), int(i)) for p, r, i in rows]

    # ------------------------------------------------------------------ drafts

    def put_draft(
        self,
        problem_id: str,
        problem: dict[str, Any],
        state: dict[str, Any],
        when: datetime | None = None,
    ) -> None:
        """Save a problem in progress (its JSON and the front end's state)."""
        with transaction(self._conn):
            drafts.put(self._conn, problem_id, problem, state, when or _now())

    def set_draft_state(
        self, problem_id: str, state: dict[str, Any], when: datetime | None = None
    ) -> None:
        with transaction(self._conn):
            drafts.set_state(self._conn, problem_id, state, when or _now())

    def set_draft_cells(
        self, problem_id: str, answer_id: str, cells: Any, when: datetime | None = None
    ) -> None:
        """What is typed in one answer's boxes, saved as it is typed."""
        with transaction(self._conn):
            drafts.set_cells(self._conn, problem_id, answer_id, cells, when or _now())

    def delete_draft(self, problem_id: str) -> None:
        with transaction(self._conn):
            drafts.delete(self._conn, problem_id)

    def drafts(self) -> list[Draft]:
        """The problems in progress, most recently changed first."""
        return drafts.load(self._conn)

    def draft(self, problem_id: str) -> Draft | None:
        found = drafts.load(self._conn, problem_id)
        return found[0] if found else None

    # ------------------------------------------------------------------ exams

    def record_exam(
        self, record: ExamRecord, attempts: list[Attempt], when: datetime | None = None
    ) -> int:
        """A handed-in paper and every answer on it, in one transaction."""
        when = when or _now()
        with transaction(self._conn):
            for attempt in attempts:
                _insert_attempt(self._conn, attempt, when)
            return exams.insert(self._conn, record, when)

    def exams(self) -> list[ExamRecord]:
        return exams.load(self._conn)

    # ------------------------------------------------------------------ settings

    def set_setting(self, key: str, value: Any) -> None:
        with transaction(self._conn):
            self._conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    def settings(self) -> dict[str, Any]:
        rows = self._conn.execute("SELECT key, value FROM settings").fetchall()
        return {key: json.loads(value) for key, value in rows}

    # ------------------------------------------------------------------ reads

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

    def mistake_tally(self) -> list[MistakeCount]:
        """Diagnosed mistakes per topic and kind, most frequent first. An answer field that
        showed the same mistake on several checks counts once."""
        rows = self._conn.execute(
            "SELECT mistake, section, kind, COUNT(DISTINCT problem_id || '/' || answer_id) AS n"
            " FROM attempts WHERE mistake IS NOT NULL GROUP BY mistake, section, kind"
            " ORDER BY n DESC, mistake, section, kind"
        ).fetchall()
        return [MistakeCount(key, section, kind, int(n)) for key, section, kind, n in rows]

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
        """Progress per course section (C1…C12); a field checked again counts once, by its first
        check."""
        now = now or _now()
        out: dict[str, TopicStats] = {}
        for section, answered, correct in self._conn.execute(
            "SELECT section, COUNT(*), SUM(correct AND hints = 0) FROM attempts AS a"
            " WHERE id = (SELECT MIN(id) FROM attempts AS b"
            " WHERE b.problem_id = a.problem_id AND b.answer_id = a.answer_id)"
            " GROUP BY section"
        ):
            out[section] = TopicStats(answered=answered, correct=int(correct or 0))
        for card in self.cards():
            old = out.get(card.section, TopicStats())
            out[card.section] = TopicStats(
                old.answered, old.correct, old.skills + 1, old.due + int(card.due <= now)
            )
        return out


def _insert_attempt(conn: Any, attempt: Attempt, when: datetime) -> int:
    cur = conn.execute(
        "INSERT INTO attempts (ts, problem_id, kind, section, skill, answer_id, input,"
        " correct, mistake, hints) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            iso(when),
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


def _upsert_card(conn: Any, review: Review) -> None:
    conn.execute(
        "INSERT INTO cards (skill, kind, section, options, card, due)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(skill) DO UPDATE SET"
        " card = excluded.card, due = excluded.due, options = excluded.options",
        (
            review.skill,
            review.kind,
            review.section,
            json.dumps(review.options, sort_keys=True),
            json.dumps(review.card),
            iso(review.due),
        ),
    )


def _card_row(row: tuple[Any, ...]) -> CardRow:
    skill, kind, section, options, card, due = row
    return CardRow(skill, kind, section, json.loads(options), json.loads(card), parse_time(due))
