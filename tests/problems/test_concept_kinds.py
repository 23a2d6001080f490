"""The numeric kinds of issue #18 — matrix_products, trace_identities, tensor_shape,
loss_convexity, lr_schedule, finite_difference_cost and parameter_count's ``chain`` option: 1,000
seeds each generate, are deterministic (here and under another hash seed), print steps that add
up, and every answer agrees with a reference recomputed here from the statement alone (NumPy,
exact central differences, mpmath), never from the generator's own code."""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import math
import os
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import mpmath
import numpy as np
import pytest

from studykit import math as fm
from studykit.problems.codec import problem_from_json, to_json
from studykit.problems.model import Para, Problem
from studykit.problems.registry import Options, generate
from tests.sweeps import seed_chunks

from . import _printed_steps
from ._basic_refs import accepts, statement_en

SEEDS = range(1000)
COMBOS = list(itertools.product((1, 2, 3), (False, True)))
OPTION_VALUES: dict[str, tuple[str, tuple[str, ...]]] = {
    "trace_identities": ("identity", ("derivative", "cyclic", "frobenius")),
    "lr_schedule": ("schedule", ("step", "exponential")),
    "parameter_count": ("chain", ("notes", "long")),
}
KINDS = (
    "matrix_products",
    "trace_identities",
    "tensor_shape",
    "loss_convexity",
    "lr_schedule",
    "finite_difference_cost",
    "parameter_count",
)


