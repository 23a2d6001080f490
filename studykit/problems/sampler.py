"""Nice numbers for hand work, and the rules a sampled variant must obey (FIELD-NOTES, issue #4).

Sampling draws from a :class:`random.Random` only (never ``hash``-dependent), so a kind that uses
these helpers is reproducible from ``(kind, seed, options)``.

Two modes:

- *no calculator*: values are :class:`~fractions.Fraction` on a grid (integers or halves) and
  every intermediate value must be exact with at most :data:`EXACT_DECIMALS` decimals;
- *calculator*: floats with 1–2 decimals; results are rounded to :data:`CALC_DECIMALS` decimals
  and the rounded values are carried forward (:func:`round_carried`).

The ``check_*`` rules raise :class:`~studykit.problems.registry.Redraw` when a variant breaks
them: z on (or too near) a kink, z in saturation, a zero gradient, a value too large, a
no-calculator value with too many decimals.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

from .registry import Redraw

Value = Fraction | float

#: No-calculator values: exact, at most this many decimals.
EXACT_DECIMALS = 2
#: Calculator problems: round to this many decimals and carry the rounded values.
CALC_DECIMALS = 4
#: |z − kink| must be at least this (ReLU 0, hard-tanh ±1, hard-sigmoid ±2).
KINK_MARGIN = 0.25
#: |z| bound that keeps smooth saturating activations out of saturation.
SATURATION_BOUND = {"sigmoid": 3.0, "tanh": 2.0, "softmax": 3.0}
#: Largest |value| allowed anywhere in a hand-worked problem.
MAGNITUDE_BOUND = 20.0
#: Largest |z| (net input) allowed.
NET_INPUT_BOUND = 10.0
#: Calculator mode: a gradient entry smaller than this counts as zero (it would round away).
MIN_GRADIENT = 1e-3

HALF = Fraction(1, 2)


# ----------------------------------------------------------------------------- sampling


@lru_cache(maxsize=256)
def grid_values(
    lo: Fraction, hi: Fraction, step: Fraction, nonzero: bool = True
) -> tuple[Fraction, ...]:
    """Every multiple of ``step`` in ``[lo, hi]`` (0 left out when ``nonzero``), ascending."""
    first = math.ceil(lo / step)
    last = math.floor(hi / step)
    return tuple(step * k for k in range(first, last + 1) if not (nonzero and k == 0))


@lru_cache(maxsize=256)
def _float_grid(lo: float, hi: float, step: Fraction, nonzero: bool) -> tuple[float, ...]:
    return tuple(float(v) for v in grid_values(Fraction(lo), Fraction(hi), step, nonzero))


_CALC_WEIGHTS_1DP = _float_grid(-2.0, 2.0, Fraction(1, 10), True)
_CALC_WEIGHTS_2DP = _float_grid(-2.0, 2.0, Fraction(1, 100), True)


def sample_grid(
    rng: random.Random, lo: float, hi: float, step: Fraction | float, nonzero: bool = True
) -> Fraction:
    """One value on the grid ``step·k`` in ``[lo, hi]``, uniformly: ``sample_grid(rng, -2, 2, ½)``."""
    s = step if isinstance(step, Fraction) else Fraction(step).limit_denominator(1000)
    return rng.choice(grid_values(Fraction(lo), Fraction(hi), s, nonzero))


_EXACT_WEIGHTS = {  # the grids of sample_exact_weight, built once (Fraction hashing is slow)
    step: grid_values(Fraction(-2), Fraction(2), step, True) for step in (HALF, Fraction(1))
}
_EXACT_INPUTS: dict[int, tuple[Fraction, ...]] = {}


def sample_exact_weight(rng: random.Random, difficulty: int) -> Fraction:
    """No-calculator weight in [−2, 2], non-zero: integers at difficulty 1, a few halves at 2,
    halves at 3 (the same draws as ``sample_grid(rng, -2, 2, step)``)."""
    half_chance = {1: 0.0, 2: 0.3, 3: 0.6}[difficulty]
    step = HALF if rng.random() < half_chance else Fraction(1)
    return rng.choice(_EXACT_WEIGHTS[step])


def sample_decimal_weight(rng: random.Random, difficulty: int) -> float:
    """Calculator weight in [−2, 2], non-zero, with 1 decimal (2 decimals at difficulty 3)."""
    fine = difficulty == 3 and rng.random() < 0.5
    return rng.choice(_CALC_WEIGHTS_2DP if fine else _CALC_WEIGHTS_1DP)


def sample_input(rng: random.Random, calculator: bool, bound: int = 3) -> Value:
    """An input x_j: a non-zero integer in [−bound, bound] (a float in calculator mode)."""
    if calculator:
        return float(rng.choice(range(1, bound + 1))) * rng.choice((-1.0, 1.0))
    if bound not in _EXACT_INPUTS:
        _EXACT_INPUTS[bound] = grid_values(Fraction(-bound), Fraction(bound), Fraction(1), True)
    return rng.choice(_EXACT_INPUTS[bound])


def sample_weight(rng: random.Random, calculator: bool, difficulty: int) -> Value:
    """A weight or bias fit for the mode (see the two samplers above)."""
    if calculator:
        return sample_decimal_weight(rng, difficulty)
    return sample_exact_weight(rng, difficulty)


def sample_matrix(
    rng: random.Random, rows: int, cols: int, calculator: bool, difficulty: int
) -> list[list[Value]]:
    """A ``rows × cols`` weight matrix, row by row."""
    return [[sample_weight(rng, calculator, difficulty) for _ in range(cols)] for _ in range(rows)]


def sample_vector(rng: random.Random, n: int, calculator: bool, difficulty: int) -> list[Value]:
    return [sample_weight(rng, calculator, difficulty) for _ in range(n)]


# ----------------------------------------------------------------------------- rounding


def round_carried(value: float, decimals: int = CALC_DECIMALS) -> float:
    """Round half up on the number as printed (``repr``), the way a student rounds 0.12345."""
    return _round_half_up(float(value), decimals)


@lru_cache(maxsize=65536)
def _round_half_up(value: float, decimals: int) -> float:
    # cached: carried values are rounded again and again (a hot path of the generator)
    quantum = Decimal(1).scaleb(-decimals)
    rounded = float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))
    return rounded + 0.0 if rounded != 0 else 0.0


def decimals_of(value: Fraction) -> int | None:
    """How many decimals ``value`` needs exactly, or None if it does not terminate."""
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    return max(twos, fives) if den == 1 else None


def is_hand_exact(value: Fraction, decimals: int = EXACT_DECIMALS) -> bool:
    """True when ``value`` is written exactly with at most ``decimals`` decimals."""
    places = decimals_of(value)
    return places is not None and places <= decimals


# ----------------------------------------------------------------------------- rules


def flatten(values: Any) -> list:
    """The numbers of a scalar, vector or matrix (nested lists/tuples), in row order."""
    if not isinstance(values, list | tuple):
        return [values]
    out: list = []
    for v in values:
        if isinstance(v, list | tuple):
            out.extend(flatten(v))
        else:
            out.append(v)
    return out


def check_exact(values: Iterable, decimals: int = EXACT_DECIMALS) -> None:
    """No-calculator rule: every Fraction has at most ``decimals`` decimals, else Redraw."""
    for v in flatten(values):
        if isinstance(v, Fraction) and not is_hand_exact(v, decimals):
            raise Redraw(f"{v} needs more than {decimals} decimals")


def check_bounded(values: Iterable, bound: float = MAGNITUDE_BOUND) -> None:
    """|v| ≤ bound for every value, else Redraw."""
    for v in flatten(values):
        if abs(float(v)) > bound:
            raise Redraw(f"|{float(v)}| > {bound}")


def check_kinks(z: Sequence[Value], kinks: Sequence[float], margin: float = KINK_MARGIN) -> None:
    """|z_i − k| ≥ margin for every kink k of the activation (ReLU′(0) never needed)."""
    for value in z:
        for k in kinks:
            if abs(float(value) - k) < margin:
                raise Redraw(f"z = {float(value)} is on the kink {k}")


def check_saturation(z: Sequence[Value], activation: str) -> None:
    """|z_i| ≤ SATURATION_BOUND[activation] for σ, tanh and softmax (f′ not vanishingly small)."""
    bound = SATURATION_BOUND.get(activation)
    if bound is None:
        return
    for value in z:
        if abs(float(value)) > bound:
            raise Redraw(f"{activation} saturates at z = {float(value)}")


def check_net_input(z: Sequence[Value], activation: str, kinks: Sequence[float]) -> None:
    """The three rules on a layer's net input: bounded, off the kinks, out of saturation."""
    check_bounded(z, NET_INPUT_BOUND)
    check_kinks(z, kinks)
    check_saturation(z, activation)


