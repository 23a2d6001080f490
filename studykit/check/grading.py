"""Grade one answer field: read it, compare it, explain it (en/zh).

``grade(answer, text, earlier, problem)`` returns a :class:`Verdict`; the quiz shows its
``message``, ``wrong_entries`` and ``mistake``. An unreadable input is not a wrong answer:
``unreadable`` is set and ``message`` says what could not be read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np

from ..i18n import Text
from ..problems.model import Answer, Problem, Tolerance
from .carry import accepted, carried_reference, is_network_id
from .diagnose import candidates
from .errors import AnswerSyntaxError, ShapeError
from .mistake import Mistake
from .number_input import read_number_notes
from .numeric import check_entries, coarse_rounding
from .solver import Setting
from .verdict import CORRECT, Verdict, value_text


def _entries_text(wrong: list[tuple[int, ...]], shape: tuple[int, ...]) -> Text:
    if not wrong or wrong == [()] or int(np.prod(shape)) == 1:
        return Text("not within the tolerance", "不在允许误差范围内")
    shown = ", ".join("(" + ", ".join(str(i + 1) for i in idx) + ")" for idx in wrong[:8])
    if len(wrong) == int(np.prod(shape)):
        return Text("every entry is wrong", "每个元素都不对")
    return (
        Text(
            "wrong entries (row, column, from 1): {e}", "错误的元素（行, 列，从 1 开始）：{e}"
        ).format(e=shown)
        if len(shape) == 2
        else Text("wrong entries (from 1): {e}", "错误的元素（从 1 开始）：{e}").format(e=shown)
    )


@lru_cache(maxsize=64)
def _setting_cached(spec_key: str, decimals: int | None) -> Setting:
    import json

    from ..spec import spec_from_dict

    setting = Setting.from_spec(spec_from_dict(json.loads(spec_key)))
    setting.extra["decimals"] = decimals
    return setting


def problem_setting(problem: Problem | None) -> Setting | None:
    """The solver setting of a network problem (``None`` without a spec with data)."""
    if problem is None or not problem.spec:
        return None
    import json

    try:
        return _setting_cached(
            json.dumps(problem.spec, sort_keys=True), problem.conventions.rounding.decimals
        )
    except Exception:  # noqa: BLE001 - a problem without data simply gets no diagnosis
        return None


def grade(
    answer: Answer,
    student_input: str,
    earlier: Mapping[str, Any] | None = None,
    problem: Problem | None = None,
) -> Verdict:
    """Grade ``student_input`` for ``answer`` (see the module docstring)."""
    text = student_input if isinstance(student_input, str) else str(student_input)
    if not text.strip():
        return Verdict(False, Text("no answer given", "没有作答"), unreadable=True)
    try:
        if answer.kind in ("number", "vector", "matrix"):
            return _grade_numeric(answer, text, earlier or {}, problem)
        if answer.kind == "expression":
            from .expressions import grade_expression

            return grade_expression(answer, text, problem)
        if answer.kind == "choice":
            return _grade_choice(answer, text)
        if answer.kind == "shape":
            return _grade_shape(answer, text)
    except AnswerSyntaxError as exc:
        return Verdict(False, _unreadable(exc), preview=_unreadable(exc).en, unreadable=True)
    except ShapeError as exc:
        return Verdict(False, exc.full, preview=text)
    raise ValueError(f"unknown answer kind {answer.kind!r}")


def _unreadable(exc: AnswerSyntaxError) -> Text:
    return Text("could not read the answer: ", "无法读取答案：") + exc.full


# ----------------------------------------------------------------------------- numbers


def _grade_numeric(
    answer: Answer, text: str, earlier: Mapping[str, Any], problem: Problem | None
) -> Verdict:
    student, notes, hints = read_number_notes(text, answer.kind, np.asarray(answer.value, float))
    preview = value_text(student)
    verdict = _grade_value(answer, student, preview, earlier, problem)
    for note in notes + ([] if verdict.correct else hints):
        verdict.message = verdict.message + Text(" (", "（") + note + Text(")", "）")
    return verdict


def _best_entries(answer: Answer, student: np.ndarray) -> Any:
    """The entry check against the key or the closest of its alternatives."""
    best = check_entries(student, np.asarray(answer.value, float), answer.tolerance)
    for alternative in answer.alternatives:
        other = check_entries(student, np.asarray(alternative, float), answer.tolerance)
        if other.correct or (other.shape_message is None and len(other.wrong) < len(best.wrong)):
            best = other
    return best


def _carried(answer: Answer, student: np.ndarray, preview: str, earlier: Mapping[str, Any],
             problem: Problem | None, setting: Setting | None) -> Verdict | None:  # fmt: skip
    """Right with the student's own earlier values (error carried forward), if so."""
    if setting is None or not earlier or problem is None:
        return None
    carried = carried_reference(problem, setting, answer, earlier)
    if carried is None or not accepted(student, carried[0], answer.tolerance):
        return None
    used = carried[1]
    message = Text(
        "correct with your own earlier value of {u} (error carried forward); "
        "the first wrong step is {f}",
        "用你之前得到的 {u} 计算是正确的（误差传递）；第一个错误的步骤是 {f}",
    ).format(u=", ".join(used), f=used[0])
    return Verdict(True, message, carried_forward=True, preview=preview)


