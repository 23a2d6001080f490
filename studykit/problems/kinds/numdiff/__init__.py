"""C12 computing gradients: finite differences and forward/reverse-mode automatic differentiation.

- forward difference D₊ = (f(x+h) − f(x))/h, error ≈ f″h/2 = O(h);
- central difference D₀ = (f(x+h) − f(x−h))/(2h), error ≈ f‴h²/6 = O(h²);
- f = σ(wx + b) as h₁ = wx, h₂ = h₁ + b, h₃ = σ(h₂): forward mode carries tangents ḣᵢ = ∂hᵢ/∂w,
  reverse mode carries adjoints h̄ᵢ = ∂f/∂hᵢ from h̄₃ = 1.
Routes: the math module and Fractions here; engine.gradcheck's central difference; the two
AD modes must agree with each other and with the catalog's σ′.

Modules: ``finite_difference`` and ``autodiff``, one per kind; this module registers both.
"""

from ...registry import Kind, register
from .._basic import Text
from .autodiff import build_autodiff_modes
from .finite_difference import EXACT_FUNCTIONS, FUNCTIONS, build_finite_difference

__all__ = ["EXACT_FUNCTIONS", "FUNCTIONS", "build_autodiff_modes", "build_finite_difference"]


register(
    Kind(
        name="finite_difference",
        section="C12",
        title=Text("Forward and central differences", "前向差分与中心差分"),
        description=Text(
            "numerical derivatives and their O(h) and O(h²) errors",
            "数值导数及其 O(h) 与 O(h²) 误差",
        ),
        build=build_finite_difference,
        extra_options={"function": tuple(FUNCTIONS)},
        pins=lambda options: {
            "function": tuple(FUNCTIONS) if options.calculator else EXACT_FUNCTIONS
        },
    )
)
register(
    Kind(
        name="autodiff_modes",
        section="C12",
        title=Text("Automatic differentiation by hand", "手算自动微分"),
        description=Text(
            "forward-mode and reverse-mode tables for f = σ(wx + b)",
            "f = σ(wx + b) 的前向模式与反向模式表",
        ),
        build=build_autodiff_modes,
    )
)
