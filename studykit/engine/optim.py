"""Optimisers (COURSE.md C9), one verb for all: ``step(params, grads)`` updates in place.

| optimiser | update (g = ∂R/∂θ, weight decay already in g) |
|---|---|
| sgd | θ ← θ − η g |
| momentum | v ← μ v − η g;  θ ← θ + v |
| adagrad | c ← c + g²;  θ ← θ − η g / (√c + ε) |
| rmsprop | s ← γ s + (1−γ) g²;  θ ← θ − η g / (√s + ε) |
| adam | m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ); θ ← θ − η m̂/(√v̂ + ε) |

Adam without bias correction uses m and v in place of m̂ and v̂. Defaults are PyTorch's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..spec import OPTIMIZER_OPTIONS, TrainSpec


class Optimizer:
    """Base class: keeps per-parameter state by name; ``t`` counts the steps taken."""

    name = "sgd"

    def __init__(self, lr: float, **options: Any) -> None:
        unknown = set(options) - set(OPTIMIZER_OPTIONS[self.name])
        if unknown:
            raise TypeError(f"{self.name} has no option(s) {sorted(unknown)}")
        self.lr = lr
        self.options = {**OPTIMIZER_OPTIONS[self.name], **options}
        self.state: dict[str, dict[str, np.ndarray]] = {}
        self.t = 0

    def step(self, params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> None:
        """Update every parameter in place from its gradient."""
        self.t += 1
        for name, param in params.items():
            state = self.state.setdefault(name, {})
            param -= self.delta(state, np.asarray(grads[name], dtype=param.dtype))

    def delta(self, state: dict[str, np.ndarray], g: np.ndarray) -> np.ndarray:
        """The amount subtracted from θ this step."""
        return self.lr * g


class SGD(Optimizer):
    name = "sgd"


class Momentum(Optimizer):
    name = "momentum"

    def delta(self, state: dict[str, np.ndarray], g: np.ndarray) -> np.ndarray:
        v = state.get("v", np.zeros_like(g))
        v = self.options["momentum"] * v - self.lr * g
        state["v"] = v
        return -v


class AdaGrad(Optimizer):
    name = "adagrad"

    def delta(self, state: dict[str, np.ndarray], g: np.ndarray) -> np.ndarray:
        c = state.get("c", np.zeros_like(g)) + g * g
        state["c"] = c
        return self.lr * g / (np.sqrt(c) + self.options["eps"])


class RMSprop(Optimizer):
    name = "rmsprop"

    def delta(self, state: dict[str, np.ndarray], g: np.ndarray) -> np.ndarray:
        decay = self.options["decay"]
        s = decay * state.get("s", np.zeros_like(g)) + (1 - decay) * g * g
        state["s"] = s
        return self.lr * g / (np.sqrt(s) + self.options["eps"])


class Adam(Optimizer):
    name = "adam"

    def delta(self, state: dict[str, np.ndarray], g: np.ndarray) -> np.ndarray:
        b1, b2, eps = self.options["beta1"], self.options["beta2"], self.options["eps"]
        m = b1 * state.get("m", np.zeros_like(g)) + (1 - b1) * g
        v = b2 * state.get("v", np.zeros_like(g)) + (1 - b2) * g * g
        state["m"], state["v"] = m, v
        if self.options["bias_correction"]:
            m = m / (1 - b1**self.t)
            v = v / (1 - b2**self.t)
        return self.lr * m / (np.sqrt(v) + eps)


OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (SGD, Momentum, AdaGrad, RMSprop, Adam)
}


def make_optimizer(name: str, lr: float, **options: Any) -> Optimizer:
    """The optimiser called ``name`` (sgd, momentum, adagrad, rmsprop, adam)."""
    return OPTIMIZERS[name](lr, **options)


def optimizer_from_spec(train: TrainSpec) -> Optimizer:
    return make_optimizer(train.optimizer, train.lr, **train.options)
