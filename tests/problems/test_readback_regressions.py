"""Hand-derived regressions for what reading the printed steps back found (issue #12): each
problem below printed a line a student could not follow; the expected values are worked out
here from the printed numbers, not taken from the generator."""

from __future__ import annotations

import re
from fractions import Fraction as F

import pytest

from studykit.problems.registry import Options, generate
from studykit.render.formats import render_problem


def text_of(kind: str, seed: int, lang: str = "en", **options: object) -> str:
    extra = options.pop("extra", {})
    problem = generate(kind, seed, Options(extra=extra, **options))  # type: ignore[arg-type]
    return render_problem("text", problem, lang, solution=True)


def key_line(text: str, letter: str) -> str:
    key = text.split("\nAnswer:")[1]
    return next(line for line in key.splitlines() if line.strip().startswith(f"({letter})"))


def test_gd_variants_risk_rounds_once_after_the_printed_sum() -> None:
    # R = 1/3 · (½·1.7² + ½·2.25² + ½·1.6²) + ½ · 0.05 · 0.9² = 5317/3000 = 1.77233…
    text = text_of(
        "gd_variants", 1, difficulty=2, notation="transposed", extra={"variant": "minibatch"}
    )
    risk = F(1, 3) * (F("1.7") ** 2 + F("2.25") ** 2 + F("1.6") ** 2) / 2
    risk += F("0.05") * F("0.9") ** 2 / 2
    assert risk == F(5317, 3000)
    assert "     = 1.7723\n" in text
    assert key_line(text, "e").endswith("5317/3000 ≈ 1.7723")


def test_exact_approx_is_only_written_when_it_holds() -> None:
    for seed in range(12):
        text = text_of("gd_variants", seed, difficulty=2)
        for exact, shown in re.findall(r"(−?\d+/\d+) ≈ (−?\d+\.\d+)", text.split("\nAnswer:")[1]):
            value, places = F(exact.replace("−", "-")), len(shown.split(".")[1])
            scaled = abs(value) * 10**places
            whole = scaled.numerator // scaled.denominator + (scaled % 1 >= F(1, 2))
            assert F(whole, 10**places) == abs(F(shown.replace("−", "-"))), (seed, exact, shown)


def test_optimizer_key_is_the_state_its_step_printed() -> None:
    # m₂ = 0.9 · 0.0315 + 0.1 · (−1.01500127) = −0.073150127 → −0.07315013 at 8 decimals
    text = text_of("optimizer_step", 14, difficulty=3, extra={"optimizer": "adam_notes"})
    m2 = F("0.9") * F("0.0315") + F("0.1") * F("-1.01500127")
    assert m2 == F("-0.073150127")
    assert "= [−0.07315013, −0.13738]ᵀ" in text
    assert "[−0.07315013, −0.13738000]ᵀ" in key_line(text, "a")


def test_zero_init_row_of_the_gradient_prints_as_a_row() -> None:
    text = text_of("zero_init_symmetry", 0)
    # δ⁽¹⁾ = −0.0028 and x = [2, 1.5]: the row is [−0.0056, −0.0042]
    assert F("-0.0028") * 2 == F("-0.0056") and F("-0.0028") * F("1.5") == F("-0.0042")
    assert key_line(text, "c").endswith("[−0.0056, −0.0042]")


@pytest.mark.parametrize("activation", ["identity", "relu", "leaky_relu", "sigmoid", "tanh"])
def test_neuron_evaluates_its_activation_by_name(activation: str) -> None:
    text = text_of("neuron", 1, extra={"activation": activation})
    assert not re.search(r"\bf\((−?\d)", text), "f of a number the page does not name"


def test_gelu_tanh_without_a_calculator_is_exact_from_printed_values() -> None:
    text = text_of("activation_derivative", 0, calculator=False, extra={"activation": "gelu_tanh"})
    assert "√(2/π) = 0.8" in text  # given like the table values
    value = (1 + F("0.99")) / 2 + F("2.5") / 2 * (1 - F("0.99") ** 2) * F("0.8") * (
        1 + 3 * F("0.044715") * F("2.5") ** 2
    )
    assert value == F(330106971, 320000000)
    assert "= 330106971/320000000" in text
    assert not re.search(r"\d{41}", text)
