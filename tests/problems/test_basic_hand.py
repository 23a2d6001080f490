"""One hand-derived check per non-network kind: the expected numbers are worked out in the
comments, not copied from the program."""

from __future__ import annotations

import math
from fractions import Fraction as F

import numpy as np
import pytest

from studykit import math as fm
from studykit.problems.kinds import (
    activations,
    init,
    losses,
    numdiff,
    optimizers,
    shapes,
    vanishing,
)
from studykit.problems.model import Rounding
from studykit.problems.registry import Options, generate

from ._basic_refs import inputs

EXACT = Rounding(None)


def _h(engine: str, lr: F, **opts: object) -> dict:
    from studykit.spec import OPTIMIZER_OPTIONS

    return {"engine": engine, **OPTIMIZER_OPTIONS[engine], **opts, "lr": lr}


def test_optimizer_updates_by_hand() -> None:
    # SGD with weight decay: g = 1 + 0.5·2 = 2, θ = 2 − 0.1·2 = 1.8
    sgd = optimizers.hand_steps("sgd", _h("sgd", F(1, 10)), F(2), [F(1)], F(1, 2), EXACT)
    assert sgd[-1]["theta"] == F(9, 5)
    # momentum μ = 0.9, η = 0.1, g = 2 then 1: v₁ = −0.2, θ₁ = 0.8; v₂ = −0.18 − 0.1 = −0.28, θ₂ = 0.52
    mom = optimizers.hand_steps(
        "momentum", _h("momentum", F(1, 10)), F(1), [F(2), F(1)], F(0), EXACT
    )
    assert [r["theta"] for r in mom] == [F(4, 5), F(13, 25)] and mom[-1]["v"] == F(-7, 25)
    # AdaGrad, g = 0.3 then 0.4: c = 0.09 → 0.25; θ = 1 − 0.5·0.3/0.3 = 0.5, then 0.5 − 0.5·0.4/0.5 = 0.1
    ada = optimizers.hand_steps(
        "adagrad", _h("adagrad", F(1, 2)), F(1), [F(3, 10), F(2, 5)], F(0), EXACT
    )
    assert [r["theta"] for r in ada] == [F(1, 2), F(1, 10)]
    # RMSprop γ = 0.99, g = 3: s = 0.01·9 = 0.09, √s = 0.3, θ = 2 − 0.1·3/0.3 = 1
    rms = optimizers.hand_steps("rmsprop", _h("rmsprop", F(1, 10)), F(2), [F(3)], F(0), EXACT)
    assert rms[-1]["s"] == F(9, 100) and rms[-1]["theta"] == 1
    # Adam, g = 0.5: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25, θ = 1 − 0.1·0.5/0.5 = 0.9
    adam = optimizers.hand_steps("adam", _h("adam", F(1, 10)), F(1), [F(1, 2)], F(0), EXACT)
    assert (adam[-1]["m"], adam[-1]["v"], adam[-1]["theta"]) == (F(1, 20), F(1, 4000), F(9, 10))
    # the notes' Adam, β₂ = 0.9999, no correction, g = 2: m = 0.2, v = 0.0004, √v = 0.02, step 10η
    notes = _h("adam", F(1, 1000), beta2=0.9999, bias_correction=False)
    assert optimizers.hand_steps("adam_notes", notes, F(1), [F(2)], F(0), EXACT)[-1]["theta"] == F(
        99, 100
    )
    # and the engine optimiser agrees with the hand value 0.9 for Adam (ε = 1e-8 is negligible)
    assert optimizers.engine_steps(_h("adam", F(1, 10)), [F(1)], [[F(1, 2)]], 0)[0][
        0
    ] == pytest.approx(0.9)


def test_losses_by_hand() -> None:
    # smooth L1, d = (0.5, 3): ½·0.25 + (3 − ½) = 2.625; gradient (0.5, sign 3 = 1)
    assert losses.hand_loss("smooth_l1", [F(1, 2), F(3)], [F(0), F(0)]) == (
        F(21, 8),
        [F(1, 2), F(1)],
    )
    # MSE mean, d = (1, −3): (1 + 9)/2 = 5; gradient (2/2)·d = (1, −3)
    assert losses.hand_loss("mse_mean", [F(2), F(-1)], [F(1), F(2)]) == (5, [1, -3])
    # BCE, y = 0.8, t = 1: −ln 0.8 ≈ 0.22314; (0.8 − 1)/(0.8·0.2) = −1.25
    loss, grad = losses.hand_loss("binary_cross_entropy", [F(4, 5)], [F(1)])
    assert loss == pytest.approx(0.2231435513) and grad == [F(-5, 4)]


