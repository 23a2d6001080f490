"""``studykit check --problem ID --part PART ANSWER``: one part of a generated problem, graded
as the quiz grades it (with error carried forward from ``--earlier`` values)."""

from __future__ import annotations

from collections.abc import Mapping

from ..i18n import Text
from ..problems.model import Answer, Problem, part_letter
from .api import CheckResult, CheckUsageError
from .grading import grade


def letter(index: int) -> str:
    return part_letter(index)


def find_part(problem: Problem, part: str) -> Answer:
    """The answer a part names: its letter (``a``, ``(b)``) or its id (``delta2``)."""
    key = part.strip().strip("()").strip()
    for i, answer in enumerate(problem.answers):
        if key == answer.id or key.lower() == letter(i):
            return answer
    parts = ", ".join(f"{letter(i)} = {a.id}" for i, a in enumerate(problem.answers))
    raise CheckUsageError(
        Text(
            "this problem has no part {p}; its parts: {l}", "该题没有第 {p} 问；各问为：{l}"
        ).format(p=part, l=parts)
    )


def check_part(problem: Problem, part: str, answer: str, earlier: Mapping[str, str]) -> CheckResult:
    target = find_part(problem, part)
    given = {find_part(problem, k).id: v for k, v in earlier.items()}
    verdict = grade(target, answer, given, problem)
    if verdict.unreadable:
        status = "unreadable"
    elif verdict.correct:
        status = "right"
    elif verdict.undecided:
        status = "undecided"
    else:
        status = "wrong"
    index = problem.answers.index(target)
    reference = Text(f"({letter(index)}) ", f"（{letter(index)}）") + target.label
    details = {"part": target.id, "carried_forward": verdict.carried_forward}
    if verdict.wrong_entries and verdict.wrong_entries != [()]:
        details["wrong_entries"] = [[i + 1 for i in idx] for idx in verdict.wrong_entries]
    return CheckResult(
        status, verdict.message, verdict.preview, reference, verdict.mistake, details
    )
