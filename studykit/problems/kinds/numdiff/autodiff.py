"""``autodiff_modes``: f = σ(w·x + b) as a graph of primitive nodes — hᵢ = wᵢxᵢ, h_s = Σhᵢ + b,
h_σ = σ(h_s) — with L = ½(h_σ − t)² on top at difficulty 3 (two inputs from difficulty 2).

Forward mode fills a table of values and tangents ḣ = ∂h/∂w₁ (seed ẇ₁ = 1): ḣᵢ = ẇᵢxᵢ,
ḣ_s = Σḣᵢ, ḣ_σ = σ′(h_s)ḣ_s, L̇ = (h_σ − t)ḣ_σ. Reverse mode fills a table of adjoints
h̄ = ∂out/∂h from the seed 1: h̄_σ = h_σ − t (or 1), h̄_s = h̄_σσ′(h_s), h̄ᵢ = h̄_s, and then
∂out/∂wᵢ = h̄ᵢxᵢ, ∂out/∂b = h̄_s. Every printed value is rounded and carried as printed; the
exact sweep must agree with itself across the modes, with a central difference and with the
catalog's NumPy σ′.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, fields
from fractions import Fraction

import numpy as np

from .... import math as fm
from ....catalog import ACTIVATIONS, EXACT
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

V = fm.Var
SIGMOID = ACTIVATIONS["sigmoid"]


@dataclass(frozen=True)
class Graph:
    """The inputs: weights w, inputs x, bias b, and the target t under the loss."""

    w: list[Fraction]
    x: list[Fraction]
    b: Fraction
    t: Fraction
    with_loss: bool

    @property
    def n_in(self) -> int:
        return len(self.w)

    @property
    def out_name(self) -> str:
        return "L" if self.with_loss else "f"

    def h(self, k: int, mark: str = "") -> fm.Var:
        """Node k of the graph (1…n the products, n + 1 the sum, n + 2 the sigmoid)."""
        return V("h" + mark, sub=str(k))

    @property
    def sum_node(self) -> int:
        return self.n_in + 1

    @property
    def sigmoid_node(self) -> int:
        return self.n_in + 2


@dataclass(frozen=True)
class Sweep:
    """Both modes on one route (exact, or rounded and carried as printed): the values of the
    nodes, σ′ at the sum, the tangents w.r.t. w₁, the adjoints and the gradients."""

    products: list[Value]
    z: Value
    s: Value
    ds: Value
    loss: Value | None
    tangent_s: Value
    tangent_loss: Value | None
    adjoint_s: Value
    adjoint_z: Value
    grads: list[Value]


def build_autodiff_modes(rng: random.Random, options: Options) -> Problem:
    """f = σ(w·x + b) (difficulty 1), with two inputs (2), or L = ½(f − t)² on top (3)."""
    rounding = rounding_for(options)
    w, x, b = _draw_inputs(rng, options)
    z = sum(wi * xi for wi, xi in zip(w, x, strict=True)) + b
    if abs(float(z)) > 3:
        raise Redraw("saturated")
    g = Graph(w, x, b, Fraction(pick(rng, [0, 1])), options.difficulty == 3)
    exact = _sweep(g, lambda v: v)
    _verify(g, exact)
    carried = _sweep(g, lambda v: round_value(v, rounding))
    keyed = exact if z == 0 else _floats(exact)  # σ(z ≠ 0) is not rational: no p/q in the key
    return make_problem(
        options,
        Text("Forward and reverse mode", "前向模式与反向模式"),
        _statement(g),
        _answers(g, keyed, carried, rounding),
        _forward_steps(g, carried, rounding) + _reverse_steps(g, carried, rounding),
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
        b = -sum(wi * xi for wi, xi in zip(w, x, strict=True))
    return w, x, b


def _sweep(g: Graph, q: Callable[[Value], Value]) -> Sweep:
    """Forward values and tangents, then reverse adjoints, each value passed through ``q``
    (the identity, or rounding as printed) before it is used again."""
    products = [q(wi * xi) for wi, xi in zip(g.w, g.x, strict=True)]
    z = q(sum(products) + g.b)
    s = q(SIGMOID.formula(EXACT, Fraction(z), {}))
    ds = q(s * (1 - s))  # σ′ in its exam form, on σ as printed
    tangent_s = q(ds * g.x[0])  # ḣ_s = ḣ₁ = x₁
    loss = q(Fraction(1, 2) * (s - g.t) ** 2) if g.with_loss else None
    tangent_loss = q((s - g.t) * tangent_s) if g.with_loss else None
    adjoint_s = (s - g.t) if g.with_loss else Fraction(1)
    adjoint_z = q(adjoint_s * ds)
    grads = [q(adjoint_z * xi) for xi in g.x] + [adjoint_z]
    return Sweep(products, z, s, ds, loss, tangent_s, tangent_loss, adjoint_s, adjoint_z, grads)


def _floats(sweep: Sweep) -> Sweep:
    """The sweep's values as floats (for a key whose exact value is transcendental)."""

    def as_float(v: Value | list[Value] | None) -> float | list[float] | None:
        if isinstance(v, list):
            return [float(x) for x in v]
        return None if v is None else float(v)

    return Sweep(**{f.name: as_float(getattr(sweep, f.name)) for f in fields(Sweep)})


