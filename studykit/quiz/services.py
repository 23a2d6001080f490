"""Thin, lazy adapters to what the quiz uses but does not compute.

Problems come from ``studykit.problems`` (the registry, and ``sets`` for the mock exam), grading
from ``studykit.check`` (only its public ``grade``, ``preview``, ``parse_answer`` and mistake
catalog), text from ``studykit.render`` and derivation steps from ``studykit.symbolic.derive``.
Each is imported on first use (SymPy is slow to import), so the first screen appears fast.
Tests inject fakes by passing their own :class:`Services` to ``create_app``.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..i18n import Text
from ..problems.model import Problem, Step

MOCK_EXAM = Path(__file__).resolve().parents[2] / "problems" / "mock_exam.toml"


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


def _evaluate(text: str) -> float | None:
    """The value of a number typed as a formula (``1-tanh(1.1)^2`` → 0.3592…), or None when it
    is not a readable formula without variables."""
    from ..check import AnswerSyntaxError, parse_answer

    try:
        parsed = parse_answer(text, {})
        if parsed.keys or parsed.shape is not None:
            return None
        value = complex(parsed.expr.evalf())
    except (AnswerSyntaxError, TypeError, ValueError, ArithmeticError):
        return None
    return value.real if value.imag == 0 and math.isfinite(value.real) else None


def _mistake_title(key: str) -> Text | None:
    from ..check import MISTAKES

    mistake = MISTAKES.get(key)
    return mistake.title if mistake is not None else None


def _render_problem(problem: Problem, lang: str, solution: bool = False, width: int = 80) -> str:
    from ..render.formats import render_problem

    return render_problem("text", problem, lang, solution, width=width)


def _writer(problem: Problem, lang: str, width: int) -> Any:
    from ..math.text import TextPrinter
    from ..render.writers.text import TextWriter

    return TextWriter(TextPrinter(problem.conventions.notation, lang), lang, width)


LOSS_LINE = Text("loss function: {name}", "损失函数：{name}")


def _display_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as the diagram should show it: activations by their symbol (σ, tanh, ReLU),
    not their identifiers, and no loss line (the quiz writes it, translated)."""
    from .. import catalog

    network = dict(spec["network"])
    network.pop("loss", None)
    acts = network.get("activation")
    if acts:

        def symbol(a: Any) -> str:
            return catalog.get_activation(a["name"] if isinstance(a, dict) else a).symbol

        # one activation for every layer stays one (the diagram repeats it per layer)
        network["activation"] = (
            [symbol(a) for a in acts] if isinstance(acts, list) else symbol(acts)
        )
    return {**spec, "network": network}


def _render_statement(problem: Problem, lang: str, width: int = 80) -> str:
    """The statement, network diagram and conventions (not the "Give" list: the quiz shows
    the parts as answer boxes)."""
    from dataclasses import replace

    from .. import catalog
    from ..render.document import statement_blocks

    writer = _writer(problem, lang, width)
    spec = problem.spec
    if not spec or "network" not in spec:
        return writer.join(statement_blocks(writer, problem)).strip("\n")
    shown = replace(problem, spec=_display_spec(spec))
    blocks = statement_blocks(writer, shown)
    diagram = writer.diagram(shown.spec)
    loss = spec["network"].get("loss")
    if loss and diagram in blocks and loss in catalog.LOSSES:
        name = catalog.get_loss(loss).title.get(lang)
        blocks[blocks.index(diagram)] = diagram + "\n" + LOSS_LINE.get(lang, name=name)
    return writer.join(blocks).strip("\n")


def _render_step(problem: Problem, step: Step, number: int, lang: str, width: int = 80) -> str:
    return str(_writer(problem, lang, width).step(number, step))


def _render_steps(problem: Problem, lang: str, upto: int) -> str:
    from ..render.writers.text import render_steps

    return render_steps(problem, lang, upto)


def _derive(activation: str, lang: str) -> str | None:
    """Derivation steps of ``f′`` as text (SymPy: slow to import, so only on demand)."""
    from ..symbolic.derivation_text import derivation_text
    from ..symbolic.derive import derive_activation

    return str(derivation_text(derive_activation(activation), "text", lang, steps=True))


@dataclass(frozen=True)
class Paper:
    """A mock exam paper: the set's name and title, its variant and problems."""

    name: str
    title: Text
    variant: int
    problems: tuple[Problem, ...]


def _exam_paper(variant: int) -> Paper:
    """Variant ``variant`` of ``problems/mock_exam.toml`` (its slots, fresh numbers)."""
    from ..problems.sets import generate_problems, load_set

    if not MOCK_EXAM.exists():  # an installed wheel has no problems/ directory
        raise FileNotFoundError(str(MOCK_EXAM))
    problem_set = load_set(MOCK_EXAM)
    problems = generate_problems(problem_set, variant)
    return Paper(problem_set.name, problem_set.title, variant, problems)


def _warm_up() -> None:
    """Import what the first problem needs (the kinds, the checker and SymPy, ~1 s) ahead of
    time, so the first formula typed is evaluated without a pause. Run in a worker thread."""
    _kinds()
    _evaluate("1-0.5^2")


class UnfitNetwork(ValueError):
    """A spec file that cannot be practised; ``reason`` says why (en and zh)."""

    def __init__(self, reason: Text) -> None:
        super().__init__(reason.en)
        self.reason = reason


def _own_problem(path: str, notation: str) -> Problem:
    """Your own network (a spec file) as a problem with the worked solution of ``solve --steps``;
    :class:`UnfitNetwork` with the reason when the file cannot be read or worked by hand."""
    from ..problems.own_network import SolveOptions, SpecRefused, problem_from_spec
    from ..spec import SpecError, load_spec

    try:
        spec = load_spec(path)
        return problem_from_spec(spec, SolveOptions(notation=notation), source=path)
    except SpecError as exc:
        raise UnfitNetwork(Text(exc.message("en"), exc.message("zh"))) from None
    except SpecRefused as exc:
        raise UnfitNetwork(Text(f"{path}: ", f"{path}：") + exc.reason) from None


def _new_seed() -> int:
    return random.SystemRandom().randrange(1, 2**31)


@dataclass
class Services:
    """Everything the quiz calls out to; replace any field in tests."""

    kinds: Callable[[], list[Any]] = _kinds
    generate: Callable[[str, int, Any], Problem] = _generate
    grade: Callable[..., Any] = _grade
    preview: Callable[[str], str] = _preview
    evaluate: Callable[[str], float | None] = _evaluate
    mistake_title: Callable[[str], Text | None] = _mistake_title
    render_problem: Callable[..., str] = _render_problem
    render_statement: Callable[..., str] = _render_statement
    render_step: Callable[..., str] = _render_step
    render_steps: Callable[[Problem, str, int], str] = _render_steps
    derive: Callable[[str, str], str | None] = _derive
    exam_paper: Callable[[int], Paper] = _exam_paper
    warm_up: Callable[[], None] = _warm_up
    new_seed: Callable[[], int] = _new_seed
    own_problem: Callable[[str, str], Problem] = _own_problem
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    clock: Callable[[], float] = time.monotonic
