"""Proofs that an exam form equals SymPy's raw derivative: symbolically where SymPy can
(on each interval between kinks for piecewise functions), and always at random points."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..i18n import Text
from .differentiate import probes, restrict
from .functions import CatalogFunction


@dataclass
class Proof:
    """How the exam form was shown equal to SymPy's raw derivative.

    ``method`` is ``symbolic`` (simplify(raw − exam) = 0), ``symbolic by cases`` (the same on each
    interval between kinks) or ``numeric`` (random points, 30 digits); ``max_error`` is the largest
    |raw − exam| seen at the random points, which are always tried.
    """

    method: str
    points: int
    max_error: float

    @property
    def holds(self) -> bool:
        return self.max_error < 1e-20

    def describe(self) -> Text:
        if self.method == "symbolic":
            how = Text("simplify(raw − exam form) = 0", "simplify(原始导数 − 考试形式) = 0")
        elif self.method == "symbolic by cases":
            how = Text(
                "simplify(raw − exam form) = 0 on every interval between the kinks",
                "在各不可导点之间的每个区间上 simplify(原始导数 − 考试形式) = 0",
            )
        else:
            how = Text("simplification cannot decide", "化简无法判定")
        return how + Text(
            f"; max |raw − exam form| at {self.points} random points: {self.max_error:.1e}",
            f"；在 {self.points} 个随机点上 |原始导数 − 考试形式| 的最大值：{self.max_error:.1e}",
        )


def as_elementary(expr: Any) -> Any:
    """Replace every catalog function call by its catalog formula."""
    return sp.sympify(expr).replace(lambda e: isinstance(e, CatalogFunction), lambda e: e.raw())


def tidy(expr: Any, limit: int = 40) -> Any:
    """``simplify(expr)`` for expressions small enough to simplify fast; others unchanged."""
    expr = sp.sympify(expr)
    if sp.count_ops(expr) > limit:
        return expr
    return sp.simplify(expr)


def is_zero(expr: Any) -> bool:
    expr = sp.sympify(expr)
    try:
        if sp.expand(expr) == 0:
            return True
        return sp.simplify(expr.rewrite(sp.exp)) == 0
    except (TypeError, ValueError, NotImplementedError):  # pragma: no cover - SymPy gave up
        return False


def random_points(
    symbols: Sequence[sp.Symbol], count: int, seed: int, kinks: Sequence[float] = ()
) -> list[dict[sp.Symbol, sp.Rational]]:
    """Rational points in [−3, 3] (parameters in [0.2, 2]), at least 0.05 away from kinks."""
    rng = random.Random(seed)
    points = []
    while len(points) < count:
        point = {}
        for s in symbols:
            if s.name in ("alpha", "beta", "gamma", "k") or s.name.startswith(("gamma", "alpha")):
                point[s] = sp.Rational(rng.randint(20, 200), 100)
            else:
                point[s] = sp.Rational(rng.randint(-3000, 3000), 1000)
        if all(abs(float(v) - k) > 0.05 for v in point.values() for k in kinks):
            points.append(point)
    return points


def max_difference(a: Any, b: Any, symbols: Sequence[sp.Symbol], points: list[dict]) -> float:
    """max |a − b| over the points, evaluated with 30 significant digits."""
    worst = 0.0
    ea, eb = as_elementary(a), as_elementary(b)
    for point in points:
        va = sp.N(ea.subs(point), 30)
        vb = sp.N(eb.subs(point), 30)
        worst = max(worst, float(abs(va - vb)))
    return worst


def prove_equal(
    raw: Any, exam: Any, symbols: Sequence[sp.Symbol], x: sp.Symbol, kinks: Sequence[float] = ()
) -> Proof:
    """Prove ``raw == exam`` symbolically if SymPy can; always also at 12 random points."""
    points = random_points(symbols, 12, seed=7, kinks=kinks)
    error = max_difference(raw, exam, symbols, points)
    ea, eb = as_elementary(raw), as_elementary(exam)
    if kinks:
        same = all(is_zero(restrict(ea - eb, x, p)) for p in probes(kinks))
        method = "symbolic by cases" if same else "numeric"
    else:
        method = "symbolic" if is_zero(ea - eb) else "numeric"
    return Proof(method, len(points), error)
