"""THE registry of activations and losses (COURSE.md C2, C5): every other package reads them from
here. The facts live in :mod:`.activations` and :mod:`.losses`; :mod:`.model` says what an entry
holds and :mod:`.exact` is the exact route that evaluates their formulas on Fractions.
"""

from __future__ import annotations

from ..i18n import Text
from .activations import ACTIVATION_LIST, GELU_SIGMOID_K, GELU_TANH_C, GELU_TANH_K
from .exact import EXACT, ExactAlgebra, exact, round_half_up
from .losses import LOSS_LIST
from .model import Activation, Loss, Param, Params, UnknownName, lookup
from .numeric import erf, normal_cdf, normal_pdf, sigmoid, softmax

#: ReLU′(0) and the derivative at every other kink (COURSE.md conventions): the left derivative.
KINK_CONVENTION = Text(
    "at a kink: ReLU′(0) = 0, and leaky ReLU, PReLU and ELU take γ at 0 (the left derivative); "
    "hard-logistic and hard-tanh take 0 at their corners; L1 uses sign(0) = 0",
    "在不可导点：ReLU′(0) = 0，Leaky ReLU、PReLU、ELU 在 0 处取 γ（左导数）；"
    "Hard-Logistic 与 Hard-Tanh 在拐点处取 0；L1 损失取 sign(0) = 0",
)

ACTIVATIONS: dict[str, Activation] = {a.name: a for a in ACTIVATION_LIST}
LOSSES: dict[str, Loss] = {loss.name: loss for loss in LOSS_LIST}

#: The symbol a formula writes (σ, tanh, ReLU …) → the activation.
BY_SYMBOL: dict[str, Activation] = {a.symbol: a for a in ACTIVATION_LIST}
#: Every spelling a student may type (lower case) → the activation's name.
SPELLINGS: dict[str, str] = {s.lower(): a.name for a in ACTIVATION_LIST for s in a.spellings}


def get_activation(name: str) -> Activation:
    """The catalog entry for ``name``; :class:`UnknownName` names the nearest one."""
    return lookup(ACTIVATIONS, name, "activation")


def get_loss(name: str) -> Loss:
    """The catalog entry for ``name``; :class:`UnknownName` names the nearest one."""
    return lookup(LOSSES, name, "loss")


def elementwise_names(sampled_only: bool = False) -> tuple[str, ...]:
    """The element-wise activations, in catalog order (only those drawn unasked, if asked)."""
    return tuple(
        a.name for a in ACTIVATION_LIST if a.elementwise and (a.sample or not sampled_only)
    )


__all__ = [
    "ACTIVATIONS",
    "Activation",
    "BY_SYMBOL",
    "EXACT",
    "ExactAlgebra",
    "GELU_SIGMOID_K",
    "GELU_TANH_C",
    "GELU_TANH_K",
    "KINK_CONVENTION",
    "LOSSES",
    "Loss",
    "Param",
    "Params",
    "SPELLINGS",
    "UnknownName",
    "elementwise_names",
    "erf",
    "exact",
    "get_activation",
    "get_loss",
    "normal_cdf",
    "normal_pdf",
    "round_half_up",
    "sigmoid",
    "softmax",
]
