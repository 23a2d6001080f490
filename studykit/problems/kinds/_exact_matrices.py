"""Small exact matrices for the matrix kinds (C7 products, C8 trace identities): drawing them,
computing with them on Fractions, printing the row-by-column sums a student writes, and their
answers. Private: ``kinds/__init__`` skips ``_`` modules.

A matrix is a list of rows of :class:`~fractions.Fraction`. Without a calculator the entries are
integers in [−4, 4]; with one, one-decimal numbers in [−2, 2]. Every product and sum of such
entries is an exact decimal, so the problems are exact in both modes.
"""

from __future__ import annotations

import random
from fractions import Fraction

from ... import math as fm
from ...i18n import Text
from ..model import Answer
from ..registry import Options
from ._basic import decimal, pick

Matrix = list[list[Fraction]]
NONZERO_INTEGERS = (-4, -3, -2, -1, 1, 2, 3, 4)


def draw_matrix(rng: random.Random, rows: int, cols: int, options: Options) -> Matrix:
    """A rows × cols matrix of non-zero hand-friendly entries (see the module docstring)."""
    if options.calculator:
        return [[decimal(rng, -2, 2, 1) for _ in range(cols)] for _ in range(rows)]
    return [[Fraction(pick(rng, NONZERO_INTEGERS)) for _ in range(cols)] for _ in range(rows)]


def transpose(a: Matrix) -> Matrix:
    return [list(column) for column in zip(*a, strict=True)]


def matmul(a: Matrix, b: Matrix) -> Matrix:
    """(AB)ᵢₖ = Σⱼ AᵢⱼBⱼₖ."""
    return [
        [sum((a[i][j] * b[j][k] for j in range(len(b))), Fraction(0)) for k in range(len(b[0]))]
        for i in range(len(a))
    ]


def hadamard(a: Matrix, b: Matrix) -> Matrix:
    """(A ⊙ B)ᵢⱼ = AᵢⱼBᵢⱼ."""
    return [[x * y for x, y in zip(ra, rb, strict=True)] for ra, rb in zip(a, b, strict=True)]


def trace(a: Matrix) -> Fraction:
    """tr A = Σᵢ Aᵢᵢ (A square)."""
    if len(a) != len(a[0]):
        raise ValueError("the trace needs a square matrix")
    return sum((a[i][i] for i in range(len(a))), Fraction(0))


def number(value: Fraction) -> fm.Node:
    """A number as it is written inside a sum: negative numbers in parentheses."""
    node = fm.num(value)
    return fm.Paren(node) if value < 0 else node


def matrix_node(a: Matrix) -> fm.Mat:
    return fm.matrix([[fm.num(v) for v in row] for row in a])


def product_sum(pairs: list[tuple[Fraction, Fraction]]) -> fm.Node:
    """x₁·y₁ + x₂·y₂ + … as written by hand."""
    terms = [fm.mul(number(x), number(y)) for x, y in pairs]
    return terms[0] if len(terms) == 1 else fm.add(*terms)


def matmul_sums(a: Matrix, b: Matrix) -> fm.Mat:
    """The matrix of row-by-column sums that AB is before it is added up."""
    return fm.matrix(
        [
            [product_sum([(a[i][j], b[j][k]) for j in range(len(b))]) for k in range(len(b[0]))]
            for i in range(len(a))
        ]
    )


def hadamard_products(a: Matrix, b: Matrix) -> fm.Mat:
    """The matrix of entry-by-entry products that A ⊙ B is before they are multiplied out."""
    return fm.matrix(
        [
            [fm.mul(number(x), number(y)) for x, y in zip(ra, rb, strict=True)]
            for ra, rb in zip(a, b, strict=True)
        ]
    )


def diagonal_sum(a: Matrix) -> fm.Node:
    """a₁₁ + a₂₂ + … (the trace written out)."""
    terms = [number(a[i][i]) for i in range(len(a))]
    return terms[0] if len(terms) == 1 else fm.add(*terms)


def matrix_answer(answer_id: str, label: Text, a: Matrix, symbol: fm.Node | None = None) -> Answer:
    """An exact matrix answer (value as floats, exact entries as text)."""
    return Answer(
        id=answer_id,
        label=label,
        value=[[float(v) for v in row] for row in a],
        kind="matrix",
        exact=[[fm.format_number(v) for v in row] for row in a],
        symbol=symbol,
    )


def exact_number_answer(
    answer_id: str, label: Text, value: Fraction, symbol: fm.Node | None = None
) -> Answer:
    """An exact number answer."""
    return Answer(id=answer_id, label=label, value=float(value), exact=str(value), symbol=symbol)


def shape_text(a: Matrix) -> str:
    return f"{len(a)}×{len(a[0])}"
