"""``finite_difference``: the forward difference D₊ = (f(x₀+h) − f(x₀))/h, error ≈ f″h/2 = O(h),
and the central difference D₀ = (f(x₀+h) − f(x₀−h))/(2h), error ≈ f‴h²/6 = O(h²).

The worked solution writes f's values to 8 decimals and computes every difference and error
from the values as written (exact arithmetic on them), so each printed step re-evaluates to
its printed result; the key follows those steps and also accepts the true differences.
Without a calculator, x² and x³ are worked exactly; eˣ, sin, σ and ln give their values (and
f′(x₀)) in the statement. Second routes: the math module's floats, engine.gradcheck's central
difference and the Taylor error terms.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .... import math as fm
from ....catalog import EXACT
from ....engine.gradcheck import numerical_gradient
from ....math.walk import with_values
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
    round_value,
    show,
    step,
    verify,
)

V = fm.Var
X = V("x")
#: Decimals of every value the worked solution writes with a calculator (or is given).
DECIMALS = 8


def sigmoid(x: float) -> float:
    """σ(x) = 1/(1 + e^(−x)) by the math module: the float route's σ."""
    return 1.0 / (1.0 + math.exp(-x))


#: name -> (f, f′, f″, f‴, formula node of f(x)) on floats (the independent route); the
#: polynomials also work on Fractions.
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

#: name -> f and f′ on exact numbers (the catalog's exact route; polynomials stay rational).
EXACT_ROUTE: dict[str, tuple[Callable[[Fraction], Fraction], Callable[[Fraction], Fraction]]] = {
    "square": (lambda x: x * x, lambda x: 2 * x),
    "cube": (lambda x: x**3, lambda x: 3 * x * x),
    "exp": (EXACT.exp, EXACT.exp),
    "sin": (EXACT.sin, EXACT.cos),
    "sigmoid": (EXACT.sigmoid, lambda x: EXACT.sigmoid(x) * (1 - EXACT.sigmoid(x))),
    "log": (EXACT.log, lambda x: 1 / x),
}

#: name -> f′(x) as the worked solution writes it.
PRIME_NODES: dict[str, fm.Node] = {
    "square": fm.mul(fm.num(2), X),
    "cube": fm.mul(fm.num(3), fm.Pow(X, fm.num(2))),
    "exp": fm.Pow(V("e"), X),
    "sin": fm.Call("cos", (X,)),
    "sigmoid": fm.mul(fm.Call("σ", (X,)), fm.Paren(fm.sub(fm.num(1), fm.Call("σ", (X,))))),
    "log": fm.Frac(fm.num(1), X),
}


@dataclass(frozen=True)
class Differences:
    """One step h: f at x₀ + h, x₀, x₀ − h as written, both differences and their errors as
    computed from those (``fwd``, ``cen``, ``err_*``), and the true differences."""

    h: Fraction
    fp: Fraction
    f0: Fraction
    fm_: Fraction
    fwd: Fraction
    cen: Fraction
    err_fwd: Fraction
    err_cen: Fraction
    true_fwd: Fraction
    true_cen: Fraction


@dataclass(frozen=True)
class Setting:
    """The function, the point, the steps and how values are written."""

    name: str
    x0: Fraction
    hs: list[Fraction]
    rounding: Rounding
    hinted: bool  # without a calculator, f's values are given

    def written(self, v: Fraction) -> Fraction:
        return round_value(v, self.rounding)


def build_finite_difference(rng: random.Random, options: Options) -> Problem:
    """f, x₀ and h (a second, 10× smaller h at difficulty 3); the exact f′(x₀), then both
    differences (and their errors from difficulty 2) for every h."""
    s = _setting(rng, options)
    f, d1 = EXACT_ROUTE[s.name]
    if abs(float(FUNCTIONS[s.name][2](float(s.x0)))) < 1e-3:
        raise Redraw("f″ ≈ 0 hides the O(h) error")
    true_d = d1(s.x0)
    d = s.written(true_d)
    diffs = [_differences(s, f, h, d, true_d) for h in s.hs]
    steps = [] if s.hinted else [_derivative_step(s, d)]
    answers: list[Answer] = []
    if not s.hinted:
        answers.append(number_answer("exact", Text("f′(x₀)", "f′(x₀)"), true_d, d, s.rounding))
    for k, diff in enumerate(diffs, start=1):
        tag = str(k) if len(diffs) > 1 else ""
        steps += _difference_steps(s, diff, d, tag, options.difficulty >= 2)
        answers += _difference_answers(diff, true_d, tag, s.rounding, options.difficulty >= 2)
    return make_problem(
        options,
        Text("Finite differences", "数值微分：有限差分"),
        _statement(s, diffs, d, options),
        answers,
        steps,
        conventions(options, s.rounding),
    )


