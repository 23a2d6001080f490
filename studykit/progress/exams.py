"""The mock exams taken: when, which paper, how long, the score, and per problem the details."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .db import iso, parse_time


@dataclass(frozen=True)
class ExamRecord:
    """One handed-in paper. ``detail`` lists per problem its kind, section, score and the
    diagnosed mistakes (plain JSON, written by the front end)."""

    name: str
    variant: int
    seconds: float
    limit_seconds: float
    score: int
    total: int
    detail: list[dict[str, Any]]
    when: datetime | None = None


def insert(conn: sqlite3.Connection, record: ExamRecord, when: datetime) -> int:
    cur = conn.execute(
        "INSERT INTO exams (ts, name, variant, seconds, limit_seconds, score, total, detail)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            iso(when),
            record.name,
            record.variant,
            record.seconds,
            record.limit_seconds,
            record.score,
            record.total,
            json.dumps(record.detail),
        ),
    )
    return int(cur.lastrowid or 0)


def load(conn: sqlite3.Connection) -> list[ExamRecord]:
    """Every exam, the latest first."""
    rows = conn.execute(
        "SELECT name, variant, seconds, limit_seconds, score, total, detail, ts FROM exams"
        " ORDER BY ts DESC, id DESC"
    ).fetchall()
    return [
        ExamRecord(n, v, s, lim, sc, tot, json.loads(d), parse_time(ts))
        for n, v, s, lim, sc, tot, d, ts in rows
    ]
