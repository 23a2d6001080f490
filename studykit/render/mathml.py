"""The formula tree as presentation MathML (browsers render it natively: no CDN, no script)."""

from __future__ import annotations

import re
from html import escape

from .. import formula as fm

_OPS = {
    "·": "·",
    "×": "×",
    "⊙": "⊙",
    "=": "=",
    "≈": "≈",
    ",": ",",
    "∈": "∈",
    "≤": "≤",
    "≥": "≥",
    "<": "&lt;",
    ">": "&gt;",
    "+": "+",
    "−": "−",
    "/": "/",
}
_FUNCS = {"tanh", "exp", "log", "ln", "max", "min", "sin", "cos", "diag", "sign", "tr", "det"}


def _mi(name: str, upright: bool = False) -> str:
    variant = ' mathvariant="normal"' if upright or len(name) > 1 else ""
    return f"<mi{variant}>{escape(name)}</mi>"


def _mo(op: str, stretchy: bool | None = None) -> str:
    attr = "" if stretchy is None else f' stretchy="{str(stretchy).lower()}"'
    return f"<mo{attr}>{escape(op)}</mo>"


def _row(*parts: str) -> str:
    return "<mrow>" + "".join(parts) + "</mrow>"


def _paren(inner: str, left: str = "(", right: str = ")") -> str:
    return _row(_mo(left), inner, _mo(right))


def _script_text(text: str) -> str:
    if text.isdigit():
        return f"<mn>{text}</mn>"
    return _row(
        *(f"<mn>{c}</mn>" if c.isdigit() else _mo(c) if c in "+-−=" else _mi(c) for c in text)
    )


def _layer(layer: int | str, notation: str) -> str:
    left, right = ("[", "]") if notation == "bracket" else ("(", ")")
    return _row(_mo(left, False), _script_text(str(layer)), _mo(right, False))


_NUMBER = re.compile(r"−?\d+(\.\d+)?(/\d+)?")


def _num(text: str) -> str:
    if not _NUMBER.fullmatch(text):
        return f"<mtext>{escape(text)}</mtext>"
    if "/" in text:
        n, d = text.split("/", 1)
        frac = f"<mfrac><mn>{n.lstrip('−')}</mn><mn>{d}</mn></mfrac>"
        return _row(_mo("−"), frac) if n.startswith("−") else frac
    if text.startswith("−"):
        return _row(_mo("−"), f"<mn>{text[1:]}</mn>")
    return f"<mn>{escape(text)}</mn>"


def to_mathml(node: fm.Node, notation: str = "textbook", lang: str = "en") -> str:
    """MathML content (without the ``<math>`` element) for ``node``."""
    p = lambda n: to_mathml(n, notation, lang)  # noqa: E731
    match node:
        case fm.Num(text):
            return _num(text)
        case fm.Var(name, sub_, layer, hat, bold):
            base = _mi(name)
            if bold:
                base = f'<mi mathvariant="bold">{escape(name)}</mi>'
            if hat:
                base = f'<mover accent="true">{base}<mo>^</mo></mover>'
            if sub_ is not None and layer is not None:
                return (
                    f"<msubsup>{base}{_script_text(str(sub_))}{_layer(layer, notation)}</msubsup>"
                )
            if sub_ is not None:
                return f"<msub>{base}{_script_text(str(sub_))}</msub>"
            if layer is not None:
                return f"<msup>{base}{_layer(layer, notation)}</msup>"
            return base
        case fm.Op(op, args):
            parts = [
                _paren(p(a)) if fm._needs_parens(a, op, i) else p(a) for i, a in enumerate(args)
            ]
            sep = "<mo>&#x2062;</mo>" if op == "" else _mo(_OPS[op])
            return _row(sep.join(parts))
        case fm.Neg(arg):
            inner = p(arg)
            if isinstance(arg, fm.Op) and arg.op in "+−":
                inner = _paren(inner)
            return _row(_mo("−"), inner)
        case fm.Frac(num_, den):
            return f"<mfrac>{p(num_)}{p(den)}</mfrac>"
        case fm.Pow(base, exp):
            b = p(base)
            if (
                isinstance(base, fm.Op | fm.Neg | fm.Frac | fm.Pow)
                or (isinstance(base, fm.Num) and base.text.startswith("−"))
                or (isinstance(base, fm.Var) and base.layer is not None)
            ):
                b = _paren(b)
            return f"<msup>{b}{p(exp)}</msup>"
        case fm.Call(name, args, prime, sup_):
            head = _mi(name, upright=name in _FUNCS)
            if prime:
                head = f"<msup>{head}<mo>{'′' * prime}</mo></msup>"
            if sup_ is not None:
                head = f"<msup>{head}{_layer(sup_, notation)}</msup>"
            args_ml = _mo(",").join(p(a) for a in args)
            return _row(head, _paren(args_ml))
        case fm.T(arg):
            inner = p(arg)
            if not (isinstance(arg, fm.Var) and arg.layer is None and arg.sub is None):
                inner = _paren(inner)
            return f"<msup>{inner}<mi>T</mi></msup>"
        case fm.Paren(arg):
            return _paren(p(arg))
        case fm.Mat(rows):
            table = "".join(
                "<mtr>" + "".join(f"<mtd>{p(c)}</mtd>" for c in row) + "</mtr>" for row in rows
            )
            return _paren(f"<mtable>{table}</mtable>", "[", "]")
        case fm.Partial(num_, den):
            return f"<mfrac>{_row(_mo('∂'), p(num_))}{_row(_mo('∂'), p(den))}</mfrac>"
        case fm.Sqrt(arg):
            return f"<msqrt>{p(arg)}</msqrt>"
        case fm.Abs(arg):
            return _paren(p(arg), "|", "|")
        case fm.Norm(arg, sub_, squared):
            out = _paren(p(arg), "‖", "‖")
            if sub_:
                out = f"<msub>{out}{_script_text(sub_)}</msub>"
            return f"<msup>{out}<mn>2</mn></msup>" if squared else out
        case fm.Sum(body, index, lo, hi):
            under = (
                _row(_mi(index), _mo("="), p(lo)) if lo is not None else _mi(index) if index else ""
            )
            over = p(hi) if hi is not None else ""
            sigma = _mo("∑")
            if under and over:
                sigma = f"<munderover>{sigma}{under}{over}</munderover>"
            elif under:
                sigma = f"<munder>{sigma}{under}</munder>"
            inner = p(body)
            return _row(sigma, _paren(inner) if isinstance(body, fm.Op) else inner)
        case fm.Word(text):
            return f"<mtext>\u00a0{escape(text.get(lang))}\u00a0</mtext>"
        case fm.Cases(rows):
            table = "".join(f"<mtr><mtd>{p(v)}</mtd><mtd>{p(c)}</mtd></mtr>" for v, c in rows)
            return _row(_mo("{"), f'<mtable columnalign="left left">{table}</mtable>')
    raise TypeError(f"not a formula node: {node!r}")


def math(node: fm.Node, notation: str, lang: str, display: bool = False) -> str:
    """A complete ``<math>`` element."""
    mode = ' display="block"' if display else ""
    return f'<math xmlns="http://www.w3.org/1998/Math/MathML"{mode}>{to_mathml(node, notation, lang)}</math>'
