"""SymPy facts behind the explanation questions (issue #18): each function computes, the
problems' examples word them. SymPy is imported here, and only when a fact is asked for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy as sp


def sigmoid_loss_curvature(zs: Sequence[float], z_wrong: float) -> dict[str, Any]:
    """With s = σ(z): d²/dz² of (1 − s)² and of −log s at ``zs`` (and their exam forms proved
    equal), the z where the first changes sign, and both slopes at ``z_wrong``."""
    z = sp.Symbol("z", real=True)
    s = 1 / (1 + sp.exp(-z))
    squared, cross = (1 - s) ** 2, -sp.log(s)
    d2_squared, d2_cross = sp.diff(squared, z, 2), sp.diff(cross, z, 2)
    exam_squared = 2 * s * (1 - s) ** 2 * (3 * s - 1)
    exam_cross = s * (1 - s)
    agree = sp.simplify(d2_squared - exam_squared) == 0 and sp.simplify(d2_cross - exam_cross) == 0
    (root,) = sp.solve(sp.Eq(3 * s - 1, 0), z)
    return {
        "second_derivative_squared": [float(d2_squared.subs(z, v)) for v in zs],
        "second_derivative_cross_entropy": [float(d2_cross.subs(z, v)) for v in zs],
        "forms_agree": bool(agree),
        "inflection": str(root),
        "inflection_value": float(root),
        "first_derivative_squared": float(sp.diff(squared, z).subs(z, z_wrong)),
        "first_derivative_cross_entropy": float(sp.diff(cross, z).subs(z, z_wrong)),
    }


def _matrix(name: str, rows: int, cols: int) -> Any:
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{name}{i + 1}{j + 1}"))


def trace_identities() -> dict[str, bool]:
    """∂tr(AᵀB)/∂A = B, tr(ACD) = tr(DAC) = tr(CDA), ‖A‖²_F = tr(AᵀA), ∂tr(AᵀA)/∂A = 2A, on
    symbolic matrices A, B [2×3], C [3×4], D [4×2]."""
    A, B, C, D = _matrix("a", 2, 3), _matrix("b", 2, 3), _matrix("c", 3, 4), _matrix("d", 4, 2)
    tr_atb = (A.T * B).trace()
    t1, t2, t3 = (sp.expand(m.trace()) for m in (A * C * D, D * A * C, C * D * A))
    frobenius = sum(a**2 for a in A)
    return {
        "grad_tr_AtB_is_B": bool(A.applyfunc(lambda a: sp.diff(tr_atb, a)) == B),
        "cyclic": bool(sp.expand(t1 - t2) == 0 and sp.expand(t1 - t3) == 0),
        "frobenius_is_trace": bool(sp.expand(frobenius - (A.T * A).trace()) == 0),
        "grad_frobenius_is_2A": bool(A.applyfunc(lambda a: sp.diff((A.T * A).trace(), a)) == 2 * A),
    }


def product_derivative_shape(m: int, n: int, q: int) -> dict[str, Any]:
    """For Y = AB, A [m×n], B [n×q]: the shape and non-zero count of ∂Y/∂A (SymPy's order: A's
    indices, then Y's), and the shape of ∂L/∂A for the scalar L = Σ Yᵢⱼ."""
    A, B = _matrix("a", m, n), _matrix("b", n, q)
    Y = A * B
    tensor = sp.derive_by_array(sp.Array(Y), sp.Array(A))
    grad = A.applyfunc(lambda a: sp.diff(sum(Y), a))
    return {
        "tensor_shape": [int(d) for d in tensor.shape],
        "nonzero": sum(1 for v in sp.flatten(tensor.tolist()) if v != 0),
        "scalar_grad_shape": [int(d) for d in grad.shape],
    }


def chain_operation_counts(depths: Sequence[int]) -> dict[str, list[int]]:
    """``sympy.count_ops`` of L = ½(aₙ − t)² and of ∂L/∂w₁ for a 1-1-…-1 sigmoid chain written
    out in full (σ(z) = 1/(1 + e⁻ᶻ), no intermediate variables): as diff gives it, and expanded."""
    x, t = sp.symbols("x t")
    loss_ops, grad_ops, expanded_ops = [], [], []
    for n in depths:
        w, b = sp.symbols(f"w1:{n + 1}"), sp.symbols(f"b1:{n + 1}")
        a = x
        for i in range(n):
            a = 1 / (1 + sp.exp(-(w[i] * a + b[i])))
        loss = (a - t) ** 2 / 2
        grad = sp.diff(loss, w[0])
        loss_ops.append(int(sp.count_ops(loss)))
        grad_ops.append(int(sp.count_ops(grad)))
        expanded_ops.append(int(sp.count_ops(sp.expand(grad))))
    return {"loss_ops": loss_ops, "grad_ops": grad_ops, "expanded_grad_ops": expanded_ops}


def sigmoid_neuron_gradient(w: float, x: float, b: float) -> dict[str, float]:
    """∂f/∂w, ∂f/∂x, ∂f/∂b of f = σ(wx + b), differentiated symbolically and evaluated."""
    W, X, B = sp.symbols("w x b")
    expr = 1 / (1 + sp.exp(-(W * X + B)))
    at = {W: w, X: x, B: b}
    return {k: float(sp.diff(expr, s).subs(at)) for k, s in (("w", W), ("x", X), ("b", B))}
