"""C5 ``loss_convexity``: the squared error (1 − σ(z))² against the cross entropy −ln σ(z) as
functions of z (target 1), by their second derivatives at a given z.

With s = σ(z) and σ′ = s(1 − s): E(z) = (1 − s)² has E′ = −2s(1 − s)² and
E″ = 2s(1 − s)²(3s − 1), negative for s < ⅓ (z < −ln 2), so E is not convex in z;
C(z) = −ln s has C′ = s − 1 and C″ = s(1 − s) > 0 everywhere, so C is convex. The sign of the
second derivative at z decides which loss curves downward there.

Without a calculator z = ±ln k (σ(ln k) = k/(k + 1), so every value is an exact fraction) or 0;
with one, z has one decimal and s is rounded to 4 decimals and carried. Hand route: the exam
forms above from the printed s. Second route: SymPy differentiates the raw expressions in z
(:func:`studykit.symbolic.concepts.sigmoid_loss_derivatives`), no exam form used.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from ... import math as fm
from ...catalog import EXACT, round_half_up
from ..model import Answer, Problem, Rounding, Step
from ..registry import Kind, Options, Redraw, VerificationError, register
from ._basic import (
    Text,
    conventions,
    decimal,
    make_problem,
    number_answer,
    para,
    pick,
    rounding_for,
    show,
    step,
    verify,
)

V = fm.Var
S = V("s")
LOG_BASES = (Fraction(2), Fraction(3), Fraction(4), Fraction(9))
CHOICES = (
    ("A", Text("only the squared error E", "只有平方误差 E")),
    ("B", Text("only the cross entropy C", "只有交叉熵 C")),
    ("C", Text("both", "两者都是")),
    ("D", Text("neither", "两者都不是")),
)


@dataclass(frozen=True)
class Point:
    """The z where the losses are compared: a decimal, or ±ln k (``log_of`` = k or 1/k)."""

    z: Fraction | None
    log_of: Fraction | None

    def node(self) -> fm.Node:
        if self.log_of is None:
            return show(self.z)
        if self.log_of == 1:
            return fm.num(0)
        k = self.log_of if self.log_of > 1 else 1 / self.log_of
        ln = fm.Call("ln", (fm.num(k),))
        return ln if self.log_of > 1 else fm.Neg(ln)

    def sigma(self) -> Fraction:
        """σ(z) exactly (a rational at ±ln k) or to the catalog's exact precision."""
        if self.log_of is not None:
            return self.log_of / (1 + self.log_of)
        return 1 / (1 + EXACT.exp(-self.z))


def draw_point(rng: random.Random, options: Options) -> Point:
    if not options.calculator:
        if rng.random() < 0.15:
            return Point(None, Fraction(1))
        k = pick(rng, LOG_BASES)
        log_of = k if rng.random() < 0.5 else 1 / k
        if log_of == Fraction(1, 2):
            raise Redraw("z = −ln 2 is where E″ is exactly 0")
        return Point(None, log_of)
    z = decimal(rng, -4, 2.5, 1, nonzero=False)
    if abs(float(z) + 0.6931) < 0.15:
        raise Redraw("too close to where E″ changes sign")
    return Point(z, None)


@dataclass(frozen=True)
class Curvature:
    """Every printed value: s, 1 − s, 3s − 1 and the four derivatives, as printed."""

    s: Fraction
    e_first: Fraction
    e_second: Fraction
    c_first: Fraction
    c_second: Fraction


def hand_route(s_exact: Fraction, rounding: Rounding) -> Curvature:
    """The exam forms from the printed s (rounded half up when there is a calculator)."""
    q = (
        (lambda v: v)
        if rounding.decimals is None
        else (lambda v: round_half_up(v, rounding.decimals))
    )
    s = q(s_exact)
    return Curvature(
        s=s,
        e_first=q(-2 * s * (1 - s) ** 2),
        e_second=q(2 * s * (1 - s) ** 2 * (3 * s - 1)),
        c_first=q(s - 1),
        c_second=q(s * (1 - s)),
    )