def test_cs224n_problem_by_hand() -> None:
    p = generate("loss_gradient", 5, Options(calculator=False, extra={"loss": "cs224n"}))
    s = inputs(p)["s"][0]  # s = ln k, so σ(s) = k/(k+1) and ∂J/∂s = σ − 1 = −1/(k+1)
    k = math.exp(s)
    assert p.answer("sigma").value == pytest.approx(k / (k + 1))
    assert p.answer("grad").value == pytest.approx(-1 / (k + 1))


def test_activation_exam_form_by_hand() -> None:
    """The exam-form key is mathematics, stored in the syntax a student types."""
    for name, key, shown in (
        ("sigmoid", "sigmoid(z)*(1 - sigmoid(z))", "σ(z)(1 − σ(z))"),
        ("tanh", "1 - tanh(z)^2", "1 − tanh(z)²"),
        ("swish", "sigmoid(z) + z*sigmoid(z)*(1 - sigmoid(z))", "σ(z) + zσ(z)(1 − σ(z))"),
        ("dyt", "0.5*(1 - tanh(0.5*z)^2)", "0.5(1 − tanh(0.5z)²)"),
    ):
        p = generate(
            "activation_derivative", 1, Options(extra={"activation": name, "form": "exam"})
        )
        answer = p.answer("exam_form")
        assert answer.value == key, (name, answer.value)
        step = next(s for s in p.steps if s.answer_id == "exam_form")
        assert fm.to_text(step.result) == shown


def test_activation_derivative_given_output() -> None:
    """Without a calculator the statement gives f(z₁) = tanh(z₁) to 2 decimals and the key is
    1 − a² of that printed value, exactly; the exact derivative lies within the tolerance."""
    p = generate(
        "activation_derivative", 3, Options(calculator=False, extra={"activation": "tanh"})
    )
    a = inputs(p)["f(z₁)"][0]
    z = inputs(p)["z₁"][0]
    key = p.answer("d1")
    assert key.value == pytest.approx(float(1 - a * a), abs=1e-12)
    assert abs(key.value - (1 - math.tanh(float(z)) ** 2)) <= key.tolerance.abs


def test_activation_property_relu_is_the_sparse_one() -> None:
    p = generate("activation_property", 0, Options(difficulty=1, extra={"property": "sparse"}))
    key = p.answer("choice").value
    chosen = dict(p.answer("choice").choices)[key]
    assert chosen.en == "rectified linear unit ReLU"  # only ReLU is exactly 0 for every z < 0


def test_shapes_and_counts_by_hand() -> None:
    # 4 → 3 → 2: W⁽¹⁾ [3×4], W⁽²⁾ [2×3]; parameters 4·3 + 3 = 15 and 3·2 + 2 = 8, total 23
    assert shapes.engine_shapes([4, 3, 2]) == [((3, 4), (3,)), ((2, 3), (2,))]
    # the course chain 512→256→128→64→32→10: 131328 + 32896 + 8256 + 2080 + 330 = 174890
    chain = [512, 256, 128, 64, 32, 10]
    assert sum(w[0] * w[1] + b[0] for w, b in shapes.engine_shapes(chain)) == 174890


def test_init_by_hand() -> None:
    # Xavier 100 + 50: Var = 2/150 = 1/75, r = √(6/150) = 0.2; Kaiming n_in = 24: r = √(6/24) = 0.5
    assert init.hand_variance("xavier_uniform", 100, 50) == F(1, 75)
    from studykit.engine.init import uniform_bound

    assert uniform_bound("xavier_uniform", 50, 100) == pytest.approx(0.2)
    assert uniform_bound("kaiming_uniform", 10, 24) == pytest.approx(0.5)


def test_zero_init_by_hand() -> None:
    # c = 0: a⁽¹⁾ = σ(0) = ½, ŷ = ½, δ⁽²⁾ = (½ − t)·¼ = ±⅛, ∂L/∂W⁽²⁾ = ±1/16, δ⁽¹⁾ = 0
    p = generate("zero_init_symmetry", 2, Options(calculator=False))
    t = inputs(p)["t"][0]
    assert p.answer("a1").value == 0.5
    assert p.answer("dW2").value == (0.0625 if t == 0 else -0.0625)
    assert p.answer("dW1_row").value == [[0.0, 0.0]]  # one row: a 1 × 2 matrix


