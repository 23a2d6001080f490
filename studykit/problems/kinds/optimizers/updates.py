"""The two routes of ``optimizer_step`` (hand: Fractions from the update formulas, ε left out;
engine: engine/optim.py, with ε), its hyper-parameters and its gradients.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

import numpy as np

from ....engine.optim import make_optimizer
from ....spec import OPTIMIZER_OPTIONS
from ...model import Rounding
from ...registry import Options, Redraw
from .._basic import Value, decimal, exact_sqrt, halves, pick, round_value

OPTIMIZER_CHOICES = ("sgd", "momentum", "adagrad", "rmsprop", "adam", "adam_no_bias", "adam_notes")


def hyper_parameters(name: str, options: Options, rng: random.Random) -> dict[str, Any]:
    """Hyper-parameters: PyTorch defaults (spec.OPTIMIZER_OPTIONS) unless the variant says else."""
    engine = "adam" if name.startswith("adam") else name
    h: dict[str, Any] = {"engine": engine, **OPTIMIZER_OPTIONS[engine]}
    if name in ("sgd", "momentum"):
        h["lr"] = pick(rng, [Fraction(1, 10), Fraction(1, 2), Fraction(1, 5), Fraction(1, 4)])
    elif name == "adagrad" or name == "rmsprop":
        h["lr"] = pick(rng, [Fraction(1, 10), Fraction(1, 100), Fraction(1, 2)])
    else:
        h["lr"] = pick(rng, [Fraction(1, 10), Fraction(1, 100), Fraction(1, 1000)])
    if name == "adam_no_bias":
        h["bias_correction"] = False
        if not options.calculator:  # √(1−β₂) must be rational without a calculator
            h["beta2"] = 0.99
    if name == "adam_notes":
        h["bias_correction"] = False
        h["beta2"] = 0.9999
    return h


def as_fraction(x: Any) -> Fraction:
    """A hyper-parameter as the exact decimal it is written as (0.999 → 999/1000)."""
    return Fraction(repr(x)) if isinstance(x, float) else Fraction(x)


def hand_steps(
    name: str,
    h: dict[str, Any],
    theta0: Value,
    grads: list[Value],
    lam: Value,
    rounding: Rounding,
) -> list[dict[str, Value]]:
    """The hand route for one coordinate, written from the formulas above (ε omitted):
    each step's effective gradient, state, step size and new θ, rounded as carried."""
    q = lambda x: round_value(x, rounding)  # noqa: E731
    engine, lr = h["engine"], as_fraction(h["lr"])
    theta: Value = theta0
    state: dict[str, Value] = {
        "v": Fraction(0),
        "c": Fraction(0),
        "s": Fraction(0),
        "m": Fraction(0),
    }
    out = []
    for t, g_raw in enumerate(grads, start=1):
        g = q(g_raw + lam * theta) if lam else g_raw
        if g == 0:
            raise Redraw("zero effective gradient")
        rec: dict[str, Value] = {"g": g}
        if engine == "sgd":
            delta = lr * g  # not written: θ is computed in one line
        elif engine == "momentum":
            state["v"] = q(as_fraction(h["momentum"]) * state["v"] - lr * g)
            rec["v"] = state["v"]
            delta = -state["v"]
        elif engine == "adagrad":
            state["c"] = q(state["c"] + g * g)
            rec["c"] = state["c"]
            rec["root"] = q(exact_sqrt(state["c"]))
            _check_root(rec["root"])
            delta = lr * g / rec["root"]
        elif engine == "rmsprop":
            gamma = as_fraction(h["decay"])
            state["s"] = q(gamma * state["s"] + (1 - gamma) * g * g)
            rec["s"] = state["s"]
            rec["root"] = q(exact_sqrt(state["s"]))
            _check_root(rec["root"])
            delta = lr * g / rec["root"]
        else:
            b1, b2 = as_fraction(h["beta1"]), as_fraction(h["beta2"])
            state["m"] = q(b1 * state["m"] + (1 - b1) * g)
            state["v"] = q(b2 * state["v"] + (1 - b2) * g * g)
            rec["m"], rec["v"] = state["m"], state["v"]
            m_hat, v_hat = state["m"], state["v"]
            if h["bias_correction"]:
                m_hat, v_hat = q(m_hat / (1 - b1**t)), q(v_hat / (1 - b2**t))
                rec["m_hat"], rec["v_hat"] = m_hat, v_hat
            rec["root"] = q(exact_sqrt(v_hat))
            _check_root(rec["root"])
            delta = lr * m_hat / rec["root"]
        rec["delta"] = delta
        theta = q(theta - delta)
        rec["theta"] = theta
        out.append(rec)
    return out


def _check_root(root: Value) -> None:
    """√(state) ≥ 10⁻³ keeps ε (≤ 10⁻⁸) below 10⁻⁵ of the step: leaving it out is then fair."""
    if root < Fraction(1, 1000):
        raise Redraw("ε would matter: gradient too small")


def engine_steps(
    h: dict[str, Any], theta0: list[Value], grads: list[list[Value]], lam: Value
) -> list[np.ndarray]:
    """The engine route: engine/optim.py's optimiser, gradient plus λθ for weight decay."""
    opts = {k: v for k, v in h.items() if k not in ("engine", "lr")}
    opt = make_optimizer(h["engine"], float(h["lr"]), **opts)
    theta = np.array([float(v) for v in theta0])
    params = {"theta": theta}
    history = []
    for g in grads:
        grad = np.array([float(v) for v in g]) + float(lam) * theta
        opt.step(params, {"theta": grad})
        history.append(theta.copy())
    return history


def sample_gradients(
    rng: random.Random, name: str, options: Options, n_params: int, n_steps: int
) -> list[list[Fraction]]:
    """grads[t][i]; without a calculator two AdaGrad steps use Pythagorean pairs (√ exact)."""
    if not options.calculator and name == "adagrad" and n_steps == 2:
        columns = []
        for _ in range(n_params):
            a, b = pick(rng, [(3, 4), (4, 3), (6, 8), (8, 6)])
            k = pick(rng, [Fraction(1, 10), Fraction(1, 2), Fraction(1)])
            columns.append([a * k * pick(rng, [1, -1]), b * k * pick(rng, [1, -1])])
        return [[col[t] for col in columns] for t in range(2)]
    if options.calculator:
        return [
            [decimal(rng, -2, 2, 2 if rng.random() < 0.5 else 1) for _ in range(n_params)]
            for _ in range(n_steps)
        ]
    return [[halves(rng, -3, 3) for _ in range(n_params)] for _ in range(n_steps)]
