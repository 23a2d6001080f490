"""C7 ``matrix_products``: the matrix product AB against the Hadamard product A ⊙ B, as in the
notes' example (backprop-blog-post: A = [[1, 2], [3, 4]], B = [[−1, −2], [−3, −4]], AB =
[[−7, −10], [−15, −22]], A ⊙ B = [[−1, −4], [−9, −16]]), with the matrices drawn per seed.

(AB)ᵢₖ = Σⱼ AᵢⱼBⱼₖ (row by column) and (A ⊙ B)ᵢⱼ = AᵢⱼBᵢⱼ (entry by entry). Difficulty 1: 2×2;
2: 2×2 and also BA (AB ≠ BA); 3: 3×3. Hand route: exact Fractions; second route: NumPy's ``@``
and ``*`` on floats.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from ... import math as fm
from .. import model
from ..model import Display
from ..registry import Kind, Options, Redraw, register
from ._basic import Text, conventions, make_problem, para, step, verify
from ._exact_matrices import (
    Matrix,
    draw_matrix,
    hadamard,
    hadamard_products,
    matmul,
    matmul_sums,
    matrix_answer,
    matrix_node,
)

A, B = fm.Var("A"), fm.Var("B")


@dataclass(frozen=True)
class Product:
    """One asked product: its answer id, how it is written, its label and the step's words."""

    answer_id: str
    symbol: fm.Node
    label: Text
    title: Text
    note: Text


PRODUCTS = {
    "AB": Product(
        "AB",
        fm.dot(A, B),
        Text("the matrix product AB", "矩阵乘积 AB"),
        Text(
            "Matrix product: row i of A times column k of B", "矩阵乘积：A 的第 i 行乘 B 的第 k 列"
        ),
        Text("(AB)ᵢₖ = Σⱼ AᵢⱼBⱼₖ", "(AB)ᵢₖ = Σⱼ AᵢⱼBⱼₖ"),
    ),
    "BA": Product(
        "BA",
        fm.dot(B, A),
        Text("the matrix product BA", "矩阵乘积 BA"),
        Text("The product in the other order", "交换顺序的乘积"),
        Text(
            "BA differs from AB: the matrix product is not commutative (the Hadamard product is)",
            "BA 与 AB 不同：矩阵乘法不满足交换律（哈达玛积满足）",
        ),
    ),
    "hadamard": Product(
        "hadamard",
        fm.had(A, B),
        Text("the Hadamard product A ⊙ B", "哈达玛积 A ⊙ B"),
        Text("Hadamard product: entry by entry", "哈达玛积：逐元素相乘"),
        Text(
            "(A ⊙ B)ᵢⱼ = AᵢⱼBᵢⱼ: both factors have the same shape, and so has the result",
            "(A ⊙ B)ᵢⱼ = AᵢⱼBᵢⱼ：两个因子形状相同，结果也是这个形状",
        ),
    ),
}


def _exact_products(a: Matrix, b: Matrix, names: tuple[str, ...]) -> dict[str, Matrix]:
    by_name = {
        "AB": lambda: matmul(a, b),
        "BA": lambda: matmul(b, a),
        "hadamard": lambda: hadamard(a, b),
    }
    return {name: by_name[name]() for name in names}


def _verify_by_numpy(a: Matrix, b: Matrix, products: dict[str, Matrix]) -> None:
    """NumPy's ``@`` and ``*`` on floats give the same matrices."""
    na = np.array([[float(v) for v in row] for row in a])
    nb = np.array([[float(v) for v in row] for row in b])
    routes = {"AB": na @ nb, "BA": nb @ na, "hadamard": na * nb}
    for name, exact in products.items():
        verify(routes[name], [[float(v) for v in row] for row in exact], name)


def _written_out(name: str, a: Matrix, b: Matrix) -> fm.Mat:
    if name == "hadamard":
        return hadamard_products(a, b)
    return matmul_sums(a, b) if name == "AB" else matmul_sums(b, a)


def build_matrix_products(rng: random.Random, options: Options) -> model.Problem:
    """Draw A and B, compute the asked products exactly and check them with NumPy."""
    size = 3 if options.difficulty == 3 else 2
    names = ("AB", "BA", "hadamard") if options.difficulty == 2 else ("AB", "hadamard")
    a, b = draw_matrix(rng, size, size, options), draw_matrix(rng, size, size, options)
    products = _exact_products(a, b, names)
    if "BA" in products and products["BA"] == products["AB"]:
        raise Redraw("A and B commute: BA would not show the point")
    _verify_by_numpy(a, b, products)
    answers = [
        matrix_answer(name, PRODUCTS[name].label, products[name], PRODUCTS[name].symbol)
        for name in names
    ]
    steps = [
        step(
            PRODUCTS[name].title,
            PRODUCTS[name].symbol,
            _written_out(name, a, b),
            matrix_node(products[name]),
            answer_id=name,
            note=PRODUCTS[name].note,
        )
        for name in names
    ]
    asked = (
        Text("AB, BA and A ⊙ B", "AB、BA 与 A ⊙ B")
        if "BA" in names
        else Text("AB and A ⊙ B", "AB 与 A ⊙ B")
    )
    statement = [
        para(Text("Let", "设")),
        Display(fm.Op(",", (fm.eq(A, matrix_node(a)), fm.eq(B, matrix_node(b))))),
        para(
            Text("Compute ", "计算 ")
            + asked
            + Text(" (⊙ is the Hadamard, element-wise, product).", "（⊙ 为哈达玛积，即逐元素乘）。")
        ),
    ]
    return make_problem(
        options,
        Text("Matrix product and Hadamard product", "矩阵乘积与哈达玛积"),
        statement,
        answers,
        steps,
        conventions(options, model.Rounding(None)),
    )


register(
    Kind(
        name="matrix_products",
        section="C7",
        title=Text("AB against A ⊙ B", "AB 与 A ⊙ B"),
        description=Text(
            "the matrix product AB (and BA) against the Hadamard product A ⊙ B of drawn matrices",
            "随机矩阵的矩阵乘积 AB（及 BA）与哈达玛积 A ⊙ B",
        ),
        build=build_matrix_products,
    )
)
