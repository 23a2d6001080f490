"""Bring your own network (issue #14): ``problem_from_spec`` on networks written by hand from
outside sources. Expected numbers come from the sources (Mazur's published values), from
closed forms written out here (cs224n), from PyTorch autograd (skipped when torch is missing)
or from exact Fractions; never from studykit's own output."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import pytest

from studykit.problems.model import Problem
from studykit.problems.own_network import SolveOptions, SpecRefused, problem_from_spec
from studykit.problems.selfcheck import self_check
from studykit.spec import load_spec, parse_spec

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def solved(name: str, **options: object) -> Problem:
    return problem_from_spec(load_spec(EXAMPLES / name), SolveOptions(**options))  # type: ignore[arg-type]


def flat(value: object) -> list[float]:
    if isinstance(value, list):
        return [x for v in value for x in flat(v)]
    return [float(value)]  # type: ignore[arg-type]


def assert_key(problem: Problem, answer_id: str, expected: object) -> None:
    """The key's value agrees with the independent one within the answer's stated tolerance."""
    answer = problem.answer(answer_id)
    mine, theirs = flat(answer.value), flat(expected)
    assert len(mine) == len(theirs), answer_id
    for m, e in zip(mine, theirs, strict=True):
        assert answer.tolerance.accepts(m, e), f"{answer_id}: {m} vs {e} (tol {answer.tolerance})"


def test_mazur_published_numbers() -> None:
    """Matt Mazur, 'A Step by Step Backpropagation Example': outputs, total error and the
    updated weights w1…w8 after one step with η = 0.5 (his biases are not updated)."""
    problem = solved("mazur-2-2-2.toml")
    assert self_check(problem) >= 15
    assert_key(problem, "a2", [0.75136507, 0.772928465])
    assert_key(problem, "loss", 0.298371109)
    assert_key(problem, "W2_new", [[0.35891648, 0.408666186], [0.511301270, 0.561370121]])
    assert_key(problem, "W1_new", [[0.149780716, 0.19956143], [0.24975114, 0.29950229]])
    ids = [a.id for a in problem.answers]
    for expected in ("z1", "a1", "loss", "delta2", "delta1", "dW1", "db1", "dx", "W1_new"):
        assert expected in ids


def test_cs224n_closed_form() -> None:
    """h = tanh(Wx + b), s = uᵀh, J = −log σ(s): ∂J/∂s = σ(s) − 1, δ₁ = (1 − h²) ⊙ u δ₂,
    ∂J/∂W = δ₁xᵀ, ∂J/∂u = h δ₂, written out here in plain floats."""
    W, b, u, x = [[0.5, -0.2], [0.1, 0.3]], [0.1, -0.1], [0.8, -0.6], [1.0, 2.0]
    z = [sum(w * v for w, v in zip(row, x, strict=True)) + bi for row, bi in zip(W, b, strict=True)]
    h = [math.tanh(v) for v in z]
    s = sum(ui * hi for ui, hi in zip(u, h, strict=True))
    sig = 1 / (1 + math.exp(-s))
    d2 = sig - 1
    d1 = [(1 - hi * hi) * ui * d2 for hi, ui in zip(h, u, strict=True)]
    problem = solved("cs224n-window.toml")
    assert problem.steps[2].title.en == "Score"
    assert (
        problem.answer("z2").label.en == "score s" and problem.answer("z2").label.zh == "输出得分 s"
    )
    assert_key(problem, "z2", s)
    assert_key(problem, "loss", -math.log(sig))
    assert_key(problem, "delta2", d2)
    assert_key(problem, "delta1", d1)
    assert_key(problem, "dW1", [[d * xj for xj in x] for d in d1])
    assert_key(problem, "dW2", [hi * d2 for hi in h])
    assert_key(problem, "W2_new", [ui - 0.1 * hi * d2 for ui, hi in zip(u, h, strict=True)])


def _torch():
    try:
        import torch as t
    except ImportError:
        pytest.skip("PyTorch is not installed (pip install torch==2.13.0)")
    return t


def _autograd(spec_file: str) -> dict[str, object]:
    """Loss, gradients and the SGD step of a spec by PyTorch autograd (mean over the batch)."""
    t = _torch()
    spec = load_spec(EXAMPLES / spec_file)
    params = {k: t.tensor(v, dtype=t.float64, requires_grad=True) for k, v in spec.params.items()}
    a = t.tensor(spec.x, dtype=t.float64)
    target = t.tensor(spec.t, dtype=t.float64)
    acts = {"tanh": t.tanh, "sigmoid": t.sigmoid, "relu": t.relu}
    for layer, act in enumerate(spec.activations, start=1):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        a = t.softmax(z, dim=1) if act.name == "softmax" else acts[act.name](z)
    if spec.loss == "mse":
        loss = (0.5 * ((a - target) ** 2).sum(dim=1)).mean()
    else:
        loss = (-(target * t.log(a)).sum(dim=1)).mean()
    loss.backward()
    out: dict[str, object] = {"loss": loss.item()}
    for name, p in params.items():
        grad = p.grad.tolist()  # type: ignore[union-attr]
        out[f"d{name}"] = grad
        out[f"{name}_new"] = (p.detach() - spec.train.lr * p.grad).tolist()  # type: ignore[union-attr,operator]
    return out


def test_tanh_sigmoid_3_4_2_against_autograd() -> None:
    reference = _autograd("tanh-sigmoid-3-4-2.toml")
    problem = solved("tanh-sigmoid-3-4-2.toml")
    assert self_check(problem) >= 15
    for key in ("loss", "dW1", "db1", "dW2", "db2", "W1_new", "b1_new", "W2_new", "b2_new"):
        assert_key(problem, key, reference[key])


def test_relu_softmax_batch_of_two_against_autograd() -> None:
    reference = _autograd("relu-softmax-2-3-3-batch.toml")
    problem = solved("relu-softmax-2-3-3-batch.toml")
    assert self_check(problem) >= 30
    ids = [a.id for a in problem.answers]
    assert "delta1_s1" in ids and "delta1_s2" in ids  # per-sample δ, then the mean gradient
    for key in ("loss", "dW1", "db1", "dW2", "db2", "W1_new", "b1_new", "W2_new", "b2_new"):
        assert_key(problem, key, reference[key])


RELU_NET = """
[network]
layers = [2, 2, 1]
activation = ["relu", "identity"]
loss = "mse"
[params]
W1 = [[1.0, -0.5], [0.5, 2.0]]
b1 = [0.5, -1.0]
W2 = [[2.0, -1.0]]
b2 = [0.25]
[data]
x = [1.0, 2.0]
t = [0.5]
[train]
lr = 0.25
optimizer = "momentum"
momentum = 0.5
weight_decay = 0.5
"""


def test_exact_fractions_with_momentum_and_weight_decay() -> None:
    """z1 = [0.5, 3.5] = a1, ŷ = 2·0.5 − 3.5 + 0.25 = −2.25, δ2 = ŷ − t = −2.75, L = ½δ2²,
    δ1 = [1, 1] ⊙ W2ᵀδ2 = [−5.5, 2.75]; ∂R/∂W1 = δ1xᵀ + ½W1; v = −η∂R/∂W; W1_new = W1 + v."""
    problem = problem_from_spec(parse_spec(RELU_NET), SolveOptions(exact=True))
    assert problem.conventions.rounding.decimals is None
    d1, x = [Fraction(-11, 2), Fraction(11, 4)], [1, 2]
    W1 = [[Fraction(1), Fraction(-1, 2)], [Fraction(1, 2), Fraction(2)]]
    dR = [
        [d * xj + Fraction(1, 2) * w for xj, w in zip(x, row, strict=True)]
        for d, row in zip(d1, W1, strict=True)
    ]
    new = [
        [w - Fraction(1, 4) * g for w, g in zip(r, gr, strict=True)]
        for r, gr in zip(W1, dR, strict=True)
    ]

    def exact(text: str) -> Fraction:
        return Fraction(text.replace("−", "-"))

    assert exact(problem.answer("loss").exact) == Fraction(121, 32)
    assert [exact(v) for v in problem.answer("delta1").exact] == d1
    assert [[exact(v) for v in r] for r in problem.answer("dR_W1").exact] == dR
    assert [[exact(v) for v in r] for r in problem.answer("W1_new").exact] == new


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ('activation = ["softmax", "identity"]', "softmax is worked by hand only"),
        ('activation = ["prelu", "identity"]', "learns its parameter"),
    ],
)
def test_refused_with_the_reason(change: str, words: str) -> None:
    text = RELU_NET
    key = change.split(" = ")[0]
    text = "\n".join(change if line.startswith(key + " ") else line for line in text.splitlines())
    with pytest.raises(SpecRefused) as exc:
        problem_from_spec(parse_spec(text), SolveOptions())
    assert words in exc.value.reason.en and exc.value.reason.zh


def test_exact_refused_for_sigmoid() -> None:
    with pytest.raises(SpecRefused) as exc:
        problem_from_spec(load_spec(EXAMPLES / "mazur-2-2-2.toml"), SolveOptions(exact=True))
    assert "sigmoid" in exc.value.reason.en and "--digits" in exc.value.reason.en


def test_wider_than_hand_work_refused() -> None:
    rows = ", ".join(["[0.1, 0.2]"] * 7)
    text = f"""