def _verify(g: Graph, exact: Sweep) -> None:
    """The exact sweep against the catalog's NumPy σ′, across the two modes and against a
    central difference of the output in w₁."""
    z = float(exact.z)
    a = SIGMOID.fn(np.array([z]), {})
    verify(SIGMOID.grad(np.array([z]), a, {})[0], exact.ds, "σ′")
    forward = exact.tangent_loss if g.with_loss else exact.tangent_s
    verify(forward, exact.grads[0], "forward vs reverse mode ∂/∂w₁")
    step = 1e-6
    central = (_output(g, step) - _output(g, -step)) / (2 * step)
    verify(central, exact.grads[0], "reverse mode vs central difference", tol=1e-6)


def _output(g: Graph, dw1: float) -> float:
    """The output as floats with w₁ moved by ``dw1`` (the central difference's route)."""
    w = [float(g.w[0]) + dw1] + [float(v) for v in g.w[1:]]
    z = sum(wi * float(xi) for wi, xi in zip(w, g.x, strict=True)) + float(g.b)
    s = float(SIGMOID.fn(np.array([z]), {})[0])
    return 0.5 * (s - float(g.t)) ** 2 if g.with_loss else s


def _graph(g: Graph) -> list[fm.Node]:
    """hᵢ = wᵢxᵢ, h_s = Σhᵢ + b, h_σ = σ(h_s) (and L = ½(h_σ − t)²)."""
    nodes: list[fm.Node] = [
        fm.eq(g.h(i + 1), fm.mul(V("w", sub=str(i + 1)), V("x", sub=str(i + 1))))
        for i in range(g.n_in)
    ]
    nodes.append(fm.eq(g.h(g.sum_node), fm.add(*[g.h(i + 1) for i in range(g.n_in)], V("b"))))
    nodes.append(fm.eq(g.h(g.sigmoid_node), fm.Call("σ", (g.h(g.sum_node),))))
    if g.with_loss:
        nodes.append(fm.eq(V("L"), _loss_formula(g.h(g.sigmoid_node), V("t"))))
    return nodes


def _loss_formula(out: fm.Node, target: fm.Node) -> fm.Node:
    """½(out − t)²."""
    return fm.mul(fm.num(Fraction(1, 2)), fm.Pow(fm.Paren(fm.sub(out, target)), fm.num(2)))


