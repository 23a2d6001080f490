"""The statement of an ``optimizer_step`` problem: the optimiser, θ₀, the hyper-parameters, the
gradient of every step, weight decay, ε and bias correction."""

from __future__ import annotations

from typing import Any

from .... import math as fm
from ...model import Para, Rounding
from .._basic import Text, Value, para, show, values_node
from .updates import as_fraction

TITLES = {
    "sgd": Text("SGD", "随机梯度下降 SGD"),
    "momentum": Text("momentum", "动量法"),
    "adagrad": Text("AdaGrad", "AdaGrad"),
    "rmsprop": Text("RMSprop", "RMSprop"),
    "adam": Text("Adam (with bias correction)", "Adam（带偏差修正）"),
    "adam_no_bias": Text("Adam without bias correction", "Adam（不做偏差修正）"),
    "adam_notes": Text(
        "Adam as in the course notes (no bias correction, β₂ = 0.9999)",
        "课程笔记中的 Adam（不做偏差修正，β₂ = 0.9999）",
    ),
}

V = fm.Var
THETA, ETA, LAM = V("θ"), V("η"), V("λ")


def statement(
    name: str,
    h: dict[str, Any],
    rounding: Rounding,
    theta0: list[Value],
    grads: list[list[Value]],
    lam: Value,
    theta_rounding: Rounding,
) -> list[Para]:
    """Apply the optimiser to θ from θ₀ with these hyper-parameters and gradients; when the
    states are written with more decimals than θ is given to, say so."""
    node = lambda vals: values_node(vals, rounding)  # noqa: E731
    engine = h["engine"]
    out = [
        para(
            Text("Apply ", "对参数 θ 应用 ")
            + TITLES[name]
            + Text(" to the parameter θ, starting from ", "，初始值为 "),
            fm.eq(V("θ", sub="0"), node(theta0)),
            Text(
                " with all optimiser state at 0. Hyper-parameters: ", "，优化器状态全为 0。超参数："
            ),
            fm.Op(",", tuple(_hyper_parameters(h, lam))),
            Text(".", "。"),
        )
    ]
    for t, g in enumerate(grads, start=1):
        out.append(
            para(
                Text("Gradient of the loss at step {t}: ", "第 {t} 步损失的梯度：").format(t=t),
                fm.eq(fm.Partial(V("L"), THETA), node(g)),
            )
        )
    if lam:
        out.append(
            para(
                Text(
                    "Weight decay: the gradient used is g = ∂L/∂θ + λθ, i.e. W ← W − η(∂L/∂W + λW).",
                    "权重衰减：所用梯度为 g = ∂L/∂θ + λθ，即 W ← W − η(∂L/∂W + λW)。",
                )
            )
        )
    if engine in ("adagrad", "rmsprop", "adam"):
        out.append(
            para(
                Text(
                    "ε (at most 1e-8) is too small to matter: leave it out.",
                    "ε（不超过 1e-8）可以忽略：计算时略去。",
                )
            )
        )
    if engine == "adam" and not h["bias_correction"]:
        out.append(
            para(
                Text(
                    "No bias correction: use m and v directly in place of m̂ and v̂.",
                    "不做偏差修正：直接用 m 和 v 代替 m̂ 和 v̂。",
                )
            )
        )
    give = Text(
        "Give θ (and the optimiser state) after the last step.",
        "求最后一步之后的 θ（以及优化器状态）。",
    )
    if theta_rounding.decimals != rounding.decimals:
        give = Text(
            "Give θ to {t} decimals (and the optimiser state to {s}) after the last step.",
            "求最后一步之后的 θ（保留 {t} 位小数）以及优化器状态（保留 {s} 位小数）。",
        ).format(t=theta_rounding.decimals, s=rounding.decimals)
    out.append(para(give))
    return out


def _hyper_parameters(h: dict[str, Any], lam: Value) -> list[fm.Node]:
    """η, then μ (momentum), γ (RMSprop) or β₁, β₂ (Adam), then λ."""
    hyper = [fm.eq(ETA, show(as_fraction(h["lr"])))]
    engine = h["engine"]
    if engine == "momentum":
        hyper.append(fm.eq(V("μ"), show(as_fraction(h["momentum"]))))
    if engine == "rmsprop":
        hyper.append(fm.eq(V("γ"), show(as_fraction(h["decay"]))))
    if engine == "adam":
        hyper += [
            fm.eq(V("β", sub="1"), show(as_fraction(h["beta1"]))),
            fm.eq(V("β", sub="2"), show(as_fraction(h["beta2"]))),
        ]
    if lam:
        hyper.append(fm.eq(LAM, show(lam)))
    return hyper
