"""C3 network structure: which output layer (and loss) fits a classification task.

``output_layer``: given the logits z of an output layer with 2–4 classes, compute

- the per-class sigmoid outputs σ(zᵢ) = 1/(1 + e^(−zᵢ)) and their sum (in general ≠ 1: each
  σ(zᵢ) is an independent probability),
- the softmax y = softmax(z), yᵢ = e^(zᵢ)/Σⱼ e^(zⱼ), and its sum (always exactly 1: one
  distribution over mutually exclusive classes),
- a multiple choice: for the stated task (multi-label: several classes can be true at once, vs
  multi-class: exactly one class is true) which output layer + loss fits: sigmoid + binary cross
  entropy per class, or softmax + cross entropy (ReLU and tanh outputs are distractors from
  difficulty 2: they are not probabilities),
- from difficulty 2, ∂L/∂z for the pairing that fits, given a target t: softmax + CE gives
  ``y − t``, sigmoid + BCE gives ``σ(z) − t``.

Calculator mode: logits are decimals in [−2, 2]; values are rounded to 4 decimals and carried.
Without a calculator σ and exp cannot be worked out by hand for decimal logits, so the logits
are given as ``zᵢ = ±ln k`` (k ∈ {1, 3, 4, 9}; ln 1 = 0): then ``e^(zᵢ) = k^(±1)`` exactly,
``σ(ln k) = k/(k+1)``, ``σ(−ln k) = 1/(k+1)`` and ``softmax(z)ᵢ = e^(zᵢ)/Σⱼ e^(zⱼ)`` are exact
fractions, and variants whose values need more than 2 decimals are drawn again.

Two routes for every number: the catalog's NumPy ``fn``/``grad`` (``get_activation``,
``get_loss``) and a hand route in plain Python (``Fraction`` when exact, ``math.exp`` otherwise).
The key of the multiple choice comes from a table and is checked against the properties of the
catalog activations measured on their ``fn`` (outputs in (0, 1)? do they sum to 1?).
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ... import formula as fm
from ...catalog import get_activation, get_loss
from ..model import Answer, Problem, Rounding
from ..registry import Kind, Options, Redraw, VerificationError, register
from ._basic import (
    Text,
    Value,
    conventions,
    decimal,
    exact_only,
    make_problem,
    number_answer,
    para,
    pick,
    round_value,
    rounding_for,
    show,
    step,
    values_node,
    vector_answer,
    verify,
)

TASKS = ("multi_label", "multi_class")
V = fm.Var
E, L = V("e"), V("L")
ZI, ZJ = V("z", sub="i"), V("z", sub="j")
#: No-calculator logits are ±ln k for these k: σ(±ln k) has at most 2 decimals.
LN_BASES = (1, 3, 4, 9)
#: Calculator logits lie in [−LOGIT_BOUND, LOGIT_BOUND] (no saturation).
LOGIT_BOUND = 2.0
#: The sigmoid outputs must visibly not add to 1 (the point of the comparison).
MIN_SUM_GAP = 0.05


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


# ----------------------------------------------------------------------------- logits


@dataclass(frozen=True)
class Logit:
    """One logit: a decimal (``ln_of is None``) or ``ln(ln_of)`` exactly (``ln_of = 1/k`` is
    −ln k), so that ``e^z`` is an exact Fraction without a calculator."""

    value: Fraction = Fraction(0)
    ln_of: Fraction | None = None

    @property
    def exp(self) -> Value:
        """e^z: exact for ln k and for z = 0, else a float from the math module."""
        if self.ln_of is not None:
            return self.ln_of
        if self.value == 0:
            return Fraction(1)
        return math.exp(float(self.value))

    def __float__(self) -> float:
        return math.log(self.ln_of) if self.ln_of is not None else float(self.value)

    @property
    def node(self) -> fm.Node:
        if self.ln_of is None or self.ln_of == 1:
            return show(self.value if self.ln_of is None else Fraction(0))
        if self.ln_of > 1:
            return fm.Call("ln", (fm.num(self.ln_of),))
        return fm.Neg(fm.Call("ln", (fm.num(1 / self.ln_of),)))


def _sample_logits(rng: random.Random, options: Options, n: int) -> list[Logit]:
    if not options.calculator:
        out = []
        for _ in range(n):
            k = Fraction(pick(rng, LN_BASES))
            out.append(Logit(ln_of=k if k == 1 or rng.random() < 0.6 else 1 / k))
        return out
    places = 2 if options.difficulty == 3 and rng.random() < 0.5 else 1
    z = [decimal(rng, -LOGIT_BOUND, LOGIT_BOUND, places, nonzero=False) for _ in range(n)]
    if len(set(z)) == 1:
        raise Redraw("all logits equal")
    return [Logit(value=v) for v in z]


def _sample_target(rng: random.Random, task: str, n: int) -> list[Fraction]:
    if task == "multi_class":
        k = rng.randrange(n)
        return [Fraction(int(i == k)) for i in range(n)]
    t = [Fraction(rng.randint(0, 1)) for _ in range(n)]
    if sum(t) < 2:
        raise Redraw("show a multi-label target with at least two labels present")
    return t


# ----------------------------------------------------------------------------- numbers


@dataclass(frozen=True)
class Numbers:
    """Every number of the problem, exact (or float) and as carried with the stated rounding."""

    exps: list[Value]
    exps_c: list[Value]
    sigmoid: list[Value]
    sigmoid_c: list[Value]
    sigmoid_sum: Value
    sigmoid_sum_c: Value
    softmax: list[Value]
    softmax_c: list[Value]
    softmax_sum_c: Value  # the rounded entries added up (exactly 1 before rounding)
    grad: list[Value] | None
    grad_c: list[Value] | None


def compute(
    logits: Sequence[Logit], task: str, target: Sequence[Fraction] | None, rounding: Rounding
) -> Numbers:
    """The hand route, checked against the catalog's NumPy route (VerificationError if not)."""
    # hand route: Fractions when exact, math.exp otherwise
    exps = [lg.exp for lg in logits]
    sigmoid = [e / (1 + e) for e in exps]  # σ(z) = 1/(1 + e^(−z)) = e^z/(1 + e^z)
    total = sum(exps)
    softmax = [e / total for e in exps]
    softmax_sum = sum(softmax)
    if all(isinstance(v, Fraction) for v in softmax) and softmax_sum != 1:
        raise VerificationError(f"exact softmax sums to {softmax_sum}, not 1")
    # engine route: the catalog's NumPy functions
    z = np.array([[float(lg) for lg in logits]])
    sig_act, soft_act = get_activation("sigmoid"), get_activation("softmax")
    e_sigmoid = sig_act.fn(z, {})[0]
    e_softmax = soft_act.fn(z, {})[0]
    verify(e_sigmoid, sigmoid, "σ(z)")
    verify(float(e_sigmoid.sum()), sum(sigmoid), "Σ σ(zᵢ)")
    verify(e_softmax, softmax, "softmax(z)")
    verify(float(e_softmax.sum()), softmax_sum, "Σ softmax(z)ᵢ")
    verify(float(e_softmax.sum()), 1.0, "softmax sums to 1")
    # carried rounding (calculator): round each value the student writes down
    exps_c = [round_value(e, rounding) for e in exps]
    total_c = sum(exps_c)
    sigmoid_c = [round_value(s, rounding) for s in sigmoid]
    softmax_c = [round_value(e / total_c, rounding) for e in exps_c]
    grad = grad_c = None
    if target is not None:
        t = np.array([[float(v) for v in target]])
        if task == "multi_class":
            grad = [y - tv for y, tv in zip(softmax, target, strict=True)]
            grad_c = [y - tv for y, tv in zip(softmax_c, target, strict=True)]
            e_grad = get_loss("softmax_cross_entropy").grad(z, t)[0]
        else:
            grad = [s - tv for s, tv in zip(sigmoid, target, strict=True)]
            grad_c = [s - tv for s, tv in zip(sigmoid_c, target, strict=True)]
            s_arr = sig_act.fn(z, {})
            bce = get_loss("binary_cross_entropy")
            assert sig_act.grad is not None
            e_grad = (bce.grad(s_arr, t) * sig_act.grad(z, s_arr, {}))[0]  # chain rule
        verify(e_grad, grad, "∂L/∂z")
    return Numbers(
        exps=exps,
        exps_c=exps_c,
        sigmoid=sigmoid,
        sigmoid_c=sigmoid_c,
        sigmoid_sum=sum(sigmoid),
        sigmoid_sum_c=sum(sigmoid_c),
        softmax=softmax,
        softmax_c=softmax_c,
        softmax_sum_c=sum(softmax_c),
        grad=grad,
        grad_c=grad_c,
    )


