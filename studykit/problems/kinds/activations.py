"""C2 ``activation_derivative``: f′(z) at given points, and the exam form as an expression.

Everything comes from the catalog: the statement states f, every parameter and (for GELU) what
Φ and φ are; the worked solution writes the catalog's exam form, then puts the numbers in. With
a calculator a student computes σ, tanh … inline (outputs a = f(z) that the exam form uses are
printed first, rounded, and carried); without one the statement gives the values of σ, tanh, Φ …
at each point (2 decimals, as a table would) and the answer is exact from them. The key is what
the printed expression gives; the engine (``grad``) and a central difference of ``fn`` are the
second route, and the tolerance covers the distance between the two.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ... import math as fm
from ...catalog import ACTIVATIONS, EXACT, Activation, elementwise_names, exact, round_half_up
from ...math.code import to_code
from ...math.walk import substitute, walk
from ..model import Answer, Para, Problem, Rounding, Step, Tolerance, round_up
from ..registry import GenerationError, Kind, Options, Redraw, register
from ..sampler import KINK_MARGIN, SATURATION_BOUND
from ..selfcheck import Evaluator
from ._basic import (
    Text,
    conventions,
    decimal,
    halves,
    make_problem,
    para,
    pick,
    rounding_for,
    show,
    step,
    verify,
)
from ._givens import activation_givens, activation_paragraph, exam_form, exam_form_at, uses_output

ELEMENTWISE = elementwise_names()
#: Functions whose values a student needs a calculator (or a table) for.
TRANSCENDENTAL = frozenset({"σ", "tanh", "exp", "ln", "Φ", "φ", "erf"})
#: Places of a value given in a no-calculator statement (as read from a table).
TABLE_DECIMALS = 2


# ----------------------------------------------------------------------------- one point


@dataclass
class Point:
    """One asked point: z, the numbers the exam form needs there, f′ by the printed route and
    by the engine."""

    label: str
    z: Fraction
    output: Fraction | None = None  # a = f(z), printed, where the exam form uses it
    table: list[tuple[fm.Node, Fraction]] = field(default_factory=list)  # given values
    substituted: fm.Node | None = None
    carried: Fraction = Fraction(0)
    engine: float = 0.0


def _irrational_constant(node: fm.Node) -> bool:
    """A root of a number involving π, such as GELU-tanh's √(2/π): no hand value either."""
    return isinstance(node, fm.Sqrt) and any(
        isinstance(n, fm.Var) and n.name == "π" for n in walk(node)
    )


def _tabulate(node: fm.Node, table: list[tuple[fm.Node, Fraction]], ev: Evaluator) -> fm.Node:
    """Each numeric call of a transcendental function, and each irrational constant (√(2/π)),
    replaced by its 2-decimal value, which the statement gives (``table``): the answer is then
    exact from printed numbers, never a 40-digit p/q of π."""

    def given(n: fm.Node) -> fm.Node | None:
        if not (isinstance(n, fm.Call) and n.name in TRANSCENDENTAL or _irrational_constant(n)):
            return None
        value = round_half_up(ev.value(n), TABLE_DECIMALS)
        if all(call != n for call, _ in table):
            table.append((n, value))
        return fm.num(value)

    return substitute(node, given)


def _point(act: Activation, label: str, z: Fraction, options: Options, rounding: Rounding) -> Point:
    """f′ at z as the printed steps compute it (see the module docstring)."""
    p = {k: exact(v) for k, v in act.defaults().items()}
    ev = Evaluator({act.name: p})
    point = Point(label, z)
    if uses_output(act.name):
        a = act.formula(EXACT, z, p)
        point.output = rounding.round(a) if options.calculator else round_half_up(a, TABLE_DECIMALS)
    numeric = exam_form_at(act.name, z, point.output, p)
    if not options.calculator:
        numeric = _tabulate(numeric, point.table, ev)
    point.substituted = numeric
    point.carried = rounding.round(ev.value(numeric))
    zf = np.array([float(z)])
    defaults = act.defaults()
    point.engine = float(act.grad(zf, act.fn(zf, defaults), defaults)[0])
    return point


