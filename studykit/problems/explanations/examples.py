"""Computed examples for the explanation questions: the number or shape that makes the point.

Each function returns plain data: a dict of numbers (lists, floats, ints, strings) and a
``caption`` ``{"en": …, "zh": …}`` built from those numbers. Nothing is printed. The engine
(:class:`studykit.engine.Network`, :func:`studykit.engine.make_optimizer`), the catalog's
activations and SymPy (imported lazily) compute them; a question names its example by the
function's name (:data:`EXAMPLES`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ...catalog import ACTIVATIONS
from ...engine import Network, make_optimizer
from ...spec import spec_from_dict

Example = dict[str, Any]

#: The notes' chain (deep-learning-course-notes, fnn-chapter4-notes).
NOTES_CHAIN = (512, 256, 128, 64, 32, 10)


def _caption(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def _list(items: Sequence[str], lang: str) -> str:
    """Items of a caption list: ", " in English, "，" in Chinese."""
    if lang == "zh":
        return "，".join(item.replace(": ", "：") for item in items)
    return ", ".join(items)


def _g(x: float, digits: int = 4) -> str:
    """A number for a caption: ``digits`` significant figures, no trailing zeros."""
    return f"{x:.{digits}g}".replace("-", "−")


def _e(x: float) -> str:
    """A number in scientific notation, ``3.03e−03``, with a Unicode minus sign."""
    return f"{x:.2e}".replace("-", "−")


def _vec(values: Any, digits: int = 4) -> str:
    """A (nested) list of numbers as ``[1, −2.5]``, with Unicode minus signs."""
    if isinstance(values, (list, tuple, np.ndarray)):
        return "[" + ", ".join(_vec(v, digits) for v in values) + "]"
    return _g(float(values), digits)


def _chain_spec(activations: Sequence[str], weights: Sequence[float], biases: Sequence[float]):
    depth = len(activations)
    return spec_from_dict(
        {
            "network": {"layers": [1] * (depth + 1), "activation": list(activations)},
            "params": {
                **{f"W{i + 1}": [[float(weights[i])]] for i in range(depth)},
                **{f"b{i + 1}": [float(biases[i])] for i in range(depth)},
            },
        }
    )


def _chain_deltas(
    activations: Sequence[str],
    weights: Sequence[float],
    biases: Sequence[float],
    x: float,
    t: float,
) -> Example:
    spec = _chain_spec(activations, weights, biases)
    trace = Network.from_spec(spec).trace(np.array([x]), np.array([t]))
    z = [float(layer.z[0, 0]) for layer in trace.layers]
    delta = [float(layer.delta[0, 0]) for layer in trace.layers]
    ratio = [abs(delta[i] / delta[i + 1]) for i in range(len(delta) - 1)]
    return {
        "activations": list(activations),
        "weights": [float(w) for w in weights],
        "biases": [float(b) for b in biases],
        "x": x,
        "t": t,
        "loss": "½(a⁽ᴸ⁾ − t)²",
        "z": z,
        "delta": delta,
        "abs_delta": [abs(d) for d in delta],
        "ratio": ratio,  # |δ⁽ˡ⁾ / δ⁽ˡ⁺¹⁾| = |f′(z⁽ˡ⁾) w⁽ˡ⁺¹⁾|
    }


def _delta_list(values: Sequence[float], lang: str) -> str:
    return _list([f"|δ⁽{_sup(i + 1)}⁾| = {_g(v, 3)}" for i, v in enumerate(values)], lang)


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _sup(n: int) -> str:
    return str(n).translate(_SUPERSCRIPTS)


# ----------------------------------------------------------------------------- C2


def sigmoid_saturation(zs: Sequence[float] = (0.0, 2.0, 5.0, 10.0)) -> Example:
    """σ′(z) and tanh′(z) at growing |z|: the derivatives of saturating activations vanish."""
    z = np.array(zs, dtype=float)
    sig, tanh = ACTIVATIONS["sigmoid"], ACTIVATIONS["tanh"]
    d_sig = sig.grad(z, sig.fn(z, {}), {})
    d_tanh = tanh.grad(z, tanh.fn(z, {}), {})
    pairs = [f"σ′({_g(v)}) = {_g(d, 3)}" for v, d in zip(zs, d_sig, strict=True)]
    return {
        "z": [float(v) for v in zs],
        "sigmoid_prime": [float(v) for v in d_sig],
        "tanh_prime": [float(v) for v in d_tanh],
        "caption": _caption(
            f"Logistic: {_list(pairs, 'en')}. tanh′ falls from {_g(d_tanh[0], 3)} to {_g(d_tanh[-1], 3)} "
            "over the same inputs.",
            f"Logistic 函数：{_list(pairs, 'zh')}。同样的输入下，tanh′ 从 {_g(d_tanh[0], 3)} "
            f"降到 {_g(d_tanh[-1], 3)}。",
        ),
    }


def dead_relu(bias: float = -5.0, steps: int = 3, lr: float = 0.5) -> Example:
    """A 2-1-1 network whose ReLU hidden neuron has z < 0 on every sample: its gradients are 0."""
    x = [[1.0, 0.5], [0.5, 1.0], [-1.0, 1.0], [1.0, -0.5]]
    t = [[1.0], [1.0], [0.0], [1.0]]
    spec = spec_from_dict(
        {
            "network": {"layers": [2, 1, 1], "activation": ["relu", "sigmoid"]},
            "params": {"W1": [[0.5, -0.5]], "b1": [bias], "W2": [[1.0]], "b2": [0.0]},
            "data": {"x": x, "t": t},
        }
    )
    net = Network.from_spec(spec)
    opt = make_optimizer("sgd", lr)
    z_hidden: list[list[float]] = []
    grad_w1: list[list[float]] = []
    for _ in range(steps):
        trace = net.trace(np.array(x), np.array(t))
        z_hidden.append([float(v) for v in trace.layers[0].z[:, 0]])
        grad_w1.append([float(v) for v in trace.layers[0].dW[0]] + [float(trace.layers[0].db[0])])
        opt.step(net.params(), trace.grads())
    params = net.params()
    w1 = [float(v) for v in params["W1"][0]] + [float(params["b1"][0])]
    b2 = float(params["b2"][0])
    z_max = max(max(row) for row in z_hidden)
    return {
        "x": x,
        "t": t,
        "z_hidden": z_hidden,
        "grad_w1_b1": grad_w1,
        "w1_b1_after": w1,
        "b2_after": b2,
        "caption": _caption(
            f"Bias b⁽¹⁾ = {_g(bias)}: the hidden net input is at most {_g(z_max, 3)} on all "
            f"{len(x)} samples, so ∂L/∂W⁽¹⁾ = 0 and ∂L/∂b⁽¹⁾ = 0 in every one of {steps} SGD steps; "
            f"W⁽¹⁾ and b⁽¹⁾ stay {_vec(w1)}, while the output bias moves to {_g(b2, 4)}.",
            f"偏置 b⁽¹⁾ = {_g(bias)}：隐藏神经元在全部 {len(x)} 个样本上的净输入最大只有 "
            f"{_g(z_max, 3)}，所以 {steps} 步 SGD 中每一步都有 ∂L/∂W⁽¹⁾ = 0、∂L/∂b⁽¹⁾ = 0；"
            f"W⁽¹⁾ 和 b⁽¹⁾ 始终是 {_vec(w1)}，而输出层偏置变为 {_g(b2, 4)}。",
        ),
    }


# ----------------------------------------------------------------------------- C3, C4


def sigmoid_vs_softmax(z: Sequence[float] = (2.0, 1.0, 0.1)) -> Example:
    """The same logits through sigmoid (independent probabilities) and softmax (a distribution)."""
    logits = np.array([z], dtype=float)
    sig = ACTIVATIONS["sigmoid"].fn(logits, {})[0]
    soft = ACTIVATIONS["softmax"].fn(logits, {})[0]
    fmt = lambda v: _vec(v, 3)
    return {
        "z": [float(v) for v in z],
        "sigmoid": [float(v) for v in sig],
        "softmax": [float(v) for v in soft],
        "sigmoid_sum": float(sig.sum()),
        "softmax_sum": float(soft.sum()),
        "caption": _caption(
            f"Logits z = {fmt(z)}: sigmoid gives {fmt(sig)} (sum {_g(float(sig.sum()), 4)}), "
            f"softmax gives {fmt(soft)} (sum {_g(float(soft.sum()), 4)}).",
            f"logits z = {fmt(z)}：sigmoid 给出 {fmt(sig)}（和为 {_g(float(sig.sum()), 4)}），"
            f"softmax 给出 {fmt(soft)}（和为 {_g(float(soft.sum()), 4)}）。",
        ),
    }


def chain_parameter_count(layers: Sequence[int] = NOTES_CHAIN) -> Example:
    """Weight shapes and parameter counts of a dense chain, counted on the engine's network."""
    spec = spec_from_dict({"network": {"layers": list(layers), "activation": "relu"}})
    params = Network.from_spec(spec).params()
    depth = len(layers) - 1
    shapes = [list(params[f"W{i}"].shape) for i in range(1, depth + 1)]
    per_pair = [int(params[f"W{i}"].size + params[f"b{i}"].size) for i in range(1, depth + 1)]
    total = sum(per_pair)
    chain = "→".join(str(n) for n in layers)
    shapes_text = {
        lang: _list([f"W⁽{_sup(i + 1)}⁾ {s}" for i, s in enumerate(shapes)], lang)
        for lang in ("en", "zh")
    }
    sum_text = " + ".join(f"{n:,}" for n in per_pair)
    return {
        "layers": list(layers),
        "weight_shapes": shapes,
        "per_pair": per_pair,
        "total": total,
        "caption": _caption(
            f"{chain}: {shapes_text['en']}; parameters {sum_text} = {total:,}.",
            f"{chain}：{shapes_text['zh']}；参数量 {sum_text} = {total:,}。",
        ),
    }


