"""The catalog's exact route: every formula and exam form evaluated on exact numbers.

The builders of :mod:`.activations` and :mod:`.losses` are written once, against an *algebra*
(an object with SymPy's names: ``exp``, ``tanh``, ``Piecewise``, ``Gt`` …). SymPy itself is one
algebra (``symbolic/``), math nodes are another (``math.algebra``), and :data:`EXACT` is this
one: rational arithmetic on :class:`~fractions.Fraction`, where a transcendental function
returns a Fraction correct to :data:`DIGITS` significant digits (computed with ``decimal``;
Φ far in its lower tail, |x| > 3, to 45 decimal places).
So the values a student carries (4-decimal numbers, their products and sums) stay exact, and
an exact tie such as 0.83375 is rounded half up as the student rounds it — never on a binary
float. This route is written on its own: it never calls the NumPy functions.
"""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

#: Significant digits of a transcendental value (far beyond any stated rounding).
DIGITS = 40
_CONTEXT = decimal.Context(prec=DIGITS + 20)

Exact = Fraction


def exact(value: Any) -> Fraction:
    """A number as a Fraction: a float as the decimal it prints as (``0.01`` is 1/100)."""
    if type(value) is Fraction:
        return value
    if isinstance(value, bool):
        return Fraction(int(value))
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value))
    if isinstance(value, Decimal):
        return Fraction(value)
    return Fraction(value)


def _decimal(x: Fraction) -> Decimal:
    return _CONTEXT.divide(Decimal(x.numerator), Decimal(x.denominator))


def _fraction(d: Decimal) -> Fraction:
    return Fraction(_CONTEXT.create_decimal(d).normalize(_CONTEXT))


def round_half_up(value: Any, decimals: int) -> Fraction:
    """``value`` rounded to ``decimals`` places, ties away from zero (0.83375 → 0.8338,
    −0.00025 → −0.0003), exactly."""
    x = exact(value)
    n, d, unit = x.numerator, x.denominator, 10**decimals
    if unit % d == 0:  # already written with at most ``decimals`` places
        return x
    whole = (2 * abs(n) * unit + d) // (2 * d)  # ⌊|x|·10ᵈ + ½⌋
    return Fraction(whole if n >= 0 else -whole, unit)


