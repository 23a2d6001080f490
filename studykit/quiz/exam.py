"""The mock exam as a timed paper: the slots of ``problems/mock_exam.toml``, a countdown, no
feedback until it is handed in; then a score per problem with the diagnosed mistakes, saved to
the history (the exam row and every answer, in one transaction). No ``textual`` here."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ..i18n import Text
from ..problems.model import part_letter
from ..progress.store import Attempt, ExamRecord, Store
from .run import ProblemRun, Skill, compose_input
from .services import Paper

SECONDS_PER_FIELD = 90.0  # the time a paper allows for each part
ROUND_TO = 300.0  # papers last a whole number of 5 minutes


def time_limit(fields: int) -> float:
    return max(ROUND_TO, math.ceil(fields * SECONDS_PER_FIELD / ROUND_TO) * ROUND_TO)


@dataclass
class ExamRun:
    """A paper being written: one :class:`ProblemRun` per problem, the clock it started on."""

    paper: Paper
    runs: list[ProblemRun]
    started: float
    limit_seconds: float
    index: int = 0
    handed_in: bool = False

    @classmethod
    def start(cls, paper: Paper, clock: float) -> ExamRun:
        runs = [
            ProblemRun(p, Skill(p.kind, p.section, dict(p.options)), mode="exam", started=clock)
            for p in paper.problems
        ]
        parts = sum(len(r.fields) for r in runs)
        return cls(paper, runs, clock, time_limit(parts))

    @property
    def current(self) -> ProblemRun:
        return self.runs[self.index]

    def move(self, step: int) -> bool:
        """Go to the next (+1) or previous (−1) problem; False at either end."""
        target = self.index + step
        if not 0 <= target < len(self.runs):
            return False
        self.index = target
        return True

    def remaining(self, clock: float) -> float:
        return max(0.0, self.limit_seconds - (clock - self.started))

    def parts(self) -> int:
        return sum(len(r.fields) for r in self.runs)

    def filled(self) -> int:
        """Parts with anything typed (or chosen)."""
        return sum(1 for r in self.runs for f in r.fields.values() if f.typed)


def clock_text(seconds: float) -> str:
    """``1:29:58`` or ``4:05``."""
    whole = int(math.ceil(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(frozen=True)
class Diagnosis:
    letter: str
    label: Text
    mistake: str  # the checker's key
    title: Text | None


@dataclass(frozen=True)
class ProblemMark:
    title: Text
    kind: str
    section: str
    right: int
    total: int
    diagnoses: tuple[Diagnosis, ...] = ()


@dataclass(frozen=True)
class ExamResult:
    marks: tuple[ProblemMark, ...]
    seconds: float
    limit_seconds: float
    record_id: int = 0

    @property
    def score(self) -> int:
        return sum(m.right for m in self.marks)

    @property
    def total(self) -> int:
        return sum(m.total for m in self.marks)


def _mark_run(
    run: ProblemRun, grade: Callable[..., Any], title_of: Callable[[str], Text | None]
) -> tuple[ProblemMark, list[Attempt]]:
    """Grade every typed box of one problem (errors carried forward from what is typed)."""
    attempts: list[Attempt] = []
    diagnoses: list[Diagnosis] = []
    right = 0
    for i, (aid, state) in enumerate(run.fields.items()):
        if not state.typed:
            continue
        text = compose_input(state.answer, state.cells)
        earlier = run.earlier_inputs(aid, checked_only=False)
        verdict = grade(state.answer, text, earlier=earlier, problem=run.problem)
        state.text, state.verdict, state.checks = text, verdict, 1
        state.first_correct = bool(verdict.correct)
        right += int(bool(verdict.correct))
        key = getattr(getattr(verdict, "mistake", None), "key", None)
        if key:
            diagnoses.append(Diagnosis(part_letter(i), state.answer.label, key, title_of(key)))
        p = run.problem
        attempt = Attempt(p.id, p.kind, p.section, run.skill.key, aid, text, bool(verdict.correct))
        attempts.append(replace(attempt, mistake=key))
    p = run.problem
    mark = ProblemMark(p.title, p.kind, p.section, right, len(run.fields), tuple(diagnoses))
    return mark, attempts


def hand_in(
    exam: ExamRun,
    store: Store,
    grade: Callable[..., Any],
    title_of: Callable[[str], Text | None],
    clock: float,
    now: datetime,
) -> ExamResult:
    """Mark the paper and save it with every answer to the history."""
    marks, attempts = [], []
    for run in exam.runs:
        mark, graded = _mark_run(run, grade, title_of)
        marks.append(mark)
        attempts.extend(graded)
    exam.handed_in = True
    seconds = min(clock - exam.started, exam.limit_seconds)
    detail = [
        {
            "kind": m.kind,
            "section": m.section,
            "title": {"en": m.title.en, "zh": m.title.zh},
            "right": m.right,
            "total": m.total,
            "mistakes": [{"part": d.letter, "mistake": d.mistake} for d in m.diagnoses],
        }
        for m in marks
    ]
    result = ExamResult(tuple(marks), seconds, exam.limit_seconds)
    paper = exam.paper
    record = ExamRecord(
        paper.name, paper.variant, seconds, exam.limit_seconds, result.score, result.total, detail
    )
    record_id = store.record_exam(record, attempts, now)
    return ExamResult(result.marks, seconds, exam.limit_seconds, record_id)
