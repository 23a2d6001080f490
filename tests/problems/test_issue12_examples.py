"""The examples of issue #12, each reproduced from the printed page and checked by hand-style
arithmetic here (Decimal, half up), independent of the generator's own records."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from click.testing import CliRunner

from studykit.cli import cli

NUMBER = r"−?\d+(?:\.\d+)?"


def page(*args: str) -> str:
    result = CliRunner().invoke(cli, ["problem", "--lang", "en", "--solution", *args])
    assert result.exit_code == 0, result.output
    return result.output


def dec(text: str) -> Decimal:
    return Decimal(text.replace("−", "-"))


def vector(text: str) -> list[Decimal]:
    return [dec(v) for v in re.findall(NUMBER, text)]


def half_up(value: Decimal, places: int = 4) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def solution(text: str) -> str:
    return text.split("Worked solution:")[1].split("Answer:")[0]


def statement(text: str) -> str:
    return text.split("Worked solution:")[0]


def answers(text: str) -> dict[str, str]:
    """``{"(a)": "0.1234", …}`` from the Answer list."""
    return dict(re.findall(r"^  (\([a-z]+\)) [^:]+: (.+)$", text.split("Answer:")[1], re.M))


def test_hidden_delta_is_the_product_of_its_printed_factors() -> None:
    """backward, seed 103, net=2-2-1, step 9: δ⁽¹⁾ = f′ ⊙ (W⁽²⁾)ᵀδ⁽²⁾, each entry the half-up
    product of the two printed vectors (0.2445 × −0.0493 = −0.01205… → −0.0121)."""
    text = solution(page("--kind", "backward", "--seed", "103", "--option", "net=2-2-1"))
    step = text.split("9. ")[1].split("10. ")[0]
    left, right = re.findall(r"= (\[[^]]+\]ᵀ) ⊙ (\[[^]]+\]ᵀ)\n", step)[-1]
    printed = vector(re.findall(r"\n\s+= (\[[^]]+\]ᵀ)\n", step)[-1])
    expected = [half_up(a * b) for a, b in zip(vector(left), vector(right), strict=True)]
    assert printed == expected
    assert printed[0] == Decimal("-0.0121")


def test_softmax_is_each_printed_exponential_over_the_printed_sum() -> None:
    """loss_gradient, seed 21, softmax cross entropy: 0.6703/0.8934 = 0.75028… → 0.7503."""
    text = solution(
        page("--kind", "loss_gradient", "--seed", "21", "--option", "loss=softmax_cross_entropy")
    )
    exps, total = re.search(r"= (\[[^]]+\]ᵀ)/(" + NUMBER + r")\n", text).groups()
    probabilities = vector(re.search(r"/" + total + r"\n\s+= (\[[^]]+\]ᵀ)", text).group(1))
    assert probabilities == [half_up(e / dec(total)) for e in vector(exps)]


@pytest.mark.parametrize(
    ("seed", "net", "tie"), [("38", "2-2-2-1", "0.8338"), ("29", "2-3-2", "1.4238")]
)
def test_exact_ties_round_half_up(seed: str, net: str, tie: str) -> None:
    """z⁽²⁾ = W⁽²⁾a⁽¹⁾ + b⁽²⁾ lands exactly on …5 at the 5th decimal and rounds up."""
    text = page("--kind", "backward", "--seed", seed, "--option", f"net={net}", "--difficulty", "2")
    step = solution(text).split("Net input of layer 2")[1].split("shape:")[0]
    w_text, a_text, b_text = re.search(r"= \[([^]]+)\](\[[^]]+\]ᵀ) \+ (\[[^]]+\]ᵀ)", step).groups()
    rows = [vector(row) for row in w_text.split(";")]
    a, b = vector(a_text), vector(b_text)
    exact = [
        sum(w * x for w, x in zip(row, a, strict=True)) + bias
        for row, bias in zip(rows, b, strict=True)
    ]
    assert any(z.as_tuple().exponent == -5 and str(z).endswith("5") for z in exact)
    printed = vector(re.search(r"\n\s+= (\[[^]]+\]ᵀ)", step).group(1))
    assert printed == [half_up(z) for z in exact]
    assert Decimal(tie) in printed


def test_adam_keys_are_the_values_its_steps_print() -> None:
    """optimizer_step, Adam, seed 32, difficulty 3: each key is the last value its steps print
    for that quantity, at the decimals the statement asks for (θ to 4, the state to 8): no
    0.0003821 in the steps beside a key of 0.00038214."""
    text = page(
        "--kind", "optimizer_step", "--seed", "32", "--option", "optimizer=adam",
        "--difficulty", "3",
    )  # fmt: skip
    steps = solution(text)
    keys = answers(text)
    printed = {
        "(a)": re.findall(r"first moment\n.*\n.*\n\s+= (\[[^]]+\]ᵀ)", steps)[-1],
        "(b)": re.findall(r"second moment\n.*\n.*\n\s+= (\[[^]]+\]ᵀ)", steps)[-1],
        "(c)": re.findall(r"update θ.*\n.*\n.*\n\s+= (\[[^]]+\]ᵀ)", steps)[-1],
    }
    assert "to 4 decimals (and the optimiser state to 8)" in statement(text)
    for part, places in (("(a)", 8), ("(b)", 8), ("(c)", 4)):
        assert vector(keys[part]) == [half_up(v, places) for v in vector(printed[part])], part
    assert "0.00038214" in keys["(b)"]


def test_autodiff_forward_and_reverse_keys_follow_their_own_tables() -> None:
    """autodiff_modes, seed 37, difficulty 3: L̇ (forward) is keyed from the forward table and
    ∂L/∂w₁ from the reverse sweep, each equal to the value its own last step prints."""
    text = page("--kind", "autodiff_modes", "--seed", "37", "--difficulty", "3")
    steps = solution(text)
    keys = answers(text)
    assert len(keys) >= 6
    for part, key in keys.items():
        assert re.search(r"= " + re.escape(key) + r"\n", steps), (part, key)


def test_prelu_states_the_slope_its_key_uses() -> None:
    """activation_derivative, seed 1, PReLU: γ is stated, and the key is γ for z < 0."""
    text = page("--kind", "activation_derivative", "--seed", "1", "--option", "activation=prelu")
    given = statement(text).replace("\n", " ")
    gamma = re.search(r"γ = (" + NUMBER + ")", given)
    z = re.search(r"z₁ = (" + NUMBER + ")", given)
    assert gamma and z, given
    (key,) = answers(text).values()
    assert dec(z.group(1)) < 0 and dec(key) == dec(gamma.group(1))


def test_cs224n_statement_does_not_give_the_gradient_away() -> None:
    """loss_gradient, seed 20, cs224n: the statement does not print ∂J/∂s = σ(s) − 1."""
    text = page("--kind", "loss_gradient", "--seed", "20", "--option", "loss=cs224n")
    assert "σ(s) − 1" not in statement(text)
    assert "σ(s) − 1" in solution(text)


def test_zero_init_says_the_rows_stay_equal_not_that_w1_never_moves() -> None:
    text = page("--kind", "zero_init_symmetry", "--seed", "35", "--no-calculator")
    assert "never moves" not in text
    assert "rows stay" in text.replace("\n", " ").replace("  ", " ")
