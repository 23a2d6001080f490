"""``identity=derivative``: L(W) = tr(WᵀB) (+ tr(CW)) (+ (λ/2)‖W‖²_F) and ∂L/∂W = B (+ Cᵀ)
(+ λW). SymPy differentiates L entry by entry (no identity used); NumPy evaluates L."""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .... import math as fm
from ...model import Block, Display, Step
from ...registry import Options
from .._basic import Text, para, pick, step, verify
from .._exact_matrices import (
    Matrix,
    draw_matrix,
    exact_number_answer,
    matrix_answer,
    matrix_node,
    number,
    transpose,
)
from .common import (
    LAM,
    LAMBDAS,
    B,
    C,
    V,
    W,
    as_floats,
    equal,
    frobenius,
    pairs_node,
    pairs_sum,
    squares_node,
    tr,
)

# ----------------------------------------------------------------------------- derivative


@dataclass(frozen=True)
class TraceLoss:
    """L(W) = tr(WᵀB) [+ tr(CW)] [+ (λ/2)‖W‖²_F] at drawn matrices."""

    w: Matrix
    b: Matrix
    c: Matrix | None
    lam: Fraction | None

    def terms(self) -> list[tuple[Text, fm.Node, fm.Node, Fraction, Text]]:
        """(title, formula, written out, value, rule) for each term of L."""
        out = [
            (
                Text("tr(WᵀB): the sum of the entry-wise products", "tr(WᵀB)：逐元素乘积之和"),
                tr(fm.dot(fm.T(W), B)),
                pairs_node(self.w, self.b),
                pairs_sum(self.w, self.b),
                Text("tr(WᵀB) = Σᵢⱼ WᵢⱼBᵢⱼ", "tr(WᵀB) = Σᵢⱼ WᵢⱼBᵢⱼ"),
            )
        ]
        if self.c is not None:
            ct = transpose(self.c)
            out.append(
                (
                    Text("tr(CW): the sum of the products CⱼᵢWᵢⱼ", "tr(CW)：各乘积 CⱼᵢWᵢⱼ 之和"),
                    tr(fm.dot(C, W)),
                    pairs_node(ct, self.w),
                    pairs_sum(ct, self.w),
                    Text("tr(CW) = Σᵢⱼ CⱼᵢWᵢⱼ", "tr(CW) = Σᵢⱼ CⱼᵢWᵢⱼ"),
                )
            )
        if self.lam is not None:
            squares = pairs_sum(self.w, self.w)
            out.append(
                (
                    Text("(λ/2)‖W‖²_F: the squared entries", "(λ/2)‖W‖²_F：各元素的平方"),
                    fm.mul(fm.Frac(LAM, fm.num(2)), frobenius(W)),
                    fm.mul(fm.Frac(fm.num(self.lam), fm.num(2)), fm.Paren(squares_node(self.w))),
                    self.lam / 2 * squares,
                    Text("‖W‖²_F = tr(WᵀW) = Σᵢⱼ Wᵢⱼ²", "‖W‖²_F = tr(WᵀW) = Σᵢⱼ Wᵢⱼ²"),
                )
            )
        return out

    def value(self) -> Fraction:
        return sum((term[3] for term in self.terms()), Fraction(0))

    def gradient_parts(self) -> list[tuple[fm.Node, Matrix, Text]]:
        """(symbol, matrix, identity) of each term's gradient: B, Cᵀ, λW."""
        out = [(B, self.b, Text("∂tr(WᵀB)/∂W = B", "∂tr(WᵀB)/∂W = B"))]
        if self.c is not None:
            out.append((fm.T(C), transpose(self.c), Text("∂tr(CW)/∂W = Cᵀ", "∂tr(CW)/∂W = Cᵀ")))
        if self.lam is not None:
            out.append(
                (
                    fm.mul(LAM, W),
                    [[self.lam * v for v in row] for row in self.w],
                    Text("∂((λ/2)tr(WᵀW))/∂W = λW", "∂((λ/2)tr(WᵀW))/∂W = λW"),
                )
            )
        return out

    def gradient(self) -> Matrix:
        parts = [m for _, m, _ in self.gradient_parts()]
        return [
            [sum((m[i][j] for m in parts), Fraction(0)) for j in range(len(self.w[0]))]
            for i in range(len(self.w))
        ]

    def numpy_value(self) -> float:
        nw = as_floats(self.w)
        value = np.trace(nw.T @ as_floats(self.b))
        if self.c is not None:
            value += np.trace(as_floats(self.c) @ nw)
        if self.lam is not None:
            value += float(self.lam) / 2 * np.sum(nw * nw)
        return float(value)


