"""Thin, lazy adapters to what the quiz uses but does not compute.

Problems come from ``studykit.problems.registry``, grading from ``studykit.check``, text from
``studykit.render.text`` and derivation steps from ``studykit.symbolic.derive``. Each is imported
on first use (SymPy is slow to import), so the first screen appears fast. Tests inject fakes by
passing their own :class:`Services` to ``create_app``.
"""

from __future__ import annotations

import importlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..i18n import Text
from ..problems.model import Problem

CHECKER_MISSING = Text(
    "The answer checker (studykit.check) is not installed yet.",
    "答案检查模块（studykit.check）尚未安装。",
)


@dataclass(frozen=True)
class FallbackVerdict:
    """Returned when the real checker is missing: never correct, says why."""

    correct: bool = False
    message: Text = CHECKER_MISSING
    wrong_entries: tuple[Any, ...] = ()
    mistake: Any = None
    carried_forward: bool = False
    preview: str = ""


def _module(name: str) -> Any | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and name.startswith(exc.name):
            return None
        raise


def _kinds() -> list[Any]:
    from ..problems.registry import all_kinds

    return all_kinds()


def _generate(kind: str, seed: int, options: Any) -> Problem:
    from ..problems.registry import generate

    return generate(kind, seed, options)


def _grade(answer: Any, text: str, earlier: Any = None, problem: Problem | None = None) -> Any:
    check = _module("studykit.check")
    if check is None or not hasattr(check, "grade"):
        return FallbackVerdict()
    return check.grade(answer, text, earlier=earlier, problem=problem)


def _preview(text: str) -> str:
    check = _module("studykit.check")
    if check is None or not hasattr(check, "preview"):
        return text
    try:
        return str(check.preview(text))
    except Exception as exc:  # a preview must never break typing
        return f"? {exc}"


def _render_problem(problem: Problem, lang: str, solution: bool = False, width: int = 80) -> str:
    render = _module("studykit.render.text")
    if render is not None:
        return str(render.render_problem(problem, lang, solution=solution, width=width))
    from . import plain

    return plain.problem_text(problem, lang, solution=solution)


def _render_steps(problem: Problem, lang: str, upto: int) -> str:
    render = _module("studykit.render.text")
    if render is not None:
        return str(render.render_steps(problem, lang, upto))
    from . import plain

    return plain.steps_text(problem, lang, upto)


def _derive(activation: str, lang: str) -> str | None:
    """Derivation steps of ``f′`` as text, if ``studykit.symbolic.derive`` is there (slow)."""
    derive = _module("studykit.symbolic.derive")
    if derive is None or not hasattr(derive, "derive_activation"):
        return None
    from ..symbolic.printing import derivation_text

    return str(derivation_text(derive.derive_activation(activation), "text", lang, steps=True))


def _new_seed() -> int:
    return random.SystemRandom().randrange(1, 2**31)


@dataclass
class Services:
    """Everything the quiz calls out to; replace any field in tests."""

    kinds: Callable[[], list[Any]] = _kinds
    generate: Callable[[str, int, Any], Problem] = _generate
    grade: Callable[..., Any] = _grade
    preview: Callable[[str], str] = _preview
    render_problem: Callable[..., str] = _render_problem
    render_steps: Callable[[Problem, str, int], str] = _render_steps
    derive: Callable[[str, str], str | None] = _derive
    new_seed: Callable[[], int] = _new_seed
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    clock: Callable[[], float] = time.monotonic
