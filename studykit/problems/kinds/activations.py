"""C2 activation problems: f′ at a point (value and exam form). Every number and text comes from
the catalog (fn, grad, exam_form, exam_form_text, kinks, note); the second route is a central
difference of ``fn`` and the catalog's ``exam_form`` evaluated through a tiny string/number shim
(no SymPy in problems/). Which activation has which property: ``activations_property``.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ... import math as fm
from ...catalog import ACTIVATIONS, Activation
from ..model import Answer, Para, Problem, Rounding, Step, Tolerance
from ..registry import Kind, Options, Redraw, VerificationError, register
from ..sampler import KINK_MARGIN, SATURATION_BOUND
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

ELEMENTWISE = tuple(a.name for a in ACTIVATIONS.values() if a.elementwise)
#: Activations whose exam form, written through ``a = f(z)``, is exact without a calculator.
NO_CALC = (
    "sigmoid",
    "tanh",
    "softplus",
    "relu",
    "leaky_relu",
    "prelu",
    "hard_sigmoid",
    "hard_tanh",
    "identity",
)
#: Output values a = f(z) given without a calculator (exam form through the output).
GIVEN_OUTPUT = {
    "sigmoid": [Fraction(k, 10) for k in (1, 2, 3, 4, 5, 6, 7, 8, 9)],
    "tanh": [Fraction(k, 10) for k in (-8, -6, -5, -4, -2, 2, 4, 5, 6, 8)],
    "softplus": [Fraction(k, 10) for k in (1, 2, 3, 4, 5, 6, 7, 8, 9)],  # σ(z) is given
}


class Sym:
    """A number with its SymPy-syntax text: lets catalog exam-form builders run without SymPy."""

    def __init__(self, text: str, value: float) -> None:
        self.text, self.value = text, value

    @staticmethod
    def of(x: Any) -> Sym:
        if isinstance(x, Sym):
            return x
        return Sym(repr(float(x)) if not float(x).is_integer() else str(int(x)), float(x))

    def _bin(self, other: Any, op: str, fn: Any, flip: bool = False) -> Sym:
        a, b = (Sym.of(other), self) if flip else (self, Sym.of(other))
        prec = _PREC[op]
        left = _wrap(a.text, prec + (prec == 3))
        return Sym(f"{left}{op}{_wrap(b.text, prec, right=True)}", fn(a.value, b.value))

    def __add__(self, o: Any) -> Sym:
        return self._bin(o, " + ", lambda a, b: a + b)

    def __radd__(self, o: Any) -> Sym:
        return self._bin(o, " + ", lambda a, b: a + b, True)

    def __sub__(self, o: Any) -> Sym:
        return self._bin(o, " - ", lambda a, b: a - b)

    def __rsub__(self, o: Any) -> Sym:
        return self._bin(o, " - ", lambda a, b: a - b, True)

    def __mul__(self, o: Any) -> Sym:
        return self._bin(o, "*", lambda a, b: a * b)

    def __rmul__(self, o: Any) -> Sym:
        return self._bin(o, "*", lambda a, b: a * b, True)

    def __truediv__(self, o: Any) -> Sym:
        return self._bin(o, "/", lambda a, b: a / b)

    def __rtruediv__(self, o: Any) -> Sym:
        return self._bin(o, "/", lambda a, b: a / b, True)

    def __pow__(self, o: Any) -> Sym:
        return self._bin(o, "**", lambda a, b: a**b)

    def __neg__(self) -> Sym:
        return Sym(f"-{_wrap(self.text, 3)}", -self.value)


_PREC = {" + ": 1, " - ": 1, "*": 2, "/": 2, "**": 3}


def _loosest(text: str) -> int:
    """Precedence of the loosest top-level operator of ``text`` (4 for an atom)."""
    depth, loosest, i = 0, 4, 0
    while i < len(text):
        c = text[i]
        depth += (c == "(") - (c == ")")
        if depth == 0 and i > 0:
            for op in (" + ", " - ", "**", "*", "/"):
                if text.startswith(op, i):
                    loosest = min(loosest, _PREC[op])
                    i += len(op) - 1
                    break
        i += 1
    return 0 if text.startswith("-") else loosest


def _wrap(text: str, prec: int = 4, right: bool = False) -> str:
    """Parenthesise ``text`` as an operand of an operator of precedence ``prec``."""
    loosest = _loosest(text)
    return f"({text})" if loosest < prec or (right and loosest == prec and prec != 3) else text


def _call(name: str, fn: Any) -> Any:
    return lambda x: Sym(f"{name}({Sym.of(x).text})", fn(Sym.of(x).value))


class _Shim:
    """The few ``sp.`` names the smooth exam forms use."""

    exp = staticmethod(_call("exp", math.exp))
    tanh = staticmethod(_call("tanh", math.tanh))
    erf = staticmethod(_call("erf", math.erf))
    sqrt = staticmethod(_call("sqrt", math.sqrt))
    log = staticmethod(_call("log", math.log))
    pi = Sym("pi", math.pi)

    @staticmethod
    def Integer(n: int) -> Sym:  # noqa: N802
        return Sym.of(n)

    @staticmethod
    def Rational(p: int, q: int) -> Sym:  # noqa: N802
        return Sym(f"({p}/{q})", p / q)

    @staticmethod
    def sigmoid(u: Any) -> Sym:
        return 1 / (1 + _Shim.exp(-u))

    @staticmethod
    def Phi(u: Any) -> Sym:  # noqa: N802
        return (1 + _Shim.erf(u / _Shim.sqrt(2))) / 2

    @staticmethod
    def phi(u: Any) -> Sym:
        return _Shim.exp(-(u**2) / 2) / _Shim.sqrt(2 * _Shim.pi)


#: How the output a = f(z) is written in an answer (the checker's function names).
OUTPUT_NAME = {"sigmoid": "sigmoid(z)", "tanh": "tanh(z)"}
SMOOTH_EXPRESSION = ("sigmoid", "tanh", "softplus", "swish", "gelu_sigmoid", "dyt")


def exam_expression(act: Activation, z: float) -> Sym:
    """The catalog's exam form as SymPy-syntax text in z (σ written sigmoid), and its value."""
    p = act.defaults()
    x = Sym("z", z)
    a_value = float(act.fn(np.array([z]), p)[0])
    a = Sym(OUTPUT_NAME.get(act.name, "a"), a_value)
    out = act.exam_form(_Shim, x, a, p)
    return Sym.of(out)


