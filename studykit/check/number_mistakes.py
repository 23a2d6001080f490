"""Mistakes of a number that are no perturbation of a network: a scalar with its sign flipped,
and a parameter count without the biases.

The count is read from the problem's own worked solution: each layer's step is
``n₁·n₂ + n₂`` with the numbers put in (``4 · 4 + 4``), so the weights of a layer are the
product and its biases the number added.
"""

from __future__ import annotations

import numpy as np

from ..math.nodes import Num, Op
from ..problems.model import Answer, Problem, Tolerance
from .mistake import Mistake


def _number(node: object) -> float | None:
    value = node.value if isinstance(node, Num) else None
    return None if value is None else float(value)


def weights_only(problem: Problem) -> dict[str, float]:
    """Per layer (``layer1`` …) and in ``total``: the count of the weights alone."""
    counts: list[float] = []
    for step in problem.steps:
        node = step.substituted
        if not (isinstance(node, Op) and node.op == "+" and len(node.args) == 2):
            continue
        product, bias = node.args
        if isinstance(product, Op) and product.op == "·" and len(product.args) == 2:
            p, n, b = (_number(v) for v in (*product.args, bias))
            if p is not None and n is not None and b == n:
                counts.append(p * n)
    out = {f"layer{i}": c for i, c in enumerate(counts, start=1)}
    if counts:
        out["total"] = sum(counts)
    return out


def sign_flipped(student: np.ndarray, answer: Answer) -> bool:
    """A single number that is right up to its sign."""
    expected = np.asarray(answer.value, float)
    if student.size != 1 or expected.size != 1:
        return False
    value, given = float(expected.reshape(())), float(student.reshape(()))
    return abs(value) > 2 * answer.tolerance.abs and answer.tolerance.accepts(-given, value)


def number_mistake(
    student: np.ndarray, answer: Answer, problem: Problem | None, mistakes: dict[str, Mistake]
) -> Mistake | None:
    """``scalar_sign_flip`` or ``count_without_biases``, if one explains ``student``."""
    if sign_flipped(student, answer):
        return mistakes["scalar_sign_flip"]
    if problem is not None and problem.kind == "parameter_count" and student.size == 1:
        count = weights_only(problem).get(answer.id)
        if count is not None and Tolerance(abs=0.5).accepts(float(student.reshape(())), count):
            return mistakes["count_without_biases"]
    return None
