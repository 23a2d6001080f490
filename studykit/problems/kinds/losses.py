"""C5 loss problems: the loss value and its gradient for each catalog loss.

| loss | L | ∂L/∂ŷ |
|---|---|---|
| mse / mse_sum / mse_mean | ½Σd² / Σd² / (1/n)Σd², d = ŷ − t | d / 2d / (2/n)d |
| l1 | Σ\\|d\\| | sign(d) |
| smooth_l1 | Σ (½d² if \\|d\\|<1 else \\|d\\|−½) | d if \\|d\\|<1 else sign(d) |
| cross_entropy | −Σ tᵢ ln yᵢ | −t/y |
| softmax_cross_entropy | −Σ tᵢ ln softmax(z)ᵢ | ∂L/∂z = y − t |
| binary_cross_entropy | −Σ [t ln y + (1−t) ln(1−y)] | (y − t)/(y(1 − y)) |
| cs224n | J = −ln σ(s) | ∂J/∂s = σ(s) − 1 |

Hand route: Fractions and the math module, written here; engine route: catalog ``fn``/``grad``.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction
from typing import Any

import numpy as np

from ... import formula as fm
from ...catalog import ACTIVATIONS, LOSSES
from ..model import Answer, Rounding, Tolerance
from ..registry import Kind, Options, Redraw, register
from ._basic import (
    Text,
    Value,
    conventions,
    decimal,
    exact_only,
    hand_value,
    make_problem,
    number_answer,
    para,
    pick,
    round_value,
    rounding_for,
    show,
    step,
    values_node,
    vector_answer,
    verify,
)

LOSS_CHOICES = (
    "mse",
    "mse_sum",
    "mse_mean",
    "l1",
    "smooth_l1",
    "cross_entropy",
    "softmax_cross_entropy",
    "binary_cross_entropy",
    "cs224n",
)
LOG_HINT = Text(
    "Use ln 2 ≈ 0.6931, ln 3 ≈ 1.0986, ln 5 ≈ 1.6094 and give the loss to 4 decimals.",
    "可用 ln 2 ≈ 0.6931，ln 3 ≈ 1.0986，ln 5 ≈ 1.6094，损失保留 4 位小数。",
)
V = fm.Var
Y, T, D = V("y", sub="i", hat=True), V("t", sub="i"), V("d", sub="i")
L = V("L")


def _smooth_prime(primes: tuple[int, ...], x: Fraction) -> bool:
    """True when numerator and denominator of x factor over ``primes`` only."""
    for n in (x.numerator, x.denominator):
        for p in primes:
            while n % p == 0:
                n //= p
        if n != 1:
            return False
    return True


def _ln(x: Value) -> float:
    return math.log(float(x))


def _sigma(x: Value) -> Value:
    """σ(x); exact when x = ln k is given as ('ln', k)."""
    return 1 / (1 + math.exp(-float(x)))


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


def _sample(rng: random.Random, name: str, options: Options) -> dict[str, Any]:
    n = options.difficulty + 1
    calc = options.calculator
    if name in ("mse", "mse_sum", "mse_mean", "l1", "smooth_l1"):
        y = [hand_value(rng, options, -2, 2) for _ in range(n)]
        t = [hand_value(rng, options, -2, 2) for _ in range(n)]
        d = [a - b for a, b in zip(y, t, strict=False)]
        if name in ("l1", "smooth_l1") and any(x == 0 for x in d):
            raise Redraw("on the kink d = 0")
        if name == "smooth_l1":
            if any(abs(abs(x) - 1) < Fraction(1, 10) for x in d):
                raise Redraw("near the kink |d| = 1")
            if n > 2 and not (any(abs(x) < 1 for x in d) and any(abs(x) > 1 for x in d)):
                raise Redraw("want both branches")
        if all(x == 0 for x in d):
            raise Redraw("zero gradient")
        return {"y": y, "t": t}
    if name == "cross_entropy":
        k = rng.randrange(n)
        parts = [rng.randint(1, 6) for _ in range(n)]
        total = sum(parts)
        y = [Fraction(p, total) for p in parts]
        if not calc and not _smooth_prime((2, 3, 5), y[k]):
            raise Redraw("ln hint covers 2, 3, 5 only")
        if calc:
            y = [Fraction(round(float(v), 2)).limit_denominator(100) for v in y[:-1]]
            y.append(1 - sum(y))
            if y[-1] <= 0:
                raise Redraw("probabilities must be positive")
        return {"y": y, "t": [Fraction(int(i == k)) for i in range(n)]}
    if name == "softmax_cross_entropy":
        k = rng.randrange(n)
        if calc:
            return {"z": [decimal(rng, -2, 2, 1, nonzero=False) for _ in range(n)], "k": k}
        ks = [rng.randint(1, 5) for _ in range(n)]
        if not _smooth_prime((2, 3, 5), Fraction(sum(ks), ks[k])):
            raise Redraw("ln hint covers 2, 3, 5 only")
        return {"ks": ks, "k": k}
    if name == "binary_cross_entropy":
        m = options.difficulty
        if calc:
            y = [decimal(rng, 0.05, 0.95, 2) for _ in range(m)]
        else:
            grid = [
                Fraction(a, b) for a, b in ((1, 5), (1, 4), (2, 5), (1, 2), (3, 5), (3, 4), (4, 5))
            ]
            y = [pick(rng, grid) for _ in range(m)]
        return {"y": y, "t": [Fraction(rng.randint(0, 1)) for _ in range(m)]}
    if calc:
        return {"s": decimal(rng, -3, 3, 1)}
    return {
        "k": pick(
            rng,
            [
                Fraction(1),
                Fraction(4),
                Fraction(1, 4),
                Fraction(3),
                Fraction(1, 3),
                Fraction(9),
                Fraction(1, 9),
            ],
        )
    }


def _engine(name: str, y: list[Value], t: list[Value]) -> tuple[float, np.ndarray]:
    loss = LOSSES[name]
    ya, ta = np.array([[float(v) for v in y]]), np.array([[float(v) for v in t]])
    return float(loss.fn(ya, ta)[0]), loss.grad(ya, ta)[0]


def build_loss_gradient(rng: random.Random, options: Options) -> Any:
    name = options.extra.get("loss") or pick(rng, LOSS_CHOICES)
    data = _sample(rng, name, options)
    rounding = rounding_for(options)
    if name == "softmax_cross_entropy":
        return _softmax_ce(name, data, options, rounding)
    if name == "cs224n":
        return _cs224n(data, options, rounding)
    y, t = data["y"], data["t"]
    loss, grad = hand_loss(name, y, t)
    e_loss, e_grad = _engine(name, y, t)
    verify(e_loss, loss, f"{name} loss")
    verify(e_grad, grad, f"{name} gradient")
    exact_only(grad, options)
    if name in ("cross_entropy", "binary_cross_entropy") and all(g == 0 for g in grad):
        raise Redraw("zero gradient")
    entry = LOSSES[name]
    log_loss = name in ("cross_entropy", "binary_cross_entropy")
    statement = [
        para(
            Text("Loss: ", "损失函数：")
            + entry.title
            + Text(", L = ", "，L = ")
            + Text(entry.formula_text, entry.formula_text)
        ),
        para(
            Text("Prediction ", "预测值 "),
            fm.eq(V("y", hat=True), values_node(y)),
            Text(", target ", "，目标值 "),
            fm.eq(V("t"), values_node(t)),
            Text(".", "。"),
        ),
        para(Text("Compute the loss L and the gradient ∂L/∂ŷ.", "求损失 L 与梯度 ∂L/∂ŷ。")),
    ]
    if log_loss and not options.calculator:
        statement.append(para(LOG_HINT))
    if entry.note.en:
        statement.append(para(entry.note))
    loss_tol = Tolerance(abs=1e-3) if log_loss and not options.calculator else None
    steps, loss_node, grad_node = _formulas(name, y, t, rounding)
    carried_loss = round_value(loss, rounding) if not isinstance(loss, float) else loss
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
            loss_node[0],
            loss_node[1],
            show(carried_loss, rounding),
            answer_id="loss",
        ),
        step(
            Text("Gradient with respect to the prediction", "对预测值的梯度"),
            grad_node[0],
            grad_node[1],
            values_node([round_value(g, rounding) for g in grad], rounding),
            answer_id="grad",
            note=Text("catalog: ∂L/∂ŷ = ", "公式：∂L/∂ŷ = ")
            + Text(entry.grad_text, entry.grad_text),
        ),
        *steps,
    ]
    return make_problem(
        options,
        Text("Loss and gradient: ", "损失与梯度：") + entry.title,
        statement,
        answers,
        steps,
        conventions(options, rounding, mse=name if name.startswith("mse") else "mse"),
    )


def _formulas(
    name: str, y: list[Value], t: list[Value], rounding: Rounding
) -> tuple[list[Any], tuple[fm.Node, fm.Node], tuple[fm.Node, fm.Node]]:
    """General formula and substituted numbers for the loss and the gradient."""
    d_vals = [a - b for a, b in zip(y, t, strict=True)]
    d_node = [fm.Paren(fm.sub(show(a), show(b))) for a, b in zip(y, t, strict=True)]
    half = fm.num(Fraction(1, 2))
    n = len(y)
    grad_of = fm.eq(fm.Partial(L, Y), fm.Num("?"))
    if name in ("mse", "mse_sum", "mse_mean"):
        coef = {"mse": half, "mse_sum": None, "mse_mean": fm.Frac(fm.num(1), fm.num(n))}[name]
        body = fm.Sum(fm.Pow(fm.Paren(fm.sub(Y, T)), fm.num(2)), "i")
        loss_f = fm.eq(L, fm.mul(coef, body) if coef else body)
        terms = fm.add(*[fm.Pow(dn, fm.num(2)) for dn in d_node])
        loss_s = fm.mul(coef, fm.Paren(terms)) if coef else terms
        gcoef = {"mse": None, "mse_sum": fm.num(2), "mse_mean": fm.Frac(fm.num(2), fm.num(n))}[name]
        grad_f = fm.eq(
            fm.Partial(L, Y), fm.mul(gcoef, fm.Paren(fm.sub(Y, T))) if gcoef else fm.sub(Y, T)
        )
        grad_s = fm.vector([fm.mul(gcoef, dn) if gcoef else dn for dn in d_node])
    elif name == "l1":
        loss_f = fm.eq(L, fm.Sum(fm.Abs(fm.sub(Y, T)), "i"))
        loss_s = fm.add(*[fm.Abs(fm.sub(show(a), show(b))) for a, b in zip(y, t, strict=False)])
        grad_f = fm.eq(fm.Partial(L, Y), fm.Call("sign", (fm.sub(Y, T),)))
        grad_s = fm.vector([fm.Call("sign", (show(x),)) for x in d_vals])
    elif name == "smooth_l1":
        inside = fm.Word(Text("if |d| < 1", "若 |d| < 1"))
        outside = fm.Word(Text("otherwise", "否则"))
        loss_f = fm.eq(
            L,
            fm.Sum(
                fm.Cases(
                    (
                        (fm.mul(half, fm.Pow(D, fm.num(2))), inside),
                        (fm.sub(fm.Abs(D), half), outside),
                    )
                ),
                "i",
            ),
        )
        loss_s = fm.add(
            *[
                fm.mul(half, fm.Pow(show(x), fm.num(2)))
                if abs(x) < 1
                else fm.sub(fm.Abs(show(x)), half)
                for x in d_vals
            ]
        )
        grad_f = fm.eq(fm.Partial(L, Y), fm.Cases(((D, inside), (fm.Call("sign", (D,)), outside))))
        grad_s = fm.vector([show(x) if abs(x) < 1 else fm.Call("sign", (show(x),)) for x in d_vals])
    elif name == "cross_entropy":
        loss_f = fm.eq(L, fm.Neg(fm.Sum(fm.mul(T, fm.Call("ln", (V("y", sub="i"),))), "i")))
        k = next(i for i, b in enumerate(t) if b)
        loss_s = fm.Neg(fm.Call("ln", (show(y[k]),)))
        grad_f = fm.eq(fm.Partial(L, V("y", sub="i")), fm.Neg(fm.Frac(T, V("y", sub="i"))))
        grad_s = fm.vector([fm.Neg(fm.Frac(show(b), show(a))) for a, b in zip(y, t, strict=False)])
    else:  # binary cross entropy
        yi = V("y", sub="i")
        loss_f = fm.eq(
            L,
            fm.Neg(
                fm.Sum(
                    fm.add(
                        fm.mul(T, fm.Call("ln", (yi,))),
                        fm.mul(
                            fm.Paren(fm.sub(fm.num(1), T)), fm.Call("ln", (fm.sub(fm.num(1), yi),))
                        ),
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
    del grad_of
    return [], (loss_f, loss_s), (grad_f, grad_s)


def _softmax_ce(name: str, data: dict[str, Any], options: Options, rounding: Rounding) -> Any:
    """Softmax + CE on logits z: y = softmax(z), L = −ln y_k, ∂L/∂z = y − t."""
    k = data["k"]
    if "ks" in data:
        ks = data["ks"]
        total = sum(ks)
        y: list[Value] = [Fraction(v, total) for v in ks]
        z_nodes = [fm.num(0) if v == 1 else fm.Call("ln", (fm.num(v),)) for v in ks]
        z_float = [math.log(v) for v in ks]
        exps = [Fraction(v) for v in ks]
    else:
        z = data["z"]
        z_float = [float(v) for v in z]
        z_nodes = [show(v) for v in z]
        exps = [math.exp(v) for v in z_float]
        y = [e / sum(exps) for e in exps]
    n = len(y)
    t = [Fraction(int(i == k)) for i in range(n)]
    y_c = [round_value(v, rounding) for v in y]
    loss = -math.log(float(y[k]))
    loss_c = -math.log(float(y_c[k]))
    grad = [a - b for a, b in zip(y, t, strict=False)]
    grad_c = [round_value(a - b, rounding) for a, b in zip(y_c, t, strict=False)]
    e_loss, e_grad = _engine(name, z_float, t)
    verify(e_loss, loss, "softmax CE loss")
    verify(e_grad, grad, "softmax CE gradient")
    exact_only(y + grad, options)
    if any(abs(float(g)) < 0.01 for g in grad):
        raise Redraw("a gradient entry rounds away")
    entry = LOSSES[name]
    zi = V("z", sub="i")
    statement = [
        para(
            Text("Loss: ", "损失函数：")
            + entry.title
            + Text(", L = ", "，L = ")
            + Text(entry.formula_text, entry.formula_text)
        ),
        para(
            Text("Logits ", "logits "),
            fm.eq(V("z"), fm.vector(z_nodes)),
            Text(", one-hot target ", "，独热目标 "),
            fm.eq(V("t"), values_node(t)),
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
    loss_tol = Tolerance(abs=1e-3) if not options.calculator else None
    steps = [
        step(
            Text("Softmax of the logits", "对 logits 做 softmax"),
            fm.eq(
                V("y", sub="i"),
                fm.Frac(fm.Pow(V("e"), zi), fm.Sum(fm.Pow(V("e"), V("z", sub="j")), "j")),
            ),
            fm.Frac(values_node(exps, rounding), show(sum(exps), rounding)),
            values_node(y_c, rounding),
            answer_id="y",
        ),
        step(
            Text("Loss: only the target class counts", "损失：只有目标类别起作用"),
            fm.eq(L, fm.Neg(fm.Call("ln", (V("y", sub="k"),)))),
            fm.Neg(fm.Call("ln", (show(y_c[k], rounding),))),
            show(loss_c, Rounding(4)),
            answer_id="loss",
        ),
        step(
            Text("Gradient with respect to the logits", "对 logits 的梯度"),
            fm.eq(fm.Partial(L, V("z")), fm.sub(V("y"), V("t"))),
            fm.sub(values_node(y_c, rounding), values_node(t)),
            values_node(grad_c, rounding),
            answer_id="grad",
            note=Text(entry.grad_text, entry.grad_text),
        ),
    ]
    answers = [
        vector_answer("y", Text("softmax output y", "softmax 输出 y"), y, y_c, rounding),
        number_answer(
            "loss",
            Text("loss L", "损失 L"),
            loss,
            loss_c,
            rounding if rounding.decimals else Rounding(4, carry=False),
            steps_carried=2,
            tolerance=loss_tol,
        ),
        vector_answer(
            "grad", Text("gradient ∂L/∂z", "梯度 ∂L/∂z"), grad, grad_c, rounding, depends_on=("y",)
        ),
    ]
    return make_problem(
        options,
        Text("Loss and gradient: ", "损失与梯度：") + entry.title,
        statement,
        answers,
        steps,
        conventions(options, rounding),
    )


def _cs224n(data: dict[str, Any], options: Options, rounding: Rounding) -> Any:
    """cs224n's J = −ln σ(s), ∂J/∂s = σ(s) − 1 (binary CE with t = 1 after a sigmoid)."""
    if "k" in data:
        k = data["k"]
        sig: Value = k / (k + 1)
        s_float = math.log(k)
        s_node: fm.Node = fm.num(0) if k == 1 else fm.Call("ln", (fm.num(k),))
        if not _smooth_prime((2, 3, 5), 1 / sig):
            raise Redraw("ln hint covers 2, 3, 5 only")
    else:
        s_float = float(data["s"])
        sig = _sigma(s_float)
        s_node = show(data["s"])
    sig_c = round_value(sig, rounding)
    loss, loss_c = -math.log(float(sig)), -math.log(float(sig_c))
    grad, grad_c = sig - 1, round_value(sig_c - 1, rounding)
    bce = LOSSES["binary_cross_entropy"]
    sa = np.array([[s_float]])
    ya = ACTIVATIONS["sigmoid"].fn(sa, {})
    e_loss = float(bce.fn(ya, np.ones_like(ya))[0])
    e_grad = float((bce.grad(ya, np.ones_like(ya)) * ACTIVATIONS["sigmoid"].grad(sa, ya, {}))[0, 0])
    verify(e_loss, loss, "cs224n J")
    verify(e_grad, grad, "cs224n ∂J/∂s")
    exact_only([sig, grad], options)
    s, J = V("s"), V("J")
    statement = [
        para(
            Text("cs224n's loss for a true pair: ", "cs224n 中正样本的损失："),
            fm.eq(J, fm.Neg(fm.Call("ln", (fm.Call("σ", (s,)),)))),
            Text(", with score ", "，得分 "),
            fm.eq(s, s_node),
            Text(".", "。"),
        ),
        para(Text("Compute σ(s), J and ∂J/∂s.", "求 σ(s)、J 以及 ∂J/∂s。")),
        para(bce.note),
    ]
    if not options.calculator:
        statement.append(para(LOG_HINT))
    steps = [
        step(
            Text("Sigmoid of the score", "得分的 sigmoid"),
            fm.eq(
                fm.Call("σ", (s,)), fm.Frac(fm.num(1), fm.add(fm.num(1), fm.Pow(V("e"), fm.Neg(s))))
            ),
            fm.Frac(fm.num(1), fm.add(fm.num(1), fm.Pow(V("e"), fm.Neg(fm.Paren(s_node))))),
            show(sig_c, rounding),
            answer_id="sigma",
        ),
        step(
            Text("Loss", "损失"),
            fm.eq(J, fm.Neg(fm.Call("ln", (fm.Call("σ", (s,)),)))),
            fm.Neg(fm.Call("ln", (show(sig_c, rounding),))),
            show(loss_c, Rounding(4)),
            answer_id="loss",
        ),
        step(
            Text(
                "Gradient: ∂J/∂s = −σ′(s)/σ(s) = −(1 − σ(s))",
                "梯度：∂J/∂s = −σ′(s)/σ(s) = −(1 − σ(s))",
            ),
            fm.eq(fm.Partial(J, s), fm.sub(fm.Call("σ", (s,)), fm.num(1))),
            fm.sub(show(sig_c, rounding), fm.num(1)),
            show(grad_c, rounding),
            answer_id="grad",
        ),
    ]
    answers = [
        number_answer("sigma", Text("σ(s)", "σ(s)"), sig, sig_c, rounding),
        number_answer(
            "loss",
            Text("loss J", "损失 J"),
            loss,
            loss_c,
            rounding if rounding.decimals else Rounding(4, carry=False),
            steps_carried=2,
            tolerance=None if options.calculator else Tolerance(abs=1e-3),
        ),
        number_answer(
            "grad", Text("∂J/∂s", "∂J/∂s"), grad, grad_c, rounding, depends_on=("sigma",)
        ),
    ]
    return make_problem(
        options,
        Text("Loss and gradient: cs224n −log σ(s)", "损失与梯度：cs224n 的 −log σ(s)"),
        statement,
        answers,
        steps,
        conventions(options, rounding),
    )


register(
    Kind(
        name="loss_gradient",
        section="C5",
        title=Text("Loss value and gradient", "损失值与梯度"),
        description=Text(
            "a catalog loss (MSE variants, L1, smooth L1, cross entropy, softmax+CE, BCE, cs224n) "
            "and its gradient",
            "目录中的损失函数（MSE 各变体、L1、Smooth-L1、交叉熵、softmax+交叉熵、二元交叉熵、cs224n）及其梯度",
        ),
        build=build_loss_gradient,
        extra_options={"loss": LOSS_CHOICES},
    )
)
