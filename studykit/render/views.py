"""What every renderer shares: the fixed labels (en/zh) and read-only views of a Problem.

Nothing here computes an answer: values are only turned into formula nodes for printing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

from .. import math as fm
from ..i18n import Text
from ..problems.model import Answer, Problem, Rounding
from ..problems.paper import Paper

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
    "student": Text("Student", "学生"),
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
    "student_id": Text("Student ID", "学号"),
    "seat": Text("Seat", "座位号"),
    "course": Text("Course", "课程"),
    "date": Text("Date", "日期"),
    "time_allowed": Text("Time allowed", "考试时间"),
    "instructions": Text("Instructions", "考生须知"),
    "total": Text("Total", "总分"),
    "points": Text("Points", "分值"),
    "score": Text("Score", "得分"),
    "question": Text("Problem", "题号"),
    "code": Text("Paper code", "试卷编码"),
    "exam": Text("Exam", "试卷"),
}


def minutes_text(minutes: int, lang: str) -> str:
    """``90 minutes`` / ``90 分钟``."""
    return f"{minutes} 分钟" if lang == "zh" else f"{minutes} minute{'s' if minutes != 1 else ''}"


def points_text(points: float, lang: str) -> str:
    """``2 points`` / ``1 point`` / ``2.5 分``."""
    number = f"{points:g}"
    if lang == "zh":
        return f"{number} 分"
    return f"{number} point{'' if points == 1 else 's'}"


def page_of(lang: str) -> tuple[str, str, str]:
    """The text around k and n in "page k of n": ``("Page ", " of ", "")`` / ``("第 ", " 页，共 ", " 页")``."""
    return ("第 ", " 页，共 ", " 页") if lang == "zh" else ("Page ", " of ", "")


def label(key: str, lang: str) -> str:
    return LABELS[key].get(lang)


def colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


@dataclass(frozen=True)
class VariantCode:
    """The code printed on every page of an exam: ``short`` to type, ``payload`` for the QR."""

    short: str
    payload: str


@dataclass(frozen=True)
class SheetDoc:
    """One printable sheet: a set's title, its problems, and the variant that made them. An exam
    also has its paper (cover fields), its code and the points of every part of every problem."""

    title: Text
    problems: tuple[Problem, ...]
    lang: str
    set_name: str = ""
    variant: int = 0
    seed: int = 0
    paper: Paper = Paper()
    code: VariantCode | None = None
    points: tuple[tuple[float, ...], ...] = ()

    @property
    def exam(self) -> bool:
        return self.paper.exam

    def problem_points(self, index: int) -> tuple[float, ...]:
        """The points of each part of problem ``index`` (from 0); empty when not an exam."""
        return self.points[index] if index < len(self.points) else ()

    student: str = ""  # "Name (ID)" from a roster: printed on the variant's first page

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
    """What the student must give, with its size in words (``∂L/∂W⁽¹⁾ (a 2 × 2 matrix)``), not
    as ``[2 × 2]``, which on paper reads as marks."""
    extra = Text("", "")
    if answer.kind == "vector":
        n = len(answer.value)
        extra = Text(f" ({n} {'entry' if n == 1 else 'entries'})", f"（{n} 个分量）")
    elif answer.kind == "matrix":
        rows, cols = len(answer.value), len(answer.value[0])
        extra = Text(f" (a {rows} × {cols} matrix)", f"（{rows} × {cols} 矩阵）")
    return answer.label.get(lang) + extra.get(lang)


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


# ----------------------------------------------------------------------------- math in prose

_SUB = "₀₁₂₃₄₅₆₇₈₉ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ₊₋"
_SUB_PLAIN = "0123456789aeoxhklmnpstij+-"
_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_LETTER = r"[A-Za-zα-ωΑ-Ω](?:[\u0302\u0304\u0307])?"
_SYMBOL = rf"(?:{_LETTER})[{_SUB}]*(?:⁽[{_SUP}ˡ⁻]+⁾|\^\[[^\]\s]+\])?[{_SUB}]*"
_PROSE_MATH = re.compile(
    rf"∂(?P<num>{_SYMBOL})/∂(?P<den>{_SYMBOL})"
    rf"|(?P<fn>[A-Za-zσ])(?P<primes>′+)\((?P<arg>{_SYMBOL})\)"
    rf"|(?P<sym>{_SYMBOL})"
)


def _symbol_node(text: str, whole_word: bool = False) -> fm.Node | None:
    """``W⁽¹⁾``, ``W^[1]``, ``w₁₁⁽¹⁾``, ``δ₂`` as a Var; a bare letter is no symbol (None)."""
    m = re.fullmatch(
        rf"(?P<name>{_LETTER})(?P<sub1>[{_SUB}]*)(?:⁽(?P<sup>[{_SUP}ˡ⁻]+)⁾|\^\[(?P<br>[^\]\s]+)\])?"
        rf"(?P<sub2>[{_SUB}]*)",
        text,
    )
    if m is None:
        return None
    sub = (m["sub1"] or "") + (m["sub2"] or "")
    layer = m["sup"] or m["br"]
    if layer is not None and m["sup"]:
        layer = layer.translate(str.maketrans(_SUP + "ˡ⁻", "0123456789l-"))
    name = m["name"]
    if not sub and layer is None and len(name) == 1 and name.isascii() and not whole_word:
        return None  # the "a" of "a weight": a letter inside a word or an article
    hat = name.endswith("\u0302")
    base = unicodedata.normalize("NFC", name.rstrip("\u0302"))
    sub_text = sub.translate(str.maketrans(_SUB, _SUB_PLAIN)) or None
    return fm.Var(
        base, sub=sub_text, layer=int(layer) if layer and layer.isdigit() else layer, hat=hat
    )


@lru_cache(maxsize=8192)
def prose_math(text: str) -> tuple[str | fm.Node, ...]:
    """Text with its symbols as math nodes: ``"gradient ∂L/∂W^[1]"`` → ``["gradient ",
    ∂L/∂W⁽¹⁾]`` (on one line), so each format prints them in its math (no raw ``^[1]`` caret, no
    Unicode pseudo-math in the text font). Words, and Latin letters inside text, stay text."""
    out: list[str | fm.Node] = []
    at = 0
    text = unicodedata.normalize("NFD", text)
    for m in _PROSE_MATH.finditer(text):
        if m["fn"] is not None:  # f′(z₁)
            arg = _symbol_node(m["arg"], True) or fm.Var(m["arg"])
            node = fm.Call(m["fn"], (arg,), prime=len(m["primes"]))
        elif m["sym"] is not None:
            node = _symbol_node(m["sym"], _lone_letter(text, m))
            following = text[m.end() : m.end() + 1]
            if node is not None and len(m["sym"]) == 1 and following and following in "′'(":
                node = None  # σ′(x), f(z): a function written as text stays whole
        else:
            num, den = _symbol_node(m["num"]), _symbol_node(m["den"])
            num = num or fm.Var(m["num"])
            den = den or fm.Var(m["den"])
            node = inline_partial(num, den)
        if node is None:
            continue
        out += [_nfc(text[at : m.start()]), node] if m.start() > at else [node]
        at = m.end()
    if at < len(text):
        out.append(_nfc(text[at:]))
    return tuple(out)


def inline_partial(num: fm.Node, den: fm.Node) -> fm.Node:
    """``∂num/∂den`` on one line (a fraction in running text would shrink into the lines)."""
    return fm.Op("/", (fm.Op("", (fm.Var("∂"), num)), fm.Op("", (fm.Var("∂"), den))))


def _lone_letter(text: str, m: re.Match[str]) -> bool:
    """A single letter named by the word before it, at the end of a label (``loss L``, ``损失
    L``), not ``a``, ``A`` or ``I`` (an article, a choice, a pronoun), nor one inside a formula
    written as text (``z = W a + b``)."""
    letter = m.group()
    if len(letter) != 1 or letter in "aIABCDEF":
        return False
    word = text[m.start() - 2] if m.start() >= 2 else ""
    rest = text[m.end() :]
    named = text[m.start() - 1 : m.start()] == " " and word.isalpha()  # after a word
    return named and (not rest or rest.startswith((" [", ":", "：", "，", ", ", "; ")))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
