"""``zero_init_symmetry``: with every weight equal (zero init) every hidden neuron computes the
same value and gets the same gradient, so the rows of W⁽¹⁾ stay equal. A 2-h-1 sigmoid net with
L = ½(ŷ − t)²: aᵢ⁽¹⁾ = σ(c(x₁ + x₂)), ŷ = σ(h·c·a⁽¹⁾), δ⁽²⁾ = (ŷ − t)ŷ(1 − ŷ),
δᵢ⁽¹⁾ = aᵢ(1 − aᵢ)·c·δ⁽²⁾, ∂L/∂W⁽²⁾ = δ⁽²⁾a⁽¹⁾ᵀ, ∂L/∂W⁽¹⁾ = δ⁽¹⁾xᵀ. Engine route: a traced
2-h-1 network; hand route: these scalar formulas.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from fractions import Fraction

import numpy as np

from .... import math as fm
from ....catalog import EXACT
from ....engine.network import Network
from ....spec import spec_from_dict
from ...model import Answer, Para, Problem, Rounding, Step
from ...registry import Options, Redraw, VerificationError
from .._basic import (
    Text,
    Value,
    conventions,
    decimal,
    exact_only,
    halves,
    make_problem,
    number_answer,
    para,
    pick,
    round_value,
    rounding_for,
    show,
    step,
    values_node,
    vector_answer,
    verify,
)

V = fm.Var
#: What happens to the hidden neurons; the first is right.
CHOICES = (
    (
        "A",
        Text(
            "every hidden neuron gets the same gradient, so they stay identical (symmetry is never broken)",
            "每个隐藏神经元得到相同的梯度，因此始终相同（对称性无法打破）",
        ),
    ),
    (
        "B",
        Text(
            "the hidden neurons drift apart after the first update",
            "第一次更新后隐藏神经元就会变得不同",
        ),
    ),
    ("C", Text("the gradients explode", "梯度爆炸")),
    ("D", Text("it only matters for ReLU networks", "只对 ReLU 网络有影响")),
)


def _sigma(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True)
class Symmetric:
    """The net (h hidden units, every weight c, every bias 0), its input x and target t, and
    the values every hidden neuron shares: a⁽¹⁾, ŷ, δ⁽²⁾, δ⁽¹⁾, a row of ∂L/∂W⁽¹⁾, ∂L/∂W⁽²⁾."""

    h: int
    c: Fraction
    x: list[Fraction]
    t: Fraction
    a1: Value
    y: Value
    d2: Value
    d1: Value
    dW1_row: list[Value]
    dW2: Value


def build_zero_init_symmetry(rng: random.Random, options: Options) -> Problem:
    """2-h-1 sigmoid net, MSE ½(ŷ−t)², every weight c (c = 0 without a calculator), b = 0."""
    rounding = rounding_for(options)
    net = _hand_route(rng, options)
    _verify_by_engine(net)
    carried = _carried(net, rounding)
    return make_problem(
        options,
        Text("The symmetry problem of equal initial weights", "相同初始权重的对称性问题"),
        _statement(net),
        _answers(net, carried, rounding),
        _steps(net, carried, rounding),
        conventions(options, rounding),
    )


def _hand_route(rng: random.Random, options: Options) -> Symmetric:
    """c, x and t, then every value by the scalar formulas (every hidden unit alike)."""
    h = options.difficulty + 1
    c = Fraction(0) if not options.calculator else decimal(rng, -1, 1, 1, nonzero=False)
    x = [halves(rng, -2, 2) for _ in range(2)]
    t = Fraction(pick(rng, [0, 1]))
    z1 = float(c * (x[0] + x[1]))
    a1 = Fraction(1, 2) if c == 0 else _sigma(z1)
    z2 = h * c * a1
    y = Fraction(1, 2) if c == 0 else _sigma(float(z2))
    d2 = (y - t) * y * (1 - y)
    d1 = a1 * (1 - a1) * c * d2
    dW1_row = [d1 * xi for xi in x]
    dW2 = d2 * a1
    exact_only([a1, y, d2, *dW1_row, dW2], options, decimals=4)
    if abs(float(d2)) < 1e-3:
        raise Redraw("no gradient")
    return Symmetric(h, c, x, t, a1, y, d2, d1, dW1_row, dW2)


def _verify_by_engine(net: Symmetric) -> None:
    """The traced 2-h-1 network gives the same activations and gradients, and equal rows."""
    h, c = net.h, net.c
    spec = spec_from_dict(
        {
            "network": {"layers": [2, h, 1], "activation": "sigmoid", "loss": "mse"},
            "params": {
                "W1": [[float(c)] * 2] * h,
                "b1": [0.0] * h,
                "W2": [[float(c)] * h],
                "b2": [0.0],
            },
        }
    )
    tr = Network.from_spec(spec).trace(
        np.array([float(v) for v in net.x]), np.array([float(net.t)])
    )
    dW1 = tr.layers[0].dW
    verify(tr.layers[0].a[0], [net.a1] * h, "hidden activations")
    verify(dW1, [net.dW1_row] * h, "∂L/∂W⁽¹⁾")
    verify(tr.layers[1].dW[0], [net.dW2] * h, "∂L/∂W⁽²⁾")
    if not np.all(dW1 == dW1[0]):
        raise VerificationError("rows of ∂L/∂W⁽¹⁾ differ under symmetric init")


def _carried(net: Symmetric, rounding: Rounding) -> Symmetric:
    """The same values as the student carries them, step by step."""
    q = lambda v: round_value(v, rounding)  # noqa: E731
    a1c = q(net.a1)
    # ŷ = σ(h·c·a⁽¹⁾) from a⁽¹⁾ as written (exact without a calculator)
    yc = net.y if rounding.decimals is None else q(EXACT.sigmoid(net.h * net.c * a1c))
    d2c = q((yc - net.t) * yc * (1 - yc))
    d1c = q(a1c * (1 - a1c) * net.c * d2c)
    row_c = [q(d1c * xi) for xi in net.x]
    dW2c = q(d2c * a1c)
    return Symmetric(net.h, net.c, net.x, net.t, a1c, yc, d2c, d1c, row_c, dW2c)


def _statement(net: Symmetric) -> list[Para]:
    """The net and its equal weights c, the input and target, the task."""
    return [
        para(
            Text(
                "A 2-{h}-1 network with logistic sigmoid activations σ and L = ½(ŷ − t)² starts "
                "with every weight equal to c and every bias 0: ",
                "一个 2-{h}-1 网络，激活函数为 Logistic 函数 σ，L = ½(ŷ − t)²，所有权重初始化为 c，"
                "偏置为 0：",
            ).format(h=net.h),
            fm.eq(V("c"), show(net.c)),
            Text(".", "。"),
        ),
        para(
            Text("Input ", "输入 "),
            fm.eq(V("x"), values_node(net.x)),
            Text(", target ", "，目标 "),
            fm.eq(V("t"), show(net.t)),
            Text(".", "。"),
        ),
        para(
            Text(
                "Compute the hidden activations, ∂L/∂W⁽²⁾ and ∂L/∂W⁽¹⁾, and say what happens to the hidden neurons "
                "during training.",
                "求隐藏层激活值、∂L/∂W⁽²⁾ 和 ∂L/∂W⁽¹⁾，并说明训练中隐藏神经元会怎样。",
            )
        ),
    ]


def _steps(net: Symmetric, carried: Symmetric, rounding: Rounding) -> list[Step]:
    """Every hidden neuron alike, with the carried values put in: the forward pass and δ⁽²⁾,
    then the gradients and the conclusion."""
    return [*_forward_steps(net, carried, rounding), *_gradient_steps(net, carried, rounding)]


def _forward_steps(net: Symmetric, carried: Symmetric, rounding: Rounding) -> list[Step]:
    """aᵢ⁽¹⁾ = σ(c(x₁ + x₂)), ŷ = σ(h·c·a⁽¹⁾), δ⁽²⁾ = (ŷ − t)ŷ(1 − ŷ)."""
    a_h, d_2 = V("a", layer=1), V("δ", layer=2)
    return [
        step(
            Text(
                "Every hidden neuron has the same net input and activation",
                "每个隐藏神经元的净输入与激活值都相同",
            ),
            fm.eq(
                V("a", sub="i", layer=1),
                fm.Call("σ", (fm.mul(V("c"), fm.Paren(fm.add(V("x", sub="1"), V("x", sub="2")))),)),
            ),
            fm.Call("σ", (fm.mul(show(net.c), fm.Paren(fm.add(show(net.x[0]), show(net.x[1])))),)),
            show(carried.a1, rounding),
            answer_id="a1",
        ),
        step(
            Text("Output", "输出"),
            fm.eq(V("y", hat=True), fm.Call("σ", (fm.mul(fm.num(net.h), V("c"), a_h),))),
            fm.Call("σ", (fm.mul(fm.num(net.h), show(net.c), show(carried.a1, rounding)),)),
            show(carried.y, rounding),
        ),
        step(
            Text("Output error term", "输出层误差项"),
            fm.eq(
                d_2,
                fm.mul(
                    fm.Paren(fm.sub(V("y", hat=True), V("t"))),
                    V("y", hat=True),
                    fm.Paren(fm.sub(fm.num(1), V("y", hat=True))),
                ),
            ),
            fm.mul(
                fm.Paren(fm.sub(show(carried.y, rounding), show(net.t))),
                show(carried.y, rounding),
                fm.Paren(fm.sub(fm.num(1), show(carried.y, rounding))),
            ),
            show(carried.d2, rounding),
        ),
    ]


def _gradient_steps(net: Symmetric, carried: Symmetric, rounding: Rounding) -> list[Step]:
    """∂L/∂W⁽²⁾ = δ⁽²⁾a⁽¹⁾ᵀ, δᵢ⁽¹⁾ = aᵢ(1 − aᵢ)·c·δ⁽²⁾, ∂L/∂W⁽¹⁾ = δ⁽¹⁾xᵀ (equal rows), and
    the conclusion."""
    W1 = V("W", layer=1)
    d_1, d_2 = V("δ", layer=1), V("δ", layer=2)
    return [
        step(
            Text(
                "∂L/∂W⁽²⁾: the same entry for every hidden neuron",
                "∂L/∂W⁽²⁾：每个隐藏神经元的分量都相同",
            ),
            fm.eq(
                fm.Partial(V("L"), V("w", sub="1i", layer=2)), fm.dot(d_2, V("a", sub="i", layer=1))
            ),
            fm.mul(show(carried.d2, rounding), show(carried.a1, rounding)),
            show(carried.dW2, rounding),
            answer_id="dW2",
        ),
        step(
            Text(
                "Hidden error terms are equal: δᵢ⁽¹⁾ = aᵢ(1 − aᵢ)·c·δ⁽²⁾",
                "隐藏层误差项都相等：δᵢ⁽¹⁾ = aᵢ(1 − aᵢ)·c·δ⁽²⁾",
            ),
            fm.eq(
                V("δ", sub="i", layer=1),
                fm.mul(
                    V("a", sub="i", layer=1),
                    fm.Paren(fm.sub(fm.num(1), V("a", sub="i", layer=1))),
                    V("c"),
                    d_2,
                ),
            ),
            fm.mul(
                show(carried.a1, rounding),
                fm.Paren(fm.sub(fm.num(1), show(carried.a1, rounding))),
                show(net.c),
                show(carried.d2, rounding),
            ),
            show(carried.d1, rounding),
        ),
        step(
            Text("∂L/∂W⁽¹⁾ = δ⁽¹⁾xᵀ: every row is the same", "∂L/∂W⁽¹⁾ = δ⁽¹⁾xᵀ：每一行都相同"),
            fm.eq(fm.Partial(V("L"), W1), fm.dot(d_1, fm.T(V("x")))),
            fm.dot(
                fm.vector([show(carried.d1, rounding)] * net.h),
                fm.matrix([[show(v) for v in net.x]]),
            ),
            fm.matrix([[show(v, rounding) for v in carried.dW1_row]] * net.h),
            answer_id="dW1_row",
            note=Text(
                "With c = 0, δ⁽¹⁾ = 0 at the first step, so W⁽¹⁾ does not change yet; once W⁽²⁾ has "
                "moved (its entries stay equal), W⁽¹⁾ moves too, but its rows stay equal: the hidden "
                "neurons remain copies of each other. Any equal initialisation keeps the rows equal.",
                "c = 0 时，第一步 δ⁽¹⁾ = 0，W⁽¹⁾ 暂时不变；W⁽²⁾ 更新之后（其各分量仍然相等），W⁽¹⁾ "
                "也会更新，但各行始终相同：隐藏神经元彼此仍是复制品。任何相同的初始化都会使各行保持相同。",
            ),
        ),
        step(Text("Conclusion", "结论"), answer_id="choice", note=CHOICES[0][1]),
    ]


def as_row(answer: Answer) -> Answer:
    """A vector answer as the 1 × n matrix it is: a row of ∂L/∂W⁽¹⁾ prints [a, b], not [a, b]ᵀ."""
    return replace(
        answer,
        kind="matrix",
        value=[answer.value],
        exact=None if answer.exact is None else [answer.exact],
        alternatives=tuple([alt] for alt in answer.alternatives),
    )


def _answers(net: Symmetric, carried: Symmetric, rounding: Rounding) -> list[Answer]:
    """a⁽¹⁾, an entry of ∂L/∂W⁽²⁾, a row of ∂L/∂W⁽¹⁾ and the choice (A)."""
    return [
        number_answer(
            "a1", Text("each hidden activation", "每个隐藏激活值"), net.a1, carried.a1, rounding
        ),
        number_answer(
            "dW2",
            Text("each entry of ∂L/∂W⁽²⁾", "∂L/∂W⁽²⁾ 的每个分量"),
            net.dW2,
            carried.dW2,
            rounding,
            steps_carried=3,
        ),
        as_row(
            vector_answer(
                "dW1_row",
                Text("one row of ∂L/∂W⁽¹⁾", "∂L/∂W⁽¹⁾ 的一行"),
                net.dW1_row,
                carried.dW1_row,
                rounding,
                steps_carried=4,
            )
        ),
        Answer(
            id="choice",
            label=Text("what happens", "会发生什么"),
            value="A",
            kind="choice",
            choices=CHOICES,
        ),
    ]
