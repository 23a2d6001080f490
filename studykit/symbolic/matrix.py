"""Matrix-calculus identities of the course (COURSE.md C8), each checkable on explicit matrices.

Each :class:`Identity` states a rule (en/zh), its two sides, the shapes involved, and a
``verify()`` that proves it on small explicit ``sympy.Matrix`` objects, index by index (the
MatrixSymbol calculus of SymPy 1.14 is too fragile to trust). Layout: the gradient of a scalar by
a matrix has the matrix's shape (denominator layout, as the course writes ``∂L/∂x = Wᵀδ``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sympy as sp

from ..i18n import Text
from .functions import apply

M, N, K = 3, 2, 2  # the sizes of the explicit matrices used by verify()


def _matrix(name: str, rows: int, cols: int) -> sp.Matrix:
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{name}{i + 1}{j + 1}", real=True))


def _vector(name: str, n: int) -> sp.Matrix:
    return sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"{name}{i + 1}", real=True))


def _grad(scalar: sp.Expr, X: sp.Matrix) -> sp.Matrix:
    """∂scalar/∂X with X's shape, entry by entry."""
    return X.applyfunc(lambda x: sp.diff(scalar, x))


def _same(A: sp.Matrix, B: sp.Matrix) -> bool:
    return A.shape == B.shape and all(sp.simplify(a - b) == 0 for a, b in zip(A, B, strict=False))


@dataclass(frozen=True)
class Identity:
    """A matrix-calculus fact: ``lhs = rhs`` with the shapes of its symbols."""

    name: str
    statement: Text
    lhs: str
    rhs: str
    shapes: dict[str, str] = field(default_factory=dict)
    check: Callable[[], bool] = field(default=lambda: False, repr=False, compare=False)

    def verify(self) -> bool:
        """Prove the identity on explicit small matrices (every index)."""
        return bool(self.check())


# ----------------------------------------------------------------------------- the checks


def _check_linear_by_W() -> bool:
    """L = uᵀ(Wx): ∂L/∂W = u xᵀ, i.e. ∂(Wx)ᵢ/∂Wⱼₖ = [i = j] xₖ."""
    W, x, u = _matrix("w", M, N), _vector("x", N), _vector("u", M)
    Wx = W * x
    for i in range(M):
        for j in range(M):
            for k in range(N):
                if sp.diff(Wx[i], W[j, k]) != (x[k] if i == j else 0):
                    return False
    return _same(_grad((u.T * Wx)[0], W), u * x.T)


def _check_linear_by_x() -> bool:
    """Jacobian ∂(Wx)/∂x = W; in the course's (denominator) layout Wᵀ."""
    W, x = _matrix("w", M, N), _vector("x", N)
    return _same((W * x).jacobian(x), W) and _same((W * x).jacobian(x).T, W.T)


def _layer() -> tuple[sp.Matrix, sp.Matrix, sp.Matrix, sp.Expr, sp.Matrix]:
    """z = W a + b and a scalar L(z) through undefined functions φᵢ: δ = ∂L/∂z."""
    W, a, b = _matrix("w", M, N), _vector("a", N), _vector("b", M)
    z = W * a + b
    zeta = _vector("zeta", M)
    phis = [sp.Function(f"phi{i + 1}") for i in range(M)]
    L_of = sum(phi(zeta[i]) * zeta[(i + 1) % M] for i, phi in enumerate(phis))
    L = L_of.xreplace(dict(zip(zeta, z, strict=False)))
    delta = sp.Matrix([sp.diff(L_of, zeta[i]) for i in range(M)]).subs(
        dict(zip(zeta, z, strict=False))
    )
    return W, a, z, L, delta


def _check_dW() -> bool:
    W, a, _, L, delta = _layer()
    return _same(_grad(L, W), delta * a.T)


def _check_dx() -> bool:
    W, a, _, L, delta = _layer()
    return _same(_grad(L, a), W.T * delta)


def _check_trace_grad() -> bool:
    A, B = _matrix("a", M, N), _matrix("b", M, N)
    return _same(_grad((A.T * B).trace(), A), B)


def _check_cyclic() -> bool:
    A, B, C = _matrix("a", M, N), _matrix("b", N, K), _matrix("c", K, M)
    t = sp.expand((A * B * C).trace())
    return sp.expand((B * C * A).trace()) == t and sp.expand((C * A * B).trace()) == t


def _check_frobenius() -> bool:
    A = _matrix("a", M, N)
    return sp.expand((A.T * A).trace() - sum(v**2 for v in A)) == 0


def _check_elementwise_jacobian() -> bool:
    z = _vector("z", M)
    h = z.applyfunc(lambda v: apply("sigmoid", v))
    expected = sp.diag(*[sp.diff(apply("sigmoid", v), v) for v in z])
    return _same(h.jacobian(z), expected)


