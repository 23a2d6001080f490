"""``identity=cyclic``: tr(AB) = tr(BA) for A [2×3], B [3×2] (with the shapes of AB and BA at
difficulty 2), and tr(ABC) = tr(BCA) = tr(CAB) with C [2×2] at difficulty 3. SymPy multiplies
the matrices exactly and proves the identity on symbolic matrices of the same shapes."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np

from .... import math as fm
from ...model import Display, Step
from ...registry import Options, VerificationError
from .._basic import Text, para, step, verify
from .._exact_matrices import Matrix, draw_matrix, exact_number_answer, matrix_node
from .common import A, B, C, as_floats, equal, product_step, shape_answer, tr, trace_step

SYMBOLS = {"A": A, "B": B, "C": C}


def two_factor_steps(a: Matrix, b: Matrix) -> tuple[list[Step], list[Fraction]]:
    """tr(AB) and tr(BA), each from the diagonal of its product only."""
    first, ab = trace_step(
        Text("tr(AB): the diagonal of the 2×2 product", "tr(AB)：2×2 乘积的对角线"),
        tr(fm.dot(A, B)),
        a,
        b,
        "tr_AB",
    )
    second, ba = trace_step(
        Text("tr(BA): the diagonal of the 3×3 product", "tr(BA)：3×3 乘积的对角线"),
        tr(fm.dot(B, A)),
        b,
        a,
        "tr_BA",
        note=Text("only the diagonal entries of BA are needed", "只需要 BA 的对角元"),
    )
    return [first, second], [ab, ba]


def verify_cyclic(mats: list[Matrix], values: list[Fraction]) -> None:
    """SymPy's exact products give the same traces and prove the identity for these shapes;
    NumPy's float products agree."""
    from ....symbolic.concepts import cyclic_traces

    sympy = cyclic_traces(mats)
    equal(values, sympy["traces"], "cyclic traces")
    if not sympy["identity_holds"] or len(set(values)) != 1:
        raise VerificationError("the cyclic identity fails")
    numpy_traces = [
        np.trace(np.linalg.multi_dot([as_floats(m) for m in mats[k:] + mats[:k]]))
        for k in range(len(mats))
    ]
    verify(numpy_traces, [float(v) for v in values], "traces by NumPy")


def shape_part() -> tuple[list, Step]:
    """Difficulty 2: the shapes of AB and BA (different shapes, the same trace)."""
    answers = [
        shape_answer("shape_AB", Text("the shape of AB", "AB 的形状"), 2, 2, fm.dot(A, B)),
        shape_answer("shape_BA", Text("the shape of BA", "BA 的形状"), 3, 3, fm.dot(B, A)),
    ]
    shapes = step(
        Text("Different shapes, the same trace", "形状不同，迹相同"),
        fm.Op(
            ",",
            (
                fm.eq(fm.dot(A, B), fm.Num("[2×3][3×2] = [2×2]")),
                fm.eq(fm.dot(B, A), fm.Num("[3×2][2×3] = [3×3]")),
            ),
        ),
        answer_id="shape_AB",
        note=Text("tr(AB) = tr(BA) = Σᵢⱼ AᵢⱼBⱼᵢ", "tr(AB) = tr(BA) = Σᵢⱼ AᵢⱼBⱼᵢ"),
    )
    return answers, shapes


ASKED = {
    1: Text("tr(AB) and tr(BA)", "tr(AB) 与 tr(BA)"),
    2: Text(
        "tr(AB) and tr(BA), and the shapes of AB and BA", "tr(AB)、tr(BA)，以及 AB 与 BA 的形状"
    ),
    3: Text("tr(ABC), tr(BCA) and tr(CAB)", "tr(ABC)、tr(BCA) 与 tr(CAB)"),
}


def cyclic_problem(rng: random.Random, options: Options) -> tuple[list, list, list]:
    """tr(AB) = tr(BA) (A [2×3], B [3×2]); at difficulty 3 tr(ABC) = tr(BCA) = tr(CAB)."""
    mats = [draw_matrix(rng, 2, 3, options), draw_matrix(rng, 3, 2, options)]
    if options.difficulty == 3:
        mats.append(draw_matrix(rng, 2, 2, options))
        steps, values = three_factor_steps(*mats)
        names: tuple[str, ...] = ("ABC", "BCA", "CAB")
    else:
        steps, values = two_factor_steps(*mats)
        names = ("AB", "BA")
    verify_cyclic(mats, values)
    answers = [
        exact_number_answer(
            f"tr_{name}",
            Text(f"tr({name})", f"tr({name})"),
            value,
            tr(fm.dot(*[SYMBOLS[s] for s in name])),
        )
        for name, value in zip(names, values, strict=True)
    ]
    if options.difficulty == 2:
        shape_answers, shape_step = shape_part()
        answers += shape_answers
        steps.append(shape_step)
    given = tuple(fm.eq(SYMBOLS[s], matrix_node(m)) for s, m in zip("ABC", mats, strict=False))
    statement = [
        para(Text("Let", "设")),
        Display(fm.Op(",", given)),
        para(Text("Compute ", "计算 ") + ASKED[options.difficulty] + Text(".", "。")),
    ]
    return statement, answers, steps


def three_factor_steps(a: Matrix, b: Matrix, c: Matrix) -> tuple[list[Step], list[Fraction]]:
    """AB, then tr((AB)C); BC, then tr((BC)A); CA, then tr((CA)B)."""
    steps: list[Step] = []
    values: list[Fraction] = []
    mats = {"A": a, "B": b, "C": c}
    symbols = SYMBOLS
    for name in ("ABC", "BCA", "CAB"):
        first, second, third = name
        pair = fm.dot(symbols[first], symbols[second])
        product_s, product = product_step(
            Text("The product {p}", "乘积 {p}").format(p=first + second),
            pair,
            mats[first],
            mats[second],
        )
        trace_s, value = trace_step(
            Text("tr({n}) = tr(({p}){c})", "tr({n}) = tr(({p}){c})").format(
                n=name, p=first + second, c=third
            ),
            tr(fm.dot(fm.Paren(pair), symbols[third])),
            product,
            mats[third],
            f"tr_{name}",
        )
        steps += [product_s, trace_s]
        values.append(value)
    return steps, values