# ----------------------------------------------------------------------------- C5


def nonconvex_mse_sigmoid(zs: Sequence[float] = (-4.0, -2.0, -1.0, 0.0, 1.0, 2.0)) -> Example:
    """Second derivatives in z of (1 − σ(z))² and −log σ(z) (SymPy), with their exam forms."""
    import sympy as sp

    z = sp.Symbol("z", real=True)
    s = 1 / (1 + sp.exp(-z))
    squared = (1 - s) ** 2
    cross = -sp.log(s)
    d2_squared = sp.diff(squared, z, 2)
    d2_cross = sp.diff(cross, z, 2)
    d1_squared = sp.diff(squared, z)
    d1_cross = sp.diff(cross, z)
    exam_squared = 2 * s * (1 - s) ** 2 * (3 * s - 1)
    exam_cross = s * (1 - s)
    forms_agree = bool(
        sp.simplify(d2_squared - exam_squared) == 0 and sp.simplify(d2_cross - exam_cross) == 0
    )
    (root,) = sp.solve(sp.Eq(3 * s - 1, 0), z)
    root_text = str(root).replace("log", "ln").replace("-", "−")
    values_sq = [float(d2_squared.subs(z, v)) for v in zs]
    values_ce = [float(d2_cross.subs(z, v)) for v in zs]
    z_wrong = -5.0
    grad_sq = float(d1_squared.subs(z, z_wrong))
    grad_ce = float(d1_cross.subs(z, z_wrong))
    table = [
        f"z = {_g(v)}: {_g(a, 3)} / {_g(b, 3)}"
        for v, a, b in zip(zs, values_sq, values_ce, strict=True)
    ]
    return {
        "z": [float(v) for v in zs],
        "second_derivative_squared": values_sq,
        "second_derivative_cross_entropy": values_ce,
        "exam_form_squared": "2σ(1 − σ)²(3σ − 1)",
        "exam_form_cross_entropy": "σ(1 − σ)",
        "forms_agree": forms_agree,
        "inflection": str(root),
        "inflection_value": float(root),
        "z_wrong": z_wrong,
        "first_derivative_squared": grad_sq,
        "first_derivative_cross_entropy": grad_ce,
        "caption": _caption(
            f"d²/dz² (1 − σ)² / d²/dz² (−log σ): {_list(table, 'en')}. The first changes sign at "
            f"z = {root_text} ≈ {_g(float(root), 3)}; the second is always positive. At z = {_g(z_wrong)} "
            f"the slopes are {_g(grad_sq, 3)} (squared error) and {_g(grad_ce, 3)} (cross entropy).",
            f"d²/dz² (1 − σ)² / d²/dz² (−log σ)：{_list(table, 'zh')}。前者在 z = {root_text} ≈ "
            f"{_g(float(root), 3)} 处变号，后者恒为正。在 z = {_g(z_wrong)} 处，两者的一阶导数"
            f"分别为 {_g(grad_sq, 3)}（平方误差）和 {_g(grad_ce, 3)}（交叉熵）。",
        ),
    }