def verify_by_sympy(point: Point, exact: Curvature, printed: Curvature, rounding: Rounding) -> None:
    """SymPy's raw derivatives equal the exam forms at the exact s (exactly without a
    calculator), and the printed values lie within the rounding's reach of them."""
    from ...symbolic.concepts import sigmoid_loss_derivatives

    sympy = sigmoid_loss_derivatives(point.z, point.log_of)
    pairs = {
        "squared_first": exact.e_first,
        "squared_second": exact.e_second,
        "cross_first": exact.c_first,
        "cross_second": exact.c_second,
    }
    for name, value in pairs.items():
        if point.log_of is not None and sympy[name] != value:
            raise VerificationError(f"{name}: {value} by the exam form, {sympy[name]} by SymPy")
        verify(value, sympy[name], name, tol=1e-12)
    if rounding.decimals is not None:
        reach = 3 * 10.0 ** (-rounding.decimals)
        for name, value in zip(
            pairs,
            (printed.e_first, printed.e_second, printed.c_first, printed.c_second),
            strict=True,
        ):
            if abs(float(value) - sympy[name]) > reach:
                raise VerificationError(f"{name}: printed {value} is too far from {sympy[name]}")


def verdict(curvature: Curvature) -> str:
    """Which loss curves downward at z: A only E, B only C, C both, D neither."""
    e_down, c_down = curvature.e_second < 0, curvature.c_second < 0
    return {(True, False): "A", (False, True): "B", (True, True): "C", (False, False): "D"}[
        (e_down, c_down)
    ]


def statement(point: Point, slopes: bool, inflection: bool) -> list:
    asked = Text("σ(z), E″(z) and C″(z)", "σ(z)、E″(z) 和 C″(z)")
    if slopes:
        asked = Text("σ(z), E′(z), E″(z), C′(z) and C″(z)", "σ(z)、E′(z)、E″(z)、C′(z) 和 C″(z)")
    blocks = [
        para(
            Text(
                "A sigmoid output y = σ(z) has the target 1. Compare the squared error "
                "E(z) = (1 − σ(z))² with the cross entropy C(z) = −ln σ(z) as functions of z, at ",
                "sigmoid 输出 y = σ(z) 的目标值为 1。把平方误差 E(z) = (1 − σ(z))² 与交叉熵 "
                "C(z) = −ln σ(z) 看作 z 的函数进行比较，取 ",
            ),
            fm.eq(V("z"), point.node()),
            Text(". You may use σ′ = σ(1 − σ).", "。可以使用 σ′ = σ(1 − σ)。"),
        ),
        para(
            Text("Give ", "求 ")
            + asked
            + Text(
                " at this z, and say which of the two losses curves downward there (a negative "
                "second derivative: not convex).",
                " 在该点的值，并判断哪个损失函数在该点向下弯曲（二阶导数为负：非凸）。",
            )
        ),
    ]
    if inflection:
        blocks.append(
            para(
                Text(
                    "Also give the z at which E″ changes sign.",
                    "再求出 E″ 变号处的 z。",
                )
            )
        )
    return blocks


def sigma_step(point: Point, printed: Curvature, rounding: Rounding) -> Step:
    """σ(z) = 1/(1 + e⁻ᶻ), with e^(∓ln k) = 1/k or k written as a number."""
    formula = fm.eq(
        S,
        fm.Call("σ", (V("z"),)),
        fm.Frac(fm.num(1), fm.add(fm.num(1), fm.Pow(V("e"), fm.Neg(V("z"))))),
    )
    note = None
    if point.log_of is None:
        exponent: fm.Node = fm.Call("exp", (show(-point.z),))
    else:
        exponent = fm.num(1 / point.log_of)
        note = Text("e^(−ln k) = 1/k and e^(ln k) = k", "e^(−ln k) = 1/k，e^(ln k) = k")
    return step(
        Text("The sigmoid output", "sigmoid 的输出"),
        formula,
        fm.Frac(fm.num(1), fm.add(fm.num(1), exponent)),
        show(printed.s, rounding),
        answer_id="s",
        note=note,
    )


