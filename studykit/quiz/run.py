"""One problem being worked on: its answer fields, hints used, time, and its draft as JSON.

No ``textual`` here. A :class:`ProblemRun` is what the progress store keeps as a draft: the
problem itself (``to_json``) and :meth:`ProblemRun.state`; :meth:`ProblemRun.from_draft` rebuilds
it exactly (same problem, same typed cells, same hints), without grading anything again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..problems.codec import problem_from_json
from ..problems.model import Answer, Problem
from ..progress.drafts import Draft
from ..progress.schedule import Outcome, skill_key

Cells = list[str] | list[list[str]]


@dataclass(frozen=True)
class Skill:
    kind: str
    section: str
    options: dict[str, Any]

    @property
    def key(self) -> str:
        return skill_key(self.kind, self.options)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "section": self.section, "options": self.options}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Skill:
        return cls(d["kind"], d["section"], dict(d["options"]))


def dims(answer: Answer) -> tuple[int, int]:
    """Rows × columns of boxes for ``answer``."""
    if answer.kind == "vector":
        return 1, len(answer.value)
    if answer.kind == "matrix":
        return len(answer.value), len(answer.value[0])
    if answer.kind == "shape":
        return 1, 2
    return 1, 1


def empty_cells(answer: Answer) -> Cells:
    rows, cols = dims(answer)
    if answer.kind == "matrix":
        return [[""] * cols for _ in range(rows)]
    return [""] * cols


def compose_input(answer: Answer, cells: Sequence[str] | Sequence[Sequence[str]]) -> str:
    """The text sent to the checker from grid cells: ``[a, b]`` or ``[[a, b], [c, d]]``."""
    if answer.kind in ("vector", "shape"):
        return "[" + ", ".join(str(c).strip() for c in cells) + "]"
    if answer.kind == "matrix":
        rows = ["[" + ", ".join(str(c).strip() for c in row) + "]" for row in cells]  # type: ignore[union-attr]
        return "[" + ", ".join(rows) + "]"
    return str(cells[0]).strip() if cells else ""


def _flat(cells: Any) -> list[str]:
    out: list[str] = []
    for c in cells:
        out.extend(_flat(c) if isinstance(c, list) else [str(c)])
    return out


@dataclass
class FieldState:
    """One answer field: what is typed, the last checked input and verdict, hints shown."""

    answer: Answer
    cells: Cells = field(default_factory=list)
    text: str = ""  # the last input checked
    verdict: Any = None
    checks: int = 0
    first_correct: bool | None = None
    hint_level: int = 0
    hinted_first: bool = False  # steps were shown before the first check: no first-time credit
    correct_saved: bool = False  # from a draft, until the verdict is restored

    def __post_init__(self) -> None:
        if not self.cells:
            self.cells = empty_cells(self.answer)

    @property
    def correct(self) -> bool:
        if self.verdict is None:
            return self.correct_saved
        return bool(self.verdict.correct)

    @property
    def credited(self) -> bool:
        """Right at the first check, with no steps shown before it."""
        return bool(self.first_correct) and not self.hinted_first

    @property
    def typed(self) -> bool:
        return any(c.strip() for c in _flat(self.cells))

    @property
    def touched(self) -> bool:
        return self.typed or self.checks > 0 or self.hint_level > 0

    def state(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "checks": self.checks,
            "first_correct": self.first_correct,
            "correct": self.correct,
            "hint_level": self.hint_level,
            "hinted_first": self.hinted_first,
        }

    def restore(self, state: dict[str, Any], cells: Cells | None) -> None:
        self.text = state.get("text", "")
        self.checks = int(state.get("checks", 0))
        self.first_correct = state.get("first_correct")
        self.correct_saved = bool(state.get("correct", False))
        self.hint_level = int(state.get("hint_level", 0))
        self.hinted_first = bool(state.get("hinted_first", False))
        if cells is not None:
            self.cells = cells


@dataclass
class ProblemRun:
    """The problem on screen and everything done on it so far."""

    problem: Problem
    skill: Skill
    mode: str = "topic"
    drill: str | None = None  # the mistake key this problem practises
    solution_shown: bool = False  # opened before every part was right: a lapse
    solution_read: bool = False  # opened at all
    seconds_before: float = 0.0  # time spent in earlier sittings (before a resume)
    started: float = 0.0  # the monotonic clock when this sitting started
    completed: bool = False
    fields: dict[str, FieldState] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.fields:
            self.fields = {a.id: FieldState(a) for a in self.problem.answers}

    @property
    def all_correct(self) -> bool:
        return bool(self.fields) and all(f.correct for f in self.fields.values())

    @property
    def touched(self) -> bool:
        return self.solution_read or any(f.touched for f in self.fields.values())

    def seconds(self, clock: float) -> float:
        return self.seconds_before + max(0.0, clock - self.started)

    def outcome(self, clock: float) -> Outcome:
        return Outcome(
            correct=sum(1 for f in self.fields.values() if f.credited),
            total=len(self.fields),
            hints=sum(1 for f in self.fields.values() if f.hint_level),
            solution_shown=self.solution_shown,
            seconds=self.seconds(clock),
        )

    def earlier_inputs(self, answer_id: str, checked_only: bool = True) -> dict[str, str]:
        """The student's inputs for the answers ``answer_id`` depends on (error carried
        forward): its ``depends_on``, else every field before it; only checked ones unless
        ``checked_only`` is false (an exam grades what is typed)."""
        order = list(self.fields)
        wanted = self.fields[answer_id].answer.depends_on or order[: order.index(answer_id)]
        out = {}
        for aid in wanted:
            f = self.fields.get(aid)
            if f is None or aid == answer_id:
                continue
            if checked_only and f.checks:
                out[aid] = f.text
            elif not checked_only and f.typed:
                out[aid] = compose_input(f.answer, f.cells)
        return out

    def first_open(self) -> str | None:
        """The first answer id not yet right."""
        return next((aid for aid, f in self.fields.items() if not f.correct), None)

    # ------------------------------------------------------------------ draft

    def state(self, clock: float, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """The draft's state (JSON): everything but the problem and the typed cells."""
        return {
            "skill": self.skill.to_json(),
            "mode": self.mode,
            "drill": self.drill,
            "solution_shown": self.solution_shown,
            "solution_read": self.solution_read,
            "seconds": self.seconds(clock),
            "fields": {aid: f.state() for aid, f in self.fields.items()},
            **(extra or {}),
        }

    @classmethod
    def from_draft(cls, draft: Draft, clock: float) -> ProblemRun:
        state = draft.state
        run = cls(
            problem=problem_from_json(draft.problem),
            skill=Skill.from_json(state["skill"]),
            mode=state.get("mode", "topic"),
            drill=state.get("drill"),
            solution_shown=bool(state.get("solution_shown", False)),
            solution_read=bool(state.get("solution_read", False)),
            seconds_before=float(state.get("seconds", 0.0)),
            started=clock,
        )
        for aid, f in run.fields.items():
            f.restore(state.get("fields", {}).get(aid, {}), draft.cells.get(aid))
        return run
