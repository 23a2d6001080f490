"""SymPy objects from parse trees (built node by node from a whitelist, never from text), and
parse trees from trusted SymPy expressions (answer keys), plus time-limited simplification."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import sympy as sp

from ..catalog import ACTIVATIONS
from ..symbolic.functions import FUNCTIONS, CatalogFunction
from . import limits
from .errors import err
from .tree import Abs, Bin, Call, Const, Mat, Neg, Node, Num, Pow, T, Var

_ELEMENTARY = {
    "exp": sp.exp,
    "log": sp.log,
    "sqrt": sp.sqrt,
    "abs": sp.Abs,
    "sign": sp.sign,
    "erf": sp.erf,
    "sin": sp.sin,
    "cos": sp.cos,
    "step": lambda v: sp.Piecewise((1, v > 0), (0, True)),
    "Phi": lambda v: (1 + sp.erf(v / sp.sqrt(2))) / 2,
    "phi": lambda v: sp.exp(-(v**2) / 2) / sp.sqrt(2 * sp.pi),
}
_PRIME = {"exp": sp.exp, "log": lambda v: 1 / v, "sin": sp.cos, "cos": lambda v: -sp.sin(v)}


def symbol(name: str) -> sp.Symbol:
    """A real symbol (``gamma`` stays a symbol, never Γ)."""
    return sp.Symbol(name, real=True)


def to_sympy(
    node: Node, layer_functions: Mapping[int | None, tuple[str, Mapping[str, Any]]] | None = None
) -> sp.Expr:
    """The SymPy expression of a scalar tree (bounds were checked by the evaluator first)."""
    lf = layer_functions or {}
    rec = lambda n: to_sympy(n, lf)  # noqa: E731
    match node:
        case Num(value):
            return sp.Rational(value.numerator, value.denominator)
        case Const(name):
            return sp.E if name == "e" else sp.pi
        case Var(name):
            return symbol(name)
        case Neg(arg):
            return -rec(arg)
        case Abs(arg):
            return sp.Abs(rec(arg))
        case Pow(base, exp):
            return sp.Pow(rec(base), rec(exp))
        case Bin(op, left, right):
            a, b = rec(left), rec(right)
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "/":
                return a / b
            return a * b
        case Call(func, args, prime, layer):
            xs = [rec(a) for a in args]
            if func == "f":
                key = layer if layer in lf else next(iter(lf)) if len(lf) == 1 else layer
                if key not in lf:
                    raise err("f is not defined here", "此处没有定义 f")
                name, params = lf[key]
                xs = [xs[0], *[sp.nsimplify(params[p.name]) for p in ACTIVATIONS[name].params]]
                func = name
            if func in ("max", "min"):
                return (sp.Max if func == "max" else sp.Min)(*xs)
            if func in FUNCTIONS:
                act = ACTIVATIONS[func]
                full = xs + [
                    sp.nsimplify(act.defaults()[p.name]) for p in act.params[len(xs) - 1 :]
                ]
                expr = FUNCTIONS[func](*full)
                return expr.fdiff(1) if prime else expr
            table = _PRIME if prime else _ELEMENTARY
            if func not in table:
                raise err("{f} cannot be used here", "{f} 不能在此使用", f=func)
            return table[func](xs[0])
        case T() | Mat():
            raise err("a matrix cannot be simplified symbolically here", "此处无法对矩阵做符号化简")
    raise TypeError(f"not a parse-tree node: {node!r}")


# ----------------------------------------------------------------------------- SymPy → tree


def _indicator(cond: Any) -> Node:
    """1 where a relational holds, else 0, as a tree (``a > b`` → ``step(a − b)``)."""
    if cond is sp.true or cond is True:
        return Num(Fraction(1))
    if isinstance(cond, sp.And):
        node = _indicator(cond.args[0])
        for c in cond.args[1:]:
            node = Bin("*", node, _indicator(c))
        return node
    if isinstance(cond, sp.Not):
        return Bin("-", Num(Fraction(1)), _indicator(cond.args[0]))
    lhs, rhs = from_sympy(cond.lhs), from_sympy(cond.rhs)
    if isinstance(cond, sp.StrictGreaterThan):
        return Call("step", (Bin("-", lhs, rhs),))
    if isinstance(cond, sp.StrictLessThan):
        return Call("step", (Bin("-", rhs, lhs),))
    if isinstance(cond, sp.GreaterThan):
        return Bin("-", Num(Fraction(1)), Call("step", (Bin("-", rhs, lhs),)))
    if isinstance(cond, sp.LessThan):
        return Bin("-", Num(Fraction(1)), Call("step", (Bin("-", lhs, rhs),)))
    raise ValueError(f"unsupported condition {cond}")


def from_sympy(expr: Any) -> Node:
    """A tree for a trusted SymPy expression (answer keys); Piecewise becomes step indicators."""
    if isinstance(expr, bool):
        raise ValueError("a boolean is not an expression")
    if isinstance(expr, int):
        expr = sp.Integer(expr)
    elif isinstance(expr, float):
        expr = sp.Float(expr)
    if isinstance(expr, sp.Integer | sp.Rational):
        return Num(Fraction(int(expr.p), int(expr.q)))
    if isinstance(expr, sp.Float):
        return Num(Fraction(str(expr)))
    if expr is sp.E:
        return Const("e")
    if expr is sp.pi:
        return Const("pi")
    if isinstance(expr, sp.Symbol):
        return Var(expr.name)
    if isinstance(expr, sp.Add | sp.Mul):
        op = "+" if isinstance(expr, sp.Add) else "*"
        nodes = [from_sympy(a) for a in expr.args]
        node = nodes[0]
        for n in nodes[1:]:
            node = Bin(op, node, n)
        return node
    if isinstance(expr, sp.Pow):
        if expr.base is sp.E:
            return Call("exp", (from_sympy(expr.exp),))
        return Pow(from_sympy(expr.base), from_sympy(expr.exp))
    if isinstance(expr, CatalogFunction):
        return Call(type(expr).__name__, tuple(from_sympy(a) for a in expr.args))
    if isinstance(expr, sp.Piecewise):
        node: Node = Num(Fraction(0))
        earlier: list[Any] = []
        for value, cond in expr.args:
            mask = _indicator(sp.And(cond, *[sp.Not(c) for c in earlier]) if earlier else cond)
            node = Bin("+", node, Bin("*", from_sympy(value), mask))
            earlier.append(cond)
        return node
    if isinstance(expr, sp.Heaviside):
        return Call("step", (from_sympy(expr.args[0]),))
    simple = {sp.exp: "exp", sp.log: "log", sp.tanh: "tanh", sp.Abs: "abs", sp.sign: "sign",
              sp.erf: "erf", sp.sin: "sin", sp.cos: "cos", sp.Max: "max", sp.Min: "min"}  # fmt: skip
    for cls, name in simple.items():
        if isinstance(expr, cls):
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
