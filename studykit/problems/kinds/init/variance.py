"""``init_variance``: Xavier Var = 2/(n_in+n_out), bound √(6/(n_in+n_out)); Kaiming Var = 2/n_in,
bound √(6/n_in); the standard deviation √Var from difficulty 2. Hand route: Fractions here;
engine route: engine/init.py.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from .... import math as fm
from ....engine.init import init_variance, uniform_bound
from ...model import Answer, Para, Problem, Rounding, Step
from ...registry import Options
from .._basic import (
    Text,
    Value,
    conventions,
    exact_only,
    exact_sqrt,
    make_problem,
    number_answer,
    para,
    pick,
    round_value,
    rounding_for,
    show,
    step,
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


@dataclass(frozen=True)
class Layer:
    """One initialised layer: its number, scheme, sizes, Var(w) and the root (the uniform bound
    r = √(3·Var), or the standard deviation √Var)."""

    idx: int
    scheme: str
    n_in: int
    n_out: int
    var: Fraction
    root: Value

    @property
    def uniform(self) -> bool:
        return self.scheme.endswith("uniform")

    @property
    def xavier(self) -> bool:
        return self.scheme.startswith("xavier")


def build_init_variance(rng: random.Random, options: Options) -> Problem:
    """One layer (two at difficulty 3), each drawn and checked before the next is drawn."""
    rounding = rounding_for(options)
    layers = 2 if options.difficulty == 3 else 1
    answers: list[Answer] = []
    steps: list[Step] = []
    statement: list[Para] = []
    for idx in range(1, layers + 1):
        layer = _draw_layer(rng, idx, options)
        statement.append(_layer_para(layer))
        sup = str(idx) if layers > 1 else None
        layer_answers, layer_steps = _layer_solution(layer, sup, options, rounding)
        answers += layer_answers
        steps += layer_steps
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


def _draw_layer(rng: random.Random, idx: int, options: Options) -> Layer:
    """The scheme and sizes, Var and root by hand, checked by the engine (and exact without a
    calculator: Redraw)."""
    scheme = options.extra.get("init") or pick(rng, SCHEMES)
    n_in, n_out = _sizes(rng, scheme, options)
    var = hand_variance(scheme, n_in, n_out)
    uniform = scheme.endswith("uniform")
    root = exact_sqrt(3 * var if uniform else var)
    verify(init_variance(scheme, n_out, n_in), var, f"{scheme} variance")
    if uniform:
        verify(uniform_bound(scheme, n_out, n_in), root, f"{scheme} bound")
    exact_only([var, root] if options.difficulty >= 2 or uniform else [var], options)
    return Layer(idx, scheme, n_in, n_out, var, root)


def _layer_para(layer: Layer) -> Para:
    """Layer i: n_in = …, n_out = …, initialised with the scheme."""
    return para(
        Text("Layer {i}: ", "第 {i} 层：").format(i=layer.idx),
        V("n", sub="in"),
        Text(" = ", " = "),
        fm.num(layer.n_in),
        Text(", ", "，"),
        V("n", sub="out"),
        Text(" = ", " = "),
        fm.num(layer.n_out),
        Text(", initialised with ", "，使用 ") + TITLES[layer.scheme] + Text(".", " 初始化。"),
    )


def _layer_solution(
    layer: Layer, sup: str | None, options: Options, rounding: Rounding
) -> tuple[list[Answer], list[Step]]:
    """Var(w) = 2/(n_in + n_out) or 2/n_in; then r = √(6/…) (uniform) or, from difficulty 2,
    the standard deviation s = √Var."""
    idx, n_in, n_out = layer.idx, layer.n_in, layer.n_out
    den = fm.add(V("n", sub="in"), V("n", sub="out")) if layer.xavier else V("n", sub="in")
    den_num = fm.add(fm.num(n_in), fm.num(n_out)) if layer.xavier else fm.num(n_in)
    var_f = fm.Frac(fm.num(2), den)
    answers = [
        number_answer(
            f"var{idx}",
            Text("Var(w) of layer {i}", "第 {i} 层的 Var(w)").format(i=idx),
            layer.var,
            round_value(layer.var, rounding),
            rounding,
        )
    ]
    steps = [
        step(
            Text("Variance of layer {i}", "第 {i} 层的方差").format(i=idx),
            fm.eq(fm.Call("Var", (V("w", layer=sup),)), var_f),
            fm.Frac(fm.num(2), den_num),
            show(round_value(layer.var, rounding), rounding),
            answer_id=f"var{idx}",
        )
    ]
    if layer.uniform:
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
        return answers, steps
    root_c = round_value(layer.root, rounding)
    answers.append(number_answer(f"root{idx}", label, layer.root, root_c, rounding))
    steps.append(
        step(label, formula, sub, show(root_c, rounding), answer_id=f"root{idx}", note=note)
    )
    return answers, steps