# ----------------------------------------------------------------------------- the problem


def output_layer_problem(
    logits: Sequence[Logit],
    task: str,
    options: Options,
    target: Sequence[Fraction] | None = None,
    order: Sequence[str] = ("sigmoid_bce", "softmax_ce"),
    scenario: Scenario | None = None,
) -> Problem:
    """The ``output_layer`` problem for these logits, task, target and order of the choices.
    Every number is verified by two routes; the rules of the sampler are not applied here."""
    if task not in TASKS:
        raise ValueError(f"task must be one of {', '.join(TASKS)}")
    right = RIGHT_PAIRING[task]
    for name in order:
        if measured_fit(PAIRINGS[name], task) != (name == right):
            raise VerificationError(f"{name} for {task}: table and measured properties disagree")
    if right not in order:
        raise VerificationError(f"the right pairing {right} is not among the choices")
    scenario = scenario or SCENARIOS[task][0]
    n = len(logits)
    rounding = rounding_for(options)
    nums = compute(logits, task, target, rounding)
    carried = 1 if rounding.decimals is None else 2
    answers: list[Answer] = [
        vector_answer(
            "sigmoid",
            Text("sigmoid outputs σ(zᵢ)", "sigmoid 输出 σ(zᵢ)"),
            nums.sigmoid,
            nums.sigmoid_c,
            rounding,
        ),
        number_answer(
            "sigmoid_sum",
            Text("their sum Σᵢ σ(zᵢ)", "它们的和 Σᵢ σ(zᵢ)"),
            nums.sigmoid_sum,
            nums.sigmoid_sum_c,
            rounding,
            steps_carried=n,
            depends_on=("sigmoid",),
        ),
        vector_answer(
            "softmax",
            Text("softmax output y = softmax(z)", "softmax 输出 y = softmax(z)"),
            nums.softmax,
            nums.softmax_c,
            rounding,
            steps_carried=carried,
        ),
        number_answer(
            "softmax_sum",
            Text("its sum Σᵢ yᵢ", "它的和 Σᵢ yᵢ"),
            Fraction(1),
            Fraction(1),
            rounding,
            steps_carried=n * carried,
            depends_on=("softmax",),
        ),
    ]
    choices = tuple((KEYS[i], PAIRINGS[name].text) for i, name in enumerate(order))
    key = KEYS[list(order).index(right)]
    answers.append(
        Answer(
            id="choice",
            label=Text("output layer and loss for this task", "适合该任务的输出层与损失函数"),
            value=key,
            kind="choice",
            choices=choices,
        )
    )
    if nums.grad is not None and nums.grad_c is not None:
        answers.append(
            vector_answer(
                "grad",
                Text("gradient ∂L/∂z for the pairing that fits", "合适搭配下的梯度 ∂L/∂z"),
                nums.grad,
                nums.grad_c,
                rounding,
                steps_carried=carried,
                depends_on=("sigmoid",) if task == "multi_label" else ("softmax",),
            )
        )
    _check_key(answers, nums, target)
    statement = _statement(logits, task, options, target, scenario)
    steps = _steps(logits, task, target, order, nums, rounding)
    return make_problem(
        options,
        Text("Output layer: sigmoid or softmax?", "输出层：sigmoid 还是 softmax？"),
        statement,
        answers,
        steps,
        conventions(options, rounding),
    )