def draw_trace_loss(rng: random.Random, options: Options) -> TraceLoss:
    rows, cols = (2, 2) if options.difficulty == 1 else (2, 3)
    w, b = draw_matrix(rng, rows, cols, options), draw_matrix(rng, rows, cols, options)
    c = draw_matrix(rng, cols, rows, options) if options.difficulty >= 2 else None
    lam = pick(rng, LAMBDAS) if options.difficulty == 3 else None
    return TraceLoss(w, b, c, lam)


def verify_trace_loss(loss: TraceLoss) -> None:
    """SymPy differentiates L entry by entry; NumPy evaluates L."""
    from ....symbolic.concepts import trace_loss_gradient

    sympy = trace_loss_gradient(loss.w, loss.b, loss.c, loss.lam)
    equal(loss.value(), sympy["value"], "L(W)")
    equal(loss.gradient(), sympy["gradient"], "∂L/∂W")
    verify(loss.numpy_value(), float(loss.value()), "L(W) by NumPy")


def derivative_statement(loss: TraceLoss) -> list[Block]:
    terms = [term[1] for term in loss.terms()]
    given = [fm.eq(W, matrix_node(loss.w)), fm.eq(B, matrix_node(loss.b))]
    if loss.c is not None:
        given.append(fm.eq(C, matrix_node(loss.c)))
    if loss.lam is not None:
        given.append(fm.eq(LAM, fm.num(loss.lam)))
    formula = fm.add(*terms) if len(terms) > 1 else terms[0]
    return [
        para(Text("Let ", "设 "), fm.eq(fm.Call("L", (W,)), formula), Text(", with", "，其中")),
        Display(fm.Op(",", tuple(given))),
        para(
            Text(
                "Compute L(W), and the gradient ∂L/∂W at this W by the trace identities.",
                "计算 L(W)，并利用迹的恒等式求出此 W 处的梯度 ∂L/∂W。",
            )
        ),
    ]


def derivative_steps(loss: TraceLoss) -> list[Step]:
    """Each term of L written out, their sum, then ∂L/∂W = B (+ Cᵀ) (+ λW) entry by entry."""
    terms = loss.terms()
    single = len(terms) == 1
    steps = [
        step(
            title,
            formula,
            written,
            fm.num(value),
            answer_id="value" if single else None,
            note=rule,
        )
        for title, formula, written, value, rule in terms
    ]
    if not single:
        steps.append(
            step(
                Text("Add the terms", "各项相加"),
                fm.Call("L", (W,)),
                fm.add(*[number(term[3]) for term in terms]),
                fm.num(loss.value()),
                answer_id="value",
            )
        )
    parts = loss.gradient_parts()
    rows, cols = len(loss.w), len(loss.w[0])
    written = None
    if len(parts) > 1:
        written = fm.matrix(
            [
                [fm.add(*[number(m[i][j]) for _, m, _ in parts]) for j in range(cols)]
                for i in range(rows)
            ]
        )
    rule = parts[0][2]
    for _, _, identity in parts[1:]:
        rule = rule + Text(", ", "，") + identity
    steps.append(
        step(
            Text("Gradient by the trace identities", "由迹的恒等式求梯度"),
            fm.eq(
                fm.Partial(V("L"), W), fm.add(*[s for s, _, _ in parts]) if len(parts) > 1 else B
            ),
            written,
            matrix_node(loss.gradient()),
            answer_id="gradient",
            note=rule,
        )
    )
    return steps


def derivative_problem(rng: random.Random, options: Options) -> tuple[list, list, list]:
    loss = draw_trace_loss(rng, options)
    verify_trace_loss(loss)
    answers = [
        exact_number_answer("value", Text("the value L(W)", "L(W) 的值"), loss.value(), V("L")),
        matrix_answer(
            "gradient",
            Text("the gradient ∂L/∂W", "梯度 ∂L/∂W"),
            loss.gradient(),
            fm.Partial(V("L"), W),
        ),
    ]
    return derivative_statement(loss), answers, derivative_steps(loss)
