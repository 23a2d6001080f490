"""Network problem kinds (C6, C7): generation over many seeds, agreement with the engine,
the sampling rules, notation profiles, the answer key's two routes, a hand-checked problem."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from studykit import math as fm
from studykit.catalog import get_activation
from studykit.engine import Network, make_optimizer
from studykit.problems import sampler
from studykit.problems.carried import NetworkProblemData, solve_by_hand
from studykit.problems.codec import problem_from_json, to_json
from studykit.problems.model import Display, Rounding
from studykit.problems.network_steps import network_steps
from studykit.problems.registry import Options, generate
from studykit.problems.solution import (
    KeyBuilder,
    Symbols,
    engine_values,
    verify,
)
from studykit.spec import spec_from_dict
from tests.sweeps import seed_chunks

NETWORK_KINDS = ("forward", "backward", "training_step")
COMBOS = [
    Options(difficulty=d, calculator=c, notation=n)
    for d, c, n in itertools.product(
        (1, 2, 3), (True, False), ("textbook", "bracket", "transposed")
    )
]
SEEDS = 1000
ROOT = Path(__file__).resolve().parents[2]


def _engine(problem):
    """Recompute every quantity from Problem.spec alone (independent of the generator)."""
    spec = spec_from_dict(problem.spec)
    net = Network.from_spec(spec)
    trace = net.trace(spec.x, spec.t)
    values = {"loss": trace.loss, "dx": trace.dx[0]}
    for layer, step in enumerate(trace.layers, start=1):
        values |= {f"z{layer}": step.z[0], f"a{layer}": step.a[0], f"delta{layer}": step.delta[0]}
        values |= {f"dW{layer}": step.dW, f"db{layer}": step.db}
    if spec.train is not None:
        params = net.params()
        make_optimizer("sgd", spec.train.lr).step(params, trace.grads())
        for layer in range(1, len(trace.layers) + 1):
            values |= {f"W{layer}_new": params[f"W{layer}"], f"b{layer}_new": params[f"b{layer}"]}
    return spec, trace, values


def _expected(answer_id, values, problem):
    """The engine value in the answer's layout (transposed profile, cs224n's u, dW1[i,j])."""
    cs = problem.spec["network"]["layers"][-1] == 1 and problem.spec["network"]["loss"] == (
        "binary_cross_entropy"
    )
    transposed = problem.conventions.notation == "transposed"
    if "[" in answer_id:
        base, idx = answer_id[:-1].split("[")
        i, j = (int(k) - 1 for k in idx.split(","))
        m = np.asarray(values[base])
        return (m.T if transposed else m)[i, j]
    v = np.asarray(values[answer_id], dtype=float)
    if problem.answer(answer_id).kind == "number":  # cs224n's s, σ(s), δ = ∂J/∂s
        assert v.size == 1
        return float(v.ravel()[0])
    if v.ndim == 2:
        if cs and answer_id in ("dW2", "W2_new"):
            return v.ravel()
        return v.T if transposed else v
    return v


def _accepts(answer, submitted) -> bool:
    """Accept ``submitted`` when it is within tolerance of the value or of an alternative."""
    candidates = [answer.value, *answer.alternatives]
    tol = answer.tolerance
    return any(
        np.all(np.abs(np.asarray(c, float) - np.asarray(submitted, float)) <= tol.abs)
        for c in candidates
        if np.shape(c) == np.shape(submitted)
    )


def _check_rules(problem, trace) -> None:
    """The sampling rules, checked from the engine's trace of the spec."""
    acts = problem.spec["network"]["activation"]
    for layer, step in enumerate(trace.layers):
        act = acts[layer] if isinstance(acts[layer], str) else acts[layer]["name"]
        z = step.z[0]
        assert np.all(np.abs(z) <= sampler.NET_INPUT_BOUND + 1e-9)
        for kink in get_activation(act).kinks:
            assert np.all(np.abs(z - kink) >= sampler.KINK_MARGIN - 1e-12), (problem.id, z)
        if act in sampler.SATURATION_BOUND:
            assert np.all(np.abs(z) <= sampler.SATURATION_BOUND[act] + 1e-9), (problem.id, z)
    minimum = 0.5 * sampler.MIN_GRADIENT if problem.calculator else 1e-12
    assert np.all(np.abs(trace.layers[-1].delta) > minimum), problem.id
    for layer, step in enumerate(trace.layers[:-1]):
        act = acts[layer] if isinstance(acts[layer], str) else acts[layer]["name"]
        activation = get_activation(act)
        params = {
            k: v
            for k, v in (acts[layer].items() if isinstance(acts[layer], dict) else [])
            if k != "name"
        }
        fprime = activation.grad(step.z, step.a, {**activation.defaults(), **params})[0]
        delta = step.delta[0]
        active = fprime != 0
        assert active.sum() >= 1 and (~active).sum() <= 1, problem.id
        assert np.all(np.abs(delta[active]) > minimum), (problem.id, delta)
    for answer in problem.answers:
        assert np.all(np.abs(np.asarray(answer.value, float)) <= sampler.MAGNITUDE_BOUND)
        if not problem.calculator:
            for text in np.ravel(np.asarray(answer.exact, dtype=object)):
                assert sampler.is_hand_exact(Fraction(str(text).replace("−", "-"))), (
                    problem.id,
                    answer.id,
                    text,
                )


