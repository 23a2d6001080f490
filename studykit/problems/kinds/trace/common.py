"""Shared pieces of the trace kinds: the symbols, tr(·) and ‖·‖²_F nodes, sums written out as a
student writes them, and the check that the hand route and SymPy agree exactly."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .... import math as fm
from ...model import Answer, Step
from ...registry import VerificationError
from .._basic import Text, step
from .._exact_matrices import Matrix, matmul, matmul_sums, matrix_node, number, product_sum, trace

IDENTITIES = ("derivative", "cyclic", "frobenius")
LAMBDAS = (Fraction(1, 10), Fraction(1, 2), Fraction(1), Fraction(2))
V = fm.Var
A, B, C, W, LAM = V("A"), V("B"), V("C"), V("W"), V("λ")


def tr(node: fm.Node) -> fm.Call:
    return fm.Call("tr", (node,))


def frobenius(node: fm.Node) -> fm.Norm:
    return fm.Norm(node, sub="F", squared=True)


def as_floats(a: Matrix) -> np.ndarray:
    return np.array([[float(v) for v in row] for row in a])


def equal(a: object, b: object, what: str) -> None:
    """The hand route and SymPy give the same exact value, else VerificationError."""
    if a != b:
        raise VerificationError(f"{what}: {a} by hand, {b} by SymPy")


# ----------------------------------------------------------------------------- written sums


def pairs_sum(x: Matrix, y: Matrix) -> Fraction:
    """Σᵢⱼ XᵢⱼYᵢⱼ = tr(XᵀY)."""
    return sum(
        (p * q for rx, ry in zip(x, y, strict=True) for p, q in zip(rx, ry, strict=True)),
        Fraction(0),
    )


def pairs_node(x: Matrix, y: Matrix) -> fm.Node:
    """x₁₁y₁₁ + x₁₂y₁₂ + … as written."""
    return product_sum(
        [(p, q) for rx, ry in zip(x, y, strict=True) for p, q in zip(rx, ry, strict=True)]
    )


def squares_node(x: Matrix) -> fm.Node:
    """x₁₁² + x₁₂² + … as written."""
    return fm.add(*[fm.Pow(number(v), fm.num(2)) for row in x for v in row])


def product_trace_node(x: Matrix, y: Matrix) -> fm.Node:
    """tr(XY) written as its diagonal entries, each a row-by-column sum: (…) + (…)."""
    diagonal = [product_sum([(x[i][j], y[j][i]) for j in range(len(y))]) for i in range(len(x))]
    return fm.add(*[fm.Paren(d) for d in diagonal])


def trace_step(
    title: Text,
    formula: fm.Node,
    x: Matrix,
    y: Matrix,
    answer_id: str | None,
    note: Text | None = None,
) -> tuple[Step, Fraction]:
    """A step tr(XY) = (diagonal sums) = value, and the value."""
    value = trace(matmul(x, y))
    return (
        step(
            title, formula, product_trace_node(x, y), fm.num(value), answer_id=answer_id, note=note
        ),
        value,
    )


def product_step(title: Text, formula: fm.Node, x: Matrix, y: Matrix) -> tuple[Step, Matrix]:
    """A step XY = (row-by-column sums) = matrix, and the matrix."""
    value = matmul(x, y)
    return step(title, formula, matmul_sums(x, y), matrix_node(value)), value


def shape_answer(answer_id: str, label: Text, rows: int, cols: int, symbol: fm.Node) -> Answer:
    return Answer(id=answer_id, label=label, value=[rows, cols], kind="shape", symbol=symbol)
