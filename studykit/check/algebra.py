"""Math nodes as an algebra for the catalog's builders (``formula``, ``exam_form``), so that the
checker can evaluate — and take apart — a catalog formula with its own evaluator.

``exam_form(NODES, x, a, p)`` with ``x = Var("x")`` and ``a = Var("a")`` gives, for tanh,
``1 − a²`` as a tree: the derivative-mode mistakes are rewrites of that tree
(:mod:`.derivative_mistakes`).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..math.nodes import Abs, Call, Cases, Node, Num, Op, Sqrt, as_node, format_number
from .cases import OTHERWISE


def _call(name: str) -> Any:
    return staticmethod(lambda *args: Call(name, tuple(as_node(a) for a in args)))


def _relation(op: str) -> Any:
    return staticmethod(lambda a, b: Op(op, (as_node(a), as_node(b))))


class NodeAlgebra:
    """SymPy's names (``exp``, ``Piecewise``, ``Gt`` …) building :mod:`studykit.math` nodes."""

    pi = Num("π")
    E = Num("e")
    exp = _call("exp")
    log = _call("log")
    tanh = _call("tanh")
    erf = _call("erf")
    sign = _call("sign")
    sigmoid = _call("σ")
    Phi = _call("Φ")
    phi = _call("φ")
    Max = _call("max")
    Min = _call("min")
    Gt = _relation(">")
    Lt = _relation("<")
    Ge = _relation("≥")
    Le = _relation("≤")

    @staticmethod
    def sqrt(u: Any) -> Node:
        return Sqrt(as_node(u))

    @staticmethod
    def Abs(u: Any) -> Node:  # noqa: N802
        return Abs(as_node(u))

    @staticmethod
    def Rational(p: int, q: int) -> Node:  # noqa: N802
        return Num(format_number(Fraction(p, q)))

    @staticmethod
    def Integer(n: int) -> Node:  # noqa: N802
        return Num(str(n))

    @staticmethod
    def And(*conditions: Any) -> Node:  # noqa: N802
        return Op("∧", tuple(as_node(c) for c in conditions))

    @staticmethod
    def Piecewise(*pairs: tuple[Any, Any]) -> Node:  # noqa: N802
        return Cases(tuple((as_node(v), OTHERWISE if c is True else as_node(c)) for v, c in pairs))


NODES = NodeAlgebra()
