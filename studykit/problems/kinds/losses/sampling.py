"""The numbers of a ``loss_gradient`` problem, per loss: prediction and target (MSE, L1,
smooth L1), probabilities and a one-hot target (cross entropy), logits (softmax + CE), outputs
and labels (BCE) or the score s (cs224n); without a calculator only values whose logarithms the
hint covers (primes 2, 3, 5)."""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

from ...registry import Options, Redraw
from .._basic import decimal, hand_value, pick
from .common import smooth_over

LOSS_CHOICES = (
    "mse",
    "mse_sum",
    "mse_mean",
    "l1",
    "smooth_l1",
    "cross_entropy",
    "softmax_cross_entropy",
    "binary_cross_entropy",
    "cs224n",
)


def sample_data(rng: random.Random, name: str, options: Options) -> dict[str, Any]:
    """The numbers of loss ``name``: ``y``/``t``, logits ``z`` (or ``ks`` for z = ln k) and the
    true class ``k``, or the score ``s`` (or ``k`` for s = ln k); Redraw when they break a rule
    (a kink, a zero gradient, a logarithm the hint does not cover)."""
    n = options.difficulty + 1
    calc = options.calculator
    if name in ("mse", "mse_sum", "mse_mean", "l1", "smooth_l1"):
        y = [hand_value(rng, options, -2, 2) for _ in range(n)]
        t = [hand_value(rng, options, -2, 2) for _ in range(n)]
        d = [a - b for a, b in zip(y, t, strict=False)]
        if name in ("l1", "smooth_l1") and any(x == 0 for x in d):
            raise Redraw("on the kink d = 0")
        if name == "smooth_l1":
            if any(abs(abs(x) - 1) < Fraction(1, 10) for x in d):
                raise Redraw("near the kink |d| = 1")
            if n > 2 and not (any(abs(x) < 1 for x in d) and any(abs(x) > 1 for x in d)):
                raise Redraw("want both branches")
        if all(x == 0 for x in d):
            raise Redraw("zero gradient")
        return {"y": y, "t": t}
    if name == "cross_entropy":
        k = rng.randrange(n)
        parts = [rng.randint(1, 6) for _ in range(n)]
        total = sum(parts)
        y = [Fraction(p, total) for p in parts]
        if not calc and not smooth_over((2, 3, 5), y[k]):
            raise Redraw("ln hint covers 2, 3, 5 only")
        if calc:
            y = [Fraction(round(float(v), 2)).limit_denominator(100) for v in y[:-1]]
            y.append(1 - sum(y))
            if y[-1] <= 0:
                raise Redraw("probabilities must be positive")
        return {"y": y, "t": [Fraction(int(i == k)) for i in range(n)]}
    if name == "softmax_cross_entropy":
        k = rng.randrange(n)
        if calc:
            return {"z": [decimal(rng, -2, 2, 1, nonzero=False) for _ in range(n)], "k": k}
        ks = [rng.randint(1, 5) for _ in range(n)]
        if not smooth_over((2, 3, 5), Fraction(sum(ks), ks[k])):
            raise Redraw("ln hint covers 2, 3, 5 only")
        return {"ks": ks, "k": k}
    if name == "binary_cross_entropy":
        m = options.difficulty
        if calc:
            y = [decimal(rng, 0.05, 0.95, 2) for _ in range(m)]
        else:
            grid = [
                Fraction(a, b) for a, b in ((1, 5), (1, 4), (2, 5), (1, 2), (3, 5), (3, 4), (4, 5))
            ]
            y = [pick(rng, grid) for _ in range(m)]
        return {"y": y, "t": [Fraction(rng.randint(0, 1)) for _ in range(m)]}
    if calc:
        return {"s": decimal(rng, -3, 3, 1)}
    return {
        "k": pick(
            rng,
            [
                Fraction(1),
                Fraction(4),
                Fraction(1, 4),
                Fraction(3),
                Fraction(1, 3),
                Fraction(9),
                Fraction(1, 9),
            ],
        )
    }