[network]
layers = [2, 7, 1]
activation = "tanh"
[params]
W1 = [{rows}]
b1 = [0, 0, 0, 0, 0, 0, 0]
W2 = [[0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]]
b2 = [0]
[data]
x = [1, 2]
t = [0.5]
"""
    with pytest.raises(SpecRefused) as exc:
        problem_from_spec(parse_spec(text), SolveOptions())
    assert "2-7-1 is beyond hand work" in exc.value.reason.en
    assert "超出手算范围" in exc.value.reason.zh


SATURATED = """
[network]
layers = [1, 1]
activation = "sigmoid"
loss = "binary_cross_entropy"
[params]
W1 = [[12.0]]
b1 = [0.0]
[data]
x = [1.0]
t = [0.0]
"""


def test_no_train_table_and_a_log_of_zero() -> None:
    """σ(12) = 0.999993856… rounds to 1 at 4 decimals, so −log(1 − ŷ) is undefined: refused;
    at 8 decimals it is 0.99999386 and ∂L/∂z = ŷ − t (no [train]: no update asked)."""
    spec = parse_spec(SATURATED)
    with pytest.raises(SpecRefused) as exc:
        problem_from_spec(spec, SolveOptions())
    assert "log 0" in exc.value.reason.en
    problem = problem_from_spec(spec, SolveOptions(digits=8))
    assert problem.answer("delta1").value == [pytest.approx(1 / (1 + math.exp(-12)), abs=1e-8)]
    assert not any(a.id.endswith("_new") for a in problem.answers)