def _sample_z(rng: random.Random, act: Activation, options: Options) -> Fraction:
    z = halves(rng, -3, 3) if not options.calculator else decimal(rng, -3, 3, 1)
    for k in act.kinks:
        if abs(float(z) - k) < KINK_MARGIN:
            raise Redraw("on a kink")
    bound = SATURATION_BOUND.get(act.name, 2.5 if act.saturating else 10)
    if abs(float(z)) > bound:
        raise Redraw("saturation")
    return z


def _central(act: Activation, z: float, h: float = 1e-5) -> float:
    p = act.defaults()
    up, down = act.fn(np.array([z + h]), p)[0], act.fn(np.array([z - h]), p)[0]
    return float((up - down) / (2 * h))


@dataclass(frozen=True)
class Point:
    """One point of ``activation_derivative``: its line of the statement, z, f′(z) by the
    catalog (``value``), the exact (or float) answer and f′ with the number put in."""

    para: Para
    z: float
    value: float
    exact: Any
    substituted: fm.Node


def build_activation_derivative(rng: random.Random, options: Options) -> Problem:
    """f′ at one point per difficulty level (given a = f(z) without a calculator where the exam
    form goes through the output), each checked by a central difference and the exam form; from
    difficulty 2 (or ``form=exam``) the exam form as an expression."""
    pool = ELEMENTWISE if options.calculator else NO_CALC
    name = options.extra.get("activation") or pick(rng, pool)
    if name not in pool:
        raise Redraw("not fit for this mode")  # GenerationError after MAX_DRAWS: say which
    act = ACTIVATIONS[name]
    rounding = rounding_for(options)
    seen: list[Any] = []
    statement: list[Para] = [para(Text("Activation: ", "激活函数：") + act.title + Text(".", "。"))]
    steps: list[Step] = [
        step(
            Text("Exam form of the derivative", "导数的考试形式"),
            fm.eq(fm.Call("f", (fm.Var("z"),), prime=1), fm.Num(act.exam_form_text)),
            note=act.note,
        )
    ]
    answers: list[Answer] = []
    marks: list[float] = []  # the points z, marked on the plot of f
    given_output = name in GIVEN_OUTPUT and not options.calculator
    for i in range(options.difficulty):
        label = str(i + 1)
        if given_output:
            point = _given_output_point(rng, act, label, seen)
        else:
            point = _sampled_point(rng, act, label, options, seen)
        statement.append(point.para)
        marks.append(point.z)
        answer, derivative_step = _point_solution(act, point, label, rounding)
        answers.append(answer)
        steps.append(derivative_step)
    if act.kinks and options.difficulty > 1 and len({a.value for a in answers}) == 1:
        raise Redraw("every point on the same branch")
    if name in SMOOTH_EXPRESSION and (
        options.difficulty >= 2 or options.extra.get("form") == "exam"
    ):
        exam_para, exam_answer, exam_step = _exam_form_question(act)
        statement.append(exam_para)
        answers.append(exam_answer)
        steps.append(exam_step)
    return make_problem(
        options,
        Text("Derivative of ", "求导：") + act.title,
        statement,
        answers,
        steps,
        conventions(options, rounding),
        plot={
            "activations": [{"name": name, "params": act.defaults()}],
            "marks": [float(z) for z in marks],
            "show": "problem",
        },
    )


