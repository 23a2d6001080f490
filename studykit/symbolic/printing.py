"""Printers for SymPy expressions: one-line Unicode text, Markdown ``$…$``, LaTeX, Typst, MathML.

Catalog functions print as the textbook writes them (``sigmoid(x)`` → ``σ(x)``), and the symbols
of a network (``w1_12``, ``b2_1``, ``delta2_1``, ``x1``) as ``w⁽¹⁾₁₂``, ``b⁽²⁾₁``, ``δ⁽²⁾₁``, ``x₁``.
``to_sigmoid`` rewrites ``1/(1 + e^{−u})`` as ``sigmoid(u)``. The printers only format; they
compute nothing.
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp
from sympy.core.relational import Relational
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.str import StrPrinter

from .functions import FUNCTIONS, CatalogFunction

GREEK = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "sigma": "σ",
    "phi": "φ",
    "Phi": "Φ",
    "eta": "η",
    "lambda": "λ",
    "mu": "μ",
}
FUNCTION_TEXT = {"sigmoid": "σ", "relu": "ReLU", "leaky_relu": "LeakyReLU", "prelu": "PReLU"}
FUNCTION_LATEX = {"sigmoid": r"\sigma", "tanh": r"\tanh"}
_SUP = str.maketrans("0123456789-+()nixjkutsab", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾ⁿⁱˣʲᵏᵘᵗˢᵃᵇ")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_LAYERED = re.compile(r"^([A-Za-z]+?)(\d+)_(\d+)$")  # w1_12, delta2_1, gamma1_2
_INDEXED = re.compile(r"^([A-Za-z]+?)(\d+)$")  # x1, t3, alpha1
_VECTOR_NAMES = {"x", "t", "y", "s", "u", "h", "p", "z"}


def _sup_or_none(text: str) -> str | None:
    out = text.translate(_SUP)
    if any(ch not in "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾ⁿⁱˣʲᵏᵘᵗˢᵃᵇ" for ch in out):
        return None
    return out


def symbol_parts(name: str) -> tuple[str, str | None, str | None]:
    """``w1_12`` → (``w``, ``1``, ``12``); ``x1`` → (``x``, None, ``1``); ``alpha1`` → (α, 1, None)."""
    m = _LAYERED.match(name)
    if m:
        return m.group(1), m.group(2), m.group(3)
    m = _INDEXED.match(name)
    if m:
        base, number = m.groups()
        if base in _VECTOR_NAMES:
            return base, None, number
        return base, number, None
    return name, None, None


# ----------------------------------------------------------------------------- sigmoid rewriting


def to_sigmoid(expr: Any) -> Any:
    """Replace every ``1/(1 + exp(−u))`` (and ``exp(u)/(1 + exp(u))``) by ``sigmoid(u)``."""
    sigmoid = FUNCTIONS["sigmoid"]

    def is_logistic_pow(e: Any) -> bool:
        if not (isinstance(e, sp.Pow) and e.exp == -1 and isinstance(e.base, sp.Add)):
            return False
        terms = e.base.args
        return len(terms) == 2 and sp.S.One in terms and any(isinstance(t, sp.exp) for t in terms)

    def swap(e: Any) -> Any:
        exp_term = next(t for t in e.base.args if isinstance(t, sp.exp))
        return sigmoid(-exp_term.args[0])

    return sp.sympify(expr).replace(is_logistic_pow, swap)


# ----------------------------------------------------------------------------- text


class UnicodePrinter(StrPrinter):
    """One-line Unicode math: ``σ(x)·(1 − σ(x))``, ``e⁻ˣ``, ``tanh(αx)²``, ``w⁽¹⁾₁₂``."""

    def _print_Symbol(self, expr: sp.Symbol) -> str:
        base, layer, index = symbol_parts(expr.name)
        out = GREEK.get(base, base)
        if layer is not None:
            out += f"⁽{layer.translate(_SUP)}⁾"
        if index is not None:
            out += index.translate(_SUB)
        return out

    _print_Dummy = _print_Symbol

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        if expr.exp.is_Integer and expr.exp > 1:
            return self.parenthesize(expr.base, PRECEDENCE["Pow"], strict=True) + (
                str(expr.exp).translate(_SUP)
            )
        if expr.exp == sp.S.Half:
            return "√" + self.parenthesize(expr.base, PRECEDENCE["Pow"], strict=True)
        out = super()._print_Pow(expr, rational)
        return out.replace("**", "^")

    def _print_exp(self, expr: sp.exp) -> str:
        arg = self._print(expr.args[0])
        sup = _sup_or_none(arg.replace("−", "-").replace("*", ""))
        if sup is not None and len(arg) <= 3:
            return "e" + sup
        return f"exp({arg})"

    def _print_Function(self, expr: Any) -> str:
        if not isinstance(expr, CatalogFunction):
            return super()._print_Function(expr)
        name = FUNCTION_TEXT.get(type(expr).__name__, type(expr).__name__)
        return f"{name}({', '.join(self._print(a) for a in expr.args)})"

    def _print_Piecewise(self, expr: sp.Piecewise) -> str:
        parts = []
        for value, cond in expr.args:
            where = "otherwise" if cond is sp.true else f"if {self._print(cond)}"
            parts.append(f"{self._print(value)} {where}")
        return "{ " + "; ".join(parts) + " }"

    def _print_Max(self, expr: Any) -> str:
        return f"max({', '.join(self._print(a) for a in expr.args)})"

    def _print_Min(self, expr: Any) -> str:
        return f"min({', '.join(self._print(a) for a in expr.args)})"

    def _print_Heaviside(self, expr: Any) -> str:
        return f"H({self._print(expr.args[0])})"

    def _print_Abs(self, expr: Any) -> str:
        return f"|{self._print(expr.args[0])}|"

    def _print_Relational(self, expr: Any) -> str:
        op = {"<=": "≤", ">=": "≥", "!=": "≠"}.get(expr.rel_op, expr.rel_op)
        return f"{self._print(expr.lhs)} {op} {self._print(expr.rhs)}"

    def _print_And(self, expr: Any) -> str:
        return " and ".join(self._print(a) for a in expr.args)

    def _print_Pi(self, expr: Any) -> str:
        return "π"

    def _print_MatrixBase(self, expr: Any) -> str:
        rows = [
            "[" + ", ".join(self._print(v) for v in expr.row(i)) + "]" for i in range(expr.rows)
        ]
        return "[" + ", ".join(rows) + "]"

    _print_MutableDenseMatrix = _print_MatrixBase
    _print_ImmutableDenseMatrix = _print_MatrixBase


def text(expr: Any) -> str:
    """One line of Unicode math for ``expr``."""
    out = UnicodePrinter({"order": "none"}).doprint(sp.sympify(expr))
    return out.replace("*", "·").replace("-", "−")


def pretty(expr: Any) -> str:
    """SymPy's multi-line Unicode layout (fractions stacked)."""
    return sp.pretty(sp.sympify(expr), use_unicode=True)


