"""Reproducible random numbers for sample points and random networks, without numpy.random.

Importing ``numpy.random`` costs about 25 ms, a sixth of a one-shot ``studykit check``; this is
SplitMix64 (Steele, Lea & Flood 2014), a counter-based generator with good statistical
quality, vectorised on uint64 arrays. A :class:`Draws` with the same seed gives the same
numbers in the same order, on every platform.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _mix(z: np.ndarray) -> np.ndarray:
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


class Draws:
    """A stream of uniform numbers from a seed (like ``numpy.random.default_rng(seed)``)."""

    def __init__(self, seed: int) -> None:
        with np.errstate(over="ignore"):  # uint64 arithmetic wraps by design
            start = np.array([seed % 2**64], dtype=np.uint64) * _GAMMA
            self.state = _mix(_mix(start + _M2))[0]  # each seed its own stream
        self.count = 0

    def random(self, shape: int | Sequence[int]) -> np.ndarray:
        """Floats in [0, 1)."""
        size = int(np.prod(shape))
        with np.errstate(over="ignore"):
            counters = np.arange(self.count + 1, self.count + size + 1, dtype=np.uint64) * _GAMMA
            values = _mix(counters + self.state)
        self.count += size
        return ((values >> np.uint64(11)).astype(np.float64) * 2.0**-53).reshape(shape)

    def uniform(self, low: float, high: float, shape: int | Sequence[int]) -> np.ndarray:
        return low + (high - low) * self.random(shape)

    def integers(self, high: int, shape: int | Sequence[int] = ()) -> Any:
        """Integers in [0, high)."""
        values = np.minimum((self.random(shape or 1) * high).astype(np.int64), high - 1)
        return int(values.reshape(-1)[0]) if shape == () else values

    def choice(self, options: Sequence[Any], size: int) -> np.ndarray:
        return np.asarray(options)[self.integers(len(options), size)]
