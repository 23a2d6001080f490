"""Hints for one part: the worked-solution steps that belong to it, revealed a level at a time.

A step belongs to the part named by its ``answer_id``; steps without an answer id that come
before it (a derivative f′(z) needed for δ, say) belong to it too. Steps after the last answered
one belong to no part; they are in the full worked solution only.

Levels: 1 shows each step's formula, 2 adds the numbers substituted, 3 the whole step (result,
shape, note). A level that would add nothing is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..i18n import Text
from ..problems.model import Problem, Step

LEVEL_NAMES: dict[int, Text] = {
    1: Text("the formula", "公式"),
    2: Text("the numbers substituted", "代入数值"),
    3: Text("the whole step", "完整步骤"),
}
MAX_LEVEL = 3


@dataclass(frozen=True)
class NumberedStep:
    number: int  # 1-based, as in the worked solution
    step: Step


def part_steps(problem: Problem) -> dict[str, list[NumberedStep]]:
    """Answer id → its steps, in solution order."""
    out: dict[str, list[NumberedStep]] = {}
    pending: list[NumberedStep] = []
    for number, step in enumerate(problem.steps, 1):
        pending.append(NumberedStep(number, step))
        if step.answer_id is not None:
            out.setdefault(step.answer_id, []).extend(pending)
            pending = []
    return out


def at_level(step: Step, level: int) -> Step:
    """The step as shown at ``level`` (1 formula, 2 + substitution, 3 everything)."""
    if level >= 3:
        return step
    trimmed = replace(step, result=None, shape=None, note=None)
    return trimmed if level == 2 else replace(trimmed, substituted=None)


def levels(steps: list[NumberedStep]) -> list[int]:
    """The levels that each show something new for these steps (always ends with 3)."""
    out = []
    if any(s.step.formula is not None for s in steps):
        out.append(1)
    if any(s.step.substituted is not None for s in steps):
        out.append(2)
    return [*out, MAX_LEVEL]


def next_level(steps: list[NumberedStep], current: int) -> int | None:
    """The next level to reveal after ``current`` (0 = none yet), or None when all is shown."""
    for level in levels(steps):
        if level > current:
            return level
    return None
