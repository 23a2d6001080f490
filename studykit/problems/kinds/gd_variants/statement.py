"""The statement of a ``gd_variants`` problem: the model and its loss, the data, the start and
the hyper-parameters, weight decay, the task, the counting part and the table question."""

from __future__ import annotations

from typing import Any

from .... import math as fm
from ...model import Para, Rounding
from .._basic import Text, para, show
from .comparison import QUESTIONS, Counting
from .routes import Setup, batches

V = fm.Var
ALPHA, LAM = V("α"), V("λ")
HALF = fm.Num("½")


def samples_text(batch: tuple[int, ...]) -> str:
    """The 1-based sample numbers of a batch: ``1, 2``."""
    return ", ".join(str(i + 1) for i in batch)


def statement(
    setup: Setup,
    variant: str,
    size: int,
    epochs: int,
    counting: Counting,
    question: str,
    rounding: Rounding,
) -> list[Para]:
    """The statement blocks: model and loss, data, start, decay, the task, counting, table."""
    blocks = [
        _model(setup),
        para(Text("Number of samples: ", "样本数："), fm.eq(V("N"), fm.num(setup.n))),
        *_samples(setup, rounding),
        _start(setup, rounding),
    ]
    if setup.lam:
        blocks.append(_decay(setup, variant))
    if variant == "bgd":
        blocks.append(_bgd_task(epochs))
    else:
        blocks.append(_epoch_task(setup, variant, size))
    blocks.append(_counting(counting))
    blocks.append(
        para(
            Text(
                "Comparison table (samples per update, cost, timeliness, stability): which variant ",
                "对比表（每次更新的样本数、计算代价、时效性、稳定性）：哪一种方法",
            )
            + QUESTIONS[question][0]
        )
    )
    return blocks


def _model(setup: Setup) -> Para:
    """y = w x + b (y = w x without a bias) and Lₙ = ½(yₙ − tₙ)²."""
    bias = setup.b0 is not None
    model = (
        fm.eq(V("y"), fm.add(fm.dot(V("w"), V("x")), V("b")))
        if bias
        else fm.eq(V("y"), fm.dot(V("w"), V("x")))
    )
    loss = fm.eq(
        V("L", sub="n"),
        fm.mul(HALF, fm.Pow(fm.Paren(fm.sub(V("y", sub="n"), V("t", sub="n"))), fm.num(2))),
    )
    return para(
        Text("A linear neuron ", "线性神经元 "),
        model,
        Text(
            (" (no bias)" if not bias else "")
            + " is trained on the N samples below, with the per-sample loss ",
            ("（无偏置）" if not bias else " ") + "用下面的 N 个样本训练，单个样本的损失函数为 ",
        ),
        loss,
        Text(
            " (mean squared error, the ½ convention). The gradient of a batch is the mean of "
            "its per-sample gradients.",
            "（均方误差，½ 约定）。一批样本的梯度是其中各样本梯度的平均值。",
        ),
    )


def _samples(setup: Setup, rounding: Rounding) -> list[Para]:
    """One line per sample: xₙ, tₙ."""
    return [
        para(
            Text("Sample {i}: ", "样本 {i}：").format(i=i),
            fm.Op(
                ",",
                (
                    fm.eq(V("x", sub=str(i)), show(x, rounding)),
                    fm.eq(V("t", sub=str(i)), show(t, rounding)),
                ),
            ),
        )
        for i, (x, t) in enumerate(zip(setup.xs, setup.ts, strict=True), start=1)
    ]


def _start(setup: Setup, rounding: Rounding) -> Para:
    """w₀ (and b₀), the learning rate α and the weight decay λ."""
    start: list[fm.Node] = [fm.eq(V("w", sub="0"), show(setup.w0, rounding))]
    if setup.b0 is not None:
        start.append(fm.eq(V("b", sub="0"), show(setup.b0, rounding)))
    hyper: list[Any] = [Text("Start from ", "初始参数 "), fm.Op(",", tuple(start))]
    hyper += [Text("; learning rate ", "；学习率 "), fm.eq(ALPHA, show(setup.alpha, rounding))]
    if setup.lam:
        hyper += [
            Text("; weight decay ", "；权重衰减系数 "),
            fm.eq(LAM, show(setup.lam, rounding)),
        ]
    return para(*hyper, Text(".", "。"))


