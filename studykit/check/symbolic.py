"""SymPy objects from math trees (built node by node from a whitelist, never from text), math
trees from trusted SymPy expressions (answer keys), and time-limited simplification."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import sympy as sp

from ..catalog import ACTIVATIONS
from ..math.nodes import (
    Abs,
    Call,
    Cases,
    Frac,
    Neg,
    Node,
    Num,
    Op,
    Paren,
    Pow,
    Sqrt,
    Var,
    format_number,
    number_value,
)
from ..symbolic.functions import FUNCTIONS, CatalogFunction
from . import limits
from .cases import OTHERWISE
from .errors import err
from .names import activation_of, activation_symbol, key_of, var_of
from .walk import is_otherwise

_ELEMENTARY = {
    "exp": sp.exp,
    "log": sp.log,
    "sign": sp.sign,
    "erf": sp.erf,
    "sin": sp.sin,
    "cos": sp.cos,
    "sinh": sp.sinh,
    "cosh": sp.cosh,
    "sech": sp.sech,
    "ceil": sp.ceiling,
    "floor": sp.floor,
    "H": lambda v: sp.Piecewise((1, v > 0), (0, True)),
    "Φ": lambda v: (1 + sp.erf(v / sp.sqrt(2))) / 2,
    "φ": lambda v: sp.exp(-(v**2) / 2) / sp.sqrt(2 * sp.pi),
}
_PRIME = {"exp": sp.exp, "log": lambda v: 1 / v, "sin": sp.cos, "cos": lambda v: -sp.sin(v),
          "sinh": sp.cosh, "cosh": sp.sinh}  # fmt: skip
_RELATIONS = {"<": sp.Lt, ">": sp.Gt, "≤": sp.Le, "≥": sp.Ge}
LayerFunctions = Mapping[int | None, tuple[str, Mapping[str, Any]]]


def symbol(name: str) -> sp.Symbol:
    """A real symbol (``gamma`` stays a symbol, never Γ)."""
    return sp.Symbol(name, real=True)


class ToSympy:
    """A scalar tree as SymPy (bounds were checked by the evaluator first)."""

    def __init__(self, layer_functions: LayerFunctions | None = None) -> None:
        self.lf = dict(layer_functions or {})

    def __call__(self, node: Node) -> Any:
        match node:
            case Num(text):
                plain = text.replace("−", "-")
                if plain.lstrip("-") in ("e", "π"):
                    c = sp.E if plain.lstrip("-") == "e" else sp.pi
                    return -c if plain.startswith("-") else c
                value = number_value(text) or Fraction(0)
                return sp.Rational(value.numerator, value.denominator)
            case Var():
                return symbol(key_of(node))
            case Paren(arg):
                return self(arg)
            case Neg(arg):
                return -self(arg)
            case Abs(arg):
                return sp.Abs(self(arg))
            case Sqrt(arg):
                return sp.sqrt(self(arg))
            case Frac(a, b):
                return self(a) / self(b)
            case Pow(base, exp):
                return sp.Pow(self(base), self(exp))
            case Op():
                return self.op(node)
            case Cases(rows):
                pieces = [
                    (self(v), True if is_otherwise(c) else self.condition(c)) for v, c in rows
                ]
                return sp.Piecewise(*pieces, (0, True))
            case Call():
                return self.call(node)
        raise err("a matrix cannot be simplified symbolically here", "此处无法对矩阵做符号化简")

    def condition(self, node: Node) -> Any:
        node = node.arg if isinstance(node, Paren) else node
        if isinstance(node, Op) and node.op in _RELATIONS:
            args = [self(a) for a in node.args]
            return sp.And(
                *[_RELATIONS[node.op](a, b) for a, b in zip(args, args[1:], strict=False)]
            )
        if isinstance(node, Op) and node.op in ("∧", "∨"):
            parts = [self.condition(a) for a in node.args]
            return sp.And(*parts) if node.op == "∧" else sp.Or(*parts)
        return sp.Ne(self(node), 0)

    def op(self, node: Op) -> Any:
        if node.op in _RELATIONS or node.op in ("∧", "∨"):
            return sp.Piecewise((1, self.condition(node)), (0, True))
        args = [self(a) for a in node.args]
        if node.op == "+":
            return sp.Add(*args)
        if node.op == "−":
            return args[0] - args[1]
        return sp.Mul(*args)

    def call(self, node: Call) -> Any:
        xs = [self(a) for a in node.args]
        name = node.name
        if name in ("f", "g"):
            key = (
                node.sup
                if node.sup in self.lf
                else next(iter(self.lf))
                if len(self.lf) == 1
                else node.sup
            )
            if key not in self.lf:
                raise err("f is not defined here", "此处没有定义 f")
            act_name, params = self.lf[key]
            xs = [xs[0], *[sp.nsimplify(params[p.name]) for p in ACTIVATIONS[act_name].params]]
            name = activation_symbol(act_name)
        if name in ("max", "min"):
            return (sp.Max if name == "max" else sp.Min)(*xs)
        act = activation_of(name)
        if act is not None and act.name in FUNCTIONS:
            full = xs + [sp.nsimplify(act.defaults()[p.name]) for p in act.params[len(xs) - 1 :]]
            expr = FUNCTIONS[act.name](*full)
            return expr.fdiff(1) if node.prime else expr
        table = _PRIME if node.prime else _ELEMENTARY
        if name not in table:
            raise err("{f} cannot be used here", "{f} 不能在此使用", f=name)
        return table[name](xs[0])


def to_sympy(node: Node, layer_functions: LayerFunctions | None = None) -> Any:
    """The SymPy expression of a scalar tree."""
    return ToSympy(layer_functions)(node)


# ----------------------------------------------------------------------------- SymPy → tree

_SIMPLE = {"exp": "exp", "log": "log", "tanh": "tanh", "sign": "sign", "erf": "erf",
           "sin": "sin", "cos": "cos", "sinh": "sinh", "cosh": "cosh", "Max": "max",
           "Min": "min", "Heaviside": "H", "ceiling": "ceil", "floor": "floor"}  # fmt: skip
_FROM_RELATIONS = {sp.StrictLessThan: "<", sp.StrictGreaterThan: ">", sp.LessThan: "≤",
                   sp.GreaterThan: "≥"}  # fmt: skip


def _chain(op: str, nodes: list[Node]) -> Node:
    node = nodes[0]
    for n in nodes[1:]:
        node = Op(op, (node, n))
    return node


def _condition(cond: Any) -> Node:
    if cond is sp.true or cond is True:
        return OTHERWISE
    if isinstance(cond, sp.And | sp.Or):
        return Op("∧" if isinstance(cond, sp.And) else "∨", tuple(_condition(c) for c in cond.args))
    for cls, op in _FROM_RELATIONS.items():
        if isinstance(cond, cls):
            return Op(op, (from_sympy(cond.lhs), from_sympy(cond.rhs)))
    raise ValueError(f"unsupported condition {cond}")


def from_sympy(expr: Any) -> Node:
    """A tree for a trusted SymPy expression (answer keys)."""
    if isinstance(expr, bool):
        raise ValueError("a boolean is not an expression")
    if isinstance(expr, int):
        expr = sp.Integer(expr)
    elif isinstance(expr, float):
        expr = sp.Float(expr)
    if isinstance(expr, sp.Integer | sp.Rational):
        return Num(format_number(Fraction(int(expr.p), int(expr.q))))
    if isinstance(expr, sp.Float):
        return Num(format_number(Fraction(str(expr))))
    if expr is sp.E or expr is sp.pi:
        return Num("e" if expr is sp.E else "π")
    if isinstance(expr, sp.Symbol):
        return var_of(expr.name)
    if isinstance(expr, sp.Add | sp.Mul):
        return _chain("+" if isinstance(expr, sp.Add) else "·", [from_sympy(a) for a in expr.args])
    if isinstance(expr, sp.Pow):
        if expr.base is sp.E:
            return Call("exp", (from_sympy(expr.exp),))
        return Pow(from_sympy(expr.base), from_sympy(expr.exp))
    if isinstance(expr, CatalogFunction):
        return Call(type(expr).activation.symbol, tuple(from_sympy(a) for a in expr.args))
    if isinstance(expr, sp.Piecewise):
        return Cases(tuple((from_sympy(v), _condition(c)) for v, c in expr.args))
    if isinstance(expr, sp.Abs):
        return Abs(from_sympy(expr.args[0]))
    name = _SIMPLE.get(type(expr).__name__)
    if name is not None:
        args = [from_sympy(a) for a in expr.args]
        if name in ("max", "min") and len(args) > 2:
            node = Call(name, (args[0], args[1]))
            for a in args[2:]:
                node = Call(name, (node, a))
            return node
        return Call(name, tuple(args))
    raise ValueError(f"unsupported expression in an answer key: {type(expr).__name__}")


# ----------------------------------------------------------------------------- simplification


def _difference_is_zero(ref: Node, ans: Node, layer_functions: dict) -> bool | None:
    difference = to_sympy(ref, layer_functions) - to_sympy(ans, layer_functions)
    difference = difference.rewrite(sp.exp)
    for simplify in (sp.simplify, lambda e: sp.simplify(sp.piecewise_fold(e).rewrite(sp.exp))):
        if simplify(difference) == 0:
            return True
    return None


def simplifies_to_zero(
    ref: Node, ans: Node, layer_functions: dict | None = None, timeout: float | None = None
) -> bool | None:
    """``True`` if SymPy proves ``ref − ans = 0`` within the time limit, else ``None`` (unknown)."""
    try:
        return limits.run_with_timeout(
            _difference_is_zero,
            (ref, ans, dict(layer_functions or {})),
            timeout or limits.SYMBOLIC_TIMEOUT,
        )
    except (limits.Timeout, RuntimeError):
        return None
