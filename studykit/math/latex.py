"""LaTeX: math nodes for ``$…$`` (Markdown, .tex, MathJax/KaTeX), and Unicode prose made safe for
pdflatex (:func:`latex_text`). One Unicode→LaTeX table serves both, so that no raw Unicode sign
reaches TeX."""

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
from .text import layer_mark

GREEK_LATEX = {
    "α": r"\alpha",
    "β": r"\beta",
    "γ": r"\gamma",
    "δ": r"\delta",
    "Δ": r"\Delta",
    "ε": r"\varepsilon",
    "η": r"\eta",
    "θ": r"\theta",
    "λ": r"\lambda",
    "μ": r"\mu",
    "ρ": r"\rho",
    "σ": r"\sigma",
    "τ": r"\tau",
    "φ": r"\varphi",
    "Φ": r"\Phi",
    "π": r"\pi",
    "ℓ": r"\ell",
}

FUNCTION_LATEX = {
    "tanh": r"\tanh",
    "exp": r"\exp",
    "log": r"\log",
    "ln": r"\ln",
    "max": r"\max",
    "min": r"\min",
    "sin": r"\sin",
    "cos": r"\cos",
}

# Unicode signs as LaTeX math: the one table both LaTeX printers (math nodes here, prose in
# render/latex.py) read, so that no raw Unicode reaches pdflatex.
UNICODE_LATEX = {
    "−": "-",
    "×": r"\times",
    "⊙": r"\odot",
    "·": r"\cdot",
    "≈": r"\approx",
    "≠": r"\neq",
    "≤": r"\le",
    "≥": r"\ge",
    "±": r"\pm",
    "∈": r"\in",
    "→": r"\to",
    "←": r"\leftarrow",
    "⇒": r"\Rightarrow",
    "∂": r"\partial",
    "∇": r"\nabla",
    "Σ": r"\Sigma",
    "∑": r"\sum",
    "√": r"\surd",
    "∞": r"\infty",
    "‖": r"\|",
    "½": r"\tfrac{1}{2}",
    "¼": r"\tfrac{1}{4}",
    "¾": r"\tfrac{3}{4}",
    "′": "'",
    "″": "''",
    "⋯": r"\cdots",
    "…": r"\dots",
    "⋮": r"\vdots",
    **GREEK_LATEX,
}
LATEX_SUPERSCRIPTS = {"ᵀ": r"\top", "⁽": "(", "⁾": ")", "⁺": "+", "⁻": "-", "ˡ": "l", "ᴸ": "L"}
LATEX_SUPERSCRIPTS.update(zip("ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ", "abcdefghijkmnoprstuvwxyz", strict=True))
LATEX_SUPERSCRIPTS.update({d: str(i) for i, d in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")})
LATEX_SUBSCRIPTS = {"₍": "(", "₎": ")", "₊": "+", "₋": "-", "ᵢ": "i", "ⱼ": "j", "ₖ": "k"}
LATEX_SUBSCRIPTS.update({"ₗ": "l", "ₘ": "m", "ₙ": "n", "ₜ": "t"})
LATEX_SUBSCRIPTS.update({d: str(i) for i, d in enumerate("₀₁₂₃₄₅₆₇₈₉")})
_LATEX_ACCENTS = {"\u0302": r"\hat", "\u0307": r"\dot", "\u0304": r"\bar", "\u0303": r"\tilde"}


def latex_math(text: str) -> str:
    """Unicode math text (``ŷ``, ``ḣ₁``, ``W⁽¹⁾``, ``¼``, ``≥``) as ASCII LaTeX math.

    Runs of super-/subscripts become one group (``W^{(1)}``: TeX refuses ``W^(^1^)``), a letter
    with a combining accent becomes ``\\hat{y}``/``\\dot{h}``; other letters (CJK) go in ``\text``.
    """
    if text.isascii():
        return text
    chars = unicodedata.normalize("NFD", text)
    out: list[str] = []
    i = 0
    while i < len(chars):
        c = chars[i]
        script = LATEX_SUPERSCRIPTS if c in LATEX_SUPERSCRIPTS else LATEX_SUBSCRIPTS
        if c in script:
            j = i
            while j < len(chars) and chars[j] in script:
                j += 1
            mark = "^" if script is LATEX_SUPERSCRIPTS else "_"
            out.append(f"{mark}{{{_join_tex([script[ch] for ch in chars[i:j]])}}}")
            i = j
            continue
        if c in _LATEX_ACCENTS and out:
            out[-1] = f"{_LATEX_ACCENTS[c]}{{{out[-1]}}}"
        elif c in UNICODE_LATEX:
            out.append(UNICODE_LATEX[c])
        else:
            out.append(c if c.isascii() else rf"\text{{{c}}}")
        i += 1
    return _join_tex(out)


_TRAILING_COMMAND = re.compile(r"\\[A-Za-z]+$")


def _join_tex(pieces: list[str]) -> str:
    """Concatenate, with a space only where a command name would run into a letter."""
    out = ""
    for piece in pieces:
        if piece and piece[0].isalpha() and _TRAILING_COMMAND.search(out):
            out += " "
        out += piece
    return out


# Prose (text mode): TeX's special characters and typographic signs.
_PROSE_LATEX = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "—": "---",
    "–": "--",
    "“": "``",
    "”": "''",
    "‘": "`",
    "’": "'",
    "…": r"\dots{}",
}


def _is_math_char(text: str, i: int) -> bool:
    c = text[i]
    if c in _PROSE_LATEX:
        return False
    if (
        c in UNICODE_LATEX
        or c in LATEX_SUPERSCRIPTS
        or c in LATEX_SUBSCRIPTS
        or c in _LATEX_ACCENTS
    ):
        return True
    if i + 1 < len(text) and text[i + 1] in _LATEX_ACCENTS:  # m̂: a letter, then its accent
        return True
    decomposed = unicodedata.normalize("NFD", c)
    return len(decomposed) > 1 and decomposed[1] in _LATEX_ACCENTS  # ŷ, ḣ


def latex_text(text: str) -> str:
    r"""Prose for LaTeX: special characters escaped, each run of math signs as ``$…$``
    (``∂L/∂W⁽¹⁾`` → ``$\partial$L/$\partial$W$^{(1)}$``); CJK is left to ctex."""
    out: list[str] = []
    i = 0
    while i < len(text):
        if _is_math_char(text, i):
            j = i + 1
            while j < len(text) and _is_math_char(text, j):
                j += 1
            out.append(f"${latex_math(text[i:j])}$")
            i = j
        else:
            out.append(_PROSE_LATEX.get(text[i], text[i]))
            i += 1
    return "".join(out)


_FRACTION = re.compile(r"^−?\d+/\d+$")
_OPERATORS = {
    "·": r" \cdot ",
    "×": r" \times ",
    "⊙": r" \odot ",
    "≈": r" \approx ",
    "−": " - ",
    "+": " + ",
    "=": " = ",
    ",": ",\\ ",
    "∈": r" \in ",
    "≤": r" \le ",
    "≥": r" \ge ",
    "∧": r" \land ",
    "∨": r" \lor ",
    "<": " < ",
    ">": " > ",
    "": " ",
    "/": " / ",
}


def latex_name(name: str) -> str:
    """A variable or function name: Greek as commands, words upright."""
    if name in GREEK_LATEX:
        return GREEK_LATEX[name]
    if len(name) > 1 and name.isascii() and name.isalpha():
        return rf"\mathrm{{{name}}}"
    return latex_math(name)


class LatexPrinter(Printer):
    """LaTeX math (amsmath)."""

    format = "latex"

    def paren(self, inner: str) -> str:
        return rf"\left({inner}\right)"

    def _print_Num(self, node: Num) -> str:
        text = node.text
        if _FRACTION.match(text):
            n, d = text.split("/", 1)
            body = rf"\frac{{{n.lstrip('−')}}}{{{d}}}"
            return f"-{body}" if n.startswith("−") else body
        return latex_math(text)

    def _print_Var(self, node: Var) -> str:
        base = latex_name(node.name)
        if node.hat:
            base = rf"\hat{{{base}}}"
        if node.bold:
            base = rf"\boldsymbol{{{base}}}"
        if node.sub is not None:
            base += f"_{{{latex_math(node.sub)}}}"
        if node.layer is not None:
            base += f"^{{{latex_math(layer_mark(node.layer, self.notation))}}}"
        return base

    def _print_Op(self, node: Op) -> str:
        parts = self.operands(node)
        if node.op == "":
            return "".join(
                ((r" \cdot " if number_follows(node.args, i) else " ") if i else "") + part
                for i, part in enumerate(parts)
            )
        return _OPERATORS[node.op].join(parts)

    def _print_Neg(self, node: Neg) -> str:
        inner = self._print(node.arg)
        return f"-{self.paren(inner)}" if neg_needs_parens(node.arg) else f"-{inner}"

    def _print_Frac(self, node: Frac) -> str:
        return rf"\frac{{{self._print(node.num)}}}{{{self._print(node.den)}}}"

    def _print_Pow(self, node: Pow) -> str:
        b = self._print(node.base)
        if power_base_needs_parens(node.base):
            b = self.paren(b)
        elif isinstance(node.base, Var) and (
            node.base.layer is not None or node.base.sub is not None
        ):
            b = f"{{{b}}}"
        return f"{b}^{{{self._print(node.exp)}}}"

    def _print_Call(self, node: Call) -> str:
        head = FUNCTION_LATEX.get(node.name) or latex_name(node.name)
        head += "'" * node.prime
        if node.sup is not None:
            head = f"{{{head}}}^{{{layer_mark(node.sup, self.notation)}}}"
        args = (a.arg if isinstance(a, Paren) else a for a in node.args)  # \cos(-1.4), once
        return head + self.paren(", ".join(self._print(a) for a in args))

    def _print_T(self, node: T) -> str:
        inner = self._print(node.arg)
        if is_plain_symbol(node.arg):
            return f"{inner}^{{\\top}}"
        return self.paren(inner) + "^{\\top}"

    def _print_Paren(self, node: Paren) -> str:
        return self.paren(self._print(node.arg))

    def _print_Mat(self, node: Mat) -> str:
        body = r" \\ ".join(" & ".join(self._print(c) for c in r) for r in node.rows)
        return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"

    def _print_Partial(self, node: Partial) -> str:
        return rf"\frac{{\partial {self._print(node.num)}}}{{\partial {self._print(node.den)}}}"

    def _print_Sqrt(self, node: Sqrt) -> str:
        return rf"\sqrt{{{self._print(node.arg)}}}"

    def _print_Abs(self, node: Abs) -> str:
        return rf"\left|{self._print(node.arg)}\right|"

    def _print_Norm(self, node: Norm) -> str:
        out = rf"\left\lVert {self._print(node.arg)} \right\rVert"
        out += f"_{{{node.sub}}}" if node.sub else ""
        return out + ("^{2}" if node.squared else "")

    def _print_Sum(self, node: Sum) -> str:
        head = r"\sum"
        if node.lo is not None:
            head += f"_{{{latex_math(node.index)}={self._print(node.lo)}}}"
        elif node.index:
            head += f"_{{{latex_math(node.index)}}}"
        if node.hi is not None:
            head += f"^{{{self._print(node.hi)}}}"
        inner = self._print(node.body)
        return f"{head} {self.paren(inner)}" if isinstance(node.body, Op) else f"{head} {inner}"

    def _print_Word(self, node: Word) -> str:
        return rf"\text{{{latex_text(node.text.get(self.lang))}}}"

    def _print_Cases(self, node: Cases) -> str:
        body = r" \\ ".join(f"{self._print(v)} & {self._print(c)}" for v, c in node.rows)
        return rf"\begin{{cases}} {body} \end{{cases}}"


@lru_cache(maxsize=16)
def _printer(notation: str, lang: str) -> LatexPrinter:
    return LatexPrinter(notation, lang)


def to_latex(node: Node, notation: str = "textbook", lang: str = "en") -> str:
    """LaTeX for ``$…$`` (Markdown, .tex, MathJax/KaTeX)."""
    return _printer(notation, lang).doprint(node)