def _check_key(answers: Sequence[Answer], nums: Numbers, target: Sequence[Any] | None) -> None:
    """The key accepts the exact values and the carried ones (a third check on rounding)."""
    exact = {
        "sigmoid": nums.sigmoid,
        "sigmoid_sum": [nums.sigmoid_sum],
        "softmax": nums.softmax,
        "softmax_sum": [1],
        "grad": nums.grad,
    }
    shown = {
        "sigmoid": nums.sigmoid_c,
        "sigmoid_sum": [nums.sigmoid_sum_c],
        "softmax": nums.softmax_c,
        "softmax_sum": [nums.softmax_sum_c],
        "grad": nums.grad_c,
    }
    for a in answers:
        if a.kind == "choice":
            continue
        values = a.value if isinstance(a.value, list) else [a.value]
        for route in (exact[a.id], shown[a.id]):
            assert route is not None
            for v, r in zip(values, route, strict=True):
                if not a.tolerance.accepts(float(r), float(v)):
                    raise VerificationError(f"{a.id}: key {v} does not accept {float(r)}")


def _statement(
    logits: Sequence[Logit],
    task: str,
    options: Options,
    target: Sequence[Fraction] | None,
    scenario: Scenario,
) -> list[Any]:
    n = len(logits)
    names_en = ", ".join(c.en for c in scenario.classes[:n])
    names_zh = "、".join(c.zh for c in scenario.classes[:n])
    task_text = Text("Task: ", "任务：") + scenario.text
    if options.difficulty == 1:
        task_text = task_text + Text(" (", "（") + scenario.term + Text(")", "）")
    statement: list[Any] = [
        para(task_text),
        para(
            Text(
                "The output layer has {n} units, one per class ({names_en}); its logits (net inputs) are ",
                "输出层有 {n} 个单元，每个类别一个（{names_zh}）；其 logits（净输入）为 ",
            ).format(n=n, names_en=names_en, names_zh=names_zh),
            fm.eq(V("z"), fm.vector([lg.node for lg in logits])),
            Text(".", "。"),
        ),
        para(
            Text(
                "(a) Compute the sigmoid output σ(zᵢ) of every unit and their sum Σᵢ σ(zᵢ).",
                "(a) 求每个单元的 sigmoid 输出 σ(zᵢ) 及其和 Σᵢ σ(zᵢ)。",
            )
        ),
        para(
            Text(
                "(b) Compute the softmax output y = softmax(z) and its sum Σᵢ yᵢ.",
                "(b) 求 softmax 输出 y = softmax(z) 及其和 Σᵢ yᵢ。",
            )
        ),
        para(
            Text(
                "(c) Which output layer (activation function) and loss function fit this task?",
                "(c) 该任务应选用哪种输出层（激活函数）与损失函数？",
            )
        ),
    ]
    if target is not None:
        statement.append(
            para(
                Text("(d) With the target ", "(d) 对目标 "),
                fm.eq(V("t"), values_node(list(target))),
                Text(
                    " (1: the class is present), compute ∂L/∂z for the output layer and loss "
                    "that fit.",
                    "（1 表示该类别为真），按合适的输出层与损失函数求 ∂L/∂z。",
                ),
            )
        )
    if not options.calculator:
        statement.append(
            para(
                Text(
                    "No calculator needed: e^(ln k) = k and e^(−ln k) = 1/k, so every value is exact.",
                    "无需计算器：e^(ln k) = k，e^(−ln k) = 1/k，所有数值都是精确的。",
                )
            )
        )
    return statement


