"""Examples for C7–C8: shapes, trace identities, matrix derivatives."""

from __future__ import annotations

import numpy as np

from ....engine import Network
from ....spec import spec_from_dict
from .captions import (
    Example,
    caption,
    vec,
)

# ----------------------------------------------------------------------------- C7


def hadamard_shapes() -> Example:
    """The shapes in δ⁽¹⁾ = f′(z⁽¹⁾) ⊙ (W⁽²⁾)ᵀδ⁽²⁾ for a 2-3-2 sigmoid network (the blog's),
    checked on the engine's numbers; and the blog's AB against A ⊙ B."""
    spec = spec_from_dict(
        {
            "network": {"layers": [2, 3, 2], "activation": "sigmoid"},
            "params": {
                "W1": [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]],
                "b1": [0.1, 0.1, 0.1],
                "W2": [[0.7, 0.8, 0.9], [1.0, 1.1, 1.2]],
                "b2": [0.2, 0.2],
            },
        }
    )
    net = Network.from_spec(spec)
    trace = net.trace(np.array([1.0, 0.5]), np.array([1.0, 0.0]))
    hidden, out = trace.layers
    W2 = net.params()["W2"]
    delta2 = out.delta[0][:, None]  # [2, 1]
    back = W2.T @ delta2  # [3, 1]
    fprime = (hidden.a * (1 - hidden.a))[0][:, None]  # [3, 1]
    delta1 = hidden.delta[0][:, None]
    A = np.array([[1, 2], [3, 4]])
    B = np.array([[-1, -2], [-3, -4]])
    shapes = {
        "W2": list(W2.shape),
        "delta2": list(delta2.shape),
        "W2T_delta2": list(back.shape),
        "fprime_z1": list(fprime.shape),
        "delta1": list(delta1.shape),
    }
    return {
        "shapes": shapes,
        "W2T_delta2": [float(v) for v in back[:, 0]],
        "fprime_z1": [float(v) for v in fprime[:, 0]],
        "delta1": [float(v) for v in delta1[:, 0]],
        "hadamard_matches_engine": bool(np.allclose(fprime * back, delta1, rtol=1e-12)),
        "AB": (A @ B).tolist(),
        "A_hadamard_B": (A * B).tolist(),
        "caption": caption(
            "2-3-2 sigmoid network: W⁽²⁾ is [2, 3] and δ⁽²⁾ is [2, 1], so (W⁽²⁾)ᵀδ⁽²⁾ is [3, 1]; "
            "f′(z⁽¹⁾) is [3, 1]; their element-wise product reproduces δ⁽¹⁾ from backpropagation "
            f"{vec(delta1[:, 0], 4)}. An example: AB = {vec(A @ B)}, "
            f"A ⊙ B = {vec(A * B)}.",
            "2-3-2 sigmoid 网络：W⁽²⁾ 为 [2, 3]，δ⁽²⁾ 为 [2, 1]，所以 (W⁽²⁾)ᵀδ⁽²⁾ 为 [3, 1]；"
            "f′(z⁽¹⁾) 为 [3, 1]；两者逐元素相乘，正好得到反向传播算出的 δ⁽¹⁾ "
            f"{vec(delta1[:, 0], 4)}。示例：AB = {vec(A @ B)}，"
            f"A ⊙ B = {vec(A * B)}。",
        ),
    }


# ----------------------------------------------------------------------------- C8


def trace_identities() -> Example:
    """SymPy checks of ∂tr(AᵀB)/∂A = B, tr(ABC) = tr(CAB) = tr(BCA) and ‖A‖²_F = tr(AᵀA)."""
    from ....symbolic.concepts import trace_identities as checks

    facts = checks()
    grad_is_b, cyclic = facts["grad_tr_AtB_is_B"], facts["cyclic"]
    frob_is_trace, frob_grad_is_2a = facts["frobenius_is_trace"], facts["grad_frobenius_is_2A"]
    return {
        "grad_tr_AtB_is_B": bool(grad_is_b),
        "cyclic": cyclic,
        "cyclic_square_shapes": [[2, 2], [4, 4], [3, 3]],
        "frobenius_is_trace": frob_is_trace,
        "grad_frobenius_is_2A": bool(frob_grad_is_2a),
        "caption": caption(
            "SymPy, A and B 2×3, C 3×4, D 4×2: ∂tr(AᵀB)/∂A = B, "
            "tr(ACD) = tr(DAC) = tr(CDA) (products 2×2, 4×4, 3×3), ‖A‖²_F = tr(AᵀA) and "
            "∂tr(AᵀA)/∂A = 2A, all "
            + (
                "verified"
                if grad_is_b and cyclic and frob_is_trace and frob_grad_is_2a
                else "FAILED"
            )
            + ".",
            "SymPy 验证（A、B 为 2×3，C 为 3×4，D 为 4×2）：∂tr(AᵀB)/∂A = B，"
            "tr(ACD) = tr(DAC) = tr(CDA)（乘积分别为 2×2、4×4、3×3），‖A‖²_F = tr(AᵀA)，"
            "∂tr(AᵀA)/∂A = 2A，"
            + (
                "全部成立"
                if grad_is_b and cyclic and frob_is_trace and frob_grad_is_2a
                else "验证失败"
            )
            + "。",
        ),
    }


def tensor_shape(m: int = 2, n: int = 3, q: int = 2) -> Example:
    """∂Y/∂A for Y = AB, A [m×n], B [n×q], with SymPy: a 4th-order tensor of m·q·m·n entries."""
    from ....symbolic.concepts import product_derivative_shape

    facts = product_derivative_shape(m, n, q)
    shape, nonzero = facts["tensor_shape"], facts["nonzero"]
    grad_shape = facts["scalar_grad_shape"]
    return {
        "A_shape": [m, n],
        "Y_shape": [m, q],
        "tensor_shape": shape,
        "order": len(shape),
        "entries": int(np.prod(shape)),
        "nonzero": nonzero,
        "scalar_grad_shape": grad_shape,
        "caption": caption(
            f"Y = AB with A {m}×{n} and B {n}×{q}: ∂Y/∂A has shape {shape} (SymPy's order: A's "
            f"indices, then Y's), a 4th-order tensor with {int(np.prod(shape))} entries of which "
            f"{nonzero} are non-zero; the scalar L = Σ Yᵢⱼ has ∂L/∂A of shape {grad_shape}, "
            "the shape of A.",
            f"Y = AB，A 为 {m}×{n}，B 为 {n}×{q}：∂Y/∂A 的形状为 {shape}（SymPy 的下标顺序是先 A "
            f"后 Y），是一个有 {int(np.prod(shape))} 个元素的 4 阶张量，其中 "
            f"{nonzero} 个非零；标量 L = Σ Yᵢⱼ 的 ∂L/∂A 形状为 {grad_shape}，与 A 相同。",
        ),
    }
