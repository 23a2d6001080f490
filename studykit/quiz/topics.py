"""The course topics C1–C12 (COURSE.md), titled in both languages."""

from __future__ import annotations

from ..i18n import Text

TOPICS: dict[str, Text] = {
    "C1": Text("Neuron", "神经元"),
    "C2": Text("Activation functions and derivatives", "激活函数及其导数"),
    "C3": Text("Network structure", "网络结构"),
    "C4": Text("Shapes and parameter counts", "形状与参数量"),
    "C5": Text("Losses and their gradients", "损失函数及其梯度"),
    "C6": Text("Forward propagation by hand", "手算前向传播"),
    "C7": Text("Backpropagation by hand", "手算反向传播"),
    "C8": Text("Matrix calculus", "矩阵微积分"),
    "C9": Text("Gradient descent and optimisers", "梯度下降与优化器"),
    "C10": Text("Initialisation", "初始化"),
    "C11": Text("Vanishing and exploding gradients", "梯度消失与梯度爆炸"),
    "C12": Text("Computing gradients", "梯度的计算方法"),
}