def check_nonzero(values: Iterable, minimum: float = 0.0) -> None:
    """Every |v| > minimum (strictly non-zero when minimum is 0), else Redraw."""
    for v in flatten(values):
        if abs(float(v)) <= minimum:
            raise Redraw(f"gradient entry {float(v)} is (nearly) zero")


def check_layer_gradient(
    delta: Sequence[Value], fprime: Sequence[Value], minimum: float = 0.0
) -> None:
    """Hidden-layer rule: δ_i may be 0 only where f′(z_i) = 0 (an inactive ReLU, a clipped
    hard unit), at most one such unit per layer, and never by cancellation in Wᵀδ."""
    inactive = 0
    for d, fp in zip(delta, fprime, strict=True):
        if fp == 0:
            inactive += 1
        elif abs(d) <= minimum:
            raise Redraw(f"δ = {float(d)} vanishes by cancellation")
    if inactive > 1 or inactive == len(delta):
        raise Redraw("too many inactive units")


def other_side_target(prediction: float) -> float:
    """For an output in (0, 1): the class target on the other side of ½ (1 if ŷ < ½ else 0)."""
    return 1.0 if prediction < 0.5 else 0.0


def offset_target(
    rng: random.Random, prediction: Value, max_offset: int = 2
) -> tuple[Value, Fraction]:
    """A regression target t = ŷ − d with a non-zero integer d in [−max_offset, max_offset]:
    ŷ − t = d is an integer, so the loss ½d² and δ = d stay short. Returns (t, d)."""
    d = Fraction(rng.choice([k for k in range(-max_offset, max_offset + 1) if k]))
    if isinstance(prediction, Fraction):
        return prediction - d, d
    return round_carried(prediction - float(d)), d
