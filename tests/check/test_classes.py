"""The classes of refused-correct answers of issue #13, each read as meant (checked by value
against math/NumPy written here), and the hints that used to mislead."""

from __future__ import annotations

import math

import numpy as np
import pytest

from studykit.check import AnswerSyntaxError, check_derivative, grade, parse_answer, preview
from studykit.check.derivative import derivative_scope
from studykit.check.evaluate import Context, as_value, evaluate
from studykit.check.matrixform import network_scope
from studykit.check.read import read_answer
from studykit.i18n import Text
from studykit.problems.model import Answer, Rounding
from studykit.spec import spec_from_dict

NONSQUARE = spec_from_dict(
    {"network": {"layers": [3, 4, 2], "activation": "sigmoid", "loss": "mse"}}
)
RNG = np.random.default_rng(3)
VALUES = {
    "x": RNG.uniform(-1, 1, (1, 3, 1)),
    "W2": RNG.uniform(-1, 1, (1, 2, 4)),
    "delta2": RNG.uniform(-1, 1, (1, 2, 1)),
    "z1": RNG.uniform(-1, 1, (1, 4, 1)),
    "a1": RNG.uniform(0, 1, (1, 4, 1)),
}


def sig(v: np.ndarray | float) -> np.ndarray | float:
    return 1 / (1 + np.exp(-v))


def network_value(text: str) -> np.ndarray:
    reading = read_answer(text, network_scope(NONSQUARE))
    assert reading.shape_error is None, reading.shape_error
    ctx = Context(VALUES, network_scope(NONSQUARE).layer_functions)
    return evaluate(reading.tree, ctx)[0]


def scalar(text: str, name: str = "tanh", **values: float) -> float:
    scope, _ = derivative_scope(name)
    tree = read_answer(text, scope).tree
    ctx = Context({k: as_value(v) for k, v in {"x": 0.7, **values}.items()}, scope.layer_functions)
    return float(evaluate(tree, ctx).reshape(-1)[0])


# ----------------------------------------------------------------------------- ⊙ grouping


BACK = VALUES["W2"][0].T @ VALUES["delta2"][0]
FPRIME = sig(VALUES["z1"][0]) * (1 - sig(VALUES["z1"][0]))


@pytest.mark.parametrize(
    "text",
    ["σ'(z1) ⊙ W2^T delta2", "f′(z⁽¹⁾) ⊙ (W⁽²⁾)ᵀδ⁽²⁾", r"\sigma'(z^{(1)})\odot W^{(2)T}\delta^{(2)}",
     "W2ᵀδ2 ⊙ σ′(z1)", "[σ'(z1) ⊙ W2ᵀδ2]"],
)  # fmt: skip
def test_hadamard_binds_looser_than_the_matrix_product(text: str) -> None:
    assert np.allclose(network_value(text), FPRIME * BACK)


def test_the_preview_shows_the_grouping() -> None:
    scope = network_scope(NONSQUARE)
    assert read_answer("σ'(z1) ⊙ W2^T delta2", scope).preview == "σ′(z⁽¹⁾) ⊙ ((W⁽²⁾)ᵀδ⁽²⁾)"
    shown = read_answer("(W2^T delta2 ⊙ a1) x^T", scope).preview
    assert shown == "(((W⁽²⁾)ᵀδ⁽²⁾) ⊙ a⁽¹⁾)xᵀ"
    assert read_answer("a1(1 - a1)", scope).preview == "a⁽¹⁾ ⊙ (1 − a⁽¹⁾)"  # equal shapes


def test_a_failing_reading_takes_the_one_grouping_that_fits() -> None:
    scope = network_scope(NONSQUARE)
    reading = read_answer("f'(z1) ⊙ W2^T delta2 x^T", scope, expected_shape=(4, 3))
    assert reading.regrouped and reading.shape == (4, 3)
    assert reading.preview == "(f′(z⁽¹⁾) ⊙ ((W⁽²⁾)ᵀδ⁽²⁾))xᵀ"
    ctx = Context(VALUES, scope.layer_functions)
    assert np.allclose(evaluate(reading.tree, ctx)[0], (FPRIME * BACK) @ VALUES["x"][0].T)
    # with the shape of z1 asked for, no grouping fits: the shape error stands
    assert read_answer("W2 delta2 ⊙ f'(z1)", scope, expected_shape=(4, 1)).shape_error


# ----------------------------------------------------------------------------- names, powers


@pytest.mark.parametrize(
    "text", [r"1-\tanh^{2}(x)", r"1-\tanh^2 x", "1 – tanh²x", "1 − tanh²(𝑥)", "sech(x)^2",
             r"\operatorname{sech}^2(x)", "1/cosh(x)^2", "(cosh(x)^2 - sinh(x)^2)/cosh(x)^2",
             "1-f(x)^2", "$1-\\tanh^2(x)$", "(1 - tanh x)(1 + tanh x)"],
)  # fmt: skip
def test_powers_of_functions_and_their_names(text: str) -> None:
    assert scalar(text) == pytest.approx(1 - math.tanh(0.7) ** 2)


