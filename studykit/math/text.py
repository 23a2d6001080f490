"""Plain Unicode math for the terminal, labels and answer previews: ``δ⁽²⁾ = (ŷ − t) ⊙ σ′(z⁽²⁾)``."""

from __future__ import annotations

from functools import lru_cache

from .nodes import (
    Abs,
    Call,
    Cases,
    Frac,
    Mat,
    Neg,
    Node,
    Norm,
    Num,
    Op,
    Paren,
    Partial,
    Pow,
    Sqrt,
    Sum,
    T,
    Var,
    Word,
)
from .precedence import (
    inline_denominator_needs_parens,
    is_atom,
    neg_needs_parens,
    number_follows,
    power_base_needs_parens,
)
from .printer import Printer

_SUPERSCRIPT = str.maketrans("0123456789+-−()lLnkij", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁽⁾ˡᴸⁿᵏⁱʲ")
_SUPERSCRIPT_CHARS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ˡᴸⁿᵏⁱʲ")
_SUBSCRIPT = str.maketrans("0123456789+-−()ijklmn", "₀₁₂₃₄₅₆₇₈₉₊₋₋₍₎ᵢⱼₖₗₘₙ")
_SUBSCRIPT_CHARS = frozenset("₀₁₂₃₄₅₆₇₈₉₊₋₍₎ᵢⱼₖₗₘₙ")


def layer_mark(layer: int | str, notation: str) -> str:
    """``(2)`` or ``[2]`` by the notation profile (transposed uses round brackets too)."""
    return f"[{layer}]" if notation == "bracket" else f"({layer})"


def superscript_text(text: str) -> str:
    """``"(2)"`` → ``"⁽²⁾"``; text with no superscript form becomes ``"^text"``."""
    converted = text.translate(_SUPERSCRIPT)
    return converted if all(c in _SUPERSCRIPT_CHARS for c in converted) else f"^{text}"


def subscript_text(text: str) -> str:
    """``"12"`` → ``"₁₂"``; text with no subscript form becomes ``"_text"``."""
    converted = text.translate(_SUBSCRIPT)
    return converted if all(c in _SUBSCRIPT_CHARS for c in converted) else f"_{text}"


def primes(count: int) -> str:
    """``′``, ``″``, ``‴``: the prime marks as one character each, as the statements write them."""
    return {0: "", 1: "′", 2: "″", 3: "‴"}.get(count, "′" * count)


class TextPrinter(Printer):
    """One-line Unicode."""

    format = "text"

    def _print_Num(self, node: Num) -> str:
        return node.text

    def _print_Var(self, node: Var) -> str:
        out = node.name + ("\u0302" if node.hat else "")
        if node.sub is not None:
            out += subscript_text(str(node.sub))
        if node.layer is not None:
            out += superscript_text(layer_mark(node.layer, self.notation))
        return out

    def _print_Op(self, node: Op) -> str:
        parts = self.operands(node)
        if node.op == "":
            sep = "" if all(is_atom(a) for a in node.args) else " "
            return "".join(
                ((" · " if number_follows(node.args, i) else sep) if i else "") + part
                for i, part in enumerate(parts)
            )
        if node.op == ",":
            return ", ".join(parts)
        return f" {node.op} ".join(parts)

    def _print_Neg(self, node: Neg) -> str:
        inner = self._print(node.arg)
        return f"−({inner})" if neg_needs_parens(node.arg) else f"−{inner}"

    def _print_Frac(self, node: Frac) -> str:
        a, b = self._print(node.num), self._print(node.den)
        a = f"({a})" if isinstance(node.num, Op) else a
        b = f"({b})" if inline_denominator_needs_parens(node.den) else b
        return f"{a}/{b}"

    def _print_Pow(self, node: Pow) -> str:
        b = self._print(node.base)
        if power_base_needs_parens(node.base):
            b = f"({b})"
        e = self._print(node.exp)
        sup = superscript_text(e)
        if not sup.startswith("^") and "(" not in e:  # ⁽…⁾ would read as a layer mark
            return b + sup
        if isinstance(node.exp, Paren) or len(e) == 1:
            return f"{b}^{e}"  # e^(−2): its own brackets
        return f"{b}^({e})"

    def _print_Call(self, node: Call) -> str:
        head = node.name + primes(node.prime)
        if node.sup is not None:
            head += superscript_text(layer_mark(node.sup, self.notation))
        args = (
            a.arg if isinstance(a, Paren) else a for a in node.args
        )  # cos(−1.4), not cos((−1.4))
        return f"{head}({', '.join(self._print(a) for a in args)})"

    def _print_T(self, node: T) -> str:
        arg = node.arg
        if isinstance(arg, Mat) and len(arg.rows) > 1 and all(len(r) == 1 for r in arg.rows):
            return "[" + ", ".join(self._print(r[0]) for r in arg.rows) + "]"  # a column's ᵀ
        inner = self._print(arg)
        plain = is_atom(arg) and not (isinstance(arg, Var) and arg.layer is not None)
        return (inner if plain else f"({inner})") + "ᵀ"

    def _print_Paren(self, node: Paren) -> str:
        return f"({self._print(node.arg)})"

    def _print_Mat(self, node: Mat) -> str:
        rows = node.rows
        if len(rows) == 1 or all(len(r) == 1 for r in rows):
            body = "[" + ", ".join(self._print(c) for r in rows for c in r) + "]"
            return body + ("ᵀ" if len(rows) > 1 else "")
        return "[" + "; ".join(", ".join(self._print(c) for c in r) for r in rows) + "]"

    def _print_Partial(self, node: Partial) -> str:
        return f"∂{self._atom(node.num)}/∂{self._atom(node.den)}"

    def _atom(self, node: Node) -> str:
        return self._print(node) if is_atom(node) else f"({self._print(node)})"

    def _print_Sqrt(self, node: Sqrt) -> str:
        inner = self._print(node.arg)
        return f"√{inner}" if is_atom(node.arg) else f"√({inner})"

    def _print_Abs(self, node: Abs) -> str:
        return f"|{self._print(node.arg)}|"

    def _print_Norm(self, node: Norm) -> str:
        out = f"‖{self._print(node.arg)}‖" + (subscript_text(node.sub) if node.sub else "")
        return out + ("²" if node.squared else "")

    def _print_Sum(self, node: Sum) -> str:
        head = "Σ"
        if node.lo is not None:
            head += subscript_text(f"{node.index}={self._print(node.lo)}")
        elif node.index:
            head += subscript_text(node.index)
        if node.hi is not None:
            head += superscript_text(self._print(node.hi))
        inner = self._print(node.body)
        return f"{head} ({inner})" if isinstance(node.body, Op) else f"{head} {inner}"

    def _print_Word(self, node: Word) -> str:
        return node.text.get(self.lang)

    def _print_Cases(self, node: Cases) -> str:
        rows = "; ".join(f"{self._print(v)}, {self._print(c)}" for v, c in node.rows)
        return "{ " + rows + " }"


@lru_cache(maxsize=16)
def _printer(notation: str, lang: str) -> TextPrinter:
    return TextPrinter(notation, lang)


def to_text(node: Node, notation: str = "textbook", lang: str = "en") -> str:
    """Plain Unicode: ``δ⁽²⁾ = (ŷ − t) ⊙ σ′(z⁽²⁾)``."""
    return _printer(notation, lang).doprint(node)
