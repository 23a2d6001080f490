"""A student follows the printed steps digit by digit and lands on the key (issue #12).

The student route is written here, on its own: it reads only the problem's givens (its spec:
W, b, x, t, η) and conventions (the stated rounding), computes every printed quantity exactly
from the values printed before it — rounding each printed value half up at the stated
decimals, as the conventions say — and compares with the answer key, exactly. Transcendental
values come from mpmath at 50 digits, not from studykit. Nothing here replays the generator's
own step records.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath
import pytest

from studykit.problems.model import NOTATIONS, Problem
from studykit.problems.registry import GenerationError, Options, generate
from tests.sweeps import seed_chunks

mpmath.mp.dps = 50
NETS = ("2-2-1", "2-2-2", "2-3-2", "3-2-1", "2-2-2-1", "cs224n")
NETWORK_KINDS = ("forward", "backward", "training_step")
SEEDS = range(200)

Vec = list[Fraction]
Mat = list[list[Fraction]]


def dec(value: Any) -> Fraction:
    """A printed number (a float in the JSON) as the exact decimal it prints as."""
    return Fraction(repr(float(value))) if not isinstance(value, Fraction) else value


def half_up(value: Fraction, decimals: int | None) -> Fraction:
    if decimals is None:
        return value
    scaled = abs(value) * 10**decimals
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole if value >= 0 else -whole, 10**decimals)


def mp(value: Fraction) -> Any:
    return mpmath.mpf(value.numerator) / value.denominator


def frac(value: Any) -> Fraction:
    """An mpmath value as a Fraction (50 significant digits)."""
    return Fraction(mpmath.nstr(value, 50, min_fixed=-60, max_fixed=60))


def f(name: str, z: Fraction, params: dict[str, Fraction]) -> Fraction:
    if name == "sigmoid":
        return frac(1 / (1 + mpmath.exp(-mp(z))))
    if name == "tanh":
        return frac(mpmath.tanh(mp(z)))
    if name == "relu":
        return max(z, Fraction(0))
    if name == "leaky_relu":
        return z if z > 0 else params["gamma"] * z
    if name == "hard_tanh":
        return min(max(z, Fraction(-1)), Fraction(1))
    if name == "hard_sigmoid":
        return min(max(z / 4 + Fraction(1, 2), Fraction(0)), Fraction(1))
    if name == "identity":
        return z
    raise KeyError(name)


def f_prime(name: str, z: Fraction, a: Fraction, params: dict[str, Fraction]) -> Fraction:
    """The exam forms a student writes: σ′ = a(1 − a), tanh′ = 1 − a², the rest by cases."""
    if name == "sigmoid":
        return a * (1 - a)
    if name == "tanh":
        return 1 - a * a
    if name == "relu":
        return Fraction(1 if z > 0 else 0)
    if name == "leaky_relu":
        return Fraction(1) if z > 0 else params["gamma"]
    if name == "hard_tanh":
        return Fraction(1 if -1 < z < 1 else 0)
    if name == "hard_sigmoid":
        return Fraction(1, 4) if -2 < z < 2 else Fraction(0)
    if name == "identity":
        return Fraction(1)
    raise KeyError(name)


def transpose(m: Mat) -> Mat:
    return [list(col) for col in zip(*m, strict=True)]


def student_network(problem: Problem) -> dict[str, Any]:
    """Every quantity of a network problem, the way the printed steps compute it."""
    spec = problem.spec
    assert spec is not None
    d = problem.conventions.rounding.decimals
    r = lambda v: half_up(v, d)  # noqa: E731
    net = spec["network"]
    depth = len(net["layers"]) - 1
    acts = [a if isinstance(a, str) else a["name"] for a in net["activation"]]
    params = [
        {k: dec(v) for k, v in a.items() if k != "name"} if isinstance(a, dict) else {}
        for a in net["activation"]
    ]
    W = [[[dec(v) for v in row] for row in spec["params"][f"W{l}"]] for l in range(1, depth + 1)]
    b = [[dec(v) for v in spec["params"][f"b{l}"]] for l in range(1, depth + 1)]
    x = [dec(v) for v in spec["data"]["x"]]
    t = [dec(v) for v in spec["data"]["t"]]
    out: dict[str, Any] = {}
    a_list: list[Vec] = [x]
    z_list: list[Vec] = []
    for l in range(depth):
        z = [
            r(sum((w * v for w, v in zip(row, a_list[-1], strict=True)), bi))
            for row, bi in zip(W[l], b[l], strict=True)
        ]
        if acts[l] == "softmax":
            exps = [mpmath.exp(mp(v)) for v in z]
            a = [r(frac(e / sum(exps))) for e in exps]
        else:
            a = [r(f(acts[l], v, params[l])) for v in z]
        z_list.append(z)
        a_list.append(a)
        out[f"z{l + 1}"], out[f"a{l + 1}"] = z, a
    y, loss = a_list[-1], net["loss"]
    if loss == "mse":
        out["loss"] = r(sum(((yi - ti) ** 2 for yi, ti in zip(y, t, strict=True)), Fraction(0)) / 2)
    else:  # cross entropy after softmax, or cs224n's −log σ(s) with t = 1
        k = next(i for i, ti in enumerate(t) if ti)
        out["loss"] = r(frac(-mpmath.log(mp(y[k]))))
    if problem.kind == "forward":
        return out
    delta: list[Vec] = [[] for _ in range(depth)]
    if loss == "mse":
        fp = [r(f_prime(acts[-1], z, a, params[-1])) for z, a in zip(z_list[-1], y, strict=True)]
        delta[-1] = [r((yi - ti) * g) for yi, ti, g in zip(y, t, fp, strict=True)]
    else:
        delta[-1] = [yi - ti for yi, ti in zip(y, t, strict=True)]
    for l in range(depth - 2, -1, -1):
        fp = [
            r(f_prime(acts[l], z, a, params[l]))
            for z, a in zip(z_list[l], a_list[l + 1], strict=True)
        ]
        back = [
            r(
                sum(
                    (W[l + 1][k][j] * delta[l + 1][k] for k in range(len(delta[l + 1]))),
                    Fraction(0),
                )
            )
            for j in range(len(fp))
        ]
        delta[l] = [r(g * v) for g, v in zip(fp, back, strict=True)]
    dW = [[[r(di * aj) for aj in a_list[l]] for di in delta[l]] for l in range(depth)]
    dx = [
        r(sum((W[0][i][j] * delta[0][i] for i in range(len(delta[0]))), Fraction(0)))
        for j in range(len(x))
    ]
    for l in range(depth):
        out[f"delta{l + 1}"], out[f"dW{l + 1}"], out[f"db{l + 1}"] = delta[l], dW[l], delta[l]
    out["dx"] = dx
    if problem.kind == "training_step":
        lr = dec(spec["train"]["lr"])
        for l in range(depth):
            out[f"W{l + 1}_new"] = [
                [r(w - lr * g) for w, g in zip(wr, gr, strict=True)]
                for wr, gr in zip(W[l], dW[l], strict=True)
            ]
            out[f"b{l + 1}_new"] = [r(v - lr * g) for v, g in zip(b[l], delta[l], strict=True)]
    return out


def stated(problem: Problem, answer_id: str, value: Any) -> Any:
    """A textbook-layout value in the layout the problem states: W answers transposed in the
    transposed profile, cs224n's u (and its gradient) a column, one-entry vectors as numbers."""
    cs224n = (
        problem.options.get("net") == "cs224n"
        or problem.spec["network"]["loss"] == "binary_cross_entropy"
    )
    weight = answer_id.startswith("dW") or (
        answer_id.startswith("W") and answer_id.endswith("_new")
    )
    if weight and (
        problem.conventions.notation == "transposed" or (cs224n and answer_id in ("dW2", "W2_new"))
    ):
        value = transpose(value)
    if cs224n and answer_id in ("dW2", "W2_new"):
        value = [row[0] for row in value]
    return value


