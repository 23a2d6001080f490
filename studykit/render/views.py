"""What every renderer shares: the fixed labels (en/zh) and read-only views of a Problem.

Nothing here computes an answer: values are only turned into formula nodes for printing.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .. import math as fm
from ..i18n import Text
from ..problems.model import Answer, Problem, Rounding

LABELS: dict[str, Text] = {
    "problem": Text("Problem", "第"),
    "problem_suffix": Text("", "题"),
    "network": Text("Network", "网络结构"),
    "conventions": Text("Conventions", "约定"),
    "answers": Text("Give", "需作答"),
    "solution": Text("Worked solution", "详细解答"),
    "answer_key": Text("Answer", "答案"),
    "step": Text("Step", "步骤"),
    "shape": Text("shape", "形状"),
    "sheet": Text("Problems", "题目"),
    "solutions": Text("Worked solutions", "详细解答"),
    "variant": Text("Variant", "版本"),
    "seed": Text("seed", "种子"),
    "name": Text("Name", "姓名"),
    "regenerate": Text("Answer key", "答案"),
    "input": Text("input", "输入层"),
    "hidden": Text("hidden", "隐藏层"),
    "output": Text("output", "输出层"),
    "loss": Text("loss", "损失"),
    "exact": Text("exact", "精确值"),
    "calculator": Text("calculator allowed", "允许使用计算器"),
    "no_calculator": Text("no calculator", "不使用计算器"),
    "difficulty": Text("difficulty", "难度"),
    "problem_id": Text("Problem id", "题目编号"),
}


def label(key: str, lang: str) -> str:
    return LABELS[key].get(lang)


def colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


@dataclass(frozen=True)
class SheetDoc:
    """One printable sheet: a set's title, its problems, and the variant that made them."""

    title: Text
    problems: tuple[Problem, ...]
    lang: str
    set_name: str = ""
    variant: int = 0
    seed: int = 0

    @property
    def heading(self) -> str:
        return self.title.get(self.lang)

    @property
    def ident(self) -> str:
        return variant_line(self.set_name, self.variant, self.seed, self.lang)


def problem_heading(number: int, problem: Problem, lang: str) -> str:
    """``Problem 3: Forward pass`` / ``第 3 题：前向传播``."""
    if lang == "zh":
        return f"第 {number} 题：{problem.title.zh}"
    return f"Problem {number}: {problem.title.en}"


def step_heading(number: int, title: Text, lang: str) -> str:
    return f"{number}. {title.get(lang)}"


@dataclass(frozen=True)
class AnswerView:
    """One answer as printed: its label, optional symbol, and the value as a node or as text."""

    id: str
    label: str
    symbol: fm.Node | None
    value: fm.Node | None
    text: str | None = None  # for choices and values without a node form
    code: str | None = None  # an expression answer in the syntax the checker accepts


def _decimals(answer: Answer) -> int | None:
    return answer.tolerance.decimals


def _num(value: Any, decimals: int | None) -> fm.Node:
    if isinstance(value, str):
        return _exact_num(value)
    return fm.Num(fm.format_number(value, decimals))


def answer_view(problem: Problem, answer: Answer, lang: str) -> AnswerView:
    """The answer-key entry for ``answer`` (the step result is used for expressions)."""
    d = _decimals(answer)
    name = answer.label.get(lang)
    if answer.kind == "number":
        shown = _num(answer.value, d)
        if isinstance(answer.exact, str):
            exact = _exact_num(answer.exact)
            if _fits(answer.exact, problem, d) and _agrees(answer.exact, answer.value, problem, d):
                shown = exact
            elif not _terminates(answer.exact, None) and _rounds_to(answer.exact, shown, d):
                shown = fm.approx(exact, shown)  # 29/12 ≈ 2.4167; never −617/600 ≈ −1.0284
        return AnswerView(answer.id, name, answer.symbol, shown)
    if answer.kind in ("vector", "matrix"):
        source = answer.value
        exact_entries = _flat(answer.exact) if _all_text(answer.exact) else []
        pairs = list(zip(exact_entries, _flat(answer.value), strict=False))
        if _all_text(answer.exact) and (
            not problem.calculator
            or all(_fits(e, problem, d) and _agrees(e, v, problem, d) for e, v in pairs)
        ):
            source = answer.exact  # exact entries, as decimals where they terminate
        if answer.kind == "vector":
            node: fm.Node = fm.vector([_num(v, d) for v in source])
        else:
            node = fm.matrix([[_num(v, d) for v in row] for row in source])
        return AnswerView(answer.id, name, answer.symbol, node)
    if answer.kind == "shape":
        rows, cols = answer.value
        return AnswerView(answer.id, name, answer.symbol, None, text=f"[{rows} × {cols}]")
    if answer.kind == "explain":
        model = answer.value.get(lang) if isinstance(answer.value, dict) else str(answer.value)
        return AnswerView(answer.id, name, answer.symbol, None, text=model)
    if answer.kind == "choice":
        chosen = dict(answer.choices).get(answer.value)
        text = f"({answer.value})" + (f" {chosen.get(lang)}" if chosen else "")
        return AnswerView(answer.id, name, answer.symbol, None, text=text)
    # expression: the formula of the step that produces it, and the checker syntax
    node = None
    for step in problem.steps:
        if step.answer_id == answer.id and step.result is not None:
            node = step.result
    return AnswerView(answer.id, name, answer.symbol, node, code=str(answer.value))