def _setting(rng: random.Random, options: Options) -> Setting:
    name = options.extra.get("function") or pick(
        rng, tuple(FUNCTIONS) if options.calculator else EXACT_FUNCTIONS
    )
    if name not in FUNCTIONS:
        raise Redraw(f"unknown function {name}")
    hinted = not options.calculator and name not in EXACT_FUNCTIONS
    lo = Fraction(1, 2) if name == "log" else -2
    if options.calculator:
        x0, hs = decimal(rng, float(lo), 2, 1, nonzero=name != "log"), [Fraction(1, 10)]
    else:
        x0 = halves(rng, float(lo), 2, nonzero=name != "log")
        hs = [pick(rng, [Fraction(1, 10), Fraction(1, 2)])]
    if options.difficulty == 3:
        hs.append(hs[0] / 10)
    if name == "log" and x0 - hs[0] <= 0:
        raise Redraw("ln needs x₀ − h > 0")
    exact = name in EXACT_FUNCTIONS and not options.calculator
    rounding = Rounding(None) if exact else Rounding(decimals=DECIMALS, carry=True)
    return Setting(name, x0, hs, rounding, hinted)


def _differences(
    s: Setting, f: Callable[[Fraction], Fraction], h: Fraction, d: Fraction, true_d: Fraction
) -> Differences:
    """D₊ and D₀ for step h from f's values as written, and the true ones; the true central
    difference against engine.gradcheck, the errors against the Taylor terms f″h/2, f‴h²/6."""
    exact_values = [f(s.x0 + h), f(s.x0), f(s.x0 - h)]
    fp, f0, fm_ = (s.written(v) for v in exact_values)
    fwd, cen = s.written((fp - f0) / h), s.written((fp - fm_) / (2 * h))
    true_fwd = (exact_values[0] - exact_values[1]) / h
    true_cen = (exact_values[0] - exact_values[2]) / (2 * h)
    f_float, _, d2, d3, _ = FUNCTIONS[s.name]
    arr = np.array([float(s.x0)])
    verify(
        numerical_gradient(lambda: float(f_float(float(arr[0]))), arr, eps=float(h))[0],
        true_cen,
        "central difference vs engine.gradcheck",
        tol=1e-9,
    )
    hf, x = float(h), float(s.x0)
    verify(true_fwd - true_d, d2(x) * hf / 2, "forward error ≈ f″h/2", tol=hf**2 * 10)
    verify(true_cen - true_d, d3(x) * hf**2 / 6, "central error ≈ f‴h²/6", tol=hf**3 * 10)
    return Differences(
        h, fp, f0, fm_, fwd, cen, s.written(fwd - d), s.written(cen - d), true_fwd, true_cen
    )


def _at(node: fm.Node, x: Fraction) -> fm.Node:
    """``node`` with x replaced by the number (in brackets when negative)."""
    number = show(x)
    return with_values(node, {"x": fm.Paren(number) if x < 0 else number})


def _derivative_step(s: Setting, d: Fraction) -> Step:
    """f′(x) by the rules, at x₀."""
    prime = PRIME_NODES[s.name]
    return step(
        Text("Exact derivative", "精确导数"),
        fm.eq(
            fm.Call("f", (V("x", sub="0"),), prime=1), with_values(prime, {"x": V("x", sub="0")})
        ),
        _at(prime, s.x0),
        show(d, s.rounding),
        answer_id="exact",
    )


def _f(point: fm.Node) -> fm.Node:
    return fm.Call("f", (point,))


def _difference_steps(
    s: Setting, diff: Differences, d: Fraction, tag: str, with_errors: bool
) -> list[Step]:
    """f's values (unless given), D₊ and D₀ from them, then (``with_errors``) D − f′(x₀)."""
    n = lambda v: show(v, s.rounding)  # noqa: E731
    h, hn, x0 = diff.h, show(diff.h), V("x", sub="0")
    at_h = Text(", h = {h}", "，h = {h}").format(h=fm.format_number(h))
    points = (fm.add(x0, V("h")), x0, fm.sub(x0, V("h")))
    numbers = (s.x0 + h, s.x0, s.x0 - h)
    f_node = FUNCTIONS[s.name][4]
    steps: list[Step] = []
    if not s.hinted:
        steps.append(
            step(
                Text("Values of f", "f 的值") + at_h,
                fm.Op(",", tuple(_f(p) for p in points)),
                fm.Op(",", tuple(_at(f_node, x) for x in numbers)),
                fm.Op(",", (n(diff.fp), n(diff.f0), n(diff.fm_))),
            )
        )
    steps.append(
        step(
            Text("Forward difference", "前向差分") + at_h,
            fm.eq(V("D", sub="+"), fm.Frac(fm.sub(_f(points[0]), _f(x0)), V("h"))),
            fm.Frac(fm.sub(n(diff.fp), n(diff.f0)), hn),
            n(diff.fwd),
            answer_id=f"forward{tag}",
        )
    )
    steps.append(
        step(
            Text("Central difference", "中心差分") + at_h,
            fm.eq(
                V("D", sub="0"),
                fm.Frac(fm.sub(_f(points[0]), _f(points[2])), fm.mul(fm.num(2), V("h"))),
            ),
            fm.Frac(fm.sub(n(diff.fp), n(diff.fm_)), fm.mul(fm.num(2), hn)),
            n(diff.cen),
            answer_id=f"central{tag}",
        )
    )
    if with_errors:
        steps += _error_steps(s, diff, d, tag, at_h)
    return steps


