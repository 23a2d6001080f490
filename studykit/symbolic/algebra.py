"""SymPy as an algebra for the catalog's builders: SymPy's own names, plus σ, Φ and φ written
out in elementary functions (``to_sigmoid`` folds ``1/(1 + e^{−u})`` back into σ for printing)."""

from __future__ import annotations

from typing import Any

import sympy as sp


class SympyAlgebra:
    """``m.exp``, ``m.Piecewise``, … are SymPy's; ``m.sigmoid``, ``m.Phi``, ``m.phi`` build the
    elementary forms."""

    def __getattr__(self, name: str) -> Any:
        return getattr(sp, name)

    @staticmethod
    def sigmoid(u: Any) -> Any:
        """σ(u) = 1/(1 + e^{−u})."""
        return 1 / (1 + sp.exp(-u))

    @staticmethod
    def Phi(u: Any) -> Any:  # noqa: N802
        """Φ(u) = ½(1 + erf(u/√2))."""
        return (1 + sp.erf(u / sp.sqrt(2))) / 2

    @staticmethod
    def phi(u: Any) -> Any:
        """φ(u) = e^{−u²/2}/√(2π)."""
        return sp.exp(-(u**2) / 2) / sp.sqrt(2 * sp.pi)


SYMPY = SympyAlgebra()
