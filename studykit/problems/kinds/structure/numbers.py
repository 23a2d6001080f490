"""The logits of ``output_layer`` and every number computed from them.

Calculator mode: logits are decimals in [−2, 2]. Without a calculator they are ``zᵢ = ±ln k``
(k ∈ {1, 3, 4, 9}; ln 1 = 0), so that ``e^(zᵢ) = k^(±1)``, ``σ(ln k) = k/(k+1)`` and the
softmax are exact fractions.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from fractions import Fraction

from .... import math as fm
from ...registry import Options, Redraw
from .._basic import Value, decimal, pick, show

#: No-calculator logits are ±ln k for these k: σ(±ln k) has at most 2 decimals.
LN_BASES = (1, 3, 4, 9)
#: Calculator logits lie in [−LOGIT_BOUND, LOGIT_BOUND] (no saturation).
LOGIT_BOUND = 2.0


@dataclass(frozen=True)
class Logit:
    """One logit: a decimal (``ln_of is None``) or ``ln(ln_of)`` exactly (``ln_of = 1/k`` is
    −ln k), so that ``e^z`` is an exact Fraction without a calculator."""

    value: Fraction = Fraction(0)
    ln_of: Fraction | None = None

    @property
    def exp(self) -> Value:
        """e^z: exact for ln k and for z = 0, else a float from the math module."""
        if self.ln_of is not None:
            return self.ln_of
        if self.value == 0:
            return Fraction(1)
        return math.exp(float(self.value))

    def __float__(self) -> float:
        return math.log(self.ln_of) if self.ln_of is not None else float(self.value)

    @property
    def node(self) -> fm.Node:
        if self.ln_of is None or self.ln_of == 1:
            return show(self.value if self.ln_of is None else Fraction(0))
        if self.ln_of > 1:
            return fm.Call("ln", (fm.num(self.ln_of),))
        return fm.Neg(fm.Call("ln", (fm.num(1 / self.ln_of),)))


def sample_logits(rng: random.Random, options: Options, n: int) -> list[Logit]:
    if not options.calculator:
        out = []
        for _ in range(n):
            k = Fraction(pick(rng, LN_BASES))
            out.append(Logit(ln_of=k if k == 1 or rng.random() < 0.6 else 1 / k))
        return out
    places = 2 if options.difficulty == 3 and rng.random() < 0.5 else 1
    z = [decimal(rng, -LOGIT_BOUND, LOGIT_BOUND, places, nonzero=False) for _ in range(n)]
    if len(set(z)) == 1:
        raise Redraw("all logits equal")
    return [Logit(value=v) for v in z]


def sample_target(rng: random.Random, task: str, n: int) -> list[Fraction]:
    if task == "multi_class":
        k = rng.randrange(n)
        return [Fraction(int(i == k)) for i in range(n)]
    t = [Fraction(rng.randint(0, 1)) for _ in range(n)]
    if sum(t) < 2:
        raise Redraw("show a multi-label target with at least two labels present")
    return t


@dataclass(frozen=True)
class Numbers:
    """Every number of the problem, exact (or float) and as carried with the stated rounding."""

    exps: list[Value]
    exps_c: list[Value]
    sigmoid: list[Value]
    sigmoid_c: list[Value]
    sigmoid_sum: Value
    sigmoid_sum_c: Value
    softmax: list[Value]
    softmax_c: list[Value]
    softmax_sum_c: Value  # the rounded entries added up (exactly 1 before rounding)
    grad: list[Value] | None
    grad_c: list[Value] | None
