"""Softmax + cross entropy on logits z: y = softmax(z), L = −ln y_k for the true class k and
∂L/∂z = y − t. Without a calculator the logits are ln kᵢ, so that y = k/Σk is exact."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .... import math as fm
from ....catalog import EXACT, LOSSES, exact
from ...model import Answer, Para, Problem, Rounding, Step
from ...registry import Options, Redraw
from .._basic import (
    Text,
    Value,
    conventions,
    exact_only,
    make_problem,
    para,
    round_value,
    show,
    step,
    values_node,
    vector_answer,
    verify,
)
from .common import (
    LOG_HINT,
    L,
    V,
    engine_loss,
    hinted_ln,
    hinted_ln_node,
    log_loss_answer,
    loss_line,
)

NAME = "softmax_cross_entropy"


@dataclass(frozen=True)
class SoftmaxNumbers:
    """The logits (as shown and as floats), e^z, y = softmax(z), the one-hot target of class
    ``k``, the loss and the gradient; ``_c``: as carried."""

    k: int
    z_nodes: list[fm.Node]
    z_float: list[float]
    exps: list[Value]
    y: list[Value]
    y_c: list[Value]
    t: list[Fraction]
    loss: float
    loss_c: float
    grad: list[Value]
    grad_c: list[Value]


def softmax_ce_problem(data: dict[str, Any], options: Options, rounding: Rounding) -> Problem:
    """y, L and ∂L/∂z by hand, checked by the catalog's softmax CE."""
    nums = _numbers(data, rounding)
    e_loss, e_grad = engine_loss(NAME, nums.z_float, nums.t)
    verify(e_loss, nums.loss, "softmax CE loss")
    verify(e_grad, nums.grad, "softmax CE gradient")
    exact_only(nums.y + nums.grad, options)
    if any(abs(float(g)) < 0.01 for g in nums.grad):
        raise Redraw("a gradient entry rounds away")
    answers: list[Answer] = [
        vector_answer("y", Text("softmax output y", "softmax 输出 y"), nums.y, nums.y_c, rounding),
        log_loss_answer(Text("loss L", "损失 L"), nums.loss, nums.loss_c, rounding, options),
        vector_answer(
            "grad",
            Text("gradient ∂L/∂z", "梯度 ∂L/∂z"),
            nums.grad,
            nums.grad_c,
            rounding,
            depends_on=("y",),
        ),
    ]
    return make_problem(
        options,
        Text("Loss and gradient: ", "损失与梯度：") + LOSSES[NAME].title,
        _statement(nums, options),
        answers,
        _steps(nums, rounding),
        conventions(options, rounding),
    )


def _numbers(data: dict[str, Any], rounding: Rounding) -> SoftmaxNumbers:
    """Exact fractions k/Σk for logits ln k (no calculator), else floats from math.exp."""
    k = data["k"]
    if "ks" in data:
        ks = data["ks"]
        total = sum(ks)
        y: list[Value] = [Fraction(v, total) for v in ks]
        z_nodes = [fm.num(0) if v == 1 else fm.Call("ln", (fm.num(v),)) for v in ks]
        z_float = [math.log(v) for v in ks]
        exps: list[Value] = [Fraction(v) for v in ks]
        y_c = list(y)
        loss_c = -hinted_ln(y[k])  # the hint's logarithms, as the student uses them
    else:
        z = data["z"]
        z_float = [float(v) for v in z]
        z_nodes = [show(v) for v in z]
        y = [math.exp(v) / sum(math.exp(u) for u in z_float) for v in z_float]
        # the student's route: each e^z rounded, their sum, then each quotient rounded
        exps = [rounding.round(EXACT.exp(exact(v))) for v in z]
        y_c = [rounding.round(e / sum(exps)) for e in exps]
        loss_c = round_value(-EXACT.log(y_c[k]), rounding)  # −ln of y as written
    t = [Fraction(int(i == k)) for i in range(len(y))]
    return SoftmaxNumbers(
        k=k,
        z_nodes=z_nodes,
        z_float=z_float,
        exps=exps,
        y=y,
        y_c=y_c,
        t=t,
        loss=-math.log(float(y[k])),
        loss_c=loss_c,
        grad=[a - b for a, b in zip(y, t, strict=False)],
        grad_c=[round_value(a - b, rounding) for a, b in zip(y_c, t, strict=False)],
    )


def _statement(nums: SoftmaxNumbers, options: Options) -> list[Para]:
    """The loss, the logits and the one-hot target, the task; the ln hint (no calculator)."""
    statement = [
        loss_line(NAME),
        para(
            Text("Logits ", "logits "),
            fm.eq(V("z"), fm.vector(nums.z_nodes)),
            Text(", one-hot target ", "，独热目标 "),
            fm.eq(V("t"), values_node(nums.t)),
            Text(".", "。"),
        ),
        para(
            Text(
                "Compute y = softmax(z), the loss L and ∂L/∂z.",
                "求 y = softmax(z)、损失 L 以及 ∂L/∂z。",
            )
        ),
    ]
    if not options.calculator:
        statement.append(para(LOG_HINT))
    return statement


def _steps(nums: SoftmaxNumbers, rounding: Rounding) -> list[Step]:
    """yᵢ = e^(zᵢ)/Σⱼ e^(zⱼ), L = −ln y_k, ∂L/∂z = y − t."""
    grad_text = LOSSES[NAME].grad_text
    return [
        step(
            Text("Softmax of the logits", "对 logits 做 softmax"),
            fm.eq(
                V("y", sub="i"),
                fm.Frac(
                    fm.Pow(V("e"), V("z", sub="i")), fm.Sum(fm.Pow(V("e"), V("z", sub="j")), "j")
                ),
            ),
            fm.Frac(values_node(nums.exps, rounding), show(sum(nums.exps), rounding)),
            values_node(nums.y_c, rounding),
            answer_id="y",
        ),
        step(
            Text("Loss: only the target class counts", "损失：只有目标类别起作用"),
            fm.eq(L, fm.Neg(fm.Call("ln", (V("y", sub="k"),)))),
            _loss_links(nums, rounding),
            show(nums.loss_c, Rounding(4)),
            answer_id="loss",
        ),
        step(
            Text("Gradient with respect to the logits", "对 logits 的梯度"),
            fm.eq(fm.Partial(L, V("z")), fm.sub(V("y"), V("t"))),
            fm.sub(values_node(nums.y_c, rounding), values_node(nums.t)),
            values_node(nums.grad_c, rounding),
            answer_id="grad",
            note=Text(grad_text, grad_text),
        ),
    ]


def _loss_links(nums: SoftmaxNumbers, rounding: Rounding) -> fm.Node:
    """−ln y_k with y_k put in; without a calculator, then with the hint's ln values."""
    with_y = fm.Neg(fm.Call("ln", (show(nums.y_c[nums.k], rounding),)))
    if rounding.decimals is not None:
        return with_y
    return fm.eq(with_y, fm.Neg(fm.Paren(hinted_ln_node(Fraction(nums.y[nums.k])))))
