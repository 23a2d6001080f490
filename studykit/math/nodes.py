"""The one expression tree: worked solutions, statements, answer keys and checked answers are
built from these nodes, and every output format prints them (``studykit.math.text``, ``.latex``,
``.typst``, ``.mathml``).

A layer superscript is stored as a number and printed in the notation profile's style:
``W⁽²⁾`` (textbook), ``W^[2]`` (bracket). Nodes combine with Python's operators so that builders
read like the mathematics they build::

    a + b   → Op("+")        a - b  → Op("−")       a * b → Op("·")     a @ b → Op("") (matrix product)
    a / b   → Frac           a ** 2 → Pow           -a    → Neg         a.T   → T (transpose)

``had(a, b)`` is the Hadamard product ⊙ and ``eq(a, b)`` an equation (``==`` stays structural
equality). Numbers on either side become :class:`Num`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..i18n import Text as Words


class Expr:
    """Operators shared by every node (see the module docstring)."""

    __slots__ = ()

    def __add__(self, other: Any) -> Op:
        return _chain("+", self, other)

    def __radd__(self, other: Any) -> Op:
        return _chain("+", other, self)

    def __sub__(self, other: Any) -> Op:
        return Op("−", (self, as_node(other)))  # type: ignore[arg-type]

    def __rsub__(self, other: Any) -> Op:
        return Op("−", (as_node(other), self))  # type: ignore[arg-type]

    def __mul__(self, other: Any) -> Op:
        return _chain("·", self, other)

    def __rmul__(self, other: Any) -> Op:
        return _chain("·", other, self)

    def __matmul__(self, other: Any) -> Op:
        return _chain("", self, other)

    def __truediv__(self, other: Any) -> Frac:
        return Frac(self, as_node(other))  # type: ignore[arg-type]

    def __rtruediv__(self, other: Any) -> Frac:
        return Frac(as_node(other), self)  # type: ignore[arg-type]

    def __pow__(self, other: Any) -> Pow:
        return Pow(self, as_node(other))  # type: ignore[arg-type]

    def __neg__(self) -> Neg:
        return Neg(self)  # type: ignore[arg-type]

    @property
    def T(self) -> T:  # noqa: N802  (the transpose, as NumPy spells it)
        return T(self)  # type: ignore[arg-type]


@dataclass(frozen=True, eq=True)
class Num(Expr):
    """A number already written as the student writes it: ``0.5933``, ``−1.5``, ``3/8``."""

    text: str

    @property
    def value(self) -> Fraction | None:
        """The exact value of the written number (``None`` for text that is not a number)."""
        return number_value(self.text)


@dataclass(frozen=True, eq=True)
class Var(Expr):
    """A named quantity: ``Var("w", sub="12", layer=2)`` is w⁽²⁾₁₂; ``hat`` gives ŷ."""

    name: str
    sub: str | None = None
    layer: int | str | None = None
    hat: bool = False
    bold: bool = False


@dataclass(frozen=True, eq=True)
class Op(Expr):
    """``a op b op c``: op in ``+ − · × ⊙ = ≈ , ∈ ≤ ≥ < > / ∧ ∨`` or ``""`` (juxtaposition,
    the matrix product)."""

    op: str
    args: tuple[Node, ...]


@dataclass(frozen=True, eq=True)
class Neg(Expr):
    arg: Node


@dataclass(frozen=True, eq=True)
class Frac(Expr):
    num: Node
    den: Node


@dataclass(frozen=True, eq=True)
class Pow(Expr):
    base: Node
    exp: Node


@dataclass(frozen=True, eq=True)
class Call(Expr):
    """``name(args)``, with ``prime`` dashes: ``f′(z)``; ``name`` may be σ, tanh, max, diag …"""

    name: str
    args: tuple[Node, ...]
    prime: int = 0
    sup: int | str | None = None  # layer index on the function: f⁽²⁾(z)


@dataclass(frozen=True, eq=True)
class T(Expr):
    """Transpose ``Xᵀ``."""

    arg: Node


@dataclass(frozen=True, eq=True)
class Paren(Expr):
    arg: Node


@dataclass(frozen=True, eq=True)
class Mat(Expr):
    """A matrix (a column vector is a one-column matrix)."""

    rows: tuple[tuple[Node, ...], ...]


@dataclass(frozen=True, eq=True)
class Partial(Expr):
    """``∂num/∂den``."""

    num: Node
    den: Node


@dataclass(frozen=True, eq=True)
class Sqrt(Expr):
    arg: Node


@dataclass(frozen=True, eq=True)
class Abs(Expr):
    arg: Node


@dataclass(frozen=True, eq=True)
class Norm(Expr):
    arg: Node
    sub: str | None = None
    squared: bool = False


@dataclass(frozen=True, eq=True)
class Sum(Expr):
    """``Σ_{index=lo}^{hi} body`` (lo and hi optional)."""

    body: Node
    index: str
    lo: Node | None = None
    hi: Node | None = None


@dataclass(frozen=True, eq=True)
class Word(Expr):
    """Words inside a formula (``if``, ``otherwise``), in both languages."""

    text: Words


@dataclass(frozen=True, eq=True)
class Cases(Expr):
    """``{ value if condition; …``."""

    rows: tuple[tuple[Node, Node], ...]


Node = (
    Num
    | Var
    | Op
    | Neg
    | Frac
    | Pow
    | Call
    | T
    | Paren
    | Mat
    | Partial
    | Sqrt
    | Abs
    | Norm
    | Sum
    | Word
    | Cases
)

#: Every node class, in the order of their JSON tags (see :mod:`studykit.math.codec`).
NODE_CLASSES: tuple[type, ...] = (
    Num,
    Var,
    Op,
    Neg,
    Frac,
    Pow,
    Call,
    T,
    Paren,
    Mat,
    Partial,
    Sqrt,
    Abs,
    Norm,
    Sum,
    Word,
    Cases,
)


# ----------------------------------------------------------------------------- numbers


def number_value(text: str) -> Fraction | None:
    """``"−0.5933"`` → Fraction(−5933, 10000), ``"3/8"`` → 3/8; ``None`` for other text."""
    try:
        return Fraction(text.replace("−", "-"))
    except (ValueError, ZeroDivisionError):
        return None


def format_number(value: float | int | Fraction, decimals: int | None = None) -> str:
    """The text a student writes for ``value`` (minus sign as ``−``). Exact fractions print as
    decimals when they terminate within ``decimals`` (default 6) places, else as ``p/q``; floats
    print with ``decimals`` places (``None``: as short as round-trips)."""
    if isinstance(value, Fraction):
        text = _fraction_text(value, 6 if decimals is None else decimals)
    elif isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    else:
        v = float(value)
        if decimals is None:
            text = repr(v) if v != int(v) or abs(v) >= 1e16 else str(int(v))
        else:
            text = f"{v:.{decimals}f}"
            if text.startswith("-") and float(text) == 0:
                text = text[1:]
    return text.replace("-", "−")


def _fraction_text(value: Fraction, decimals: int) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    scaled = value * 10**decimals
    if scaled.denominator == 1:
        sign = "-" if value < 0 else ""
        digits = str(abs(scaled.numerator)).rjust(decimals + 1, "0")
        whole, frac = digits[:-decimals], digits[-decimals:].rstrip("0")
        return f"{sign}{whole}.{frac}"
    return f"{value.numerator}/{value.denominator}"


# ----------------------------------------------------------------------------- builders


def as_node(value: Any) -> Node:
    """A node as it is; a Python number as :class:`Num`."""
    if isinstance(value, Expr):
        return value  # type: ignore[return-value]
    if isinstance(value, int | float | Fraction) and not isinstance(value, bool):
        return num(value)
    raise TypeError(f"not a formula: {value!r}")


def _chain(op: str, left: Any, right: Any) -> Op:
    """``left op right``, continuing an n-ary chain of the same operator on the left."""
    a, b = as_node(left), as_node(right)
    head = a.args if isinstance(a, Op) and a.op == op else (a,)
    return Op(op, (*head, b))


def num(value: float | int | Fraction, decimals: int | None = None) -> Num:
    """A number node (see :func:`format_number`)."""
    return Num(format_number(value, decimals))


def add(*args: Node) -> Op:
    return Op("+", args)


def sub(a: Node, b: Node) -> Op:
    return Op("−", (a, b))


def mul(*args: Node) -> Op:
    return Op("·", args)


def had(*args: Node) -> Op:
    """Hadamard (element-wise) product ⊙."""
    return Op("⊙", args)


def dot(*args: Node) -> Op:
    """Matrix product, written by juxtaposition."""
    return Op("", args)


def eq(*args: Node) -> Op:
    return Op("=", args)


def approx(*args: Node) -> Op:
    return Op("≈", args)


def vector(values: list[Node] | tuple[Node, ...]) -> Mat:
    """A column vector."""
    return Mat(tuple((v,) for v in values))


def matrix(rows: list[list[Node]] | tuple[tuple[Node, ...], ...]) -> Mat:
    return Mat(tuple(tuple(r) for r in rows))


def numbers(values: Any, decimals: int | None = None) -> Node:
    """A number, vector (1-D) or matrix (2-D) of values as nodes."""
    if isinstance(values, list | tuple) or hasattr(values, "tolist"):
        values = values.tolist() if hasattr(values, "tolist") else values
        if values and isinstance(values[0], list | tuple):
            return matrix([[num(v, decimals) for v in row] for row in values])
        return vector([num(v, decimals) for v in values])
    return num(values, decimals)
