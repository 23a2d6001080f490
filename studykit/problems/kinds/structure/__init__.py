"""C3 network structure: which output layer (and loss) fits a classification task.

``output_layer``: given the logits z of an output layer with 2–4 classes, compute

- the per-class sigmoid outputs σ(zᵢ) = 1/(1 + e^(−zᵢ)) and their sum (in general ≠ 1: each
  σ(zᵢ) is an independent probability),
- the softmax y = softmax(z), yᵢ = e^(zᵢ)/Σⱼ e^(zⱼ), and its sum (always exactly 1: one
  distribution over mutually exclusive classes),
- a multiple choice: for the stated task (multi-label: several classes can be true at once, vs
  multi-class: exactly one class is true) which output layer + loss fits: sigmoid + binary cross
  entropy per class, or softmax + cross entropy (ReLU and tanh outputs are distractors from
  difficulty 2: they are not probabilities),
- from difficulty 2, ∂L/∂z for the pairing that fits, given a target t: softmax + CE gives
  ``y − t``, sigmoid + BCE gives ``σ(z) − t``.

Calculator mode: logits are decimals in [−2, 2]; values are rounded to 4 decimals and carried.
Without a calculator σ and exp cannot be worked out by hand for decimal logits, so the logits
are given as ``zᵢ = ±ln k`` (k ∈ {1, 3, 4, 9}; ln 1 = 0): then ``e^(zᵢ) = k^(±1)`` exactly,
``σ(ln k) = k/(k+1)``, ``σ(−ln k) = 1/(k+1)`` and ``softmax(z)ᵢ = e^(zᵢ)/Σⱼ e^(zⱼ)`` are exact
fractions, and variants whose values need more than 2 decimals are drawn again.

Two routes for every number: the catalog's NumPy ``fn``/``grad`` (``get_activation``,
``get_loss``) and a hand route in plain Python (``Fraction`` when exact, ``math.exp`` otherwise).
The key of the multiple choice comes from a table and is checked against the properties of the
catalog activations measured on their ``fn`` (outputs in (0, 1)? do they sum to 1?).

Modules: ``choices`` (tasks, scenarios, pairings, why each fits), ``numbers`` (the logits and the
numbers of a problem), ``statement`` and ``solution``; this module computes and verifies the
numbers, builds the answer key and registers the kind.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ....catalog import get_activation, get_loss
from ...model import Answer, Problem, Rounding
from ...registry import Kind, Options, Redraw, VerificationError, register
from .._basic import (
    Text,
    conventions,
    exact_only,
    make_problem,
    number_answer,
    pick,
    round_value,
    rounding_for,
    vector_answer,
    verify,
)
from .choices import (
    DISTRACTORS,
    KEYS,
    PAIRINGS,
    RIGHT_PAIRING,
    SCENARIOS,
    TASKS,
    Scenario,
    measured_fit,
)
from .numbers import Logit, Numbers, sample_logits, sample_target
from .solution import steps
from .statement import statement

__all__ = [
    "RIGHT_PAIRING",
    "TASKS",
    "Logit",
    "Numbers",
    "build_output_layer",
    "compute",
    "get_activation",
    "output_layer_problem",
    "rounding_for",
]

#: The sigmoid outputs must visibly not add to 1 (the point of the comparison).
MIN_SUM_GAP = 0.05


def compute(
    logits: Sequence[Logit], task: str, target: Sequence[Fraction] | None, rounding: Rounding
) -> Numbers:
    """The hand route, checked against the catalog's NumPy route (VerificationError if not)."""
    # hand route: Fractions when exact, math.exp otherwise
    exps = [lg.exp for lg in logits]
    sigmoid = [e / (1 + e) for e in exps]  # σ(z) = 1/(1 + e^(−z)) = e^z/(1 + e^z)
    total = sum(exps)
    softmax = [e / total for e in exps]
    softmax_sum = sum(softmax)
    if all(isinstance(v, Fraction) for v in softmax) and softmax_sum != 1:
        raise VerificationError(f"exact softmax sums to {softmax_sum}, not 1")
    # engine route: the catalog's NumPy functions
    z = np.array([[float(lg) for lg in logits]])
    sig_act, soft_act = get_activation("sigmoid"), get_activation("softmax")
    e_sigmoid = sig_act.fn(z, {})[0]
    e_softmax = soft_act.fn(z, {})[0]
    verify(e_sigmoid, sigmoid, "σ(z)")
    verify(float(e_sigmoid.sum()), sum(sigmoid), "Σ σ(zᵢ)")
    verify(e_softmax, softmax, "softmax(z)")
    verify(float(e_softmax.sum()), softmax_sum, "Σ softmax(z)ᵢ")
    verify(float(e_softmax.sum()), 1.0, "softmax sums to 1")
    # carried rounding (calculator): round each value the student writes down
    exps_c = [round_value(e, rounding) for e in exps]
    total_c = sum(exps_c)
    sigmoid_c = [round_value(s, rounding) for s in sigmoid]
    softmax_c = [round_value(e / total_c, rounding) for e in exps_c]
    grad = grad_c = None
    if target is not None:
        t = np.array([[float(v) for v in target]])
        if task == "multi_class":
            grad = [y - tv for y, tv in zip(softmax, target, strict=True)]
            grad_c = [y - tv for y, tv in zip(softmax_c, target, strict=True)]
            e_grad = get_loss("softmax_cross_entropy").grad(z, t)[0]
        else:
            grad = [s - tv for s, tv in zip(sigmoid, target, strict=True)]
            grad_c = [s - tv for s, tv in zip(sigmoid_c, target, strict=True)]
            s_arr = sig_act.fn(z, {})
            bce = get_loss("binary_cross_entropy")
            assert sig_act.grad is not None
            e_grad = (bce.grad(s_arr, t) * sig_act.grad(z, s_arr, {}))[0]  # chain rule
        verify(e_grad, grad, "∂L/∂z")
    return Numbers(
        exps=exps,
        exps_c=exps_c,
        sigmoid=sigmoid,
        sigmoid_c=sigmoid_c,
        sigmoid_sum=sum(sigmoid),
        sigmoid_sum_c=sum(sigmoid_c),
        softmax=softmax,
        softmax_c=softmax_c,
        softmax_sum_c=sum(softmax_c),
        grad=grad,
        grad_c=grad_c,
    )


