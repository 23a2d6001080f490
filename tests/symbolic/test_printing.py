"""The printers: Unicode text, LaTeX, Typst, MathML, and the sigmoid rewrite."""

from __future__ import annotations

import sympy as sp

from studykit.symbolic.functions import FUNCTIONS
from studykit.symbolic.printing import latex, mathml, symbol_parts, text, to_sigmoid, typst

x = sp.Symbol("x", real=True)
sigmoid = FUNCTIONS["sigmoid"]


def test_to_sigmoid_finds_the_logistic():
    beta = sp.Symbol("beta", real=True)
    assert to_sigmoid(1 / (1 + sp.exp(-x))) == sigmoid(x)
    assert to_sigmoid(x / (1 + sp.exp(-beta * x))) == x * sigmoid(beta * x)
    assert to_sigmoid(1 / (2 + sp.exp(-x))) == 1 / (2 + sp.exp(-x))


def test_text_uses_unicode_math():
    assert text(sigmoid(x) * (1 - sigmoid(x))) in ("(1 − σ(x))·σ(x)", "σ(x)·(1 − σ(x))")
    assert text(sp.exp(-x)) == "e⁻ˣ"
    assert text(sp.Symbol("w1_12")) == "w⁽¹⁾₁₂"
    assert text(sp.Symbol("delta2_1")) == "δ⁽²⁾₁"
    assert text(sp.Symbol("x3")) == "x₃"
    assert symbol_parts("w2_31") == ("w", "2", "31")


def test_latex_and_typst():
    assert latex(sigmoid(x)) == r"\sigma\left(x\right)"
    assert latex(sp.Symbol("w1_12")) == "w^{(1)}_{12}"
    assert typst(sigmoid(x) * (1 - sigmoid(x))) in (
        "(1 - sigma(x)) sigma(x)",
        "sigma(x) (1 - sigma(x))",
    )
    assert typst(sp.exp(-x) / (1 + sp.exp(-x)) ** 2) == "(e^(-x))/((1 + e^(-x))^2)"
    assert typst(sp.Piecewise((1, x > 0), (0, True))).startswith("cases(1 & x > 0")
    assert typst(sp.Symbol("delta2_1")) == "delta^((2))_(1)"


def test_mathml_is_presentation_markup():
    out = mathml(x**2)
    assert out.startswith("<msup>") and "<mi>x</mi>" in out and "<mn>2</mn>" in out
