"""The worked solution of an ``optimizer_step`` problem, step by step and element-wise, with the
carried values put in:

- weight decay: g = ∂L/∂θ + λθ;
- SGD: θ ← θ − ηg; momentum: v ← μv − ηg, θ ← θ + v;
- AdaGrad: c ← c + g⊙g; RMSprop: s ← γs + (1 − γ)g⊙g; then θ ← θ − η g/√c (or √s);
- Adam: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g⊙g, m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ),
  θ ← θ − η m̂/√v̂ (m and v without bias correction).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .... import math as fm
from ...model import Rounding, Step
from .._basic import Text, Value, show, step, values_node
from .statement import ETA, LAM, THETA, V
from .updates import as_fraction


@dataclass(frozen=True)
class Iteration:
    """Step ``t`` (0-based) of the update: the subscripts ``s`` (this step) and ``p`` (the one
    before), and the carried values of every coordinate (``carried[i][t][key]``)."""

    t: int
    last: bool
    theta0: list[Value]
    carried: list[list[dict[str, Value]]]
    rounding: Rounding

    @property
    def s(self) -> str:
        return str(self.t + 1)

    @property
    def p(self) -> str:
        return str(self.t)

    def col(self, key: str) -> list[Value]:
        """``key`` after this step, one entry per coordinate."""
        return [coord[self.t][key] for coord in self.carried]

    def previous(self, key: str) -> list[Value]:
        """``key`` before this step: the state starts at 0, θ at θ₀."""
        if self.t > 0:
            return [coord[self.t - 1][key] for coord in self.carried]
        return self.theta0 if key == "theta" else [Fraction(0)] * len(self.carried)

    def node(self, values: list[Value]) -> fm.Node:
        return values_node(values, self.rounding)

    def answer(self, key: str) -> str | None:
        """The answer a step of the last iteration gives."""
        return key if self.last else None


def solution_steps(
    h: dict[str, Any],
    rounding: Rounding,
    theta0: list[Value],
    grads: list[list[Value]],
    lam: Value,
    carried: list[list[dict[str, Value]]],
) -> list[Step]:
    """Every step of every iteration (vectors are updated element-wise)."""
    engine = h["engine"]
    steps: list[Step] = []
    for t in range(len(grads)):
        it = Iteration(t, t == len(grads) - 1, theta0, carried, rounding)
        if lam:
            steps.append(_decay_step(it, grads[t], lam))
        if engine == "sgd":
            steps.append(_sgd_update(it, h))
        elif engine == "momentum":
            steps += _momentum_steps(it, h)
        else:
            state, numerator, denominator = ADAPTIVE[engine](it, h)
            steps += state
            steps.append(_adaptive_update(it, h, numerator, denominator))
    return steps


def _decay_step(it: Iteration, grads: list[Value], lam: Value) -> Step:
    """g = ∂L/∂θ + λθ."""
    return step(
        Text("Step {t}: gradient with weight decay", "第 {t} 步：加上权重衰减的梯度").format(
            t=it.s
        ),
        fm.eq(V("g", sub=it.s), fm.add(fm.Partial(V("L"), THETA), fm.mul(LAM, V("θ", sub=it.p)))),
        fm.add(it.node(grads), fm.mul(show(lam), it.node(it.previous("theta")))),
        it.node(it.col("g")),
    )


def _sgd_update(it: Iteration, h: dict[str, Any]) -> Step:
    """θ ← θ − ηg."""
    return step(
        Text("Step {t}: update θ", "第 {t} 步：更新 θ").format(t=it.s),
        fm.eq(V("θ", sub=it.s), fm.sub(V("θ", sub=it.p), fm.mul(ETA, V("g", sub=it.s)))),
        fm.sub(
            it.node(it.previous("theta")), fm.mul(show(as_fraction(h["lr"])), it.node(it.col("g")))
        ),
        it.node(it.col("theta")),
        answer_id=it.answer("theta"),
    )


def _momentum_steps(it: Iteration, h: dict[str, Any]) -> list[Step]:
    """v ← μv − ηg, then θ ← θ + v."""
    s, p = it.s, it.p
    v = it.col("v")
    return [
        step(
            Text("Step {t}: velocity", "第 {t} 步：速度").format(t=s),
            fm.eq(V("v", sub=s), fm.sub(fm.mul(V("μ"), V("v", sub=p)), fm.mul(ETA, V("g", sub=s)))),
            fm.sub(
                fm.mul(show(as_fraction(h["momentum"])), it.node(it.previous("v"))),
                fm.mul(show(as_fraction(h["lr"])), it.node(it.col("g"))),
            ),
            it.node(v),
            answer_id=it.answer("v"),
        ),
        step(
            Text("Step {t}: update θ", "第 {t} 步：更新 θ").format(t=s),
            fm.eq(V("θ", sub=s), fm.add(V("θ", sub=p), V("v", sub=s))),
            fm.add(it.node(it.previous("theta")), it.node(v)),
            it.node(it.col("theta")),
            answer_id=it.answer("theta"),
        ),
    ]


#: The numerator or denominator of an adaptive step: its symbol and its carried values.
Term = tuple[fm.Node, list[Value]]


def _squared(it: Iteration) -> tuple[fm.Node, fm.Node]:
    """g⊙g in symbols and with the numbers put in."""
    g = it.node(it.col("g"))
    return fm.had(V("g", sub=it.s), V("g", sub=it.s)), fm.had(g, g)


def _adagrad_state(it: Iteration, h: dict[str, Any]) -> tuple[list[Step], Term, Term]:
    """c ← c + g⊙g; the step divides g by √c."""
    s, p = it.s, it.p
    squared, squared_numbers = _squared(it)
    accumulate = step(
        Text("Step {t}: accumulate squared gradients", "第 {t} 步：累积平方梯度").format(t=s),
        fm.eq(V("c", sub=s), fm.add(V("c", sub=p), squared)),
        fm.add(it.node(it.previous("c")), squared_numbers),
        it.node(it.col("c")),
        answer_id=it.answer("c"),
    )
    return [accumulate], (V("g", sub=s), it.col("g")), (fm.Sqrt(V("c", sub=s)), it.col("root"))


def _rmsprop_state(it: Iteration, h: dict[str, Any]) -> tuple[list[Step], Term, Term]:
    """s ← γs + (1 − γ)g⊙g; the step divides g by √s."""
    squared, squared_numbers = _squared(it)
    average = _moving_average(
        it,
        Text("Step {t}: moving average of squared gradients", "第 {t} 步：平方梯度的滑动平均"),
        "s",
        V("γ"),
        as_fraction(h["decay"]),
        squared,
        squared_numbers,
    )
    s = it.s
    return [average], (V("g", sub=s), it.col("g")), (fm.Sqrt(V("s", sub=s)), it.col("root"))


def _adam_state(it: Iteration, h: dict[str, Any]) -> tuple[list[Step], Term, Term]:
    """m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g⊙g, then m̂ and v̂ with bias correction; the step
    divides m̂ by √v̂ (m by √v without bias correction)."""
    s = it.s
    b1, b2 = as_fraction(h["beta1"]), as_fraction(h["beta2"])
    squared, squared_numbers = _squared(it)
    g = (V("g", sub=s), it.node(it.col("g")))
    steps = [
        _moving_average(
            it, Text("Step {t}: first moment", "第 {t} 步：一阶矩"), "m", V("β", sub="1"), b1, *g
        ),
        _moving_average(
            it,
            Text("Step {t}: second moment", "第 {t} 步：二阶矩"),
            "v",
            V("β", sub="2"),
            b2,
            squared,
            squared_numbers,
        ),
    ]
    if not h["bias_correction"]:
        return steps, (V("m", sub=s), it.col("m")), (fm.Sqrt(V("v", sub=s)), it.col("root"))
    m_hat, m_hat_numbers = _corrected(it, "m", "m̂", "1", b1)
    v_hat, v_hat_numbers = _corrected(it, "v", "v̂", "2", b2)
    steps.append(
        step(
            Text("Step {t}: bias correction", "第 {t} 步：偏差修正").format(t=s),
            fm.Op(",", (m_hat, v_hat)),
            fm.Op(",", (m_hat_numbers, v_hat_numbers)),
            fm.Op(",", (it.node(it.col("m_hat")), it.node(it.col("v_hat")))),
        )
    )
    return steps, (V("m̂", sub=s), it.col("m_hat")), (fm.Sqrt(V("v̂", sub=s)), it.col("root"))


ADAPTIVE = {"adagrad": _adagrad_state, "rmsprop": _rmsprop_state, "adam": _adam_state}


def _moving_average(
    it: Iteration,
    title: Text,
    key: str,
    coefficient: fm.Node,
    value: Fraction,
    term: fm.Node,
    term_numbers: fm.Node,
) -> Step:
    """key ← κ·key + (1 − κ)·term, for κ = γ (RMSprop), β₁ or β₂ (Adam)."""
    s, p = it.s, it.p
    return step(
        title.format(t=s),
        fm.eq(
            V(key, sub=s),
            fm.add(
                fm.mul(coefficient, V(key, sub=p)),
                fm.mul(fm.Paren(fm.sub(fm.num(1), coefficient)), term),
            ),
        ),
        fm.add(
            fm.mul(show(value), it.node(it.previous(key))), fm.mul(show(1 - value), term_numbers)
        ),
        it.node(it.col(key)),
        answer_id=it.answer(key),
    )


def _corrected(
    it: Iteration, key: str, hat: str, beta: str, value: Fraction
) -> tuple[fm.Node, fm.Node]:
    """keŷ = key/(1 − βᵗ) in symbols, and with the numbers put in."""
    power = fm.num(it.t + 1)
    formula = fm.eq(
        V(hat, sub=it.s),
        fm.Frac(V(key, sub=it.s), fm.sub(fm.num(1), fm.Pow(V("β", sub=beta), power))),
    )
    numbers = fm.Frac(it.node(it.col(key)), fm.sub(fm.num(1), fm.Pow(show(value), power)))
    return formula, numbers


def _adaptive_update(it: Iteration, h: dict[str, Any], numerator: Term, denominator: Term) -> Step:
    """θ ← θ − η·numerator/denominator, element-wise."""
    (num_f, num_val), (denom_f, denom_val) = numerator, denominator
    return step(
        Text("Step {t}: update θ (element-wise)", "第 {t} 步：更新 θ（逐元素）").format(t=it.s),
        fm.eq(V("θ", sub=it.s), fm.sub(V("θ", sub=it.p), fm.mul(ETA, fm.Frac(num_f, denom_f)))),
        fm.sub(
            it.node(it.previous("theta")),
            fm.mul(show(as_fraction(h["lr"])), fm.Frac(it.node(num_val), it.node(denom_val))),
        ),
        it.node(it.col("theta")),
        answer_id=it.answer("theta"),
    )
