"""Examples for C2–C5: activations, outputs, parameter counts, losses."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ....catalog import ACTIVATIONS
from ....engine import Network, make_optimizer
from ....spec import spec_from_dict
from .captions import (
    NOTES_CHAIN,
    Example,
    caption,
    figures,
    join_items,
    sup,
    vec,
)

# ----------------------------------------------------------------------------- C2


def sigmoid_saturation(zs: Sequence[float] = (0.0, 2.0, 5.0, 10.0)) -> Example:
    """σ′(z) and tanh′(z) at growing |z|: the derivatives of saturating activations vanish."""
    z = np.array(zs, dtype=float)
    sig, tanh = ACTIVATIONS["sigmoid"], ACTIVATIONS["tanh"]
    d_sig = sig.grad(z, sig.fn(z, {}), {})
    d_tanh = tanh.grad(z, tanh.fn(z, {}), {})
    pairs = [f"σ′({figures(v)}) = {figures(d, 3)}" for v, d in zip(zs, d_sig, strict=True)]
    return {
        "z": [float(v) for v in zs],
        "sigmoid_prime": [float(v) for v in d_sig],
        "tanh_prime": [float(v) for v in d_tanh],
        "caption": caption(
            f"Logistic: {join_items(pairs, 'en')}. tanh′ falls from {figures(d_tanh[0], 3)} to {figures(d_tanh[-1], 3)} "
            "over the same inputs.",
            f"Logistic 函数：{join_items(pairs, 'zh')}。同样的输入下，tanh′ 从 {figures(d_tanh[0], 3)} "
            f"降到 {figures(d_tanh[-1], 3)}。",
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
        "caption": caption(
            f"Bias b⁽¹⁾ = {figures(bias)}: the hidden net input is at most {figures(z_max, 3)} on all "
            f"{len(x)} samples, so ∂L/∂W⁽¹⁾ = 0 and ∂L/∂b⁽¹⁾ = 0 in every one of {steps} SGD steps; "
            f"W⁽¹⁾ and b⁽¹⁾ stay {vec(w1)}, while the output bias moves to {figures(b2, 4)}.",
            f"偏置 b⁽¹⁾ = {figures(bias)}：隐藏神经元在全部 {len(x)} 个样本上的净输入最大只有 "
            f"{figures(z_max, 3)}，所以 {steps} 步 SGD 中每一步都有 ∂L/∂W⁽¹⁾ = 0、∂L/∂b⁽¹⁾ = 0；"
            f"W⁽¹⁾ 和 b⁽¹⁾ 始终是 {vec(w1)}，而输出层偏置变为 {figures(b2, 4)}。",
        ),
    }


# ----------------------------------------------------------------------------- C3, C4


def sigmoid_vs_softmax(z: Sequence[float] = (2.0, 1.0, 0.1)) -> Example:
    """The same logits through sigmoid (independent probabilities) and softmax (a distribution)."""
    logits = np.array([z], dtype=float)
    sig = ACTIVATIONS["sigmoid"].fn(logits, {})[0]
    soft = ACTIVATIONS["softmax"].fn(logits, {})[0]
    fmt = lambda v: vec(v, 3)
    return {
        "z": [float(v) for v in z],
        "sigmoid": [float(v) for v in sig],
        "softmax": [float(v) for v in soft],
        "sigmoid_sum": float(sig.sum()),
        "softmax_sum": float(soft.sum()),
        "caption": caption(
            f"Logits z = {fmt(z)}: sigmoid gives {fmt(sig)} (sum {figures(float(sig.sum()), 4)}), "
            f"softmax gives {fmt(soft)} (sum {figures(float(soft.sum()), 4)}).",
            f"logits z = {fmt(z)}：sigmoid 给出 {fmt(sig)}（和为 {figures(float(sig.sum()), 4)}），"
            f"softmax 给出 {fmt(soft)}（和为 {figures(float(soft.sum()), 4)}）。",
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
        lang: join_items([f"W⁽{sup(i + 1)}⁾ {s}" for i, s in enumerate(shapes)], lang)
        for lang in ("en", "zh")
    }
    sum_text = " + ".join(f"{n:,}" for n in per_pair)
    return {
        "layers": list(layers),
        "weight_shapes": shapes,
        "per_pair": per_pair,
        "total": total,
        "caption": caption(
            f"{chain}: {shapes_text['en']}; parameters {sum_text} = {total:,}.",
            f"{chain}：{shapes_text['zh']}；参数量 {sum_text} = {total:,}。",
        ),
    }


# ----------------------------------------------------------------------------- C5


def nonconvex_mse_sigmoid(zs: Sequence[float] = (-4.0, -2.0, -1.0, 0.0, 1.0, 2.0)) -> Example:
    """Second derivatives in z of (1 − σ(z))² and −log σ(z) (SymPy), with their exam forms."""
    from ....symbolic.concepts import sigmoid_loss_curvature

    z_wrong = -5.0
    facts = sigmoid_loss_curvature(zs, z_wrong)
    forms_agree = facts["forms_agree"]
    root = facts["inflection_value"]
    root_text = facts["inflection"].replace("log", "ln").replace("-", "−")
    values_sq = facts["second_derivative_squared"]
    values_ce = facts["second_derivative_cross_entropy"]
    grad_sq = facts["first_derivative_squared"]
    grad_ce = facts["first_derivative_cross_entropy"]
    table = [
        f"z = {figures(v)}: {figures(a, 3)} / {figures(b, 3)}"
        for v, a, b in zip(zs, values_sq, values_ce, strict=True)
    ]
    return {
        "z": [float(v) for v in zs],
        "second_derivative_squared": values_sq,
        "second_derivative_cross_entropy": values_ce,
        "exam_form_squared": "2σ(1 − σ)²(3σ − 1)",
        "exam_form_cross_entropy": "σ(1 − σ)",
        "forms_agree": forms_agree,
        "inflection": facts["inflection"],
        "inflection_value": root,
        "z_wrong": z_wrong,
        "first_derivative_squared": grad_sq,
        "first_derivative_cross_entropy": grad_ce,
        "caption": caption(
            f"d²/dz² (1 − σ)² / d²/dz² (−log σ): {join_items(table, 'en')}. The first changes sign at "
            f"z = {root_text} ≈ {figures(float(root), 3)}; the second is always positive. At z = {figures(z_wrong)} "
            f"the slopes are {figures(grad_sq, 3)} (squared error) and {figures(grad_ce, 3)} (cross entropy).",
            f"d²/dz² (1 − σ)² / d²/dz² (−log σ)：{join_items(table, 'zh')}。前者在 z = {root_text} ≈ "
            f"{figures(float(root), 3)} 处变号，后者恒为正。在 z = {figures(z_wrong)} 处，两者的一阶导数"
            f"分别为 {figures(grad_sq, 3)}（平方误差）和 {figures(grad_ce, 3)}（交叉熵）。",
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
    fmt = lambda v: vec(v, 3)
    return {
        "z": [float(v) for v in z],
        "t": [float(v) for v in t],
        "y": y,
        "delta": delta,
        "y_minus_t": [a - b for a, b in zip(y, t, strict=True)],
        "loss": float(trace.loss),
        "caption": caption(
            f"z = {fmt(z)}, t = {fmt(t)}: y = softmax(z) = {fmt(y)}, and backpropagation gives "
            f"δ = ∂L/∂z = {fmt(delta)} = y − t.",
            f"z = {fmt(z)}，t = {fmt(t)}：y = softmax(z) = {fmt(y)}，反向传播算出的 "
            f"δ = ∂L/∂z = {fmt(delta)}，正是 y − t。",
        ),
    }