def test_greek_with_a_plain_digit_is_one_name() -> None:
    assert np.allclose(network_value("δ2"), VALUES["delta2"][0])
    assert np.allclose(network_value("σ1(z1)"), sig(VALUES["z1"][0]))
    assert np.allclose(network_value("dz2"), VALUES["delta2"][0])  # Ng's notation
    assert np.allclose(network_value("diag(a1) W2ᵀ δ2"), VALUES["a1"][0] * BACK)


def test_parameter_spellings_come_from_the_catalog() -> None:
    assert scalar("alpha", "leaky_relu", gamma=0.3) == pytest.approx(0.3)
    assert scalar("α", "elu", gamma=0.3) == pytest.approx(0.3)


# ----------------------------------------------------------------------------- piecewise


@pytest.mark.parametrize(
    "text",
    ["1 (x > 0); 0 (x ≤ 0)", r"\begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}", "H(x)",
     "(x>0)", "[x > 0]", r"\mathbb{1}_{x>0}", "1 if x > 0 else 0", "step(x)",
     r"\begin{cases} 1, & \text{if } x > 0 \\ 0, & \text{otherwise} \end{cases}"],
)  # fmt: skip
def test_piecewise_forms(text: str) -> None:
    assert scalar(text, "relu") == 1.0
    scope, _ = derivative_scope("relu")
    tree = read_answer(text, scope).tree
    assert float(evaluate(tree, Context({"x": as_value(-0.4)})).reshape(())) == 0.0


def test_or_in_a_condition_and_the_nearest_piece() -> None:
    text = "1 (−1 < x < 1); 0 (x ≤ −1 or x ≥ 1)"
    for x, want in ((0.5, 1.0), (-1.5, 0.0), (1.5, 0.0)):
        assert scalar(text, "hard_tanh", x=x) == want
    assert scalar("1 (x > 1)", "relu", x=0.5) == 0.0  # no piece holds: 0, never undefined


# ----------------------------------------------------------------------------- typing


def test_a_leading_minus_dollars_and_separators() -> None:
    assert check_derivative("tanh", "-(tanh(x)^2 - 1)").correct
    assert check_derivative("sigmoid", r"$\sigma(x)(1-\sigma(x))$").correct
    tol = Rounding(4).tolerance(1)
    vector = Answer("v", Text("v", "v"), [0.4256, 0.2315], kind="vector", tolerance=tol)
    assert grade(vector, "0.4256、0.2315").correct
    assert grade(vector, "$[0.4256; 0.2315]$").correct


def test_decimal_commas_are_read_with_a_note_and_never_as_a_matrix() -> None:
    tol = Rounding(4).tolerance(1)
    vector = Answer("v", Text("v", "v"), [0.4256, 0.2315], kind="vector", tolerance=tol)
    verdict = grade(vector, "0,4256; 0,2315")
    assert (
        verdict.correct
        and "decimal comma" in verdict.message.en
        and "小数逗号" in verdict.message.zh
    )
    matrix = Answer("m", Text("m", "m"), [[1.0, 2.0], [3.0, 4.0]], kind="matrix", tolerance=tol)
    assert grade(matrix, "[[1,2],[3,4]]").correct  # commas between entries stay separators
    wrong = grade(vector, "0,5")
    assert not wrong.correct and "separator" in wrong.message.en


# ----------------------------------------------------------------------------- hints


@pytest.mark.parametrize(
    "text, scope, absent",
    [("cosh(x)", None, "did you mean cos"),
     (r"\begin{cases} 1 & x>0 \end{cases}", None, "bmatrix"),
     ("x > 0", None, "use + − * /"),
     ("lambda x: x", None, "ratio")],
)  # fmt: skip
def test_hints_that_used_to_mislead(text: str, scope: object, absent: str) -> None:
    try:
        message = preview(text, scope)  # type: ignore[arg-type]
    except AnswerSyntaxError as exc:  # pragma: no cover - preview never raises
        message = exc.message("en")
    assert absent not in message


def test_python_code_is_told_so() -> None:
    with pytest.raises(AnswerSyntaxError) as info:
        parse_answer("lambda x: x")
    assert "Python" in info.value.message("en") and "Python" in info.value.message("zh")


def test_a_default_parameter_is_named() -> None:
    result = check_derivative("leaky_relu", "step(x)+0.01*(1-step(x))")
    assert result.status == "wrong" and result.mistake is not None
    assert result.message.en == "right for γ = 0.01; write it in terms of γ"
    assert result.message.zh == "在 γ = 0.01 时正确；请用 γ 表示"
    assert result.mistake.key == "default_parameter_only"