def _error_steps(s: Setting, diff: Differences, d: Fraction, tag: str, at_h: Text) -> list[Step]:
    """D₊ − f′(x₀), of order h, and D₀ − f′(x₀), of order h²."""
    n = lambda v: show(v, s.rounding)  # noqa: E731
    prime = fm.Call("f", (V("x", sub="0"),), prime=1)
    rows = (
        ("+", diff.fwd, diff.err_fwd, "forward", Text("O(h)", "O(h)"), "err_forward"),
        ("0", diff.cen, diff.err_cen, "central", Text("O(h²)", "O(h²)"), "err_central"),
    )
    return [
        step(
            Text("Error of the {w} difference, of order ", "{z}差分的误差，阶为 ").format(
                w=word, z="前向" if word == "forward" else "中心"
            )
            + order
            + at_h,
            fm.sub(V("D", sub=sub), prime),
            fm.sub(n(value), n(d)),
            n(err),
            answer_id=f"{answer}{tag}",
        )
        for sub, value, err, word, order, answer in rows
    ]


def _difference_answers(
    diff: Differences, true_d: Fraction, tag: str, rounding: Rounding, with_errors: bool
) -> list[Answer]:
    """D₊ and D₀ for this h, and (``with_errors``) their errors: keyed as the worked solution
    computes them, the true values accepted too."""
    lab = Text(" (h = {h})", "（h = {h}）").format(h=fm.format_number(diff.h))
    answers = [
        number_answer(
            f"forward{tag}",
            Text("forward difference D₊", "前向差分 D₊") + lab,
            diff.true_fwd,
            diff.fwd,
            rounding,
        ),
        number_answer(
            f"central{tag}",
            Text("central difference D₀", "中心差分 D₀") + lab,
            diff.true_cen,
            diff.cen,
            rounding,
        ),
    ]
    if with_errors:
        answers += [
            number_answer(
                f"err_forward{tag}",
                Text("error D₊ − f′(x₀)", "误差 D₊ − f′(x₀)") + lab,
                diff.true_fwd - true_d,
                diff.err_fwd,
                rounding,
                steps_carried=2,
            ),
            number_answer(
                f"err_central{tag}",
                Text("error D₀ − f′(x₀)", "误差 D₀ − f′(x₀)") + lab,
                diff.true_cen - true_d,
                diff.err_cen,
                rounding,
                steps_carried=2,
            ),
        ]
    return answers


def _statement(s: Setting, diffs: list[Differences], d: Fraction, options: Options) -> list[Para]:
    """f, x₀ and the steps h; the task; without a calculator for a transcendental f, its values."""
    x0 = V("x", sub="0")
    hs = fm.Op(",", tuple(fm.eq(V("h"), show(h)) for h in s.hs))
    if options.difficulty >= 2:
        task = Text(
            "compute the forward difference D₊ and the central difference D₀"
            + ("" if s.hinted else ", the exact f′(x₀)")
            + " and the errors D₊ − f′(x₀) and D₀ − f′(x₀).",
            "计算前向差分 D₊ 与中心差分 D₀"
            + ("" if s.hinted else "、精确的 f′(x₀)")
            + "，以及误差 D₊ − f′(x₀) 与 D₀ − f′(x₀)。",
        )
    else:
        task = Text(
            "compute the forward difference D₊ and the central difference D₀"
            + ("." if s.hinted else " and the exact f′(x₀)."),
            "计算前向差分 D₊ 与中心差分 D₀" + ("。" if s.hinted else "以及精确的 f′(x₀)。"),
        )
    steps_word = (
        Text(". With the steps ", "。分别取步长 ")
        if len(s.hs) > 1
        else Text(". With the step ", "。取步长 ")
    )
    statement = [
        para(
            Text("Let ", "设 "),
            fm.eq(_f(X), FUNCTIONS[s.name][4]),
            Text(" and ", "，"),
            fm.eq(x0, show(s.x0)),
            steps_word,
            hs,
            Text(", ", "，"),
            task,
        )
    ]
    if s.hinted:
        statement.append(_given_values(s, diffs, d, options))
    return statement


def _given_values(s: Setting, diffs: list[Differences], d: Fraction, options: Options) -> Para:
    """f at every point the differences need, and f′(x₀) for the errors, to 8 decimals."""
    values: dict[Fraction, Fraction] = {}
    for diff in diffs:
        values |= {s.x0 + diff.h: diff.fp, s.x0: diff.f0, s.x0 - diff.h: diff.fm_}
    given = [fm.approx(_f(show(x)), show(v, s.rounding)) for x, v in sorted(values.items())]
    if options.difficulty >= 2:
        given.append(fm.approx(fm.Call("f", (show(s.x0),), prime=1), show(d, s.rounding)))
    return para(Text("Use ", "可用 "), fm.Op(",", tuple(given)), Text(".", "。"))
