"""Numerical vs symbolic vs automatic differentiation (COURSE.md C12).

- ``difference_table``: forward ``(f(x+h) − f(x))/h`` (error O(h)) and central
  ``(f(x+h) − f(x−h))/2h`` (error O(h²)) against the exact (symbolic) derivative, as h shrinks;
  rounding error takes over for tiny h.
- ``forward_mode`` / ``reverse_mode``: the trace of ``f = σ(wx + b)`` as ``h₁ = w·x``,
  ``h₂ = h₁ + b``, ``h₃ = σ(h₂)``: every value with its tangent ḣ (forward) or adjoint h̄ (reverse).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from ..i18n import Text


@dataclass(frozen=True)
class DifferenceRow:
    h: float
    forward: float
    forward_error: float
    central: float
    central_error: float


def difference_table(
    f: Callable[[float], float], x: float, exact: float, exponents: range = range(1, 11)
) -> list[DifferenceRow]:
    """Forward and central differences of ``f`` at ``x`` for h = 10⁻ᵏ, with |error|."""
    rows = []
    for k in exponents:
        h = 10.0**-k
        fwd = (f(x + h) - f(x)) / h
        ctr = (f(x + h) - f(x - h)) / (2 * h)
        rows.append(DifferenceRow(h, fwd, abs(fwd - exact), ctr, abs(ctr - exact)))
    return rows


def activation_table(name: str, x: float, exponents: range = range(1, 11)) -> list[DifferenceRow]:
    """The table for a catalog activation: f from its formula, the exact value from its exam form."""
    from .derive import derive_activation
    from .proof import as_elementary

    d = derive_activation(name)
    var = d.main.var
    defaults = {s: sp.nsimplify(d.params[s.name]) for s in d.main.function.free_symbols if s != var}
    f = sp.lambdify(var, as_elementary(d.main.function).xreplace(defaults), "math")
    exact = float(as_elementary(d.main.exam_form).xreplace(defaults).subs(var, x))
    return difference_table(f, x, exact, exponents)


_HEAD = Text(
    "h | forward (f(x+h)−f(x))/h | error | central (f(x+h)−f(x−h))/2h | error",
    "h | 前向差分 (f(x+h)−f(x))/h | 误差 | 中心差分 (f(x+h)−f(x−h))/2h | 误差",
)


def table_text(rows: list[DifferenceRow], lang: str = "en") -> str:
    """The table as aligned text (errors shrink ~10× per row forward, ~100× central)."""
    lines = [_HEAD.get(lang)]
    for r in rows:
        lines.append(
            f"{r.h:.0e} | {r.forward:.12f} | {r.forward_error:.1e} | "
            f"{r.central:.12f} | {r.central_error:.1e}"
        )
    return "\n".join(lines)


# ----------------------------------------------------------------------------- automatic differentiation


@dataclass(frozen=True)
class TraceRow:
    """One intermediate hᵢ: its definition, value and derivative (tangent or adjoint)."""

    name: str
    definition: str
    value: float
    derivative: float
    rule: str


def _sigmoid(v: float) -> float:
    return 1.0 / (1.0 + math.exp(-v))


def forward_mode(w: float, x: float, b: float, seed: str = "w") -> list[TraceRow]:
    """Forward mode for f = σ(wx + b): tangents ḣᵢ = ∂hᵢ/∂seed, carried with the values."""
    dw, dx, db = (float(seed == "w"), float(seed == "x"), float(seed == "b"))
    h1, t1 = w * x, dw * x + w * dx
    h2, t2 = h1 + b, t1 + db
    h3 = _sigmoid(h2)
    t3 = h3 * (1 - h3) * t2
    return [
        TraceRow("w", "input", w, dw, "seed"),
        TraceRow("x", "input", x, dx, "seed"),
        TraceRow("b", "input", b, db, "seed"),
        TraceRow("h1", "w·x", h1, t1, "ḣ₁ = ẇ·x + w·ẋ"),
        TraceRow("h2", "h1 + b", h2, t2, "ḣ₂ = ḣ₁ + ḃ"),
        TraceRow("h3", "σ(h2)", h3, t3, "ḣ₃ = h₃(1 − h₃)·ḣ₂"),
    ]


def reverse_mode(w: float, x: float, b: float) -> list[TraceRow]:
    """Reverse mode for f = σ(wx + b): one backward sweep gives every adjoint h̄ᵢ = ∂f/∂hᵢ."""
    h1 = w * x
    h2 = h1 + b
    h3 = _sigmoid(h2)
    a3 = 1.0
    a2 = a3 * h3 * (1 - h3)
    a1 = a2
    ab = a2
    aw = a1 * x
    ax = a1 * w
    return [
        TraceRow("h3", "σ(h2)", h3, a3, "h̄₃ = ∂f/∂f = 1"),
        TraceRow("h2", "h1 + b", h2, a2, "h̄₂ = h̄₃·h₃(1 − h₃)"),
        TraceRow("h1", "w·x", h1, a1, "h̄₁ = h̄₂·1"),
        TraceRow("b", "input", b, ab, "b̄ = h̄₂·1"),
        TraceRow("w", "input", w, aw, "w̄ = h̄₁·x"),
        TraceRow("x", "input", x, ax, "x̄ = h̄₁·w"),
    ]


_TRACE_HEAD = {
    "forward": Text("forward mode (tangent ḣ = ∂h/∂{s})", "前向模式（切向量 ḣ = ∂h/∂{s}）"),
    "reverse": Text("reverse mode (adjoint h̄ = ∂f/∂h)", "反向模式（伴随值 h̄ = ∂f/∂h）"),
}


def trace_text(rows: list[TraceRow], mode: str, lang: str = "en", seed: str = "w") -> str:
    """A forward or reverse trace as aligned text."""
    lines = [_TRACE_HEAD[mode].get(lang, s=seed)]
    for r in rows:
        lines.append(
            f"{r.name:>3} = {r.definition:<7} = {r.value: .6f}   {r.rule:<22} = {r.derivative: .6f}"
        )
    return "\n".join(lines)