def test_vanishing_chain_by_hand() -> None:
    # three layers, all z = 0 (x = 1, b = (−1, −4, −4)), w = (1, 8, 8): ratio = (¼·8)(¼·8) = 4
    grads = vanishing.engine_bias_grads([F(1), F(8), F(8)], [F(-1), F(-4), F(-4)], F(1), F(1))
    assert grads[0] / grads[-1] == pytest.approx(4.0)


def test_finite_differences_by_hand() -> None:
    # f = x², x₀ = 1, h = ½: forward (2.25 − 1)/0.5 = 2.5 (error h = 0.5), central (2.25 − 0.25)/1 = 2
    p = generate(
        "finite_difference",
        0,
        Options(calculator=False, difficulty=2, extra={"function": "square"}),
    )
    v = inputs(p)
    x0, h = v["x₀"][0], v["h"][0]
    assert p.answer("forward").value == pytest.approx(float(2 * x0 + h))  # ((x+h)² − x²)/h = 2x + h
    assert p.answer("central").value == pytest.approx(float(2 * x0))  # exact for a quadratic
    assert p.answer("err_central").value == 0


def test_autodiff_by_hand() -> None:
    # no calculator: b = −wx so h = 0, σ = ½, σ′ = ¼; ∂f/∂w = ¼x, ∂f/∂b = ¼
    p = generate("autodiff_modes", 4, Options(calculator=False, difficulty=1))
    x = inputs(p)["x₁"][0]
    assert p.answer("value").value == 0.5
    assert p.answer("grad_b").value == 0.25
    assert p.answer("grad_w1").value == pytest.approx(float(x) / 4)
    assert (
        p.answer("tangent").value == p.answer("grad_w1").value
    )  # forward = reverse for one output


def test_neuron_step_by_hand() -> None:
    p = generate("neuron", 1, Options(calculator=False, extra={"activation": "step"}))
    v = inputs(p)
    z = sum(a * b for a, b in zip(v["w"][0], v["x"][0], strict=False)) + v["b"][0]
    assert p.answer("z").value == float(z)
    assert p.answer("a").value == (1.0 if z >= 0 else 0.0)


def test_numdiff_function_table_matches_math() -> None:
    # the Taylor data used by the generator: sin′ = cos, σ′(0) = ¼, ln″(2) = −¼
    assert numdiff.FUNCTIONS["sin"][1](0.3) == math.cos(0.3)
    assert numdiff.FUNCTIONS["sigmoid"][1](0.0) == 0.25
    assert numdiff.FUNCTIONS["log"][2](2.0) == -0.25


SMOOTH = [
    n for n in activations.ELEMENTWISE if activations.ACTIVATIONS[n].smooth and n != "identity"
]


@pytest.mark.parametrize("name", SMOOTH)
def test_exam_form_key_evaluates_to_the_derivative(name: str) -> None:
    """The stored key, read by Python here (our own text, never a user's), is f′ at any z:
    compared with a central difference of the catalog's NumPy f."""
    scope = {
        "exp": math.exp,
        "tanh": math.tanh,
        "sqrt": math.sqrt,
        "erf": math.erf,
        "pi": math.pi,
        "log": math.log,
        "sigmoid": lambda v: 1 / (1 + math.exp(-v)),
        "Phi": lambda v: (1 + math.erf(v / math.sqrt(2))) / 2,
        "phi": lambda v: math.exp(-v * v / 2) / math.sqrt(2 * math.pi),
    }
    p = generate("activation_derivative", 2, Options(extra={"activation": name, "form": "exam"}))
    text = p.answer("exam_form").value.replace("^", "**")
    act = activations.ACTIVATIONS[name]
    f = lambda v: float(act.fn(np.array([v]), act.defaults())[0])  # noqa: E731
    for z in (-1.3, 0.2, 0.7, 2.1):
        central = (f(z + 1e-6) - f(z - 1e-6)) / 2e-6
        assert eval(text, scope, {"z": z}) == pytest.approx(central, rel=1e-6, abs=1e-8)  # noqa: S307
