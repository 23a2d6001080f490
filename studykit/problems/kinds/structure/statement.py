"""The statement of an ``output_layer`` problem."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from .... import math as fm
from ...model import Para
from ...registry import Options
from .._basic import Text, para, values_node
from .choices import Scenario
from .numbers import Logit

V = fm.Var


def statement(
    logits: Sequence[Logit],
    task: str,
    options: Options,
    target: Sequence[Fraction] | None,
    scenario: Scenario,
) -> list[Para]:
    """The task, the logits and the questions (a)–(d); the ln k hint without a calculator."""
    n = len(logits)
    names_en = ", ".join(c.en for c in scenario.classes[:n])
    names_zh = "、".join(c.zh for c in scenario.classes[:n])
    task_text = Text("Task: ", "任务：") + scenario.text
    if options.difficulty == 1:
        task_text = task_text + Text(" (", "（") + scenario.term + Text(")", "）")
    statement: list[Para] = [
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