def _tolerance(point: Point, rounding: Rounding) -> Tolerance:
    """The distance between the printed route and the exact value, plus half a unit."""
    unit = 10.0 ** -(rounding.decimals if rounding.decimals is not None else 6)
    return Tolerance(abs=round_up(abs(float(point.carried) - point.engine) + unit / 2))


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


# ----------------------------------------------------------------------------- the problem


def wants_exam_form(options: Options) -> bool:
    """The exam form is asked from difficulty 2, or with ``form = "exam"``."""
    return options.difficulty >= 2 or options.extra.get("form") == "exam"


def has_exam_form(act: Activation) -> bool:
    """Smooth and not linear: f′ is an expression worth writing."""
    return act.smooth and act.name != "identity"


def derivative_pool(options: Options) -> tuple[str, ...]:
    """The activations drawn when none is asked: never the identity (f′ = 1, nothing to
    differentiate); smooth ones only where the exam form is asked (every variant of a slot
    then has the same parts)."""
    names = [n for n in elementwise_names(sampled_only=True) if n != "identity"]
    if wants_exam_form(options):
        names = [n for n in names if has_exam_form(ACTIVATIONS[n])]
    return tuple(names)


def build_activation_derivative(rng: random.Random, options: Options) -> Problem:
    """f′ at one point per difficulty level, each checked against the engine and a central
    difference; from difficulty 2 (or ``form=exam``) the exam form as an expression too."""
    name = options.extra.get("activation") or pick(rng, derivative_pool(options))
    act = ACTIVATIONS[name]
    if wants_exam_form(options) and not has_exam_form(act):
        if options.extra.get("form") == "exam" and "activation" in options.extra:
            raise GenerationError(
                f"form=exam needs a smooth activation: {name} is piecewise (or linear), its "
                "derivative has no exam form; drop form or choose e.g. sigmoid, tanh, softplus"
            )
        if "activation" not in options.extra:
            raise Redraw("no exam form")
    rounding = rounding_for(options)
    zs: list[Fraction] = []
    for _ in range(options.difficulty):
        z = _sample_z(rng, act, options)
        if z in zs:
            raise Redraw("repeated point")
        zs.append(z)
    points = [_point(act, str(i + 1), z, options, rounding) for i, z in enumerate(zs)]
    for point in points:
        z = float(point.z)
        verify(point.engine, _central(act, z), f"{name}′({z}) by a central difference", 1e-5)
        if abs(point.engine) < 1e-3 and act.smooth:
            raise Redraw("vanishing derivative")
        if abs(float(point.carried) - point.engine) > 0.02:
            raise Redraw("the rounded values are too far from the exact derivative")
    if act.kinks and len(points) > 1 and len({p.carried for p in points}) == 1:
        raise Redraw("every point on the same branch")
    statement: list[Para] = [activation_paragraph(name, {})]
    statement += [_point_para(act, p, options) for p in points]
    answers = [_point_answer(p, rounding) for p in points]
    steps = [_exam_form_step(act)] + [s for p in points for s in _point_steps(act, p, options)]
    if has_exam_form(act) and wants_exam_form(options):
        question, answer, expression_step = _exam_form_question(act)
        statement.append(question)
        answers.append(answer)
        steps.append(expression_step)
    return make_problem(
        options,
        Text("Derivative of ", "求导：") + act.title,
        statement,
        answers,
        steps,
        conventions(options, rounding),
        plot={
            "activations": [{"name": name, "params": act.defaults()}],
            "marks": [float(p.z) for p in points],
            # a plot of a piecewise-linear f shows its slopes: only in the solution then
            "show": "problem" if act.smooth else "solution",
        },
        givens={"activations": [activation_givens(name, {})]},
    )