def key_value(answer: Any) -> Any:
    v = answer.value
    if isinstance(v, list):
        return [key_value_of(x) for x in v]
    return key_value_of(v)


def key_value_of(v: Any) -> Any:
    return [key_value_of(x) for x in v] if isinstance(v, list) else dec(v)


def mismatches(problem: Problem) -> list[str]:
    mine = student_network(problem)
    out = []
    for answer in problem.answers:
        if answer.id.startswith("dW1["):
            i, j = (int(k) - 1 for k in answer.id[4:-1].split(","))
            want = stated(problem, "dW1", mine["dW1"])[i][j]
        elif answer.id in mine:
            want = stated(problem, answer.id, mine[answer.id])
            if answer.kind == "number" and isinstance(want, list):
                want = want[0]
        else:
            continue
        if key_value(answer) != want:
            out.append(f"{problem.id} {answer.id}: key {answer.value}, printed steps give {want}")
    return out


@pytest.mark.parametrize("seeds", seed_chunks(total=len(SEEDS), chunk=len(SEEDS), fast=3))
@pytest.mark.parametrize("notation", NOTATIONS)
@pytest.mark.parametrize("net", NETS)
@pytest.mark.parametrize("kind", NETWORK_KINDS)
def test_network_keys_follow_the_printed_steps(
    kind: str, net: str, notation: str, seeds: range
) -> None:
    found, checked = [], 0
    for seed in seeds:
        options = Options(
            difficulty=1 + seed % 3, calculator=True, notation=notation, extra={"net": net}
        )
        try:
            problem = generate(kind, seed, options)
        except GenerationError:
            continue
        checked += 1
        found += mismatches(problem)
    assert checked >= len(seeds) // 2
    assert not found, f"{len(found)} key entries differ from the printed steps:\n" + "\n".join(
        found[:12]
    )
