"""The statement of a network problem: the network, its parameters and data, its activations,
the target and the loss, in the notation profile's symbols."""

from __future__ import annotations

from typing import Any

from ... import math as fm
from ...catalog import LOSSES, get_activation
from ...i18n import Text
from ..carried import NetworkProblemData
from ..loss_steps import loss_nodes
from ..model import Display, Para
from ..solution import (
    Symbols,
    col,
    mat,
    number,
)


def statement_activation_text(name: str, params: dict[str, Any]) -> Text:
    title = get_activation(name).title
    if "gamma" in params:
        title = title + f" (γ = {fm.format_number(params['gamma'])})"
    return title


#: What the transposed profile gives (every W is [n_(l−1) × n_l]).
TRANSPOSED_NOTE = Para(
    (
        Text(
            "Each W is given as [n_(l−1) × n_l], so z = Wᵀa + b.",
            "每个 W 的形状为 [n_(l−1) × n_l]，因此 z = Wᵀa + b。",
        ),
    )
)


def network_statement(
    data: NetworkProblemData, S: Symbols, task: Text
) -> tuple[Para | Display, ...]:
    """The network and its parameters, the activations, the target and the loss (layer
    networks), the learning rate, then the task."""
    blocks: list[Para | Display] = [
        statement_opening(data, S),
        Display(fm.eq(fm.Var("x"), col(data.x))),
    ]
    blocks += statement_parameters(data, S)
    if S.transposed and not S.cs224n:
        blocks.append(TRANSPOSED_NOTE)
    acts = data.activations
    if S.cs224n:
        blocks.append(
            Para(
                (
                    Text("f is the ", "f 为")
                    + statement_activation_text(acts[0], data.act_params[0])
                    + Text(".", "。"),
                )
            )
        )
    else:
        blocks += _activations_target_loss(data, S)
    if data.lr is not None:
        blocks.append(
            Para(
                (
                    Text("The learning rate is ", "学习率为 "),
                    fm.eq(fm.Var("η"), number(data.lr)),
                    Text(".", "。"),
                )
            )
        )
    blocks.append(Para((task,)))
    return tuple(blocks)


def statement_opening(data: NetworkProblemData, S: Symbols) -> Para:
    """What the network computes: cs224n's h = f(Wx + b), s = uᵀh, J = −log σ(s), or n-…-n."""
    if S.cs224n:
        return Para(
            (
                Text(
                    "A cs224n-style network computes h = f(Wx + b), s = uᵀh and J = −log σ(s), with",
                    "一个 cs224n 风格的网络计算 h = f(Wx + b)，s = uᵀh，J = −log σ(s)，其中",
                ),
            )
        )
    return Para(
        (
            Text(
                "A {net} feedforward neural network has input x, weight matrices and biases",
                "一个 {net} 前馈神经网络的输入 x、权重矩阵和偏置为",
            ).format(net="-".join(map(str, data.sizes))),
        )
    )


def statement_parameters(data: NetworkProblemData, S: Symbols) -> list[Display]:
    """W⁽ˡ⁾ (as the notation states it) and b⁽ˡ⁾ of every layer; cs224n's u as a column."""
    blocks: list[Display] = []
    for layer in range(1, data.depth + 1):
        stated = S.stated(data.W[layer - 1], layer)
        if S.cs224n and layer == 2:
            blocks.append(Display(fm.eq(S.W(2), col([r[0] for r in stated]))))
            continue
        blocks.append(Display(fm.eq(S.W(layer), mat(stated))))
        blocks.append(Display(fm.eq(S.b(layer), col(data.b[layer - 1]))))
    return blocks


def statement_layer_activations(data: NetworkProblemData) -> Text:
    """ "Hidden layers use …; the output layer uses …", or layer by layer when they differ."""
    acts, params = data.activations, data.act_params
    texts = [statement_activation_text(a, p) for a, p in zip(acts, params, strict=True)]
    if len(set(zip(acts[:-1], map(str, params[:-1]), strict=True))) > 1:
        out = Text("", "")
        for layer, text in enumerate(texts[:-1], start=1):
            out = out + Text("Layer {l} uses the ", "第 {l} 层使用").format(l=layer) + text
            out = out + Text("; ", "；")
        return out + Text("the output layer uses the ", "输出层使用") + texts[-1] + Text(".", "。")
    parts: Text = Text("", "")
    if len(acts) > 1:
        parts = Text("Hidden layers use the ", "隐藏层使用") + texts[0] + Text("; ", "；")
    return parts + Text("the output layer uses the ", "输出层使用") + texts[-1] + Text(".", "。")


def _activations_target_loss(data: NetworkProblemData, S: Symbols) -> list[Para | Display]:
    """The hidden and output activations, the target t and the loss: ½‖a⁽ᴸ⁾ − t‖² or the cross
    entropy −Σ tᵢ log aᵢ of a softmax output."""
    L = data.depth
    parts = statement_layer_activations(data)
    assert data.t is not None
    if data.loss == "mse":
        loss_formula: fm.Node = fm.mul(
            fm.Frac(fm.Num("1"), fm.Num("2")),
            fm.Norm(fm.sub(S.a(L), fm.Var("t")), squared=True),
        )
        words = Text("The loss is the mean squared error ", "损失函数为均方误差 ")
    elif data.loss == "cross_entropy" and data.activations[-1] == "softmax":
        loss_formula = fm.Neg(
            fm.Sum(
                fm.mul(fm.Var("t", sub="i"), fm.Call("log", (fm.Var("a", sub="i", layer=L),))),
                "i",
            )
        )
        words = Text(
            "The output is a softmax and the loss is the cross entropy ",
            "输出层为 softmax，损失函数为交叉熵 ",
        )
    else:
        n = data.sizes[-1]
        loss_formula, _ = loss_nodes(data.loss, S.a(L), L, [S.a(L)] * n, [], [fm.Var("t")] * n)
        words = Text("The loss is the ", "损失函数为") + LOSSES[data.loss].title + Text(" ", " ")
    return [
        Para((parts,)),
        Display(fm.eq(fm.Var("t"), col(data.t))),
        Para((words, fm.eq(S.loss(), loss_formula), Text(".", "。"))),
    ]