def _statement(g: Graph) -> list[Para]:
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
            fm.Op(",", tuple(_graph(g))),
            Text(" with ", "，其中 "),
            inputs,
            Text(".", "。"),
        ),
        para(
            Text(
                "Fill in the forward-mode table (the value of each node and its tangent "
                "ḣ = ∂h/∂w₁, seeded with ẇ₁ = 1) and the reverse-mode table (each node's "
                "adjoint h̄ = ∂{o}/∂h, seeded with {o}̄ = 1), then give every gradient of {o}.",
                "填写前向模式表（每个节点的值及其切向量 ḣ = ∂h/∂w₁，种子 ẇ₁ = 1）与反向模式表"
                "（每个节点的伴随值 h̄ = ∂{o}/∂h，种子 {o}̄ = 1），并给出 {o} 的所有梯度。",
            ).format(o=g.out_name)
        ),
    ]


def _product(*factors: fm.Node) -> fm.Node:
    """Printed factors side by side, negative numbers in brackets: (−0.5) · 1.5."""
    return fm.mul(
        *[fm.Paren(f) if isinstance(f, fm.Num) and f.text.startswith("−") else f for f in factors]
    )


def _forward_steps(g: Graph, c: Sweep, rounding: Rounding) -> list[Step]:
    """Forward mode, node by node: its value, then its tangent w.r.t. w₁."""
    n = lambda v: show(v, rounding)  # noqa: E731
    sig, hs = g.h(g.sigmoid_node), g.h(g.sum_node)
    value = Text("Forward mode, {h}: value", "前向模式，{h}：值")
    tangent = Text("Forward mode, {h}: tangent", "前向模式，{h}：切向量")
    steps: list[Step] = []
    for i in range(g.n_in):
        k, wi, xi = i + 1, V("w", sub=str(i + 1)), V("x", sub=str(i + 1))
        name = fm.to_text(g.h(k))
        steps.append(
            step(
                value.format(h=name),
                fm.eq(g.h(k), fm.mul(wi, xi)),
                _product(show(g.w[i]), show(g.x[i])),
                n(c.products[i]),
            )
        )
        steps.append(
            step(
                tangent.format(h=name),
                fm.eq(g.h(k, "̇"), fm.mul(V("ẇ", sub=str(k)), xi)),
                _product(fm.num(1 if k == 1 else 0), show(g.x[i])),
                show(g.x[0] if k == 1 else Fraction(0)),
            )
        )
    sum_name = fm.to_text(hs)
    summands = [g.h(i + 1) for i in range(g.n_in)]
    steps.append(
        step(
            value.format(h=sum_name),
            fm.eq(hs, fm.add(*summands, V("b"))),
            fm.add(*[n(v) for v in c.products], show(g.b)),
            n(c.z),
        )
    )
    steps.append(
        step(
            tangent.format(h=sum_name),
            fm.eq(g.h(g.sum_node, "̇"), fm.add(*[g.h(i + 1, "̇") for i in range(g.n_in)])),
            fm.add(*[show(g.x[0] if i == 0 else Fraction(0)) for i in range(g.n_in)])
            if g.n_in > 1
            else None,
            show(g.x[0]),
            note=Text("ḃ = 0: b does not depend on w₁", "ḃ = 0：b 与 w₁ 无关"),
        )
    )
    sig_name = fm.to_text(sig)
    steps.append(
        step(
            value.format(h=sig_name),
            fm.eq(sig, fm.Call("σ", (hs,))),
            fm.Call("σ", (n(c.z),)),
            n(c.s),
            answer_id="value",
        )
    )
    steps.append(_local_derivative_step(g, c, rounding))
    steps.append(
        step(
            tangent.format(h=sig_name),
            fm.eq(
                g.h(g.sigmoid_node, "̇"), fm.mul(fm.Call("σ", (hs,), prime=1), g.h(g.sum_node, "̇"))
            ),
            _product(n(c.ds), show(g.x[0])),
            n(c.tangent_s),
            answer_id="tangent",
        )
    )
    if g.with_loss:
        steps += _forward_loss_steps(g, c, rounding)
    return steps


