"""The two tasks of ``output_layer`` (multi-label, multi-class), their scenarios, and the output
layer + loss pairings of the multiple choice with the reason each fits or not.

The key comes from a table (:data:`RIGHT_PAIRING`) and is checked against the properties of the
catalog activations measured on their ``fn`` (:func:`measured_fit`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .... import math as fm
from ....catalog import get_activation
from .._basic import Text

TASKS = ("multi_label", "multi_class")

# ----------------------------------------------------------------------------- tasks


@dataclass(frozen=True)
class Scenario:
    task: str
    text: Text  # what the task is, without naming the kind of task
    term: Text  # the name of the kind of task (shown at difficulty 1)
    classes: tuple[Text, ...]  # four class names; the first n are used


SCENARIOS: dict[str, tuple[Scenario, ...]] = {
    "multi_label": (
        Scenario(
            "multi_label",
            Text(
                "Tag photos: a photo may show a cat AND a dog, so several labels can be "
                "true at once.",
                "给照片打标签：一张照片可能同时有猫和狗，因此可以有多个标签同时为真。",
            ),
            Text("multi-label classification", "多标签分类"),
            (Text("cat", "猫"), Text("dog", "狗"), Text("bird", "鸟"), Text("car", "汽车")),
        ),
        Scenario(
            "multi_label",
            Text(
                "Label news articles by topic: one article can be about sports AND "
                "economy, so several labels can be true at once.",
                "给新闻按主题打标签：一篇文章可以同时涉及体育和经济，因此可以有多个标签同时为真。",
            ),
            Text("multi-label classification", "多标签分类"),
            (
                Text("sports", "体育"),
                Text("economy", "经济"),
                Text("politics", "政治"),
                Text("science", "科学"),
            ),
        ),
        Scenario(
            "multi_label",
            Text(
                "Tag films by genre: a film can be a comedy AND a romance, so several "
                "labels can be true at once.",
                "给电影按类型打标签：一部电影可以既是喜剧又是爱情片，因此可以有多个标签同时为真。",
            ),
            Text("multi-label classification", "多标签分类"),
            (
                Text("comedy", "喜剧"),
                Text("romance", "爱情"),
                Text("action", "动作"),
                Text("drama", "剧情"),
            ),
        ),
    ),
    "multi_class": (
        Scenario(
            "multi_class",
            Text(
                "Recognise the animal in a photo: each photo shows exactly one animal, so "
                "exactly one class is true.",
                "识别照片中的动物：每张照片恰好只有一种动物，因此恰好有一个类别为真。",
            ),
            Text(
                "multi-class classification, mutually exclusive classes",
                "多类别分类，类别互斥",
            ),
            (Text("cat", "猫"), Text("dog", "狗"), Text("bird", "鸟"), Text("horse", "马")),
        ),
        Scenario(
            "multi_class",
            Text(
                "Read a handwritten digit from 0 to 3: each image is exactly one digit, so "
                "exactly one class is true.",
                "识别 0 到 3 的手写数字：每张图像恰好是一个数字，因此恰好有一个类别为真。",
            ),
            Text(
                "multi-class classification, mutually exclusive classes",
                "多类别分类，类别互斥",
            ),
            (Text("0", "0"), Text("1", "1"), Text("2", "2"), Text("3", "3")),
        ),
        Scenario(
            "multi_class",
            Text(
                "Sort e-mails into folders: each e-mail goes to exactly one folder, so "
                "exactly one class is true.",
                "把邮件分到文件夹：每封邮件恰好归入一个文件夹，因此恰好有一个类别为真。",
            ),
            Text(
                "multi-class classification, mutually exclusive classes",
                "多类别分类，类别互斥",
            ),
            (
                Text("work", "工作"),
                Text("personal", "私人"),
                Text("spam", "垃圾邮件"),
                Text("news", "资讯"),
            ),
        ),
    ),
}


@dataclass(frozen=True)
class Pairing:
    """An output layer (catalog activation) and the loss trained with it."""

    name: str
    activation: str
    loss: str
    text: Text


PAIRINGS: dict[str, Pairing] = {
    p.name: p
    for p in (
        Pairing(
            "sigmoid_bce",
            "sigmoid",
            "binary_cross_entropy",
            Text(
                "a sigmoid σ on every output unit, with binary cross entropy on each class",
                "每个输出单元用 sigmoid σ，每个类别用二元交叉熵",
            ),
        ),
        Pairing(
            "softmax_ce",
            "softmax",
            "softmax_cross_entropy",
            Text(
                "one softmax over the whole output layer, with cross entropy",
                "整个输出层用一个 softmax，配合交叉熵",
            ),
        ),
        Pairing(
            "relu_ce",
            "relu",
            "cross_entropy",
            Text(
                "a ReLU on every output unit, with cross entropy",
                "每个输出单元用 ReLU，配合交叉熵",
            ),
        ),
        Pairing(
            "tanh_bce",
            "tanh",
            "binary_cross_entropy",
            Text(
                "a tanh on every output unit, with binary cross entropy on each class",
                "每个输出单元用 tanh，每个类别用二元交叉熵",
            ),
        ),
    )
}
#: The course's answer (COURSE.md C3): the table route of the multiple choice.
RIGHT_PAIRING = {"multi_label": "sigmoid_bce", "multi_class": "softmax_ce"}
DISTRACTORS = ("relu_ce", "tanh_bce")
KEYS = "ABCD"


@functools.cache
def measured_output(activation: str) -> tuple[bool, bool]:
    """(outputs are probabilities in (0, 1), outputs sum to 1), measured on the catalog ``fn``."""
    act = get_activation(activation)
    z = np.array(
        [[a, b, c] for a in (-3.0, -0.5, 0.0, 1.0) for b in (-1.0, 0.5, 2.0) for c in (0.3,)]
    )
    out = act.fn(z, act.defaults())
    probabilities = bool(np.all((out > 0) & (out < 1)))
    sums_to_one = bool(np.allclose(out.sum(axis=-1), 1.0))
    return probabilities, sums_to_one


def measured_fit(pairing: Pairing, task: str) -> bool:
    """The second route to the key: exclusive classes need one distribution (outputs in (0, 1)
    that sum to 1) scored by cross entropy; independent labels need outputs in (0, 1) that are
    not tied together, scored by binary cross entropy on each class."""
    probabilities, sums_to_one = measured_output(pairing.activation)
    if task == "multi_class":
        return probabilities and sums_to_one and pairing.loss == "softmax_cross_entropy"
    return probabilities and not sums_to_one and pairing.loss == "binary_cross_entropy"


def fit_note(pairing: Pairing, task: str, sigmoid_sum: fm.Node) -> Text:
    """Why a pairing does or does not fit the task."""
    if pairing.name == "relu_ce":
        return Text(
            "does not fit: ReLU outputs are ≥ 0 but unbounded and can be exactly 0, so they are "
            "not probabilities (and ln 0 is undefined).",
            "不合适：ReLU 的输出 ≥ 0 但无上界，且可能恰为 0，不是概率（ln 0 无定义）。",
        )
    if pairing.name == "tanh_bce":
        return Text(
            "does not fit: tanh outputs lie in (−1, 1); a negative value is not a probability "
            "(and its logarithm is undefined).",
            "不合适：tanh 的输出在 (−1, 1) 内，负值不是概率（其对数无定义）。",
        )
    total = fm.to_text(sigmoid_sum)
    if pairing.name == "sigmoid_bce":
        if task == "multi_label":
            return Text(
                "fits: each σ(zᵢ) in (0, 1) is the probability that label i is present, "
                "independent of the others, so several can be near 1 at once; each label is a "
                "yes/no question scored by binary cross entropy.",
                "合适：每个 σ(zᵢ) ∈ (0, 1) 是标签 i 出现的概率，与其他标签相互独立，可以有多个同时接近 "
                "1；每个标签是一个是/否问题，用二元交叉熵计算损失。",
            )
        return Text(
            "does not fit: the σ(zᵢ) are separate probabilities that need not add to 1 "
            "(here Σσ(zᵢ) = {s}), so they are not one distribution over exclusive classes.",
            "不合适：各 σ(zᵢ) 是各自独立的概率，其和不必为 1（此处 Σσ(zᵢ) = {s}），"
            "不构成互斥类别上的一个概率分布。",
        ).format(s=total)
    if task == "multi_class":
        return Text(
            "fits: the yᵢ are positive and add to 1, one distribution over mutually exclusive "
            "classes; cross entropy −Σ tᵢ ln yᵢ with a one-hot t is the negative log-likelihood "
            "of the true class.",
            "合适：各 yᵢ 为正且和为 1，是互斥类别上的一个概率分布；独热目标 t 下的交叉熵 "
            "−Σ tᵢ ln yᵢ 就是真实类别的负对数似然。",
        )
    return Text(
        "does not fit: the yᵢ always add to 1, so raising one class lowers the others: two true "
        "labels can never both get a probability near 1.",
        "不合适：各 yᵢ 之和恒为 1，提高一个类别的概率就会降低其他类别：两个同时为真的标签不可能"
        "都得到接近 1 的概率。",
    )