# ----------------------------------------------------------------------------- the problem


def output_layer_problem(
    logits: Sequence[Logit],
    task: str,
    options: Options,
    target: Sequence[Fraction] | None = None,
    order: Sequence[str] = ("sigmoid_bce", "softmax_ce"),
    scenario: Scenario | None = None,
) -> Problem:
    """The ``output_layer`` problem for these logits, task, target and order of the choices.
    Every number is verified by two routes; the rules of the sampler are not applied here."""
    if task not in TASKS:
        raise ValueError(f"task must be one of {', '.join(TASKS)}")
    right = RIGHT_PAIRING[task]
    for name in order:
        if measured_fit(PAIRINGS[name], task) != (name == right):
            raise VerificationError(f"{name} for {task}: table and measured properties disagree")
    if right not in order:
        raise VerificationError(f"the right pairing {right} is not among the choices")
    scenario = scenario or SCENARIOS[task][0]
    rounding = rounding_for(options)
    nums = compute(logits, task, target, rounding)
    answers = _answers(nums, task, order, len(logits), rounding)
    _check_key(answers, nums, target)
    return make_problem(
        options,
        Text("Output layer: sigmoid or softmax?", "输出层：sigmoid 还是 softmax？"),
        statement(logits, task, options, target, scenario),
        answers,
        steps(logits, task, target, order, nums, rounding),
        conventions(options, rounding),
    )