def s_terms(s: fm.Node) -> tuple[fm.Node, fm.Node]:
    """(1 − s)² and (3 · s − 1) as written."""
    return fm.Pow(fm.Paren(fm.sub(fm.num(1), s)), fm.num(2)), fm.Paren(
        fm.sub(fm.mul(fm.num(3), s), fm.num(1))
    )


def derivative_steps(printed: Curvature, rounding: Rounding, slopes: bool) -> list[Step]:
    """E′ (when asked) and E″ of the squared error, C′ (when asked) and C″ of the cross entropy."""
    s = show(printed.s, rounding)
    square, factor = s_terms(s)
    e2 = fm.Call("E", (V("z"),), prime=2)
    c2 = fm.Call("C", (V("z"),), prime=2)
    out = []
    if slopes:
        out.append(
            step(
                Text("Slope of the squared error", "平方误差的斜率"),
                fm.eq(
                    fm.Call("E", (V("z"),), prime=1),
                    fm.mul(fm.num(-2), S, fm.Pow(fm.Paren(fm.sub(fm.num(1), S)), fm.num(2))),
                ),
                fm.mul(fm.num(-2), s, square),
                show(printed.e_first, rounding),
                answer_id="e_first",
                note=Text(
                    "E′ = 2(1 − s)(−s′) = −2s(1 − s)², with s′ = s(1 − s)",
                    "E′ = 2(1 − s)(−s′) = −2s(1 − s)²，其中 s′ = s(1 − s)",
                ),
            )
        )
    out.append(
        step(
            Text("Curvature of the squared error", "平方误差的曲率"),
            fm.eq(
                e2,
                fm.mul(
                    fm.num(2),
                    S,
                    fm.Pow(fm.Paren(fm.sub(fm.num(1), S)), fm.num(2)),
                    fm.Paren(fm.sub(fm.mul(fm.num(3), S), fm.num(1))),
                ),
            ),
            fm.mul(fm.num(2), s, square, factor),
            show(printed.e_second, rounding),
            answer_id="e_second",
            note=Text(
                "differentiate E′ = −2s(1 − s)² by the product rule: −2s′(1 − s)² + 4s(1 − s)s′ = 2s(1 − s)²(3s − 1)",
                "用乘积法则对 E′ = −2s(1 − s)² 求导：−2s′(1 − s)² + 4s(1 − s)s′ = 2s(1 − s)²(3s − 1)",
            ),
        )
    )
    if slopes:
        out.append(
            step(
                Text("Slope of the cross entropy", "交叉熵的斜率"),
                fm.eq(fm.Call("C", (V("z"),), prime=1), fm.sub(S, fm.num(1))),
                fm.sub(s, fm.num(1)),
                show(printed.c_first, rounding),
                answer_id="c_first",
                note=Text(
                    "C = −ln s, so C′ = −s′/s = −(1 − s)", "C = −ln s，所以 C′ = −s′/s = −(1 − s)"
                ),
            )
        )
    out.append(
        step(
            Text("Curvature of the cross entropy", "交叉熵的曲率"),
            fm.eq(c2, fm.mul(S, fm.Paren(fm.sub(fm.num(1), S)))),
            fm.mul(s, fm.Paren(fm.sub(fm.num(1), s))),
            show(printed.c_second, rounding),
            answer_id="c_second",
            note=Text(
                "C″ = s′ = s(1 − s) > 0 for every z", "C″ = s′ = s(1 − s)，对任意 z 都大于 0"
            ),
        )
    )
    return out


def verdict_step(printed: Curvature) -> Step:
    sign = (
        Text("E″(z) < 0: E curves downward here", "E″(z) < 0：E 在此处向下弯曲")
        if printed.e_second < 0
        else Text("E″(z) > 0: E curves upward here", "E″(z) > 0：E 在此处向上弯曲")
    )
    return step(
        Text("The sign of the second derivatives", "二阶导数的符号"),
        answer_id="verdict",
        note=sign
        + Text(
            "; C″(z) > 0 everywhere, so the cross entropy is convex in z, while E″ < 0 for z < −ln 2 "
            "makes the squared error non-convex",
            "；C″(z) 处处大于 0，交叉熵关于 z 是凸的，而 z < −ln 2 时 E″ < 0，所以平方误差不是凸的",
        ),
    )


