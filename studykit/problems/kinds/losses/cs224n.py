"""cs224n's loss for a true pair, J = −ln σ(s), and ∂J/∂s = σ(s) − 1 (binary cross entropy with
t = 1 after a sigmoid). Without a calculator the score is s = ln k, so that σ(s) = k/(k + 1)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .... import math as fm
from ....catalog import ACTIVATIONS, EXACT, LOSSES
from ...model import Answer, Para, Problem, Rounding, Step
from ...registry import Options, Redraw
from .._basic import (
    Text,
    Value,
    conventions,
    exact_only,
    make_problem,
    number_answer,
    para,
    round_value,
    show,
    step,
    verify,
)
from .common import LOG_HINT, V, hinted_ln, hinted_ln_node, log_loss_answer, smooth_over

S, J = V("s"), V("J")
SIGMA_S = fm.Call("σ", (S,))


def _sigma(x: Value) -> Value:
    """σ(x); exact when x = ln k is given as ('ln', k)."""
    return 1 / (1 + math.exp(-float(x)))


@dataclass(frozen=True)
class ScoreNumbers:
    """The score s (as shown and as a float), σ(s), J and ∂J/∂s; ``_c``: as carried."""

    s_node: fm.Node
    s_float: float
    sig: Value
    sig_c: Value
    loss: float
    loss_c: float
    grad: Value
    grad_c: Value


def cs224n_problem(data: dict[str, Any], options: Options, rounding: Rounding) -> Problem:
    """σ(s), J and ∂J/∂s by hand, checked by the catalog's sigmoid and binary cross entropy."""
    nums = _numbers(data, rounding)
    bce = LOSSES["binary_cross_entropy"]
    sa = np.array([[nums.s_float]])
    ya = ACTIVATIONS["sigmoid"].fn(sa, {})
    e_loss = float(bce.fn(ya, np.ones_like(ya))[0])
    e_grad = float((bce.grad(ya, np.ones_like(ya)) * ACTIVATIONS["sigmoid"].grad(sa, ya, {}))[0, 0])
    verify(e_loss, nums.loss, "cs224n J")
    verify(e_grad, nums.grad, "cs224n ∂J/∂s")
    exact_only([nums.sig, nums.grad], options)
    answers: list[Answer] = [
        number_answer("sigma", Text("σ(s)", "σ(s)"), nums.sig, nums.sig_c, rounding),
        log_loss_answer(Text("loss J", "损失 J"), nums.loss, nums.loss_c, rounding, options),
        number_answer(
            "grad", Text("∂J/∂s", "∂J/∂s"), nums.grad, nums.grad_c, rounding, depends_on=("sigma",)
        ),
    ]
    return make_problem(
        options,
        Text("Loss and gradient: cs224n −log σ(s)", "损失与梯度：cs224n 的 −log σ(s)"),
        _statement(nums, options),
        answers,
        _steps(nums, rounding),
        conventions(options, rounding),
    )


def _numbers(data: dict[str, Any], rounding: Rounding) -> ScoreNumbers:
    """σ(ln k) = k/(k + 1) exactly (no calculator: Redraw unless the hint covers its ln), else
    σ(s) by the math module."""
    if "k" in data:
        k = data["k"]
        sig: Value = k / (k + 1)
        s_float = math.log(k)
        s_node: fm.Node = fm.num(0) if k == 1 else fm.Call("ln", (fm.num(k),))
        if not smooth_over((2, 3, 5), 1 / sig):
            raise Redraw("ln hint covers 2, 3, 5 only")
    else:
        s_float = float(data["s"])
        sig = _sigma(s_float)
        s_node = show(data["s"])
    sig_c = round_value(sig, rounding)
    exact_sig = "k" in data  # no calculator: the loss comes from the hint's logarithms
    return ScoreNumbers(
        s_node=s_node,
        s_float=s_float,
        sig=sig,
        sig_c=sig_c,
        loss=-math.log(float(sig)),
        loss_c=-hinted_ln(sig) if exact_sig else round_value(-EXACT.log(sig_c), rounding),
        grad=sig - 1,
        grad_c=round_value(sig_c - 1, rounding),
    )


def _statement(nums: ScoreNumbers, options: Options) -> list[Para]:
    """J = −ln σ(s) with the score s, the task and the BCE note; the ln hint (no calculator)."""
    statement = [
        para(
            Text("cs224n's loss for a true pair: ", "cs224n 中正样本的损失："),
            fm.eq(J, fm.Neg(fm.Call("ln", (SIGMA_S,)))),
            Text(", with score ", "，得分 "),
            fm.eq(S, nums.s_node),
            Text(".", "。"),
        ),
        para(Text("Compute σ(s), J and ∂J/∂s.", "求 σ(s)、J 以及 ∂J/∂s。")),
    ]
    if not options.calculator:
        statement.append(para(LOG_HINT))
    return statement


def _steps(nums: ScoreNumbers, rounding: Rounding) -> list[Step]:
    """σ(s) = 1/(1 + e^(−s)), J = −ln σ(s), ∂J/∂s = σ(s) − 1."""
    return [
        step(
            Text("Sigmoid of the score", "得分的 sigmoid"),
            fm.eq(SIGMA_S, fm.Frac(fm.num(1), fm.add(fm.num(1), fm.Pow(V("e"), fm.Neg(S))))),
            fm.Frac(fm.num(1), fm.add(fm.num(1), fm.Pow(V("e"), fm.Neg(fm.Paren(nums.s_node))))),
            show(nums.sig_c, rounding),
            answer_id="sigma",
        ),
        step(
            Text("Loss", "损失"),
            fm.eq(J, fm.Neg(fm.Call("ln", (SIGMA_S,)))),
            _loss_links(nums, rounding),
            show(nums.loss_c, Rounding(4)),
            answer_id="loss",
        ),
        step(
            Text(
                "Gradient: ∂J/∂s = −σ′(s)/σ(s) = −(1 − σ(s))",
                "梯度：∂J/∂s = −σ′(s)/σ(s) = −(1 − σ(s))",
            ),
            fm.eq(fm.Partial(J, S), fm.sub(SIGMA_S, fm.num(1))),
            fm.sub(show(nums.sig_c, rounding), fm.num(1)),
            show(nums.grad_c, rounding),
            answer_id="grad",
        ),
    ]


def _loss_links(nums: ScoreNumbers, rounding: Rounding) -> fm.Node:
    """−ln σ(s) with σ(s) put in; without a calculator, then with the hint's ln values."""
    with_sigma = fm.Neg(fm.Call("ln", (show(nums.sig_c, rounding),)))
    if rounding.decimals is not None:
        return with_sigma
    return fm.eq(with_sigma, fm.Neg(fm.Paren(hinted_ln_node(nums.sig))))
