"""What the catalog knows about an activation or a loss, and how to look one up.

Each entry holds, side by side (numpy-ml's uniform verbs, micrograd's locality):

- the NumPy forward ``fn`` and its local derivative ``grad`` (or a vector-Jacobian product for
  the vector-valued softmax and maxout): the engine's float route;
- the ``formula`` of f and the ``exam_form`` of f′, written once as builders over an *algebra*
  (SymPy's names: ``exp``, ``Piecewise``, ``Gt`` …, plus ``sigmoid``, ``Phi``, ``phi``). SymPy
  derives and proves them (``symbolic/``), math nodes print them (``math.algebra``) and
  :data:`~studykit.catalog.exact.EXACT` evaluates them on exact numbers (the hand route);
- the symbol and names a student reads and types, parameters with their symbols, kinks and the
  convention at each, and the properties the problems ask about.

Arrays are batches of row vectors: ``z`` has shape ``[B, n]``. A per-sample loss returns ``[B]``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..i18n import Text

Params = Mapping[str, Any]
Builder = Callable[..., Any]


@dataclass(frozen=True)
class Param:
    """A parameter of an activation: ``per_neuron`` ones are vectors of the layer's width.

    ``symbol`` is how formulas write it (γ), ``title`` what it is called, ``spellings`` what a
    student may type for it besides its name."""

    name: str
    default: float
    learnable: bool = False
    per_neuron: bool = False
    integer: bool = False
    symbol: str = ""
    title: Text = Text("", "")
    spellings: tuple[str, ...] = ()

    @property
    def shown(self) -> str:
        return self.symbol or self.name


@dataclass(frozen=True)
class Activation:
    """An activation function ``a = f(z)`` with its derivative.

    ``grad(z, a, p)`` is ``f′(z)`` element-wise; ``vjp(z, a, g, p)`` is ``∂L/∂z`` given
    ``g = ∂L/∂a`` (for element-wise ``f``: ``g ⊙ f′(z)``). ``param_grads(z, a, p)`` gives
    ``∂a/∂θ`` element-wise for each learnable parameter θ. ``formula(m, x, p)`` and
    ``exam_form(m, x, a, p)`` are builders over an algebra ``m`` (see the module docstring);
    a vector activation's take and give lists (its exam form: the Jacobian's rows).
    """

    name: str
    title: Text
    symbol: str
    fn: Callable[[np.ndarray, Params], np.ndarray]
    formula: Builder  # (m, x, p) -> expr  | vector: (m, xs, p) -> list
    exam_form: Builder  # (m, x, a, p) -> expr | vector: (m, xs, ys, p) -> rows
    grad: Callable[[np.ndarray, np.ndarray, Params], np.ndarray] | None = None
    vector_jacobian: Callable[..., np.ndarray] | None = None
    params: tuple[Param, ...] = ()
    param_grads: Callable[[np.ndarray, np.ndarray, Params], dict[str, np.ndarray]] | None = None
    param_exam_forms: Builder | None = None  # (m, x, p) -> {name: expr}
    spellings: tuple[str, ...] = ()
    elementwise: bool = True
    kinks: tuple[float, ...] = ()
    #: the value f′ takes at its kinks, as a problem's conventions state it (ReLU's comes from
    #: the problem's own ReLU′(0) convention)
    kink_convention: Text = Text("", "")
    exam_form_text: str = ""
    output_range: str = ""
    saturating: bool = False
    #: outputs of both signs with mean near 0 for inputs centred at 0 (|mean| < ¼ std for
    #: z ~ N(0, 1)); None where the mean is neither clearly near 0 nor clearly not (swish, GELU)
    zero_centred: bool | None = False
    sparse: bool = False
    monotone: bool = True
    smooth: bool = True
    sample: bool = True  # problems draw it when no activation is asked for
    note: Text = Text("", "")

    @property
    def learnable(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.learnable)

    def defaults(self) -> dict[str, float]:
        return {p.name: p.default for p in self.params}

    def pieces(self, p: Params) -> int:
        """How many pre-activations feed one output unit (``k`` for maxout, else 1)."""
        return int(p.get("k", 2)) if self.name == "maxout" else 1

    def vjp(self, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray, p: Params) -> np.ndarray:
        """``∂L/∂z`` from ``∂L/∂a``."""
        if self.vector_jacobian is not None:
            return self.vector_jacobian(z, a, grad_a, p)
        assert self.grad is not None
        return grad_a * self.grad(z, a, p)


@dataclass(frozen=True)
class Loss:
    """A loss ``ℓ(y, t)`` per sample; the batch loss is the mean over samples.

    ``grad(y, t)`` is ``∂ℓ/∂y``. ``on_logits`` losses apply softmax themselves.
    """

    name: str
    title: Text
    fn: Callable[[np.ndarray, np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray, np.ndarray], np.ndarray]
    formula: Builder  # (m, ys, ts) -> expr
    exam_grad: Builder  # (m, ys, ts) -> list of exprs, ∂ℓ/∂y_i
    formula_text: str = ""
    grad_text: str = ""
    on_logits: bool = False
    needs_probabilities: bool = False
    kinks: tuple[float, ...] = ()
    note: Text = Text("", "")
    extra: dict[str, Any] = field(default_factory=dict)


class UnknownName(KeyError):
    """An activation or loss name that is not in the catalog; the message suggests one."""

    def __str__(self) -> str:
        return str(self.args[0])


def lookup(table: Mapping[str, Any], name: str, what: str) -> Any:
    """``table[name]``, or :class:`UnknownName` naming the nearest one."""
    if name in table:
        return table[name]
    close = difflib.get_close_matches(name, list(table), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise UnknownName(f"unknown {what} {name!r}{hint}; known: {', '.join(table)}")
