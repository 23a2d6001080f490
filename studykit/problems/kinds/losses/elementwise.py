"""The losses of a prediction ŷ and a target t (MSE and its variants, L1, smooth L1, cross
entropy, binary cross entropy): L and ∂L/∂ŷ by the formulas of the package's table, checked by
the catalog's ``fn`` and ``grad``."""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from .... import math as fm
from ....catalog import LOSSES
from ...model import Answer, Para, Problem, Rounding, Tolerance
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
    values_node,
    vector_answer,
    verify,
)
from .common import LOG_HINT, D, L, T, V, Y, engine_loss, hinted_ln, hinted_ln_node, loss_line

#: A formula and the same formula with the numbers put in.
Worked = tuple[fm.Node, fm.Node]
LOG_LOSSES = ("cross_entropy", "binary_cross_entropy")


def _ln(x: Value) -> float:
    return math.log(float(x))


def hand_loss(name: str, y: list[Value], t: list[Value]) -> tuple[Value, list[Value]]:
    """(L, ∂L/∂ŷ) by the formulas in the module docstring (y are logits for softmax CE)."""
    n = len(y)
    d = [a - b for a, b in zip(y, t, strict=True)]
    if name == "mse":
        return sum(x * x for x in d) / 2, d
    if name == "mse_sum":
        return sum(x * x for x in d), [2 * x for x in d]
    if name == "mse_mean":
        return sum(x * x for x in d) / n, [2 * x / n for x in d]
    if name == "l1":
        return sum(abs(x) for x in d), [Fraction((x > 0) - (x < 0)) for x in d]
    if name == "smooth_l1":
        return (
            sum(x * x / 2 if abs(x) < 1 else abs(x) - Fraction(1, 2) for x in d),
            [x if abs(x) < 1 else Fraction((x > 0) - (x < 0)) for x in d],
        )
    if name == "cross_entropy":
        return -sum(b * _ln(a) for a, b in zip(y, t, strict=True) if b), [
            -b / a for a, b in zip(y, t, strict=False)
        ]
    if name == "binary_cross_entropy":
        loss = -sum(_ln(a) if b == 1 else _ln(1 - a) for a, b in zip(y, t, strict=True))
        return loss, [(a - b) / (a * (1 - a)) for a, b in zip(y, t, strict=True)]
    raise KeyError(name)


def elementwise_problem(
    name: str, y: list[Value], t: list[Value], options: Options, rounding: Rounding
) -> Problem:
    """L and ∂L/∂ŷ for prediction y and target t, by hand and by the catalog."""
    loss, grad = hand_loss(name, y, t)
    e_loss, e_grad = engine_loss(name, y, t)
    verify(e_loss, loss, f"{name} loss")
    verify(e_grad, grad, f"{name} gradient")
    exact_only(grad, options)
    if name in LOG_LOSSES and all(g == 0 for g in grad):
        raise Redraw("zero gradient")
    entry = LOSSES[name]
    loss_tol = Tolerance(abs=1e-3) if name in LOG_LOSSES and not options.calculator else None
    (loss_f, loss_s), (grad_f, grad_s) = FORMULAS[name](name, y, t)
    if name in LOG_LOSSES and not options.calculator:  # the hint's logarithms, put in
        carried_loss: Value = _hinted_log_loss(name, y, t)
        loss_s = fm.eq(loss_s, _hinted_terms(name, y, t))
    else:
        carried_loss = round_value(
            loss, rounding
        )  # written to the stated decimals, like every value
    answers: list[Answer] = [
        number_answer(
            "loss",
            Text("loss L", "损失 L"),
            loss,
            carried_loss,
            rounding if not loss_tol else Rounding(4, carry=False),
            tolerance=loss_tol,
        ),
        vector_answer(
            "grad",
            Text("gradient ∂L/∂ŷ", "梯度 ∂L/∂ŷ"),
            grad,
            [round_value(g, rounding) for g in grad],
            rounding,
        ),
    ]
    steps = [
        step(
            Text("Loss", "损失"),
            loss_f,
            loss_s,
            show(carried_loss, rounding),
            answer_id="loss",
        ),
        step(
            Text("Gradient with respect to the prediction", "对预测值的梯度"),
            grad_f,
            grad_s,
            values_node([round_value(g, rounding) for g in grad], rounding),
            answer_id="grad",
            note=Text("in general: ∂L/∂ŷ = ", "一般地：∂L/∂ŷ = ")
            + Text(entry.grad_text, entry.grad_text),
        ),
    ]
    return make_problem(
        options,
        Text("Loss and gradient: ", "损失与梯度：") + entry.title,
        _statement(name, y, t, options),
        answers,
        steps,
        conventions(options, rounding, mse=name if name.startswith("mse") else "mse"),
        givens={"losses": [name]},
    )


