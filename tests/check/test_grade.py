"""grade(): numbers, vectors, matrices, expressions, choices, shapes; entries and messages."""

from __future__ import annotations

import numpy as np
import pytest

from studykit.check import grade
from studykit.i18n import Text
from studykit.problems.model import Answer, Rounding, Tolerance

TOL = Rounding(4).tolerance(1)


def test_numbers_in_every_spelling() -> None:
    a = Answer("n", Text("n", "n"), -0.5, tolerance=TOL)
    for typed in ("-0.5", "-1/2", "−0.5000", "-5e-1", r"-\frac{1}{2}", "−１／２"):
        assert grade(a, typed).correct, typed
    v = grade(a, "-0.6")
    assert not v.correct and v.wrong_entries == [()]


def test_vectors_as_rows_or_columns() -> None:
    a = Answer("v", Text("v", "v"), [0.1, 0.2], kind="vector", tolerance=TOL)
    for typed in (
        "[0.1, 0.2]",
        "[0.1; 0.2]",
        "0.1 0.2",
        "[0.1 0.2]",
        "[[0.1, 0.2]]",
        "[0.1, 0.2]^T",
    ):
        assert grade(a, typed).correct, typed
    v = grade(a, "[0.1, 0.3]")
    assert v.wrong_entries == [(1,)]


def test_matrix_wrong_entries_and_transpose_hint() -> None:
    a = Answer(
        "m", Text("m", "m"), [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], kind="matrix", tolerance=TOL
    )
    assert grade(a, "1 2 3; 4 5 6").correct
    assert grade(a, r"\begin{bmatrix}1&2&3\\4&5&6\end{bmatrix}").correct
    v = grade(a, "[[1, 2, 3], [4, 0, 7]]")
    assert not v.correct and v.wrong_entries == [(1, 1), (1, 2)]
    assert "(2, 2)" in v.message.en and "(2, 3)" in v.message.en
    t = grade(a, "[[1, 4], [2, 5], [3, 6]]")
    assert "transpose" in t.message.en and t.mistake is not None and t.mistake.key == "transpose"
    assert "转置" in t.message.zh


def test_tolerance_and_rounding_policy() -> None:
    a = Answer("n", Text("n", "n"), 0.59327, tolerance=TOL)
    assert grade(a, "0.5933").correct
    v = grade(a, "0.59")
    assert not v.correct and "2 decimals" in v.message.en
    exact = Answer("e", Text("e", "e"), 1 / 3, tolerance=Rounding(None).tolerance())
    assert grade(exact, "1/3").correct
    assert "exact" in grade(exact, "0.3333").message.en


def test_alternatives_are_accepted() -> None:
    a = Answer("n", Text("n", "n"), 0.5933, alternatives=(0.5937,), tolerance=Tolerance(abs=1e-4))
    assert grade(a, "0.5937").correct


def test_unreadable_is_not_wrong() -> None:
    a = Answer("n", Text("n", "n"), 0.5)
    v = grade(a, "0.5.3")
    assert v.unreadable and not v.correct and "read" in v.message.en and v.message.zh
    assert grade(a, "  ").unreadable


def test_expression_equivalence_with_counterexample() -> None:
    a = Answer(
        "d", Text("d", "d"), "sigmoid(x)*(1 - sigmoid(x))", kind="expression", variables=("x",)
    )
    assert grade(a, "exp(-x)/(1+exp(-x))^2").correct
    assert grade(a, r"\sigma(x)\left(1-\sigma(x)\right)").correct
    v = grade(a, "sigma(x)^2")
    assert not v.correct and v.counterexample == {"x": 0.5}
    assert "x = 0.5" in v.message.en


def test_expression_with_kinks_is_sampled_on_both_sides() -> None:
    import sympy as sp

    x = sp.Symbol("x", real=True)
    a = Answer(
        "r",
        Text("r", "r"),
        sp.Piecewise((1, x > 0), (0, True)),
        kind="expression",
        variables=("x",),
    )
    assert grade(a, "step(x)").correct
    assert grade(a, "relu'(x)").correct
    assert not grade(a, "1").correct  # wrong only for x < 0
    hard = Answer("h", Text("h", "h"), "hard_tanh'(x)", kind="expression", variables=("x",))
    assert not grade(hard, "step(x+1)").correct  # wrong only for x > 1


def test_choice_and_shape() -> None:
    c = Answer(
        "c",
        Text("c", "c"),
        "b",
        kind="choice",
        choices=(("a", Text("A", "甲")), ("b", Text("B", "乙"))),
    )
    assert grade(c, "B").correct and grade(c, "(b)").correct and not grade(c, "a").correct
    assert grade(c, "z").unreadable
    s = Answer("s", Text("s", "s"), [2, 3], kind="shape")
    assert grade(s, "2x3").correct and grade(s, "[2, 3]").correct and grade(s, "2×3").correct
    assert "swapped" in grade(s, "3 by 2").message.en


@pytest.mark.parametrize("lang_field", ["en", "zh"])
def test_every_message_is_bilingual(lang_field: str) -> None:
    a = Answer("m", Text("m", "m"), [[1.0, 2.0], [3.0, 4.0]], kind="matrix", tolerance=TOL)
    for typed in ("1 2; 3 4", "1 2; 3 5", "[1, 2", "[1,2,3]"):
        assert getattr(grade(a, typed).message, lang_field)


def test_value_text_preview() -> None:
    a = Answer("m", Text("m", "m"), [[1.0, 2.0], [3.0, 4.0]], kind="matrix")
    assert grade(a, "[[1,2],[3,4]]").preview == "[1, 2; 3, 4]"
    assert np.isclose(1, 1)


@pytest.mark.parametrize("typed", ["a(1-a)", "σ(1−σ)", "s(1−s)", "f(z)(1-f(z))", "a - a^2"])
def test_exam_form_fields_read_the_output_names(typed: str) -> None:
    """On a problem about σ, the output names mean σ(z), as the worked solution prints them."""
    from studykit.problems.registry import Options, generate

    options = Options(extra={"activation": "sigmoid", "form": "exam"})
    problem = generate("activation_derivative", 1, options)
    answer = next(a for a in problem.answers if a.kind == "expression")
    assert grade(answer, typed, problem=problem).correct
    assert not grade(answer, "a(1+a)", problem=problem).correct
    assert grade(answer, "a(1-a)").unreadable  # without the problem, a is no variable