@pytest.mark.parametrize("seeds", seed_chunks(total=SEEDS))
@pytest.mark.parametrize("kind", NETWORK_KINDS)
def test_every_seed_generates_agrees_with_engine_and_keeps_the_rules(kind, seeds):
    """1,000 seeds per kind (in chunks), cycling through every difficulty × mode × notation."""
    for seed in seeds:
        options = COMBOS[seed % len(COMBOS)]
        problem = generate(kind, seed, options)
        assert problem.seed == seed and problem.kind == kind and problem.spec is not None
        spec, trace, values = _engine(problem)
        _check_rules(problem, trace)
        for answer in problem.answers:
            expected = _expected(answer.id, values, problem)
            # the exact route (engine, unrounded) is accepted, and so is the carried-rounding value
            assert _accepts(answer, expected), (problem.id, answer.id, answer.value, expected)
            assert _accepts(answer, answer.value)
            if not problem.calculator:
                np.testing.assert_allclose(np.asarray(answer.value, float), expected, atol=1e-9)


@pytest.mark.parametrize("kind", NETWORK_KINDS)
def test_every_net_option_generates(kind):
    for net, calculator, seed in itertools.product(
        ("2-2-1", "2-2-2", "2-3-2", "3-2-1", "2-2-2-1", "cs224n"), (True, False), range(8)
    ):
        if net == "cs224n" and not calculator:
            continue
        options = Options(calculator=calculator, difficulty=1 + seed % 3, extra={"net": net})
        problem = generate(kind, seed, options)
        sizes = problem.spec["network"]["layers"]
        if net != "cs224n":
            assert "-".join(map(str, sizes)) == net
        else:
            assert problem.spec["network"]["loss"] == "binary_cross_entropy"
            assert problem.spec["params"]["b2"] == [0.0]
        assert "net=" + net in problem.id


def test_cs224n_without_calculator_is_refused():
    from studykit.problems.registry import GenerationError

    with pytest.raises(GenerationError, match="calculator"):
        generate("forward", 1, Options(calculator=False, extra={"net": "cs224n"}))


def test_answer_ids_kinds_and_dependencies():
    problem = generate("training_step", 5, Options(extra={"net": "2-2-2-1"}))
    ids = [a.id for a in problem.answers]
    for layer in (1, 2, 3):
        for name in ("z", "a", "delta", "dW", "db"):
            assert f"{name}{layer}" in ids
        assert f"W{layer}_new" in ids and f"b{layer}_new" in ids
    assert "loss" in ids and "dx" in ids
    assert problem.answer("dW2").kind == "matrix" and problem.answer("z1").kind == "vector"
    assert problem.answer("loss").kind == "number"
    assert problem.answer("delta2").depends_on == ("delta3", "z2")
    assert problem.answer("W1_new").depends_on == ("dW1",)
    # every dependency names an earlier answer
    seen: set[str] = set()
    for answer in problem.answers:
        assert set(answer.depends_on) <= seen, answer.id
        seen.add(answer.id)
    backward = generate("backward", 5, Options())
    element = [a for a in backward.answers if a.id.startswith("dW1[")]
    assert len(element) == 1 and element[0].kind == "number" and element[0].value != 0