def _statement(name: str, y: list[Value], t: list[Value], options: Options) -> list[Para]:
    """The loss, ŷ and t, the task; the ln hint (no calculator) and the catalog's note."""
    entry = LOSSES[name]
    statement = [
        loss_line(name),
        para(
            Text("Prediction ", "预测值 "),
            fm.eq(V("y", hat=True), values_node(y)),
            Text(", target ", "，目标值 "),
            fm.eq(V("t"), values_node(t)),
            Text(".", "。"),
        ),
        para(Text("Compute the loss L and the gradient ∂L/∂ŷ.", "求损失 L 与梯度 ∂L/∂ŷ。")),
    ]
    if name in LOG_LOSSES and not options.calculator:
        statement.append(para(LOG_HINT))
    if entry.note.en:
        statement.append(para(entry.note))
    return statement


def _log_terms(name: str, y: list[Value], t: list[Value]) -> list[Value]:
    """The arguments of the logarithms of a log loss (the true class's ŷ; y or 1 − y)."""
    if name == "cross_entropy":
        return [a for a, b in zip(y, t, strict=True) if b]
    return [a if b == 1 else 1 - a for a, b in zip(y, t, strict=True)]


def _hinted_log_loss(name: str, y: list[Value], t: list[Value]) -> Fraction:
    """−Σ ln of the terms, each ln from the hint's values: what the student computes."""
    return -sum((hinted_ln(Fraction(v)) for v in _log_terms(name, y, t)), Fraction(0))


def _hinted_terms(name: str, y: list[Value], t: list[Value]) -> fm.Node:
    """−(ln … + ln …) with each ln replaced by its value from the hint."""
    terms = [fm.Paren(hinted_ln_node(Fraction(v))) for v in _log_terms(name, y, t)]
    return fm.Neg(terms[0]) if len(terms) == 1 else fm.Neg(fm.Paren(fm.add(*terms)))


# ----------------------------------------------------------------------------- formulas
# Each gives (L, L with the numbers) and (∂L/∂ŷ, ∂L/∂ŷ with the numbers).

HALF = fm.num(Fraction(1, 2))


def _differences(y: list[Value], t: list[Value]) -> list[fm.Node]:
    """(ŷᵢ − tᵢ) with the numbers put in."""
    return [fm.Paren(fm.sub(show(a), show(b))) for a, b in zip(y, t, strict=True)]


def _mse(name: str, y: list[Value], t: list[Value]) -> tuple[Worked, Worked]:
    """½Σ(ŷ − t)², Σ(ŷ − t)² or (1/n)Σ(ŷ − t)², and their gradients."""
    d_node = _differences(y, t)
    n = len(y)
    coef = {"mse": HALF, "mse_sum": None, "mse_mean": fm.Frac(fm.num(1), fm.num(n))}[name]
    body = fm.Sum(fm.Pow(fm.Paren(fm.sub(Y, T)), fm.num(2)), "i")
    loss_f = fm.eq(L, fm.mul(coef, body) if coef else body)
    terms = fm.add(*[fm.Pow(dn, fm.num(2)) for dn in d_node])
    loss_s = fm.mul(coef, fm.Paren(terms)) if coef else terms
    gcoef = {"mse": None, "mse_sum": fm.num(2), "mse_mean": fm.Frac(fm.num(2), fm.num(n))}[name]
    grad_f = fm.eq(
        fm.Partial(L, Y), fm.mul(gcoef, fm.Paren(fm.sub(Y, T))) if gcoef else fm.sub(Y, T)
    )
    grad_s = fm.vector([fm.mul(gcoef, dn) if gcoef else dn for dn in d_node])
    return (loss_f, loss_s), (grad_f, grad_s)