def _wrong_message(answer: Answer, student: np.ndarray, best: Any) -> Text:
    expected = np.asarray(answer.value, float)
    message = best.shape_message or _entries_text(best.wrong, expected.shape)
    rounded = coarse_rounding(student, expected, answer.tolerance.decimals)
    if rounded is not None:
        return message + Text(
            "; you rounded to {k} decimals, the problem asks for {d}",
            "；你保留了 {k} 位小数，题目要求 {d} 位",
        ).format(k=rounded, d=answer.tolerance.decimals)
    if (
        answer.tolerance.decimals is None
        and answer.tolerance.abs < 1e-6
        and accepted(student, expected, Tolerance(abs=1e-3, rel=1e-3))
    ):
        return message + Text(
            "; give the exact value (e.g. a fraction like 3/8)", "；请给出精确值（例如分数 3/8）"
        )
    return message


def _mistakes_of(answer: Answer, student: np.ndarray, problem: Problem | None,
                 setting: Setting | None, best: Any) -> list[Mistake]:  # fmt: skip
    """Every catalogued mistake that explains ``student``, the likeliest first."""
    from .mistakes import MISTAKES
    from .number_mistakes import number_mistake

    found = number_mistake(student, answer, problem, MISTAKES)
    if found is not None:
        return [found]
    if setting is not None:
        return candidates(setting, answer.id, student, answer.tolerance)
    expected = np.asarray(answer.value, float)
    if best.transposed and np.allclose(student.T, expected, atol=answer.tolerance.abs + 1e-12):
        return [MISTAKES["transpose"]]
    return []


def _grade_value(
    answer: Answer,
    student: np.ndarray,
    preview: str,
    earlier: Mapping[str, Any],
    problem: Problem | None,
) -> Verdict:
    best = _best_entries(answer, student)
    if best.correct:
        return Verdict(True, CORRECT, preview=preview)
    setting = problem_setting(problem) if is_network_id(answer.id) else None
    carried = _carried(answer, student, preview, earlier, problem, setting)
    if carried is not None:
        return carried
    message = _wrong_message(answer, student, best)
    verdict = Verdict(False, message, best.wrong, preview=preview)
    found = _mistakes_of(answer, student, problem, setting, best)
    if found:
        verdict.mistake = found[0]
        verdict.candidates = tuple(m.key for m in found)
        verdict.message = message + Text(". Likely mistake: ", "。可能的错误：") + found[0].title
    return verdict


# ----------------------------------------------------------------------------- expressions


# ----------------------------------------------------------------------------- choices, shapes


def _grade_choice(answer: Answer, text: str) -> Verdict:
    given = text.strip().strip("().").lower()
    keys = {k.lower(): k for k, _ in answer.choices}
    by_text = {t.en.lower(): k for k, t in answer.choices} | {t.zh: k for k, t in answer.choices}
    key = keys.get(given) or by_text.get(text.strip().lower()) or by_text.get(text.strip())
    if key is None and answer.choices:
        options = ", ".join(k for k, _ in answer.choices)
        return Verdict(
            False,
            Text("choose one of: {o}", "请从以下选项中选择：{o}").format(o=options),
            unreadable=True,
            preview=text.strip(),
        )
    key = key or given
    correct = key.lower() == str(answer.value).lower()
    return Verdict(
        correct, CORRECT if correct else Text("not this option", "不是这个选项"), preview=key
    )


_SHAPE = re.compile(r"^[\[(]?\s*(\d+)\s*(?:[x×*,]|by)\s*(\d+)\s*[\])]?$", re.IGNORECASE)


def _grade_shape(answer: Answer, text: str) -> Verdict:
    m = _SHAPE.match(text.strip())
    if not m:
        return Verdict(
            False,
            Text("write a shape as rows×columns, e.g. 2x3", "形状请写成“行×列”，例如 2x3"),
            unreadable=True,
            preview=text.strip(),
        )
    got = (int(m.group(1)), int(m.group(2)))
    want = tuple(int(v) for v in answer.value)
    preview = f"{got[0]}×{got[1]}"
    if got == want:
        return Verdict(True, CORRECT, preview=preview)
    message = Text("the shape is not {g}", "形状不是 {g}").format(g=preview)
    if got == want[::-1]:
        message = message + Text(" — rows and columns are swapped", "——行和列颠倒了")
    return Verdict(False, message, preview=preview)


def first_wrong_step(problem: Problem, answers: Mapping[str, str]) -> str | None:
    """The id of the first attempted answer that is wrong and not explained by carried error."""
    for answer in problem.answers:
        text = answers.get(answer.id)
        if text is None or not str(text).strip():
            continue
        verdict = grade(answer, str(text), answers, problem)
        if not verdict.correct and not verdict.carried_forward:
            return answer.id
    return None
