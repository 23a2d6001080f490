"""Numbers that carry a bound on their rounding error: how far a value a student carries can be
from the exact one.

``Bound(value, error)`` means the exact quantity lies within ``value ± error``. Arithmetic
propagates the bound (``|ab − a′b′| ≤ |a|·e_b + |b|·e_a + e_a·e_b``, …), and so do the
functions of :data:`BOUNDS`, an algebra for the catalog's builders (a monotone function through
the ends of the interval). Rounding a value to ``d`` decimals adds ``½·10⁻ᵈ``. Run the carried
route on Bound numbers and every printed value comes with the error that rounding every earlier
printed value by half a unit can carry into it: the tolerance of its answer.

The bound is computed in floats: it needs to be safe, not exact (each result is nudged up by far
more than a float's rounding), while the printed values themselves come from the exact route.
"""

from __future__ import annotations

import math
from typing import Any

from ..catalog import EXACT


class Bound:
    """A value (float) and a bound on its distance from the exact quantity it stands for."""

    __slots__ = ("value", "error")

    def __init__(self, value: float, error: float = 0.0) -> None:
        self.value = value
        self.error = error

    def __repr__(self) -> str:
        return f"Bound({self.value}, ±{self.error:.3g})"

    def __add__(self, other: Any) -> Bound:
        o = other if type(other) is Bound else bound(other)
        return Bound(self.value + o.value, _up(self.error + o.error))

    __radd__ = __add__

    def __sub__(self, other: Any) -> Bound:
        o = other if type(other) is Bound else bound(other)
        return Bound(self.value - o.value, _up(self.error + o.error))

    def __rsub__(self, other: Any) -> Bound:
        return bound(other) - self

    def __mul__(self, other: Any) -> Bound:
        o = other if type(other) is Bound else bound(other)
        e = abs(self.value) * o.error + abs(o.value) * self.error + self.error * o.error
        return Bound(self.value * o.value, _up(e))

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Bound:
        o = other if type(other) is Bound else bound(other)
        a, b = abs(self.value), abs(o.value)
        if b <= o.error:
            raise ZeroDivisionError("division by a value whose interval contains 0")
        return Bound(
            self.value / o.value, _up((a * o.error + b * self.error) / (b * (b - o.error)))
        )

    def __rtruediv__(self, other: Any) -> Bound:
        return bound(other) / self

    def __neg__(self) -> Bound:
        return Bound(-self.value, self.error)

    def __pos__(self) -> Bound:
        return self

    def __abs__(self) -> Bound:
        return Bound(abs(self.value), self.error)

    def __pow__(self, n: int) -> Bound:
        if not isinstance(n, int) or n < 0:
            raise ValueError("Bound powers are whole numbers ≥ 0")
        out = Bound(1.0)
        for _ in range(n):
            out = out * self
        return out

    # comparisons look at the values (branches of Piecewise, max, min)
    def __eq__(self, other: object) -> bool:
        return self.value == (other.value if isinstance(other, Bound) else other)

    __hash__ = None  # type: ignore[assignment]

    def __lt__(self, other: Any) -> bool:
        return self.value < _value(other)

    def __le__(self, other: Any) -> bool:
        return self.value <= _value(other)

    def __gt__(self, other: Any) -> bool:
        return self.value > _value(other)

    def __ge__(self, other: Any) -> bool:
        return self.value >= _value(other)

    def __float__(self) -> float:
        return self.value

    def rounded(self, decimals: int | None) -> Bound:
        """As printed with ``decimals`` places: the bound grows by half a unit."""
        if decimals is None:
            return self
        return Bound(self.value, _up(self.error + 0.5 * 10.0**-decimals))


def _up(error: float) -> float:
    """A float bound, nudged up by far more than the float rounding of the sum that made it."""
    return error * (1 + 1e-9) + 1e-300


def bound(x: Any) -> Bound:
    """A number as a Bound (a given number is exact: error 0)."""
    return x if type(x) is Bound else Bound(float(x))


def _value(x: Any) -> float:
    return x.value if type(x) is Bound else float(x)


def _monotone(fn: Any, x: Any) -> Bound:
    """``fn`` of ``x`` for a monotone ``fn``: the bound is the larger change at the ends."""
    b = bound(x)
    mid = fn(b.value)
    if b.error == 0:
        return Bound(mid)
    ends = (fn(b.value - b.error), fn(b.value + b.error))
    return Bound(mid, _up(max(abs(e - mid) for e in ends)))


def _sigmoid(v: float) -> float:
    return 1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v))


def _phi(v: float) -> float:
    return math.exp(-v * v / 2) / math.sqrt(2 * math.pi)


class BoundAlgebra:
    """The catalog builders' names on Bound numbers."""

    pi = Bound(math.pi)

    @staticmethod
    def Integer(n: int) -> Bound:  # noqa: N802  (SymPy's names)
        return Bound(float(n))

    @staticmethod
    def Rational(p: int, q: int) -> Bound:  # noqa: N802
        return Bound(p / q)

    @staticmethod
    def exp(x: Any) -> Bound:
        return _monotone(math.exp, x)

    @staticmethod
    def log(x: Any) -> Bound:
        return _monotone(math.log, x)

    @staticmethod
    def sqrt(x: Any) -> Bound:
        """√x, the interval's lower end clamped at 0 (a rounded square is never negative)."""
        return _monotone(lambda v: math.sqrt(max(v, 0.0)), x)

    @staticmethod
    def tanh(x: Any) -> Bound:
        return _monotone(math.tanh, x)

    @staticmethod
    def sigmoid(x: Any) -> Bound:
        return _monotone(_sigmoid, x)

    @staticmethod
    def erf(x: Any) -> Bound:
        return _monotone(math.erf, x)

    @staticmethod
    def Phi(x: Any) -> Bound:  # noqa: N802
        return _monotone(lambda v: (1 + math.erf(v / math.sqrt(2))) / 2, x)

    @staticmethod
    def phi(x: Any) -> Bound:
        """φ's slope is at most φ(1) ≈ 0.242 in size, so ¼ bounds it."""
        b = bound(x)
        return Bound(_phi(b.value), _up(0.25 * b.error))

    @staticmethod
    def Abs(x: Any) -> Bound:  # noqa: N802
        return abs(bound(x))

    @staticmethod
    def sign(x: Any) -> Bound:
        return Bound(float(EXACT.sign(_value(x))))

    @staticmethod
    def Max(*xs: Any) -> Bound:  # noqa: N802
        return max((bound(x) for x in xs), key=lambda b: b.value)

    @staticmethod
    def Min(*xs: Any) -> Bound:  # noqa: N802
        return min((bound(x) for x in xs), key=lambda b: b.value)

    @staticmethod
    def Gt(a: Any, b: Any) -> bool:  # noqa: N802
        return _value(a) > _value(b)

    @staticmethod
    def Ge(a: Any, b: Any) -> bool:  # noqa: N802
        return _value(a) >= _value(b)

    @staticmethod
    def Lt(a: Any, b: Any) -> bool:  # noqa: N802
        return _value(a) < _value(b)

    @staticmethod
    def Le(a: Any, b: Any) -> bool:  # noqa: N802
        return _value(a) <= _value(b)

    @staticmethod
    def And(*conditions: bool) -> bool:  # noqa: N802
        return all(conditions)

    @staticmethod
    def Piecewise(*pieces: tuple[Any, bool]) -> Bound:  # noqa: N802
        for value, condition in pieces:
            if condition:
                return bound(value)
        raise ValueError("no piece of the Piecewise applies")


BOUNDS = BoundAlgebra()
