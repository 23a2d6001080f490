"""What the delivery formats (the self-check page, Moodle, Canvas QTI, Anki) share about a
problem's parts, read from the Problem model and the set file, never computed anew:

- the *slots* of a set (one per problem of a sheet), each with its set entry and one problem per
  variant, so that an LMS can draw one random variant per slot;
- each part's *points*: from the entry's ``points`` (a number for the problem, or one per part)
  or ``part_points``, else equal weights (an explanation part weighs its marking points' marks);
- the numbers a numeric part is graded against (the key, then its ``alternatives``) and the
  absolute tolerance at each value (``abs + rel·|value|``, as ``Tolerance.accepts``);
- the worked-solution steps that lead to each part, and the earlier answers a part needs;
- the ``studykit check --problem ID --part PART ANSWER`` command for a formula part.
"""

from __future__ import annotations

import math
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...problems.model import Answer, Problem, Step, Tolerance

#: Answer kinds graded as numbers, entry by entry.
NUMERIC = ("number", "vector", "matrix")


@dataclass(frozen=True)
class Slot:
    """Problem ``number`` (from 1) of a set's sheet: its set entry and one problem per variant."""

    number: int
    entry: Any
    problems: tuple[Problem, ...]


def set_slots(problem_set: Any, variants: Sequence[int]) -> list[Slot]:
    """The slots of ``problem_set`` with the problems of each variant (0 = the set's own sheet)."""
    from ...problems.sets import generate_problems

    entries = [entry for entry in problem_set.entries for _ in range(entry.count)]
    by_variant = [generate_problems(problem_set, v) for v in variants]
    return [
        Slot(i + 1, entry, tuple(problems[i] for problems in by_variant))
        for i, entry in enumerate(entries)
    ]


def slots_of(problems: Sequence[Problem]) -> list[Slot]:
    """Hand-made problems as one slot each, without a set entry (equal weights)."""
    return [Slot(i + 1, None, (p,)) for i, p in enumerate(problems)]


# ----------------------------------------------------------------------------- points


def _default_points(answer: Answer) -> float:
    if answer.kind == "explain" and answer.marking:
        return float(sum(m.marks for m in answer.marking))
    return 1.0


def part_points(entry: Any, problem: Problem) -> tuple[float, ...]:
    """The points of each part: the entry's per-part points when given (``points`` as a list, or
    ``part_points``), the entry's problem ``points`` split in proportion to the default weights,
    or the default weights themselves (1 a part; an explanation, its marks)."""
    points = getattr(entry, "points", None)
    parts = getattr(entry, "part_points", None)
    if isinstance(points, list | tuple):
        parts, points = points, None
    if isinstance(parts, dict):
        parts = [parts.get(a.id) for a in problem.answers]
    if parts is not None and len(parts) == len(problem.answers) and None not in parts:
        return tuple(float(p) for p in parts)
    defaults = [_default_points(a) for a in problem.answers]
    if isinstance(points, int | float) and not isinstance(points, bool) and points > 0:
        total = sum(defaults)
        return tuple(float(points) * d / total for d in defaults)
    return tuple(defaults)


# ----------------------------------------------------------------------------- numbers


def flat(value: Any) -> list[float]:
    """A number, vector or matrix as its entries, row by row."""
    if isinstance(value, list | tuple):
        return [x for v in value for x in flat(v)]
    return [float(value)]


def entry_shape(answer: Answer) -> tuple[int, int]:
    """(rows, columns) of a numeric answer: a number is 1×1, a vector a column."""
    if answer.kind == "vector":
        return (len(answer.value), 1)
    if answer.kind == "matrix":
        return (len(answer.value), len(answer.value[0]))
    return (1, 1)


def references(answer: Answer) -> list[list[float]]:
    """The key's entries, then each alternative's (a shape that differs is left out)."""
    key = flat(answer.value)
    out = [key]
    for alternative in answer.alternatives:
        entries = flat(alternative)
        if len(entries) == len(key) and entries not in out:
            out.append(entries)
    return out


def tolerance_at(tolerance: Tolerance, value: float) -> float:
    """The absolute tolerance ``Tolerance.accepts`` allows at ``value``."""
    return tolerance.abs + tolerance.rel * abs(value)


def number_text(value: float) -> str:
    """A float in full precision, as every grader reads it (``0.5933``, ``-1e-05``)."""
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    return repr(float(value))


# ----------------------------------------------------------------------------- steps, needs


def part_steps(problem: Problem) -> dict[str, list[Step]]:
    """The worked-solution steps of each part: a step that produces an answer closes the run of
    steps before it; steps after the last such step belong to the last part that has steps."""
    ids = {a.id for a in problem.answers}
    out: dict[str, list[Step]] = {a.id: [] for a in problem.answers}
    pending: list[Step] = []
    last: str | None = None
    for step in problem.steps:
        pending.append(step)
        if step.answer_id in ids:
            out[step.answer_id] += pending
            pending, last = [], step.answer_id
    if pending and last is not None:
        out[last] += pending
    return out


def needed(problem: Problem, answer: Answer) -> list[Answer]:
    """The earlier answers ``answer`` is computed from (``depends_on``), in problem order."""
    return [a for a in problem.answers if a.id in answer.depends_on]


def check_command(problem: Problem, answer: Answer, text: str | None = "ANSWER") -> str:
    """The shell command that checks a formula answer: ``studykit check --problem ID --part
    PART 'ANSWER'`` (every argument quoted for a POSIX shell; ``text=None`` leaves the answer
    off, for a page that appends the student's own)."""
    words = ["studykit", "check", "--problem", problem.id, "--part", answer.id]
    return " ".join(shlex.quote(w) for w in [*words, *([text] if text is not None else [])])
