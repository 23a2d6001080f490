"""The grammar: what students type reads as they mean it (checked by value, not by string)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from studykit.check import AnswerSyntaxError, parse_answer, preview
from studykit.check.evaluate import Context, as_value, evaluate
from studykit.check.matrixform import network_scope
from studykit.check.parse import parse_tree
from studykit.spec import spec_from_dict


def value(text: str, **values: float) -> float:
    parsed = parse_answer(text)
    ctx = Context({k: as_value(v) for k, v in values.items()})
    return float(evaluate(parsed.tree, ctx).reshape(-1)[0])


def sig(v: float) -> float:
    return 1 / (1 + math.exp(-v))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("s*(1-s)", 0.3 * 0.7),
        ("s(1-s)", 0.3 * 0.7),
        ("1 - tanh(z)^2", 1 - math.tanh(0.5) ** 2),
        ("1-tanh^2(z)", 1 - math.tanh(0.5) ** 2),
        ("sigma(x)(1-sigma(x))", sig(2) * (1 - sig(2))),
        (r"\sigma(x)\left(1-\sigma(x)\right)", sig(2) * (1 - sig(2))),
        ("σ(x)(1−σ(x))", sig(2) * (1 - sig(2))),
        (r"\frac{1}{1+e^{-x}}", sig(2)),
        ("1/(1+exp(-x))", sig(2)),
        ("x²+2x", 8.0),
        ("2^-1", 0.5),
        ("-x^2", -4.0),
        ("e^x", math.exp(2)),
        (r"\sqrt{x} \cdot 2", 2 * math.sqrt(2)),
        ("|z - 1|", 0.5),
        ("max(0, z)", 0.5),
        ("relu(-z)", 0.0),
        ("sigma'(z)", sig(0.5) * (1 - sig(0.5))),
        ("tanh′(z)", 1 - math.tanh(0.5) ** 2),
        ("leaky_relu(-x, 0.1)", -0.2),
        ("dL/dz = s - 1", -0.7),
        ("（ｓ＋１）＊２", 2.6),
        (r"\tfrac{1}{2} s", 0.15),
        ("x y", 2 * 0.3),
        ("xy", 2 * 0.3),
    ],
)
def test_reads_as_meant(text: str, expected: float) -> None:
    vals = {"s": 0.3, "x": 2.0, "z": 0.5, "y": 0.3}
    parsed = parse_answer(text, dict.fromkeys(vals))
    ctx = Context({k: as_value(v) for k, v in vals.items()})
    assert float(evaluate(parsed.tree, ctx).reshape(-1)[0]) == pytest.approx(expected)


SPEC = spec_from_dict({"network": {"layers": [3, 2, 1], "activation": "sigmoid", "loss": "mse"}})


@pytest.mark.parametrize(
    "text, shape",
    [
        ("delta2 * a1^T", (1, 2)),
        (r"\delta^{(2)} (a^{(1)})^\top", (1, 2)),
        ("δ⁽²⁾(a⁽¹⁾)ᵀ", (1, 2)),
        ("W2.T @ delta2 ⊙ a1(1-a1)", (2, 1)),
        ("W2' delta2 .* f'(z1)", (2, 1)),
        ("delta_1 x^T", (2, 3)),
        (r"\boldsymbol{\delta}^{(1)} \mathbf{x}^{\mathsf{T}}", (2, 3)),
        ("W1 - eta delta1 x^T", (2, 3)),
        ("a^(1)", (2, 1)),
        ("ŷ - t", (1, 1)),
        (r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}", (2, 2)),
    ],
)
def test_matrix_names_and_shapes(text: str, shape: tuple[int, int]) -> None:
    parsed = parse_answer(text, network_scope(SPEC))
    assert parsed.shape == shape


def test_hadamard_when_shapes_equal_and_product_when_inner_sizes_agree() -> None:
    scope = network_scope(SPEC)
    a1 = np.array([[[0.2], [0.7]]])
    ctx = Context({"a1": a1})
    tree, _ = parse_tree("a1(1-a1)", scope)
    assert np.allclose(evaluate(tree, ctx), a1 * (1 - a1))
    tree, _ = parse_tree("a1 a1^T", scope)
    assert np.allclose(evaluate(tree, ctx), a1 @ a1.transpose(0, 2, 1))


def test_output_name_is_a_product_not_a_call_when_bound() -> None:
    from studykit.check.derivative import derivative_scope

    scope, _ = derivative_scope("sigmoid")
    tree, _ = parse_tree("σ(1−σ)", scope)
    ctx = Context({"x": as_value(0.0)})
    assert float(evaluate(tree, ctx).reshape(())) == pytest.approx(0.25)


@pytest.mark.parametrize(
    "text, words",
    [
        ("sigma(x", "expected )"),
        ("x.__class__", "attribute access"),
        ("9**9**9**9", "too large"),
        ("x^(10^10)", "exponent"),
        ("x" * 2000, "too long"),
        ("(" * 100 + "x" + ")" * 100, "nested too deeply"),
        (r"\sigam(x)", r"did you mean \sigma"),
        ("sigmiod(x)", "did you mean sigmoid"),
        ("1 2", "two numbers"),
        ("x\u200by", "invisible"),
        ("a_{ij}", "matrix form"),
        ("∂L/∂W", "∂"),
    ],
)
def test_refused_with_a_clear_message(text: str, words: str) -> None:
    with pytest.raises(AnswerSyntaxError) as info:
        parse_answer(text, {"x": None, "y": None} if "sigmiod" in text else None)
    assert words in info.value.message("en")
    assert info.value.text.zh


def test_preview_echoes_how_it_was_read() -> None:
    assert preview("s*(1-s)") == "s · (1 − s)"
    assert preview(r"\delta^{(2)} (a^{(1)})^\top") == "δ⁽²⁾(a⁽¹⁾)ᵀ"
    assert "(at character 8)" in preview("sigma(x")
    assert "第 8 个字符" in preview("sigma(x", lang="zh")


def test_expr_is_built_from_the_tree() -> None:
    import sympy as sp

    expr = parse_answer("x^2 + gamma*x").expr
    x, gamma = sp.Symbol("x", real=True), sp.Symbol("gamma", real=True)
    assert sp.simplify(expr - (x**2 + gamma * x)) == 0
    assert value("x^2", x=3) == 9


@pytest.mark.parametrize(
    "text, shape",
    [
        ("[1, 2, 3]", (1, 3)),  # a row, as the worked solutions print it
        ("[1, 2, 3]ᵀ", (3, 1)),  # a column
        ("[1, 2, 3]^T", (3, 1)),
        ("(1, 2, 3)", (1, 3)),
        (r"\begin{bmatrix} 1 & 2 & 3 \end{bmatrix}", (1, 3)),
        (r"\begin{bmatrix} 1 \\ 2 \\ 3 \end{bmatrix}", (3, 1)),
        ("[1, 2; 3, 4; 5, 6]", (3, 2)),
        ("[[1, 2], [3, 4], [5, 6]]", (3, 2)),
    ],
)
def test_bracket_orientation_is_the_printed_one(text: str, shape: tuple[int, int]) -> None:
    ctx = Context({})
    assert evaluate(parse_answer(text).tree, ctx).shape[-2:] == shape


def test_a_printed_product_reads_as_printed() -> None:
    # the worked solution's z = W a + b, copied: [1×2][2×1] + [1×1]
    assert value("[0.4, −1.5][0.4256, 0.2315]ᵀ + [−1.3]") == pytest.approx(
        0.4 * 0.4256 - 1.5 * 0.2315 - 1.3
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ceil(250/20)", 13),
        ("⌈250/20⌉", 13),
        (r"\lceil \frac{250}{20} \rceil", 13),
        (r"\left\lceil 7/2 \right\rceil", 4),
        ("floor(7/2) + 1", 4),
        ("⌊−7/2⌋", -4),
        (r"\lfloor 2.5 \rfloor", 2),
    ],
)
def test_ceil_and_floor(text: str, expected: int) -> None:
    assert value(text) == expected
