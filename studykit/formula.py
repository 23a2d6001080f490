"""Formulas as data: a small tree that every output format prints (one visitor per format).

Worked solutions are built from these nodes once, by the generator; the terminal, Markdown,
LaTeX, Typst and HTML renderers only print them. A layer superscript is stored as a number and
printed in the notation profile's style: ``W⁽²⁾`` (textbook), ``W^[2]`` (bracket).

Nodes serialise to JSON as ``[tag, …]`` lists (:func:`to_json` / :func:`from_json`).
This module prints plain Unicode (:func:`to_text`) and LaTeX (:func:`to_latex`); the Typst and
MathML printers live in ``render/``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields
from fractions import Fraction
from typing import Any

from .i18n import Text as Words

# ----------------------------------------------------------------------------- nodes


@dataclass(frozen=True)
class Num:
    """A number already written as the student writes it: ``0.5933``, ``−1.5``, ``3/8``."""

    text: str


@dataclass(frozen=True)
class Var:
    """A named quantity: ``Var("w", sub="12", layer=2)`` is w⁽²⁾₁₂; ``hat`` gives ŷ."""

    name: str
    sub: str | None = None
    layer: int | str | None = None
    hat: bool = False
    bold: bool = False


@dataclass(frozen=True)
class Op:
    """``a op b op c``: op in ``+ − · × ⊙ = ≈ , ∈`` or ``""`` (juxtaposition / matrix product)."""

    op: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Neg:
    arg: Node


@dataclass(frozen=True)
class Frac:
    num: Node
    den: Node


@dataclass(frozen=True)
class Pow:
    base: Node
    exp: Node


@dataclass(frozen=True)
class Call:
    """``name(args)``, with ``prime`` dashes: ``f′(z)``; ``name`` may be σ, tanh, max, diag …"""

    name: str
    args: tuple[Node, ...]
    prime: int = 0
    sup: int | str | None = None  # layer index on the function: f⁽²⁾(z)


@dataclass(frozen=True)
class T:
    """Transpose ``Xᵀ``."""

    arg: Node


@dataclass(frozen=True)
class Paren:
    arg: Node


@dataclass(frozen=True)
class Mat:
    """A matrix (a column vector is a one-column matrix)."""

    rows: tuple[tuple[Node, ...], ...]


@dataclass(frozen=True)
class Partial:
    """``∂num/∂den``."""

    num: Node
    den: Node


@dataclass(frozen=True)
class Sqrt:
    arg: Node


@dataclass(frozen=True)
class Abs:
    arg: Node


@dataclass(frozen=True)
class Norm:
    arg: Node
    sub: str | None = None
    squared: bool = False


@dataclass(frozen=True)
class Sum:
    """``Σ_{index=lo}^{hi} body`` (lo and hi optional)."""

    body: Node
    index: str
    lo: Node | None = None
    hi: Node | None = None


@dataclass(frozen=True)
class Word:
    """Words inside a formula (``if``, ``otherwise``), in both languages."""

    text: Words


@dataclass(frozen=True)
class Cases:
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

_TAGS: dict[str, type] = {
    cls.__name__.lower(): cls
    for cls in (
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
}


# ----------------------------------------------------------------------------- builders


def num(value: float | int | Fraction, decimals: int | None = None) -> Num:
    """A number node: exact fractions print as decimals when they terminate within
    ``decimals`` (default 6), else as ``p/q``; floats print with ``decimals`` places."""
    return Num(format_number(value, decimals))


def format_number(value: float | int | Fraction, decimals: int | None = None) -> str:
    """The text a student writes for ``value`` (minus sign as ``−``)."""
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


# ----------------------------------------------------------------------------- JSON


def to_json(node: Node) -> Any:
    """``[tag, field…]`` lists; tuples become lists, words become {"en", "zh"}."""
    tag = type(node).__name__.lower()
    out: list[Any] = [tag]
    for f in fields(node):  # type: ignore[arg-type]
        out.append(_field_json(getattr(node, f.name)))
    return out


def _field_json(value: Any) -> Any:
    if isinstance(value, Words):
        return {"en": value.en, "zh": value.zh}
    if isinstance(value, tuple):
        return [_field_json(v) for v in value]
    if type(value) in _TAGS.values():
        return to_json(value)
    return value


def from_json(data: Any) -> Node:
    tag, *values = data
    cls = _TAGS[tag]
    kwargs = {}
    for f, value in zip(fields(cls), values, strict=True):
        kwargs[f.name] = _field_from_json(f.name, value)
    return cls(**kwargs)


def _field_from_json(name: str, value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"en", "zh"}:
        return Words(value["en"], value["zh"])
    if isinstance(value, list):
        if value and isinstance(value[0], str) and value[0] in _TAGS and name != "rows":
            return from_json(value)
        if name in ("args",):
            return tuple(from_json(v) for v in value)
        if name == "rows":
            return tuple(tuple(_node_or_value(v) for v in row) for row in value)
    return value


def _node_or_value(value: Any) -> Any:
    return from_json(value) if isinstance(value, list) and value and value[0] in _TAGS else value


# ----------------------------------------------------------------------------- printing helpers

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


_SUPERSCRIPT = str.maketrans("0123456789+-−()lLnkij", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁽⁾ˡᴸⁿᵏⁱʲ")
_SUBSCRIPT = str.maketrans("0123456789+-−()ijklmn", "₀₁₂₃₄₅₆₇₈₉₊₋₋₍₎ᵢⱼₖₗₘₙ")


def layer_mark(layer: int | str, notation: str) -> str:
    """``(2)`` or ``[2]`` by the notation profile (transposed uses round brackets too)."""
    return f"[{layer}]" if notation == "bracket" else f"({layer})"


def _sup_text(text: str) -> str:
    converted = text.translate(_SUPERSCRIPT)
    return converted if all(c in "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ˡᴸⁿᵏⁱʲ" for c in converted) else f"^{text}"


def subscript_text(text: str) -> str:
    """``"12"`` → ``"₁₂"``; text with no subscript form becomes ``"_text"``."""
    converted = text.translate(_SUBSCRIPT)
    return converted if all(c in "₀₁₂₃₄₅₆₇₈₉₊₋₍₎ᵢⱼₖₗₘₙ" for c in converted) else f"_{text}"


_PRECEDENCE = {
    "=": 0,
    "≈": 0,
    ",": 0,
    "∈": 0,
    "≤": 0,
    "≥": 0,
    "<": 0,
    ">": 0,
    "+": 1,
    "−": 1,
    "·": 2,
    "×": 2,
    "⊙": 2,
    "": 3,
    "/": 2,
}


def _needs_parens(child: Node, parent_op: str, position: int) -> bool:
    after_operator = position > 0 and parent_op not in ("=", "≈", ",")
    if isinstance(child, Op):
        mine = _PRECEDENCE[child.op]
        theirs = _PRECEDENCE[parent_op]
        if mine < theirs or (mine == theirs and parent_op == "−" and position > 0):
            return True
        # "a + −1.9 · x" reads badly and "a − −1.9 · x" is wrong-looking: wrap the product
        return after_operator and _leading_minus(child)
    if isinstance(child, Neg | Num) and after_operator:
        return _leading_minus(child)
    return False


def _leading_minus(node: Node) -> bool:
    """Whether the printed node starts with a minus sign."""
    if isinstance(node, Neg):
        return True
    if isinstance(node, Num):
        return node.text.startswith("−")
    if isinstance(node, Op) and node.args and node.op not in ("=", "≈", ","):
        return not _needs_parens(node.args[0], node.op, 0) and _leading_minus(node.args[0])
    return False


# ----------------------------------------------------------------------------- Unicode text


def to_text(node: Node, notation: str = "textbook", lang: str = "en") -> str:
    """Plain Unicode: ``δ⁽²⁾ = (ŷ − t) ⊙ σ′(z⁽²⁾)``."""
    p = lambda n: to_text(n, notation, lang)  # noqa: E731
    match node:
        case Num(text):
            return text
        case Var(name, sub_, layer, hat, _bold):
            out = name + ("\u0302" if hat else "")
            if sub_ is not None:
                out += subscript_text(str(sub_))
            if layer is not None:
                out += _sup_text(layer_mark(layer, notation))
            return out
        case Op(op, args):
            parts = [f"({p(a)})" if _needs_parens(a, op, i) else p(a) for i, a in enumerate(args)]
            if op == "":
                return "".join(parts) if all(_short(a) for a in args) else " ".join(parts)
            if op == ",":
                return ", ".join(parts)
            return f" {op} ".join(parts)
        case Neg(arg):
            inner = p(arg)
            return f"−({inner})" if isinstance(arg, Op) and arg.op in "+−" else f"−{inner}"
        case Frac(num_, den):
            a, b = p(num_), p(den)
            a = f"({a})" if isinstance(num_, Op) else a
            b = f"({b})" if isinstance(den, Op | Frac) else b
            return f"{a}/{b}"
        case Pow(base, exp):
            b = p(base)
            if isinstance(base, Op | Neg | Frac | Pow) or (
                isinstance(base, Num) and base.text.startswith("−")
            ):
                b = f"({b})"
            e = p(exp)
            sup = _sup_text(e)
            return b + (sup if not sup.startswith("^") else f"^({e})" if len(e) > 1 else f"^{e}")
        case Call(name, args, prime, sup_):
            head = name + "′" * prime
            if sup_ is not None:
                head += _sup_text(layer_mark(sup_, notation))
            return f"{head}({', '.join(p(a) for a in args)})"
        case T(Mat(rows)) if len(rows) > 1 and all(len(r) == 1 for r in rows):
            return "[" + ", ".join(p(r[0]) for r in rows) + "]"  # a column vector's transpose
        case T(arg):
            inner = p(arg)
            plain = _short(arg) and not (isinstance(arg, Var) and arg.layer is not None)
            return (inner if plain else f"({inner})") + "ᵀ"
        case Paren(arg):
            return f"({p(arg)})"
        case Mat(rows):
            if len(rows) == 1 or all(len(r) == 1 for r in rows):
                flat = [p(c) for r in rows for c in r]
                body = "[" + ", ".join(flat) + "]"
                return body + ("ᵀ" if len(rows) > 1 else "")
            return "[" + "; ".join(", ".join(p(c) for c in r) for r in rows) + "]"
        case Partial(num_, den):
            return f"∂{_wrap_short(num_, p)}/∂{_wrap_short(den, p)}"
        case Sqrt(arg):
            inner = p(arg)
            return f"√{inner}" if _short(arg) else f"√({inner})"
        case Abs(arg):
            return f"|{p(arg)}|"
        case Norm(arg, sub_, squared):
            out = f"‖{p(arg)}‖" + (subscript_text(sub_) if sub_ else "")
            return out + ("²" if squared else "")
        case Sum(body, index, lo, hi):
            head = "Σ"
            if lo is not None:
                head += subscript_text(f"{index}={p(lo)}")
            elif index:
                head += subscript_text(index)
            if hi is not None:
                head += _sup_text(p(hi))
            inner = p(body)
            return f"{head} {inner}" if not isinstance(body, Op) else f"{head} ({inner})"
        case Word(text):
            return text.get(lang)
        case Cases(rows):
            return "{ " + "; ".join(f"{p(v)}, {p(c)}" for v, c in rows) + " }"
    raise TypeError(f"not a formula node: {node!r}")


def _short(node: Node) -> bool:
    return isinstance(node, Num | Var | Call | Mat | Paren | T | Abs | Norm | Sqrt)


def _wrap_short(node: Node, p: Any) -> str:
    return p(node) if _short(node) else f"({p(node)})"


# ----------------------------------------------------------------------------- LaTeX


_FRACTION = re.compile(r"^−?\d+/\d+$")


def _latex_name(name: str) -> str:
    if name in GREEK_LATEX:
        return GREEK_LATEX[name]
    if len(name) > 1 and name.isascii() and name.isalpha():
        return rf"\mathrm{{{name}}}"
    return latex_math(name)


def to_latex(node: Node, notation: str = "textbook", lang: str = "en") -> str:
    """LaTeX for ``$…$`` (Markdown, .tex, MathJax/KaTeX)."""
    p = lambda n: to_latex(n, notation, lang)  # noqa: E731
    match node:
        case Num(text):
            if _FRACTION.match(text):
                n_, d_ = text.split("/", 1)
                neg = n_.startswith("−")
                body = rf"\frac{{{n_.lstrip('−')}}}{{{d_}}}"
                return f"-{body}" if neg else body
            return latex_math(text)
        case Var(name, sub_, layer, hat, bold):
            base = _latex_name(name)
            if hat:
                base = rf"\hat{{{base}}}"
            if bold:
                base = rf"\boldsymbol{{{base}}}"
            if sub_ is not None:
                base += f"_{{{latex_math(sub_)}}}"
            if layer is not None:
                base += f"^{{{latex_math(layer_mark(layer, notation))}}}"
            return base
        case Op(op, args):
            symbol = {
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
                "<": " < ",
                ">": " > ",
                "": " ",
                "/": " / ",
            }[op]
            parts = [
                rf"\left({p(a)}\right)" if _needs_parens(a, op, i) else p(a)
                for i, a in enumerate(args)
            ]
            return symbol.join(parts)
        case Neg(arg):
            inner = p(arg)
            return (
                rf"-\left({inner}\right)" if isinstance(arg, Op) and arg.op in "+−" else f"-{inner}"
            )
        case Frac(num_, den):
            return rf"\frac{{{p(num_)}}}{{{p(den)}}}"
        case Pow(base, exp):
            b = p(base)
            if isinstance(base, Op | Neg | Frac | Pow) or (
                isinstance(base, Num) and base.text.startswith("−")
            ):
                b = rf"\left({b}\right)"
            elif isinstance(base, Var) and (base.layer is not None or base.sub is not None):
                b = f"{{{b}}}"
            return f"{b}^{{{p(exp)}}}"
        case Call(name, args, prime, sup_):
            head = FUNCTION_LATEX.get(name) or _latex_name(name)
            if prime:
                head += "'" * prime
            if sup_ is not None:
                head = f"{{{head}}}^{{{layer_mark(sup_, notation)}}}"
            return rf"{head}\left({', '.join(p(a) for a in args)}\right)"
        case T(arg):
            inner = p(arg)
            if isinstance(arg, Var) and arg.layer is None and arg.sub is None:
                return f"{inner}^{{\\top}}"
            return rf"\left({inner}\right)^{{\top}}"
        case Paren(arg):
            return rf"\left({p(arg)}\right)"
        case Mat(rows):
            body = r" \\ ".join(" & ".join(p(c) for c in r) for r in rows)
            return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"
        case Partial(num_, den):
            return rf"\frac{{\partial {p(num_)}}}{{\partial {p(den)}}}"
        case Sqrt(arg):
            return rf"\sqrt{{{p(arg)}}}"
        case Abs(arg):
            return rf"\left|{p(arg)}\right|"
        case Norm(arg, sub_, squared):
            out = rf"\left\lVert {p(arg)} \right\rVert" + (f"_{{{sub_}}}" if sub_ else "")
            return out + ("^{2}" if squared else "")
        case Sum(body, index, lo, hi):
            head = r"\sum"
            if lo is not None:
                head += f"_{{{latex_math(index)}={p(lo)}}}"
            elif index:
                head += f"_{{{latex_math(index)}}}"
            if hi is not None:
                head += f"^{{{p(hi)}}}"
            inner = p(body)
            return (
                f"{head} {inner}" if not isinstance(body, Op) else rf"{head} \left({inner}\right)"
            )
        case Word(text):
            return rf"\text{{{latex_text(text.get(lang))}}}"
        case Cases(rows):
            body = r" \\ ".join(f"{p(v)} & {p(c)}" for v, c in rows)
            return rf"\begin{{cases}} {body} \end{{cases}}"
    raise TypeError(f"not a formula node: {node!r}")