def _l1(name: str, y: list[Value], t: list[Value]) -> tuple[Worked, Worked]:
    """Σ|ŷ − t| and sign(ŷ − t)."""
    d_vals = [a - b for a, b in zip(y, t, strict=True)]
    loss_f = fm.eq(L, fm.Sum(fm.Abs(fm.sub(Y, T)), "i"))
    loss_s = fm.add(*[fm.Abs(fm.sub(show(a), show(b))) for a, b in zip(y, t, strict=False)])
    grad_f = fm.eq(fm.Partial(L, Y), fm.Call("sign", (fm.sub(Y, T),)))
    grad_s = fm.vector([fm.Call("sign", (show(x),)) for x in d_vals])
    return (loss_f, loss_s), (grad_f, grad_s)


def _smooth_l1(name: str, y: list[Value], t: list[Value]) -> tuple[Worked, Worked]:
    """Σ (½d² if |d| < 1 else |d| − ½) and d if |d| < 1 else sign(d)."""
    d_vals = [a - b for a, b in zip(y, t, strict=True)]
    inside = fm.Op("<", (fm.Abs(D), fm.num(1)))  # |dᵢ| < 1, in the same dᵢ as the values
    outside = fm.Word(Text("otherwise", "否则"))
    loss_f = fm.eq(
        L,
        fm.Sum(
            fm.Cases(
                (
                    (fm.mul(HALF, fm.Pow(D, fm.num(2))), inside),
                    (fm.sub(fm.Abs(D), HALF), outside),
                )
            ),
            "i",
        ),
    )
    loss_s = fm.add(
        *[
            fm.mul(HALF, fm.Pow(show(x), fm.num(2)))
            if abs(x) < 1
            else fm.sub(fm.Abs(show(x)), HALF)
            for x in d_vals
        ]
    )
    grad_f = fm.eq(fm.Partial(L, Y), fm.Cases(((D, inside), (fm.Call("sign", (D,)), outside))))
    grad_s = fm.vector([show(x) if abs(x) < 1 else fm.Call("sign", (show(x),)) for x in d_vals])
    return (loss_f, loss_s), (grad_f, grad_s)


def _cross_entropy(name: str, y: list[Value], t: list[Value]) -> tuple[Worked, Worked]:
    """−Σ tᵢ ln yᵢ (only the true class counts) and −t/y."""
    loss_f = fm.eq(L, fm.Neg(fm.Sum(fm.mul(T, fm.Call("ln", (V("y", sub="i"),))), "i")))
    k = next(i for i, b in enumerate(t) if b)
    loss_s = fm.Neg(fm.Call("ln", (show(y[k]),)))
    grad_f = fm.eq(fm.Partial(L, V("y", sub="i")), fm.Neg(fm.Frac(T, V("y", sub="i"))))
    grad_s = fm.vector([fm.Neg(fm.Frac(show(b), show(a))) for a, b in zip(y, t, strict=False)])
    return (loss_f, loss_s), (grad_f, grad_s)


def _binary_cross_entropy(name: str, y: list[Value], t: list[Value]) -> tuple[Worked, Worked]:
    """−Σ [t ln y + (1 − t) ln(1 − y)] and (y − t)/(y(1 − y))."""
    yi = V("y", sub="i")
    loss_f = fm.eq(
        L,
        fm.Neg(
            fm.Sum(
                fm.add(
                    fm.mul(T, fm.Call("ln", (yi,))),
                    fm.mul(fm.Paren(fm.sub(fm.num(1), T)), fm.Call("ln", (fm.sub(fm.num(1), yi),))),
                ),
                "i",
            )
        ),
    )
    loss_s = fm.Neg(
        fm.add(
            *[
                fm.Call("ln", (show(a) if b == 1 else show(1 - a),))
                for a, b in zip(y, t, strict=False)
            ]
        )
    )
    grad_f = fm.eq(
        fm.Partial(L, yi), fm.Frac(fm.sub(yi, T), fm.mul(yi, fm.Paren(fm.sub(fm.num(1), yi))))
    )
    grad_s = fm.vector(
        [
            fm.Frac(fm.sub(show(a), show(b)), fm.mul(show(a), show(1 - a)))
            for a, b in zip(y, t, strict=False)
        ]
    )
    return (loss_f, loss_s), (grad_f, grad_s)


FORMULAS: dict[str, Callable[[str, list[Value], list[Value]], tuple[Worked, Worked]]] = {
    "mse": _mse,
    "mse_sum": _mse,
    "mse_mean": _mse,
    "l1": _l1,
    "smooth_l1": _smooth_l1,
    "cross_entropy": _cross_entropy,
    "binary_cross_entropy": _binary_cross_entropy,
}
