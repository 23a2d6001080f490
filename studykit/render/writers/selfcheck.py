"""The self-check page: one offline HTML file per variant in which a student types each part's
answer and the page grades it, with the tolerance and the alternatives (exact and carried
routes) of the answer key, shows which entries are wrong by position, and reveals the worked
solution part by part.

It is the static HTML page (:class:`~.html.HtmlWriter`: MathML, inline SVG, no CDN) with the
"Give" list replaced by answer boxes, and its grading data and script inlined (works from
``file://``; a note on the page says a determined student can read the key). Numbers, shapes and
choices are graded in the page; a formula part gives the ``studykit check`` command instead, and
an explanation part reveals its model answer with marking points to tick.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from html import escape
from typing import Any

from ...i18n import Text
from ...problems.model import Answer, Problem
from ..views import SheetDoc, answer_prompt, answer_view, colon
from .html import CSS as HTML_CSS
from .html import HtmlWriter, page
from .parts import NUMERIC, check_command, entry_shape, part_steps, references
from .selfcheck_script import CSS, SCRIPT

T = {
    "note": Text(
        "Type your answers and press Check: this page grades them itself, offline, with the "
        "tolerance and the accepted routes of the answer key. The key is inside this file, so a "
        "determined student can read it: work each part first, then check. A later part "
        "computed from your own wrong earlier value is marked wrong here; the quiz and "
        "`studykit check` give credit for error carried forward.",
        "输入答案后点击“检查”：本页面离线自行评分，容差和可接受的计算路线与答案完全一致。答案就在"
        "这个文件里，有心的学生可以读到：请先独立完成每一小题，再检查。若后面的小题是用你自己算错"
        "的前面结果算出来的，这里会判为错误；测验和 `studykit check` 会按误差传递给分。",
    ),
    "check": Text("Check", "检查"),
    "show": Text("Show solution", "显示解答"),
    "hide": Text("Hide solution", "隐藏解答"),
    "show_model": Text("Show model answer", "显示参考答案"),
    "hide_model": Text("Hide model answer", "隐藏参考答案"),
    "formula": Text(
        "Formulas are not graded in this page: check yours with",
        "本页面不评判公式：请用下面的命令检查你的答案：",
    ),
    "explain": Text(
        "Write your answer, then show the model answer and tick the points you made.",
        "先写下你的答案，再显示参考答案，勾选你答到的评分要点。",
    ),
    "entries": Text("one number per box", "每个方框填一个数"),
}

MESSAGES = {
    "correct": Text("correct", "正确"),
    "correct_carried": Text(
        "correct (the carried-rounding route of the key)", "正确（答案中逐步舍入的计算路线）"
    ),
    "off": Text("not within the tolerance", "不在允许误差范围内"),
    "every": Text("every entry is wrong", "每个元素都不对"),
    "wrong_vector": Text("wrong entries (from 1): {e}", "错误的元素（从 1 开始）：{e}"),
    "wrong_matrix": Text(
        "wrong entries (row, column, from 1): {e}", "错误的元素（行, 列，从 1 开始）：{e}"
    ),
    "empty": Text("fill in every box", "请填写每一个方框"),
    "unreadable": Text(
        "could not read entry {e}: write a number such as 0.5933, −1/2 or 3e-2",
        "无法读取元素 {e}：请写成数字，例如 0.5933、−1/2 或 3e-2",
    ),
    "shape_unreadable": Text(
        "write a shape as rows×columns, e.g. 2x3", "形状请写成 行×列，例如 2x3"
    ),
    "shape_wrong": Text("the shape is not {g}", "形状不是 {g}"),
    "shape_swapped": Text(" — rows and columns are swapped", "——行和列颠倒了"),
    "choose": Text("choose one of: {o}", "请从以下选项中选择：{o}"),
    "not_this": Text("not this option", "不是这个选项"),
    "show": T["show"],
    "hide": T["hide"],
    "show_model": T["show_model"],
    "hide_model": T["hide_model"],
    "score": Text("{g} / {t} marks", "{g} / {t} 分"),
}


#: Stands for the problem's number in radio-button names until the sheet numbers the problems.
RADIO = "@@problem@@"


def _placeholder(index: int) -> str:
    return f'<div class="reveal" data-part="{index}" hidden></div>'


class SelfCheckWriter(HtmlWriter):
    """The HTML page with answer boxes, in-page grading and a solution reveal per part."""

    def t(self, key: str) -> str:
        return escape(T[key].get(self.lang))

    # ----------------------------------------------------------------- answer boxes

    def answer_list(self, answers: Sequence[Answer], shape: bool = True) -> str:
        """Each part with its answer boxes, Check and Show-solution buttons and feedback line."""
        items = [self.part(i, a) for i, a in enumerate(answers)]
        return f'<ol class="parts">{"".join(items)}</ol>'

    def part(self, index: int, answer: Answer) -> str:
        prompt = f"({self.letter(index)}) {escape(answer_prompt(answer, self.lang))}"
        check = f'<button type="button" class="check">{self.t("check")}</button>'
        show = f'<button type="button" class="reveal-button">{self.t("show")}</button>'
        feedback = '<span class="fb" aria-live="polite"></span>'
        if answer.kind in NUMERIC:
            body = self.entry_grid(answer) + f"<br>{check}{show}{feedback}"
        elif answer.kind == "shape":
            body = f'<input class="shape" placeholder="2x3" aria-label="{prompt}"><br>{check}{show}{feedback}'
        elif answer.kind == "choice":
            body = self.choices(index, answer) + f"{check}{show}{feedback}"
        elif answer.kind == "explain":
            body = (
                f'<p class="hint">{self.t("explain")}</p><textarea class="explain"></textarea><br>'
                f'<button type="button" class="reveal-button">{self.t("show_model")}</button>'
            )
        else:
            body = (
                f'<input class="formula" placeholder="sigmoid(z)*(1 - sigmoid(z))">'
                f'<p class="hint">{self.t("formula")}</p><code class="command"></code>{show}'
            )
        return (
            f'<li class="part" data-part="{index}" data-kind="{answer.kind}">'
            f'<p class="prompt">{prompt}</p>{body}{_placeholder(index)}</li>'
        )

    def entry_grid(self, answer: Answer) -> str:
        rows, cols = entry_shape(answer)
        cells = "".join(
            f'<input class="entry" inputmode="decimal" data-index="{r * cols + c}" '
            f'aria-label="{escape(answer.id)} {r + 1},{c + 1}">'
            for r in range(rows)
            for c in range(cols)
        )
        style = f"grid-template-columns: repeat({cols}, auto)"
        return f'<div class="grid" style="{style}" title="{self.t("entries")}">{cells}</div>'

    def choices(self, index: int, answer: Answer) -> str:
        items = "".join(
            f'<label><input type="radio" name="c{index}-{RADIO}" value="{escape(k)}"> '
            f"{escape(k)}) {escape(self.text(t))}</label><br>"
            for k, t in answer.choices
        )
        return f'<div class="choices">{items}</div>'

    # ----------------------------------------------------------------- reveals and data

    def reveal(self, problem: Problem, answer: Answer, steps: Sequence[Any]) -> str:
        """A part's hidden solution: its steps (numbered as in the worked solution) and key."""
        if answer.kind == "explain":
            return self.model_answer(answer)
        numbers = {id(s): n for n, s in enumerate(problem.steps, 1)}
        shown = "".join(self.step(numbers[id(s)], s) for s in steps)
        view = answer_view(problem, answer, self.lang)
        key = escape(self.label("answer_key") + colon(self.lang)) + self.key_value(view)
        return shown + f'<p class="key"><b>{key}</b></p>'

    def model_answer(self, answer: Answer) -> str:
        value = answer.value
        model = value.get(self.lang, "") if isinstance(value, dict) else str(value)
        ticks = "".join(
            f'<li><label><input type="checkbox" class="tick" data-marks="{m.marks}"> '
            f"{escape(self.text(m.text))} ({m.marks})</label></li>"
            for m in answer.marking
        )
        total = sum(m.marks for m in answer.marking)
        score = escape(MESSAGES["score"].get(self.lang).format(g=0, t=total))
        return (
            f'<p class="model">{escape(model)}</p><ul class="ticks">{ticks}</ul>'
            f'<p class="score">{score}</p>'
        )

    def part_data(self, problem: Problem, answer: Answer) -> dict[str, Any]:
        """What the script grades a part against (nothing for formulas and explanations)."""
        data: dict[str, Any] = {"id": answer.id, "kind": answer.kind}
        if answer.kind in NUMERIC:
            tol = answer.tolerance
            data |= {"refs": references(answer), "tol": {"abs": tol.abs, "rel": tol.rel}}
            data["cols"] = entry_shape(answer)[1] if answer.kind == "matrix" else 1
        elif answer.kind == "shape":
            data["shape"] = [int(v) for v in answer.value]
        elif answer.kind == "choice":
            data |= {"answer": str(answer.value), "keys": [k for k, _ in answer.choices]}
        elif answer.kind == "expression":
            data["command"] = check_command(problem, answer, None)
        elif answer.kind == "explain":
            data["marks"] = sum(m.marks for m in answer.marking)
        return data

    def filled(self, problem: Problem, number: int, body: str) -> str:
        """``body`` with each part's reveal filled in and the radio names made unique."""
        steps = part_steps(problem)
        for i, answer in enumerate(problem.answers):
            inner = self.reveal(problem, answer, steps[answer.id])
            body = body.replace(
                _placeholder(i), f'<div class="reveal" data-part="{i}" hidden>{inner}</div>', 1
            )
        return body.replace(RADIO, str(number))

    def data_script(self, problems: Sequence[Problem]) -> str:
        data = {
            "problems": [
                {"id": p.id, "parts": [self.part_data(p, a) for a in p.answers]} for p in problems
            ],
            "msg": {k: v.get(self.lang) for k, v in MESSAGES.items()},
        }
        text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        return f'<script type="application/json" id="studykit-data">{text}</script>'

    def page(self, title: str, sections: list[str], problems: Sequence[Problem], head: str) -> str:
        note = re.sub(r"`([^`]+)`", r"<code>\1</code>", self.t("note"))
        note = f'<p class="selfcheck-note">{note}</p>'
        body = "\n".join(
            [head, note, *sections, self.data_script(problems), f"<script>{SCRIPT}</script>"]
        )
        return page(title, self.lang, body, HTML_CSS + CSS)

    # ----------------------------------------------------------------- documents

    def problem_document(self, problem: Problem, body: str) -> str:
        title = self.text(problem.title)
        section = (
            f'<section class="problem" data-problem="0"><h2>{escape(title)}</h2>\n'
            f"{self.filled(problem, 0, body)}</section>"
        )
        return self.page(title, [section], [problem], "")

    def sheet_document(self, doc: SheetDoc, solution: bool, problems: list[tuple[str, str]]) -> str:
        title = f"{doc.heading} — {self.label('solutions' if solution else 'sheet')}"
        head = f'<h1>{escape(title)}</h1>\n<p class="ident">{escape(doc.ident)}</p>'
        sections = []
        for number, ((heading, body), problem) in enumerate(
            zip(problems, doc.problems, strict=True)
        ):
            writer = self.for_notation(problem.conventions.notation)
            assert isinstance(writer, SelfCheckWriter)
            sections.append(
                f'<section class="problem" data-problem="{number}">\n<h2>{escape(heading)}</h2>\n'
                f"{writer.filled(problem, number, body)}\n</section>"
            )
        return self.page(title, sections, doc.problems, head)