def softmax_ce_delta(
    z: Sequence[float] = (2.0, 1.0, 0.1), t: Sequence[float] = (0.0, 1.0, 0.0)
) -> Example:
    """A softmax output layer with cross entropy in the engine: δ⁽ᴸ⁾ = ∂L/∂z comes out as y − t.

    The layer is ``z = I·x + 0`` with x = the logits, so ``z`` is exactly ``x``; the engine
    chains ``∂L/∂y = −t/y`` through the softmax Jacobian ``diag(y) − yyᵀ``."""
    n = len(z)
    identity = [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]
    spec = spec_from_dict(
        {
            "network": {"layers": [n, n], "activation": "softmax", "loss": "cross_entropy"},
            "params": {"W1": identity, "b1": [0.0] * n},
        }
    )
    trace = Network.from_spec(spec).trace(np.array(z, dtype=float), np.array(t, dtype=float))
    y = [float(v) for v in trace.layers[0].a[0]]
    delta = [float(v) for v in trace.layers[0].delta[0]]
    fmt = lambda v: _vec(v, 3)
    return {
        "z": [float(v) for v in z],
        "t": [float(v) for v in t],
        "y": y,
        "delta": delta,
        "y_minus_t": [a - b for a, b in zip(y, t, strict=True)],
        "loss": float(trace.loss),
        "caption": _caption(
            f"z = {fmt(z)}, t = {fmt(t)}: y = softmax(z) = {fmt(y)}, and the engine's "
            f"δ = ∂L/∂z = {fmt(delta)} = y − t.",
            f"z = {fmt(z)}，t = {fmt(t)}：y = softmax(z) = {fmt(y)}，引擎算出的 "
            f"δ = ∂L/∂z = {fmt(delta)}，正是 y − t。",
        ),
    }


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
        "caption": _caption(
            "2-3-2 sigmoid network: W⁽²⁾ is [2, 3] and δ⁽²⁾ is [2, 1], so (W⁽²⁾)ᵀδ⁽²⁾ is [3, 1]; "
            "f′(z⁽¹⁾) is [3, 1]; their element-wise product reproduces the engine's δ⁽¹⁾ "
            f"{_vec(delta1[:, 0], 4)}. Blog example: AB = {_vec(A @ B)}, "
            f"A ⊙ B = {_vec(A * B)}.",
            "2-3-2 sigmoid 网络：W⁽²⁾ 为 [2, 3]，δ⁽²⁾ 为 [2, 1]，所以 (W⁽²⁾)ᵀδ⁽²⁾ 为 [3, 1]；"
            "f′(z⁽¹⁾) 为 [3, 1]；两者逐元素相乘，正好得到引擎算出的 δ⁽¹⁾ "
            f"{_vec(delta1[:, 0], 4)}。博客中的例子：AB = {_vec(A @ B)}，"
            f"A ⊙ B = {_vec(A * B)}。",
        ),
    }


