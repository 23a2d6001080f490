"""A minimal printer of a Problem, used only until ``studykit.render.text`` lands.

It prints what the Problem holds (statement, conventions, steps) with ``formula.to_text``;
it computes nothing.
"""

from __future__ import annotations

from .. import math as fm
from ..i18n import Text
from ..problems.model import Display, Problem, Step


def _line(parts: tuple[object, ...], notation: str, lang: str) -> str:
    return "".join(
        p.get(lang) if isinstance(p, Text) else fm.to_text(p, notation, lang)  # type: ignore[arg-type]
        for p in parts
    )


def problem_text(problem: Problem, lang: str, solution: bool = False) -> str:
    notation = problem.conventions.notation
    lines = [problem.title.get(lang), ""]
    for block in problem.statement:
        if isinstance(block, Display):
            lines.append("    " + fm.to_text(block.formula, notation, lang))
        else:
            lines.append(_line(block.parts, notation, lang))
    lines.append("")
    lines += ["• " + t.get(lang) for t in problem.conventions.describe()]
    if solution:
        lines += ["", steps_text(problem, lang, len(problem.steps))]
    return "\n".join(lines)


def step_text(step: Step, notation: str, lang: str) -> str:
    out = [step.title.get(lang)]
    chain = [
        fm.to_text(n, notation, lang) for n in (step.formula, step.substituted, step.result) if n
    ]
    if chain:
        out.append("    " + " = ".join(chain))
    if step.shape:
        out.append("    " + step.shape)
    if step.note:
        out.append("    " + step.note.get(lang))
    return "\n".join(out)


def steps_text(problem: Problem, lang: str, upto: int) -> str:
    notation = problem.conventions.notation
    return "\n".join(
        f"{i}. " + step_text(s, notation, lang) for i, s in enumerate(problem.steps[:upto], 1)
    )
