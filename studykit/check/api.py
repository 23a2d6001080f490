"""The checker's public API: what ``studykit check`` and the quiz call.

Each ``check_*`` function reads a student's answer and returns a :class:`CheckResult`; none of
them raises for anything a student types (an unreadable answer is a result, status
``unreadable``). Bad arguments from the command line (an unknown activation, ``--wrt`` that is
no parameter of the network) raise :class:`CheckUsageError` with a bilingual message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..i18n import Text
from .errors import AnswerSyntaxError

if TYPE_CHECKING:
    from ..problems.model import Problem
    from ..spec import NetworkSpec
    from .mistakes import Mistake

EXIT_CODES = {"right": 0, "wrong": 1, "unreadable": 2, "undecided": 3}


class CheckUsageError(ValueError):
    """A bad argument (not a student's answer): one bilingual line."""

    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(text.en)


@dataclass
class CheckResult:
    """The outcome of one check. ``status`` is ``right``, ``wrong``, ``unreadable`` or
    ``undecided`` (the numeric test disagreed only where evaluation is unstable and SymPy ran
    out of time); :attr:`exit_code` is 0, 1, 2 or 3."""

    status: str
    message: Text
    read_as: str = ""
    reference: Text | str = ""
    mistake: Mistake | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.status]

    @property
    def correct(self) -> bool:
        return self.status == "right"

    def reference_text(self, lang: str) -> str:
        return self.reference.get(lang) if isinstance(self.reference, Text) else self.reference

    def to_json(self, lang: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status,
            "equivalent": self.correct,
            "read_as": self.read_as,
            "reference": self.reference_text(lang),
            "message": self.message.get(lang),
            **self.details,
        }
        if self.mistake is not None:
            out["mistake"] = {
                "key": self.mistake.key,
                "title": self.mistake.title.get(lang),
                "explanation": self.mistake.explanation.get(lang),
            }
        return out


def unreadable(exc: AnswerSyntaxError) -> CheckResult:
    return CheckResult("unreadable", exc.full)


def check_pair(reference: str, answer: str, variables: Sequence[str] = ()) -> CheckResult:
    """Is ``answer`` equivalent to ``reference``? Names in the reference are the variables
    (one-letter names, or the declared ``variables``)."""
    from .pair import check_pair as run

    try:
        return run(reference, answer, variables)
    except AnswerSyntaxError as exc:
        return unreadable(exc)


def check_derivative(activation: str, answer: str) -> CheckResult:
    """Is ``answer`` the derivative of the catalog activation ``activation``?"""
    from .derivative import check_derivative as run

    try:
        return run(activation, answer)
    except AnswerSyntaxError as exc:
        return unreadable(exc)


def check_formula(spec: NetworkSpec, wrt: str, answer: str) -> CheckResult:
    """Is ``answer`` the matrix formula of ∂L/∂``wrt`` (``W1``, ``b2``, ``z1``, ``a1``, ``x``)
    for the network ``spec``?"""
    from .matrixform import check_answer as run

    try:
        return run(spec, wrt, answer)
    except AnswerSyntaxError as exc:
        return unreadable(exc)


def check_part(
    problem: Problem, part: str, answer: str, earlier: Mapping[str, str] | None = None
) -> CheckResult:
    """Grade ``answer`` for one part of a generated problem (``part``: its letter ``a``, ``b`` …
    or its answer id), with the student's ``earlier`` answers for error carried forward."""
    from .problem_part import check_part as run

    return run(problem, part, answer, earlier or {})


def preview(text: str, variables: Mapping[str, Any] | None = None, lang: str = "en") -> str:
    """How ``text`` was read (Unicode), or why it could not be read."""
    try:
        parsed = parse_answer(text, variables)
    except AnswerSyntaxError as exc:
        return exc.message(lang)
    note = Text("  (right-hand side)", "（等号右边）").get(lang) if parsed.rhs_only else ""
    return parsed.preview + note


def parse_answer(
    text: str, variables: Mapping[str, Any] | None = None, allow_latex: bool = True
) -> Any:
    """Read ``text`` (plain or LaTeX) into a :class:`~studykit.check.read.Reading`.

    ``variables``: name → ``None`` (a scalar), a shape ``(rows, cols)`` or an array; ``None``
    accepts any one-letter names as scalars. Raises :class:`AnswerSyntaxError` for anything
    that cannot be read, including shapes that do not fit together."""
    from .read import read_answer
    from .scope import Scope

    reading = read_answer(text, Scope.of(variables), allow_latex)
    if reading.shape_error is not None:
        exc = reading.shape_error
        raise AnswerSyntaxError(exc.text, exc.suggestion)
    return reading
