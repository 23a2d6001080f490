"""Thin, lazy adapters to what the quiz uses but does not compute.

Problems come from ``studykit.problems.registry``, grading from ``studykit.check``, text from
``studykit.render`` and derivation steps from ``studykit.symbolic.derive``. Each is imported on
first use (SymPy is slow to import), so the first screen appears fast. Tests inject fakes by
passing their own :class:`Services` to ``create_app``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..problems.model import Problem


def _kinds() -> list[Any]:
    from ..problems.registry import all_kinds

    return all_kinds()


def _generate(kind: str, seed: int, options: Any) -> Problem:
    from ..problems.registry import generate

    return generate(kind, seed, options)


def _grade(answer: Any, text: str, earlier: Any = None, problem: Problem | None = None) -> Any:
    from ..check import grade

    return grade(answer, text, earlier=earlier, problem=problem)


def _preview(text: str) -> str:
    from ..check import preview

    try:
        return str(preview(text))
    except Exception as exc:  # a preview must never break typing
        return f"? {exc}"


def _render_problem(problem: Problem, lang: str, solution: bool = False, width: int = 80) -> str:
    from ..render.formats import render_problem

    return render_problem("text", problem, lang, solution, width=width)


def _render_steps(problem: Problem, lang: str, upto: int) -> str:
    from ..render.writers.text import render_steps

    return render_steps(problem, lang, upto)


def _derive(activation: str, lang: str) -> str | None:
    """Derivation steps of ``f′`` as text (SymPy: slow to import, so only on demand)."""
    from ..symbolic.derive import derive_activation
    from ..symbolic.printing import derivation_text

    return str(derivation_text(derive_activation(activation), "text", lang, steps=True))


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
