"""Network answers: the solver against the engine, diagnosis, matrix formulas, carried error."""

from __future__ import annotations

import numpy as np
import pytest

from studykit.check import MISTAKES, first_wrong_step, grade
from studykit.check.matrixform import check_formula, network_scope, random_settings, target_id
from studykit.check.parse import parse_tree
from studykit.check.solver import Perturb, Setting, solve
from studykit.engine.network import Network
from studykit.spec import spec_from_dict

from .conftest import SPEC, make_problem, text_of

NETS = [
    ([2, 2, 1], "sigmoid", "mse", 1),
    ([2, 3, 2], "tanh", "mse_mean", 3),
    ([3, 2, 2], ["relu", "identity"], "softmax_cross_entropy", 2),
    ([2, 2, 2, 1], "leaky_relu", "mse_sum", 1),
    ([2, 4, 3], ["elu", "softmax"], "cross_entropy", 1),
]


@pytest.mark.parametrize("layers, act, loss, batch", NETS)
def test_unperturbed_solver_is_the_engine(
    layers: list[int], act: object, loss: str, batch: int
) -> None:
    rng = np.random.default_rng(5)
    x = rng.uniform(-2, 2, (batch, layers[0]))
    t = np.eye(layers[-1])[rng.integers(layers[-1], size=batch)]
    data = {
        "x": x.tolist() if batch > 1 else x[0].tolist(),
        "t": t.tolist() if batch > 1 else t[0].tolist(),
    }
    spec = spec_from_dict(
        {"network": {"layers": layers, "activation": act, "loss": loss, "seed": 9}, "data": data}
    )
    out = solve(Setting.from_spec(spec))
    trace = Network.from_spec(spec).trace(spec.x, spec.t)
    for l, layer in enumerate(trace.layers, start=1):
        assert np.allclose(np.atleast_2d(out[f"z{l}"]), layer.z)
        assert np.allclose(np.atleast_2d(out[f"delta{l}"]), layer.delta)
        assert np.allclose(out[f"dW{l}"], layer.dW)
        assert np.allclose(out[f"db{l}"], layer.db)
    assert np.allclose(np.atleast_2d(out["dx"]), trace.dx)
    assert np.isclose(out["loss"], trace.loss)


def test_correct_answers_and_the_key(problem) -> None:
    for answer in problem.answers:
        assert grade(answer, text_of(answer.value), problem=problem).correct, answer.id


@pytest.mark.parametrize(
    "key, perturb, answer_id",
    [
        ("forgot_fprime", Perturb(forgot_fprime=frozenset({1, 2})), "delta1"),
        ("fprime_of_a", Perturb(fprime_at_a=frozenset({2})), "delta2"),
        ("transpose", Perturb(dW_transposed=True), "dW1"),
        ("wrong_layer_a", Perturb(wrong_a=True), "dW2"),
        ("mse_factor", Perturb(loss="mse_sum"), "delta2"),
        ("update_sign", Perturb(update_sign=-1), "W1_new"),
        ("updated_weights_backward", Perturb(updated_weights=True), "delta1"),
        ("bias_gradient", Perturb(bias="dropped"), "db1"),
        ("early_rounding", Perturb(round_to=1), "dW1"),
        ("delta_sign", Perturb(output_sign=-1), "delta1"),
        ("forgot_bias", Perturb(forgot_bias=True), "a2"),
    ],
)
def test_injected_mistake_is_diagnosed(problem, key: str, perturb: Perturb, answer_id: str) -> None:
    setting = Setting.from_spec(spec_from_dict(SPEC))
    wrong = solve(setting, perturb)[answer_id]
    verdict = grade(problem.answer(answer_id), text_of(wrong), problem=problem)
    assert not verdict.correct
    assert verdict.mistake is not None and key in verdict.candidates
    assert verdict.mistake.explanation.en and verdict.mistake.explanation.zh
    assert verdict.mistake is MISTAKES[verdict.candidates[0]]


def test_a_random_wrong_answer_gets_no_diagnosis(problem) -> None:
    verdict = grade(problem.answer("dW1"), "[1, 2; 3, 4]", problem=problem)
    assert not verdict.correct and verdict.mistake is None and verdict.wrong_entries


def test_error_carried_forward_costs_one_step(problem) -> None:
    setting = Setting.from_spec(spec_from_dict(SPEC))
    true = solve(setting)
    slip = true["z1"] + np.array([0.1, 0.0])  # an arithmetic slip in z1
    own = solve(setting, overrides={"z1": slip})
    answers = {
        "z1": text_of(slip),
        "a1": text_of(own["a1"]),
        "z2": text_of(own["z2"]),
        "a2": text_of(own["a2"]),
    }
    verdict = grade(problem.answer("z2"), answers["z2"], earlier=answers, problem=problem)
    assert verdict.correct and verdict.carried_forward and "z1" in verdict.message.en
    assert not grade(problem.answer("z2"), answers["z2"], problem=problem).correct  # without ECF
    assert first_wrong_step(problem, answers) == "z1"
    assert first_wrong_step(problem, {k: text_of(true[k]) for k in ("z1", "a1", "z2")}) is None


