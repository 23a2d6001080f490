"""C12 computing gradients: finite differences and forward/reverse-mode automatic differentiation.

- forward difference D₊ = (f(x+h) − f(x))/h, error ≈ f″h/2 = O(h);
- central difference D₀ = (f(x+h) − f(x−h))/(2h), error ≈ f‴h²/6 = O(h²);
- f = σ(wx + b) as h₁ = wx, h₂ = h₁ + b, h₃ = σ(h₂): forward mode carries tangents ḣᵢ = ∂hᵢ/∂w,
  reverse mode carries adjoints h̄ᵢ = ∂f/∂hᵢ from h̄₃ = 1.
Routes: the math module and Fractions here; engine.gradcheck's central difference; the two
AD modes must agree with each other and with the catalog's σ′.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from ... import formula as fm
from ...catalog import ACTIVATIONS
from ...engine.gradcheck import numerical_gradient
from ..model import Rounding
from ..registry import Kind, Options, Redraw, register
from ._basic import (
    Text,
    conventions,
    decimal,
    halves,
    make_problem,
    number_answer,
    para,
    pick,
    round_value,
    rounding_for,
    show,
    step,
    verify,
)

V = fm.Var
X = V("x")


def _sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


#: name -> (f, f′, f″, f‴, formula node of f(x)); polynomials work on Fractions.
FUNCTIONS: dict[str, tuple[Callable, Callable, Callable, Callable, fm.Node]] = {
    "square": (lambda x: x * x, lambda x: 2 * x, lambda x: 2, lambda x: 0, fm.Pow(X, fm.num(2))),
    "cube": (
        lambda x: x**3,
        lambda x: 3 * x * x,
        lambda x: 6 * x,
        lambda x: 6,
        fm.Pow(X, fm.num(3)),
    ),
    "exp": (math.exp, math.exp, math.exp, math.exp, fm.Pow(V("e"), X)),
    "sin": (
        math.sin,
        math.cos,
        lambda x: -math.sin(x),
        lambda x: -math.cos(x),
        fm.Call("sin", (X,)),
    ),
    "sigmoid": (
        _sig,
        lambda x: _sig(x) * (1 - _sig(x)),
        lambda x: _sig(x) * (1 - _sig(x)) * (1 - 2 * _sig(x)),
        lambda x: _sig(x) * (1 - _sig(x)) * (1 - 6 * _sig(x) + 6 * _sig(x) ** 2),
        fm.Call("σ", (X,)),
    ),
    "log": (
        math.log,
        lambda x: 1 / x,
        lambda x: -1 / x**2,
        lambda x: 2 / x**3,
        fm.Call("ln", (X,)),
    ),
}
EXACT_FUNCTIONS = ("square", "cube")


def build_finite_difference(rng: random.Random, options: Options) -> Any:
    pool = tuple(FUNCTIONS) if options.calculator else EXACT_FUNCTIONS
    name = options.extra.get("function") or pick(rng, pool)
    if name not in pool:
        raise Redraw("function needs a calculator")
    f, d1, d2, d3, f_node = FUNCTIONS[name]
    x0 = (
        (decimal(rng, 0.5, 2, 1) if name == "log" else decimal(rng, -2, 2, 1))
        if options.calculator
        else halves(rng, -2, 2)
    )
    hs = [Fraction(1, 10)] if options.calculator else [pick(rng, [Fraction(1, 10), Fraction(1, 2)])]
    if options.difficulty == 3:
        hs.append(hs[0] / 10)
    rounding = Rounding(None) if not options.calculator else Rounding(decimals=6, carry=False)
    xv: Any = x0 if name in EXACT_FUNCTIONS else float(x0)
    exact_d = d1(xv)
    if abs(float(d2(xv))) < 1e-3:
        raise Redraw("f″ ≈ 0 hides the O(h) error")
    answers: list[Any] = []
    steps: list[Any] = [
        step(
            Text("Exact derivative", "精确导数"),
            fm.Call("f", (X,), prime=1),
            None,
            show(exact_d, rounding),
            answer_id="exact",
        )
    ]
    answers.append(
        number_answer("exact", Text("exact f′(x₀)", "精确的 f′(x₀)"), exact_d, exact_d, rounding)
    )
    for k, h in enumerate(hs, start=1):
        hv: Any = h if name in EXACT_FUNCTIONS else float(h)
        fp, f0, fm_ = f(xv + hv), f(xv), f(xv - hv)
        fwd = (fp - f0) / hv
        cen = (fp - fm_) / (2 * hv)
        # second routes: the engine's central difference, and the Taylor error terms
        arr = np.array([float(x0)])
        fn = FUNCTIONS[name][0]
        verify(
            numerical_gradient(lambda: float(fn(float(arr[0]))), arr, eps=float(h))[0],
            cen,
            "central difference vs engine.gradcheck",
            tol=1e-9,
        )
        verify(
            fwd - exact_d,
            float(d2(xv)) * float(h) / 2,
            "forward error ≈ f″h/2",
            tol=float(h) ** 2 * 10,
        )
        verify(
            cen - exact_d,
            float(d3(xv)) * float(h) ** 2 / 6,
            "central error ≈ f‴h²/6",
            tol=float(h) ** 3 * 10,
        )
        tag = str(k) if len(hs) > 1 else ""
        hn = show(h)
        steps += [
            step(
                Text("Forward difference, h = {h}", "前向差分，h = {h}").format(
                    h=fm.format_number(h)
                ),
                fm.Frac(fm.sub(fm.Call("f", (fm.add(X, V("h")),)), fm.Call("f", (X,))), V("h")),
                fm.Frac(fm.sub(show(fp, rounding, 8), show(f0, rounding, 8)), hn),
                show(fwd, rounding),
                answer_id=f"forward{tag}",
            ),
            step(
                Text("Central difference, h = {h}", "中心差分，h = {h}").format(
                    h=fm.format_number(h)
                ),
                fm.Frac(
                    fm.sub(fm.Call("f", (fm.add(X, V("h")),)), fm.Call("f", (fm.sub(X, V("h")),))),
                    fm.mul(fm.num(2), V("h")),
                ),
                fm.Frac(
                    fm.sub(show(fp, rounding, 8), show(fm_, rounding, 8)), fm.mul(fm.num(2), hn)
                ),
                show(cen, rounding),
                answer_id=f"central{tag}",
            ),
            step(
                Text("Errors: forward O(h), central O(h²)", "误差：前向 O(h)，中心 O(h²)"),
                fm.Op(
                    ",",
                    (
                        fm.sub(V("D", sub="+"), fm.Call("f", (X,), prime=1)),
                        fm.sub(V("D", sub="0"), fm.Call("f", (X,), prime=1)),
                    ),
                ),
                None,
                fm.Op(",", (show(fwd - exact_d, rounding), show(cen - exact_d, rounding))),
                answer_id=f"err_forward{tag}",
            ),
        ]
        lab = Text(" (h = {h})", "（h = {h}）").format(h=fm.format_number(h))
        answers += [
            number_answer(
                f"forward{tag}", Text("forward difference", "前向差分") + lab, fwd, fwd, rounding
            ),
            number_answer(
                f"central{tag}", Text("central difference", "中心差分") + lab, cen, cen, rounding
            ),
        ]
        if options.difficulty >= 2:
            answers += [
                number_answer(
                    f"err_forward{tag}",
                    Text("error of the forward difference", "前向差分的误差") + lab,
                    fwd - exact_d,
                    fwd - exact_d,
                    rounding,
                ),
                number_answer(
                    f"err_central{tag}",
                    Text("error of the central difference", "中心差分的误差") + lab,
                    cen - exact_d,
                    cen - exact_d,
                    rounding,
                ),
            ]
    if options.difficulty < 2:
        steps = [
            s
            if not (s.answer_id or "").startswith("err")
            else step(s.title, s.formula, s.substituted, s.result)
            for s in steps
        ]
    else:
        steps = [s for s in steps]
    statement = [
        para(
            Text("Let ", "设 "),
            fm.eq(fm.Call("f", (X,)), f_node),
            Text(" and ", "，"),
            fm.eq(V("x", sub="0"), show(x0)),
            Text(". With step ", "。取步长 "),
            fm.Op(",", tuple(fm.eq(V("h"), show(h)) for h in hs)),
            Text(
                ", compute the forward and central differences"
                + (
                    " and their errors against the exact f′(x₀)."
                    if options.difficulty >= 2
                    else " and the exact f′(x₀)."
                ),
                "，计算前向差分与中心差分"
                + (
                    "以及它们相对精确 f′(x₀) 的误差。"
                    if options.difficulty >= 2
                    else "以及精确的 f′(x₀)。"
                ),
            ),
        ),
    ]
    if options.calculator:
        statement.append(
            para(
                Text(
                    "Work with at least 8 decimals; give answers to 6 decimals.",
                    "计算时至少保留 8 位小数；答案保留 6 位小数。",
                )
            )
        )
    _fix_step_ids(steps, answers)
    return make_problem(
        options,
        Text("Finite differences", "数值微分：有限差分"),
        statement,
        answers,
        steps,
        conventions(options, rounding),
    )


def _fix_step_ids(steps: list[Any], answers: list[Any]) -> None:
    ids = {a.id for a in answers}
    for i, s in enumerate(steps):
        if s.answer_id is not None and s.answer_id not in ids:
            steps[i] = step(s.title, s.formula, s.substituted, s.result, note=s.note)


# ----------------------------------------------------------------------------- autodiff


def build_autodiff_modes(rng: random.Random, options: Options) -> Any:
    """f = σ(w·x + b) (difficulty 1), with two inputs (2), or L = ½(f − t)² on top (3)."""
    rounding = rounding_for(options)
    q = lambda v: round_value(v, rounding)  # noqa: E731
    n_in = 1 if options.difficulty == 1 else 2
    w = [
        halves(rng, -2, 2) if not options.calculator else decimal(rng, -2, 2, 1)
        for _ in range(n_in)
    ]
    x = [halves(rng, -2, 2) for _ in range(n_in)]
    if options.calculator:
        b = decimal(rng, -1, 1, 1, nonzero=False)
    else:
        b = -sum(wi * xi for wi, xi in zip(w, x, strict=False))  # z = 0: σ = ½, σ′ = ¼ exactly
    z = sum(wi * xi for wi, xi in zip(w, x, strict=False)) + b
    if abs(float(z)) > 3:
        raise Redraw("saturated")
    s = Fraction(1, 2) if z == 0 else _sig(float(z))
    ds = s * (1 - s)
    verify(ACTIVATIONS["sigmoid"].grad(np.array([float(z)]), np.array([float(s)]), {})[0], ds, "σ′")
    with_loss = options.difficulty == 3
    t = Fraction(pick(rng, [0, 1]))
    top = (s - t) if with_loss else Fraction(1)  # ∂out/∂f
    # forward mode w.r.t. w₁: ḣ(w₁x₁) = x₁, ḣ(sum) = x₁, ḣ(σ) = σ′·x₁ (· (f − t) for the loss)
    tangent = q(q(ds) * x[0])
    tangent_exact = ds * x[0]
    # reverse mode: adjoints from the top
    adj_z_exact = top * ds
    grads_exact = [adj_z_exact * xi for xi in x] + [adj_z_exact]
    verify(tangent_exact * top, grads_exact[0], "forward vs reverse mode ∂/∂w₁")
    central = (
        _out(w[0] + 1e-6, w, x, b, t, with_loss) - _out(w[0] - 1e-6, w, x, b, t, with_loss)
    ) / 2e-6
    verify(central, grads_exact[0], "reverse mode vs central difference", tol=1e-6)
    top_c = q(q(s) - t) if with_loss else Fraction(1)
    adj_z = q(top_c * q(ds))
    grads_c = [q(adj_z * xi) for xi in x] + [adj_z]
    names = [f"h{i + 1}" for i in range(n_in)]
    hz = f"h{n_in + 1}"
    hs = f"h{n_in + 2}"
    prods = [
        fm.eq(V("h", sub=str(i + 1)), fm.mul(V("w", sub=str(i + 1)), V("x", sub=str(i + 1))))
        for i in range(n_in)
    ]
    sum_f = fm.eq(V("h", sub=hz[1:]), fm.add(*[V("h", sub=n[1:]) for n in names], V("b")))
    sig_f = fm.eq(V("h", sub=hs[1:]), fm.Call("σ", (V("h", sub=hz[1:]),)))
    graph = prods + [sum_f, sig_f]
    if with_loss:
        graph.append(
            fm.eq(
                V("L"),
                fm.mul(
                    fm.num(Fraction(1, 2)),
                    fm.Pow(fm.Paren(fm.sub(V("h", sub=hs[1:]), V("t"))), fm.num(2)),
                ),
            )
        )
    inputs = fm.Op(
        ",",
        tuple(
            [fm.eq(V("w", sub=str(i + 1)), show(wi)) for i, wi in enumerate(w)]
            + [fm.eq(V("x", sub=str(i + 1)), show(xi)) for i, xi in enumerate(x)]
            + [fm.eq(V("b"), show(b))]
            + ([fm.eq(V("t"), show(t))] if with_loss else [])
        ),
    )
    out_name = "L" if with_loss else "f"
    statement = [
        para(
            Text("Computation graph: ", "计算图："),
            fm.Op(",", tuple(graph)),
            Text(" with ", "，其中 "),
            inputs,
            Text(".", "。"),
        ),
        para(
            Text(
                "Fill in the forward-mode table (value and tangent ḣᵢ = ∂hᵢ/∂w₁ of each hᵢ) and the reverse-mode "
                "table (adjoint ∂{o}/∂hᵢ), then give every gradient of {o}.",
                "填写前向模式表（每个 hᵢ 的值与切向量 ḣᵢ = ∂hᵢ/∂w₁）与反向模式表（伴随值 ∂{o}/∂hᵢ），并给出 {o} 的所有梯度。",
            ).format(o=out_name)
        ),
    ]
    vals = [q(wi * xi) for wi, xi in zip(w, x, strict=False)]
    steps = [
        step(
            Text("Forward pass: values", "前向计算：数值"),
            fm.Op(",", tuple(graph[:-1] if with_loss else graph)),
            fm.Op(",", tuple(show(v, rounding) for v in vals) + (show(q(z), rounding),)),
            show(q(s), rounding),
            answer_id="value",
        ),
        step(
            Text(
                "Forward mode: tangents w.r.t. w₁ (seed ẇ₁ = 1)",
                "前向模式：对 w₁ 的切向量（种子 ẇ₁ = 1）",
            ),
            fm.eq(
                V("ḣ", sub=hs[1:]),
                fm.mul(fm.Call("σ", (V("h", sub=hz[1:]),), prime=1), V("ḣ", sub=hz[1:])),
            ),
            fm.mul(show(q(ds), rounding), show(x[0])),
            show(tangent, rounding),
            answer_id="tangent",
            note=Text(
                "ḣ₁ = x₁, the sum passes it on: ḣ = ḣ₁; one forward sweep per input.",
                "ḣ₁ = x₁，加法原样传递：ḣ = ḣ₁；每个输入需要一次前向遍历。",
            ),
        ),
        step(
            Text(
                "Reverse mode: adjoints from the output (seed 1)",
                "反向模式：从输出开始的伴随值（种子为 1）",
            ),
            fm.eq(
                fm.Partial(V(out_name), V("h", sub=hz[1:])),
                fm.mul(
                    *(
                        ([fm.Paren(fm.sub(V("h", sub=hs[1:]), V("t")))] if with_loss else [])
                        + [fm.Call("σ", (V("h", sub=hz[1:]),), prime=1)]
                    )
                ),
            ),
            fm.mul(
                *(
                    ([fm.Paren(fm.sub(show(q(s), rounding), show(t)))] if with_loss else [])
                    + [show(q(ds), rounding)]
                )
            ),
            show(adj_z, rounding),
            answer_id="adjoint",
            note=Text(
                "one backward sweep gives every gradient: ∂/∂wᵢ = adjoint · xᵢ, ∂/∂b = adjoint",
                "一次反向遍历得到所有梯度：∂/∂wᵢ = 伴随值 · xᵢ，∂/∂b = 伴随值",
            ),
        ),
        step(
            Text("Gradients", "梯度"),
            fm.Op(
                ",",
                tuple(
                    [fm.Partial(V(out_name), V("w", sub=str(i + 1))) for i in range(n_in)]
                    + [fm.Partial(V(out_name), V("b"))]
                ),
            ),
            None,
            fm.Op(",", tuple(show(g, rounding) for g in grads_c)),
            answer_id="grad_w1",
        ),
    ]
    answers = [
        number_answer("value", Text("value of σ(h)", "σ(h) 的值"), s, q(s), rounding),
        number_answer(
            "tangent",
            Text("forward-mode tangent of σ(h) w.r.t. w₁", "σ(h) 对 w₁ 的前向模式切向量"),
            tangent_exact,
            tangent,
            rounding,
            steps_carried=2,
        ),
        number_answer(
            "adjoint",
            Text("reverse-mode adjoint of the net input", "净输入的反向模式伴随值"),
            adj_z_exact,
            adj_z,
            rounding,
            steps_carried=2,
        ),
    ]
    for i in range(n_in):
        answers.append(
            number_answer(
                f"grad_w{i + 1}",
                Text("∂{o}/∂w{i}", "∂{o}/∂w{i}").format(o=out_name, i=i + 1),
                grads_exact[i],
                grads_c[i],
                rounding,
                steps_carried=3,
            )
        )
    answers.append(
        number_answer(
            "grad_b",
            Text("∂{o}/∂b", "∂{o}/∂b").format(o=out_name),
            grads_exact[-1],
            grads_c[-1],
            rounding,
            steps_carried=3,
        )
    )
    return make_problem(
        options,
        Text("Forward and reverse mode", "前向模式与反向模式"),
        statement,
        answers,
        steps,
        conventions(options, rounding),
    )


def _out(w1: float, w: list, x: list, b: Any, t: Any, with_loss: bool) -> float:
    z = (
        float(w1) * float(x[0])
        + sum(float(wi) * float(xi) for wi, xi in zip(w[1:], x[1:], strict=False))
        + float(b)
    )
    s = _sig(z)
    return 0.5 * (s - float(t)) ** 2 if with_loss else s


register(
    Kind(
        name="finite_difference",
        section="C12",
        title=Text("Forward and central differences", "前向差分与中心差分"),
        description=Text(
            "numerical derivatives and their O(h) and O(h²) errors",
            "数值导数及其 O(h) 与 O(h²) 误差",
        ),
        build=build_finite_difference,
        extra_options={"function": tuple(FUNCTIONS)},
    )
)
register(
    Kind(
        name="autodiff_modes",
        section="C12",
        title=Text("Automatic differentiation by hand", "手算自动微分"),
        description=Text(
            "forward-mode and reverse-mode tables for f = σ(wx + b)",
            "f = σ(wx + b) 的前向模式与反向模式表",
        ),
        build=build_autodiff_modes,
    )
)
