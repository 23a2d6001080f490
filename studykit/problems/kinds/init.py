"""C10 initialisation problems.

- ``init_variance``: Xavier Var = 2/(n_in+n_out), bound √(6/(n_in+n_out)); Kaiming Var = 2/n_in,
  bound √(6/n_in). Hand route: Fractions here; engine route: engine/init.py.
- ``zero_init_symmetry``: with every weight equal (zero init) every hidden neuron computes the
  same value and gets the same gradient, so the rows of W⁽¹⁾ stay equal. Engine route: a traced
  2-h-1 sigmoid network; hand route: the scalar formulas below.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction
from typing import Any

import numpy as np

from ... import formula as fm
from ...engine.init import init_variance, uniform_bound
from ...engine.network import Network
from ...spec import spec_from_dict
from ..model import Answer
from ..registry import Kind, Options, Redraw, VerificationError, register
from ._basic import (
    Text,
    conventions,
    decimal,
    exact_only,
    exact_sqrt,
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

SCHEMES = ("xavier_normal", "xavier_uniform", "kaiming_normal", "kaiming_uniform")
TITLES = {
    "xavier_normal": Text("Xavier (Glorot) normal", "Xavier（Glorot）正态"),
    "xavier_uniform": Text("Xavier (Glorot) uniform", "Xavier（Glorot）均匀"),
    "kaiming_normal": Text("Kaiming (He) normal", "Kaiming（He）正态"),
    "kaiming_uniform": Text("Kaiming (He) uniform", "Kaiming（He）均匀"),
}
V = fm.Var


def hand_variance(scheme: str, n_in: int, n_out: int) -> Fraction:
    """Var(w): 2/(n_in+n_out) (Xavier) or 2/n_in (Kaiming)."""
    return Fraction(2, n_in + n_out) if scheme.startswith("xavier") else Fraction(2, n_in)


def _sizes(rng: random.Random, scheme: str, options: Options) -> tuple[int, int]:
    """Layer sizes; without a calculator the root (bound or std) must be rational."""
    if options.calculator:
        return pick(rng, [16, 32, 64, 100, 128, 200, 256, 300, 512]), pick(
            rng, [10, 16, 32, 64, 128, 256]
        )
    k = pick(rng, [2, 3, 4, 5, 8, 10])
    if scheme == "kaiming_uniform":
        return 6 * k * k, pick(rng, [10, 16, 32, 64, 128])
    if scheme == "kaiming_normal":
        return 2 * k * k, pick(rng, [10, 16, 32, 64, 128])
    total = (6 if scheme == "xavier_uniform" else 2) * k * k
    n_in = rng.randint(max(1, total // 4), total - 1)
    return n_in, total - n_in


def build_init_variance(rng: random.Random, options: Options) -> Any:
    rounding = rounding_for(options)
    layers = 2 if options.difficulty == 3 else 1
    answers: list[Answer] = []
    steps: list[Any] = []
    statement: list[Any] = []
    for idx in range(1, layers + 1):
        scheme = options.extra.get("init") or pick(rng, SCHEMES)
        n_in, n_out = _sizes(rng, scheme, options)
        var = hand_variance(scheme, n_in, n_out)
        uniform = scheme.endswith("uniform")
        root = exact_sqrt(3 * var if uniform else var)
        verify(init_variance(scheme, n_out, n_in), var, f"{scheme} variance")
        if uniform:
            verify(uniform_bound(scheme, n_out, n_in), root, f"{scheme} bound")
        exact_only([var, root] if options.difficulty >= 2 or uniform else [var], options)
        sup = str(idx) if layers > 1 else None
        statement.append(
            para(
                Text("Layer {i}: ", "第 {i} 层：").format(i=idx),
                V("n", sub="in"),
                Text(" = ", " = "),
                fm.num(n_in),
                Text(", ", "，"),
                V("n", sub="out"),
                Text(" = ", " = "),
                fm.num(n_out),
                Text(", initialised with ", "，使用 ") + TITLES[scheme] + Text(".", " 初始化。"),
            )
        )
        den = (
            fm.add(V("n", sub="in"), V("n", sub="out"))
            if scheme.startswith("xavier")
            else V("n", sub="in")
        )
        den_num = (
            fm.add(fm.num(n_in), fm.num(n_out)) if scheme.startswith("xavier") else fm.num(n_in)
        )
        var_f = fm.Frac(fm.num(2), den)
        answers.append(
            number_answer(
                f"var{idx}",
                Text("Var(w) of layer {i}", "第 {i} 层的 Var(w)").format(i=idx),
                var,
                round_value(var, rounding),
                rounding,
            )
        )
        steps.append(
            step(
                Text("Variance of layer {i}", "第 {i} 层的方差").format(i=idx),
                fm.eq(fm.Call("Var", (V("w", layer=sup),)), var_f),
                fm.Frac(fm.num(2), den_num),
                show(round_value(var, rounding), rounding),
                answer_id=f"var{idx}",
            )
        )
        if uniform:
            label = Text(
                "bound r of U[−r, r], layer {i}", "第 {i} 层均匀分布 U[−r, r] 的边界 r"
            ).format(i=idx)
            formula = fm.eq(V("r"), fm.Sqrt(fm.Frac(fm.num(6), den)))
            sub = fm.Sqrt(fm.Frac(fm.num(6), den_num))
            note = Text(
                "Var(U[−r, r]) = r²/3, so r = √(3·Var)", "U[−r, r] 的方差为 r²/3，故 r = √(3·Var)"
            )
        elif options.difficulty >= 2:
            label = Text("standard deviation of layer {i}", "第 {i} 层的标准差").format(i=idx)
            formula = fm.eq(V("s"), fm.Sqrt(var_f))
            sub = fm.Sqrt(fm.Frac(fm.num(2), den_num))
            note = None
        else:
            continue
        answers.append(
            number_answer(f"root{idx}", label, root, round_value(root, rounding), rounding)
        )
        steps.append(
            step(
                label,
                formula,
                sub,
                show(round_value(root, rounding), rounding),
                answer_id=f"root{idx}",
                note=note,
            )
        )
    statement.append(
        para(
            Text(
                "Give the weight variance"
                + (
                    " and the uniform bound r / the standard deviation"
                    if options.difficulty >= 2
                    else " (and r for a uniform scheme)"
                )
                + ".",
                "求权重方差"
                + (
                    "以及均匀分布边界 r / 标准差"
                    if options.difficulty >= 2
                    else "（均匀分布时还求 r）"
                )
                + "。",
            )
        )
    )
    return make_problem(
        options,
        Text("Initialisation variance", "初始化方差"),
        statement,
        answers,
        steps,
        conventions(options, rounding),
    )


# ----------------------------------------------------------------------------- zero init


def _sigma(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def build_zero_init_symmetry(rng: random.Random, options: Options) -> Any:
    """2-h-1 sigmoid net, MSE ½(ŷ−t)², every weight c (c = 0 without a calculator), b = 0."""
    h = options.difficulty + 1
    rounding = rounding_for(options)
    c = Fraction(0) if not options.calculator else decimal(rng, -1, 1, 1, nonzero=False)
    x = [halves(rng, -2, 2) for _ in range(2)]
    t = Fraction(pick(rng, [0, 1]))
    # hand route: every hidden unit alike
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
    tr = Network.from_spec(spec).trace(np.array([float(v) for v in x]), np.array([float(t)]))
    dW1 = tr.layers[0].dW
    verify(tr.layers[0].a[0], [a1] * h, "hidden activations")
    verify(dW1, [dW1_row] * h, "∂L/∂W⁽¹⁾")
    verify(tr.layers[1].dW[0], [dW2] * h, "∂L/∂W⁽²⁾")
    if not np.all(dW1 == dW1[0]):
        raise VerificationError("rows of ∂L/∂W⁽¹⁾ differ under symmetric init")
    q = lambda v: round_value(v, rounding)  # noqa: E731
    a1c, yc = q(a1), q(y)
    d2c = q((yc - t) * yc * (1 - yc))
    d1c = q(a1c * (1 - a1c) * c * d2c)
    row_c = [q(d1c * xi) for xi in x]
    dW2c = q(d2c * a1c)
    statement = [
        para(
            Text(
                "A 2-{h}-1 network with sigmoid activations and L = ½(ŷ − t)² starts with every weight "
                "equal to c and every bias 0: ",
                "一个 2-{h}-1 网络，激活函数为 sigmoid，L = ½(ŷ − t)²，所有权重初始化为 c，"
                "偏置为 0：",
            ).format(h=h),
            fm.eq(V("c"), show(c)),
            Text(".", "。"),
        ),
        para(
            Text("Input ", "输入 "),
            fm.eq(V("x"), values_node(x)),
            Text(", target ", "，目标 "),
            fm.eq(V("t"), show(t)),
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
    choices = (
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
    W1, W2 = V("W", layer=1), V("W", layer=2)
    a_h, d_1, d_2 = V("a", layer=1), V("δ", layer=1), V("δ", layer=2)
    steps = [
        step(
            Text(
                "Every hidden neuron has the same net input and activation",
                "每个隐藏神经元的净输入与激活值都相同",
            ),
            fm.eq(
                V("a", sub="i", layer=1),
                fm.Call("σ", (fm.mul(V("c"), fm.Paren(fm.add(V("x", sub="1"), V("x", sub="2")))),)),
            ),
            fm.Call("σ", (fm.mul(show(c), fm.Paren(fm.add(show(x[0]), show(x[1])))),)),
            show(a1c, rounding),
            answer_id="a1",
        ),
        step(
            Text("Output", "输出"),
            fm.eq(V("y", hat=True), fm.Call("σ", (fm.mul(fm.num(h), V("c"), a_h),))),
            fm.Call("σ", (fm.mul(fm.num(h), show(c), show(a1c, rounding)),)),
            show(yc, rounding),
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
                fm.Paren(fm.sub(show(yc, rounding), show(t))),
                show(yc, rounding),
                fm.Paren(fm.sub(fm.num(1), show(yc, rounding))),
            ),
            show(d2c, rounding),
        ),
        step(
            Text(
                "∂L/∂W⁽²⁾: the same entry for every hidden neuron",
                "∂L/∂W⁽²⁾：每个隐藏神经元的分量都相同",
            ),
            fm.eq(fm.Partial(V("L"), W2), fm.dot(d_2, fm.T(a_h))),
            fm.mul(show(d2c, rounding), show(a1c, rounding)),
            show(dW2c, rounding),
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
                show(a1c, rounding),
                fm.Paren(fm.sub(fm.num(1), show(a1c, rounding))),
                show(c),
                show(d2c, rounding),
            ),
            show(d1c, rounding),
        ),
        step(
            Text("∂L/∂W⁽¹⁾ = δ⁽¹⁾xᵀ: every row is the same", "∂L/∂W⁽¹⁾ = δ⁽¹⁾xᵀ：每一行都相同"),
            fm.eq(fm.Partial(V("L"), W1), fm.dot(d_1, fm.T(V("x")))),
            fm.mul(show(d1c, rounding), fm.matrix([[show(v) for v in x]])),
            fm.matrix([[show(v, rounding) for v in row_c]] * h),
            answer_id="dW1_row",
            note=Text(
                "Zero init: c = 0 makes δ⁽¹⁾ = 0, so W⁽¹⁾ never moves; any equal init keeps the rows equal.",
                "零初始化：c = 0 使 δ⁽¹⁾ = 0，W⁽¹⁾ 永远不变；任何相同的初始化都会使各行保持相同。",
            ),
        ),
        step(Text("Conclusion", "结论"), answer_id="choice", note=choices[0][1]),
    ]
    answers = [
        number_answer("a1", Text("each hidden activation", "每个隐藏激活值"), a1, a1c, rounding),
        number_answer(
            "dW2",
            Text("each entry of ∂L/∂W⁽²⁾", "∂L/∂W⁽²⁾ 的每个分量"),
            dW2,
            dW2c,
            rounding,
            steps_carried=3,
        ),
        vector_answer(
            "dW1_row",
            Text("one row of ∂L/∂W⁽¹⁾", "∂L/∂W⁽¹⁾ 的一行"),
            dW1_row,
            row_c,
            rounding,
            steps_carried=4,
        ),
        Answer(
            id="choice",
            label=Text("what happens", "会发生什么"),
            value="A",
            kind="choice",
            choices=choices,
        ),
    ]
    return make_problem(
        options,
        Text("The symmetry problem of equal initial weights", "相同初始权重的对称性问题"),
        statement,
        answers,
        steps,
        conventions(options, rounding),
    )


register(
    Kind(
        name="init_variance",
        section="C10",
        title=Text("Xavier and Kaiming initialisation", "Xavier 与 Kaiming 初始化"),
        description=Text(
            "variance, standard deviation and uniform bound for given layer sizes",
            "给定层大小时的方差、标准差与均匀分布边界",
        ),
        build=build_init_variance,
        extra_options={"init": SCHEMES},
    )
)
register(
    Kind(
        name="zero_init_symmetry",
        section="C10",
        title=Text("Zero initialisation and symmetry", "零初始化与对称性"),
        description=Text(
            "equal initial weights give every hidden neuron the same gradient",
            "相同的初始权重使每个隐藏神经元得到相同的梯度",
        ),
        build=build_zero_init_symmetry,
    )
)