def _given_output_point(rng: random.Random, act: Activation, label: str, seen: list[Any]) -> Point:
    """Without a calculator: a = σ(z) or tanh(z) is given, f′ = a(1 − a), 1 − a² or σ(z)
    (softplus), exact; Redraw on a repeated point."""
    p = act.defaults()
    name = act.name
    a_val = pick(rng, GIVEN_OUTPUT[name])
    if name == "sigmoid":
        exact, z = a_val * (1 - a_val), math.log(a_val / (1 - a_val))
        given = fm.eq(fm.Call("σ", (fm.Var("z", sub=label),)), show(a_val))
        sub = fm.mul(show(a_val), fm.Paren(fm.sub(fm.num(1), show(a_val))))
    elif name == "tanh":
        exact, z = 1 - a_val * a_val, math.atanh(a_val)
        given = fm.eq(fm.Call("tanh", (fm.Var("z", sub=label),)), show(a_val))
        sub = fm.sub(fm.num(1), fm.Pow(show(a_val), fm.num(2)))
    else:  # softplus′ = σ
        exact, z = a_val, math.log(a_val / (1 - a_val))
        given = fm.eq(fm.Call("σ", (fm.Var("z", sub=label),)), show(a_val))
        sub = show(a_val)
    line = para(
        Text("Given ", "已知 "),
        given,
        Text(", find f′(z{i}).", "，求 f′(z{i})。").format(i=label),
    )
    value = float(act.grad(np.array([z]), act.fn(np.array([z]), p), p)[0])
    if a_val in seen:
        raise Redraw("repeated point")
    seen.append(a_val)
    return Point(line, z, value, exact, sub)


def _sampled_point(
    rng: random.Random, act: Activation, label: str, options: Options, seen: list[Any]
) -> Point:
    """A drawn z off the kinks and out of saturation; f′(z) from the catalog (exact to 1/1000
    without a calculator); Redraw on a repeated point or a vanishing derivative."""
    p = act.defaults()
    zf = _sample_z(rng, act, options)
    z = float(zf)
    if zf in seen:
        raise Redraw("repeated point")
    seen.append(zf)
    a_arr = act.fn(np.array([z]), p)
    value = float(act.grad(np.array([z]), a_arr, p)[0])
    if options.calculator:
        exact: Any = value
    else:
        exact = Fraction(repr(value)).limit_denominator(1000)
        if float(exact) != value:
            raise VerificationError(f"{act.name}′({zf}) = {value} is not exact")
    if abs(value) < 1e-3 and act.name not in ("relu", "hard_sigmoid", "hard_tanh"):
        raise Redraw("vanishing derivative")
    line = para(
        Text("Find f′(z) at ", "求 f′(z) 在 "),
        fm.eq(fm.Var("z", sub=label), show(zf)),
        Text(".", " 处的值。"),
    )
    return Point(line, z, value, exact, fm.Call("f", (show(zf),), prime=1))


def _point_solution(
    act: Activation, point: Point, label: str, rounding: Rounding
) -> tuple[Answer, Step]:
    """f′(zᵢ), checked by a central difference of ``fn`` and (smooth activations) the exam form."""
    z, value = point.z, point.value
    verify(value, _central(act, z), f"{act.name}′({z}) by central difference", tol=1e-5)
    if act.name in SMOOTH_EXPRESSION:
        verify(exam_expression(act, z).value, value, f"{act.name} exam form at {z}")
    carried = round_value(point.exact, rounding)
    answer = number_answer(
        f"d{label}",
        Text("f′(z{i})", "f′(z{i})").format(i=fm.subscript_text(label)),
        point.exact,
        carried,
        rounding,
    )
    derivative_step = step(
        Text("Derivative at point {i}", "第 {i} 个点的导数").format(i=label),
        fm.Call("f", (fm.Var("z", sub=label),), prime=1),
        point.substituted,
        show(carried, rounding),
        answer_id=f"d{label}",
    )
    return answer, derivative_step


def _exam_form_question(act: Activation) -> tuple[Para, Answer, Step]:
    """Write f′(z) as an expression in z: the catalog's exam form as SymPy-syntax text."""
    expr = exam_expression(act, 0.3)
    question = para(
        Text(
            "Write f′(z) as an expression in z (you may use sigmoid(z), tanh(z), exp(z)).",
            "把 f′(z) 写成 z 的表达式（可使用 sigmoid(z)、tanh(z)、exp(z)）。",
        )
    )
    answer = Answer(
        id="exam_form",
        label=Text("f′(z) in exam form", "f′(z) 的考试形式"),
        value=expr.text,
        kind="expression",
        variables=("z",),
        tolerance=Tolerance(abs=1e-6, rel=1e-6),
    )
    exam_step = step(
        Text("Exam form as an expression", "考试形式的表达式"),
        fm.eq(fm.Call("f", (fm.Var("z"),), prime=1), fm.Num(act.exam_form_text)),
        result=fm.Num(expr.text),
        answer_id="exam_form",
    )
    return question, answer, exam_step


register(
    Kind(
        name="activation_derivative",
        section="C2",
        title=Text("Derivative of an activation", "激活函数的导数"),
        description=Text(
            "f′(z) at a point and in exam form, for a catalog activation",
            "目录中激活函数在某点的导数值及其考试形式",
        ),
        build=build_activation_derivative,
        extra_options={"activation": ELEMENTWISE, "form": ("value", "exam")},
    )
)
