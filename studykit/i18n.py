"""Two languages for every text a student reads.

A :class:`Text` cannot be built without both its English and its Chinese form, so no message can
exist in one language only. Terms come from the glossary of COURSE.md (:data:`GLOSSARY`).
The default language follows ``LANG``/``LC_ALL``; ``--lang en|zh`` overrides it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple

LANGS = ("en", "zh")


class Text(NamedTuple):
    """A text in English and Chinese; ``format`` fields are shared by both."""

    en: str
    zh: str

    def get(self, lang: str, **fields: object) -> str:
        template = self.zh if lang == "zh" else self.en
        return template.format(**fields) if fields else template

    def format(self, **fields: object) -> Text:
        """Both texts with ``fields`` filled in; a :class:`Text` field gives each language its
        own wording."""

        def pick(lang: str) -> dict[str, object]:
            return {k: v.get(lang) if isinstance(v, Text) else v for k, v in fields.items()}

        return Text(self.en.format(**pick("en")), self.zh.format(**pick("zh")))

    def __add__(self, other: object) -> Text:  # type: ignore[override]
        if isinstance(other, Text):
            return Text(self.en + other.en, self.zh + other.zh)
        if isinstance(other, str):
            return Text(self.en + other, self.zh + other)
        return NotImplemented


def detect_lang(environ: Mapping[str, str] | None = None) -> str:
    """``zh`` when the locale (LC_ALL, LC_MESSAGES, LANG, LANGUAGE) is Chinese, else ``en``."""
    env = os.environ if environ is None else environ
    for key in ("STUDYKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(key, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def resolve_lang(lang: str | None) -> str:
    """The explicit choice if given, else the locale's language."""
    if lang is None:
        return detect_lang()
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: choose en or zh")
    return lang


# English term -> Chinese term, from COURSE.md's glossary. Texts in zh use these words.
GLOSSARY: dict[str, str] = {
    "neuron": "神经元",
    "feedforward neural network": "前馈神经网络",
    "net input": "净输入",
    "activation": "激活值",
    "activation function": "激活函数",
    "weight matrix": "权重矩阵",
    "bias": "偏置",
    "hidden layer": "隐藏层",
    "input layer": "输入层",
    "output layer": "输出层",
    "forward propagation": "前向传播",
    "backpropagation": "反向传播",
    "error term": "误差项",
    "chain rule": "链式法则",
    "loss function": "损失函数",
    "mean squared error": "均方误差",
    "cross entropy": "交叉熵",
    "negative log-likelihood": "负对数似然",
    "gradient descent": "梯度下降",
    "learning rate": "学习率",
    "partial derivative": "偏导数",
    "Hadamard product": "哈达玛积",
    "Jacobian": "雅可比矩阵",
    "transpose": "转置",
    "regularisation": "正则化",
    "weight decay": "权重衰减",
    "momentum": "动量",
    "initialisation": "初始化",
    "vanishing gradient": "梯度消失",
    "exploding gradient": "梯度爆炸",
    "dead ReLU": "ReLU 死亡问题",
    "numerical differentiation": "数值微分",
    "symbolic differentiation": "符号微分",
    "automatic differentiation": "自动微分",
    "computation graph": "计算图",
    "worked solution": "详细解答",
    "problem set": "习题集",
}
