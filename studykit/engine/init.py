"""Weight initialisers (COURSE.md C10); biases always start at 0.

| name | distribution |
|---|---|
| zeros | 0 (fails: the symmetry problem) |
| normal | N(0, 0.1²) |
| uniform | U[−0.1, 0.1] |
| xavier_normal | N(0, 2/(n_in+n_out)) |
| xavier_uniform | U[±√(6/(n_in+n_out))] |
| kaiming_normal | N(0, 2/n_in) |
| kaiming_uniform | U[±√(6/n_in)] |
"""

from __future__ import annotations

import math

import numpy as np

PLAIN_SCALE = 0.1


def init_variance(name: str, fan_out: int, fan_in: int) -> float:
    """Var(w) of the initializer: the quantity C10 problems ask for."""
    if name == "zeros":
        return 0.0
    if name == "normal":
        return PLAIN_SCALE**2
    if name == "uniform":
        return PLAIN_SCALE**2 / 3
    if name.startswith("xavier"):
        return 2.0 / (fan_in + fan_out)
    if name.startswith("kaiming"):
        return 2.0 / fan_in
    raise KeyError(name)


def uniform_bound(name: str, fan_out: int, fan_in: int) -> float:
    """r of U[−r, r] with the initializer's variance: r = √(3·Var)."""
    return math.sqrt(3.0 * init_variance(name, fan_out, fan_in))


def initialize(name: str, fan_out: int, fan_in: int, rng: np.random.Generator) -> np.ndarray:
    """A ``[fan_out, fan_in]`` weight matrix drawn from the named initializer."""
    shape = (fan_out, fan_in)
    if name == "zeros":
        return np.zeros(shape)
    if name.endswith("uniform"):
        r = uniform_bound(name, fan_out, fan_in)
        return rng.uniform(-r, r, size=shape)
    if name.endswith("normal"):
        return rng.normal(0.0, math.sqrt(init_variance(name, fan_out, fan_in)), size=shape)
    raise KeyError(f"unknown initializer {name!r}")
