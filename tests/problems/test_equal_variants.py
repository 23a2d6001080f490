"""Equal-difficulty variants: over 30 variants, every slot of every shipped set keeps its parts
(the same answer ids), varies its numbers (distinct statements), never falls into a
degenerate regime, and asks about as much arithmetic as its median variant."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from studykit import math as fm
from studykit.math.walk import walk
from studykit.problems.model import Problem
from studykit.problems.sets import generate_problems, load_set
from tests.conftest import ROOT

VARIANTS = range(1, 31)
SETS = sorted((ROOT / "problems").glob("*.toml"))
#: kinds whose statement space is smaller than 25 for the slot's options, and why
FEW_STATEMENTS = {
    "explain": "an explanation question is one fixed text per question id (pinned per slot)",
    "true_false": "a true/false quiz draws a few items from a short fixed list",
    "activation_property": "a property question is one fixed text per property",
    "activation_derivative": "without a calculator z lies on the half-integer grid of [−3, 3]"
    " (at most 13 points, fewer off kinks and saturation)",
    "loss_gradient": "a pinned loss on 2 classes/outputs with one-decimal inputs: ~20 cases",
    "finite_difference": "a pinned function at a point on a coarse grid with a few step sizes",
    "weight_shapes": "three layer widths from 2–5 (64 chains, several with equal statements)",
    "parameter_count": "three layer widths from 2–5",
    "init_variance": "a pinned scheme with a handful of fan-in/fan-out pairs",
}
ARITHMETIC = frozenset({"+", "−", "·", "×", "⊙", "", "/"})


def _few(kind: str) -> str | None:
    return next((why for prefix, why in FEW_STATEMENTS.items() if kind.startswith(prefix)), None)


def operations(problem: Problem) -> int:
    """Arithmetic operations a student performs: every operator between operands, fraction,
    power and function application in the numbers substituted into the solution's steps."""
    count = 0
    for step in problem.steps:
        if step.substituted is None:
            continue
        for node in walk(step.substituted):
            if isinstance(node, fm.Op) and node.op in ARITHMETIC:
                count += len(node.args) - 1
            elif isinstance(node, fm.Frac | fm.Pow | fm.Call):
                count += 1
    return count


def _slots(path: Path) -> list[tuple[str, list[Problem]]]:
    problem_set = load_set(path)
    by_variant = [generate_problems(problem_set, v) for v in VARIANTS]
    return [
        (f"{path.stem}[{i + 1}] {by_variant[0][i].kind}", [ps[i] for ps in by_variant])
        for i in range(len(by_variant[0]))
    ]


def _degenerate(problem: Problem) -> str | None:
    """Why the problem needs less than its kind means to ask, if it does."""
    if problem.kind == "activation_derivative" and "identity" in problem.activation_names():
        return "the identity activation: f′ = 1, nothing to differentiate"
    zs = [a for a in problem.answers if a.id.startswith("z") and a.kind in ("vector", "number")]
    values = [v for a in zs for v in (a.value if isinstance(a.value, list) else [a.value])]
    if values and all(v == 0 for v in values):
        return "every z is 0"
    chain_z = (problem.givens or {}).get("z")
    if chain_z is not None and all(float(z) == 0 for z in chain_z):
        return "every z of the chain is 0: σ′ = ¼ everywhere, no sigmoid needed"
    return None


@pytest.mark.slow
@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_variants_of_a_slot_are_equally_hard(path: Path) -> None:
    failures = []
    for name, problems in _slots(path):
        ids = {tuple(a.id for a in p.answers) for p in problems}
        if len(ids) != 1:
            failures.append(f"{name}: the parts differ between variants: {sorted(ids)[:3]}")
        statements = {repr(p.statement) for p in problems}  # not the id line: the seed differs
        few = _few(problems[0].kind)
        if len(statements) < (2 if few else 25) and not problems[0].kind.startswith(
            ("explain", "activation_property")
        ):
            failures.append(f"{name}: only {len(statements)} distinct statements in 30")
        for v, p in zip(VARIANTS, problems, strict=True):
            why = _degenerate(p)
            if why:
                failures.append(f"{name} variant {v}: {why}")
        counts = [operations(p) for p in problems]
        median = statistics.median(counts)
        far = [
            (v, c) for v, c in zip(VARIANTS, counts, strict=True) if abs(c - median) > 0.25 * median
        ]
        if far:
            failures.append(f"{name}: operation counts {far[:5]} vs median {median}")
    assert not failures, "\n".join(failures)


def test_form_exam_with_a_piecewise_activation_is_refused_with_the_reason() -> None:
    from studykit.problems.registry import GenerationError, Options, generate

    with pytest.raises(GenerationError, match="form=exam needs a smooth activation: relu"):
        generate("activation_derivative", 1, Options(extra={"form": "exam", "activation": "relu"}))


def test_vary_lets_an_option_change_between_variants(tmp_path: Path) -> None:
    base = 'title = { en = "T", zh = "T" }\nseed = 3\n[[problem]]\nkind = "loss_gradient"\n'
    pinned = tmp_path / "pinned.toml"
    pinned.write_text(base, "utf-8")
    varied = tmp_path / "varied.toml"
    varied.write_text(base + 'vary = ["loss"]\n', "utf-8")
    losses = {
        name: {generate_problems(load_set(p), v)[0].options.get("loss") for v in VARIANTS}
        for name, p in (("pinned", pinned), ("varied", varied))
    }
    assert len(losses["pinned"]) == 1 and None not in losses["pinned"]
    assert losses["varied"] == {None}  # left to the kind, which draws per variant


def test_vary_names_a_real_option(tmp_path: Path) -> None:
    from studykit.problems.sets import SetError

    path = tmp_path / "bad.toml"
    path.write_text(
        'title = { en = "T", zh = "T" }\n[[problem]]\nkind = "loss_gradient"\nvary = ["lost"]\n',
        "utf-8",
    )
    with pytest.raises(SetError, match="vary: lost is not an option of loss_gradient"):
        load_set(path)