def _answers(
    nums: Numbers, task: str, order: Sequence[str], n: int, rounding: Rounding
) -> list[Answer]:
    """σ(zᵢ) and their sum, softmax(z) and its sum (1), the choice, ∂L/∂z with a target."""
    right = RIGHT_PAIRING[task]
    carried = 1 if rounding.decimals is None else 2
    answers: list[Answer] = [
        vector_answer(
            "sigmoid",
            Text("sigmoid outputs σ(zᵢ)", "sigmoid 输出 σ(zᵢ)"),
            nums.sigmoid,
            nums.sigmoid_c,
            rounding,
        ),
        number_answer(
            "sigmoid_sum",
            Text("their sum Σᵢ σ(zᵢ)", "它们的和 Σᵢ σ(zᵢ)"),
            nums.sigmoid_sum,
            nums.sigmoid_sum_c,
            rounding,
            steps_carried=n,
            depends_on=("sigmoid",),
        ),
        vector_answer(
            "softmax",
            Text("softmax output y = softmax(z)", "softmax 输出 y = softmax(z)"),
            nums.softmax,
            nums.softmax_c,
            rounding,
            steps_carried=carried,
        ),
        number_answer(
            "softmax_sum",
            Text("its sum Σᵢ yᵢ", "它的和 Σᵢ yᵢ"),
            Fraction(1),
            Fraction(1),
            rounding,
            steps_carried=n * carried,
            depends_on=("softmax",),
        ),
    ]
    choices = tuple((KEYS[i], PAIRINGS[name].text) for i, name in enumerate(order))
    key = KEYS[list(order).index(right)]
    answers.append(
        Answer(
            id="choice",
            label=Text("output layer and loss for this task", "适合该任务的输出层与损失函数"),
            value=key,
            kind="choice",
            choices=choices,
        )
    )
    if nums.grad is not None and nums.grad_c is not None:
        answers.append(
            vector_answer(
                "grad",
                Text("gradient ∂L/∂z for the pairing that fits", "合适搭配下的梯度 ∂L/∂z"),
                nums.grad,
                nums.grad_c,
                rounding,
                steps_carried=carried,
                depends_on=("sigmoid",) if task == "multi_label" else ("softmax",),
            )
        )
    return answers


def _check_key(answers: Sequence[Answer], nums: Numbers, target: Sequence[Any] | None) -> None:
    """The key accepts the exact values and the carried ones (a third check on rounding)."""
    exact = {
        "sigmoid": nums.sigmoid,
        "sigmoid_sum": [nums.sigmoid_sum],
        "softmax": nums.softmax,
        "softmax_sum": [1],
        "grad": nums.grad,
    }
    shown = {
        "sigmoid": nums.sigmoid_c,
        "sigmoid_sum": [nums.sigmoid_sum_c],
        "softmax": nums.softmax_c,
        "softmax_sum": [nums.softmax_sum_c],
        "grad": nums.grad_c,
    }
    for a in answers:
        if a.kind == "choice":
            continue
        values = a.value if isinstance(a.value, list) else [a.value]
        for route in (exact[a.id], shown[a.id]):
            assert route is not None
            for v, r in zip(values, route, strict=True):
                if not a.tolerance.accepts(float(r), float(v)):
                    raise VerificationError(f"{a.id}: key {v} does not accept {float(r)}")


# ----------------------------------------------------------------------------- the kind


def _order(rng: random.Random, task: str, difficulty: int) -> list[str]:
    order = ["sigmoid_bce", "softmax_ce"]
    if difficulty == 2:
        order.append(pick(rng, DISTRACTORS))
    elif difficulty == 3:
        order.extend(DISTRACTORS)
    rng.shuffle(order)
    return order


def build_output_layer(rng: random.Random, options: Options) -> Problem:
    task = options.extra.get("task") or pick(rng, TASKS)
    scenario = pick(rng, SCENARIOS[task])
    n = {1: 2, 2: 3, 3: pick(rng, (3, 4))}[options.difficulty]
    logits = sample_logits(rng, options, n)
    target = sample_target(rng, task, n) if options.difficulty >= 2 else None
    order = _order(rng, task, options.difficulty)
    nums = compute(logits, task, target, rounding_for(options))
    exact_only([*nums.sigmoid, *nums.softmax, *(nums.grad or [])], options)
    if abs(float(nums.sigmoid_sum) - 1) < MIN_SUM_GAP:
        raise Redraw("the sigmoid outputs add up to about 1: no contrast with softmax")
    return output_layer_problem(logits, task, options, target, order, scenario)


register(
    Kind(
        name="output_layer",
        section="C3",
        title=Text("Output layer: sigmoid or softmax", "输出层：sigmoid 还是 softmax"),
        description=Text(
            "sigmoid and softmax outputs of the logits, their sums, which output layer + loss "
            "fits a multi-label or multi-class task, and ∂L/∂z",
            "logits 的 sigmoid 与 softmax 输出及其和，多标签或多类别任务应选的输出层与损失函数，以及 ∂L/∂z",
        ),
        build=build_output_layer,
        extra_options={"task": TASKS},
    )
)