def test_trivial_earlier_answers_are_not_carried(problem) -> None:
    """Numbas #368: typing 0 for δ must not make ∂L/∂W = 0 'correct'."""
    for trivial in ("0", "1", "[0, 0]", "[1, 1]", "1000"):
        key = "delta2" if trivial in ("0", "1", "1000") else "delta1"
        later = "dW2" if key == "delta2" else "dW1"
        setting = Setting.from_spec(spec_from_dict(SPEC))
        carried = solve(setting, overrides={key: np.asarray(eval_plain(trivial))})[later]
        verdict = grade(
            problem.answer(later), text_of(carried), earlier={key: trivial}, problem=problem
        )
        assert not verdict.correct and not verdict.carried_forward, trivial


def eval_plain(text: str) -> list[float] | float:
    from studykit.check.number_input import read_number

    return read_number(text, "vector").ravel().tolist()


def test_unattempted_earlier_answers_are_not_carried(problem) -> None:
    verdict = grade(problem.answer("z2"), "0.1234", earlier={"a1": ""}, problem=problem)
    assert not verdict.correct and not verdict.carried_forward


SPEC_321 = spec_from_dict(
    {"network": {"layers": [3, 2, 1], "activation": "sigmoid", "loss": "mse"}}
)


@pytest.mark.parametrize(
    "wrt, text, correct, mistake",
    [
        ("W1", "delta1 x^T", True, None),
        ("W1", r"\delta^{(1)} x^\top", True, None),
        ("W1", "x delta1^T", False, "transpose"),
        ("W2", "delta2 a2^T", False, "wrong_layer_a"),
        ("z1", "W2^T delta2 ⊙ a1(1-a1)", True, None),
        ("z1", "W2.T @ delta2 ⊙ f'(z1)", True, None),
        ("z1", "W2^T delta2", False, "forgot_fprime"),
        ("z1", "W2^T delta2 ⊙ sigma'(a1)", False, "fprime_of_a"),
        ("z2", "(y - t) ⊙ y(1-y)", True, None),
        ("z2", "2(y - t) ⊙ y(1-y)", False, "mse_factor"),
        ("b1", "delta1", True, None),
        ("x", "W1^T delta1", True, None),
        ("a1", "W2^T delta2", True, None),
        ("z2", "(t - y) ⊙ y(1-y)", False, "delta_sign"),
        ("z2", "(y - t) ⊙ σ'(W2 a1)", False, "forgot_bias"),
        ("W1", "delta1^T x", False, "delta_T_a"),
        ("W1", "delta1 ⊙ x^T", False, "hadamard_for_matmul"),
        ("z1", "(W2^T delta2)^T σ'(z1)", False, "matmul_for_hadamard"),
        ("z1", "σ'(z1) ⊙ W2 delta2", False, "transpose"),
        ("z1", "W1^T delta2 ⊙ σ'(z1)", False, "wrong_layer_W"),
    ],
)
def test_matrix_formulas(wrt: str, text: str, correct: bool, mistake: str | None) -> None:
    answer_id, label = target_id(wrt, SPEC_321)
    tree, _ = parse_tree(text, network_scope(SPEC_321))
    result = check_formula(tree, SPEC_321, answer_id, label)
    assert result.correct is correct
    assert (result.mistake.key if result.mistake else None) == mistake


def test_shape_message_names_the_transpose() -> None:
    answer_id, label = target_id("W1", SPEC_321)
    tree, _ = parse_tree("x delta1^T", network_scope(SPEC_321))
    result = check_formula(tree, SPEC_321, answer_id, label)
    assert (
        result.message.en
        == "your expression is 3×2 but ∂L/∂W⁽¹⁾ is 2×3 — did you mean the transpose?"
    )


def test_random_settings_are_reproducible() -> None:
    a, b = random_settings(SPEC_321), random_settings(SPEC_321)
    assert all(np.array_equal(x.params["W1"], y.params["W1"]) for x, y in zip(a, b, strict=True))


def test_expression_answer_bound_to_a_network_problem() -> None:
    from studykit.i18n import Text
    from studykit.problems.model import Answer

    problem = make_problem()
    answer = Answer(
        "dW1",
        Text("∂L/∂W⁽¹⁾", "∂L/∂W⁽¹⁾"),
        "delta1 * a0^T",
        kind="expression",
        variables=("delta1", "x"),
    )
    assert grade(answer, "δ⁽¹⁾ xᵀ", problem=problem).correct
    wrong = grade(answer, "x delta1^T", problem=problem)
    assert not wrong.correct and wrong.mistake is not None and wrong.mistake.key == "transpose"
