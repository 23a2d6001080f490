"""Examples for C11–C12: vanishing gradients, numerical, symbolic and automatic differentiation."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ....catalog import ACTIVATIONS
from .captions import (
    Example,
    caption,
    chain_deltas,
    delta_list,
    figures,
    join_items,
    sci,
    sup,
    vec,
)
from .units import chain_parameter_count

# ----------------------------------------------------------------------------- C11


def sigmoid_chain_delta(
    weights: Sequence[float] = (1.0, 1.0, 1.0, 1.0),
    biases: Sequence[float] = (0.0, 0.0, 0.0, 0.0),
    x: float = 1.0,
    t: float = 0.0,
) -> Example:
    """|δ⁽ˡ⁾| through a 1-1-1-1-1 sigmoid chain (engine): each layer multiplies by wσ′ ≤ ¼·|w|."""
    data = chain_deltas(["sigmoid"] * len(weights), weights, biases, x, t)
    abs_d = data["abs_delta"]
    data["caption"] = caption(
        f"Sigmoid chain, w = {vec(weights)}, b = {vec(biases)}, x = {figures(x)}, t = {figures(t)}: "
        f"{delta_list(abs_d, 'en')}; each layer down multiplies |δ| by "
        + ", ".join(figures(r, 3) for r in reversed(data["ratio"]))
        + f", so |δ⁽¹⁾|/|δ⁽{sup(len(abs_d))}⁾| = {figures(abs_d[0] / abs_d[-1], 3)}.",
        f"sigmoid 链，w = {vec(weights)}，b = {vec(biases)}，x = {figures(x)}，t = {figures(t)}："
        f"{delta_list(abs_d, 'zh')}；每向下一层，|δ| 依次乘以 "
        + "、".join(figures(r, 3) for r in reversed(data["ratio"]))
        + f"，所以 |δ⁽¹⁾|/|δ⁽{sup(len(abs_d))}⁾| = {figures(abs_d[0] / abs_d[-1], 3)}。",
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
    data = chain_deltas(["relu"] * (depth - 1) + ["sigmoid"], weights, biases, x, t)
    abs_d = data["abs_delta"]
    data["first_over_last"] = abs_d[0] / abs_d[-1]
    data["caption"] = caption(
        f"ReLU hidden layers, sigmoid output, same w, b, x, t: {delta_list(abs_d, 'en')}; "
        f"|δ⁽¹⁾|/|δ⁽{sup(depth)}⁾| = {figures(data['first_over_last'], 3)}, because ReLU′ = 1 on "
        "active neurons.",
        f"隐藏层用 ReLU、输出层用 sigmoid，w、b、x、t 不变：{delta_list(abs_d, 'zh')}；"
        f"|δ⁽¹⁾|/|δ⁽{sup(depth)}⁾| = {figures(data['first_over_last'], 3)}，因为激活的神经元上 "
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
        "caption": caption(
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
        f"h = {h:g}: {sci(e1)} / {sci(e2)}" for h, e1, e2 in zip(hs, forward, central, strict=True)
    ]
    return {
        "x": x,
        "h": list(hs),
        "exact": exact,
        "forward_error": forward,
        "central_error": central,
        "caption": caption(
            f"σ′({x}) = {figures(exact, 6)}; error of forward / central difference: {join_items(rows, 'en')}. Each "
            "tenfold smaller h cuts the forward error about 10 times and the central error about "
            "100 times.",
            f"σ′({x}) = {figures(exact, 6)}；前向差分 / 中心差分的误差：{join_items(rows, 'zh')}。h 每缩小为 1/10，"
            "前向差分的误差约缩小为 1/10，中心差分的误差约缩小为 1/100。",
        ),
    }


def expression_swell(depths: Sequence[int] = (1, 2, 3)) -> Example:
    """SymPy's operation count of L = ½(aₙ − t)² and of ∂L/∂w₁ for a 1-1-…-1 sigmoid chain written
    out in full (σ(z) = 1/(1 + e⁻ᶻ), no intermediate variables): as diff returns it, and expanded."""
    from ....symbolic.concepts import chain_operation_counts

    counts = chain_operation_counts(depths)
    loss_ops, grad_ops = counts["loss_ops"], counts["grad_ops"]
    expanded_ops = counts["expanded_grad_ops"]
    en = lambda v: ", ".join(str(u) for u in v)
    zh = lambda v: "、".join(str(u) for u in v)
    return {
        "depths": list(depths),
        "loss_ops": loss_ops,
        "grad_ops": grad_ops,
        "expanded_grad_ops": expanded_ops,
        "caption": caption(
            f"Operation counts for depth {en(depths)}: L has {en(loss_ops)} operations, "
            f"∂L/∂w⁽¹⁾ as differentiated has {en(grad_ops)}, and fully expanded "
            f"{en(expanded_ops)}.",
            f"用 SymPy 统计深度为 {zh(depths)} 的链的运算次数：L 为 {zh(loss_ops)}，"
            f"求导直接得到的 ∂L/∂w⁽¹⁾ 为 {zh(grad_ops)}，完全展开后为 "
            f"{zh(expanded_ops)}。",
        ),
    }


def ad_modes(w: float = 0.5, x: float = 2.0, b: float = -0.5) -> Example:
    """Forward and reverse mode on f = σ(wx + b) with h₁ = wx, h₂ = h₁ + b, f = σ(h₂): three
    forward sweeps (one per input) against one reverse sweep, same derivatives (SymPy check)."""
    from ....symbolic.concepts import sigmoid_neuron_gradient

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
    symbolic = sigmoid_neuron_gradient(w, x, b)
    fmt = lambda d, lang: join_items([f"∂f/∂{k} = {figures(v, 4)}" for k, v in d.items()], lang)
    return {
        "inputs": inputs,
        "f": f,
        "forward_mode": forward,
        "reverse_mode": reverse,
        "symbolic": symbolic,
        "forward_sweeps": len(inputs),
        "reverse_sweeps": 1,
        "caption": caption(
            f"f = σ(wx + b) at w = {figures(w)}, x = {figures(x)}, b = {figures(b)}: {fmt(reverse, 'en')}; forward mode needs "
            f"{len(inputs)} sweeps (one per input), reverse mode one sweep after storing h₁, h₂, f.",
            f"f = σ(wx + b)，w = {figures(w)}，x = {figures(x)}，b = {figures(b)}：{fmt(reverse, 'zh')}；前向模式需要 {len(inputs)} "
            "遍（每个输入一遍），反向模式在保存 h₁、h₂、f 之后只需一遍。",
        ),
    }
