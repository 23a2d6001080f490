"""Toy data sets made in code (no downloads): XOR, two moons, circles, spirals, small digits.

Each returns a :class:`Dataset` with inputs ``x`` ``[N, d]``, integer ``labels`` ``[N]`` and
one-hot targets (``targets(1)`` gives a single 0/1 column for a one-output network).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Dataset:
    name: str
    x: np.ndarray
    labels: np.ndarray
    classes: int

    @property
    def features(self) -> int:
        return self.x.shape[1]

    def targets(self, outputs: int) -> np.ndarray:
        """One-hot ``[N, classes]``, or ``[N, 1]`` of 0/1 when the network has one output."""
        if outputs == 1 and self.classes == 2:
            return self.labels[:, None].astype(np.float64)
        return np.eye(self.classes)[self.labels]


def xor() -> Dataset:
    """The four XOR points: label = x₁ xor x₂; not linearly separable."""
    x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return Dataset("xor", x, np.array([0, 1, 1, 0]), 2)


def moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Two interleaving half circles."""
    rng = np.random.default_rng(seed)
    half = n // 2
    angle_a = rng.uniform(0, np.pi, half)
    angle_b = rng.uniform(0, np.pi, n - half)
    a = np.column_stack([np.cos(angle_a), np.sin(angle_a)])
    b = np.column_stack([1 - np.cos(angle_b), 0.5 - np.sin(angle_b)])
    x = np.vstack([a, b]) + rng.normal(0, noise, (n, 2))
    labels = np.concatenate([np.zeros(half, int), np.ones(n - half, int)])
    return Dataset("moons", x, labels, 2)


def circles(n: int = 200, noise: float = 0.05, factor: float = 0.5, seed: int = 0) -> Dataset:
    """A small circle inside a large one."""
    rng = np.random.default_rng(seed)
    half = n // 2
    angle = rng.uniform(0, 2 * np.pi, n)
    radius = np.concatenate([np.ones(half), np.full(n - half, factor)])
    x = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    x += rng.normal(0, noise, (n, 2))
    labels = np.concatenate([np.zeros(half, int), np.ones(n - half, int)])
    return Dataset("circles", x, labels, 2)


def spirals(n_per_class: int = 100, classes: int = 3, noise: float = 0.2, seed: int = 0) -> Dataset:
    """``classes`` interleaved spiral arms (the cs231n toy set)."""
    rng = np.random.default_rng(seed)
    xs, labels = [], []
    for c in range(classes):
        r = np.linspace(0.0, 1.0, n_per_class)
        theta = np.linspace(c * 4.0, (c + 1) * 4.0, n_per_class) + rng.normal(0, noise, n_per_class)
        xs.append(np.column_stack([r * np.sin(theta), r * np.cos(theta)]))
        labels.append(np.full(n_per_class, c))
    return Dataset("spirals", np.vstack(xs), np.concatenate(labels), classes)


# 5×7 glyphs of the digits 0–9, one string of 35 pixels per digit (row by row).
_GLYPHS = [
    "01110100011001110101110011000101110",
    "00100011000010000100001000010001110",
    "01110100010000100010001000100011111",
    "11111000100010000010000011000101110",
    "00010001100101010010111110001000010",
    "11111100001111000001000011000101110",
    "00110010001000011110100011000101110",
    "11111000010001000100010000100001000",
    "01110100011000101110100011000101110",
    "01110100011000101111000010001001100",
]


def digits(n: int = 500, flip: float = 0.08, seed: int = 0) -> Dataset:
    """A small digits-like set: 5×7 glyphs of 0–9 (35 inputs) with pixels flipped at random."""
    rng = np.random.default_rng(seed)
    glyphs = np.array([[float(c) for c in g] for g in _GLYPHS])
    labels = rng.integers(0, 10, n)
    x = glyphs[labels]
    flips = rng.random(x.shape) < flip
    x = np.where(flips, 1.0 - x, x)
    return Dataset("digits", x, labels, 10)


DATASETS = {"xor": xor, "moons": moons, "circles": circles, "spirals": spirals, "digits": digits}


def load_dataset(name: str, seed: int = 0) -> Dataset:
    """A data set by name; the random ones are drawn with ``seed``."""
    maker = DATASETS[name]
    return maker() if name == "xor" else maker(seed=seed)