# ----------------------------------------------------------------------------- latex, markdown


class TextbookLatexPrinter(LatexPrinter):
    """LaTeX with ``\\sigma(x)`` for the sigmoid and ``w^{(1)}_{12}`` for network symbols."""

    def _print_Symbol(self, expr: sp.Symbol, style: str = "plain") -> str:
        base, layer, index = symbol_parts(expr.name)
        out = super()._print_Symbol(sp.Symbol(base))
        if layer is not None:
            out += f"^{{({layer})}}"
        if index is not None:
            out += f"_{{{index}}}"
        return out

    def _print_Function(self, expr: Any, exp: str | None = None) -> str:
        if not isinstance(expr, CatalogFunction):
            return super()._print_Function(expr, exp)
        name = type(expr).__name__
        head = FUNCTION_LATEX.get(name, r"\operatorname{{{}}}".format(name.replace("_", r"\_")))
        args = ", ".join(self._print(a) for a in expr.args)
        if exp is not None:
            head = f"{head}^{{{exp}}}"
        return rf"{head}\left({args}\right)"


def latex(expr: Any) -> str:
    """LaTeX source for ``expr`` (no surrounding ``$``)."""
    return TextbookLatexPrinter().doprint(sp.sympify(expr))


def markdown(expr: Any) -> str:
    """Inline Markdown math: ``$…$``."""
    return f"${latex(expr)}$"


# ----------------------------------------------------------------------------- typst


def typst(expr: Any) -> str:
    """Typst math source for ``expr`` (no surrounding ``$``): ``sigma(x) (1 - sigma(x))``."""
    return _Typst().print(sp.sympify(expr))


