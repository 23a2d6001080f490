"""SymPy facts behind the explanation questions (issue #18): each function computes, the
problems' examples word them. SymPy is imported here, and only when a fact is asked for."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from fractions import Fraction
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
    # both sides are rational in u = e⁻ᶻ, so cancel() decides the identity (simplify is slower)
    u = sp.Symbol("u", positive=True)
    agree = all(
        sp.cancel((raw - exam).subs(sp.exp(-z), u)) == 0
        for raw, exam in ((d2_squared, exam_squared), (d2_cross, exam_cross))
    )
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


@functools.lru_cache(maxsize=256)
def product_derivative_shape(m: int, n: int, q: int) -> dict[str, Any]:
    """For Y = AB, A [m×n], B [n×q]: the shape and non-zero count of ∂Y/∂A (SymPy's order: A's
    indices, then Y's), and the shape of ∂L/∂A for the scalar L = Σ Yᵢⱼ."""
    A, B = _matrix("a", m, n), _matrix("b", n, q)
    Y = A * B
    tensor = sp.derive_by_array(sp.Array(Y), sp.Array(A))
    total = sum(Y)  # L = Σ Yᵢⱼ, built once (not once per entry of A)
    grad = A.applyfunc(lambda a: sp.diff(total, a))
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


# ----------------------------------------------------------------------------- trace identities
# The numeric kinds of issue #18 (problems/kinds/trace.py) check their hand-computed numbers
# here: exact rationals in, exact rationals out (as Fractions), nothing printed.


def _rational(value: Fraction) -> Any:
    return sp.Rational(value.numerator, value.denominator)


def _fraction(value: Any) -> Fraction:
    """An exact SymPy rational as a Fraction (anything else is an error, not a float)."""
    if not isinstance(value, sp.Rational):
        raise ValueError(f"{value} is not rational")
    return Fraction(int(value.p), int(value.q))


def _numbers(values: Sequence[Sequence[Fraction]]) -> Any:
    return sp.Matrix([[_rational(v) for v in row] for row in values])


@functools.cache
def _trace_loss(rows: int, cols: int, with_c: bool, with_decay: bool) -> tuple[Any, ...]:
    """L(W) = tr(WᵀB) [+ tr(CW)] [+ (λ/2)‖W‖²_F] on symbolic matrices, and ∂L/∂W by
    differentiating L entry by entry (no identity used)."""
    W, B, C = _matrix("w", rows, cols), _matrix("b", rows, cols), _matrix("c", cols, rows)
    lam = sp.Symbol("lambda_", real=True)
    loss = (W.T * B).trace()
    if with_c:
        loss += (C * W).trace()
    if with_decay:
        loss += lam / 2 * sum(w**2 for w in W)
    gradient = W.applyfunc(lambda w: sp.diff(loss, w))
    return W, B, C, lam, loss, gradient


def trace_loss_gradient(
    w: Sequence[Sequence[Fraction]],
    b: Sequence[Sequence[Fraction]],
    c: Sequence[Sequence[Fraction]] | None = None,
    decay: Fraction | None = None,
) -> dict[str, Any]:
    """L(W) = tr(WᵀB) + tr(CW) + (λ/2)‖W‖²_F (the last two when ``c`` / ``decay`` are given) at
    the given matrices, and ∂L/∂W there, differentiated by SymPy: ``{"value", "gradient"}``."""
    rows, cols = len(w), len(w[0])
    W, B, C, lam, loss, gradient = _trace_loss(rows, cols, c is not None, decay is not None)
    at: dict[Any, Any] = {}
    for symbols, values in ((W, w), (B, b), (C, c)):
        if values is not None:
            at.update(zip(symbols, _numbers(values), strict=True))
    if decay is not None:
        at[lam] = _rational(decay)
    return {
        "value": _fraction(loss.xreplace(at)),
        "gradient": [
            [_fraction(gradient[i, j].xreplace(at)) for j in range(cols)] for i in range(rows)
        ],
    }


@functools.cache
def _cyclic_identity_holds(shapes: tuple[tuple[int, int], ...]) -> bool:
    """tr of the product is the same for every cyclic rotation, on symbolic matrices."""
    mats = [_matrix(chr(ord("a") + k), r, c) for k, (r, c) in enumerate(shapes)]
    traces = [
        sp.expand(functools.reduce(lambda x, y: x * y, mats[k:] + mats[:k]).trace())
        for k in range(len(mats))
    ]
    return all(sp.expand(t - traces[0]) == 0 for t in traces[1:])


def cyclic_traces(matrices: Sequence[Sequence[Sequence[Fraction]]]) -> dict[str, Any]:
    """tr(M₁M₂…Mₖ) for every cyclic rotation of the given matrices (exact, by SymPy's matrix
    product), and whether the cyclic identity holds for their shapes symbolically."""
    mats = [_numbers(m) for m in matrices]
    traces = [
        _fraction(functools.reduce(lambda x, y: x * y, mats[k:] + mats[:k]).trace())
        for k in range(len(mats))
    ]
    shapes = tuple((len(m), len(m[0])) for m in matrices)
    return {"traces": traces, "identity_holds": _cyclic_identity_holds(shapes)}


def frobenius_facts(a: Sequence[Sequence[Fraction]]) -> dict[str, Any]:
    """‖A‖²_F from SymPy's Frobenius norm, AᵀA, tr(AᵀA) and tr(AAᵀ), exactly."""
    A = _numbers(a)
    gram = A.T * A
    return {
        "norm_squared": _fraction(A.norm("fro") ** 2),
        "gram": [[_fraction(v) for v in gram.row(i)] for i in range(gram.rows)],
        "trace_gram": _fraction(gram.trace()),
        "trace_outer": _fraction((A * A.T).trace()),
    }


# ----------------------------------------------------------------------------- loss curvature


@functools.cache
def _sigmoid_losses() -> tuple[Any, Any, Any]:
    """z, and the raw derivatives of E(z) = (1 − σ(z))² and C(z) = −log σ(z) (σ written out as
    1/(1 + e⁻ᶻ), differentiated by SymPy, no exam form used): [E′, E″], [C′, C″]."""
    z = sp.Symbol("z", real=True)
    s = 1 / (1 + sp.exp(-z))
    squared, cross = (1 - s) ** 2, -sp.log(s)
    return (
        z,
        (sp.diff(squared, z), sp.diff(squared, z, 2)),
        (sp.diff(cross, z), sp.diff(cross, z, 2)),
    )


@functools.lru_cache(maxsize=512)
def sigmoid_loss_derivatives(z: Fraction | None = None, log_of: Fraction | None = None) -> dict:
    """E′, E″, C′ and C″ at z (a rational) or at z = ln(``log_of``): exact Fractions when
    ``log_of`` is given (σ(ln k) = k/(k + 1) is rational), floats otherwise."""
    symbol, squared, cross = _sigmoid_losses()
    names = ("squared_first", "squared_second", "cross_first", "cross_second")
    if log_of is not None:
        at = sp.log(_rational(log_of))
        return {
            name: _fraction(sp.simplify(expr.subs(symbol, at)))
            for name, expr in zip(names, (*squared, *cross), strict=True)
        }
    if z is None:
        raise ValueError("give z or log_of")
    at = _rational(z)
    return {
        name: float(expr.subs(symbol, at).evalf(30))
        for name, expr in zip(names, (*squared, *cross), strict=True)
    }


@functools.cache
def squared_error_inflection() -> float:
    """The z where d²/dz² (1 − σ(z))² changes sign, solved by SymPy (−ln 2)."""
    symbol, (_, second), _ = _sigmoid_losses()
    (root,) = sp.solve(sp.Eq(sp.simplify(second), 0), symbol)
    return float(root)
