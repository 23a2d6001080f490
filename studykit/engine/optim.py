"""Optimisers (COURSE.md C9), one verb for all: ``step(params, grads)`` updates in place.

| optimiser | update (g = ∂R/∂θ, weight decay already in g) |
|---|---|
| sgd | θ ← θ − η g |
| momentum | v ← μ v − η g;  θ ← θ + v |
| adagrad | c ← c + g²;  θ ← θ − η g / (√c + ε) |
| rmsprop | s ← γ s + (1−γ) g²;  θ ← θ − η g / (√s + ε) |
| adam | m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ); θ ← θ − η m̂/(√v̂ + ε) |

Adam without bias correction uses m and v in place of m̂ and v̂. Defaults are PyTorch's.

Every update is written into arrays made once per parameter, on its first step: the state (v, c,
s, m: zeros) and one or two scratch arrays (``tmp``). A step allocates nothing, and each formula
is evaluated in the order written above, so the numbers are those of the plain NumPy expressions
(``theta -= lr * g`` and so on) to the last bit. ``np.f(x, y, out=a)`` writes ``f(x, y)`` into
``a`` and returns ``a``; ``a -= b`` and the like work in place too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..spec import OPTIMIZER_OPTIONS, TrainSpec

State = dict[str, np.ndarray]


class Optimizer:
    """Base class: keeps per-parameter state by name; ``t`` counts the steps taken.

    Hyper-parameters are kept as Python floats, so a float32 parameter is updated in float32."""

    name = "sgd"
    state_names: tuple[str, ...] = ()
    scratch_arrays = 1

    def __init__(self, lr: float, **options: Any) -> None:
        unknown = set(options) - set(OPTIMIZER_OPTIONS[self.name])
        if unknown:
            raise TypeError(f"{self.name} has no option(s) {sorted(unknown)}")
        self.lr = float(lr)
        self.options = {
            key: value if isinstance(value, bool) else float(value)
            for key, value in {**OPTIMIZER_OPTIONS[self.name], **options}.items()
        }
        self.state: dict[str, State] = {}
        self.scratch: dict[str, list[np.ndarray]] = {}
        self.t = 0

    def step(self, params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> None:
        """Update every parameter in place from its gradient."""
        self.t += 1
        for name, param in params.items():
            if name not in self.state:
                self.state[name] = {key: np.zeros_like(param) for key in self.state_names}
                self.scratch[name] = [np.empty_like(param) for _ in range(self.scratch_arrays)]
            g = np.asarray(grads[name], dtype=param.dtype)
            self.update(param, g, self.state[name], self.scratch[name])

    def update(self, theta: np.ndarray, g: np.ndarray, state: State, tmp: list[np.ndarray]) -> None:
        """θ ← θ − η g."""
        theta -= np.multiply(g, self.lr, out=tmp[0])

    def _divided_step(
        self, theta: np.ndarray, num: np.ndarray, r: np.ndarray, tmp: list[np.ndarray]
    ) -> None:
        """θ ← θ − η num / (√r + ε), through two scratch arrays (``num`` may be ``tmp[0]``)."""
        root = np.sqrt(r, out=tmp[1])
        root += self.options["eps"]
        step = np.multiply(num, self.lr, out=tmp[0])
        step /= root
        theta -= step


class SGD(Optimizer):
    name = "sgd"


class Momentum(Optimizer):
    name = "momentum"
    state_names = ("v",)

    def update(self, theta: np.ndarray, g: np.ndarray, state: State, tmp: list[np.ndarray]) -> None:
        """v ← μ v − η g;  θ ← θ + v."""
        v = state["v"]
        v *= self.options["momentum"]
        v -= np.multiply(g, self.lr, out=tmp[0])
        theta += v


class AdaGrad(Optimizer):
    name = "adagrad"
    state_names = ("c",)
    scratch_arrays = 2

    def update(self, theta: np.ndarray, g: np.ndarray, state: State, tmp: list[np.ndarray]) -> None:
        """c ← c + g²;  θ ← θ − η g / (√c + ε)."""
        c = state["c"]
        c += np.multiply(g, g, out=tmp[0])
        self._divided_step(theta, g, c, tmp)


class RMSprop(Optimizer):
    name = "rmsprop"
    state_names = ("s",)
    scratch_arrays = 2

    def update(self, theta: np.ndarray, g: np.ndarray, state: State, tmp: list[np.ndarray]) -> None:
        """s ← γ s + (1−γ) g²  (as γ s + ((1−γ) g) g);  θ ← θ − η g / (√s + ε)."""
        decay, s = self.options["decay"], state["s"]
        s *= decay
        g2 = np.multiply(g, 1 - decay, out=tmp[0])
        g2 *= g
        s += g2
        self._divided_step(theta, g, s, tmp)


class Adam(Optimizer):
    name = "adam"
    state_names = ("m", "v")
    scratch_arrays = 2

    def update(self, theta: np.ndarray, g: np.ndarray, state: State, tmp: list[np.ndarray]) -> None:
        """m ← β₁m + (1−β₁)g;  v ← β₂v + ((1−β₂)g) g;  θ ← θ − η m̂/(√v̂ + ε), where
        m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ) with bias correction, else m̂ = m, v̂ = v."""
        b1, b2, m, v = self.options["beta1"], self.options["beta2"], state["m"], state["v"]
        m *= b1
        m += np.multiply(g, 1 - b1, out=tmp[0])
        v *= b2
        g2 = np.multiply(g, 1 - b2, out=tmp[0])
        g2 *= g
        v += g2
        if self.options["bias_correction"]:
            m = np.divide(m, 1 - b1**self.t, out=tmp[0])
            v = np.divide(v, 1 - b2**self.t, out=tmp[1])
        self._divided_step(theta, m, v, tmp)


OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (SGD, Momentum, AdaGrad, RMSprop, Adam)
}


def make_optimizer(name: str, lr: float, **options: Any) -> Optimizer:
    """The optimiser called ``name`` (sgd, momentum, adagrad, rmsprop, adam)."""
    return OPTIMIZERS[name](lr, **options)


def optimizer_from_spec(train: TrainSpec) -> Optimizer:
    return make_optimizer(train.optimizer, train.lr, **train.options)
