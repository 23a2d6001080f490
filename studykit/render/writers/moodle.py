"""Moodle XML quiz questions: one Cloze question per problem (NUMERICAL parts with the key's
tolerance, MULTICHOICE for choices), the worked solution as general feedback; the math goes
through Moodle's MathJax filter."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ...i18n import Text
from ...problems.model import Answer, Problem
from ..views import answer_prompt, colon
from .mathjax import MathJaxWriter


def cloze_text(text: str) -> str:
    for ch in ("\\", "}", "#", "~", "/", '"'):
        text = text.replace(ch, "\\" + ch)
    return text


def _numeric(value: object, tolerance: float) -> str:
    return f"{{1:NUMERICAL:={float(value)!r}:{tolerance:g}}}"


class MoodleWriter(MathJaxWriter):
    def cloze(self, answer: Answer) -> str:
        tol = answer.tolerance.abs
        if answer.kind == "number":
            return _numeric(answer.value, tol)
        if answer.kind == "vector":
            return "[" + ", ".join(_numeric(v, tol) for v in answer.value) + "]"
        if answer.kind == "matrix":
            rows = "".join(
                "<tr>" + "".join(f"<td>{_numeric(v, tol)}</td>" for v in row) + "</tr>"
                for row in answer.value
            )
            return f"<table>{rows}</table>"
        if answer.kind == "choice":
            options = "~".join(
                ("=" if key == answer.value else "") + cloze_text(f"{key}) {self.text(text)}")
                for key, text in answer.choices
            )
            return f"{{1:MULTICHOICE:{options}}}"
        if answer.kind == "shape":
            r, c = answer.value
            return f"{{1:SHORTANSWER:={r}x{c}~={r}×{c}~={r} x {c}~=[{r}×{c}]}}"
        return f"{{1:SHORTANSWER:={cloze_text(str(answer.value))}}}"

    def question(self, problem: Problem) -> str:
        parts = [
            f"<p>({self.letter(i)}) {escape(answer_prompt(a, self.lang))}{colon(self.lang)}"
            f"{self.cloze(a)}</p>"
            for i, a in enumerate(problem.answers)
        ]
        text = self.statement_html(problem) + "\n" + "\n".join(parts)
        name = f"{self.text(problem.title)} [{problem.id}]"
        return (
            '<question type="cloze">'
            f"<name><text>{escape(name)}</text></name>"
            f'<questiontext format="html"><text><![CDATA[{text}]]></text></questiontext>'
            f'<generalfeedback format="html"><text><![CDATA[{self.feedback_html(problem)}]]>'
            "</text></generalfeedback>"
            f"<idnumber>{escape(problem.id)}</idnumber>"
            "</question>"
        )

    def export(self, set_name: str, title: Text, problems: Sequence[Problem]) -> bytes:
        """A quiz file: the questions, in a category for the set."""
        category = f"$course$/studykit/{set_name}"
        out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
        out.append(
            f'<question type="category"><category><text>{escape(category)}</text></category>'
            "</question>"
        )
        for problem in problems:
            writer = self.for_notation(problem.conventions.notation)
            assert isinstance(writer, MoodleWriter)
            out.append(writer.question(problem))
        out.append("</quiz>")
        return ("\n".join(out) + "\n").encode("utf-8")
