"""A SymPy ``Function`` per element-wise catalog activation, whose ``fdiff`` is the exam form.

``diff(sigmoid(w*x + b), w)`` gives ``x*sigmoid(w*x + b)*(1 - sigmoid(w*x + b))``: the exam form
falls out of the chain rule. Parameters are extra arguments in catalog order, e.g.
``leaky_relu(x, gamma)``, ``dyt(x, alpha, gamma, beta)``; ``raw()`` rewrites a call into the
catalog's elementary formula, which is also how it evaluates numerically.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy as sp

from ..catalog import ACTIVATIONS, Activation
from .algebra import SYMPY


class CatalogFunction(sp.Function):
    """Base of the generated classes; ``activation`` is the catalog entry."""

    activation: Activation
    is_real = True

    @classmethod
    def param_names(cls) -> tuple[str, ...]:
        return tuple(p.name for p in cls.activation.params)

    def param_values(self) -> dict[str, Any]:
        return dict(zip(self.param_names(), self.args[1:], strict=True))

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        x = self.args[0]
        params = self.param_values()
        if argindex == 1:
            return self.activation.exam_form(SYMPY, x, self, params)
        name = self.param_names()[argindex - 2]
        forms = (
            self.activation.param_exam_forms(SYMPY, x, params)
            if self.activation.param_exam_forms
            else {}
        )
        if name in forms:
            return forms[name]
        return sp.diff(self.activation.formula(SYMPY, x, params), params[name])

    def raw(self) -> sp.Expr:
        """The elementary formula (e.g. ``1/(1 + exp(-x))`` for ``sigmoid(x)``)."""
        return self.activation.formula(SYMPY, self.args[0], self.param_values())

    def _eval_rewrite_as_exp(self, *args: Any, **kwargs: Any) -> sp.Expr:
        return self.raw()

    def _eval_evalf(self, prec: int) -> sp.Expr | None:
        if all(arg.is_number for arg in self.args):
            return self.raw().evalf(prec_to_dps(prec))
        return None

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real


def prec_to_dps(prec: int) -> int:
    from mpmath.libmp import prec_to_dps as convert

    return int(convert(prec))


def _make(activation: Activation) -> type[CatalogFunction]:
    return type(
        activation.name,
        (CatalogFunction,),
        {"activation": activation, "nargs": 1 + len(activation.params), "__module__": __name__},
    )


#: name -> Function class, for every element-wise activation of the catalog.
FUNCTIONS: dict[str, type[CatalogFunction]] = {
    name: _make(act) for name, act in ACTIVATIONS.items() if act.elementwise
}


def param_symbols(name: str) -> dict[str, sp.Symbol]:
    """Real symbols for an activation's parameters (built explicitly: ``gamma`` is not Γ)."""
    return {p.name: sp.Symbol(p.name, real=True) for p in ACTIVATIONS[name].params}


def apply(name: str, x: sp.Expr, params: Mapping[str, Any] | None = None) -> sp.Expr:
    """``f(x)`` with the given parameter values (symbols or numbers), defaults for the rest."""
    act = ACTIVATIONS[name]
    values = {**act.defaults(), **(params or {})}
    args = [
        sp.nsimplify(v) if isinstance(v, float) else v for v in (values[p.name] for p in act.params)
    ]
    return FUNCTIONS[name](x, *args)
