"""C5 loss problems: the loss value and its gradient for each catalog loss.

| loss | L | ∂L/∂ŷ |
|---|---|---|
| mse / mse_sum / mse_mean | ½Σd² / Σd² / (1/n)Σd², d = ŷ − t | d / 2d / (2/n)d |
| l1 | Σ\\|d\\| | sign(d) |
| smooth_l1 | Σ (½d² if \\|d\\|<1 else \\|d\\|−½) | d if \\|d\\|<1 else sign(d) |
| cross_entropy | −Σ tᵢ ln yᵢ | −t/y |
| softmax_cross_entropy | −Σ tᵢ ln softmax(z)ᵢ | ∂L/∂z = y − t |
| binary_cross_entropy | −Σ [t ln y + (1−t) ln(1−y)] | (y − t)/(y(1 − y)) |
| cs224n | J = −ln σ(s) | ∂J/∂s = σ(s) − 1 |

Hand route: Fractions and the math module, written here; engine route: catalog ``fn``/``grad``.

Modules: ``sampling`` (the numbers of each loss), ``elementwise`` (the losses of ŷ and t),
``softmax_ce``, ``cs224n`` and ``common`` (what they share); this module picks the loss and
registers the kind.
"""

from __future__ import annotations

import random

from ...model import Problem
from ...registry import Kind, Options, register
from .._basic import Text, pick, rounding_for
from .cs224n import cs224n_problem
from .elementwise import elementwise_problem, hand_loss
from .sampling import LOSS_CHOICES, sample_data
from .softmax_ce import softmax_ce_problem

__all__ = ["LOSS_CHOICES", "build_loss_gradient", "hand_loss"]


def build_loss_gradient(rng: random.Random, options: Options) -> Problem:
    """Pick the loss (unless asked), draw its numbers and build its problem."""
    name = options.extra.get("loss") or pick(rng, LOSS_CHOICES)
    data = sample_data(rng, name, options)
    rounding = rounding_for(options)
    if name == "softmax_cross_entropy":
        return softmax_ce_problem(data, options, rounding)
    if name == "cs224n":
        return cs224n_problem(data, options, rounding)
    return elementwise_problem(name, data["y"], data["t"], options, rounding)


register(
    Kind(
        name="loss_gradient",
        section="C5",
        title=Text("Loss value and gradient", "损失值与梯度"),
        description=Text(
            "a catalog loss (MSE variants, L1, smooth L1, cross entropy, softmax+CE, BCE, cs224n) "
            "and its gradient",
            "目录中的损失函数（MSE 各变体、L1、Smooth-L1、交叉熵、softmax+交叉熵、二元交叉熵、cs224n）及其梯度",
        ),
        build=build_loss_gradient,
        extra_options={"loss": LOSS_CHOICES},
    )
)