def _local_derivative_step(g: Graph, c: Sweep, rounding: Rounding) -> Step:
    """σ′(h_s) = h_σ(1 − h_σ): the local derivative both modes use."""
    n = lambda v: show(v, rounding)  # noqa: E731
    sig = g.h(g.sigmoid_node)
    return step(
        Text("Local derivative of σ (used by both modes)", "σ 的局部导数（两种模式都要用）"),
        fm.eq(
            fm.Call("σ", (g.h(g.sum_node),), prime=1), fm.mul(sig, fm.Paren(fm.sub(fm.num(1), sig)))
        ),
        fm.mul(n(c.s), fm.Paren(fm.sub(fm.num(1), n(c.s)))),
        n(c.ds),
    )


def _forward_loss_steps(g: Graph, c: Sweep, rounding: Rounding) -> list[Step]:
    """L = ½(h_σ − t)² and L̇ = (h_σ − t)ḣ_σ."""
    n = lambda v: show(v, rounding)  # noqa: E731
    sig = g.h(g.sigmoid_node)
    return [
        step(
            Text("Forward mode, L: value", "前向模式，L：值"),
            fm.eq(V("L"), _loss_formula(sig, V("t"))),
            _loss_formula(n(c.s), show(g.t)),
            n(c.loss),
            answer_id="loss",
        ),
        step(
            Text("Forward mode, L: tangent (= ∂L/∂w₁)", "前向模式，L：切向量（= ∂L/∂w₁）"),
            fm.eq(V("L̇"), fm.mul(fm.Paren(fm.sub(sig, V("t"))), g.h(g.sigmoid_node, "̇"))),
            fm.mul(fm.Paren(fm.sub(n(c.s), show(g.t))), fm.Paren(n(c.tangent_s))),
            n(c.tangent_loss),
            answer_id="loss_tangent",
            note=Text(
                "one forward sweep gives the derivative w.r.t. one input only: ∂L/∂w₂ and ∂L/∂b "
                "would need a sweep each",
                "一次前向遍历只得到对一个输入的导数：∂L/∂w₂ 与 ∂L/∂b 各需再遍历一次",
            ),
        ),
    ]


def _reverse_steps(g: Graph, c: Sweep, rounding: Rounding) -> list[Step]:
    """Reverse mode from the output: h̄_σ, h̄_s, then every gradient from one sweep."""
    n = lambda v: show(v, rounding)  # noqa: E731
    o = g.out_name
    sig, hs = g.h(g.sigmoid_node), g.h(g.sum_node)
    bar_sig, bar_sum = g.h(g.sigmoid_node, "̄"), g.h(g.sum_node, "̄")
    steps: list[Step] = []
    if g.with_loss:
        steps.append(
            step(
                Text("Reverse mode, {h}: adjoint", "反向模式，{h}：伴随值").format(
                    h=fm.to_text(sig)
                ),
                fm.eq(bar_sig, fm.mul(V("L̄"), fm.Paren(fm.sub(sig, V("t"))))),
                fm.mul(fm.num(1), fm.Paren(fm.sub(n(c.s), show(g.t)))),
                n(c.adjoint_s),
                note=Text("seed L̄ = ∂L/∂L = 1", "种子 L̄ = ∂L/∂L = 1"),
            )
        )
    steps.append(
        step(
            Text("Reverse mode, {h}: adjoint", "反向模式，{h}：伴随值").format(h=fm.to_text(hs)),
            fm.eq(bar_sum, fm.mul(bar_sig, fm.Call("σ", (hs,), prime=1))),
            _product(n(c.adjoint_s), n(c.ds)),
            n(c.adjoint_z),
            answer_id="adjoint",
            note=None
            if g.with_loss
            else Text("seed {b} = ∂f/∂{h} = 1", "种子 {b} = ∂f/∂{h} = 1").format(
                b=fm.to_text(bar_sig), h=fm.to_text(sig)
            ),
        )
    )
    passes = " = ".join(fm.to_text(g.h(k, "̄")) for k in range(1, g.sum_node + 1))
    for i in range(g.n_in):
        k = i + 1
        steps.append(
            step(
                Text("Gradient ∂{o}/∂w{k}", "梯度 ∂{o}/∂w{k}").format(o=o, k=_sub(k)),
                fm.eq(
                    fm.Partial(V(o), V("w", sub=str(k))),
                    fm.mul(g.h(k, "̄"), V("x", sub=str(k))),
                ),
                _product(n(c.adjoint_z), show(g.x[i])),
                n(c.grads[i]),
                answer_id=f"grad_w{k}",
                note=Text(
                    "the sum passes its adjoint to every summand: {p}, and ∂h{k}/∂w{k} = x{k}",
                    "加法把伴随值原样传给每个加数：{p}，且 ∂h{k}/∂w{k} = x{k}",
                ).format(p=passes, k=_sub(k))
                if i == 0
                else None,
            )
        )
    steps.append(
        step(
            Text("Gradient ∂{o}/∂b", "梯度 ∂{o}/∂b").format(o=o),
            fm.eq(fm.Partial(V(o), V("b")), fm.mul(bar_sum, fm.num(1))),
            _product(n(c.adjoint_z), fm.num(1)),
            n(c.grads[-1]),
            answer_id="grad_b",
            note=Text(
                "one reverse sweep gives every gradient at once",
                "一次反向遍历同时得到所有梯度",
            ),
        )
    )
    return steps