# ----------------------------------------------------------------------------- C8


def trace_identities() -> Example:
    """SymPy checks of ∂tr(AᵀB)/∂A = B, tr(ABC) = tr(CAB) = tr(BCA) and ‖A‖²_F = tr(AᵀA)."""
    import sympy as sp

    A = sp.Matrix(2, 3, lambda i, j: sp.Symbol(f"a{i + 1}{j + 1}"))
    B = sp.Matrix(2, 3, lambda i, j: sp.Symbol(f"b{i + 1}{j + 1}"))
    C = sp.Matrix(3, 4, lambda i, j: sp.Symbol(f"c{i + 1}{j + 1}"))
    D = sp.Matrix(4, 2, lambda i, j: sp.Symbol(f"d{i + 1}{j + 1}"))
    tr_atb = (A.T * B).trace()
    grad = A.applyfunc(lambda a: sp.diff(tr_atb, a))
    grad_is_b = grad == B
    # A [2×3], C [3×4], D [4×2]: ACD is [2×2], DAC is [4×4], CDA is [3×3].
    t1 = sp.expand((A * C * D).trace())
    t2 = sp.expand((D * A * C).trace())
    t3 = sp.expand((C * D * A).trace())
    cyclic = bool(sp.expand(t1 - t2) == 0 and sp.expand(t1 - t3) == 0)
    frob = sum(a**2 for a in A)
    frob_is_trace = bool(sp.expand(frob - (A.T * A).trace()) == 0)
    frob_grad = A.applyfunc(lambda a: sp.diff((A.T * A).trace(), a))
    frob_grad_is_2a = frob_grad == 2 * A
    return {
        "grad_tr_AtB_is_B": bool(grad_is_b),
        "cyclic": cyclic,
        "cyclic_square_shapes": [[2, 2], [4, 4], [3, 3]],
        "frobenius_is_trace": frob_is_trace,
        "grad_frobenius_is_2A": bool(frob_grad_is_2a),
        "caption": _caption(
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
    import sympy as sp

    A = sp.Matrix(m, n, lambda i, j: sp.Symbol(f"a{i + 1}{j + 1}"))
    B = sp.Matrix(n, q, lambda i, j: sp.Symbol(f"b{i + 1}{j + 1}"))
    Y = A * B
    tensor = sp.derive_by_array(sp.Array(Y), sp.Array(A))  # shape A.shape + Y.shape
    shape = [int(d) for d in tensor.shape]
    nonzero = sum(1 for v in sp.flatten(tensor.tolist()) if v != 0)
    scalar = sum(Y)  # L = Σ Yᵢⱼ
    grad = A.applyfunc(lambda a: sp.diff(scalar, a))
    return {
        "A_shape": [m, n],
        "Y_shape": [m, q],
        "tensor_shape": shape,
        "order": len(shape),
        "entries": int(np.prod(shape)),
        "nonzero": nonzero,
        "scalar_grad_shape": [int(d) for d in grad.shape],
        "caption": _caption(
            f"Y = AB with A {m}×{n} and B {n}×{q}: ∂Y/∂A has shape {shape} (SymPy's order: A's "
            f"indices, then Y's), a 4th-order tensor with {int(np.prod(shape))} entries of which "
            f"{nonzero} are non-zero; the scalar L = Σ Yᵢⱼ has ∂L/∂A of shape {list(grad.shape)}, "
            "the shape of A.",
            f"Y = AB，A 为 {m}×{n}，B 为 {n}×{q}：∂Y/∂A 的形状为 {shape}（SymPy 的下标顺序是先 A "
            f"后 Y），是一个有 {int(np.prod(shape))} 个元素的 4 阶张量，其中 "
            f"{nonzero} 个非零；标量 L = Σ Yᵢⱼ 的 ∂L/∂A 形状为 {list(grad.shape)}，与 A 相同。",
        ),
    }


# ----------------------------------------------------------------------------- C9


def lr_schedules(
    eta0: float = 0.1,
    gamma_step: float = 0.5,
    step: int = 10,
    gamma_exp: float = 0.9,
    epochs: Sequence[int] = (0, 5, 10, 25, 50),
) -> Example:
    """Step decay η₀·γ^⌊t/s⌋ and exponential decay η₀·γᵗ at a few epochs."""
    step_decay = [eta0 * gamma_step ** (t // step) for t in epochs]
    exp_decay = [eta0 * gamma_exp**t for t in epochs]
    half_life = math.log(0.5) / math.log(gamma_exp)
    rows = [
        f"t = {t}: {_g(a, 3)} / {_g(b, 3)}"
        for t, a, b in zip(epochs, step_decay, exp_decay, strict=True)
    ]
    return {
        "eta0": eta0,
        "epochs": list(epochs),
        "step_decay": step_decay,
        "exponential_decay": exp_decay,
        "exponential_half_life": half_life,
        "caption": _caption(
            f"η₀ = {eta0}; step decay (×{gamma_step} every {step} epochs) / exponential decay "
            f"(γ = {gamma_exp}): {_list(rows, 'en')}. The exponential schedule halves the rate every "
            f"{_g(half_life, 3)} epochs.",
            f"η₀ = {eta0}；阶梯衰减（每 {step} 轮乘以 {gamma_step}）/ 指数衰减（γ = {gamma_exp}）："
            f"{_list(rows, 'zh')}。指数衰减每 {_g(half_life, 3)} 轮使学习率减半。",
        ),
    }


def momentum_constant_gradient(
    g: float = 1.0, lr: float = 0.1, mu: float = 0.9, steps: Sequence[int] = (1, 2, 5, 10, 50)
) -> Example:
    """Step sizes of momentum under a constant gradient: they approach ηg/(1 − μ)."""
    opt = make_optimizer("momentum", lr, momentum=mu)
    theta = np.zeros(1)
    sizes: dict[int, float] = {}
    for t in range(1, max(steps) + 1):
        before = float(theta[0])
        opt.step({"theta": theta}, {"theta": np.array([g])})
        if t in steps:
            sizes[t] = abs(float(theta[0]) - before)
    limit = lr * g / (1 - mu)
    rows = [f"t = {t}: {_g(sizes[t], 4)}" for t in steps]
    return {
        "g": g,
        "lr": lr,
        "mu": mu,
        "steps": list(steps),
        "step_sizes": [sizes[t] for t in steps],
        "limit": limit,
        "caption": _caption(
            f"Constant gradient g = {g}, η = {lr}, μ = {mu}: step sizes {_list(rows, 'en')}, approaching "
            f"ηg/(1 − μ) = {_g(limit, 4)}, {_g(1 / (1 - mu), 3)} times the plain step ηg.",
            f"恒定梯度 g = {g}，η = {lr}，μ = {mu}：步长 {_list(rows, 'zh')}，趋于 ηg/(1 − μ) = {_g(limit, 4)}，"
            f"是普通梯度下降步长 ηg 的 {_g(1 / (1 - mu), 3)} 倍。",
        ),
    }


def _first_step(name: str, lr: float, g: float, **options: Any) -> float:
    opt = make_optimizer(name, lr, **options)
    theta = np.zeros(1)
    opt.step({"theta": theta}, {"theta": np.array([g])})
    return abs(float(theta[0]))


def adam_first_step(
    g: float = 0.01, lr: float = 0.001, steps: Sequence[int] = (1, 10, 100, 1000)
) -> Example:
    """First-step sizes (in units of η) of AdaGrad, RMSprop and Adam with and without bias
    correction, computed with the engine's optimisers; and, for a constant gradient, how long the
    uncorrected Adam (β₂ = 0.999) keeps stepping more than η."""
    configs: list[tuple[str, str, dict[str, Any]]] = [
        ("adagrad", "AdaGrad", {}),
        ("rmsprop", "RMSprop (γ = 0.99)", {"decay": 0.99}),
        ("adam", "Adam (β₂ = 0.999, corrected)", {"beta2": 0.999, "bias_correction": True}),
        ("adam", "Adam (β₂ = 0.999, uncorrected)", {"beta2": 0.999, "bias_correction": False}),
        ("adam", "Adam (β₂ = 0.9999, corrected)", {"beta2": 0.9999, "bias_correction": True}),
        ("adam", "Adam (β₂ = 0.9999, uncorrected)", {"beta2": 0.9999, "bias_correction": False}),
    ]
    first = [
        {
            "optimizer": name,
            "label": label,
            **opts,
            "step": (s := _first_step(name, lr, g, **opts)),
            "in_eta": s / lr,
        }
        for name, label, opts in configs
    ]
    history: dict[str, list[float]] = {}
    for corrected in (False, True):
        opt = make_optimizer("adam", lr, beta2=0.999, bias_correction=corrected)
        theta = np.zeros(1)
        sizes = []
        for t in range(1, max(steps) + 1):
            before = float(theta[0])
            opt.step({"theta": theta}, {"theta": np.array([g])})
            if t in steps:
                sizes.append(abs(float(theta[0]) - before) / lr)
        history["corrected" if corrected else "uncorrected"] = sizes
    labels_zh = {
        "AdaGrad": "AdaGrad",
        "RMSprop (γ = 0.99)": "RMSprop（γ = 0.99）",
        "Adam (β₂ = 0.999, corrected)": "Adam（β₂ = 0.999，修正）",
        "Adam (β₂ = 0.999, uncorrected)": "Adam（β₂ = 0.999，不修正）",
        "Adam (β₂ = 0.9999, corrected)": "Adam（β₂ = 0.9999，修正）",
        "Adam (β₂ = 0.9999, uncorrected)": "Adam（β₂ = 0.9999，不修正）",
    }
    en_rows = _list([f"{row['label']}: {_g(row['in_eta'], 4)}η" for row in first], "en")
    zh_rows = _list([f"{labels_zh[row['label']]}: {_g(row['in_eta'], 4)}η" for row in first], "zh")
    hist = [f"t = {t}: {_g(v, 3)}η" for t, v in zip(steps, history["uncorrected"], strict=True)]
    return {
        "g": g,
        "lr": lr,
        "beta1": 0.9,
        "first_step": first,
        "history_steps": list(steps),
        "history_beta2_0999": history,
        "caption": _caption(
            f"g = {g}, η = {lr}, β₁ = 0.9, ε as in the engine, first step: {en_rows}. With a constant gradient the "
            f"uncorrected Adam (β₂ = 0.999) steps {_list(hist, 'en')}; the corrected one steps η throughout.",
            f"g = {g}，η = {lr}，β₁ = 0.9，ε 取引擎的默认值，第一步步长：{zh_rows}。梯度恒定时，不做偏差修正的 "
            f"Adam（β₂ = 0.999）步长为 {_list(hist, 'zh')}；做偏差修正时每一步都是 η。",
        ),
    }


# ----------------------------------------------------------------------------- C10


def zero_init_symmetry(
    value: float = 0.0, steps: int = 3, lr: float = 0.5, activation: str = "sigmoid"
) -> Example:
    """A 2-2-1 network with every weight equal to ``value`` (biases 0), trained by SGD on one
    sample: the two rows of W⁽¹⁾ stay equal at every step, though they move."""
    spec = spec_from_dict(
        {
            "network": {"layers": [2, 2, 1], "activation": [activation, "sigmoid"]},
            "params": {
                "W1": [[value, value], [value, value]],
                "b1": [0.0, 0.0],
                "W2": [[value, value]],
                "b2": [0.0],
            },
        }
    )
    net = Network.from_spec(spec)
    opt = make_optimizer("sgd", lr)
    x, t = np.array([1.0, 2.0]), np.array([1.0])
    params = net.params()  # live views: they follow the optimiser's updates
    w1_history = [params["W1"].tolist()]
    for _ in range(steps):
        trace = net.trace(x, t)
        opt.step(net.params(), trace.grads())
        w1_history.append(params["W1"].tolist())
    rows_equal = [bool(np.array_equal(np.array(w)[0], np.array(w)[1])) for w in w1_history]
    moved = [bool(np.any(np.array(w) != np.array(w1_history[0]))) for w in w1_history]
    fmt_row = lambda r: "[" + ", ".join(_g(v, 4) for v in r) + "]"
    last = w1_history[-1]
    first_move = next((i for i, m in enumerate(moved) if m), None)
    move_en = f"they first move at step {first_move}" if first_move else "they never move"
    move_zh = f"从第 {first_move} 步开始变化" if first_move else "始终没有变化"
    return {
        "value": value,
        "activation": activation,
        "x": x.tolist(),
        "t": t.tolist(),
        "lr": lr,
        "W1_history": w1_history,
        "rows_equal": rows_equal,
        "moved": moved,
        "W2_after": params["W2"].tolist(),
        "caption": _caption(
            f"2-2-1 network ({activation} hidden layer), every weight {_g(value)} at the start, "
            f"{steps} SGD steps: the rows of W⁽¹⁾ are equal after every step ({move_en}); after "
            f"step {steps} both rows are {fmt_row(last[0])}.",
            f"2-2-1 网络（隐藏层 {activation}），所有权重初始为 {_g(value)}，做 {steps} 步 SGD："
            f"每一步之后 W⁽¹⁾ 的两行都相等（{move_zh}）；第 {steps} 步之后两行都是 "
            f"{fmt_row(last[0])}。",
        ),
    }


def init_scale(width: int = 256, depth: int = 10, samples: int = 512, seed: int = 0) -> Example:
    """Standard deviation of z⁽ˡ⁾ through a deep ReLU network for N(0, 0.1²), Xavier and He
    initialisation (engine initialisers, fixed seeds): only He keeps it steady."""
    # The inputs get their own stream: the engine draws W⁽¹⁾ from default_rng(seed), and the same
    # stream for x would correlate the inputs with the first layer's rows.
    x = np.random.default_rng([seed, 1]).standard_normal((samples, width))
    result: dict[str, list[float]] = {}
    for init in ("normal", "xavier_normal", "kaiming_normal"):
        spec = spec_from_dict(
            {
                "network": {
                    "layers": [width] * (depth + 1),
                    "activation": "relu",
                    "init": init,
                    "seed": seed,
                }
            }
        )
        trace = Network.from_spec(spec).trace(x, np.zeros_like(x), input_grad=False)
        result[init] = [float(layer.z.std()) for layer in trace.layers]
    names = {"normal": "N(0, 0.1²)", "xavier_normal": "Xavier", "kaiming_normal": "He"}
    rows = {
        lang: sep.join(
            f"{names[k]}{colon}{_g(v[0], 3)} → {_g(v[-1], 3)}" for k, v in result.items()
        )
        for lang, sep, colon in (("en", "; ", ": "), ("zh", "；", "："))
    }
    return {
        "width": width,
        "depth": depth,
        "std_z": result,
        "caption": _caption(
            f"{depth} ReLU layers of width {width}, std of z⁽¹⁾ → z⁽{_sup(depth)}⁾: {rows['en']}.",
            f"{depth} 层宽度为 {width} 的 ReLU 网络，z⁽¹⁾ → z⁽{_sup(depth)}⁾ 的标准差：{rows['zh']}。",
        ),
    }


# ----------------------------------------------------------------------------- C11


def sigmoid_chain_delta(
    weights: Sequence[float] = (1.0, 1.0, 1.0, 1.0),
    biases: Sequence[float] = (0.0, 0.0, 0.0, 0.0),
    x: float = 1.0,
    t: float = 0.0,
) -> Example:
    """|δ⁽ˡ⁾| through a 1-1-1-1-1 sigmoid chain (engine): each layer multiplies by wσ′ ≤ ¼·|w|."""
    data = _chain_deltas(["sigmoid"] * len(weights), weights, biases, x, t)
    abs_d = data["abs_delta"]
    data["caption"] = _caption(
        f"Sigmoid chain, w = {_vec(weights)}, b = {_vec(biases)}, x = {_g(x)}, t = {_g(t)}: "
        f"{_delta_list(abs_d, 'en')}; each layer down multiplies |δ| by "
        + ", ".join(_g(r, 3) for r in reversed(data["ratio"]))
        + f", so |δ⁽¹⁾|/|δ⁽{_sup(len(abs_d))}⁾| = {_g(abs_d[0] / abs_d[-1], 3)}.",
        f"sigmoid 链，w = {_vec(weights)}，b = {_vec(biases)}，x = {_g(x)}，t = {_g(t)}："
        f"{_delta_list(abs_d, 'zh')}；每向下一层，|δ| 依次乘以 "
        + "、".join(_g(r, 3) for r in reversed(data["ratio"]))
        + f"，所以 |δ⁽¹⁾|/|δ⁽{_sup(len(abs_d))}⁾| = {_g(abs_d[0] / abs_d[-1], 3)}。",
    )
    data["first_over_last"] = abs_d[0] / abs_d[-1]
    return data


def relu_chain_delta(
    weights: Sequence[float] = (1.0, 1.0, 1.0, 1.0),
    biases: Sequence[float] = (0.0, 0.0, 0.0, 0.0),
    x: float = 1.0,
    t: float = 0.0,
) -> Example:
    """The same chain with ReLU hidden layers (sigmoid output): active ReLUs pass δ unchanged."""
    depth = len(weights)
    data = _chain_deltas(["relu"] * (depth - 1) + ["sigmoid"], weights, biases, x, t)
    abs_d = data["abs_delta"]
    data["first_over_last"] = abs_d[0] / abs_d[-1]
    data["caption"] = _caption(
        f"ReLU hidden layers, sigmoid output, same w, b, x, t: {_delta_list(abs_d, 'en')}; "
        f"|δ⁽¹⁾|/|δ⁽{_sup(depth)}⁾| = {_g(data['first_over_last'], 3)}, because ReLU′ = 1 on "
        "active neurons.",
        f"隐藏层用 ReLU、输出层用 sigmoid，w、b、x、t 不变：{_delta_list(abs_d, 'zh')}；"
        f"|δ⁽¹⁾|/|δ⁽{_sup(depth)}⁾| = {_g(data['first_over_last'], 3)}，因为激活的神经元上 "
        "ReLU′ = 1。",
    )
    return data


# ----------------------------------------------------------------------------- C12


def finite_difference_cost(ns: Sequence[int] | None = None) -> Example:
    """Forward passes for the gradient of n parameters: one-sided n + 1, central 2n; each pass
    O(n), so O(n²) in all. The default n values end with the notes' chain (engine count)."""
    if ns is None:
        ns = (10, 1000, chain_parameter_count()["total"])
    rows = [
        {
            "n": n,
            "one_sided_passes": n + 1,
            "central_passes": 2 * n,
            "one_sided_multiply_adds": (n + 1) * n,
            "central_multiply_adds": 2 * n * n,
            "backprop_passes": 2,
        }
        for n in ns
    ]
    big = rows[-1]
    return {
        "rows": rows,
        "caption": _caption(
            "n parameters: "
            + "; ".join(
                f"n = {r['n']:,}: {r['one_sided_passes']:,} / {r['central_passes']:,} forward passes"
                for r in rows
            )
            + f" (one-sided / central). For n = {big['n']:,} the central difference costs about "
            f"{big['central_multiply_adds']:.2e} multiply-adds; backpropagation needs one forward "
            "and one backward pass.",
            "n 个参数："
            + "；".join(
                f"n = {r['n']:,}：{r['one_sided_passes']:,} / {r['central_passes']:,} 次前向传播"
                for r in rows
            )
            + f"（单侧差分 / 中心差分）。n = {big['n']:,} 时中心差分约需 "
            f"{big['central_multiply_adds']:.2e} 次乘加；反向传播只需一次前向传播和一次反向传播。",
        ),
    }


def difference_error(x: float = 0.5, hs: Sequence[float] = (1e-1, 1e-2, 1e-3)) -> Example:
    """Errors of the forward and central differences of σ at x (catalog sigmoid): O(h), O(h²)."""
    sig = ACTIVATIONS["sigmoid"]
    f = lambda v: float(sig.fn(np.array([v]), {})[0])
    exact = float(sig.grad(np.array([x]), np.array([f(x)]), {})[0])
    forward = [abs((f(x + h) - f(x)) / h - exact) for h in hs]
    central = [abs((f(x + h) - f(x - h)) / (2 * h) - exact) for h in hs]
    rows = [
        f"h = {h:g}: {_e(e1)} / {_e(e2)}" for h, e1, e2 in zip(hs, forward, central, strict=True)
    ]
    return {
        "x": x,
        "h": list(hs),
        "exact": exact,
        "forward_error": forward,
        "central_error": central,
        "caption": _caption(
            f"σ′({x}) = {_g(exact, 6)}; error of forward / central difference: {_list(rows, 'en')}. Each "
            "tenfold smaller h cuts the forward error about 10 times and the central error about "
            "100 times.",
            f"σ′({x}) = {_g(exact, 6)}；前向差分 / 中心差分的误差：{_list(rows, 'zh')}。h 每缩小为 1/10，"
            "前向差分的误差约缩小为 1/10，中心差分的误差约缩小为 1/100。",
        ),
    }


def expression_swell(depths: Sequence[int] = (1, 2, 3)) -> Example:
    """SymPy's operation count of L = ½(aₙ − t)² and of ∂L/∂w₁ for a 1-1-…-1 sigmoid chain written
    out in full (σ(z) = 1/(1 + e⁻ᶻ), no intermediate variables): as diff returns it, and expanded."""
    import sympy as sp

    x, t = sp.symbols("x t")
    loss_ops, grad_ops, expanded_ops = [], [], []
    for n in depths:
        w = sp.symbols(f"w1:{n + 1}")
        b = sp.symbols(f"b1:{n + 1}")
        a = x
        for i in range(n):
            a = 1 / (1 + sp.exp(-(w[i] * a + b[i])))
        loss = (a - t) ** 2 / 2
        grad = sp.diff(loss, w[0])
        loss_ops.append(int(sp.count_ops(loss)))
        grad_ops.append(int(sp.count_ops(grad)))
        expanded_ops.append(int(sp.count_ops(sp.expand(grad))))
    en = lambda v: ", ".join(str(u) for u in v)
    zh = lambda v: "、".join(str(u) for u in v)
    return {
        "depths": list(depths),
        "loss_ops": loss_ops,
        "grad_ops": grad_ops,
        "expanded_grad_ops": expanded_ops,
        "caption": _caption(
            f"sympy.count_ops for depth {en(depths)}: L has {en(loss_ops)} operations, "
            f"∂L/∂w⁽¹⁾ as differentiated has {en(grad_ops)}, and after sympy.expand "
            f"{en(expanded_ops)}.",
            f"用 SymPy 统计深度为 {zh(depths)} 的链的运算次数：L 为 {zh(loss_ops)}，"
            f"求导直接得到的 ∂L/∂w⁽¹⁾ 为 {zh(grad_ops)}，完全展开后为 "
            f"{zh(expanded_ops)}。",
        ),
    }


def ad_modes(w: float = 0.5, x: float = 2.0, b: float = -0.5) -> Example:
    """Forward and reverse mode on f = σ(wx + b) with h₁ = wx, h₂ = h₁ + b, f = σ(h₂): three
    forward sweeps (one per input) against one reverse sweep, same derivatives (SymPy check)."""
    import sympy as sp

    sig = lambda v: 1.0 / (1.0 + math.exp(-v))
    inputs = {"w": w, "x": x, "b": b}

    def forward_sweep(seed: str) -> float:
        dw, dx, db = (1.0 if seed == k else 0.0 for k in ("w", "x", "b"))
        h1, dh1 = w * x, dw * x + w * dx
        h2, dh2 = h1 + b, dh1 + db
        f = sig(h2)
        return f * (1 - f) * dh2

    forward = {k: forward_sweep(k) for k in inputs}
    h1 = w * x
    h2 = h1 + b
    f = sig(h2)
    df_dh2 = f * (1 - f)  # ∂f/∂h₂, with ∂f/∂f = 1
    df_dh1 = df_dh2 * 1.0
    reverse = {"w": df_dh1 * x, "x": df_dh1 * w, "b": df_dh2 * 1.0}
    W, X, Bs = sp.symbols("w x b")
    expr = 1 / (1 + sp.exp(-(W * X + Bs)))
    subs = {W: w, X: x, Bs: b}
    symbolic = {k: float(sp.diff(expr, s).subs(subs)) for k, s in (("w", W), ("x", X), ("b", Bs))}
    fmt = lambda d, lang: _list([f"∂f/∂{k} = {_g(v, 4)}" for k, v in d.items()], lang)
    return {
        "inputs": inputs,
        "f": f,
        "forward_mode": forward,
        "reverse_mode": reverse,
        "symbolic": symbolic,
        "forward_sweeps": len(inputs),
        "reverse_sweeps": 1,
        "caption": _caption(
            f"f = σ(wx + b) at w = {_g(w)}, x = {_g(x)}, b = {_g(b)}: {fmt(reverse, 'en')}; forward mode needs "
            f"{len(inputs)} sweeps (one per input), reverse mode one sweep after storing h₁, h₂, f.",
            f"f = σ(wx + b)，w = {_g(w)}，x = {_g(x)}，b = {_g(b)}：{fmt(reverse, 'zh')}；前向模式需要 {len(inputs)} "
            "遍（每个输入一遍），反向模式在保存 h₁、h₂、f 之后只需一遍。",
        ),
    }


EXAMPLES: dict[str, Callable[[], Example]] = {
    fn.__name__: fn
    for fn in (
        sigmoid_saturation,
        dead_relu,
        sigmoid_vs_softmax,
        chain_parameter_count,
        nonconvex_mse_sigmoid,
        softmax_ce_delta,
        hadamard_shapes,
        trace_identities,
        tensor_shape,
        lr_schedules,
        momentum_constant_gradient,
        adam_first_step,
        zero_init_symmetry,
        init_scale,
        sigmoid_chain_delta,
        relu_chain_delta,
        finite_difference_cost,
        difference_error,
        expression_swell,
        ad_modes,
    )
}


def run_example(name: str) -> Example:
    """The example called ``name``, computed now."""
    return EXAMPLES[name]()
