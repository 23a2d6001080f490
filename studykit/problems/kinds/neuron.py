"""C1 one neuron: z = wᵀx + b and a = f(z), or the McCulloch–Pitts step neuron a = 1 if z ≥ 0.

Hand route: Fractions and the math module here; engine route: a one-layer engine Network with the
catalog activation (identity for the step neuron, whose step is applied to the engine's z).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ... import math as fm
from ...catalog import ACTIVATIONS, Activation
from ...engine.network import Network
from ...spec import spec_from_dict
from ..model import Answer, Para, Problem, Rounding, Step
from ..registry import Kind, Options, Redraw, register
from ..sampler import KINK_MARGIN
from ._basic import (
    Text,
    Value,
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


@dataclass(frozen=True)
class Neuron:
    """The inputs x, weights w and bias b, the net input z = wᵀx + b and the activation a = f(z)
    by hand, for the activation ``name`` (the step neuron uses the catalog's identity)."""

    name: str
    act: Activation
    x: list[Fraction]
    w: list[Fraction]
    b: Fraction
    z: Fraction
    a: Value

    @property
    def title(self) -> Text:
        return STEP_TITLE if self.name == "step" else self.act.title


def build_neuron(rng: random.Random, options: Options) -> Problem:
    """Draw a neuron off the kinks and out of saturation, check z and a by the engine, then
    write the statement, the steps and the answers."""
    rounding = rounding_for(options)
    neuron = _draw_neuron(rng, options)
    _verify_by_engine(neuron)
    a_c = round_value(neuron.a, rounding)
    z, z_c = neuron.z, round_value(neuron.z, rounding)
    answers: list[Answer] = [
        number_answer("z", Text("net input z", "净输入 z"), z, z_c, rounding),
        number_answer(
            "a", Text("activation a", "激活值 a"), neuron.a, a_c, rounding, depends_on=("z",)
        ),
    ]
    return make_problem(
        options,
        Text("One neuron: ", "单个神经元：") + neuron.title,
        _statement(neuron),
        answers,
        _steps(neuron, z_c, a_c, rounding),
        conventions(options, rounding),
    )


def _draw_neuron(rng: random.Random, options: Options) -> Neuron:
    """The activation, then x, w and b (in this order from ``rng``); Redraw when z lies on a
    kink or saturates the activation."""
    pool = ACTIVATION_CHOICES if options.calculator else NO_CALC
    name = options.extra.get("activation") or pick(rng, pool)
    if name not in pool:
        raise Redraw("needs a calculator")
    n = options.difficulty + 1
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
    return Neuron(name, act, x, w, b, z, HAND[name](z, act.defaults()))


def _verify_by_engine(neuron: Neuron) -> None:
    """A one-layer engine network gives the same z and a (the step applied to its z)."""
    spec = spec_from_dict(
        {
            "network": {"layers": [len(neuron.x), 1], "activation": neuron.act.name},
            "params": {"W1": [[float(v) for v in neuron.w]], "b1": [float(neuron.b)]},
        }
    )
    layer = Network.from_spec(spec).forward(np.array([float(v) for v in neuron.x]))[0]
    verify(layer.z[0, 0], neuron.z, "net input z")
    engine_a = float(layer.z[0, 0] >= 0) if neuron.name == "step" else layer.a[0, 0]
    verify(engine_a, neuron.a, "activation a")


def _zh_gap(word: str) -> str:
    """A space between Chinese and a Latin name (为 ReLU), none before Chinese (为阶跃函数)."""
    return " " if word[:1].isascii() else ""


def _statement(neuron: Neuron) -> list[Para]:
    """x, w, b and the activation; the task; the leaky slope γ."""
    statement = [
        para(
            Text("A neuron with inputs ", "一个神经元，输入 "),
            fm.eq(V("x"), values_node(neuron.x)),
            Text(", weights ", "，权重 "),
            fm.eq(V("w"), values_node(neuron.w)),
            Text(" and bias ", "，偏置 "),
            fm.eq(V("b"), show(neuron.b)),
            Text(" uses the activation function ", "，激活函数为" + _zh_gap(neuron.title.zh))
            + neuron.title
            + Text(".", "。"),
        ),
        para(Text("Compute the net input z and the activation a.", "求净输入 z 与激活值 a。")),
    ]
    if neuron.name == "leaky_relu":
        statement.append(
            para(
                Text("Leaky slope ", "泄露斜率 "),
                fm.eq(V("γ"), show(Fraction(str(neuron.act.defaults()["gamma"])))),
                Text(".", "。"),
            )
        )
    return statement


def _steps(neuron: Neuron, z_c: Value, a_c: Value, rounding: Rounding) -> list[Step]:
    """z = wᵀx + b, then a = f(z) evaluated by the activation's own symbol (σ(−0.72), never an
    unnamed f(−0.72)); the MP neuron's step is written out with z's value in its condition."""
    products = [fm.mul(show(wi), show(xi)) for wi, xi in zip(neuron.w, neuron.x, strict=False)]
    z_shown = show(z_c, rounding)
    evaluated: fm.Node = fm.Call(neuron.act.symbol, (z_shown,))
    if neuron.name == "step":
        z_text = fm.to_text(z_shown)
        evaluated = fm.Cases(
            (
                (fm.num(1), fm.Word(Text(f"if {z_text} ≥ 0", f"若 {z_text} ≥ 0"))),
                (fm.num(0), fm.Word(Text("otherwise", "否则"))),
            )
        )
        activation: fm.Node = fm.eq(
            V("a"),
            fm.Cases(
                (
                    (fm.num(1), fm.Word(Text("if z ≥ 0", "若 z ≥ 0"))),
                    (fm.num(0), fm.Word(Text("otherwise", "否则"))),
                )
            ),
        )
        note = Text(
            "MP neuron: fires (1) when z ≥ 0, else 0",
            "MP 神经元：z ≥ 0 时输出 1，否则输出 0",
        )
    else:
        activation, note = fm.eq(V("a"), fm.Call("f", (V("z"),))), neuron.act.note
    return [
        step(
            Text("Net input: weighted sum plus bias", "净输入：加权和加偏置"),
            fm.eq(V("z"), fm.add(fm.dot(fm.T(V("w")), V("x")), V("b"))),
            fm.add(*products, show(neuron.b)),
            show(z_c, rounding),
            answer_id="z",
        ),
        step(
            Text("Activation", "激活值"),
            activation,
            evaluated,
            show(a_c, rounding),
            answer_id="a",
            note=note,
        ),
    ]


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
        pins=lambda options: {"activation": ACTIVATION_CHOICES if options.calculator else NO_CALC},
    )
)
