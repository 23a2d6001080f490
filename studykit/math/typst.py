"""Typst math (``$…$``) with built-in functions only (mat, cases, frac, lr, …): the PDFs are
compiled offline, where ``@preview`` packages cannot be downloaded."""

from __future__ import annotations

import re
import unicodedata
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
    is_plain_symbol,
    neg_needs_parens,
    number_follows,
    power_base_needs_parens,
)
from .printer import Printer

#: Function names Typst math already typesets upright.
TYPST_OPS = {"tanh", "exp", "log", "ln", "max", "min", "sin", "cos", "sinh", "cosh", "det", "tr"}
_OPERATORS = {
    "+": " + ",
    "−": " - ",
    "·": " ⋅ ",
    "×": " × ",
    "⊙": " ⊙ ",
    "=": " = ",
    "≈": " ≈ ",
    ",": ", quad ",
    "∈": " ∈ ",
    "≤": " <= ",
    "≥": " >= ",
    "∧": " and ",
    "∨": " or ",
    "<": " < ",
    ">": " > ",
    "": " ",
    "/": " slash ",
}
_WORDS = re.compile(r"[^\W\d_]{2,}|[^\x00-\x7f\W]+")
_NUMBER = re.compile(r"-?\d+(\.\d+)?(/\d+)?")


def string(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


#: Combining accents → Typst accent functions (m̂ → ``hat(m)``, h̄ → ``macron(h)``).
_ACCENTS = {
    "\u0302": "hat",
    "\u0304": "macron",
    "\u0305": "overline",
    "\u0303": "tilde",
    "\u0307": "dot",
    "\u0308": "dot.double",
    "\u20d7": "arrow",
}


def _name(name: str) -> str:
    """A variable's name: one letter bare, a letter with a combining accent (m̂, ḣ, h̄) as the
    accent over the letter (``upright("m̂")`` printed "m ˆ"), longer names upright."""
    if len(name) == 1:
        return name
    decomposed = unicodedata.normalize("NFD", name)
    if len(decomposed) >= 2 and decomposed[0].isalpha():
        marks = decomposed[1:]
        if all(m in _ACCENTS for m in marks):
            out = decomposed[0]
            for mark in marks:
                out = f"{_ACCENTS[mark]}({out})"
            return out
    return f"upright({string(name)})"


def _escape_math(text: str) -> str:
    """Free text inside math: runs of two or more letters (and any CJK) become strings."""
    return _WORDS.sub(lambda m: string(m.group()), text)


def _script(text: str) -> str:
    """A sub/superscript: digits and single letters bare, anything else as text."""
    if text.isdigit() or (len(text) == 1 and text.isalpha()):
        return text
    if text.isalnum() and text.isascii():
        return string(text)
    return f"({_escape_math(text)})"


class TypstPrinter(Printer):
    """Typst math source, without the surrounding ``$``."""

    format = "typst"

    def paren(self, inner: str) -> str:
        return f"lr(({inner}))"

    def _layer(self, layer: int | str) -> str:
        inner = _escape_math(str(layer).replace("−", "-"))
        return f"[{inner}]" if self.notation == "bracket" else f"({inner})"

    def _print_Num(self, node: Num) -> str:
        """A number; a fraction ``p/q`` as frac; any other text (words) as an upright string."""
        text = node.text.replace("−", "-")
        if not _NUMBER.fullmatch(text):
            return string(text)
        if "/" in text:
            n, d = text.split("/", 1)
            body = f"frac({n.lstrip('-')}, {d})"
            return f"-{body}" if n.startswith("-") else body
        return text

    def _print_Var(self, node: Var) -> str:
        base = _name(node.name)
        if node.hat:
            base = f"hat({base})"
        if node.bold:
            base = f"bold({base})"
        if node.sub is not None:
            base += f"_{_script(str(node.sub))}"
        if node.layer is not None:
            base += f"^({self._layer(node.layer)})"
        return base

    def _print_Op(self, node: Op) -> str:
        parts = self.operands(node)
        if node.op == "":
            return "".join(
                ((" ⋅ " if number_follows(node.args, i) else " ") if i else "") + part
                for i, part in enumerate(parts)
            )
        return _OPERATORS[node.op].join(parts)

    def _print_Neg(self, node: Neg) -> str:
        inner = self._print(node.arg)
        return f"-{self.paren(inner)}" if neg_needs_parens(node.arg) else f"-{inner}"

    def _print_Frac(self, node: Frac) -> str:
        return f"frac({self._print(node.num)}, {self._print(node.den)})"

    def _print_Pow(self, node: Pow) -> str:
        b = self._print(node.base)
        if power_base_needs_parens(node.base):
            b = self.paren(b)
        elif isinstance(node.base, Var) and (
            node.base.layer is not None or node.base.sub is not None
        ):
            b = f"({b})"
        return f"{b}^({self._print(node.exp)})"

    def _print_Call(self, node: Call) -> str:
        head = node.name if node.name in TYPST_OPS else _name(node.name)
        head += "'" * node.prime
        if node.sup is not None:
            head += f"^({self._layer(node.sup)})"
        return f"{head}({', '.join(self._print(a) for a in node.args)})"

    def _print_T(self, node: T) -> str:
        inner = self._print(node.arg)
        return f"{inner}^⊤" if is_plain_symbol(node.arg) else f"{self.paren(inner)}^⊤"

    def _print_Paren(self, node: Paren) -> str:
        return self.paren(self._print(node.arg))

    def _print_Mat(self, node: Mat) -> str:
        body = "; ".join(", ".join(self._print(c) for c in r) for r in node.rows)
        return f'mat(delim: "[", {body})'

    def _print_Partial(self, node: Partial) -> str:
        return f"frac(∂ {self._print(node.num)}, ∂ {self._print(node.den)})"

    def _print_Sqrt(self, node: Sqrt) -> str:
        return f"sqrt({self._print(node.arg)})"

    def _print_Abs(self, node: Abs) -> str:
        return f"abs({self._print(node.arg)})"

    def _print_Norm(self, node: Norm) -> str:
        out = f"norm({self._print(node.arg)})" + (f"_{_script(node.sub)}" if node.sub else "")
        return out + ("^2" if node.squared else "")

    def _print_Sum(self, node: Sum) -> str:
        head = "sum"
        if node.lo is not None:
            head += f"_({_escape_math(node.index)} = {self._print(node.lo)})"
        elif node.index:
            head += f"_{_script(node.index)}"
        if node.hi is not None:
            head += f"^({self._print(node.hi)})"
        inner = self._print(node.body)
        return f"{head} {self.paren(inner)}" if isinstance(node.body, Op) else f"{head} {inner}"

    def _print_Word(self, node: Word) -> str:
        return f"#h(0.3em) {string(node.text.get(self.lang))} #h(0.3em)"

    def _print_Cases(self, node: Cases) -> str:
        body = ", ".join(f"{self._print(v)} & {self._print(c)}" for v, c in node.rows)
        return f"cases({body})"


@lru_cache(maxsize=16)
def _printer(notation: str, lang: str) -> TypstPrinter:
    return TypstPrinter(notation, lang)


def to_typst(node: Node, notation: str = "textbook", lang: str = "en") -> str:
    """Typst math source for ``node`` (without the surrounding ``$``)."""
    return _printer(notation, lang).doprint(node)