def _sigma_sub(lg: Logit, rounding: Rounding) -> fm.Node:
    """1/(1 + e^(−z)) with the number put in: e^(−z) exactly without a calculator."""
    if lg.ln_of is not None or rounding.decimals is None:
        inverse = 1 / lg.exp
        return fm.Frac(fm.num(1), fm.add(fm.num(1), show(inverse, rounding)))
    return fm.Frac(fm.num(1), fm.add(fm.num(1), fm.Pow(E, show(-lg.value))))


def _exp_sub(lg: Logit) -> fm.Node:
    """e^z with the logit put in; exp(±ln k) for logarithms (no superscript ln)."""
    if lg.ln_of is None or lg.ln_of == 1:
        return fm.Pow(E, lg.node)
    return fm.Call("exp", (lg.node,))


def _steps(
    logits: Sequence[Logit],
    task: str,
    target: Sequence[Fraction] | None,
    order: Sequence[str],
    nums: Numbers,
    rounding: Rounding,
) -> list[Any]:
    sigma_i = fm.Call("σ", (ZI,))
    sig_sum_node = show(nums.sigmoid_sum_c, rounding)
    if nums.sigmoid_sum_c == 1:
        sum_note = Text(
            "Here the sum happens to be 1 (σ(−z) = 1 − σ(z)), but nothing ties the σ(zᵢ) "
            "together: in general their sum is not 1.",
            "此处和恰好为 1（σ(−z) = 1 − σ(z)），但各 σ(zᵢ) 之间没有约束：一般情况下其和不为 1。",
        )
    else:
        sum_note = Text(
            "Each σ(zᵢ) is computed on its own: nothing makes them add to 1.",
            "每个 σ(zᵢ) 都是单独计算的：没有任何约束使它们的和为 1。",
        )
    if nums.softmax_sum_c != 1:
        soft_note = Text(
            "The rounded entries add to {s}; exactly, Σᵢ yᵢ = Σᵢ e^(zᵢ) / Σⱼ e^(zⱼ) = 1.",
            "四舍五入后的各分量之和为 {s}；精确地，Σᵢ yᵢ = Σᵢ e^(zᵢ) / Σⱼ e^(zⱼ) = 1。",
        ).format(s=fm.to_text(show(nums.softmax_sum_c, rounding)))
    else:
        soft_note = Text(
            "Always exactly 1: numerator and denominator are the same sum Σⱼ e^(zⱼ).",
            "恒为 1：分子与分母是同一个和 Σⱼ e^(zⱼ)。",
        )
    exp_note = None
    if any(lg.ln_of is not None and lg.ln_of != 1 for lg in logits):
        exp_note = Text("e^(ln k) = k and e^(−ln k) = 1/k", "e^(ln k) = k，e^(−ln k) = 1/k")
    steps: list[Any] = [
        step(
            Text("Exponentials of the logits", "logits 的指数"),
            fm.Pow(E, ZI),
            fm.vector([_exp_sub(lg) for lg in logits]),
            values_node(nums.exps_c, rounding),
            note=exp_note,
        ),
        step(
            Text("Sigmoid on every output unit", "每个输出单元上的 sigmoid"),
            fm.eq(sigma_i, fm.Frac(fm.num(1), fm.add(fm.num(1), fm.Pow(E, fm.Neg(ZI))))),
            fm.vector([_sigma_sub(lg, rounding) for lg in logits]),
            values_node(nums.sigmoid_c, rounding),
            answer_id="sigmoid",
        ),
        step(
            Text("Sum of the sigmoid outputs", "sigmoid 输出之和"),
            fm.Sum(sigma_i, "i"),
            fm.add(*[show(v, rounding) for v in nums.sigmoid_c]),
            sig_sum_node,
            answer_id="sigmoid_sum",
            note=sum_note,
        ),
        step(
            Text("Softmax over the output layer", "整个输出层上的 softmax"),
            fm.eq(V("y", sub="i"), fm.Frac(fm.Pow(E, ZI), fm.Sum(fm.Pow(E, ZJ), "j"))),
            fm.Frac(values_node(nums.exps_c, rounding), show(sum(nums.exps_c), rounding)),
            values_node(nums.softmax_c, rounding),
            answer_id="softmax",
        ),
        step(
            Text("Sum of the softmax outputs", "softmax 输出之和"),
            fm.Sum(V("y", sub="i"), "i"),
            fm.add(*[show(v, rounding) for v in nums.softmax_c]),
            fm.num(1),
            answer_id="softmax_sum",
            note=soft_note,
        ),
    ]
    right = RIGHT_PAIRING[task]
    for i, name in enumerate(order):
        pairing = PAIRINGS[name]
        steps.append(
            step(
                Text("Choice {k}: ", "选项 {k}：").format(k=KEYS[i]) + pairing.text,
                note=fit_note(pairing, task, sig_sum_node),
                answer_id="choice" if name == right else None,
            )
        )
    if target is not None and nums.grad_c is not None:
        t_node = values_node(list(target))
        if task == "multi_class":
            steps.append(
                step(
                    Text(
                        "Gradient of softmax + cross entropy with respect to the logits",
                        "softmax + 交叉熵对 logits 的梯度",
                    ),
                    fm.eq(fm.Partial(L, V("z")), fm.sub(V("y"), V("t"))),
                    fm.sub(values_node(nums.softmax_c, rounding), t_node),
                    values_node(nums.grad_c, rounding),
                    answer_id="grad",
                    note=Text(
                        "L = −Σ tᵢ ln yᵢ; the softmax Jacobian diag(y) − y yᵀ times −t/y gives "
                        "y − t (Σ tᵢ = 1).",
                        "L = −Σ tᵢ ln yᵢ；softmax 的雅可比矩阵 diag(y) − y yᵀ 乘以 −t/y 得 y − t"
                        "（Σ tᵢ = 1）。",
                    ),
                )
            )
        else:
            steps.append(
                step(
                    Text(
                        "Gradient of sigmoid + binary cross entropy with respect to the logits",
                        "sigmoid + 二元交叉熵对 logits 的梯度",
                    ),
                    fm.eq(
                        fm.Partial(L, ZI),
                        fm.mul(
                            fm.Frac(
                                fm.sub(sigma_i, V("t", sub="i")),
                                fm.mul(sigma_i, fm.Paren(fm.sub(fm.num(1), sigma_i))),
                            ),
                            sigma_i,
                            fm.Paren(fm.sub(fm.num(1), sigma_i)),
                        ),
                        fm.sub(sigma_i, V("t", sub="i")),
                    ),
                    fm.sub(values_node(nums.sigmoid_c, rounding), t_node),
                    values_node(nums.grad_c, rounding),
                    answer_id="grad",
                    note=Text(
                        "chain rule: ∂L/∂σ · σ′(z) with σ′ = σ(1 − σ); every class on its own.",
                        "链式法则：∂L/∂σ · σ′(z)，其中 σ′ = σ(1 − σ)；每个类别各自计算。",
                    ),
                )
            )
    return steps


