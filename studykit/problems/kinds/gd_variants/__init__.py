"""C9 gradient-descent variants: BGD, SGD and mini-batch SGD on a tiny data set, by hand.

A linear neuron ``y = w x + b`` (``y = w x``, no bias, at difficulty 1) with the per-sample loss
``Lₙ = ½(yₙ − tₙ)²`` (the engine's ``mse``), so with ``eₙ = yₙ − tₙ``:
``∂Lₙ/∂w = eₙxₙ`` and ``∂Lₙ/∂b = eₙ``. A batch S's gradient is the mean of its per-sample
gradients (as ``Network.trace`` takes it over a batch):

| variant | batch S of one update | updates per epoch |
|---|---|---|
| bgd | all N samples | 1 |
| sgd | one sample, in the stated order | N |
| minibatch | B consecutive samples, in the stated order; the last batch is smaller | ceil(N/B) |

``w ← w − α(1/|S|)Σ_{n∈S} eₙxₙ``, ``b ← b − α(1/|S|)Σ_{n∈S} eₙ``. With weight decay λ (difficulty
≥ 2 or ``weight_decay=True``) the BGD update descends the regularised risk
``R = (1/N)Σ Lₙ + ½λw²``, i.e. COURSE.md's ``W ← W − α((1/N)Σ ∂L/∂W + λW)``; the bias is not
decayed, and the SGD / mini-batch epoch uses the plain loss (as every statement says).

Without a calculator every number must be exact with at most 2 decimals; the targets are then
chosen by a bounded search (:func:`construct_targets`), since blindly drawn ones rarely keep an
epoch of 3–4 updates that short.

Every number of the answer key is computed by two routes that must agree (else
:class:`VerificationError`): the hand route here (Fractions, the formulas above) and the engine
(a 1-1 identity network built from a spec dict, ``Network.trace`` on each batch and the spec's
SGD optimiser with its ``weight_decay``; batches sliced as ``commands/train.py`` slices them).
The counting answers are checked by the ceil formula and by slicing; the comparison-table choice
by the table of the notes and by the numbers (samples, updates, gradient variance) of each variant.

Modules: ``routes`` (the two routes), ``sampling`` (data, fairness, target search),
``comparison`` (the table and the counting), ``statement``, ``steps`` and ``solution``; this
module draws, verifies and registers the kind.
"""

from __future__ import annotations

import random
from fractions import Fraction

from ...model import Problem, Rounding
from ...registry import Kind, Options, VerificationError, register
from .._basic import Text, conventions, make_problem, pick, rounding_for, verify
from .comparison import (
    QUESTIONS,
    VARIANT_TITLES,
    VARIANTS,
    check_table,
    count_updates,
    measured_answer,
    variant_profile,
)
from .routes import (
    HandRoute,
    Setup,
    Update,
    batches,
    engine_gradients,
    engine_run,
    hand_route,
    hand_run,
    hand_update,
)
from .sampling import check_fair, construct_targets, data_sizes, sample_large_set, sample_setup
from .solution import solution
from .statement import statement

__all__ = [
    "QUESTIONS",
    "VARIANTS",
    "HandRoute",
    "Setup",
    "Update",
    "batches",
    "build_gd_variants",
    "construct_targets",
    "engine_gradients",
    "engine_run",
    "hand_route",
    "hand_run",
    "hand_update",
    "measured_answer",
    "variant_profile",
]


def build_gd_variants(rng: random.Random, options: Options) -> Problem:
    """Draw the variant, the tiny set and the large one (in this order from ``rng``), verify every
    number by the engine, then write the statement and the solution."""
    variant = options.extra.get("variant") or pick(rng, VARIANTS)
    decay = options.extra.get("weight_decay")
    if decay is None:
        decay = options.difficulty >= 2
    bias = options.difficulty >= 2
    n, size = data_sizes(variant, options.difficulty, options.calculator)
    epochs = 2 if variant == "bgd" and options.difficulty == 3 else 1
    rounding = rounding_for(options)
    setup = sample_setup(rng, options, n, bias, bool(decay), epochs == 2)
    if not options.calculator:
        setup = construct_targets(rng, setup, variant, size, epochs, options)
    big_n, big_b, big_e = sample_large_set(rng, options.difficulty)
    question = pick(rng, tuple(QUESTIONS))

    hand = hand_route(setup, variant, size, epochs, Rounding(None))  # exact (Fractions)
    check_fair(setup, hand, options)
    verify_by_engine(setup, variant, size, epochs, hand)
    counting = count_updates(big_n, big_b, big_e)
    check_table(question, big_n, big_b)

    # what the student writes: carried rounding with a calculator
    carried = hand_route(setup, variant, size, epochs, rounding)
    choice_order = list(VARIANTS)
    rng.shuffle(choice_order)
    steps, answers = solution(
        setup, variant, hand, carried, counting, question, choice_order, rounding
    )
    return make_problem(
        options,
        Text("Gradient descent variants: ", "梯度下降的变体：") + VARIANT_TITLES[variant],
        statement(setup, variant, size, epochs, counting, question, rounding),
        answers,
        steps,
        conventions(options, rounding),
    )


def verify_by_engine(setup: Setup, variant: str, size: int, epochs: int, hand: HandRoute) -> None:
    """Every number of the hand route again by the NumPy engine: the gradients and the risk at
    the start, and (w, b) after every BGD update and every update of the variant's epoch."""
    start = hand.bgd[0]
    eng = engine_gradients(setup)
    verify(eng["grad_w"], list(start.grad_w), "per-sample ∂L/∂w", tol=1e-9)
    verify(eng["mean_w"], start.mean_w, "mean ∂L/∂w", tol=1e-9)
    verify(eng["reg_w"], start.reg_w, "regularised ∂R/∂w", tol=1e-9)
    if setup.b0 is not None:
        verify(eng["grad_b"], list(start.e), "per-sample ∂L/∂b", tol=1e-9)
        verify(eng["mean_b"], start.mean_b, "mean ∂L/∂b", tol=1e-9)
    if hand.risk is not None:
        verify(eng["risk"], hand.risk, "regularised risk R", tol=1e-9)
    runs = [("BGD", hand.bgd, 0, epochs, setup.lam), (variant, hand.epoch, size, 1, Fraction(0))]
    for label, updates_by_hand, batch_size, count, lam in runs:
        if not updates_by_hand:
            continue
        history = engine_run(setup, batch_size, count, lam)
        if len(history) != len(updates_by_hand):
            raise VerificationError(
                f"{label}: {len(history)} engine updates, {len(updates_by_hand)} by hand"
            )
        for k, (u, (w_e, b_e)) in enumerate(zip(updates_by_hand, history, strict=True), start=1):
            verify(w_e, u.w, f"{label} w after update {k}", tol=1e-9)
            verify(b_e, u.b if u.b is not None else 0, f"{label} b after update {k}", tol=1e-9)


register(
    Kind(
        name="gd_variants",
        section="C9",
        title=Text("BGD, SGD and mini-batch SGD", "BGD、SGD 与小批量 SGD"),
        description=Text(
            "per-sample and mean gradients on a tiny data set, a BGD update (with weight decay), "
            "an SGD or mini-batch epoch, updates per epoch, and the comparison table",
            "小数据集上各样本的梯度与平均梯度、一次 BGD 更新（可带权重衰减）、一轮 SGD 或小批量 SGD、"
            "每轮更新次数，以及对比表",
        ),
        build=build_gd_variants,
        extra_options={"variant": VARIANTS, "weight_decay": (False, True)},
    )
)
