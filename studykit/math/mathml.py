"""Presentation MathML: browsers render it natively, so HTML needs no CDN and no script."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

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

_OPERATORS = {
    "·": "·",
    "×": "×",
    "⊙": "⊙",
    "=": "=",
    "≈": "≈",
    ",": ",",
    "∈": "∈",
    "≤": "≤",
    "≥": "≥",
    "∧": "∧",
    "∨": "∨",
    "<": "&lt;",
    ">": "&gt;",
    "+": "+",
    "−": "−",
    "/": "/",
}
_UPRIGHT_FUNCTIONS = {
    "tanh",
    "exp",
    "log",
    "ln",
    "max",
    "min",
    "sin",
    "cos",
    "diag",
    "sign",
    "tr",
    "det",
}
_NUMBER = re.compile(r"−?\d+(\.\d+)?(/\d+)?")
_NAMESPACE = "http://www.w3.org/1998/Math/MathML"


def mi(name: str, upright: bool = False) -> str:
    variant = ' mathvariant="normal"' if upright or len(name) > 1 else ""
    return f"<mi{variant}>{escape(name)}</mi>"


def mo(op: str, stretchy: bool | None = None) -> str:
    attr = "" if stretchy is None else f' stretchy="{str(stretchy).lower()}"'
    return f"<mo{attr}>{escape(op)}</mo>"


def mrow(*parts: str) -> str:
    return "<mrow>" + "".join(parts) + "</mrow>"


def fenced(inner: str, left: str = "(", right: str = ")") -> str:
    return mrow(mo(left), inner, mo(right))


def _script_text(text: str) -> str:
    if text.isdigit():
        return f"<mn>{text}</mn>"
    return mrow(
        *(f"<mn>{c}</mn>" if c.isdigit() else mo(c) if c in "+-−=" else mi(c) for c in text)
    )


class MathMLPrinter(Printer):
    """MathML content, without the ``<math>`` element."""

    format = "mathml"

    def paren(self, inner: str) -> str:
        return fenced(inner)

    def _layer(self, layer: int | str) -> str:
        left, right = ("[", "]") if self.notation == "bracket" else ("(", ")")
        return mrow(mo(left, False), _script_text(str(layer)), mo(right, False))

    def _print_Num(self, node: Num) -> str:
        text = node.text
        if not _NUMBER.fullmatch(text):
            return f"<mtext>{escape(text)}</mtext>"
        if "/" in text:
            n, d = text.split("/", 1)
            frac = f"<mfrac><mn>{n.lstrip('−')}</mn><mn>{d}</mn></mfrac>"
            return mrow(mo("−"), frac) if n.startswith("−") else frac
        if text.startswith("−"):
            return mrow(mo("−"), f"<mn>{text[1:]}</mn>")
        return f"<mn>{escape(text)}</mn>"

    def _print_Var(self, node: Var) -> str:
        base = mi(node.name)
        if node.bold:
            base = f'<mi mathvariant="bold">{escape(node.name)}</mi>'
        if node.hat:
            base = f'<mover accent="true">{base}<mo>^</mo></mover>'
        sub = None if node.sub is None else _script_text(str(node.sub))
        if sub is not None and node.layer is not None:
            return f"<msubsup>{base}{sub}{self._layer(node.layer)}</msubsup>"
        if sub is not None:
            return f"<msub>{base}{sub}</msub>"
        if node.layer is not None:
            return f"<msup>{base}{self._layer(node.layer)}</msup>"
        return base

    def _print_Op(self, node: Op) -> str:
        parts = self.operands(node)
        if node.op != "":
            return mrow(mo(_OPERATORS[node.op]).join(parts))
        return mrow(
            "".join(
                ((mo("·") if number_follows(node.args, i) else "<mo>&#x2062;</mo>") if i else "")
                + part
                for i, part in enumerate(parts)
            )
        )

    def _print_Neg(self, node: Neg) -> str:
        inner = self._print(node.arg)
        return mrow(mo("−"), fenced(inner) if neg_needs_parens(node.arg) else inner)

    def _print_Frac(self, node: Frac) -> str:
        return f"<mfrac>{self._print(node.num)}{self._print(node.den)}</mfrac>"

    def _print_Pow(self, node: Pow) -> str:
        b = self._print(node.base)
        layered = isinstance(node.base, Var) and node.base.layer is not None
        if power_base_needs_parens(node.base) or layered:
            b = fenced(b)
        return f"<msup>{b}{self._print(node.exp)}</msup>"

    def _print_Call(self, node: Call) -> str:
        head = mi(node.name, upright=node.name in _UPRIGHT_FUNCTIONS)
        if node.prime:
            head = f"<msup>{head}<mo>{'′' * node.prime}</mo></msup>"
        if node.sup is not None:
            head = f"<msup>{head}{self._layer(node.sup)}</msup>"
        return mrow(head, fenced(mo(",").join(self._print(a) for a in node.args)))

    def _print_T(self, node: T) -> str:
        inner = self._print(node.arg)
        if not is_plain_symbol(node.arg):
            inner = fenced(inner)
        return f"<msup>{inner}<mi>T</mi></msup>"

    def _print_Paren(self, node: Paren) -> str:
        return fenced(self._print(node.arg))

    def _print_Mat(self, node: Mat) -> str:
        table = "".join(
            "<mtr>" + "".join(f"<mtd>{self._print(c)}</mtd>" for c in row) + "</mtr>"
            for row in node.rows
        )
        return fenced(f"<mtable>{table}</mtable>", "[", "]")

    def _print_Partial(self, node: Partial) -> str:
        num = mrow(mo("∂"), self._print(node.num))
        return f"<mfrac>{num}{mrow(mo('∂'), self._print(node.den))}</mfrac>"

    def _print_Sqrt(self, node: Sqrt) -> str:
        return f"<msqrt>{self._print(node.arg)}</msqrt>"

    def _print_Abs(self, node: Abs) -> str:
        return fenced(self._print(node.arg), "|", "|")

    def _print_Norm(self, node: Norm) -> str:
        out = fenced(self._print(node.arg), "‖", "‖")
        if node.sub:
            out = f"<msub>{out}{_script_text(node.sub)}</msub>"
        return f"<msup>{out}<mn>2</mn></msup>" if node.squared else out

    def _print_Sum(self, node: Sum) -> str:
        under = ""
        if node.lo is not None:
            under = mrow(mi(node.index), mo("="), self._print(node.lo))
        elif node.index:
            under = mi(node.index)
        over = self._print(node.hi) if node.hi is not None else ""
        sigma = mo("∑")
        if under and over:
            sigma = f"<munderover>{sigma}{under}{over}</munderover>"
        elif under:
            sigma = f"<munder>{sigma}{under}</munder>"
        inner = self._print(node.body)
        return mrow(sigma, fenced(inner) if isinstance(node.body, Op) else inner)

    def _print_Word(self, node: Word) -> str:
        return f"<mtext>\u00a0{escape(node.text.get(self.lang))}\u00a0</mtext>"

    def _print_Cases(self, node: Cases) -> str:
        table = "".join(
            f"<mtr><mtd>{self._print(v)}</mtd><mtd>{self._print(c)}</mtd></mtr>"
            for v, c in node.rows
        )
        return mrow(mo("{"), f'<mtable columnalign="left left">{table}</mtable>')


@lru_cache(maxsize=16)
def _printer(notation: str, lang: str) -> MathMLPrinter:
    return MathMLPrinter(notation, lang)


def to_mathml(node: Node, notation: str = "textbook", lang: str = "en") -> str:
    """MathML content (without the ``<math>`` element) for ``node``."""
    return _printer(notation, lang).doprint(node)


def math_element(node: Node, notation: str, lang: str, display: bool = False) -> str:
    """A complete ``<math>`` element."""
    mode = ' display="block"' if display else ""
    return f'<math xmlns="{_NAMESPACE}"{mode}>{to_mathml(node, notation, lang)}</math>'
