"""Are two scalar expressions equal? Random points first, SymPy only when the points cannot tell.

Points are drawn (with a fixed seed, so a verdict never changes between runs) from several
regions: ``[−3, 3]``, near 0, positive only (for ``log``/``sqrt``), and both sides of every kink
of the catalog's piecewise activations (``0``, ``±1``, ``±2``) — a kink is never hit exactly,
so the convention at the kink (ReLU′(0) = 0) cannot decide a verdict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..math.nodes import Node
from .draws import Draws
from .evaluate import Context, evaluate

POINTS = 240
KINKS = (0.0, 1.0, -1.0, 2.0, -2.0)
NICE = (0.5, -0.5, 1.5, -1.5, 2.5, 0.25, -2.5, 3.5)
RTOL, ATOL = 1e-7, 1e-9


@dataclass(frozen=True)
class Equivalence:
    """``equal`` is ``None`` when neither the points nor SymPy could decide."""

    equal: bool | None
    method: str  # "points" | "symbolic" | "undecided"
    counterexample: dict[str, float] | None = None
    reference_value: float | None = None
    answer_value: float | None = None


def sample(names: Sequence[str], points: int = POINTS, seed: int = 1234) -> dict[str, np.ndarray]:
    """Values ``(points, 1, 1)`` per name, from the regions described in the module docstring."""
    rng = Draws(seed)
    out: dict[str, np.ndarray] = {}
    quarter = points // 4
    for name in sorted(names):
        general = rng.uniform(-3, 3, quarter)
        small = rng.uniform(-0.6, 0.6, quarter)
        positive = rng.uniform(0.05, 3, quarter)
        rest = points - 3 * quarter
        kinks = rng.choice(KINKS, rest) + rng.choice([-1, 1], rest) * rng.uniform(0.01, 0.45, rest)
        values = np.concatenate([general, small, positive, kinks])
        out[name] = values.reshape(-1, 1, 1)
    # the positive block is positive for every name at once (log(x*y) needs that)
    return out


def nice_points(names: Sequence[str], count: int = 24, seed: int = 7) -> dict[str, np.ndarray]:
    """Round values, first the same one for every name (0.5, −0.5, …), then random mixes."""
    rng = Draws(seed)
    first = np.array(NICE)
    return {
        name: np.concatenate([first, rng.choice(NICE, count - len(NICE))]).reshape(-1, 1, 1)
        for name in sorted(names)
    }


def _values(node: Node, ctx: Context) -> np.ndarray:
    value = evaluate(node, ctx)
    return np.broadcast_to(value, (ctx.points, *value.shape[1:]))


def compare(
    reference: Node,
    answer: Node,
    names: Sequence[str],
    layer_functions: Mapping[int | None, tuple[str, Mapping[str, Any]]] | None = None,
    fixed: Mapping[str, np.ndarray] | None = None,
    symbolic: bool = True,
) -> Equivalence:
    """Compare two scalar trees over ``names`` (``fixed`` values are not sampled)."""
    lf = dict(layer_functions or {})
    free = [n for n in names if not fixed or n not in fixed]
    values = {**sample(free), **(fixed or {})}
    ctx = Context(values, lf, POINTS)
    ref, ans = _values(reference, ctx), _values(answer, ctx)
    valid = np.isfinite(ref) & np.isfinite(ans) & (np.abs(ref) < 1e12) & (np.abs(ans) < 1e12)
    valid = valid.reshape(POINTS, -1).all(axis=1)
    ok = np.isclose(ans, ref, rtol=RTOL, atol=ATOL).reshape(POINTS, -1).all(axis=1)
    bad = valid & ~ok
    if bad.any():
        return _counterexample(reference, answer, free, ctx, values, bad, lf, fixed)
    if valid.sum() >= 20:
        return Equivalence(True, "points")
    if symbolic:
        from .symbolic import simplifies_to_zero

        if simplifies_to_zero(reference, answer, lf):
            return Equivalence(True, "symbolic")
    return Equivalence(None, "undecided")


def _counterexample(
    reference: Node,
    answer: Node,
    free: list[str],
    ctx: Context,
    values: Mapping[str, np.ndarray],
    bad: np.ndarray,
    lf: dict,
    fixed: Mapping[str, np.ndarray] | None,
) -> Equivalence:
    """A point where they differ, preferring round numbers like 0.5 or 1.5."""
    nice = nice_points(free)
    count = len(NICE) * 3
    nctx = Context({**nice, **(fixed or {})}, lf, count)
    nref, nans = _values(reference, nctx), _values(answer, nctx)
    nref_flat, nans_flat = nref.reshape(count, -1), nans.reshape(count, -1)
    differs = (
        np.isfinite(nref_flat).all(axis=1)
        & np.isfinite(nans_flat).all(axis=1)
        & ~np.isclose(nans_flat, nref_flat, rtol=1e-4, atol=1e-6).all(axis=1)
    )
    if differs.any():
        k = int(np.argmax(differs))
        point = {n: float(nice[n][k, 0, 0]) for n in free}
        return Equivalence(False, "points", point, float(nref_flat[k, 0]), float(nans_flat[k, 0]))
    k = int(np.argmax(bad))
    ref = _values(reference, ctx).reshape(ctx.points, -1)
    ans = _values(answer, ctx).reshape(ctx.points, -1)
    point = {n: float(values[n][k, 0, 0]) for n in free}
    return Equivalence(False, "points", point, float(ref[k, 0]), float(ans[k, 0]))
