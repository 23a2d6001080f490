"""The two routes to every number of a ``gd_variants`` problem.

By hand (Fractions, rounded as carried): ``yₙ = w xₙ + b``, ``eₙ = yₙ − tₙ``, ``∂Lₙ/∂w = eₙxₙ``,
``∂Lₙ/∂b = eₙ``, the batch means, ``w ← w − α(ḡ_w + λw)``, ``b ← b − αḡ_b``. By the engine: a 1-1
identity network built from a spec dict, ``Network.trace`` on each batch and the spec's SGD
optimiser with its ``weight_decay``; batches sliced as ``commands/train.py`` slices them.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ....engine.network import Network
from ....engine.optim import optimizer_from_spec
from ....spec import spec_from_dict
from ...model import Rounding
from .._basic import Value, round_value

# ----------------------------------------------------------------------------- the data


@dataclass(frozen=True)
class Setup:
    """The tiny data set and the hyper-parameters, exactly as the statement shows them."""

    xs: tuple[Fraction, ...]
    ts: tuple[Fraction, ...]
    w0: Fraction
    b0: Fraction | None  # None: no bias, y = w x
    alpha: Fraction
    lam: Fraction  # 0: no weight decay

    @property
    def n(self) -> int:
        return len(self.xs)


@dataclass(frozen=True)
class Update:
    """One update by hand: the batch (0-based), the values it computes, the new w and b."""

    batch: tuple[int, ...]
    w_prev: Value
    b_prev: Value | None
    y: tuple[Value, ...]
    e: tuple[Value, ...]
    grad_w: tuple[Value, ...]
    mean_w: Value
    mean_b: Value | None
    reg_w: Value  # mean_w + λ w_prev (= mean_w without weight decay)
    w: Value
    b: Value | None
    lam: Fraction  # the weight decay this update used (0: none)

    def values(self) -> list[Value]:
        out = [*self.y, *self.e, *self.grad_w, self.mean_w, self.reg_w, self.w]
        if self.b is not None and self.mean_b is not None:
            out += [self.mean_b, self.b]
        return out


def batches(n: int, size: int) -> list[tuple[int, ...]]:
    """The stated batches: k-th = samples k·B+1 … min((k+1)·B, N), ceil(N/B) of them."""
    count = -(-n // size)
    return [tuple(range(k * size, min((k + 1) * size, n))) for k in range(count)]


# ----------------------------------------------------------------------------- hand route


def hand_update(
    setup: Setup,
    w: Value,
    b: Value | None,
    batch: tuple[int, ...],
    rounding: Rounding,
    lam: Fraction = Fraction(0),
) -> Update:
    """One update from the formulas: yₙ = w xₙ + b, eₙ = yₙ − tₙ, ∂Lₙ/∂w = eₙxₙ, ∂Lₙ/∂b = eₙ,
    the batch means, then w ← w − α(ḡ_w + λw), b ← b − αḡ_b (rounded as carried)."""
    q = lambda v: round_value(v, rounding)  # noqa: E731
    y = tuple(q(w * setup.xs[i] + (b if b is not None else 0)) for i in batch)
    e = tuple(q(yi - setup.ts[i]) for yi, i in zip(y, batch, strict=True))
    grad_w = tuple(q(ei * setup.xs[i]) for ei, i in zip(e, batch, strict=True))
    size = len(batch)
    mean_w = q(sum(grad_w, Fraction(0)) / size)
    mean_b = q(sum(e, Fraction(0)) / size) if b is not None else None
    reg_w = q(mean_w + lam * w) if lam else mean_w
    new_w = q(w - setup.alpha * reg_w)
    new_b = q(b - setup.alpha * mean_b) if b is not None and mean_b is not None else None
    return Update(batch, w, b, y, e, grad_w, mean_w, mean_b, reg_w, new_w, new_b, lam)


def hand_run(
    setup: Setup, plan: list[tuple[int, ...]], rounding: Rounding, lam: Fraction = Fraction(0)
) -> list[Update]:
    """The updates of ``plan`` (a list of batches) one after the other from (w₀, b₀)."""
    w: Value = setup.w0
    b: Value | None = setup.b0
    out = []
    for batch in plan:
        update = hand_update(setup, w, b, batch, rounding, lam)
        out.append(update)
        w, b = update.w, update.b
    return out


def hand_risk(setup: Setup, first: Update, rounding: Rounding) -> Value:
    """R(w₀, b₀) = (1/N)Σ ½eₙ² + ½λw₀², from the printed errors of a full-batch pass, rounded
    once: the step prints the whole sum, so no partial term is rounded unseen."""
    data = sum((e * e / 2 for e in first.e), Fraction(0)) / setup.n
    return round_value(data + setup.lam * setup.w0 * setup.w0 / 2, rounding)


@dataclass(frozen=True)
class HandRoute:
    """Every computed number of one problem, by hand: BGD update(s), the variant's epoch, R."""

    bgd: list[Update]
    epoch: list[Update]
    risk: Value | None

    def values(self) -> list[Value]:
        out = [v for u in (*self.bgd, *self.epoch) for v in u.values()]
        return out + ([self.risk] if self.risk is not None else [])