def test_transposed_profile_changes_formulas_matrices_and_dw_layout():
    options = Options(notation="transposed", extra={"net": "2-3-2"})
    problem = generate("backward", 11, options)
    W1 = np.asarray(problem.spec["params"]["W1"])  # textbook layout [3×2]
    stated = [b.formula for b in problem.statement if isinstance(b, Display)]
    w1_block = next(f for f in stated if fm.to_text(f.args[0]) == "W⁽¹⁾")
    printed = [[float(c.text.replace("−", "-")) for c in row] for row in w1_block.args[1].rows]
    np.testing.assert_allclose(printed, W1.T)  # printed as [n_in × n_out] = [2×3]
    z_step = next(s for s in problem.steps if s.answer_id == "z1")
    assert fm.to_text(z_step.formula) == "z⁽¹⁾ = (W⁽¹⁾)ᵀx + b⁽¹⁾"
    assert "[2×3]ᵀ" in z_step.shape
    dW_step = next(s for s in problem.steps if s.answer_id == "dW1")
    assert fm.to_text(dW_step.formula) == "∂L/∂W⁽¹⁾ = x(δ⁽¹⁾)ᵀ"
    _, _, values = _engine(problem)
    assert np.shape(problem.answer("dW1").value) == (2, 3)
    assert np.shape(problem.answer("dW2").value) == (3, 2)
    assert _accepts(problem.answer("dW1"), values["dW1"].T)
    assert not _accepts(problem.answer("dW1"), np.zeros((2, 3)))
    textbook = generate("backward", 11, Options(extra={"net": "2-3-2"}))
    assert fm.to_text(next(s for s in textbook.steps if s.answer_id == "dW1").formula) == (
        "∂L/∂W⁽¹⁾ = δ⁽¹⁾xᵀ"
    )
    assert np.shape(textbook.answer("dW1").value) == (3, 2)
    bracket = generate("forward", 11, Options(notation="bracket"))
    assert fm.to_text(bracket.steps[0].formula, "bracket").startswith("Z^[1] = W^[1]x + b^[1]")


def test_calculator_answers_accept_both_routes_and_reject_wrong_ones():
    checked_alternative = 0
    for seed in range(60):
        problem = generate("training_step", seed, Options(difficulty=2))
        assert problem.conventions.rounding == Rounding(decimals=4)
        _, _, values = _engine(problem)
        for answer in problem.answers:
            exact = _expected(answer.id, values, problem)
            assert _accepts(answer, exact)  # exact route, unrounded
            assert _accepts(answer, np.round(exact, 4))  # exact route, rounded at the end
            assert _accepts(answer, answer.value)  # carried rounding
            assert not _accepts(answer, np.asarray(exact) + 0.01)
            if answer.alternatives:
                checked_alternative += 1
                assert _accepts(answer, answer.alternatives[0])
    assert checked_alternative > 0  # carried rounding does differ somewhere


def test_no_calculator_answers_are_exact():
    problem = generate("backward", 2, Options(calculator=False, difficulty=3))
    assert problem.conventions.rounding.decimals is None
    for answer in problem.answers:
        assert answer.exact is not None and answer.alternatives == ()


