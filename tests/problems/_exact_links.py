"""Exact values of printed links (for :mod:`.test_rendered_steps_read_back`): a tree the checker's
reader made of a link of numbers is evaluated here with Fractions (exp, ln, σ, tanh, Φ by mpmath at
50 digits), and a link is compared with the next one at the stated rounding. It knows the math
nodes, not the generator's records."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import mpmath

from studykit import math as fm

from .test_printed_steps_add_up import frac, half_up  # exact rounding, mpmath at 50 digits

Value = Any  # a Fraction, or a matrix: a list of rows of Fractions
mpmath.mp.dps = 50
EXACT = Fraction(1, 10**40)  # what 50-digit transcendental values may be off by
Value = Any  # a Fraction, or a matrix: a list of rows of Fractions


#: Leaves evaluated at another value (by id): how far a rounded number moves a link.
NUDGED: dict[int, Fraction] = {}


class NotNumeric(Exception):
    """The link holds a symbol, or a construct with no value here."""


class Unnamed(NotNumeric):
    """A function of numbers that the page does not name (``f(−1.04)``)."""


# --------------------------------------------------------------------------- exact evaluation


def mp(value: Fraction) -> Any:
    return mpmath.mpf(value.numerator) / value.denominator


def _sigmoid(x: Any) -> Any:
    return 1 / (1 + mpmath.exp(-x))


def _phi_cdf(x: Any) -> Any:
    return (1 + mpmath.erf(x / mpmath.sqrt(2))) / 2


TRANSCENDENTAL = {
    "exp": mpmath.exp,
    "log": mpmath.log,
    "ln": mpmath.log,
    "σ": _sigmoid,
    "tanh": mpmath.tanh,
    "sin": mpmath.sin,
    "cos": mpmath.cos,
    "erf": mpmath.erf,
    "Φ": _phi_cdf,
    "φ": lambda x: mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi),
    "softplus": lambda x: mpmath.log(1 + mpmath.exp(x)),
    "cosh": mpmath.cosh,
    "sinh": mpmath.sinh,
}
PIECEWISE = {
    "ReLU": lambda x: max(x, Fraction(0)),
    "H": lambda x: Fraction(1 if x > 0 else 0),
    "sign": lambda x: Fraction((x > 0) - (x < 0)),
    "hardtanh": lambda x: min(max(x, Fraction(-1)), Fraction(1)),
    "id": lambda x: x,
    "floor": lambda x: Fraction(x.numerator // x.denominator),
    "ceil": lambda x: Fraction(-((-x.numerator) // x.denominator)),
}


def is_matrix(v: Value) -> bool:
    return isinstance(v, list)


def entrywise(f: Any, *vs: Value) -> Value:
    mats = [v for v in vs if is_matrix(v)]
    if not mats:
        return f(*vs)
    rows, cols = len(mats[0]), len(mats[0][0])
    if any((len(m), len(m[0])) != (rows, cols) for m in mats):
        if all(len(m) * len(m[0]) == 1 for m in mats[1:]) or len(mats) == 1:
            pass
        raise NotNumeric("entry-wise on different shapes")
    return [
        [f(*(v[i][j] if is_matrix(v) else v for v in vs)) for j in range(cols)] for i in range(rows)
    ]


def matmul(a: Value, b: Value) -> Value:
    if len(a[0]) != len(b):
        raise NotNumeric(f"inner sizes differ ({len(a)}×{len(a[0])} by {len(b)}×{len(b[0])})")
    return [
        [sum((a[i][j] * b[j][k] for j in range(len(b))), Fraction(0)) for k in range(len(b[0]))]
        for i in range(len(a))
    ]


def scalar(v: Value) -> Fraction:
    if is_matrix(v):
        if len(v) * len(v[0]) != 1:
            raise NotNumeric("a matrix where a number is needed")
        return v[0][0]
    return v


def product(a: Value, b: Value, matrix: bool) -> Value:
    """Juxtaposition and ·: the matrix product of two matrices, else scaling; a 1×1 matrix
    scales like a number."""
    if is_matrix(a) and is_matrix(b):
        if matrix and len(a[0]) == len(b):
            return matmul(a, b)
        if len(a) * len(a[0]) == 1:
            a = a[0][0]
        elif len(b) * len(b[0]) == 1:
            b = b[0][0]
        elif not matrix:
            return entrywise(lambda x, y: x * y, a, b)
        else:
            raise NotNumeric("matrix product of mismatched shapes")
    return entrywise(lambda x, y: x * y, a, b)


def call(name: str, args: list[Value]) -> Value:
    if name == "max" and len(args) >= 2:
        return entrywise(lambda *xs: max(xs), *args)
    if name == "min" and len(args) >= 2:
        return entrywise(lambda *xs: min(xs), *args)
    if name == "tr":
        (m,) = args
        return sum((m[i][i] for i in range(len(m))), Fraction(0))
    if len(args) != 1:
        raise NotNumeric(f"{name} with {len(args)} arguments")
    if name in TRANSCENDENTAL:
        f = TRANSCENDENTAL[name]
        return entrywise(lambda x: frac(f(mp(x))), args[0])
    if name in PIECEWISE:
        return entrywise(PIECEWISE[name], args[0])
    raise NotNumeric(f"the function {name}")


def derivative(name: str, primes: int, args: list[Value]) -> Value:
    """The derivatives a page evaluates at numbers: ReLU′ (0 at 0), hardtanh′, σ′, tanh′."""
    if primes != 1 or len(args) != 1:
        raise NotNumeric(f"{name}{'′' * primes}")
    table = {
        "ReLU": lambda x: Fraction(1 if x > 0 else 0),
        "hardtanh": lambda x: Fraction(1 if -1 < x < 1 else 0),
        "σ": lambda x: frac(_sigmoid(mp(x)) * (1 - _sigmoid(mp(x)))),
        "tanh": lambda x: frac(1 - mpmath.tanh(mp(x)) ** 2),
    }
    if name not in table:
        raise NotNumeric(f"{name}′")
    return entrywise(table[name], args[0])


def power(base: Value, exponent: Value) -> Value:
    e = scalar(exponent)
    if e.denominator == 1:
        return entrywise(lambda b: b ** int(e), base)
    return entrywise(lambda b: frac(mpmath.power(mp(b), mp(e))), base)


def value(node: fm.Node) -> Value:
    """The exact value of a node made of numbers only."""
    if isinstance(node, fm.Num):
        if id(node) in NUDGED:
            return NUDGED[id(node)]
        if node.text in ("e", "π"):
            return frac(mpmath.e if node.text == "e" else mpmath.pi)
        v = node.value
        if v is None:
            raise NotNumeric(node.text)
        return v
    if isinstance(node, fm.Neg):
        return entrywise(lambda a: -a, value(node.arg))
    if isinstance(node, fm.Paren):
        return value(node.arg)
    if isinstance(node, fm.Frac):
        num, den = value(node.num), value(node.den)
        return entrywise(lambda a, b: a / b, num, scalar(den) if not is_matrix(num) else den)
    if isinstance(node, fm.Pow):
        return power(value(node.base), value(node.exp))
    if isinstance(node, fm.Sqrt):
        return entrywise(lambda a: frac(mpmath.sqrt(mp(a))), value(node.arg))
    if isinstance(node, fm.Abs):
        return entrywise(abs, value(node.arg))
    if isinstance(node, fm.Mat):
        cells = [[value(cell) for cell in row] for row in node.rows]
        if any(is_matrix(c) for row in cells for c in row):
            raise NotNumeric("a block matrix")
        return cells
    if isinstance(node, fm.T):
        v = value(node.arg)
        return [list(col) for col in zip(*v, strict=True)] if is_matrix(v) else v
    if isinstance(node, fm.Var) and node.name in ("f", "g"):
        raise Unnamed(node.name)  # f(−1.04) read in a scope with no layer functions
    if isinstance(node, fm.Call):
        if node.name in ("f", "g"):
            raise Unnamed(f"{node.name}{'′' * node.prime}")
        if node.prime:
            return derivative(node.name, node.prime, [value(a) for a in node.args])
        return call(node.name, [value(a) for a in node.args])
    if isinstance(node, fm.Op):
        return operation(node.op, [value(a) for a in node.args])
    raise NotNumeric(type(node).__name__)


def operation(op: str, args: list[Value]) -> Value:
    out = args[0]
    for arg in args[1:]:
        if op == "+":
            out = entrywise(lambda a, b: a + b, out, arg)
        elif op == "−":
            out = entrywise(lambda a, b: a - b, out, arg)
        elif op in ("", "·", "×"):
            out = product(out, arg, matrix=op != "·" or (is_matrix(out) and is_matrix(arg)))
        elif op == "⊙":
            out = entrywise(lambda a, b: a * b, out, arg)
        else:
            raise NotNumeric(f"the operator {op!r}")
    return out


# --------------------------------------------------------------------------- comparing links


def decimals_of(text: str) -> int:
    whole, _, frac_part = text.partition(".")
    return len(frac_part) if whole.lstrip("−-").isdigit() else 0


@dataclass(frozen=True)
class Printed:
    """A printed number: its exact value and how many decimals it shows."""

    value: Fraction
    places: int


def printed(cell: Any) -> Printed:
    if isinstance(cell, Printed):
        return cell
    return Printed(cell.value, decimals_of(cell.text))


def literal(node: fm.Node) -> Any:
    """The printed numbers of a value link, entry by entry (a Num, or a matrix of Nums), or
    ``None`` when the link is an expression."""
    inner = node
    if isinstance(inner, fm.T):
        rows = literal(inner.arg)
        return None if rows is None else [list(c) for c in zip(*rows, strict=True)]
    if isinstance(inner, fm.Num) and inner.value is not None:
        return [[inner]]
    if isinstance(inner, fm.Neg) and isinstance(inner.arg, fm.Num | fm.Frac):
        rows = literal(inner.arg)
        return None if rows is None else [[Printed(-rows[0][0].value, rows[0][0].places)]]
    if isinstance(inner, fm.Frac) and all(
        isinstance(n, fm.Num) and n.value is not None and n.value.denominator == 1
        for n in (inner.num, inner.den)
    ):
        return [[Printed(value(inner), 0)]]
    if isinstance(inner, fm.Mat) and all(
        isinstance(c, fm.Num) and c.value is not None for row in inner.rows for c in row
    ):
        return [list(row) for row in inner.rows]
    return None


def rounds_to(exact: Value, shown_rows: list[list[Any]], decimals: int | None) -> bool:
    rows = exact if is_matrix(exact) else [[exact]]
    if (len(rows), len(rows[0])) != (len(shown_rows), len(shown_rows[0])):
        return False
    for row, prow in zip(rows, shown_rows, strict=True):
        for x, cell in zip(row, prow, strict=True):
            shown, places = printed(cell).value, printed(cell).places
            if decimals is None:
                if abs(x - shown) > EXACT and (places == 0 or half_up(x, places) != shown):
                    return False
            elif half_up(x, max(decimals, places)) != shown:
                return False
    return True


def follows(a: fm.Node, b: fm.Node, decimals: int | None) -> bool:
    """Link ``b`` is link ``a`` with subterms evaluated: where the trees differ, ``a``'s subterm
    rounds to ``b``'s printed value."""
    if a == b:
        return True
    shown = literal(b)
    if shown is not None:
        try:
            return rounds_to(value(a), shown, decimals)
        except NotNumeric:
            return False
    if type(a) is type(b):
        if isinstance(a, fm.Op | fm.Call) and len(a.args) == len(b.args):  # type: ignore[union-attr]
            same = a.op == b.op if isinstance(a, fm.Op) else a.name == b.name  # type: ignore[union-attr]
            if same:
                return all(follows(x, y, decimals) for x, y in zip(a.args, b.args, strict=True))  # type: ignore[union-attr]
        if isinstance(a, fm.Frac):
            return follows(a.num, b.num, decimals) and follows(a.den, b.den, decimals)  # type: ignore[union-attr]
        if isinstance(a, fm.Pow):
            return follows(a.base, b.base, decimals) and follows(a.exp, b.exp, decimals)  # type: ignore[union-attr]
        if isinstance(a, fm.Neg | fm.Paren | fm.T | fm.Sqrt | fm.Abs):
            return follows(a.arg, b.arg, decimals)  # type: ignore[union-attr]
        if isinstance(a, fm.Mat) and len(a.rows) == len(b.rows):  # type: ignore[union-attr]
            return all(
                len(ra) == len(rb)
                and all(follows(x, y, decimals) for x, y in zip(ra, rb, strict=True))
                for ra, rb in zip(a.rows, b.rows, strict=True)  # type: ignore[union-attr]
            )
        if a == b:
            return True
    if isinstance(a, fm.Paren):
        return follows(a.arg, b, decimals)
    if isinstance(b, fm.Paren):
        return follows(a, b.arg, decimals)
    return rewritten(a, b)