def _check_layer_jacobian() -> bool:
    W, x, b = _matrix("w", M, N), _vector("x", N), _vector("b", M)
    z = W * x + b
    h = z.applyfunc(lambda v: apply("tanh", v))
    u = sp.Symbol("u", real=True)
    derivative = sp.diff(apply("tanh", u), u)  # f′(u) = 1 − tanh²(u)
    fprime = sp.diag(*[derivative.xreplace({u: v}) for v in z])
    return _same(h.jacobian(x), fprime * W)


IDENTITIES: dict[str, Identity] = {
    i.name: i
    for i in [
        Identity(
            "linear_by_W",
            Text(
                "the derivative of Wx by W contributes xᵀ: ∂(uᵀWx)/∂W = u xᵀ",
                "Wx 对 W 求导得到 xᵀ：∂(uᵀWx)/∂W = u xᵀ",
            ),
            "∂(uᵀWx)/∂W",
            "u xᵀ",
            {"W": "m×n", "x": "n×1", "u": "m×1", "∂/∂W": "m×n"},
            _check_linear_by_W,
        ),
        Identity(
            "linear_by_x",
            Text(
                "∂(Wx)/∂x = Wᵀ (denominator layout; the Jacobian is W)",
                "∂(Wx)/∂x = Wᵀ（分母布局；雅可比矩阵为 W）",
            ),
            "∂(Wx)/∂x",
            "Wᵀ",
            {"W": "m×n", "x": "n×1", "∂(Wx)/∂x": "n×m"},
            _check_linear_by_x,
        ),
        Identity(
            "grad_W",
            Text(
                "with z = Wa + b and δ = ∂L/∂z: ∂L/∂W = δ aᵀ (element form δᵢ aⱼ)",
                "设 z = Wa + b，误差项 δ = ∂L/∂z：∂L/∂W = δ aᵀ（元素形式 δᵢ aⱼ）",
            ),
            "∂L/∂W",
            "δ aᵀ",
            {"W": "m×n", "a": "n×1", "δ": "m×1", "∂L/∂W": "m×n"},
            _check_dW,
        ),
        Identity(
            "grad_x",
            Text(
                "with z = Wa + b and δ = ∂L/∂z: ∂L/∂a = Wᵀδ (the transpose makes the shapes agree)",
                "设 z = Wa + b，误差项 δ = ∂L/∂z：∂L/∂a = Wᵀδ（转置使形状一致）",
            ),
            "∂L/∂a",
            "Wᵀ δ",
            {"W": "m×n", "δ": "m×1", "∂L/∂a": "n×1"},
            _check_dx,
        ),
        Identity(
            "trace_grad",
            Text("∂tr(AᵀB)/∂A = B", "∂tr(AᵀB)/∂A = B"),
            "∂tr(AᵀB)/∂A",
            "B",
            {"A": "m×n", "B": "m×n"},
            _check_trace_grad,
        ),
        Identity(
            "trace_cyclic",
            Text(
                "the trace is invariant under cyclic permutation: tr(ABC) = tr(BCA) = tr(CAB)",
                "迹在循环置换下不变：tr(ABC) = tr(BCA) = tr(CAB)",
            ),
            "tr(ABC)",
            "tr(BCA) = tr(CAB)",
            {"A": "m×n", "B": "n×k", "C": "k×m"},
            _check_cyclic,
        ),
        Identity(
            "frobenius",
            Text("‖A‖_F² = tr(AᵀA)", "‖A‖_F² = tr(AᵀA)"),
            "‖A‖_F²",
            "tr(AᵀA)",
            {"A": "m×n"},
            _check_frobenius,
        ),
        Identity(
            "elementwise_jacobian",
            Text(
                "the Jacobian of an element-wise map h = f(z) is diag(f′(z))",
                "逐元素映射 h = f(z) 的雅可比矩阵是 diag(f′(z))",
            ),
            "∂f(z)/∂z",
            "diag(f′(z))",
            {"z": "m×1", "∂h/∂z": "m×m"},
            _check_elementwise_jacobian,
        ),
        Identity(
            "layer_jacobian",
            Text(
                "for h = f(Wx + b): the Jacobian ∂h/∂x = diag(f′(z)) W",
                "对 h = f(Wx + b)：雅可比矩阵 ∂h/∂x = diag(f′(z)) W",
            ),
            "∂h/∂x",
            "diag(f′(z)) W",
            {"W": "m×n", "x": "n×1", "∂h/∂x": "m×n"},
            _check_layer_jacobian,
        ),
    ]
}


def verify_all() -> dict[str, bool]:
    """Every identity's ``verify()``."""
    return {name: identity.verify() for name, identity in IDENTITIES.items()}
