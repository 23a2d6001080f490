"""The statement of your own network: the network, its numbers, activations, loss and step.

The opening and the parameters are the generated network problems' (``kinds.network``); the
activations are named layer by layer, the loss is the catalog's formula, a batch lists its
samples, and ``[train]`` adds the optimiser, its hyper-parameters and the weight decay.
"""

from __future__ import annotations

from typing import Any

from .. import math as fm
from ..catalog import LOSSES
from ..i18n import Text
from .carried import NetworkProblemData
from .kinds.network_statement import (
    TRANSPOSED_NOTE,
    statement_activation_text,
    statement_layer_activations,
    statement_opening,
    statement_parameters,
)
from .loss_steps import loss_nodes
from .model import Display, Para
from .solution import Symbols, col, number

Block = Para | Display
OPTIMISER_NAMES = {
    "sgd": "SGD",
    "momentum": "momentum",
    "adagrad": "AdaGrad",
    "rmsprop": "RMSprop",
    "adam": "Adam",
}
GREEK = {"momentum": "μ", "decay": "γ", "beta1": "β₁", "beta2": "β₂", "eps": "ε"}


def own_statement(spec: Any, samples: list[NetworkProblemData], S: Symbols) -> tuple[Block, ...]:
    """Opening, x, W and b, activations, t, loss, the training step, the task."""
    first = samples[0]
    blocks: list[Block] = [statement_opening(first, S)]
    batch = len(samples) > 1
    for n, data in enumerate(samples, start=1):
        x = fm.Var("x", sub=str(n)) if batch else fm.Var("x")
        blocks.append(Display(fm.eq(x, col(data.x))))
    blocks += statement_parameters(first, S)
    if S.transposed and not S.cs224n:
        blocks.append(TRANSPOSED_NOTE)
    blocks.append(_activations(first, S))
    if not S.cs224n:
        for n, data in enumerate(samples, start=1):
            t = fm.Var("t", sub=str(n)) if batch else fm.Var("t")
            blocks.append(Display(fm.eq(t, col(data.t or []))))
        blocks.append(_loss(first, S, batch))
    if spec.train is not None:
        blocks.append(_training(spec.train))
    blocks.append(Para((_task(spec, batch),)))
    return tuple(blocks)


def _activations(data: NetworkProblemData, S: Symbols) -> Para:
    """cs224n's f, else the generated problems' "Hidden layers use …; the output layer …"."""
    if S.cs224n:
        return Para(
            (
                Text("f is the ", "f 为")
                + statement_activation_text(data.activations[0], data.act_params[0])
                + Text(".", "。"),
            )
        )
    return Para((statement_layer_activations(data),))


def _loss(data: NetworkProblemData, S: Symbols, batch: bool) -> Para:
    L = data.depth
    general, _ = loss_nodes(
        data.loss,
        S.a(L),
        L,
        [S.a(L)] * data.sizes[-1],
        data.t or [],
        [fm.Var("t")] * data.sizes[-1],
    )
    words = Text("The loss is the ", "损失函数为") + LOSSES[data.loss].title + Text(": ", "：")
    tail = Text(", averaged over the batch.", "，对批量取平均。") if batch else Text(".", "。")
    return Para((words, fm.eq(S.loss(), general), tail))


def _training(train: Any) -> Para:
    parts: list[Text | fm.Node] = [
        Text("Take one {o} step with ", "用 {o} 更新一步，").format(
            o=OPTIMISER_NAMES[train.optimizer]
        ),
        fm.eq(fm.Var("η"), number(train.lr)),
    ]
    for key, value in train.options.items():
        if isinstance(value, bool):
            continue
        parts += [Text(", ", "，"), fm.eq(fm.Var(GREEK.get(key, key)), number(value))]
    if train.weight_decay:
        parts += [
            Text(", weight decay ", "，权重衰减 "),
            fm.eq(fm.Var("λ"), number(train.weight_decay)),
            Text(" (R = L + ½λ‖W‖²)", "（R = L + ½λ‖W‖²）"),
        ]
    if train.optimizer == "sgd":
        parts.append(Text(".", "。"))
    else:
        parts.append(Text(", from zero optimiser state.", "，优化器状态从 0 开始。"))
    return Para(tuple(parts))


def _task(spec: Any, batch: bool) -> Text:
    text = Text(
        "Do the forward pass, then backpropagate: every error term δ, ∂L/∂W, ∂L/∂b for every "
        "layer and ∂L/∂x",
        "先做前向传播，再反向传播：求每层的误差项 δ、∂L/∂W、∂L/∂b 以及 ∂L/∂x",
    )
    if batch:
        text = text + Text(
            " for each sample, then the mean gradient", "（每个样本分别计算），再求平均梯度"
        )
    if spec.train is not None:
        text = text + Text(", then the parameters after one step", "，然后求更新一步后的参数")
    return text + Text(".", "。")
