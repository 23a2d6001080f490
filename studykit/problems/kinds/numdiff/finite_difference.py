"""``finite_difference``: the forward difference D₊ = (f(x+h) − f(x))/h, error ≈ f″h/2 = O(h), and
the central difference D₀ = (f(x+h) − f(x−h))/(2h), error ≈ f‴h²/6 = O(h²). Routes: the math
module and Fractions here, engine.gradcheck's central difference, and the Taylor error terms.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .... import math as fm
from ....engine.gradcheck import numerical_gradient
from ...model import Answer, Para, Problem, Rounding, Step
from ...registry import Options, Redraw
from .._basic import (
    Text,
    conventions,
    decimal,
    halves,
    make_problem,
    number_answer,
    para,
    pick,
    show,
    step,
    verify,
)

V = fm.Var
X = V("x")


def sigmoid(x: float) -> float:
    """σ(x) = 1/(1 + e^(−x)) by the math module: the hand route's σ of both C12 kinds."""
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
        sigmoid,
        lambda x: sigmoid(x) * (1 - sigmoid(x)),
        lambda x: sigmoid(x) * (1 - sigmoid(x)) * (1 - 2 * sigmoid(x)),
        lambda x: sigmoid(x) * (1 - sigmoid(x)) * (1 - 6 * sigmoid(x) + 6 * sigmoid(x) ** 2),
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


@dataclass(frozen=True)
class Differences:
    """f(x₀ + h), f(x₀), f(x₀ − h) and the forward and central differences for one step h."""

    h: Fraction
    fp: Any
    f0: Any
    fm_: Any
    fwd: Any
    cen: Any


def build_finite_difference(rng: random.Random, options: Options) -> Problem:
    """f, x₀ and h (a second, 10× smaller h at difficulty 3); the exact f′(x₀), then both
    differences (and their errors from difficulty 2) for every h."""
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
    steps: list[Step] = [
        step(
            Text("Exact derivative", "精确导数"),
            fm.Call("f", (X,), prime=1),
            None,
            show(exact_d, rounding),
            answer_id="exact",
        )
    ]
    answers: list[Answer] = [
        number_answer("exact", Text("exact f′(x₀)", "精确的 f′(x₀)"), exact_d, exact_d, rounding)
    ]
    for k, h in enumerate(hs, start=1):
        diff = _differences(name, x0, xv, h, exact_d)
        tag = str(k) if len(hs) > 1 else ""
        steps += _difference_steps(diff, exact_d, tag, rounding)
        answers += _difference_answers(diff, exact_d, tag, rounding, options.difficulty >= 2)
    if options.difficulty < 2:
        steps = [
            s
            if not (s.answer_id or "").startswith("err")
            else step(s.title, s.formula, s.substituted, s.result)
            for s in steps
        ]
    _fix_step_ids(steps, answers)
    return make_problem(
        options,
        Text("Finite differences", "数值微分：有限差分"),
        _statement(f_node, x0, hs, options),
        answers,
        steps,
        conventions(options, rounding),
    )


def _differences(name: str, x0: Fraction, xv: Any, h: Fraction, exact_d: Any) -> Differences:
    """D₊ and D₀ for step h, checked against engine.gradcheck and the Taylor error terms."""
    f, _, d2, d3, _ = FUNCTIONS[name]
    hv: Any = h if name in EXACT_FUNCTIONS else float(h)
    fp, f0, fm_ = f(xv + hv), f(xv), f(xv - hv)
    fwd = (fp - f0) / hv
    cen = (fp - fm_) / (2 * hv)
    # second routes: the engine's central difference, and the Taylor error terms
    arr = np.array([float(x0)])
    verify(
        numerical_gradient(lambda: float(f(float(arr[0]))), arr, eps=float(h))[0],
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
    return Differences(h, fp, f0, fm_, fwd, cen)


def _difference_steps(diff: Differences, exact_d: Any, tag: str, rounding: Rounding) -> list[Step]:
    """D₊ and D₀ with f's values to 8 places, then their errors D − f′(x₀)."""
    h, hn = diff.h, show(diff.h)
    return [
        step(
            Text("Forward difference, h = {h}", "前向差分，h = {h}").format(h=fm.format_number(h)),
            fm.Frac(fm.sub(fm.Call("f", (fm.add(X, V("h")),)), fm.Call("f", (X,))), V("h")),
            fm.Frac(fm.sub(show(diff.fp, rounding, 8), show(diff.f0, rounding, 8)), hn),
            show(diff.fwd, rounding),
            answer_id=f"forward{tag}",
        ),
        step(
            Text("Central difference, h = {h}", "中心差分，h = {h}").format(h=fm.format_number(h)),
            fm.Frac(
                fm.sub(fm.Call("f", (fm.add(X, V("h")),)), fm.Call("f", (fm.sub(X, V("h")),))),
                fm.mul(fm.num(2), V("h")),
            ),
            fm.Frac(
                fm.sub(show(diff.fp, rounding, 8), show(diff.fm_, rounding, 8)),
                fm.mul(fm.num(2), hn),
            ),
            show(diff.cen, rounding),
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
            fm.Op(",", (show(diff.fwd - exact_d, rounding), show(diff.cen - exact_d, rounding))),
            answer_id=f"err_forward{tag}",
        ),
    ]


def _difference_answers(
    diff: Differences, exact_d: Any, tag: str, rounding: Rounding, with_errors: bool
) -> list[Answer]:
    """D₊ and D₀ for this h, and (``with_errors``) their errors."""
    lab = Text(" (h = {h})", "（h = {h}）").format(h=fm.format_number(diff.h))
    fwd, cen = diff.fwd, diff.cen
    answers = [
        number_answer(
            f"forward{tag}", Text("forward difference", "前向差分") + lab, fwd, fwd, rounding
        ),
        number_answer(
            f"central{tag}", Text("central difference", "中心差分") + lab, cen, cen, rounding
        ),
    ]
    if with_errors:
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
    return answers


def _statement(f_node: fm.Node, x0: Fraction, hs: list[Fraction], options: Options) -> list[Para]:
    """f, x₀ and the steps h; the task; the decimals to work with (calculator)."""
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
    return statement


def _fix_step_ids(steps: list[Step], answers: list[Answer]) -> None:
    """A step that names an answer the problem does not ask for no longer names it."""
    ids = {a.id for a in answers}
    for i, s in enumerate(steps):
        if s.answer_id is not None and s.answer_id not in ids:
            steps[i] = step(s.title, s.formula, s.substituted, s.result, note=s.note)
