"""The loss and output-error formulas of a network's worked solution, for every catalog loss.

- ``L = ½‖a⁽ᴸ⁾ − t‖²`` (MSE), ``L = −log a_k`` (cross entropy, one-hot t), ``J = −log σ(s)``
  (cs224n), else the catalog's formula ``ℓ(ŷ, t)`` written out entry by entry;
- ``δ⁽ᴸ⁾ = ŷ − t`` after softmax + cross entropy or sigmoid + binary cross entropy, else
  ``δ⁽ᴸ⁾ = ∂L/∂ŷ ⊙ f′(z⁽ᴸ⁾)`` with ``∂L/∂ŷ`` in the catalog's exam form (``ŷ − t`` for MSE).

Builders over :data:`~studykit.math.algebra.NODES` print what the hand route computes with the
same builders over exact numbers, so a printed step re-evaluates to its printed result.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import math as fm
from ..catalog import LOSSES, get_activation
from ..i18n import Text
from ..math.algebra import NODES, tidy
from .carried import one_hot

ONE = fm.Num("1")


def without_zero_terms(node: fm.Node) -> fm.Node:
    """``0 + x + y`` → ``x + y`` everywhere in ``node`` (a builder's ``sum`` starts at 0)."""
    if isinstance(node, fm.Op):
        args = [without_zero_terms(a) for a in node.args]
        if node.op == "+":
            kept = [a for a in args if not (isinstance(a, fm.Num) and a.value == 0)]
            args = kept or args[:1]
            if len(args) == 1:
                return args[0]
        return fm.Op(node.op, tuple(args))
    if isinstance(node, fm.Neg):
        return fm.Neg(without_zero_terms(node.arg))
    if isinstance(node, fm.Frac):
        return fm.Frac(without_zero_terms(node.num), without_zero_terms(node.den))
    if isinstance(node, fm.Paren | fm.Sqrt | fm.Abs):
        return type(node)(without_zero_terms(node.arg))
    if isinstance(node, fm.Call):
        args = tuple(without_zero_terms(a) for a in node.args)
        return fm.Call(node.name, args, node.prime, node.sup)
    if isinstance(node, fm.Pow):
        return fm.Pow(without_zero_terms(node.base), node.exp)
    if isinstance(node, fm.Cases):
        rows = tuple((without_zero_terms(v), without_zero_terms(c)) for v, c in node.rows)
        return fm.Cases(rows)
    return node


def written(node: Any) -> fm.Node:
    """A builder's node as a person writes it."""
    return without_zero_terms(tidy(fm.as_node(node)))


def output_symbols(depth: int, n: int) -> tuple[list[fm.Node], list[fm.Node]]:
    """``a⁽ᴸ⁾ᵢ`` and ``tᵢ`` for every output entry."""
    ys: list[fm.Node] = [fm.Var("a", sub=str(i + 1), layer=depth) for i in range(n)]
    ts: list[fm.Node] = [fm.Var("t", sub=str(i + 1)) for i in range(n)]
    return ys, ts


def loss_nodes(
    loss: str, out: fm.Node, depth: int, y: Sequence[fm.Node], t: Sequence[Any], t_nodes: Any
) -> tuple[fm.Node, fm.Node]:
    """The loss formula and the numbers put in: ``y`` are the printed outputs as nodes,
    ``t`` the target values, ``t_nodes`` the targets as nodes."""
    if loss == "mse":
        half = fm.Frac(ONE, fm.Num("2"))
        general = fm.mul(half, fm.Norm(fm.sub(out, fm.Var("t")), squared=True))
        squares = [
            fm.Pow(fm.Paren(fm.sub(yi, ti)), fm.Num("2")) for yi, ti in zip(y, t_nodes, strict=True)
        ]
        return general, fm.mul(
            half, squares[0] if len(squares) == 1 else fm.Paren(fm.add(*squares))
        )
    if loss == "cross_entropy" and one_hot(t):
        k = next(i for i, ti in enumerate(t) if ti)
        a_i = fm.Var("a", sub="i", layer=depth)
        general = fm.Neg(fm.Sum(fm.mul(fm.Var("t", sub="i"), fm.Call("log", (a_i,))), "i"))
        return general, fm.Neg(fm.Call("log", (y[k],)))
    if loss == "binary_cross_entropy" and list(t) == [1]:
        return fm.Neg(fm.Call("log", (out,))), fm.Neg(fm.Call("log", (y[0],)))
    ys, ts = output_symbols(depth, len(y))
    formula = LOSSES[loss].formula
    return written(formula(NODES, ys, ts)), written(formula(NODES, list(y), list(t_nodes)))


def loss_gradient_nodes(
    loss: str, depth: int, y: Sequence[fm.Node], t_nodes: Sequence[fm.Node]
) -> tuple[fm.Node, fm.Node]:
    """``∂L/∂ŷ`` in the catalog's exam form, as symbols and with the numbers put in."""
    ys, ts = output_symbols(depth, len(y))
    grad = LOSSES[loss].exam_grad
    general = fm.vector([written(g) for g in grad(NODES, ys, ts)])
    numeric = fm.vector([written(g) for g in grad(NODES, list(y), list(t_nodes))])
    return general, numeric


def exam_form_node(name: str, z: fm.Node, a: fm.Node, params: dict[str, Any]) -> fm.Node:
    """f′ in the catalog's exam form, written with ``z`` and ``a`` (any element-wise entry)."""
    act = get_activation(name)
    return written(act.exam_form(NODES, z, a, {**act.defaults(), **params}))


def exam_derivative(name: str, z: fm.Node, a: fm.Node) -> fm.Node:
    """The exam form of f′ as a formula: σ′ = a ⊙ (1 − a), tanh′ = 1 − a ⊙ a, ReLU′ cases…"""
    if name == "sigmoid":
        return fm.had(a, fm.Paren(fm.sub(ONE, a)))
    if name == "tanh":
        return fm.sub(ONE, fm.had(a, a))
    if name == "identity":
        return ONE
    if name not in EXAM_CASES:
        return exam_form_node(name, z, a, {})
    inside = EXAM_CASES[name]
    return fm.Cases(
        (
            (fm.Num(inside[0]), fm.Word(inside[1])),
            (fm.Num(inside[2]), fm.Word(Text("otherwise", "否则"))),
        )
    )


EXAM_CASES = {
    "relu": ("1", Text("if z > 0", "若 z > 0"), "0"),
    "leaky_relu": ("1", Text("if z > 0", "若 z > 0"), "γ"),
    "hard_tanh": ("1", Text("if −1 < z < 1", "若 −1 < z < 1"), "0"),
    "hard_sigmoid": ("1/4", Text("if −2 < z < 2", "若 −2 < z < 2"), "0"),
}
