"""Examples for C9–C10: schedules, optimisers, initialisation."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ....engine import Network, make_optimizer
from ....spec import spec_from_dict
from .captions import (
    Example,
    caption,
    figures,
    join_items,
    sup,
)

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
        f"t = {t}: {figures(a, 3)} / {figures(b, 3)}"
        for t, a, b in zip(epochs, step_decay, exp_decay, strict=True)
    ]
    return {
        "eta0": eta0,
        "epochs": list(epochs),
        "step_decay": step_decay,
        "exponential_decay": exp_decay,
        "exponential_half_life": half_life,
        "caption": caption(
            f"η₀ = {eta0}; step decay (×{gamma_step} every {step} epochs) / exponential decay "
            f"(γ = {gamma_exp}): {join_items(rows, 'en')}. The exponential schedule halves the rate every "
            f"{figures(half_life, 3)} epochs.",
            f"η₀ = {eta0}；阶梯衰减（每 {step} 轮乘以 {gamma_step}）/ 指数衰减（γ = {gamma_exp}）："
            f"{join_items(rows, 'zh')}。指数衰减每 {figures(half_life, 3)} 轮使学习率减半。",
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
    rows = [f"t = {t}: {figures(sizes[t], 4)}" for t in steps]
    return {
        "g": g,
        "lr": lr,
        "mu": mu,
        "steps": list(steps),
        "step_sizes": [sizes[t] for t in steps],
        "limit": limit,
        "caption": caption(
            f"Constant gradient g = {g}, η = {lr}, μ = {mu}: step sizes {join_items(rows, 'en')}, approaching "
            f"ηg/(1 − μ) = {figures(limit, 4)}, {figures(1 / (1 - mu), 3)} times the plain step ηg.",
            f"恒定梯度 g = {g}，η = {lr}，μ = {mu}：步长 {join_items(rows, 'zh')}，趋于 ηg/(1 − μ) = {figures(limit, 4)}，"
            f"是普通梯度下降步长 ηg 的 {figures(1 / (1 - mu), 3)} 倍。",
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
    en_rows = join_items([f"{row['label']}: {figures(row['in_eta'], 4)}η" for row in first], "en")
    zh_rows = join_items(
        [f"{labels_zh[row['label']]}: {figures(row['in_eta'], 4)}η" for row in first], "zh"
    )
    hist = [
        f"t = {t}: {figures(v, 3)}η" for t, v in zip(steps, history["uncorrected"], strict=True)
    ]
    eps = make_optimizer("adam", lr).options["eps"]  # the ε every optimiser above used
    eps_text = f"10⁻{sup(-round(math.log10(eps)))}"  # 10⁻⁸
    return {
        "g": g,
        "lr": lr,
        "beta1": 0.9,
        "first_step": first,
        "history_steps": list(steps),
        "history_beta2_0999": history,
        "caption": caption(
            f"g = {g}, η = {lr}, β₁ = 0.9, ε = {eps_text}, first step: {en_rows}. With a constant gradient the "
            f"uncorrected Adam (β₂ = 0.999) steps {join_items(hist, 'en')}; the corrected one steps η throughout.",
            f"g = {g}，η = {lr}，β₁ = 0.9，ε = {eps_text}，第一步步长：{zh_rows}。梯度恒定时，不做偏差修正的 "
            f"Adam（β₂ = 0.999）步长为 {join_items(hist, 'zh')}；做偏差修正时每一步都是 η。",
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
    fmt_row = lambda r: "[" + ", ".join(figures(v, 4) for v in r) + "]"
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
        "caption": caption(
            f"2-2-1 network ({activation} hidden layer), every weight {figures(value)} at the start, "
            f"{steps} SGD steps: the rows of W⁽¹⁾ are equal after every step ({move_en}); after "
            f"step {steps} both rows are {fmt_row(last[0])}.",
            f"2-2-1 网络（隐藏层 {activation}），所有权重初始为 {figures(value)}，做 {steps} 步 SGD："
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
        layers = Network.from_spec(spec).forward(x)  # z⁽ˡ⁾ only: no loss, no backward pass
        result[init] = [float(layer.z.std()) for layer in layers]
    names = {"normal": "N(0, 0.1²)", "xavier_normal": "Xavier", "kaiming_normal": "He"}
    rows = {
        lang: sep.join(
            f"{names[k]}{colon}{figures(v[0], 3)} → {figures(v[-1], 3)}" for k, v in result.items()
        )
        for lang, sep, colon in (("en", "; ", ": "), ("zh", "；", "："))
    }
    return {
        "width": width,
        "depth": depth,
        "std_z": result,
        "caption": caption(
            f"{depth} ReLU layers of width {width}, std of z⁽¹⁾ → z⁽{sup(depth)}⁾: {rows['en']}.",
            f"{depth} 层宽度为 {width} 的 ReLU 网络，z⁽¹⁾ → z⁽{sup(depth)}⁾ 的标准差：{rows['zh']}。",
        ),
    }
