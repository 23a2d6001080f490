"""C8 ``tensor_shape``: the shape of a derivative — scalar by matrix, vector by vector (the
Jacobian), matrix by matrix (a 4th-order tensor) — for Y = AB with A [m × n] and B [n × q].

In the notes' layout a derivative lists the numerator's indices first: ∂ℝ^{m×n}/∂ℝ^{p×q} has
m·n·p·q entries, a 4th-order tensor [m, n, p, q], often reshaped into an [mn × pq] matrix. Here
∂Y/∂A has entries ∂Yᵢₖ/∂Aᵢ′ⱼ = δᵢᵢ′Bⱼₖ: m·q·n of them are non-zero when B has no zero entry.
The scalar L = Σᵢₖ Yᵢₖ has ∂L/∂A of A's shape, and y = Ax (x ∈ ℝⁿ) has the m × n Jacobian A.

Hand route: the counting rules above. Second route: SymPy's ``derive_by_array`` on symbolic
A and B (:func:`studykit.symbolic.concepts.product_derivative_shape`), whose array has A's
indices first: its shape, its non-zero entries and the gradient of the scalar.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ... import math as fm
from .. import model
from ..registry import Kind, Options, Redraw, VerificationError, register
from ._basic import Text, conventions, make_problem, para, step

V = fm.Var
A, B, Y, L = V("A"), V("B"), V("Y"), V("L")
SIZES = {1: (2, 4), 2: (2, 5), 3: (3, 6)}  # the range of m, n and q per difficulty


@dataclass(frozen=True)
class DerivativeShapes:
    """The counting rules (see the module docstring) for A [m × n], B [n × q]."""

    m: int
    n: int
    q: int

    @property
    def grad(self) -> list[int]:
        return [self.m, self.n]

    @property
    def jacobian(self) -> list[int]:
        return [self.m, self.n]

    @property
    def order(self) -> int:
        return 4

    @property
    def entries(self) -> int:
        return self.m * self.q * self.m * self.n

    @property
    def flat(self) -> list[int]:
        return [self.m * self.q, self.m * self.n]

    @property
    def nonzero(self) -> int:
        return self.m * self.q * self.n


def count_answer(answer_id: str, label: Text, value: int) -> model.Answer:
    return model.Answer(id=answer_id, label=label, value=value, exact=str(value))


def shape_answer(answer_id: str, label: Text, rows: int, cols: int) -> model.Answer:
    return model.Answer(id=answer_id, label=label, value=[rows, cols], kind="shape")


def verify_by_sympy(shapes: DerivativeShapes) -> None:
    """SymPy's array of ∂Y/∂A has shape [m, n, m, q] (A's indices first): its order, size,
    reshaped shape (Y's indices first) and non-zero count agree with the counting rules."""
    from ...symbolic.concepts import product_derivative_shape

    sympy = product_derivative_shape(shapes.m, shapes.n, shapes.q)
    a_dims, y_dims = sympy["tensor_shape"][:2], sympy["tensor_shape"][2:]
    entries = 1
    for d in sympy["tensor_shape"]:
        entries *= d
    routes = {
        "order": len(sympy["tensor_shape"]),
        "entries": entries,
        "flat": [y_dims[0] * y_dims[1], a_dims[0] * a_dims[1]],
        "nonzero": sympy["nonzero"],
        "grad": sympy["scalar_grad_shape"],
    }
    for key, value in routes.items():
        if getattr(shapes, key) != value:
            raise VerificationError(f"{key}: {getattr(shapes, key)} by counting, {value} by SymPy")


def build_tensor_shape(rng: random.Random, options: Options) -> model.Problem:
    """Draw distinct m, n, q; count the shapes by the rules and check them against SymPy."""
    lo, hi = SIZES[options.difficulty]
    m, n, q = (rng.randint(lo, hi) for _ in range(3))
    if len({m, n, q}) < 3:
        raise Redraw("equal sizes would hide which index is which")
    shapes = DerivativeShapes(m, n, q)
    verify_by_sympy(shapes)
    nonzero = options.difficulty >= 2
    return make_problem(
        options,
        Text("The shape of a derivative", "导数的形状"),
        statement(shapes, nonzero),
        answers(shapes, nonzero),
        steps(shapes, nonzero),
        conventions(options, model.Rounding(None)),
    )


def statement(shapes: DerivativeShapes, nonzero: bool) -> list[model.Block]:
    m, n, q = shapes.m, shapes.n, shapes.q
    blocks = [
        para(
            Text(
                "Let A be a matrix of shape [{m}×{n}] and B one of shape [{n}×{q}]{nz}; let Y = AB, "
                "the scalar L = Σᵢₖ Yᵢₖ, and y = Ax for a vector x of {n} entries.",
                "设 A 是形状为 [{m}×{n}] 的矩阵，B 是形状为 [{n}×{q}]{nz_zh}的矩阵；"
                "令 Y = AB，标量 L = Σᵢₖ Yᵢₖ，以及 y = Ax，其中 x 是有 {n} 个元素的向量。",
            ).format(
                m=m,
                n=n,
                q=q,
                nz=" with no zero entry" if nonzero else "",
                nz_zh=" 且没有零元素" if nonzero else " ",
            )
        ),
        para(
            Text(
                "Write a derivative with the numerator's indices first, as the notes do: reshaped into "
                "a matrix, the derivative of an a×b matrix by a c×d matrix has ab rows and cd columns.",
                "按笔记的约定，导数先列分子的下标：重排成矩阵时，a×b 矩阵对 c×d 矩阵的导数有 ab 行、cd 列。",
            )
        ),
    ]
    asked = Text(
        "Give the shape of ∂L/∂A, the shape of the Jacobian ∂y/∂x, the order of the tensor ∂Y/∂A, "
        "its number of entries and its shape reshaped into a matrix",
        "写出 ∂L/∂A 的形状、雅可比矩阵 ∂y/∂x 的形状、张量 ∂Y/∂A 的阶数、元素个数，以及重排成矩阵后的形状",
    )
    if nonzero:
        asked = asked + Text(
            ", and how many of its entries are not zero", "，并求出其中不为零的元素个数"
        )
    blocks.append(para(asked + Text(".", "。")))
    return blocks


def answers(shapes: DerivativeShapes, nonzero: bool) -> list[model.Answer]:
    out = [
        shape_answer("grad", Text("the shape of ∂L/∂A", "∂L/∂A 的形状"), *shapes.grad),
        shape_answer("jacobian", Text("the shape of ∂y/∂x", "∂y/∂x 的形状"), *shapes.jacobian),
        count_answer("order", Text("the order of ∂Y/∂A", "∂Y/∂A 的阶数"), shapes.order),
        count_answer(
            "entries", Text("the number of entries of ∂Y/∂A", "∂Y/∂A 的元素个数"), shapes.entries
        ),
        shape_answer(
            "flat", Text("∂Y/∂A reshaped into a matrix", "∂Y/∂A 重排成矩阵的形状"), *shapes.flat
        ),
    ]
    if nonzero:
        out.append(
            count_answer(
                "nonzero",
                Text("the non-zero entries of ∂Y/∂A", "∂Y/∂A 的非零元素个数"),
                shapes.nonzero,
            )
        )
    return out


def shape_step(title: Text, formula: fm.Node, shape: str, answer_id: str, note: Text) -> model.Step:
    return model.Step(title=title, formula=formula, shape=shape, answer_id=answer_id, note=note)


def steps(shapes: DerivativeShapes, nonzero: bool) -> list[model.Step]:
    """Scalar by matrix, vector by vector, matrix by matrix: shape, size, reshaped, non-zeros."""
    m, n, q = shapes.m, shapes.n, shapes.q
    out = [
        shape_step(
            Text("A scalar by a matrix has the matrix's shape", "标量对矩阵求导，形状与该矩阵相同"),
            fm.Partial(L, A),
            f"[{m}×{n}]",
            "grad",
            Text(
                "one partial derivative ∂L/∂Aᵢⱼ per entry of A",
                "A 的每个元素对应一个偏导数 ∂L/∂Aᵢⱼ",
            ),
        ),
        shape_step(
            Text("A vector by a vector is the Jacobian", "向量对向量求导是雅可比矩阵"),
            fm.Partial(V("y"), V("x")),
            f"[{m}×{n}]",
            "jacobian",
            Text(
                "entry (i, j) is ∂yᵢ/∂xⱼ; for y = Ax it is the matrix A itself",
                "第 (i, j) 个元素是 ∂yᵢ/∂xⱼ；对 y = Ax 它就是矩阵 A",
            ),
        ),
        shape_step(
            Text("A matrix by a matrix is a 4th-order tensor", "矩阵对矩阵求导是 4 阶张量"),
            fm.Partial(Y, A),
            f"[{m}, {q}, {m}, {n}]",
            "order",
            Text(
                "four indices: two of Y = AB [{m}×{q}], then two of A [{m}×{n}]",
                "四个下标：先是 Y = AB [{m}×{q}] 的两个，再是 A [{m}×{n}] 的两个",
            ).format(m=m, n=n, q=q),
        ),
        step(
            Text("Its number of entries", "元素个数"),
            fm.mul(fm.num(m), fm.num(q), fm.num(m), fm.num(n)),
            None,
            fm.num(shapes.entries),
            answer_id="entries",
        ),
        shape_step(
            Text("Reshaped into a matrix", "重排成矩阵"),
            fm.Partial(Y, A),
            f"[{m}·{q} × {m}·{n}] = [{m * q}×{m * n}]",
            "flat",
            Text(
                "rows: the entries of Y; columns: the entries of A",
                "行对应 Y 的元素，列对应 A 的元素",
            ),
        ),
    ]
    if nonzero:
        out.append(
            step(
                Text(
                    "Its non-zero entries: one for each i, k and j", "非零元素：每组 i、k、j 各一个"
                ),
                fm.mul(fm.num(m), fm.num(q), fm.num(n)),
                None,
                fm.num(shapes.nonzero),
                answer_id="nonzero",
                note=Text(
                    "∂Yᵢₖ/∂Aᵢ′ⱼ = Bⱼₖ if i′ = i, else 0. Backpropagation never builds this tensor: "
                    "it contracts it at once into ∂L/∂A = (∂L/∂Y)Bᵀ",
                    "若 i′ = i，则 ∂Yᵢₖ/∂Aᵢ′ⱼ = Bⱼₖ，否则为 0。反向传播从不构造这个张量，"
                    "而是立即把它缩并成 ∂L/∂A = (∂L/∂Y)Bᵀ",
                ),
            )
        )
    return out


register(
    Kind(
        name="tensor_shape",
        section="C8",
        title=Text("Shapes of derivatives", "导数的形状"),
        description=Text(
            "scalar by matrix, vector by vector (Jacobian), matrix by matrix (a 4th-order tensor) "
            "for Y = AB",
            "以 Y = AB 为例：标量对矩阵、向量对向量（雅可比矩阵）、矩阵对矩阵（4 阶张量）",
        ),
        build=build_tensor_shape,
    )
)
