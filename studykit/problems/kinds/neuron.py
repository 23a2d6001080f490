"""C1 one neuron: z = wᵀx + b and a = f(z), or the McCulloch–Pitts step neuron a = 1 if z ≥ 0.

Hand route: Fractions and the math module here; engine route: a one-layer engine Network with the
catalog activation (identity for the step neuron, whose step is applied to the engine's z).
"""

from __future__ import annotations

import math
import random
from fractions import Fraction
from typing import Any

import numpy as np

from ... import formula as fm
from ...catalog import ACTIVATIONS
from ...engine.network import Network
from ...spec import spec_from_dict
from ..registry import Kind, Options, Redraw, register
from ..sampler import KINK_MARGIN
from ._basic import (
    Text,
    conventions,
    hand_value,
    make_problem,
    number_answer,
    para,
    pick,
    round_value,
    rounding_for,
    show,
    step,
    values_node,
    verify,
)

ACTIVATION_CHOICES = ("step", "identity", "relu", "leaky_relu", "hard_tanh", "sigmoid", "tanh")
NO_CALC = ("step", "identity", "relu", "leaky_relu", "hard_tanh")
V = fm.Var

#: f(z) by hand, written from each activation's definition (not from the catalog).
HAND = {
    "step": lambda z, p: Fraction(int(z >= 0)),
    "identity": lambda z, p: z,
    "relu": lambda z, p: max(z, Fraction(0)),
    "leaky_relu": lambda z, p: z if z > 0 else Fraction(str(p["gamma"])) * z,
    "hard_tanh": lambda z, p: min(max(z, Fraction(-1)), Fraction(1)),
    "sigmoid": lambda z, p: 1 / (1 + math.exp(-float(z))),
    "tanh": lambda z, p: math.tanh(float(z)),
}
STEP_TITLE = Text("step function (McCulloch–Pitts neuron)", "阶跃函数（MP 神经元）")


def build_neuron(rng: random.Random, options: Options) -> Any:
    pool = ACTIVATION_CHOICES if options.calculator else NO_CALC
    name = options.extra.get("activation") or pick(rng, pool)
    if name not in pool:
        raise Redraw("needs a calculator")
    n = options.difficulty + 1
    rounding = rounding_for(options)
    x = [hand_value(rng, options, -3, 3) for _ in range(n)]
    w = [hand_value(rng, options, -2, 2) for _ in range(n)]
    b = hand_value(rng, options, -2, 2)
    z = sum(wi * xi for wi, xi in zip(w, x, strict=False)) + b
    kinks = (0.0,) if name == "step" else (ACTIVATIONS[name].kinks if name in ACTIVATIONS else ())
    if any(abs(float(z) - k) < KINK_MARGIN for k in kinks) or abs(float(z)) > (
        3 if name in ("sigmoid", "tanh") else 10
    ):
        raise Redraw("z on a kink or saturated")
    act = ACTIVATIONS["identity" if name == "step" else name]
    p = act.defaults()
    a = HAND[name](z, p)
    spec = spec_from_dict(
        {
            "network": {"layers": [n, 1], "activation": act.name},
            "params": {"W1": [[float(v) for v in w]], "b1": [float(b)]},
        }
    )
    layer = Network.from_spec(spec).forward(np.array([float(v) for v in x]))[0]
    verify(layer.z[0, 0], z, "net input z")
    engine_a = float(layer.z[0, 0] >= 0) if name == "step" else layer.a[0, 0]
    verify(engine_a, a, "activation a")
    title = STEP_TITLE if name == "step" else act.title
    a_c = round_value(a, rounding)
    statement = [
        para(
            Text("A neuron with inputs ", "一个神经元，输入 "),
            fm.eq(V("x"), values_node(x)),
            Text(", weights ", "，权重 "),
            fm.eq(V("w"), values_node(w)),
            Text(" and bias ", "，偏置 "),
            fm.eq(V("b"), show(b)),
            Text(" uses the activation function ", "，激活函数为 ") + title + Text(".", "。"),
        ),
        para(Text("Compute the net input z and the activation a.", "求净输入 z 与激活值 a。")),
    ]
    if name == "leaky_relu":
        statement.append(
            para(
                Text("Leaky slope ", "泄露斜率 "),
                fm.eq(V("γ"), show(Fraction(str(p["gamma"])))),
                Text(".", "。"),
            )
        )
    products = [fm.mul(show(wi), show(xi)) for wi, xi in zip(w, x, strict=False)]
    f_def = (
        fm.Cases(
            (
                (fm.num(1), fm.Word(Text("if z ≥ 0", "若 z ≥ 0"))),
                (fm.num(0), fm.Word(Text("otherwise", "否则"))),
            )
        )
        if name == "step"
        else None
    )
    steps = [
        step(
            Text("Net input: weighted sum plus bias", "净输入：加权和加偏置"),
            fm.eq(V("z"), fm.add(fm.dot(fm.T(V("w")), V("x")), V("b"))),
            fm.add(*products, show(b)),
            show(round_value(z, rounding), rounding),
            answer_id="z",
        ),
        step(
            Text("Activation", "激活值"),
            fm.eq(V("a"), fm.Call("f", (V("z"),))),
            fm.Call("f", (show(round_value(z, rounding), rounding),)),
            show(a_c, rounding),
            answer_id="a",
            note=(
                Text(
                    "MP neuron: fires (1) when z ≥ 0, else 0",
                    "MP 神经元：z ≥ 0 时输出 1，否则输出 0",
                )
                if name == "step"
                else act.note
            ),
        ),
    ]
    if name == "step":
        steps[1] = step(
            steps[1].title,
            fm.eq(V("a"), f_def),
            steps[1].substituted,
            steps[1].result,
            answer_id="a",
            note=steps[1].note,
        )
    answers = [
        number_answer("z", Text("net input z", "净输入 z"), z, round_value(z, rounding), rounding),
        number_answer("a", Text("activation a", "激活值 a"), a, a_c, rounding, depends_on=("z",)),
    ]
    return make_problem(
        options,
        Text("One neuron: ", "单个神经元：") + title,
        statement,
        answers,
        steps,
        conventions(options, rounding),
    )


register(
    Kind(
        name="neuron",
        section="C1",
        title=Text("One neuron", "单个神经元"),
        description=Text(
            "net input z = wᵀx + b and activation a = f(z), or the MP step neuron",
            "净输入 z = wᵀx + b 与激活值 a = f(z)，或 MP 阶跃神经元",
        ),
        build=build_neuron,
        extra_options={"activation": ACTIVATION_CHOICES},
    )
)