def _point_para(act: Activation, point: Point, options: Options) -> Para:
    """Find f′(z) at z₁ = 2, where σ(2) = 0.88 (the values a student cannot compute without a
    calculator are given, as a table gives them)."""
    zi = fm.Var("z", sub=point.label)
    parts: list[Any] = [Text("Find f′(z) at ", "求 f′(z) 在 "), fm.eq(zi, show(point.z))]
    parts.append(Text("", " 处的值"))
    given: list[fm.Node] = []
    if point.output is not None and not options.calculator:
        given.append(fm.eq(fm.Call("f", (zi,)), show(point.output)))
    given += [fm.eq(call, show(value)) for call, value in point.table]
    if given:
        parts.append(Text(", where ", "（已知 "))
        for i, g in enumerate(given):
            parts += [Text(", ", "，")] if i else []
            parts.append(g)
        parts.append(Text(".", "）。"))
    else:
        parts.append(Text(".", "。"))
    return para(*parts)


def _point_answer(point: Point, rounding: Rounding) -> Answer:
    label = Text("f′(z{i})", "f′(z{i})").format(i=fm.subscript_text(point.label))
    exact_text = str(point.carried) if rounding.decimals is None else None
    other = round_half_up(exact(point.engine), rounding.decimals or 8)
    alternatives = (float(other),) if float(other) != float(point.carried) else ()
    return Answer(
        id=f"d{point.label}",
        label=label,
        value=float(point.carried),
        exact=exact_text,
        alternatives=alternatives,
        tolerance=_tolerance(point, rounding),
    )


def _exam_form_step(act: Activation) -> Step:
    fz = fm.Call("f", (fm.Var("z"),), prime=1)
    return step(
        Text("Exam form of the derivative", "导数的考试形式"),
        fm.eq(fz, exam_form(act.name, fm.Var("a"))),
        note=act.note,
    )


def _point_steps(act: Activation, point: Point, options: Options) -> list[Step]:
    zi = fm.Var("z", sub=point.label)
    out = []
    if point.output is not None and options.calculator:
        out.append(
            step(
                Text("Output at point {i}", "第 {i} 个点的输出").format(i=point.label),
                fm.eq(fm.Var("a", sub=point.label), fm.Call("f", (zi,))),
                fm.Call(act.symbol, (show(point.z),)),
                show(point.output),
            )
        )
    out.append(
        step(
            Text("Derivative at point {i}", "第 {i} 个点的导数").format(i=point.label),
            fm.Call("f", (zi,), prime=1),
            point.substituted,
            show(point.carried),
            answer_id=f"d{point.label}",
        )
    )
    return out


def _exam_form_question(act: Activation) -> tuple[Para, Answer, Step]:
    """Write f′(z) as an expression in z: the exam form with a = f(z) written out."""
    p = {k: fm.num(exact(v)) for k, v in act.defaults().items()}
    expression = exam_form(act.name, fm.Call(act.symbol, (fm.Var("z"),)), p)
    question = para(
        Text(
            "Write f′(z) as an expression in z (you may use σ(z), tanh(z), exp(z), Φ(z), φ(z)).",
            "把 f′(z) 写成 z 的表达式（可使用 σ(z)、tanh(z)、exp(z)、Φ(z)、φ(z)）。",
        )
    )
    answer = Answer(
        id="exam_form",
        label=Text("f′(z) in exam form", "f′(z) 的考试形式"),
        value=to_code(expression),
        kind="expression",
        variables=("z",),
        tolerance=Tolerance(abs=1e-6, rel=1e-6),
    )
    expression_step = step(
        Text("Exam form as an expression in z", "用 z 表示的考试形式"),
        fm.eq(fm.Call("f", (fm.Var("z"),), prime=1), exam_form(act.name, fm.Var("a"))),
        result=expression,
        answer_id="exam_form",
    )
    return question, answer, expression_step


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
        pins=lambda options: {"activation": derivative_pool(options)},
    )
)
