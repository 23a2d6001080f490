"""``identity=frobenius``: ‖A‖²_F = Σᵢⱼ Aᵢⱼ², AᵀA, tr(AᵀA) (and tr(AAᵀ) at difficulty 3).
SymPy's Frobenius norm and exact products check the hand route; NumPy checks the numbers."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np

from .... import math as fm
from ...model import Display
from ...registry import Options
from .._basic import Text, para, step, verify
from .._exact_matrices import (
    diagonal_sum,
    draw_matrix,
    exact_number_answer,
    matrix_answer,
    matrix_node,
    trace,
    transpose,
)
from .common import (
    A,
    as_floats,
    equal,
    frobenius,
    pairs_sum,
    product_step,
    squares_node,
    tr,
    trace_step,
)

# ----------------------------------------------------------------------------- frobenius


def frobenius_problem(rng: random.Random, options: Options) -> tuple[list, list, list]:
    """‖A‖²_F = Σ Aᵢⱼ², AᵀA, tr(AᵀA) (and tr(AAᵀ) at difficulty 3)."""
    from ....symbolic.concepts import frobenius_facts

    a = draw_matrix(rng, 2, 2 if options.difficulty == 1 else 3, options)
    at = transpose(a)
    norm = pairs_sum(a, a)
    gram_step, gram = product_step(Text("The matrix AᵀA", "矩阵 AᵀA"), fm.dot(fm.T(A), A), at, a)
    gram_step = replace(gram_step, answer_id="gram")
    trace_gram = trace(gram)
    steps = [
        step(
            Text("Sum of the squared entries", "各元素平方和"),
            frobenius(A),
            squares_node(a),
            fm.num(norm),
            answer_id="norm",
        ),
        gram_step,
        step(
            Text("Its trace", "它的迹"),
            tr(fm.dot(fm.T(A), A)),
            diagonal_sum(gram),
            fm.num(trace_gram),
            answer_id="trace_gram",
            note=Text(
                "the diagonal of AᵀA holds the squared lengths of A's columns: tr(AᵀA) = ‖A‖²_F",
                "AᵀA 的对角元是 A 各列长度的平方：tr(AᵀA) = ‖A‖²_F",
            ),
        ),
    ]
    answers = [
        exact_number_answer("norm", Text("‖A‖²_F", "‖A‖²_F"), norm, frobenius(A)),
        matrix_answer("gram", Text("the matrix AᵀA", "矩阵 AᵀA"), gram, fm.dot(fm.T(A), A)),
        exact_number_answer(
            "trace_gram", Text("tr(AᵀA)", "tr(AᵀA)"), trace_gram, tr(fm.dot(fm.T(A), A))
        ),
    ]
    facts = frobenius_facts(a)
    trace_outer = None
    if options.difficulty == 3:
        outer_step, trace_outer = trace_step(
            Text("tr(AAᵀ): the squared lengths of A's rows", "tr(AAᵀ)：A 各行长度的平方"),
            tr(fm.dot(A, fm.T(A))),
            a,
            at,
            "trace_outer",
        )
        steps.append(outer_step)
        answers.append(
            exact_number_answer(
                "trace_outer", Text("tr(AAᵀ)", "tr(AAᵀ)"), trace_outer, tr(fm.dot(A, fm.T(A)))
            )
        )
        equal(trace_outer, facts["trace_outer"], "tr(AAᵀ)")
    equal(norm, facts["norm_squared"], "‖A‖²_F")
    equal(gram, facts["gram"], "AᵀA")
    equal(trace_gram, facts["trace_gram"], "tr(AᵀA)")
    na = as_floats(a)
    verify([np.sum(na * na), np.trace(na.T @ na)], [float(norm), float(trace_gram)], "NumPy")
    asked = Text("‖A‖²_F, the matrix AᵀA and tr(AᵀA)", "‖A‖²_F、矩阵 AᵀA 和 tr(AᵀA)")
    if trace_outer is not None:
        asked = Text(
            "‖A‖²_F, the matrix AᵀA, tr(AᵀA) and tr(AAᵀ)", "‖A‖²_F、矩阵 AᵀA、tr(AᵀA) 和 tr(AAᵀ)"
        )
    statement = [
        para(Text("Let", "设")),
        Display(fm.eq(A, matrix_node(a))),
        para(Text("Compute ", "计算 ") + asked + Text(".", "。")),
    ]
    return statement, answers, steps
