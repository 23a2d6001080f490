"""Gradient checking with torch.autograd.gradcheck's conventions.

Central differences in float64, ``(R(θ+ε) − R(θ−ε)) / 2ε`` with ``ε = 1e-6``; an entry passes when
``|analytic − numerical| ≤ atol + rtol·|numerical|`` with ``atol = 1e-5``, ``rtol = 1e-3``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .network import Network

EPS = 1e-6
ATOL = 1e-5
RTOL = 1e-3


class GradcheckError(AssertionError):
    """An analytic gradient entry that disagrees with central differences."""


@dataclass(frozen=True)
class GradcheckResult:
    checked: int
    max_abs_error: float


def entry_name(name: str, index: tuple[int, ...]) -> str:
    """``W1`` and (0, 1) → ``W1[1,2]`` (1-based, textbook indices)."""
    if not index:
        return name
    return f"{name}[{','.join(str(i + 1) for i in index)}]"


def numerical_gradient(f: Callable[[], float], array: np.ndarray, eps: float = EPS) -> np.ndarray:
    """∂f/∂array by central differences, perturbing ``array`` in place and restoring it."""
    out = np.zeros_like(array, dtype=np.float64)
    for index in np.ndindex(array.shape):
        old = array[index]
        array[index] = old + eps
        up = f()
        array[index] = old - eps
        down = f()
        array[index] = old
        out[index] = (up - down) / (2 * eps)
    return out


def gradcheck(
    network: Network,
    x: np.ndarray,
    t: np.ndarray,
    eps: float = EPS,
    atol: float = ATOL,
    rtol: float = RTOL,
) -> GradcheckResult:
    """Check every parameter's gradient and ∂L/∂x; raise :class:`GradcheckError` naming the
    first failing entry with both values."""
    net = network.copy(np.float64)
    x_batch = np.array(x, dtype=np.float64, ndmin=2)
    t = np.asarray(t, dtype=np.float64)
    trace = net.trace(x_batch, t)
    analytic = trace.grads()
    # trace.dx is per sample, ∂ℓₙ/∂xₙ; the objective is the mean over the batch.
    analytic["x"] = trace.dx / x_batch.shape[0]
    targets = {**net.params(), "x": x_batch}

    def objective() -> float:
        return net.loss_value(x_batch, t)

    checked, worst = 0, 0.0
    for name, array in targets.items():
        numeric = numerical_gradient(objective, array, eps)
        got = np.asarray(analytic[name], dtype=np.float64).reshape(numeric.shape)
        error = np.abs(got - numeric)
        bad = error > atol + rtol * np.abs(numeric)
        checked += numeric.size
        worst = max(worst, float(error.max(initial=0.0)))
        if bad.any():
            index = tuple(int(i) for i in np.argwhere(bad)[0])
            raise GradcheckError(
                f"gradcheck failed for {entry_name(name, index)}: analytic {got[index]!r}, "
                f"numerical {numeric[index]!r} (eps {eps}, atol {atol}, rtol {rtol})"
            )
    return GradcheckResult(checked=checked, max_abs_error=worst)
