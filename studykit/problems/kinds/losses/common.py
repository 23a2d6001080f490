"""What the ``loss_gradient`` problems share: the symbols, the ln hint, the engine route (the
catalog's ``fn``/``grad``), the statement's first line and the answer for a log-loss value."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .... import math as fm
from ....catalog import LOSSES
from ...model import Answer, Para, Rounding, Tolerance
from ...registry import Options
from .._basic import Text, Value, number_answer, para

LOG_HINT = Text(
    "Use ln 2 ≈ 0.6931, ln 3 ≈ 1.0986, ln 5 ≈ 1.6094 and give the loss to 4 decimals.",
    "可用 ln 2 ≈ 0.6931，ln 3 ≈ 1.0986，ln 5 ≈ 1.6094，损失保留 4 位小数。",
)
#: The logarithms the hint gives, as printed.
HINT_LN = {2: Fraction(6931, 10000), 3: Fraction(10986, 10000), 5: Fraction(16094, 10000)}


def _hint_powers(x: Fraction) -> list[tuple[int, int]]:
    """(prime, power) with x = Π primeᵖᵒʷᵉʳ over the hint's primes 2, 3, 5."""
    out = []
    for p in HINT_LN:
        power, n, d = 0, x.numerator, x.denominator
        while n % p == 0:
            n //= p
            power += 1
        while d % p == 0:
            d //= p
            power -= 1
        if power:
            out.append((p, power))
    return out


def hinted_ln_node(x: Fraction) -> fm.Node:
    """ln x written with the hint's values: ``2 · 0.6931 − 1.0986`` for ln(4/3)."""
    terms: list[fm.Node] = []
    for p, power in _hint_powers(Fraction(x)):
        term: fm.Node = (
            fm.num(HINT_LN[p])
            if abs(power) == 1
            else fm.mul(fm.num(abs(power)), fm.num(HINT_LN[p]))
        )
        if not terms:
            terms.append(fm.Neg(term) if power < 0 else term)
        else:
            terms = [fm.sub(terms[0], term) if power < 0 else fm.add(terms[0], term)]
    return terms[0] if terms else fm.num(0)


def hinted_ln(x: Fraction) -> Fraction:
    """ln x from the hint's values: x = 2ᵃ3ᵇ5ᶜ, so ln x = a·ln 2 + b·ln 3 + c·ln 5 (as printed)."""
    total = Fraction(0)
    for part, sign in ((x.numerator, 1), (x.denominator, -1)):
        for p, ln_p in HINT_LN.items():
            while part % p == 0:
                part //= p
                total += sign * ln_p
        if part != 1:
            raise ValueError(f"ln {x}: the hint covers 2, 3 and 5 only")
    return total


V = fm.Var
Y, T, D = V("y", sub="i", hat=True), V("t", sub="i"), V("d", sub="i")
L = V("L")


def smooth_over(primes: tuple[int, ...], x: Fraction) -> bool:
    """True when numerator and denominator of x factor over ``primes`` only."""
    for n in (x.numerator, x.denominator):
        for p in primes:
            while n % p == 0:
                n //= p
        if n != 1:
            return False
    return True


def engine_loss(name: str, y: list[Value], t: list[Value]) -> tuple[float, np.ndarray]:
    """(L, ∂L/∂ŷ) by the catalog's NumPy ``fn`` and ``grad`` on one sample."""
    loss = LOSSES[name]
    ya, ta = np.array([[float(v) for v in y]]), np.array([[float(v) for v in t]])
    return float(loss.fn(ya, ta)[0]), loss.grad(ya, ta)[0]


def loss_line(name: str) -> Para:
    """Loss: its title, L = its formula (from the catalog)."""
    entry = LOSSES[name]
    return para(
        Text("Loss: ", "损失函数：")
        + entry.title
        + Text(", L = ", "，L = ")
        + Text(entry.formula_text, entry.formula_text)
    )


def log_loss_answer(
    label: Text, loss: Value, loss_c: Value, rounding: Rounding, options: Options
) -> Answer:
    """The value of a −ln loss: to 4 decimals, and without a calculator (ln from the hint)
    within 10⁻³."""
    return number_answer(
        "loss",
        label,
        loss,
        loss_c,
        rounding if rounding.decimals else Rounding(4, carry=False),
        steps_carried=2,
        tolerance=None if options.calculator else Tolerance(abs=1e-3),
    )