# ----------------------------------------------------------------------------- the kind


def _order(rng: random.Random, task: str, difficulty: int) -> list[str]:
    order = ["sigmoid_bce", "softmax_ce"]
    if difficulty == 2:
        order.append(pick(rng, DISTRACTORS))
    elif difficulty == 3:
        order.extend(DISTRACTORS)
    rng.shuffle(order)
    return order


def build_output_layer(rng: random.Random, options: Options) -> Problem:
    task = options.extra.get("task") or pick(rng, TASKS)
    scenario = pick(rng, SCENARIOS[task])
    n = {1: 2, 2: 3, 3: pick(rng, (3, 4))}[options.difficulty]
    logits = _sample_logits(rng, options, n)
    target = _sample_target(rng, task, n) if options.difficulty >= 2 else None
    order = _order(rng, task, options.difficulty)
    nums = compute(logits, task, target, rounding_for(options))
    exact_only([*nums.sigmoid, *nums.softmax, *(nums.grad or [])], options)
    if abs(float(nums.sigmoid_sum) - 1) < MIN_SUM_GAP:
        raise Redraw("the sigmoid outputs add up to about 1: no contrast with softmax")
    return output_layer_problem(logits, task, options, target, order, scenario)


register(
    Kind(
        name="output_layer",
        section="C3",
        title=Text("Output layer: sigmoid or softmax", "输出层：sigmoid 还是 softmax"),
        description=Text(
            "sigmoid and softmax outputs of the logits, their sums, which output layer + loss "
            "fits a multi-label or multi-class task, and ∂L/∂z",
            "logits 的 sigmoid 与 softmax 输出及其和，多标签或多类别任务应选的输出层与损失函数，以及 ∂L/∂z",
        ),
        build=build_output_layer,
        extra_options={"task": TASKS},
    )
)
