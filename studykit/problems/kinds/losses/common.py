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