def inflection_step(value: Fraction, rounding: Rounding) -> Step:
    return step(
        Text("Where E″ changes sign", "E″ 变号的位置"),
        fm.eq(V("z"), fm.Neg(fm.Call("ln", (fm.num(2),)))),
        None,
        show(value, rounding),
        answer_id="inflection",
        note=Text(
            "3s − 1 = 0 at s = 1/3, that is e⁻ᶻ = 2: z = −ln 2",
            "3s − 1 = 0 即 s = 1/3，也就是 e⁻ᶻ = 2：z = −ln 2",
        ),
    )


def answers(exact: Curvature, printed: Curvature, rounding: Rounding, slopes: bool) -> list[Answer]:
    """s, the asked derivatives (each one rounding after the printed s) and the verdict."""

    def answer(answer_id: str, label: Text, field: str, carried: int) -> Answer:
        value = getattr(exact, field)
        return number_answer(
            answer_id,
            label,
            value if rounding.decimals is None else float(value),  # irrational: no p/q text
            getattr(printed, field),
            rounding,
            carried,
            depends_on=("s",) if answer_id != "s" else (),
        )

    out = [answer("s", Text("σ(z)", "σ(z)"), "s", 1)]
    if slopes:
        out.append(answer("e_first", Text("E′(z)", "E′(z)"), "e_first", 2))
    out.append(answer("e_second", Text("E″(z)", "E″(z)"), "e_second", 2))
    if slopes:
        out.append(answer("c_first", Text("C′(z)", "C′(z)"), "c_first", 2))
    out.append(answer("c_second", Text("C″(z)", "C″(z)"), "c_second", 2))
    out.append(
        Answer(
            id="verdict",
            label=Text("which loss curves downward at this z", "哪个损失函数在该点向下弯曲"),
            value=verdict(printed),
            kind="choice",
            choices=CHOICES,
        )
    )
    return out


def build_loss_convexity(rng: random.Random, options: Options) -> Problem:
    """Draw z, compute the exam forms by hand (from the printed σ), check them with SymPy."""
    rounding = rounding_for(options)
    point = draw_point(rng, options)
    exact = hand_route(point.sigma(), Rounding(None))
    printed = hand_route(point.sigma(), rounding)
    if abs(printed.e_second) < Fraction(1, 1000) or verdict(printed) != verdict(exact):
        raise Redraw("E″ too close to 0 to read its sign at the stated rounding")
    verify_by_sympy(point, exact, printed, rounding)
    slopes = options.difficulty >= 2
    inflection = options.difficulty == 3 and options.calculator
    steps = [
        sigma_step(point, printed, rounding),
        *derivative_steps(printed, rounding, slopes),
        verdict_step(printed),
    ]
    out = answers(exact, printed, rounding, slopes)
    if inflection:
        from ...symbolic.concepts import squared_error_inflection

        root = -EXACT.log(Fraction(2))
        verify(root, squared_error_inflection(), "where E″ changes sign")
        value = round_half_up(root, rounding.decimals)
        steps.append(inflection_step(value, rounding))
        out.append(
            number_answer(
                "inflection",
                Text("the z where E″ changes sign", "E″ 变号处的 z"),
                float(root),
                value,
                rounding,
            )
        )
    return make_problem(
        options,
        Text(
            "Is the loss convex in z? Squared error against cross entropy",
            "损失关于 z 是凸的吗？平方误差与交叉熵",
        ),
        statement(point, slopes, inflection),
        out,
        steps,
        conventions(options, rounding),
    )


register(
    Kind(
        name="loss_convexity",
        section="C5",
        title=Text("Non-convexity of (1 − σ)² against −ln σ", "(1 − σ)² 的非凸性与 −ln σ"),
        description=Text(
            "second derivatives in z of (1 − σ(z))² and −ln σ(z) at a given z; their sign decides convexity",
            "在给定 z 处求 (1 − σ(z))² 与 −ln σ(z) 关于 z 的二阶导数，由符号判断凸性",
        ),
        build=build_loss_convexity,
    )
)