def _flat(value: Any) -> list[Any]:
    return [v for row in value for v in row] if isinstance(value[0], list | tuple) else list(value)


def _all_text(value: Any) -> bool:
    if not isinstance(value, list | tuple) or not value:
        return False
    return all(isinstance(v, str) for v in _flat(value))


def _exact_fraction(text: str) -> Fraction | None:
    try:
        return Fraction(text.replace("−", "-"))
    except (ValueError, ZeroDivisionError):
        return None  # not a number (√2, an expression…)


def _terminates(text: str, decimals: int | None) -> bool:
    """An exact value written with at most ``decimals`` decimals (any finite number when None):
    37/100 = 0.37 terminates, 1/3 does not."""
    value = _exact_fraction(text)
    return value is not None and "/" not in fm.format_number(value, decimals or 8)


def _fits(exact: str, problem: Problem, decimals: int | None) -> bool:
    """Show the exact value itself: always without a calculator when it terminates; with one
    only when it needs no more decimals than the stated rounding (else the rounded value)."""
    return _terminates(exact, decimals if problem.calculator else None)


def _agrees(exact: str, value: Any, problem: Problem, decimals: int | None) -> bool:
    """With a calculator the key is the value the steps printed: the exact value stands in for
    it only when they are the same number (m = −0.07315 exact, −0.07315013 carried: show the
    carried one, as its step does)."""
    if not problem.calculator or decimals is None:
        return True
    target = (
        _exact_fraction(fm.format_number(value, decimals)) if not isinstance(value, str) else None
    )
    return target is not None and _exact_fraction(exact) == target


def _rounds_to(exact: str, shown: fm.Node, decimals: int | None) -> bool:
    """Whether ``exact ≈ shown`` holds: the exact value rounds (half up) to the shown one. The
    key follows the printed steps, which may carry a rounding the exact value does not have."""
    value = _exact_fraction(exact)
    target = shown.value if isinstance(shown, fm.Num) else None
    if value is None or target is None or decimals is None:
        return False
    return Rounding(decimals).round(value) == target


def _exact_num(text: str) -> fm.Num:
    """The exact value as a student writes it: 0.37 for 37/100, 29/12 stays a fraction."""
    value = _exact_fraction(text)
    if value is None:
        return fm.Num(text.replace("-", "−"))
    return fm.Num(fm.format_number(value, 8))


def answer_prompt(answer: Answer, lang: str) -> str:
    """What the student must give, with the expected shape: ``∂L/∂W⁽¹⁾ [2×2]``."""
    extra = ""
    if answer.kind == "vector":
        extra = f" [{len(answer.value)}]"
    elif answer.kind == "matrix":
        extra = f" [{len(answer.value)} × {len(answer.value[0])}]"
    return answer.label.get(lang) + extra


def conventions(problem: Problem, lang: str) -> list[str]:
    return [t.get(lang) for t in problem.convention_texts()]


def variant_line(set_name: str, variant: int, seed: int, lang: str) -> str:
    """The line that lets a teacher regenerate a sheet's key: set, variant and seed."""
    if lang == "zh":
        return f"习题集 {set_name} · 版本 {variant} · 种子 {seed}"
    return f"set {set_name} · variant {variant} · seed {seed}"


def step_rows(nodes: list[fm.Node]) -> list[tuple[fm.Node | None, fm.Node]]:
    """A chain ``lhs = a = b`` as rows aligned at ``=``: ``(lhs, a)``, ``(None, b)``; a first
    node that is no equation keeps the left side empty."""
    if not nodes:
        return []
    first, rest = nodes[0], nodes[1:]
    if isinstance(first, fm.Op) and first.op == "=" and len(first.args) >= 2:
        tail = first.args[1:]
        right = tail[0] if len(tail) == 1 else fm.Op("=", tail)
        rows: list[tuple[fm.Node | None, fm.Node]] = [(first.args[0], right)]
    else:
        rows = [(None, first)]
    return rows + [(None, n) for n in rest]