def _decay(setup: Setup, variant: str) -> Para:
    """R = (1/N)Σ Lₙ + ½λw², so w ← w − α((1/N)Σ ∂Lₙ/∂w + λw); the bias is not decayed."""
    decay = Text(
        "Regularisation (weight decay) in BGD: the regularised risk is "
        "R = (1/N)Σ Lₙ + ½λw², so a BGD update is w ← w − α((1/N)Σ ∂Lₙ/∂w + λw).",
        "BGD 中的正则化（权重衰减）：正则化风险为 R = (1/N)Σ Lₙ + ½λw²，"
        "因此一次 BGD 更新为 w ← w − α((1/N)Σ ∂Lₙ/∂w + λw)。",
    )
    if setup.b0 is not None:
        decay += Text(
            " The bias is not decayed: b ← b − α(1/N)Σ ∂Lₙ/∂b.",
            "偏置不做权重衰减：b ← b − α(1/N)Σ ∂Lₙ/∂b。",
        )
    if variant != "bgd":
        decay += Text(
            " The epoch below uses the plain loss, without weight decay.",
            "下面的这一轮训练使用不带权重衰减的原始损失。",
        )
    return para(decay)


def _bgd_task(epochs: int) -> Para:
    """Per-sample gradients, the mean gradient and one (or two) BGD updates."""
    return para(
        Text(
            "Batch gradient descent: every update uses the mean gradient over all N "
            "samples, one update per epoch. Compute the per-sample gradients at the "
            "start, the mean gradient and the parameters after one BGD update"
            + (", then a second BGD update (epoch 2)." if epochs == 2 else "."),
            "批量梯度下降：每次更新使用全部 N 个样本的平均梯度，每轮（epoch）更新一次。"
            "求初始参数处各样本的梯度、平均梯度以及一次 BGD 更新后的参数"
            + ("，再做第二次 BGD 更新（第 2 轮）。" if epochs == 2 else "。"),
        )
    )


def _epoch_task(setup: Setup, variant: str, size: int) -> Para:
    """One BGD update for comparison, then one epoch of SGD or mini-batch SGD in the given order."""
    bias = setup.b0 is not None
    groups = "; ".join("{" + samples_text(b) + "}" for b in batches(setup.n, size))
    how = (
        Text(
            "one epoch of SGD: one update per sample, in the order given (no shuffling), "
            "each from that sample's gradient at the current parameters",
            "一轮 SGD：每个样本更新一次，按给定顺序（不打乱），每次用该样本在当前参数处的梯度",
        )
        if variant == "sgd"
        else Text(
            "one epoch of mini-batch SGD with batch size ",
            "一轮小批量 SGD，批量大小 ",
        )
    )
    parts: list[Any] = [
        Text(
            "Compute the per-sample gradients at the start, the mean gradient and one BGD "
            "update for comparison; then, from the same start, ",
            "求初始参数处各样本的梯度、平均梯度以及一次 BGD 更新（用于比较）；"
            "然后从同一初始参数出发，做",
        )
        + how
    ]
    if variant == "minibatch":
        parts += [
            fm.eq(V("B"), fm.num(size)),
            Text(
                ": consecutive batches in the order given, samples {g}; each update uses the "
                "mean gradient of its batch at the current parameters",
                "：按给定顺序取连续的批，样本分组为 {g}；每次更新用该批在当前参数处的平均梯度",
            ).format(g=groups),
        ]
    parts.append(
        Text(
            ". Give w" + (" and b" if bias else "") + " after the epoch.",
            "。求这一轮之后的 w" + (" 和 b" if bias else "") + "。",
        )
    )
    return para(*parts)


def _counting(counting: Counting) -> Para:
    """The large training set: N, B (and E); the last batch is kept, so K = ceil(N/B)."""
    parts: list[Any] = [
        Text("Counting: a training set has ", "计数：某训练集有 "),
        fm.eq(V("N"), fm.num(counting.n)),
        Text(
            " samples and mini-batch SGD uses the batch size ", " 个样本，小批量 SGD 的批量大小为 "
        ),
        fm.eq(V("B"), fm.num(counting.size)),
        Text(
            ". Batches are taken in order; when B does not divide N the last batch is smaller "
            "(it is kept, not dropped), so an epoch has ceil(N/B) updates.",
            "。按顺序取批；若 B 不能整除 N，最后一批的样本较少（保留，不丢弃），"
            "因此每轮有 ceil(N/B)（向上取整）次更新。",
        ),
    ]
    if counting.epochs is not None:
        parts += [
            Text(" Training runs for ", "共训练 "),
            fm.eq(V("E"), fm.num(counting.epochs)),
            Text(" epochs.", " 轮。"),
        ]
    return para(*parts)