def hand_route(setup: Setup, variant: str, size: int, epochs: int, rounding: Rounding) -> HandRoute:
    """BGD (weight decay λ) for ``epochs`` updates, then, for SGD and mini-batch, one epoch of
    batches of ``size`` on the plain loss; R(w₀, b₀) when there is weight decay."""
    bgd = hand_run(setup, [tuple(range(setup.n))] * epochs, rounding, setup.lam)
    epoch = hand_run(setup, batches(setup.n, size), rounding) if variant != "bgd" else []
    risk = hand_risk(setup, bgd[0], rounding) if setup.lam else None
    return HandRoute(bgd, epoch, risk)


# ----------------------------------------------------------------------------- engine route


def engine_spec(setup: Setup, lam: Value, batch_size: int) -> dict[str, Any]:
    """The tiny problem as a spec file: a 1-1 identity network with the mse loss, SGD."""
    return {
        "network": {"layers": [1, 1], "activation": "identity", "loss": "mse"},
        "params": {"W1": [[float(setup.w0)]], "b1": [float(setup.b0 or 0)]},
        "data": {"x": [[float(x)] for x in setup.xs], "t": [[float(t)] for t in setup.ts]},
        "train": {
            "lr": float(setup.alpha),
            "optimizer": "sgd",
            "weight_decay": float(lam),
            "batch_size": batch_size,
        },
    }


def engine_run(
    setup: Setup, batch_size: int, epochs: int = 1, lam: Value = 0
) -> list[tuple[float, float]]:
    """(w, b) after every update: ``trace`` on each batch (``batch_size`` 0: all N), then the
    spec's optimiser step, weight decay λ from the spec. Without a bias, b (0) is left out of the
    optimiser's parameters and so stays 0."""
    spec = spec_from_dict(engine_spec(setup, lam, batch_size))
    assert spec.x is not None and spec.t is not None and spec.train is not None
    network = Network.from_spec(spec)
    optimizer = optimizer_from_spec(spec.train)
    params = network.params()
    if setup.b0 is None:
        params = {"W1": params["W1"]}
    n = len(spec.x)
    size = spec.train.batch_size or n
    history = []
    for _ in range(epochs):
        for first in range(0, n, size):
            trace = network.trace(spec.x[first : first + size], spec.t[first : first + size])
            optimizer.step(params, trace.grads())
            layer = network.layers[0]
            history.append((float(layer.W[0, 0]), float(layer.b[0])))
    return history


def engine_gradients(setup: Setup) -> dict[str, Any]:
    """Per-sample gradients, the full-batch mean, the regularised ∂R/∂w and R at the start."""
    plain = spec_from_dict(engine_spec(setup, 0, 0))
    assert plain.x is not None and plain.t is not None
    network = Network.from_spec(plain)
    per_sample = [
        network.trace(plain.x[i : i + 1], plain.t[i : i + 1]).grads() for i in range(setup.n)
    ]
    mean = network.trace(plain.x, plain.t).grads()
    decayed = spec_from_dict(engine_spec(setup, setup.lam, 0))
    full = Network.from_spec(decayed).trace(plain.x, plain.t)
    return {
        "grad_w": [float(g["W1"][0, 0]) for g in per_sample],
        "grad_b": [float(g["b1"][0]) for g in per_sample],
        "mean_w": float(mean["W1"][0, 0]),
        "mean_b": float(mean["b1"][0]),
        "reg_w": float(full.grads()["W1"][0, 0]),
        "risk": full.loss,
    }
