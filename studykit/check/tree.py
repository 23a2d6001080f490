"""The parse tree of a student's answer, and its Unicode rendering (the preview).

Only :mod:`studykit.check.parse` builds these nodes, from a whitelist; evaluation
(:mod:`~studykit.check.evaluate`) and SymPy construction (:mod:`~studykit.check.symbolic`) walk
them. Nothing here executes text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Union


@dataclass(frozen=True)
class Num:
    value: Fraction


@dataclass(frozen=True)
class Const:
    """``e`` or ``pi``."""

    name: str


@dataclass(frozen=True)
class Var:
    """A bound name: ``x``, ``delta2``, ``W1``, ``eta`` …"""

    name: str


@dataclass(frozen=True)
class Call:
    """``func(args)``; ``prime`` derivatives; ``layer`` picks a layer's activation for ``f``."""

    func: str
    args: tuple[Node, ...]
    prime: int = 0
    layer: int | None = None


@dataclass(frozen=True)
class Bin:
    """``left op right``: op in ``+ - * / @ ⊙`` (``*`` also for juxtaposition)."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Neg:
    arg: Node


@dataclass(frozen=True)
class Pow:
    base: Node
    exp: Node


@dataclass(frozen=True)
class T:
    """Transpose."""

    arg: Node


@dataclass(frozen=True)
class Abs:
    arg: Node


@dataclass(frozen=True)
class Mat:
    """A matrix literal; a flat list ``[a, b]`` is a column vector (one entry per row)."""

    rows: tuple[tuple[Node, ...], ...]


Node = Union[Num, Const, Var, Call, Bin, Neg, Pow, T, Abs, Mat]  # noqa: UP007


def names(node: Node) -> set[str]:
    """The variable names a tree uses."""
    match node:
        case Var(name):
            return {name}
        case Call(_, args):
            return set().union(*(names(a) for a in args))
        case Bin(_, left, right):
            return names(left) | names(right)
        case Neg(arg) | T(arg) | Abs(arg):
            return names(arg)
        case Pow(base, exp):
            return names(base) | names(exp)
        case Mat(rows):
            return set().union(*(names(c) for r in rows for c in r))
    return set()


def size(node: Node) -> int:
    match node:
        case Call(_, args):
            return 1 + sum(size(a) for a in args)
        case Bin(_, left, right) | Pow(left, right):
            return 1 + size(left) + size(right)
        case Neg(arg) | T(arg) | Abs(arg):
            return 1 + size(arg)
        case Mat(rows):
            return 1 + sum(size(c) for r in rows for c in r)
    return 1


# ----------------------------------------------------------------------------- Unicode

GREEK = {
    "sigma": "σ",
    "delta": "δ",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "eta": "η",
    "lambda": "λ",
    "lam": "λ",
    "mu": "μ",
    "epsilon": "ε",
    "theta": "θ",
    "tau": "τ",
    "phi": "φ",
    "Phi": "Φ",
    "pi": "π",
    "yhat": "ŷ",
}
FUNC_TEXT = {"sigmoid": "σ", "Phi": "Φ", "phi": "φ"}
_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_LAYERED = re.compile(r"^([A-Za-z]+?)(\d+)$")
LAYER_NAMES = ("delta", "W", "b", "a", "z", "f")


def name_text(name: str) -> str:
    """``delta2`` → ``δ⁽²⁾``, ``W1`` → ``W⁽¹⁾``, ``x1`` → ``x₁``, ``sigma`` → ``σ``."""
    if name == "a0":
        return "x"
    if name.endswith("_new"):
        return name_text(name[:-4]) + "⁺"
    m = _LAYERED.match(name)
    if m:
        base, digits = m.groups()
        shown = GREEK.get(base, base)
        if base in LAYER_NAMES:
            return f"{shown}⁽{digits.translate(_SUP)}⁾"
        return shown + digits.translate(_SUB)
    return GREEK.get(name, name)


_PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "@": 2, "⊙": 2}
_SHOW = {"+": " + ", "-": " − ", "*": "·", "/": "/", "@": " ", "⊙": " ⊙ "}


def _number_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    text = f"{float(value):.12g}"
    if Fraction(text) == value:
        return text
    return f"{value.numerator}/{value.denominator}"


def _prec(node: Node) -> int:
    if isinstance(node, Bin):
        return _PREC[node.op]
    if isinstance(node, Neg):
        return 1
    if isinstance(node, Num) and node.value < 0:
        return 1
    if isinstance(node, Pow):
        return 4
    return 5


def to_text(node: Node) -> str:
    """How the input was read, in Unicode: ``σ(x)·(1 − σ(x))``, ``δ⁽²⁾ (a⁽¹⁾)ᵀ``."""
    match node:
        case Num(value):
            return _number_text(value)
        case Const(name):
            return "π" if name == "pi" else "e"
        case Var(name):
            return name_text(name)
        case Call(func, args, prime, layer):
            head = FUNC_TEXT.get(func, GREEK.get(func, func))
            if layer is not None:
                head += str(layer).translate(_SUB)
            head += "′" * prime
            return f"{head}({', '.join(to_text(a) for a in args)})"
        case Bin(op, left, right):
            mine = _PREC[op]
            lt = to_text(left)
            if _prec(left) < mine:
                lt = f"({lt})"
            rt = to_text(right)
            if (
                _prec(right) < mine
                or (_prec(right) == mine and op in "-/")
                or (_prec(right) == mine and op != "+" and right_needs_group(right))
            ):
                rt = f"({rt})"
            return lt + _SHOW[op] + rt
        case Neg(arg):
            inner = to_text(arg)
            return f"−({inner})" if _prec(arg) <= 2 else f"−{inner}"
        case Pow(base, exp):
            b = to_text(base)
            if _prec(base) <= 4 or isinstance(base, T):
                b = f"({b})"
            e = to_text(exp)
            if isinstance(exp, Num) and exp.value.denominator == 1:
                return b + e.translate(_SUP)
            return f"{b}^({e})" if _prec(exp) < 5 else f"{b}^{e}"
        case T(arg):
            inner = to_text(arg)
            simple = isinstance(arg, Var) and "⁾" not in inner
            return (inner if simple or isinstance(arg, Mat) else f"({inner})") + "ᵀ"
        case Abs(arg):
            return f"|{to_text(arg)}|"
        case Mat(rows):
            if all(len(r) == 1 for r in rows):
                return "[" + ", ".join(to_text(r[0]) for r in rows) + "]"
            return "[" + "; ".join(", ".join(to_text(c) for c in r) for r in rows) + "]"
    raise TypeError(f"not a parse-tree node: {node!r}")


def right_needs_group(node: Node) -> bool:
    return isinstance(node, Bin) and node.op in "*/@⊙"
