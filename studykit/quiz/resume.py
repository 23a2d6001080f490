"""What a kept or interrupted problem looks like in one line, read from its draft alone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import Text
from ..progress.drafts import Draft
from . import texts
from .topics import TOPICS


@dataclass(frozen=True)
class DraftSummary:
    title: Text
    section: str
    right: int
    total: int
    typed: int
    hints: int


def _filled(cells: Any) -> bool:
    if isinstance(cells, list):
        return any(_filled(c) for c in cells)
    return bool(str(cells).strip())


def summarize(draft: Draft) -> DraftSummary:
    fields = draft.state.get("fields", {})
    answers = draft.problem.get("answers", [])
    title = draft.problem.get("title", {"en": "", "zh": ""})
    return DraftSummary(
        title=Text(title["en"], title["zh"]),
        section=str(draft.problem.get("section", "")),
        right=sum(1 for f in fields.values() if f.get("correct")),
        total=len(answers),
        typed=sum(1 for cells in draft.cells.values() if _filled(cells)),
        hints=sum(1 for f in fields.values() if f.get("hint_level")),
    )


def resume_line(session: Any, draft: Draft) -> str:
    """``Backpropagation by hand (C7): 4/13 parts right, 5 typed, …; saved 3 min ago.``"""
    summary = summarize(draft)
    topic = TOPICS.get(summary.section)
    where = summary.section
    if topic is not None and session.t(topic) != session.t(summary.title):
        where = f"{summary.section} {session.t(topic)}"
    return session.t(
        texts.RESUME_LINE,
        title=session.t(summary.title),
        topic=where,
        right=summary.right,
        total=summary.total,
        typed=summary.typed,
        hints=session.t(texts.RESUME_HINTS, n=summary.hints) if summary.hints else "",
        ago=session.t(texts.ago(session.services.now() - draft.updated)),
    )