def approximates(a: fm.Node, b: fm.Node) -> bool:
    """``a ≈ b``: ``b`` is ``a`` rounded half up to the places ``b`` prints (0.9999 ≈ 1)."""
    shown = literal(b)
    if shown is None:
        return rewritten(a, b)
    rows = value(a)
    rows = rows if is_matrix(rows) else [[rows]]
    cells = [printed(c) for row in shown for c in row]
    return len(cells) == len(flat(rows)) and all(
        half_up(x, c.places) == c.value for x, c in zip(flat(rows), cells, strict=True)
    )


def rewritten(a: fm.Node, b: fm.Node) -> bool:
    """``b`` says ``a`` another way, with rounded numbers (ln 0.4 = ln 2 − ln 5 from a table):
    equal within half a unit of every decimal number ``b`` prints, as a sum of them could be."""
    try:
        va, vb = flat(value(a)), flat(value(b))
    except NotNumeric:
        return False
    slack = [EXACT] * len(vb)
    for leaf in leaves(b):
        places = decimals_of(leaf.text)
        if places and leaf.value is not None:
            NUDGED[id(leaf)] = leaf.value + Fraction(1, 2 * 10**places)
            try:
                moved = flat(value(b))
            finally:
                del NUDGED[id(leaf)]
            slack = [s + abs(m - y) for s, m, y in zip(slack, moved, vb, strict=True)]
    return len(va) == len(vb) and all(
        abs(x - y) <= s * 2 for x, y, s in zip(va, vb, slack, strict=True)
    )


def flat(v: Value) -> list[Fraction]:
    return [x for row in v for x in row] if is_matrix(v) else [v]


def leaves(node: fm.Node) -> list[fm.Num]:
    if isinstance(node, fm.Num):
        return [node]
    children: list[Any] = []
    for field in getattr(node, "__dataclass_fields__", {}):
        child = getattr(node, field)
        if isinstance(child, tuple):
            for c in child:
                children += list(c) if isinstance(c, tuple) else [c]
        else:
            children.append(child)
    return [n for c in children if isinstance(c, fm.Expr) for n in leaves(c)]
