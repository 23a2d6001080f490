"""Generated network problems with a chosen shape, activations and loss (issue #14):
``net=3-4-2`` with every hidden activation the course draws, a softmax, sigmoid or identity
output and each loss that fits. Every problem is verified by both routes inside ``generate``
(hand route against the NumPy engine, then every printed step re-evaluated); here the same
``(kind, seed, options)`` must give the same JSON twice, and a few are goldens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studykit.problems.codec import to_json
from studykit.problems.registry import GenerationError, Options, generate
from tests.golden import check_golden

GOLDEN = Path(__file__).parent / "golden"
HIDDEN = ("sigmoid", "tanh", "relu", "leaky_relu", "identity", "hard_tanh", "hard_sigmoid")
OUTPUTS = (
    ("softmax", "cross_entropy"),
    ("sigmoid", "mse"),
    ("sigmoid", "binary_cross_entropy"),
    ("identity", "mse"),
    ("identity", "l1"),
    ("identity", "smooth_l1"),
)
KINDS = ("forward", "backward", "training_step")
SEEDS = 200
CHUNK = 50


def options(hidden: str, output: str, loss: str) -> Options:
    return Options(extra={"net": "3-4-2", "activation": f"{hidden},{output}", "loss": loss})


def check(kind: str, hidden: str, output: str, loss: str, seed: int, twice: bool) -> None:
    """One problem and what it must hold; ``twice``: the same inputs give the same JSON."""
    opts = options(hidden, output, loss)
    problem = generate(kind, seed, opts)
    if twice:
        assert to_json(problem) == to_json(generate(kind, seed, opts))
    acts = problem.spec["network"]["activation"]  # type: ignore[index]
    names = [a["name"] if isinstance(a, dict) else a for a in acts]
    assert names == [hidden, output] and problem.spec["network"]["loss"] == loss  # type: ignore[index]
    assert problem.spec["network"]["layers"] == [3, 4, 2]  # type: ignore[index]
    ids = {a.id for a in problem.answers}
    assert {"z1", "a1", "z2", "a2", "loss"} <= ids
    if kind != "forward":
        assert {"delta1", "delta2", "dW1", "db1", "dx"} <= ids
    if kind == "training_step":
        assert {"W1_new", "b2_new"} <= ids


COMBINATIONS = [(k, h, o, loss) for k in KINDS for h in HIDDEN for o, loss in OUTPUTS]


@pytest.mark.parametrize(("kind", "hidden", "output", "loss"), COMBINATIONS)
def test_a_few_seeds(kind: str, hidden: str, output: str, loss: str) -> None:
    for seed in range(2):
        check(kind, hidden, output, loss, seed, twice=True)


@pytest.mark.slow
@pytest.mark.parametrize("start", range(0, SEEDS, CHUNK))
@pytest.mark.parametrize(("kind", "hidden"), [(k, h) for k in KINDS for h in HIDDEN])
def test_200_seeds(kind: str, hidden: str, start: int) -> None:
    """200 seeds for every hidden activation of every kind; seed s takes the output and loss
    OUTPUTS[s mod 6], so each loss that fits gets 200·7/6 ≈ 233 seeds per kind; the first seed
    of a chunk is generated twice (the same JSON)."""
    for seed in range(start, start + CHUNK):
        output, loss = OUTPUTS[seed % len(OUTPUTS)]
        check(kind, hidden, output, loss, seed, twice=seed == start)


def test_hidden_activation_alone_and_loss_pick_the_output() -> None:
    problem = generate(
        "backward",
        0,
        Options(extra={"net": "2-4-3", "activation": "tanh", "loss": "cross_entropy"}),
    )
    assert problem.spec["network"]["activation"] == ["tanh", "softmax"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("extra", "calculator", "words"),
    [
        ({"net": "3-4-1", "activation": "tanh,softmax"}, True, "at least 2 outputs"),
        ({"net": "3-4-2", "activation": "softmax,sigmoid"}, True, "not a hidden one"),
        ({"net": "3-4-2", "activation": "tanh"}, False, "tanh needs a calculator"),
        ({"net": "3-4-2", "loss": "cross_entropy"}, False, "needs a calculator"),
        (
            {"net": "3-4-2", "activation": "relu,identity", "loss": "binary_cross_entropy"},
            True,
            "needs a sigmoid output",
        ),
        ({"net": "3-4-2", "activation": "prelu"}, True, "not drawn"),
        ({"net": "2-7-2"}, True, "at most 6 neurons a layer"),
        ({"net": "2-2-2-2-2-2"}, True, "4 weight layers"),
    ],
)
def test_impossible_combination_refused_with_the_reason(extra, calculator, words) -> None:
    with pytest.raises(GenerationError) as exc:
        generate("backward", 0, Options(calculator=calculator, extra=extra))
    assert words in str(exc.value)


def test_no_calculator_3_4_2_is_exact() -> None:
    for hidden in ("relu", "leaky_relu", "hard_tanh"):
        problem = generate(
            "training_step",
            1,
            Options(calculator=False, extra={"net": "3-4-2", "activation": hidden}),
        )
        assert problem.conventions.rounding.decimals is None
        assert all(a.exact is not None for a in problem.answers)


GOLDENS = {
    "choice_backward_3-4-2_tanh_softmax": (
        "backward",
        7,
        options("tanh", "softmax", "cross_entropy"),
    ),
    "choice_training_step_3-4-2_hard_sigmoid_bce": (
        "training_step",
        3,
        options("hard_sigmoid", "sigmoid", "binary_cross_entropy"),
    ),
    "choice_forward_3-4-2_leaky_l1": ("forward", 2, options("leaky_relu", "identity", "l1")),
}


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_golden_json(name: str) -> None:
    kind, seed, opts = GOLDENS[name]
    text = json.dumps(to_json(generate(kind, seed, opts)), ensure_ascii=False, indent=1) + "\n"
    check_golden(GOLDEN / f"{name}.json", text)