def _sub(k: int) -> str:
    return "".join(chr(0x2080 + int(d)) for d in str(k))


def _answers(g: Graph, e: Sweep, c: Sweep, rounding: Rounding) -> list[Answer]:
    """The table entries a grader marks: σ's value and tangent (L's too under the loss), the
    adjoint of the net input and every gradient; each keyed as the solution carries it."""
    o = g.out_name
    sig = fm.to_text(g.h(g.sigmoid_node))
    answers = [
        number_answer("value", Text("value of {h}", "{h} 的值").format(h=sig), e.s, c.s, rounding),
        number_answer(
            "tangent",
            Text("tangent ḣ{k} = ∂{h}/∂w₁", "切向量 ḣ{k} = ∂{h}/∂w₁").format(
                h=sig, k=_sub(g.sigmoid_node)
            ),
            e.tangent_s,
            c.tangent_s,
            rounding,
            steps_carried=3,
        ),
    ]
    if g.with_loss:
        answers += [
            number_answer("loss", Text("value of L", "L 的值"), e.loss, c.loss, rounding, 2),
            number_answer(
                "loss_tangent",
                Text("tangent L̇ = ∂L/∂w₁", "切向量 L̇ = ∂L/∂w₁"),
                e.tangent_loss,
                c.tangent_loss,
                rounding,
                steps_carried=4,
            ),
        ]
    answers.append(
        number_answer(
            "adjoint",
            Text("adjoint h̄{k} = ∂{o}/∂h{k}", "伴随值 h̄{k} = ∂{o}/∂h{k}").format(
                o=o, k=_sub(g.sum_node)
            ),
            e.adjoint_z,
            c.adjoint_z,
            rounding,
            steps_carried=3,
        )
    )
    for i in range(g.n_in):
        answers.append(
            number_answer(
                f"grad_w{i + 1}",
                Text("∂{o}/∂w{i}", "∂{o}/∂w{i}").format(o=o, i=_sub(i + 1)),
                e.grads[i],
                c.grads[i],
                rounding,
                steps_carried=4,
            )
        )
    answers.append(
        number_answer(
            "grad_b",
            Text("∂{o}/∂b", "∂{o}/∂b").format(o=o),
            e.grads[-1],
            c.grads[-1],
            rounding,
            steps_carried=3,
        )
    )
    return answers
