"""The catalog's exact route against mpmath at 60 digits: every transcendental function it
offers is right to its stated 40 significant digits, and round_half_up rounds ties up."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest

from studykit.catalog import EXACT, round_half_up
from studykit.catalog.exact import DIGITS

mpmath.mp.dps = 60

POINTS = [Fraction(k, 20) for k in range(-60, 61, 7)] + [Fraction(7), Fraction(-23, 3)]

REFERENCES = {
    "exp": mpmath.exp,
    "tanh": mpmath.tanh,
    "sigmoid": lambda x: 1 / (1 + mpmath.exp(-x)),
    "erf": mpmath.erf,
    "Phi": lambda x: (1 + mpmath.erf(x / mpmath.sqrt(2))) / 2,
    "phi": lambda x: mpmath.exp(-(x**2) / 2) / mpmath.sqrt(2 * mpmath.pi),
    "sin": mpmath.sin,
    "cos": mpmath.cos,
}


def _mp(x: Fraction) -> mpmath.mpf:
    return mpmath.mpf(x.numerator) / x.denominator


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_transcendental_functions_are_right_to_their_digits(name: str) -> None:
    for x in POINTS:
        got = _mp(getattr(EXACT, name)(x))
        want = REFERENCES[name](_mp(x))
        # 40 significant digits; Φ and φ far in the tail (|x| > 3) to 45 decimal places
        floor = mpmath.mpf(10) ** (-55 if abs(x) <= 3 else -45)
        assert abs(got - want) <= abs(want) * mpmath.mpf(10) ** (-DIGITS) + floor, (name, x)


def test_log_and_sqrt() -> None:
    for x in [Fraction(k, 7) for k in range(1, 40, 3)]:
        assert abs(_mp(EXACT.log(x)) - mpmath.log(_mp(x))) < mpmath.mpf(10) ** -DIGITS
        assert abs(_mp(EXACT.sqrt(x)) - mpmath.sqrt(_mp(x))) < mpmath.mpf(10) ** -DIGITS
    assert EXACT.sqrt(Fraction(9, 4)) == Fraction(3, 2)  # a rational root stays exact


def test_round_half_up_on_exact_ties() -> None:
    assert round_half_up(Fraction("0.83375"), 4) == Fraction("0.8338")
    assert round_half_up(Fraction("-0.00025"), 4) == Fraction("-0.0003")
    assert round_half_up(Fraction("0.0121495"), 4) == Fraction("0.0121")
    assert round_half_up(Fraction(1, 3), 4) == Fraction("0.3333")