def test_hand_checked_relu_network():
    """2-2-1, ReLU hidden, identity output, MSE ½‖ŷ − t‖², worked out by hand:

    x = (1, 2), W1 = [[1, −1], [2, 1]], b1 = (2, 0), W2 = [[1, 2]], b2 = (−1), t = 6, η = 0.1
    z1 = (1·1 − 1·2 + 2, 2·1 + 1·2 + 0) = (1, 4)     a1 = ReLU(z1) = (1, 4)
    z2 = 1·1 + 2·4 − 1 = 8                            a2 = 8
    L = ½(8 − 6)² = 2
    δ2 = (8 − 6)·1 = 2
    δ1 = ReLU′(z1) ⊙ W2ᵀδ2 = (1, 1) ⊙ (2, 4) = (2, 4)
    ∂L/∂W2 = δ2 a1ᵀ = [[2, 8]]   ∂L/∂b2 = (2)
    ∂L/∂W1 = δ1 xᵀ = [[2, 4], [4, 8]]   ∂L/∂b1 = (2, 4)
    ∂L/∂x = W1ᵀδ1 = (1·2 + 2·4, −1·2 + 1·4) = (10, 2)
    W1 − 0.1·∂L/∂W1 = [[0.8, −1.4], [1.6, 0.2]]; b1 − 0.1·δ1 = (1.8, −0.4)
    W2 − 0.1·∂L/∂W2 = [[0.8, 1.2]]; b2 − 0.1·δ2 = (−1.2)
    """
    F = Fraction
    data = NetworkProblemData(
        sizes=(2, 2, 1),
        activations=("relu", "identity"),
        act_params=({}, {}),
        loss="mse",
        W=[[[F(1), F(-1)], [F(2), F(1)]], [[F(1), F(2)]]],
        b=[[F(2), F(0)], [F(-1)]],
        x=[F(1), F(2)],
        t=[F(6)],
        lr=F(1, 10),
    )
    hand = solve_by_hand(data, decimals=None)
    verify(hand.values(), engine_values(data.spec_dict()), exact=True)
    kb = KeyBuilder(Symbols("textbook", 2), Rounding(decimals=None), {})
    network_steps(kb, data, hand, backward=True, update=True)
    key = {a.id: a.value for a in kb.answers}
    assert key["z1"] == [1, 4] and key["a1"] == [1, 4]
    assert key["z2"] == [8] and key["a2"] == [8]
    assert key["loss"] == 2
    assert key["delta2"] == [2] and key["delta1"] == [2, 4]
    assert key["dW2"] == [[2, 8]] and key["db2"] == [2]
    assert key["dW1"] == [[2, 4], [4, 8]] and key["db1"] == [2, 4]
    assert key["dx"] == [10, 2]
    assert key["W1_new"] == [[0.8, -1.4], [1.6, 0.2]] and key["b1_new"] == [1.8, -0.4]
    assert key["W2_new"] == [[0.8, 1.2]] and key["b2_new"] == [-1.2]
    exact = {a.id: a.exact for a in kb.answers}
    assert exact["W1_new"] == [["0.8", "−1.4"], ["1.6", "0.2"]]
    dW1_step = next(s for s in kb.steps if s.answer_id == "dW1")
    assert dW1_step.shape == "[2×2] = [2×1][1×2]"
    assert fm.to_text(dW1_step.substituted) == "∂L/∂W⁽¹⁾ = [2, 4]ᵀ[1, 2]"


def test_json_round_trip():
    problem = generate("backward", 4, Options(notation="bracket"))
    data = to_json(problem)
    assert problem_from_json(json.loads(json.dumps(data))) == problem


def test_tolerance_rule_on_the_long_training_step():
    """The rule the conventions state ("within half a unit plus what those roundings can carry
    into it"), on the 16-part training step: each part's tolerance is the propagated bound plus
    half a unit; the real gap between the carried key and the exact value stays inside the bound
    (so the half unit is spare); and no tolerance is wide (≤ 25 units in the 4th decimal)."""
    unit = 1e-4
    parts = 0
    for seed in range(40):
        problem = generate("training_step", seed, Options(difficulty=2))
        text = " ".join(t.en for t in problem.convention_texts()).replace("\n", " ")
        assert "half a unit plus what those roundings can carry into it" in text
        parts = max(parts, len(problem.answers))
        _, _, values = _engine(problem)
        for answer in problem.answers:
            exact = np.asarray(_expected(answer.id, values, problem), float)
            gap = float(np.max(np.abs(exact - np.asarray(answer.value, float))))
            assert gap <= answer.tolerance.abs - unit / 2 + 1e-12, (seed, answer.id, gap)
            assert answer.tolerance.abs <= 25 * unit, (seed, answer.id, answer.tolerance.abs)
    assert parts == 16
