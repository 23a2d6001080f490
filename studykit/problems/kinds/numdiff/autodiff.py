"""``autodiff_modes``: f = σ(wx + b) as h₁ = wx, h₂ = h₁ + b, h₃ = σ(h₂) (two inputs at difficulty
2, L = ½(f − t)² on top at 3). Forward mode carries tangents ḣᵢ = ∂hᵢ/∂w₁, reverse mode carries
adjoints h̄ᵢ = ∂f/∂hᵢ from h̄₃ = 1. The two modes must agree with each other, with a central
difference and with the catalog's σ′.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .... import math as fm
from ....catalog import ACTIVATIONS
from ...model import Answer, Para, Problem, Rounding, Step
from ...registry import Options, Redraw
from .._basic import (
    Text,
    Value,
    conventions,
    decimal,
    halves,
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
from .finite_difference import sigmoid

V = fm.Var


@dataclass(frozen=True)
class Graph:
    """The inputs (w, x, b, and t under the loss), the net input z, σ(z) and σ′(z), exact."""

    w: list[Fraction]
    x: list[Fraction]
    b: Fraction
    t: Fraction
    with_loss: bool
    z: Fraction
    s: Value
    ds: Value

    @property
    def n_in(self) -> int:
        return len(self.w)

    @property
    def out_name(self) -> str:
        return "L" if self.with_loss else "f"


@dataclass(frozen=True)
class Modes:
    """The forward-mode tangent of σ(h) w.r.t. w₁, the reverse-mode adjoint of the net input and
    every gradient (∂/∂w₁, …, ∂/∂b): exact, and as carried (``_c``)."""

    tangent: Value
    tangent_c: Value
    adjoint: Value
    adjoint_c: Value
    grads: list[Value]
    grads_c: list[Value]


def build_autodiff_modes(rng: random.Random, options: Options) -> Problem:
    """f = σ(w·x + b) (difficulty 1), with two inputs (2), or L = ½(f − t)² on top (3)."""
    rounding = rounding_for(options)
    w, x, b = _draw_inputs(rng, options)
    z = sum(wi * xi for wi, xi in zip(w, x, strict=False)) + b
    if abs(float(z)) > 3:
        raise Redraw("saturated")
    s = Fraction(1, 2) if z == 0 else sigmoid(float(z))
    ds = s * (1 - s)
    verify(ACTIVATIONS["sigmoid"].grad(np.array([float(z)]), np.array([float(s)]), {})[0], ds, "σ′")
    with_loss = options.difficulty == 3
    t = Fraction(pick(rng, [0, 1]))
    g = Graph(w, x, b, t, with_loss, z, s, ds)
    modes = _modes(g, rounding)
    graph = _graph(g)
    return make_problem(
        options,
        Text("Forward and reverse mode", "前向模式与反向模式"),
        _statement(g, graph),
        _answers(g, modes, rounding),
        _steps(g, graph, modes, rounding),
        conventions(options, rounding),
    )


def _draw_inputs(
    rng: random.Random, options: Options
) -> tuple[list[Fraction], list[Fraction], Fraction]:
    """w, x and b; without a calculator b = −w·x, so that z = 0: σ = ½ and σ′ = ¼ exactly."""
    n_in = 1 if options.difficulty == 1 else 2
    w = [
        halves(rng, -2, 2) if not options.calculator else decimal(rng, -2, 2, 1)
        for _ in range(n_in)
    ]
    x = [halves(rng, -2, 2) for _ in range(n_in)]
    if options.calculator:
        b = decimal(rng, -1, 1, 1, nonzero=False)
    else:
        b = -sum(wi * xi for wi, xi in zip(w, x, strict=False))  # z = 0: σ = ½, σ′ = ¼ exactly
    return w, x, b


def _modes(g: Graph, rounding: Rounding) -> Modes:
    """Forward mode w.r.t. w₁: ḣ(w₁x₁) = x₁, ḣ(sum) = x₁, ḣ(σ) = σ′·x₁ (· (f − t) for the loss);
    reverse mode: adjoints from the top. Checked against each other and a central difference."""
    q = lambda v: round_value(v, rounding)  # noqa: E731
    top = (g.s - g.t) if g.with_loss else Fraction(1)  # ∂out/∂f
    tangent = q(q(g.ds) * g.x[0])
    tangent_exact = g.ds * g.x[0]
    adj_z_exact = top * g.ds
    grads_exact = [adj_z_exact * xi for xi in g.x] + [adj_z_exact]
    verify(tangent_exact * top, grads_exact[0], "forward vs reverse mode ∂/∂w₁")
    central = (
        _out(g.w[0] + 1e-6, g.w, g.x, g.b, g.t, g.with_loss)
        - _out(g.w[0] - 1e-6, g.w, g.x, g.b, g.t, g.with_loss)
    ) / 2e-6
    verify(central, grads_exact[0], "reverse mode vs central difference", tol=1e-6)
    top_c = q(q(g.s) - g.t) if g.with_loss else Fraction(1)
    adj_z = q(top_c * q(g.ds))
    grads_c = [q(adj_z * xi) for xi in g.x] + [adj_z]
    return Modes(tangent_exact, tangent, adj_z_exact, adj_z, grads_exact, grads_c)


def _graph(g: Graph) -> list[fm.Node]:
    """hᵢ = wᵢxᵢ, h = Σhᵢ + b, h' = σ(h) (and L = ½(h' − t)²)."""
    hz, hs = str(g.n_in + 1), str(g.n_in + 2)
    prods = [
        fm.eq(V("h", sub=str(i + 1)), fm.mul(V("w", sub=str(i + 1)), V("x", sub=str(i + 1))))
        for i in range(g.n_in)
    ]
    sum_f = fm.eq(V("h", sub=hz), fm.add(*[V("h", sub=str(i + 1)) for i in range(g.n_in)], V("b")))
    sig_f = fm.eq(V("h", sub=hs), fm.Call("σ", (V("h", sub=hz),)))
    graph = prods + [sum_f, sig_f]
    if g.with_loss:
        graph.append(
            fm.eq(
                V("L"),
                fm.mul(
                    fm.num(Fraction(1, 2)),
                    fm.Pow(fm.Paren(fm.sub(V("h", sub=hs), V("t"))), fm.num(2)),
                ),
            )
        )
    return graph


def _statement(g: Graph, graph: list[fm.Node]) -> list[Para]:
    """The graph with its inputs, and the two tables to fill in."""
    inputs = fm.Op(
        ",",
        tuple(
            [fm.eq(V("w", sub=str(i + 1)), show(wi)) for i, wi in enumerate(g.w)]
            + [fm.eq(V("x", sub=str(i + 1)), show(xi)) for i, xi in enumerate(g.x)]
            + [fm.eq(V("b"), show(g.b))]
            + ([fm.eq(V("t"), show(g.t))] if g.with_loss else [])
        ),
    )
    return [
        para(
            Text("Computation graph: ", "计算图："),
            fm.Op(",", tuple(graph)),
            Text(" with ", "，其中 "),
            inputs,
            Text(".", "。"),
        ),
        para(
            Text(
                "Fill in the forward-mode table (value and tangent ḣᵢ = ∂hᵢ/∂w₁ of each hᵢ) and the reverse-mode "
                "table (adjoint ∂{o}/∂hᵢ), then give every gradient of {o}.",
                "填写前向模式表（每个 hᵢ 的值与切向量 ḣᵢ = ∂hᵢ/∂w₁）与反向模式表（伴随值 ∂{o}/∂hᵢ），并给出 {o} 的所有梯度。",
            ).format(o=g.out_name)
        ),
    ]


def _steps(g: Graph, graph: list[fm.Node], modes: Modes, rounding: Rounding) -> list[Step]:
    """Values, the forward-mode tangent, the reverse-mode adjoint, every gradient."""
    q = lambda v: round_value(v, rounding)  # noqa: E731
    hz, hs = str(g.n_in + 1), str(g.n_in + 2)
    sigma_prime = fm.Call("σ", (V("h", sub=hz),), prime=1)
    vals = [q(wi * xi) for wi, xi in zip(g.w, g.x, strict=False)]
    return [
        step(
            Text("Forward pass: values", "前向计算：数值"),
            fm.Op(",", tuple(graph[:-1] if g.with_loss else graph)),
            fm.Op(",", tuple(show(v, rounding) for v in vals) + (show(q(g.z), rounding),)),
            show(q(g.s), rounding),
            answer_id="value",
        ),
        step(
            Text(
                "Forward mode: tangents w.r.t. w₁ (seed ẇ₁ = 1)",
                "前向模式：对 w₁ 的切向量（种子 ẇ₁ = 1）",
            ),
            fm.eq(V("ḣ", sub=hs), fm.mul(sigma_prime, V("ḣ", sub=hz))),
            fm.mul(show(q(g.ds), rounding), show(g.x[0])),
            show(modes.tangent_c, rounding),
            answer_id="tangent",
            note=Text(
                "ḣ₁ = x₁, the sum passes it on: ḣ = ḣ₁; one forward sweep per input.",
                "ḣ₁ = x₁，加法原样传递：ḣ = ḣ₁；每个输入需要一次前向遍历。",
            ),
        ),
        step(
            Text(
                "Reverse mode: adjoints from the output (seed 1)",
                "反向模式：从输出开始的伴随值（种子为 1）",
            ),
            fm.eq(
                fm.Partial(V(g.out_name), V("h", sub=hz)),
                fm.mul(
                    *(
                        ([fm.Paren(fm.sub(V("h", sub=hs), V("t")))] if g.with_loss else [])
                        + [sigma_prime]
                    )
                ),
            ),
            fm.mul(
                *(
                    ([fm.Paren(fm.sub(show(q(g.s), rounding), show(g.t)))] if g.with_loss else [])
                    + [show(q(g.ds), rounding)]
                )
            ),
            show(modes.adjoint_c, rounding),
            answer_id="adjoint",
            note=Text(
                "one backward sweep gives every gradient: ∂/∂wᵢ = adjoint · xᵢ, ∂/∂b = adjoint",
                "一次反向遍历得到所有梯度：∂/∂wᵢ = 伴随值 · xᵢ，∂/∂b = 伴随值",
            ),
        ),
        step(
            Text("Gradients", "梯度"),
            fm.Op(
                ",",
                tuple(
                    [fm.Partial(V(g.out_name), V("w", sub=str(i + 1))) for i in range(g.n_in)]
                    + [fm.Partial(V(g.out_name), V("b"))]
                ),
            ),
            None,
            fm.Op(",", tuple(show(v, rounding) for v in modes.grads_c)),
            answer_id="grad_w1",
        ),
    ]


def _answers(g: Graph, modes: Modes, rounding: Rounding) -> list[Answer]:
    """σ(h), the tangent, the adjoint and every gradient."""
    o = g.out_name
    answers = [
        number_answer(
            "value", Text("value of σ(h)", "σ(h) 的值"), g.s, round_value(g.s, rounding), rounding
        ),
        number_answer(
            "tangent",
            Text("forward-mode tangent of σ(h) w.r.t. w₁", "σ(h) 对 w₁ 的前向模式切向量"),
            modes.tangent,
            modes.tangent_c,
            rounding,
            steps_carried=2,
        ),
        number_answer(
            "adjoint",
            Text("reverse-mode adjoint of the net input", "净输入的反向模式伴随值"),
            modes.adjoint,
            modes.adjoint_c,
            rounding,
            steps_carried=2,
        ),
    ]
    for i in range(g.n_in):
        answers.append(
            number_answer(
                f"grad_w{i + 1}",
                Text("∂{o}/∂w{i}", "∂{o}/∂w{i}").format(o=o, i=i + 1),
                modes.grads[i],
                modes.grads_c[i],
                rounding,
                steps_carried=3,
            )
        )
    answers.append(
        number_answer(
            "grad_b",
            Text("∂{o}/∂b", "∂{o}/∂b").format(o=o),
            modes.grads[-1],
            modes.grads_c[-1],
            rounding,
            steps_carried=3,
        )
    )
    return answers


def _out(w1: float, w: list, x: list, b: Any, t: Any, with_loss: bool) -> float:
    z = (
        float(w1) * float(x[0])
        + sum(float(wi) * float(xi) for wi, xi in zip(w[1:], x[1:], strict=False))
        + float(b)
    )
    s = sigmoid(z)
    return 0.5 * (s - float(t)) ** 2 if with_loss else s
