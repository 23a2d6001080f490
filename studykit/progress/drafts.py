"""Problems in progress: the problem itself (its JSON), the front end's state, the typed cells.

A draft is written when a problem opens, its state on every check or hint, and one answer's
cells on every keystroke, each in its own transaction (the store opens them). It is deleted in
the transaction that records the problem's review, so a crash can never leave both.
The store keeps the problem as JSON, not only its id, so a resume survives a new generator.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .db import iso, parse_time


@dataclass(frozen=True)
class Draft:
    """A problem in progress. ``state`` belongs to the front end (hints used, checks, mode…);
    ``cells`` maps an answer id to what is typed in its boxes."""

    problem_id: str
    updated: datetime
    problem: dict[str, Any]
    state: dict[str, Any]
    cells: dict[str, Any] = field(default_factory=dict)


def put(
    conn: sqlite3.Connection,
    problem_id: str,
    problem: dict[str, Any],
    state: dict[str, Any],
    when: datetime,
) -> None:
    conn.execute(
        "INSERT INTO drafts (problem_id, updated, problem, state) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(problem_id) DO UPDATE SET updated = excluded.updated,"
        " problem = excluded.problem, state = excluded.state",
        (problem_id, iso(when), json.dumps(problem), json.dumps(state)),
    )


def set_state(
    conn: sqlite3.Connection, problem_id: str, state: dict[str, Any], when: datetime
) -> None:
    conn.execute(
        "UPDATE drafts SET state = ?, updated = ? WHERE problem_id = ?",
        (json.dumps(state), iso(when), problem_id),
    )


def set_cells(
    conn: sqlite3.Connection, problem_id: str, answer_id: str, cells: Any, when: datetime
) -> None:
    conn.execute(
        "INSERT INTO draft_cells (problem_id, answer_id, cells) VALUES (?, ?, ?)"
        " ON CONFLICT(problem_id, answer_id) DO UPDATE SET cells = excluded.cells",
        (problem_id, answer_id, json.dumps(cells)),
    )
    conn.execute("UPDATE drafts SET updated = ? WHERE problem_id = ?", (iso(when), problem_id))


def delete(conn: sqlite3.Connection, problem_id: str) -> None:
    conn.execute("DELETE FROM draft_cells WHERE problem_id = ?", (problem_id,))
    conn.execute("DELETE FROM drafts WHERE problem_id = ?", (problem_id,))


def load(conn: sqlite3.Connection, problem_id: str | None = None) -> list[Draft]:
    """Drafts, most recently changed first (or the one of ``problem_id``)."""
    sql = "SELECT problem_id, updated, problem, state FROM drafts"
    args: tuple[Any, ...] = ()
    if problem_id is not None:
        sql += " WHERE problem_id = ?"
        args = (problem_id,)
    rows = conn.execute(sql + " ORDER BY updated DESC, rowid DESC", args).fetchall()
    out = []
    for pid, updated, problem, state in rows:
        cells = {
            aid: json.loads(text)
            for aid, text in conn.execute(
                "SELECT answer_id, cells FROM draft_cells WHERE problem_id = ?", (pid,)
            )
        }
        out.append(Draft(pid, parse_time(updated), json.loads(problem), json.loads(state), cells))
    return out
