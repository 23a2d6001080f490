"""What a statement must state about an activation, written from the catalog: its name, its
formula, every parameter with its value, and what Φ and φ are. The same record goes into the
problem's ``givens``, so the self-check and the completeness test read what the statement says.
"""

from __future__ import annotations

from typing import Any

from ... import math as fm
from ...catalog import get_activation
from ...i18n import Text
from ...math.algebra import NODES, tidy
from ...math.walk import variables, with_values
from ..model import Para
from ..selfcheck import Evaluator

NORMAL = Text(
    "Φ and φ are the standard normal cdf and pdf: read Φ(z) from a table or compute it as "
    "Φ(z) = ½(1 + erf(z/√2)), and φ(z) = e^(−z²/2)/√(2π).",
    "Φ 与 φ 是标准正态分布的分布函数与密度函数：Φ(z) 可查表，也可按 Φ(z) = ½(1 + erf(z/√2)) "
    "计算；φ(z) = e^(−z²/2)/√(2π)。",
)


def activation_givens(name: str, params: dict[str, Any]) -> dict[str, Any]:
    """The ``givens`` entry of an activation: its name and every parameter's value."""
    act = get_activation(name)
    values = {**act.defaults(), **params}
    return {"name": name, **{p.name: float(values[p.name]) for p in act.params}}


def formula(name: str, symbolic: bool = True) -> fm.Node:
    """f(z) as printed: parameters as their symbols (γ, β, α), or as their default values."""
    act = get_activation(name)
    p: dict[str, Any] = (
        {q.name: fm.Var(q.shown) for q in act.params} if symbolic else act.defaults()
    )
    return tidy(act.formula(NODES, fm.Var("z"), p))


def exam_form(name: str, output: fm.Node, params: dict[str, Any] | None = None) -> fm.Node:
    """f′(z) in the catalog's exam form; ``output`` stands for a = f(z); parameters as symbols
    unless their values are given."""
    act = get_activation(name)
    p = params if params is not None else {q.name: fm.Var(q.shown) for q in act.params}
    return tidy(act.exam_form(NODES, fm.Var("z"), output, p))


def uses_normal(node: fm.Node) -> bool:
    return any(c in fm.to_text(node) for c in "Φφ")


def activation_paragraph(name: str, params: dict[str, Any]) -> Para:
    """ "Activation: leaky ReLU, f(z) = max(0, z) + γ·min(0, z), with γ = 0.5 (slope γ for
    z ≤ 0) — everything the answer depends on."""
    act = get_activation(name)
    values = {**act.defaults(), **params}
    parts: list[Any] = [
        Text("Activation: ", "激活函数：") + act.title + Text(", ", "，"),
        fm.eq(fm.Call("f", (fm.Var("z"),)), formula(name)),
    ]
    for i, p in enumerate(act.params):
        head = Text(", with ", "，其中 ") if i == 0 else Text(", ", "，")
        parts += [
            head,
            fm.eq(fm.Var(p.shown), fm.num(values[p.name])),
            Text(" (", "（") + p.title + Text(")", "）"),
        ]
    parts.append(Text(".", "。"))
    if uses_normal(formula(name)) or uses_normal(exam_form(name, fm.Var("a"))):
        parts.append(Text(" ", "") + NORMAL)
    return Para(tuple(parts))


def uses_output(name: str) -> bool:
    """Whether the exam form is written through the output a = f(z) (σ′ = a(1 − a))."""
    return "a" in variables(exam_form(name, fm.Var("a")))


def exam_form_at(name: str, z: Any, a: Any, params: dict[str, Any]) -> fm.Node:
    """The exam form with the numbers put in (z, the printed a, the parameters); of a piecewise
    form, the branch that holds at z, as a student writes it."""
    numeric = exam_form(name, fm.Var("a"), {k: fm.num(v) for k, v in params.items()})
    values = {"z": fm.num(z)} | ({"a": fm.num(a)} if a is not None else {})
    numeric = with_values(numeric, values)
    if isinstance(numeric, fm.Cases):
        numeric = Evaluator({name: params}).chosen(numeric)
    return numeric
