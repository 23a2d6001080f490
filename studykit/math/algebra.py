"""Math nodes as an algebra for the catalog's builders: ``act.exam_form(NODES, z, a, p)`` is the
exam form as a formula every format prints (``σ(z) + z·σ(z)(1 − σ(z))``), written by the same
builder that SymPy proves and the exact route evaluates.

:func:`tidy` then writes the formula as a person would: ``1·z`` is ``z``, ``z·σ(z)`` is
``zσ(z)``, ``a + (−b)`` is ``a − b``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..i18n import Text
from .nodes import (
    Abs,
    Call,
    Cases,
    Frac,
    Mat,
    Neg,
    Node,
    Num,
    Op,
    Paren,
    Pow,
    Sqrt,
    Var,
    Word,
    as_node,
    num,
)

OTHERWISE = Text("otherwise", "否则")


def _call(name: str) -> Any:
    return staticmethod(lambda u: Call(name, (as_node(u),)))


class NodeAlgebra:
    """SymPy's names, building :mod:`studykit.math.nodes` instead of SymPy objects."""

    pi = Var("π")
    exp = _call("exp")
    log = _call("ln")
    tanh = _call("tanh")
    erf = _call("erf")
    sigmoid = _call("σ")
    Phi = _call("Φ")
    phi = _call("φ")
    sign = _call("sign")

    @staticmethod
    def Integer(n: int) -> Num:  # noqa: N802  (SymPy's names)
        return num(n)

    @staticmethod
    def Rational(p: int, q: int) -> Num:  # noqa: N802
        return num(Fraction(p, q))

    @staticmethod
    def sqrt(u: Any) -> Sqrt:
        return Sqrt(as_node(u))

    @staticmethod
    def Abs(u: Any) -> Abs:  # noqa: N802
        return Abs(as_node(u))

    @staticmethod
    def Max(*us: Any) -> Call:  # noqa: N802
        return Call("max", tuple(as_node(u) for u in us))

    @staticmethod
    def Min(*us: Any) -> Call:  # noqa: N802
        return Call("min", tuple(as_node(u) for u in us))

    @staticmethod
    def Gt(a: Any, b: Any) -> Op:  # noqa: N802
        return Op(">", (as_node(a), as_node(b)))

    @staticmethod
    def Ge(a: Any, b: Any) -> Op:  # noqa: N802
        return Op("≥", (as_node(a), as_node(b)))

    @staticmethod
    def Lt(a: Any, b: Any) -> Op:  # noqa: N802
        return Op("<", (as_node(a), as_node(b)))

    @staticmethod
    def Le(a: Any, b: Any) -> Op:  # noqa: N802
        return Op("≤", (as_node(a), as_node(b)))

    @staticmethod
    def And(*conditions: Node) -> Op:  # noqa: N802
        """``lo < z < hi`` for the pair (z > lo, z < hi); else the conditions in a list."""
        if len(conditions) == 2:
            low, high = conditions
            if (
                isinstance(low, Op)
                and isinstance(high, Op)
                and low.op == ">"
                and high.op == "<"
                and low.args[0] == high.args[0]
            ):
                return Op("<", (low.args[1], low.args[0], high.args[1]))
        return Op(",", tuple(conditions))

    @staticmethod
    def Piecewise(*pieces: tuple[Any, Any]) -> Cases:  # noqa: N802
        rows = tuple(
            (as_node(value), Word(OTHERWISE) if condition is True else as_node(condition))
            for value, condition in pieces
        )
        return Cases(rows)


NODES = NodeAlgebra()


# ----------------------------------------------------------------------------- tidy


def tidy(node: Node) -> Node:
    """A formula as a person writes it (see the module docstring); the value is unchanged."""
    if isinstance(node, Op):
        args = [tidy(a) for a in node.args]
        if node.op == "·":
            return _product(args)
        if node.op == "+":
            return _sum(args)
        return Op(node.op, tuple(args))
    if isinstance(node, Neg):
        inner = tidy(node.arg)
        if isinstance(inner, Num) and inner.value is not None:
            return num(-inner.value)
        return Neg(inner)
    if isinstance(node, Frac):
        return Frac(tidy(node.num), tidy(node.den))
    if isinstance(node, Pow):
        return Pow(tidy(node.base), tidy(node.exp))
    if isinstance(node, Call):
        return Call(node.name, tuple(tidy(a) for a in node.args), node.prime, node.sup)
    if isinstance(node, Paren | Sqrt | Abs):
        return type(node)(tidy(node.arg))
    if isinstance(node, Cases):
        return Cases(tuple((tidy(v), tidy(c)) for v, c in node.rows))
    if isinstance(node, Mat):
        return Mat(tuple(tuple(tidy(c) for c in row) for row in node.rows))
    return node


def _is_one(node: Node) -> bool:
    return isinstance(node, Num) and node.value == 1


def _product(args: list[Node]) -> Node:
    """Drop factors of 1 and pull minus signs out; a number leads; symbols, bracketed sums and
    one-letter functions are written side by side (``2z``, ``βzσ(βz)``, ``γα(1 − a²)``),
    anything else keeps its ``·``."""
    negative = sum(isinstance(a, Neg) for a in args) % 2 == 1
    factors = [a.arg if isinstance(a, Neg) else a for a in args]
    factors = [a for a in factors if not _is_one(a)]
    if not factors:
        out: Node = num(1)
    elif len(factors) == 1:
        out = factors[0]
    elif all(_juxtaposable(f) for f in factors) and not any(
        isinstance(f, Num) for f in factors[1:]
    ):
        out = Op("", tuple(Paren(f) if isinstance(f, Op) else f for f in factors))
    else:
        out = Op("·", tuple(factors))
    return Neg(out) if negative else out


def _juxtaposable(node: Node) -> bool:
    if isinstance(node, Num | Var):
        return True
    if isinstance(node, Call):
        return len(node.name) == 1
    if isinstance(node, Pow):
        return _juxtaposable(node.base)
    return isinstance(node, Op) and node.op in ("+", "−")


def _sum(args: list[Node]) -> Node:
    """``a + (−b)`` is ``a − b``."""
    out = args[0]
    for a in args[1:]:
        if isinstance(a, Neg):
            out = Op("−", (out, a.arg))
        elif isinstance(a, Num) and a.value is not None and a.value < 0:
            out = Op("−", (out, num(-a.value)))
        else:
            out = (
                Op("+", (*out.args, a))
                if isinstance(out, Op) and out.op == "+"
                else Op("+", (out, a))
            )
    return out