def options_for(kind: str, seed: int) -> Options:
    difficulty, calculator = COMBOS[seed % len(COMBOS)]
    extra = {}
    if kind in OPTION_VALUES:
        name, values = OPTION_VALUES[kind]
        if kind == "parameter_count" or seed % 4:
            extra[name] = values[(seed // 6) % len(values)]
    return Options(difficulty=difficulty, calculator=calculator, extra=extra)


@functools.cache
def problem_at(kind: str, seed: int) -> Problem:
    """The problem of ``kind`` for ``seed``, generated once per test process."""
    return generate(kind, seed, options_for(kind, seed))


def problems(kind: str) -> list[Problem]:
    """The 1,000 problems of a kind."""
    return [problem_at(kind, seed) for seed in SEEDS]


def digest(kinds: tuple[str, ...] = KINDS) -> str:
    h = hashlib.sha256()
    for kind in kinds:
        for problem in problems(kind):
            h.update(json.dumps(to_json(problem), sort_keys=True).encode())
    return h.hexdigest()


# ----------------------------------------------------------------------------- statement


def fraction(node: fm.Node) -> Fraction:
    if isinstance(node, fm.Neg):
        return -fraction(node.arg)
    assert isinstance(node, fm.Num), node
    value = node.value
    assert value is not None, node
    return value


def givens(problem: Problem) -> dict[str, Any]:
    """Every ``name = value`` of the statement (paragraphs and displays): numbers as Fractions,
    matrices as lists of Fraction rows."""
    found: dict[str, Any] = {}

    def walk(node: Any) -> None:
        if isinstance(node, fm.Op) and node.op == "=" and isinstance(node.args[0], fm.Var):
            rhs = node.args[1]
            name = fm.to_text(node.args[0])
            if isinstance(rhs, fm.Mat):
                found[name] = [[fraction(c) for c in row] for row in rhs.rows]
            elif isinstance(rhs, fm.Num | fm.Neg | fm.Call):
                found[name] = rhs
            return
        if isinstance(node, fm.Op):
            for a in node.args:
                walk(a)

    for block in problem.statement:
        parts = block.parts if isinstance(block, Para) else (block.formula,)
        for part in parts:
            if isinstance(part, fm.Expr):
                walk(part)
    return found


def floats(m: list[list[Fraction]]) -> np.ndarray:
    return np.array([[float(v) for v in row] for row in m])


def check(problem: Problem, reference: dict[str, Any]) -> int:
    """Every answer the reference knows is accepted by the key (integers, shapes and choices
    exactly); returns how many were checked."""
    checked = 0
    for answer in problem.answers:
        if answer.id not in reference:
            continue
        want = reference[answer.id]
        if answer.kind in ("choice", "shape") or isinstance(want, int):
            assert answer.value == want, (problem.id, answer.id, answer.value, want)
        elif answer.kind == "matrix":
            got = np.array(answer.value, dtype=float)
            assert got.shape == np.shape(want), (problem.id, answer.id)
            assert np.all(np.abs(got - np.asarray(want, float)) <= answer.tolerance.abs + 1e-12), (
                problem.id,
                answer.id,
                answer.value,
                want,
            )
        else:
            assert accepts(answer, float(want)), (problem.id, answer.id, answer.value, want)
        checked += 1
    return checked


# ----------------------------------------------------------------------------- references


def ref_matrix_products(p: Problem) -> dict[str, Any]:
    g = givens(p)
    a, b = floats(g["A"]), floats(g["B"])
    return {"AB": (a @ b).tolist(), "BA": (b @ a).tolist(), "hadamard": (a * b).tolist()}


def trace_loss(w: list[list[Fraction]], g: dict[str, Any]) -> Fraction:
    """L(W) = tr(WᵀB) [+ tr(CW)] [+ (λ/2)Σ W²] as the statement's formula says, on Fractions."""
    b = g["B"]
    value = sum(w[i][j] * b[i][j] for i in range(len(w)) for j in range(len(w[0])))
    if "C" in g:
        c = g["C"]
        value += sum(c[j][i] * w[i][j] for i in range(len(w)) for j in range(len(w[0])))
    if "λ" in g:
        value += fraction(g["λ"]) / 2 * sum(v * v for row in w for v in row)
    return value


def ref_trace(p: Problem) -> dict[str, Any]:
    g = givens(p)
    if "W" in g:  # L is quadratic: the central difference with h = 1 is exact
        w = g["W"]
        gradient = []
        for i in range(len(w)):
            row = []
            for j in range(len(w[0])):
                up = [r[:] for r in w]
                down = [r[:] for r in w]
                up[i][j] += 1
                down[i][j] -= 1
                row.append(float((trace_loss(up, g) - trace_loss(down, g)) / 2))
            gradient.append(row)
        return {"value": trace_loss(w, g), "gradient": gradient}
    a = floats(g["A"])
    if "B" not in g:
        return {
            "norm": float(np.sum(a**2)),
            "gram": (a.T @ a).tolist(),
            "trace_gram": float(np.trace(a.T @ a)),
            "trace_outer": float(np.trace(a @ a.T)),
        }
    b = floats(g["B"])
    out: dict[str, Any] = {
        "tr_AB": float(np.trace(a @ b)),
        "tr_BA": float(np.trace(b @ a)),
        "shape_AB": list((a @ b).shape),
        "shape_BA": list((b @ a).shape),
    }
    if "C" in g:
        c = floats(g["C"])
        out |= {
            "tr_ABC": float(np.trace(a @ b @ c)),
            "tr_BCA": float(np.trace(b @ c @ a)),
            "tr_CAB": float(np.trace(c @ a @ b)),
        }
    return out


def ref_tensor_shape(p: Problem) -> dict[str, Any]:
    """Sizes from the statement; the tensor ∂(AB)/∂A built entry by entry by perturbing A."""
    (m, n), (n_again, q) = [
        (int(r), int(c)) for r, c in re.findall(r"\[(\d+)×(\d+)\]", statement_en(p))[:2]
    ]
    assert n_again == n
    rng = np.random.default_rng(0)
    a = rng.uniform(1, 2, (m, n))
    b = rng.uniform(1, 2, (n, q))
    tensor = np.zeros((m, q, m, n))
    for i, j in itertools.product(range(m), range(n)):
        e = np.zeros((m, n))
        e[i, j] = 1.0
        tensor[:, :, i, j] = (a + e) @ b - a @ b
    grad = np.array([[np.sum(tensor[:, :, i, j]) for j in range(n)] for i in range(m)])
    return {
        "grad": list(grad.shape),
        "jacobian": list(a.shape),  # ∂(Ax)/∂x = A
        "order": tensor.ndim,
        "entries": int(tensor.size),
        "flat": list(tensor.reshape(m * q, m * n).shape),
        "nonzero": int(np.count_nonzero(np.abs(tensor) > 1e-9)),
    }


def z_value(node: fm.Node) -> Any:
    if isinstance(node, fm.Neg):
        return -z_value(node.arg)
    if isinstance(node, fm.Call):
        assert node.name == "ln"
        return mpmath.log(mpmath.mpf(str(fraction(node.args[0]))))
    return mpmath.mpf(str(fraction(node)))


def ref_loss_convexity(p: Problem) -> dict[str, Any]:
    """σ, E′, E″, C′, C″ by mpmath's numerical differentiation of the raw losses."""
    z = z_value(givens(p)["z"])

    def squared(x: Any) -> Any:
        return (1 - 1 / (1 + mpmath.exp(-x))) ** 2

    def cross(x: Any) -> Any:
        return -mpmath.log(1 / (1 + mpmath.exp(-x)))

    e2 = mpmath.diff(squared, z, 2)
    out = {
        "s": 1 / (1 + mpmath.exp(-z)),
        "e_first": mpmath.diff(squared, z),
        "e_second": e2,
        "c_first": mpmath.diff(cross, z),
        "c_second": mpmath.diff(cross, z, 2),
        "verdict": "A" if e2 < 0 else "D",
        "inflection": mpmath.findroot(lambda x: mpmath.diff(squared, x, 2), -0.5),
    }
    return out


def ref_lr_schedule(p: Problem) -> dict[str, Any]:
    text = statement_en(p)
    eta0 = Fraction(re.search(r"η₀ = ([\d.]+)", text).group(1))
    gamma = Fraction(re.search(r"γ = ([\d.]+)", text).group(1))
    every = re.search(r"every (\d+) epochs", text)
    s = int(every.group(1)) if every else 1
    epochs = [
        int(t)
        for t in re.findall(r"\d+", re.search(r"rate at epochs? ([\d, and]+)\.", text).group(1))
    ]
    out: dict[str, Any] = {}
    rate, t, rates = eta0, 0, {0: eta0}
    while t < 2000:  # epoch by epoch, as the schedule is described
        t += 1
        if t % s == 0:
            rate *= gamma
        rates[t] = rate
    for k, epoch in enumerate(epochs, start=1):
        out[f"rate{k}"] = rates[epoch]
    below = re.search(r"first fall below ([\d.]+)", text)
    if below:
        threshold = Fraction(below.group(1))
        out["first_below"] = min(t for t, r in rates.items() if r < threshold)
    return out


def ref_fd_cost(p: Problem) -> dict[str, Any]:
    text = statement_en(p)
    sizes = re.search(r"layer sizes ([\d → ]+)", text)
    if sizes:
        chain = [int(v) for v in sizes.group(1).split(" → ")]
        n = sum(a * b + b for a, b in zip(chain, chain[1:], strict=False))
        m = sum(a * b for a, b in zip(chain, chain[1:], strict=False))
    else:
        n, m = int(fraction(givens(p)["n"])), None
    out: dict[str, Any] = {"n": n, "one_sided": n + 1, "central": 2 * n}
    if m is not None:
        out |= {"per_pass": m, "total": 2 * n * m}
    return out


def ref_parameter_count(p: Problem) -> dict[str, Any]:
    chain = [int(v) for v in p.statement[0].parts[1].text.split(" → ")]
    out: dict[str, Any] = {
        f"layer{i}": chain[i - 1] * chain[i] + chain[i] for i in range(1, len(chain))
    }
    out["total"] = sum(out.values())
    return out


REFERENCES = {
    "matrix_products": ref_matrix_products,
    "trace_identities": ref_trace,
    "tensor_shape": ref_tensor_shape,
    "loss_convexity": ref_loss_convexity,
    "lr_schedule": ref_lr_schedule,
    "finite_difference_cost": ref_fd_cost,
    "parameter_count": ref_parameter_count,
}


# ----------------------------------------------------------------------------- tests


@pytest.mark.parametrize("seeds", seed_chunks())
@pytest.mark.parametrize("kind", KINDS)
def test_thousand_seeds_match_the_reference_and_print_steps_that_add_up(
    kind: str, seeds: range
) -> None:
    answers = steps = 0
    for problem in (problem_at(kind, seed) for seed in seeds):
        data = json.loads(json.dumps(to_json(problem), ensure_ascii=False))
        assert problem_from_json(data).id == problem.id
        assert problem.answers and problem.steps
        for text in [s.title for s in problem.steps] + [a.label for a in problem.answers]:
            assert text.en and text.zh
        known = check(problem, REFERENCES[kind](problem))
        assert known == len(problem.answers), f"{problem.id}: an answer the reference lacks"
        answers += known
        checked, bad = _printed_steps.mismatches(problem)
        assert not bad, bad
        steps += checked
    assert answers >= len(seeds)
    assert steps >= len(seeds), f"only {steps} printed steps were re-evaluated"


def test_the_notes_chain_has_174890_parameters() -> None:
    for difficulty in (1, 2, 3):
        p = generate("parameter_count", 0, Options(difficulty=difficulty, extra={"chain": "notes"}))
        assert p.statement[0].parts[1].text == "512 → 256 → 128 → 64 → 32 → 10"
        assert p.answer("total").value == 174_890
    p = generate("parameter_count", 0, Options(difficulty=2, extra={"chain": "notes"}))
    assert [p.answer(f"layer{i}").value for i in range(1, 6)] == [
        131_328,
        32_896,
        8_256,
        2_080,
        330,
    ]


def test_the_notes_ab_example_is_reproduced_by_the_evaluator() -> None:
    """The blog's A = [[1, 2], [3, 4]], B = [[−1, −2], [−3, −4]]: AB and A ⊙ B as the notes say."""
    a = [[Fraction(1), Fraction(2)], [Fraction(3), Fraction(4)]]
    b = [[-x for x in row] for row in a]
    assert _printed_steps.matmul(a, b) == [[-7, -10], [-15, -22]]
    assert _printed_steps.operation("⊙", [a, b]) == [[-1, -4], [-9, -16]]


def test_every_difficulty_mode_and_option_generates() -> None:
    for kind in KINDS:
        name, values = OPTION_VALUES.get(kind, ("", ()))
        for (difficulty, calculator), value in itertools.product(COMBOS, (None, *values)):
            extra = {name: value} if value else {}
            generate(kind, 11, Options(difficulty=difficulty, calculator=calculator, extra=extra))


def test_printed_step_check_catches_a_wrong_result() -> None:
    """The evaluator is not vacuous: a result off by one unit in the last place is caught."""
    from dataclasses import replace

    problem = generate("loss_convexity", 3, Options(difficulty=2, calculator=True))
    index = next(i for i, s in enumerate(problem.steps) if s.answer_id == "e_second")
    wrong = _printed_steps.value(problem.steps[index].result) + Fraction(1, 10**4)
    steps = list(problem.steps)
    steps[index] = replace(steps[index], result=fm.num(wrong))
    _, bad = _printed_steps.mismatches(replace(problem, steps=tuple(steps)))
    assert len(bad) == 1
    matrix = generate("matrix_products", 3, Options(difficulty=1, calculator=False))
    steps = list(matrix.steps)
    rows = [list(r) for r in steps[0].result.rows]
    rows[0][0] = fm.num(_printed_steps.value(rows[0][0]) + 1)
    steps[0] = replace(steps[0], result=fm.matrix(rows))
    _, bad = _printed_steps.mismatches(replace(matrix, steps=tuple(steps)))
    assert len(bad) == 1


@pytest.mark.parametrize("seeds", seed_chunks(total=300))
@pytest.mark.parametrize("kind", KINDS)
def test_the_exact_mode_stays_exact(kind: str, seeds: range) -> None:
    for problem in (problem_at(kind, seed) for seed in seeds):
        if problem.calculator:
            continue
        assert problem.conventions.rounding.decimals is None
        for answer in problem.answers:
            if answer.kind == "number":
                assert answer.exact is not None and "e" not in answer.exact, (problem.id, answer)


CODE = "import sys; sys.path.insert(0, {root!r}); from {module} import digest; print(digest())"


@pytest.mark.slow  # 7,000 problems generated twice; every kind's few seeds: test_every_kind_…
def test_thousand_seeds_are_identical_under_another_hash_seed() -> None:
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    there = subprocess.Popen(  # the fresh interpreter works while this one computes its digest
        [sys.executable, "-c", CODE.format(root=root, module=__name__)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    here = digest()
    out, _ = there.communicate(timeout=900)
    assert there.returncode == 0, "the PYTHONHASHSEED=4242 interpreter failed"
    assert out.strip() == here


@pytest.mark.parametrize("seeds", seed_chunks(total=200))
def test_statements_state_what_the_answers_depend_on(seeds: range) -> None:
    """Spot checks of completeness: rates state η₀, γ (and s); trace losses state λ when used."""
    for problem in (problem_at("lr_schedule", seed) for seed in seeds):
        text = statement_en(problem)
        assert "η₀ = " in text and "γ = " in text
        step_decay = problem.title.en.endswith("step decay")
        assert bool(re.search(r"every \d+ epochs", text)) == step_decay
    for problem in (problem_at("trace_identities", seed) for seed in seeds):
        g = givens(problem)
        if "W" in g:
            uses_decay = any(a.id == "gradient" for a in problem.answers) and "λ" in g
            formula = fm.to_text(problem.statement[0].parts[1])
            assert ("λ" in formula) == uses_decay
    assert math.isclose(
        float(ref_loss_convexity(problem_at("loss_convexity", 0))["inflection"]), -math.log(2)
    )


def zh_texts(problem: Problem) -> list[str]:
    texts = [problem.title.zh]
    for block in problem.statement:
        if isinstance(block, Para):
            texts += [part.zh for part in block.parts if hasattr(part, "zh")]
    texts += [s.title.zh for s in problem.steps] + [s.note.zh for s in problem.steps if s.note]
    texts += [a.label.zh for a in problem.answers]
    texts += [t.zh for a in problem.answers for _, t in a.choices]
    return texts


@pytest.mark.parametrize("seeds", seed_chunks(total=120, chunk=120))
@pytest.mark.parametrize("kind", KINDS)
def test_chinese_texts_have_no_stray_spaces(kind: str, seeds: range) -> None:
    from .test_explanations import zh_problems

    for problem in (problem_at(kind, seed) for seed in seeds):
        for text in zh_texts(problem):
            assert not zh_problems(text), (problem.id, text, zh_problems(text))


GOLDEN = Path(__file__).parent / "golden_concepts"
GOLDEN_CASES = [
    (kind, value, calculator)
    for kind in KINDS
    for value in (None, *OPTION_VALUES.get(kind, ("", ()))[1])
    for calculator in (False, True)
]


@pytest.mark.parametrize(("kind", "value", "calculator"), GOLDEN_CASES)
def test_json_golden(kind: str, value: str | None, calculator: bool) -> None:
    """Difficulty 3 (every part), exact and with a calculator; read by eye once."""
    from tests.golden import check_golden

    extra = {OPTION_VALUES[kind][0]: value} if value else {}
    problem = generate(kind, 7, Options(difficulty=3, calculator=calculator, extra=extra))
    text = json.dumps(to_json(problem), sort_keys=True, ensure_ascii=False, indent=1) + "\n"
    name = f"{kind}{'_' + value if value else ''}_{'calc' if calculator else 'exact'}.json"
    check_golden(GOLDEN / name, text)
