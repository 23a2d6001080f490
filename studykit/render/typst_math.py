"""The formula tree as Typst math (``$…$``): built-in functions only (mat, cases, frac, …)."""

from __future__ import annotations

import re

from .. import formula as fm

# Function names Typst math already typesets upright.
TYPST_OPS = {"tanh", "exp", "log", "ln", "max", "min", "sin", "cos", "sinh", "cosh", "det", "tr"}
_OPS = {
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
    "<": " < ",
    ">": " > ",
    "": " ",
    "/": " slash ",
}


def string(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _name(name: str) -> str:
    if len(name) == 1:
        return name
    return f"upright({string(name)})"


def _script(text: str) -> str:
    """A sub/superscript: digits and single letters bare, anything else as text."""
    if text.isdigit() or (len(text) == 1 and text.isalpha()):
        return text
    if text.isalnum() and text.isascii():
        return string(text)
    return f"({_escape_math(text)})"


_WORDS = re.compile(r"[^\W\d_]{2,}|[^\x00-\x7f\W]+")


def _escape_math(text: str) -> str:
    """Free text inside math: runs of two or more letters (and any CJK) become strings."""
    return _WORDS.sub(lambda m: string(m.group()), text)


def _layer(layer: int | str, notation: str) -> str:
    inner = _escape_math(str(layer).replace("−", "-"))
    return f"[{inner}]" if notation == "bracket" else f"({inner})"


_NUMBER = re.compile(r"-?\d+(\.\d+)?(/\d+)?")


def _num(text: str) -> str:
    """A number; a fraction ``p/q`` as frac; any other text (words) as an upright string."""
    text = text.replace("−", "-")
    if not _NUMBER.fullmatch(text):
        return string(text)
    if "/" in text:
        num, den = text.split("/", 1)
        neg = num.startswith("-")
        body = f"frac({num.lstrip('-')}, {den})"
        return f"-{body}" if neg else body
    return text


def to_typst(node: fm.Node, notation: str = "textbook", lang: str = "en") -> str:
    """Typst math source for ``node`` (without the surrounding ``$``)."""
    p = lambda n: to_typst(n, notation, lang)  # noqa: E731
    match node:
        case fm.Num(text):
            return _num(text)
        case fm.Var(name, sub_, layer, hat, bold):
            base = _name(name)
            if hat:
                base = f"hat({base})"
            if bold:
                base = f"bold({base})"
            if sub_ is not None:
                base += f"_{_script(str(sub_))}"
            if layer is not None:
                base += f"^({_layer(layer, notation)})"
            return base
        case fm.Op(op, args):
            parts = [
                f"lr(({p(a)}))" if fm._needs_parens(a, op, i) else p(a) for i, a in enumerate(args)
            ]
            return _OPS[op].join(parts)
        case fm.Neg(arg):
            inner = p(arg)
            return f"-lr(({inner}))" if isinstance(arg, fm.Op) and arg.op in "+−" else f"-{inner}"
        case fm.Frac(num_, den):
            return f"frac({p(num_)}, {p(den)})"
        case fm.Pow(base, exp):
            b = p(base)
            if isinstance(base, fm.Op | fm.Neg | fm.Frac | fm.Pow) or (
                isinstance(base, fm.Num) and base.text.startswith("−")
            ):
                b = f"lr(({b}))"
            elif isinstance(base, fm.Var) and (base.layer is not None or base.sub is not None):
                b = f"({b})"
            return f"{b}^({p(exp)})"
        case fm.Call(name, args, prime, sup_):
            head = name if name in TYPST_OPS else _name(name)
            if prime:
                head += "'" * prime
            if sup_ is not None:
                head += f"^({_layer(sup_, notation)})"
            return f"{head}({', '.join(p(a) for a in args)})"
        case fm.T(arg):
            inner = p(arg)
            if isinstance(arg, fm.Var) and arg.layer is None and arg.sub is None:
                return f"{inner}^⊤"
            return f"lr(({inner}))^⊤"
        case fm.Paren(arg):
            return f"lr(({p(arg)}))"
        case fm.Mat(rows):
            body = "; ".join(", ".join(p(c) for c in r) for r in rows)
            return f'mat(delim: "[", {body})'
        case fm.Partial(num_, den):
            return f"frac(∂ {p(num_)}, ∂ {p(den)})"
        case fm.Sqrt(arg):
            return f"sqrt({p(arg)})"
        case fm.Abs(arg):
            return f"abs({p(arg)})"
        case fm.Norm(arg, sub_, squared):
            out = f"norm({p(arg)})" + (f"_{_script(sub_)}" if sub_ else "")
            return out + ("^2" if squared else "")
        case fm.Sum(body, index, lo, hi):
            head = "sum"
            if lo is not None:
                head += f"_({_escape_math(index)} = {p(lo)})"
            elif index:
                head += f"_{_script(index)}"
            if hi is not None:
                head += f"^({p(hi)})"
            inner = p(body)
            return f"{head} {inner}" if not isinstance(body, fm.Op) else f"{head} lr(({inner}))"
        case fm.Word(text):
            return f"#h(0.3em) {string(text.get(lang))} #h(0.3em)"
        case fm.Cases(rows):
            body = ", ".join(f"{p(v)} & {p(c)}" for v, c in rows)
            return f"cases({body})"
    raise TypeError(f"not a formula node: {node!r}")
