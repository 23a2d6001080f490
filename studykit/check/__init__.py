"""The answer checker (issues #5, #13): safe parsing, grading with tolerance, equivalence,
matrix-form gradient formulas, mistake diagnosis in every mode and error carried forward.

Nothing a student types reaches ``eval``/``sympify``/``parse_expr``/``lambdify``: the text is
tokenised against a whitelist (:mod:`.lexer`), parsed by our own grammar (:mod:`.parse`) into
:mod:`studykit.math` nodes, and SymPy objects are built node by node (:mod:`.symbolic`). Input
length, nesting depth, exponent size and constant magnitude are capped (:mod:`.limits`);
simplification runs in a killable child process under a time limit.

The public API is :mod:`.api` (the ``check_*`` functions behind ``studykit check``), plus
:func:`grade` and :func:`preview` for the quiz. Importing this package is cheap: the grading
machinery loads on first use.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .api import (
    CheckResult,
    CheckUsageError,
    check_derivative,
    check_formula,
    check_pair,
    check_part,
    parse_answer,
    preview,
)
from .errors import AnswerSyntaxError, ShapeError
from .mistake import Mistake

if TYPE_CHECKING:
    from ..problems.model import Answer, Problem
    from .verdict import Verdict


def grade(
    answer: Answer,
    student_input: str,
    earlier: Mapping[str, Any] | None = None,
    problem: Problem | None = None,
) -> Verdict:
    """Grade one answer field (see :mod:`studykit.check.grading`)."""
    from .grading import grade as run

    return run(answer, student_input, earlier, problem)


def first_wrong_step(problem: Problem, answers: Mapping[str, str]) -> str | None:
    """The id of the first attempted answer that is wrong and not explained by carried error."""
    from .grading import first_wrong_step as run

    return run(problem, answers)


def __getattr__(name: str) -> Any:
    """The catalog of mistakes and the verdict type, loaded on first use."""
    if name in ("CATALOG", "MISTAKES"):
        from . import mistakes

        return getattr(mistakes, name)
    if name == "Verdict":
        from .verdict import Verdict

        return Verdict
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AnswerSyntaxError",
    "CATALOG",
    "CheckResult",
    "CheckUsageError",
    "MISTAKES",
    "Mistake",
    "ShapeError",
    "Verdict",
    "check_derivative",
    "check_formula",
    "check_pair",
    "check_part",
    "first_wrong_step",
    "grade",
    "parse_answer",
    "preview",
]