class _Typst:
    FUNCS = {"sigmoid": "sigma", "exp": "exp", "log": "ln", "tanh": "tanh", "erf": 'op("erf")'}

    def print(self, e: Any) -> str:
        method = getattr(self, "_" + type(e).__name__, None)
        if method is not None:
            return method(e)
        if isinstance(e, CatalogFunction | sp.Function):
            return self._function(e)
        if isinstance(e, sp.Rational):
            return self._Rational(e)
        if isinstance(e, sp.MatrixBase):
            return self._matrix(e)
        if isinstance(e, sp.Symbol):
            return self._Symbol(e)
        if isinstance(e, sp.Pow):
            return self._Pow(e)
        if isinstance(e, sp.Mul):
            return self._Mul(e)
        if isinstance(e, Relational):
            return self._relational(e)
        return str(e)

    def _wrap(self, e: Any, level: int) -> str:
        out = self.print(e)
        return f"({out})" if precedence(e) < level else out

    def _Symbol(self, e: sp.Symbol) -> str:
        base, layer, index = symbol_parts(e.name)
        out = base if len(base) == 1 or base in GREEK else f'"{base}"'
        if layer is not None:
            out += f"^(({layer}))"
        if index is not None:
            out += f"_({index})"
        return out

    _Dummy = _Symbol

    def _Integer(self, e: sp.Integer) -> str:
        return str(e)

    def _Float(self, e: sp.Float) -> str:
        return str(e)

    def _Rational(self, e: sp.Rational) -> str:
        return f"{e.p}/{e.q}" if e.q != 1 else str(e.p)

    def _Half(self, e: Any) -> str:
        return "1/2"

    def _One(self, e: Any) -> str:
        return "1"

    def _NegativeOne(self, e: Any) -> str:
        return "-1"

    def _Zero(self, e: Any) -> str:
        return "0"

    def _Pi(self, e: Any) -> str:
        return "pi"

    def _Exp1(self, e: Any) -> str:
        return "e"

    def _BooleanTrue(self, e: Any) -> str:
        return 'upright("otherwise")'

    def _Add(self, e: sp.Add) -> str:
        terms = e.as_ordered_terms()
        out = self.print(terms[0])
        for term in terms[1:]:
            text_term = self.print(term)
            out += f" - {text_term[1:]}" if text_term.startswith("-") else f" + {text_term}"
        return out

    def _Mul(self, e: sp.Mul) -> str:
        coeff, rest = e.as_coeff_Mul()
        if coeff.is_negative:
            return "-" + self.print(-e) if -e != e else self.print(rest)
        num, den = sp.fraction(e, exact=True)
        if den != 1:
            return f"({self.print(num)})/({self.print(den)})"
        factors = [self._wrap(f, PRECEDENCE["Mul"]) for f in e.as_ordered_factors()]
        return " ".join(factors)

    def _Pow(self, e: sp.Pow) -> str:
        if e.exp == sp.S.Half:
            return f"sqrt({self.print(e.base)})"
        if e.exp.is_negative:
            return f"1/({self.print(sp.Pow(e.base, -e.exp))})"
        power = self.print(e.exp)
        power = power if e.exp.is_Integer and e.exp > 0 else f"({power})"
        return f"{self._wrap(e.base, PRECEDENCE['Pow'] + 1)}^{power}"

    def _exp(self, e: sp.exp) -> str:
        return f"e^({self.print(e.args[0])})"

    def _function(self, e: Any) -> str:
        name = type(e).__name__
        head = self.FUNCS.get(name)
        if head is None:
            head = f'op("{name}")'
        return f"{head}({', '.join(self.print(a) for a in e.args)})"

    def _Piecewise(self, e: sp.Piecewise) -> str:
        rows = [f"{self.print(v)} & {self.print(c)}" for v, c in e.args]
        return "cases(" + ", ".join(rows) + ")"

    def _relational(self, e: Any) -> str:
        op = {"<=": "<=", ">=": ">=", "<": "<", ">": ">", "==": "=", "!=": "!="}[e.rel_op]
        return f"{self.print(e.lhs)} {op} {self.print(e.rhs)}"

    def _And(self, e: Any) -> str:
        return ", ".join(self.print(a) for a in e.args)

    def _matrix(self, e: Any) -> str:
        rows = ["; ".join([", ".join(self.print(v) for v in e.row(i))]) for i in range(e.rows)]
        return "mat(" + "; ".join(rows) + ")"


# ----------------------------------------------------------------------------- mathml


def mathml(expr: Any) -> str:
    """Presentation MathML (browsers render it natively)."""
    from sympy.printing.mathml import mathml as _mathml

    return _mathml(sp.sympify(expr), printer="presentation")


def sympy_str(expr: Any) -> str:
    """SymPy syntax (``sigmoid(x)*(1 - sigmoid(x))``), parseable with the catalog functions."""
    if isinstance(expr, sp.MatrixBase):
        return str([[sympy_str(v) for v in expr.row(i)] for i in range(expr.rows)])
    return sp.sstr(sp.sympify(expr), order="none")


FORMATS = {"text": text, "md": markdown, "latex": latex, "typst": typst, "mathml": mathml}


def render(expr: Any, fmt: str) -> str:
    """``expr`` in one of :data:`FORMATS`."""
    return FORMATS[fmt](expr)