def decimal_text(value: Fraction, decimals: int) -> str:
    """A rounded value written with at least its needed decimals, at most ``decimals``."""
    d = Decimal(value.numerator) / Decimal(value.denominator)
    return str(d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


@lru_cache(maxsize=4096)
def _exp(x: Fraction) -> Fraction:
    return Fraction(1) if x == 0 else _fraction(_decimal(x).exp(_CONTEXT))


@lru_cache(maxsize=4096)
def _log(x: Fraction) -> Fraction:
    if x <= 0:
        raise ValueError(f"log of {x} is undefined")
    return Fraction(0) if x == 1 else _fraction(_decimal(x).ln(_CONTEXT))


def _sqrt(x: Fraction) -> Fraction:
    if x < 0:
        raise ValueError(f"√{x} is not real")
    from math import isqrt

    n, d = isqrt(x.numerator), isqrt(x.denominator)
    if n * n == x.numerator and d * d == x.denominator:
        return Fraction(n, d)
    return _fraction(_decimal(x).sqrt(_CONTEXT))


@lru_cache(maxsize=1024)
def _sin_cos(x: Fraction, odd: bool) -> Fraction:
    """sin (``odd``) or cos by its Taylor series Σ (−1)ⁿ x²ⁿ⁺ᵏ/(2n + k)!, k = 1 or 0, after
    reducing x into [−π, π]."""
    ctx = decimal.Context(prec=DIGITS + 60)
    pi = _pi_decimal(ctx)
    d = ctx.divide(Decimal(x.numerator), Decimal(x.denominator))
    turn = ctx.multiply(Decimal(2), pi)
    d = ctx.subtract(d, ctx.multiply(turn, ctx.to_integral_value(ctx.divide(d, turn))))
    square = ctx.multiply(d, d)
    term = d if odd else Decimal(1)
    total, k = term, 1 if odd else 0
    while abs(term) >= Decimal(10) ** -(DIGITS + 10):
        term = ctx.divide(ctx.multiply(ctx.minus(term), square), Decimal((k + 1) * (k + 2)))
        total, k = ctx.add(total, term), k + 2
    return _fraction(total)


@lru_cache(maxsize=1024)
def _erf(x: Fraction) -> Fraction:
    """erf by its Taylor series (2/√π) Σ (−1)ⁿ x²ⁿ⁺¹/(n!(2n+1)); ±1 beyond |x| = 9."""
    if x == 0:
        return Fraction(0)
    if abs(x) > 9:
        return Fraction(1 if x > 0 else -1)
    ctx = decimal.Context(prec=DIGITS + 60)
    d = ctx.divide(Decimal(x.numerator), Decimal(x.denominator))
    term, total, n = d, d, 0
    square = ctx.multiply(d, d)
    while True:
        n += 1
        term = ctx.divide(ctx.multiply(ctx.minus(term), square), Decimal(n))
        piece = ctx.divide(term, Decimal(2 * n + 1))
        total = ctx.add(total, piece)
        if piece == 0 or abs(piece) < Decimal(10) ** -(DIGITS + 10):
            break
    two_over_root_pi = ctx.divide(Decimal(2), _pi_decimal(ctx).sqrt(ctx))
    return _fraction(ctx.multiply(total, two_over_root_pi))


def _pi_decimal(ctx: decimal.Context) -> Decimal:
    """π by Machin's formula, 4·(4·atan(1/5) − atan(1/239))."""

    def atan_inverse(k: int) -> Decimal:
        x = ctx.divide(Decimal(1), Decimal(k))
        square = ctx.multiply(x, x)
        term, total, n = x, x, 0
        while True:
            n += 1
            term = ctx.multiply(ctx.minus(term), square)
            piece = ctx.divide(term, Decimal(2 * n + 1))
            if piece == 0 or abs(piece) < Decimal(10) ** -(ctx.prec + 2):
                return total
            total = ctx.add(total, piece)

    return ctx.multiply(
        Decimal(4), ctx.subtract(ctx.multiply(4, atan_inverse(5)), atan_inverse(239))
    )


PI = _fraction(_pi_decimal(decimal.Context(prec=DIGITS + 20)))


class ExactAlgebra:
    """The names the catalog's builders use, on Fractions (see the module docstring)."""

    pi = PI

    @staticmethod
    def Integer(n: int) -> Fraction:  # noqa: N802  (SymPy's names)
        return Fraction(n)

    @staticmethod
    def Rational(p: int, q: int) -> Fraction:  # noqa: N802
        return Fraction(p, q)

    @staticmethod
    def exp(x: Any) -> Fraction:
        return _exp(exact(x))

    @staticmethod
    def log(x: Any) -> Fraction:
        return _log(exact(x))

    @staticmethod
    def sqrt(x: Any) -> Fraction:
        return _sqrt(exact(x))

    @staticmethod
    def sin(x: Any) -> Fraction:
        v = exact(x)
        return Fraction(0) if v == 0 else _sin_cos(v, True)

    @staticmethod
    def cos(x: Any) -> Fraction:
        v = exact(x)
        return Fraction(1) if v == 0 else _sin_cos(v, False)

    @staticmethod
    def tanh(x: Any) -> Fraction:
        e = _exp(2 * exact(x))
        return (e - 1) / (e + 1)

    @staticmethod
    def sigmoid(x: Any) -> Fraction:
        return 1 / (1 + _exp(-exact(x)))

    @staticmethod
    def erf(x: Any) -> Fraction:
        return _erf(exact(x))

    @staticmethod
    def Phi(x: Any) -> Fraction:  # noqa: N802
        """Φ(x) = ½(1 + erf(x/√2))."""
        return (1 + _erf(exact(x) / _sqrt(Fraction(2)))) / 2

    @staticmethod
    def phi(x: Any) -> Fraction:
        """φ(x) = e^{−x²/2}/√(2π)."""
        v = exact(x)
        return _exp(-v * v / 2) / _sqrt(2 * PI)

    @staticmethod
    def Abs(x: Any) -> Fraction:  # noqa: N802
        return abs(exact(x))

    @staticmethod
    def sign(x: Any) -> Fraction:
        v = exact(x)
        return Fraction((v > 0) - (v < 0))

    @staticmethod
    def Max(*xs: Any) -> Fraction:  # noqa: N802
        return max(exact(x) for x in xs)

    @staticmethod
    def Min(*xs: Any) -> Fraction:  # noqa: N802
        return min(exact(x) for x in xs)

    @staticmethod
    def Gt(a: Any, b: Any) -> bool:  # noqa: N802
        return exact(a) > exact(b)

    @staticmethod
    def Ge(a: Any, b: Any) -> bool:  # noqa: N802
        return exact(a) >= exact(b)

    @staticmethod
    def Lt(a: Any, b: Any) -> bool:  # noqa: N802
        return exact(a) < exact(b)

    @staticmethod
    def Le(a: Any, b: Any) -> bool:  # noqa: N802
        return exact(a) <= exact(b)

    @staticmethod
    def And(*conditions: bool) -> bool:  # noqa: N802
        return all(conditions)

    @staticmethod
    def Piecewise(*pieces: tuple[Any, bool]) -> Fraction:  # noqa: N802
        for value, condition in pieces:
            if condition:
                return exact(value)
        raise ValueError("no piece of the Piecewise applies")


EXACT = ExactAlgebra()
