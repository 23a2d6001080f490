"""The hand route of a small dense network, its worked-solution Steps, and its verification.

:class:`HandNetwork` redoes, in plain Python, what a student writes on paper:

- forward ``z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾``, ``a⁽ˡ⁾ = f(z⁽ˡ⁾)``, then the loss;
- backward ``δ⁽ᴸ⁾ = ∂L/∂ŷ ⊙ f′(z⁽ᴸ⁾)``, ``δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾``,
  ``∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ``, ``∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾``, ``∂L/∂x = (W⁽¹⁾)ᵀδ⁽¹⁾``;
- the SGD update ``θ ← θ − η ∂L/∂θ``.

With :class:`~fractions.Fraction` values the route is exact (no-calculator problems); with
floats each step's result is rounded to 4 decimals and carried (calculator problems).
:func:`verify` compares it with the NumPy engine (``Network.from_spec(spec).trace``) and raises
:class:`~studykit.problems.registry.VerificationError` on any disagreement.

Matrices are kept in the textbook layout ``[n_l × n_(l−1)]``; the transposed notation profile
(``z = Wᵀa + b``) only changes what is printed and the layout of the W answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np

from .. import math as fm
from ..catalog import get_activation
from ..i18n import Text
from .model import Answer, Rounding, Step, Tolerance
from .registry import VerificationError
from .sampler import flatten, round_carried

Value = Fraction | float
Vec = list[Value]
Matrix = list[list[Value]]

#: Calculator problems: largest |carried-rounding value − engine value| accepted by verify().
CARRIED_DRIFT = 0.01
#: No-calculator problems: the exact route and float64 engine must agree to this.
EXACT_AGREEMENT = 1e-9

# ----------------------------------------------------------------------------- arithmetic


def transpose(m: list[list[Any]]) -> list[list[Any]]:
    return [list(col) for col in zip(*m, strict=True)]


# ----------------------------------------------------------------------------- engine check


def engine_values(spec_dict: dict[str, Any]) -> dict[str, Any]:
    """The same quantities by the NumPy engine, from the spec alone (textbook layout)."""
    from ..engine import Network, make_optimizer
    from ..spec import spec_from_dict

    spec = spec_from_dict(spec_dict)
    net = Network.from_spec(spec, np.float64)
    trace = net.trace(spec.x, spec.t)
    out: dict[str, Any] = {"loss": trace.loss, "dx": trace.dx[0]}
    for layer, step in enumerate(trace.layers, start=1):
        out[f"z{layer}"] = step.z[0]
        out[f"a{layer}"] = step.a[0]
        out[f"delta{layer}"] = step.delta[0]  # type: ignore[index]
        out[f"dW{layer}"] = step.dW
        out[f"db{layer}"] = step.db
    if spec.train is not None:
        optimizer = make_optimizer("sgd", spec.train.lr)
        params = net.params()
        optimizer.step(params, trace.grads())
        for layer in range(1, len(trace.layers) + 1):
            out[f"W{layer}_new"] = params[f"W{layer}"]
            out[f"b{layer}_new"] = params[f"b{layer}"]
    return out


def verify(hand_values: dict[str, Any], engine: dict[str, Any], exact: bool) -> None:
    """Every hand value agrees with the engine: to 1e-9 when exact, within CARRIED_DRIFT when
    rounded values were carried. Raises VerificationError naming the quantity."""
    bound = EXACT_AGREEMENT if exact else CARRIED_DRIFT
    for key, value in hand_values.items():
        mine = [float(v) for v in flatten(value)]
        theirs = np.ravel(np.asarray(engine[key], dtype=np.float64)).tolist()
        if len(mine) != len(theirs) or not all(
            abs(m - e) <= bound * (1 + abs(e) * exact) for m, e in zip(mine, theirs, strict=True)
        ):
            raise VerificationError(f"{key}: hand route {value} ≠ engine {theirs}")


# ----------------------------------------------------------------------------- notation


class Symbols:
    """The symbols of one notation profile (and of cs224n's ``s = uᵀh``)."""

    def __init__(self, notation: str, depth: int, style: str = "layers") -> None:
        self.notation = notation
        self.depth = depth
        self.cs224n = style == "cs224n"
        self.transposed = notation == "transposed"
        self.upper = notation == "bracket"

    def z(self, layer: int) -> fm.Node:
        if self.cs224n:
            return fm.Var("z") if layer == 1 else fm.Var("s")
        return fm.Var("Z" if self.upper else "z", layer=layer)

    def a(self, layer: int) -> fm.Node:
        if layer == 0:
            return fm.Var("x")
        if self.cs224n:
            return fm.Var("h") if layer == 1 else fm.Call("σ", (fm.Var("s"),))
        return fm.Var("A" if self.upper else "a", layer=layer)

    def W(self, layer: int) -> fm.Node:
        if self.cs224n:
            return fm.Var("W") if layer == 1 else fm.Var("u")
        return fm.Var("W", layer=layer)

    def b(self, layer: int) -> fm.Node:
        return fm.Var("b") if self.cs224n else fm.Var("b", layer=layer)

    def delta(self, layer: int) -> fm.Node:
        if self.cs224n:
            return fm.Var("δ", sub="1" if layer == 1 else "2")
        return fm.Var("δ", layer=layer)

    def f(self, layer: int, name: str, prime: int, arg: fm.Node) -> fm.Node:
        if self.cs224n:
            return fm.Call(get_activation(name).symbol, (arg,), prime)
        return fm.Call(get_activation(name).symbol, (arg,), prime, sup=None)

    def loss(self) -> fm.Node:
        return fm.Var("J" if self.cs224n else "L")

    def weight_term(self, layer: int) -> fm.Node:
        """What multiplies a⁽ˡ⁻¹⁾ in the forward pass: W, Wᵀ (transposed profile), uᵀ."""
        if self.cs224n and layer == 2:
            return fm.T(self.W(2))
        return fm.T(self.W(layer)) if self.transposed else self.W(layer)

    def stated(self, m: Matrix, layer: int) -> Matrix:
        """A weight (or weight-gradient) matrix as the profile states it."""
        if self.cs224n and layer == 2:
            return transpose(m)  # u is a column vector
        return transpose(m) if self.transposed else m

    def weight_shape(self, rows: int, cols: int, layer: int) -> tuple[int, int]:
        return (cols, rows) if (self.transposed or (self.cs224n and layer == 2)) else (rows, cols)

    def text(self, node: fm.Node) -> str:
        return fm.to_text(node, self.notation)


# ----------------------------------------------------------------------------- formatting


def number(v: Value) -> fm.Num:
    """A value as the student writes it: exact decimals (``0.5933``, ``−1``, ``3/8``; never
    ``1e-05``)."""
    if type(v) is Fraction:
        return _fraction_number(v.numerator, v.denominator)
    return _float_number(float(v) + 0.0)


@lru_cache(maxsize=8192)
def _float_number(v: float) -> fm.Num:
    text = repr(v)
    if "e" in text:
        text = f"{v:.8f}".rstrip("0").rstrip(".")
    elif text.endswith(".0"):
        text = text[:-2]
    return fm.Num(text.replace("-", "−"))


#: A terminating fraction prints as a decimal up to this many places (``--digits`` goes to 12).
PRINTED_PLACES = 12


@lru_cache(maxsize=8192)
def _fraction_number(numerator: int, denominator: int) -> fm.Num:
    """Cached by the pair of integers: hashing a Fraction is slow."""
    return fm.num(Fraction(numerator, denominator), PRINTED_PLACES)


def col(values: Sequence[Value]) -> fm.Mat:
    return fm.vector([number(v) for v in values])


def row(values: Sequence[Value]) -> fm.Mat:
    """A row vector, e.g. ``(a⁽ˡ⁻¹⁾)ᵀ`` written out."""
    return fm.matrix([[number(v) for v in values]])


def mat(rows: Matrix) -> fm.Mat:
    return fm.matrix([[number(v) for v in row] for row in rows])


def jsonable(value: Any) -> Any:
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return float(value)


def exact_text(value: Any) -> Any:
    if isinstance(value, list):
        return [exact_text(v) for v in value]
    return fm.format_number(value)


def dims(rows: int, cols: int) -> str:
    return f"[{rows}×{cols}]"


def _shape_of(value: Any) -> tuple[int, int]:
    if isinstance(value, list) and value and isinstance(value[0], list):
        return len(value), len(value[0])
    if isinstance(value, list):
        return len(value), 1
    return 1, 1


def rounded_exact(engine_value: Any, decimals: int) -> Any:
    """An engine value (float or nested lists) rounded once, at the end: the exact route."""
    if isinstance(engine_value, list):
        return [rounded_exact(v, decimals) for v in engine_value]
    return round_carried(float(engine_value), decimals)


# ----------------------------------------------------------------------------- the key


@dataclass
class KeyBuilder:
    """Collects Steps and Answers in order; ``answer`` makes the Answer of a computed value."""

    symbols: Symbols
    rounding: Rounding
    engine: dict[str, Any]  # engine values in the profile's layout (for alternatives)
    steps: list[Step] = field(default_factory=list)
    #: answer id → rounding-error bounds of the carried values, in the profile's layout
    errors: dict[str, Any] = field(default_factory=dict)
    answers: list[Answer] = field(default_factory=list)

    def answer(
        self,
        answer_id: str,
        label: Text,
        value: Any,
        symbol: fm.Node,
        depends_on: tuple[str, ...] = (),
        carried: int = 1,
        scalar: bool = False,
    ) -> None:
        exact = self.rounding.decimals is None
        if scalar and isinstance(value, list):
            value = value[0]
        kind = (
            "number"
            if not isinstance(value, list)
            else "matrix"
            if isinstance(value[0], list)
            else "vector"
        )
        alternatives: tuple[Any, ...] = ()
        if answer_id in self.errors:
            bound = max(float(e) for e in flatten(self.errors[answer_id]))
            tolerance: Tolerance = self.rounding.propagated(bound)
        else:
            tolerance = self.rounding.tolerance(carried)
        if not exact and answer_id in self.engine:
            other = self.engine[answer_id]
            other = rounded_exact(
                other[0] if scalar and isinstance(other, list) else other,
                self.rounding.decimals or 4,
            )
            if jsonable(other) != jsonable(value):
                alternatives = (jsonable(other),)
        self.answers.append(
            Answer(
                id=answer_id,
                label=label,
                value=jsonable(value),
                kind=kind,  # type: ignore[arg-type]
                tolerance=tolerance,
                exact=exact_text(value) if exact else None,
                alternatives=alternatives,
                symbol=symbol,
                depends_on=depends_on,
            )
        )


def layout_engine(engine: dict[str, Any], symbols: Symbols) -> dict[str, Any]:
    """Engine values as plain lists in the profile's layout (W answers transposed when stated so)."""
    lists = {key: np.asarray(value, dtype=np.float64).tolist() for key, value in engine.items()}
    return in_layout(lists, symbols)


def in_layout(quantities: dict[str, Any], symbols: Symbols) -> dict[str, Any]:
    """Quantities (plain lists, textbook layout) in the profile's layout: the W answers are
    transposed where the profile states W transposed."""
    out: dict[str, Any] = {}
    for key, v in quantities.items():
        if key.startswith("dW") or (key.startswith("W") and key.endswith("_new")):
            layer = int(key[2:] if key.startswith("dW") else key[1:-4])
            v = symbols.stated(v, layer)
        out[key] = v
    return out
