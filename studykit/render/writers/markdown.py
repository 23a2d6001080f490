"""Markdown with ``$…$`` / ``$$…$$`` math (Typora, Obsidian, GitHub)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...math.nodes import Node
from ...problems.model import Answer, Para, Problem, Step, step_nodes
from ..diagram import box_text
from ..views import AnswerView, SheetDoc, answer_prompt, colon, prose_math
from .base import Writer


def escape(text: str) -> str:
    """Keep prose from being read as Markdown markup or math."""
    for ch in ("\\", "*", "_", "$", "`"):
        text = text.replace(ch, "\\" + ch)
    return text


def display_math(lines: list[str]) -> str:
    """``$$…$$``; a chain of several lines aligned at ``=``."""
    if len(lines) == 1:
        return f"$$\n{lines[0]}\n$$"
    body = " \\\\\n".join(("&" if i == 0 else "&= ") + line for i, line in enumerate(lines))
    return f"$$\n\\begin{{aligned}}\n{body}\n\\end{{aligned}}\n$$"


class MarkdownWriter(Writer):
    def inline(self, node: Node) -> str:
        return f"${self.math(node)}$"

    def prose(self, text: str) -> str:
        """Text with its symbols in math (``views.prose_math``)."""
        return "".join(
            escape(p) if isinstance(p, str) else self.inline(p) for p in prose_math(text)
        )

    def paragraph(self, para: Para) -> str:
        return "".join(
            self.inline(p) if isinstance(p, Node) else escape(self.text(p))  # type: ignore[arg-type]
            for p in para.parts
        )

    def display(self, nodes: Sequence[Node]) -> str:
        return display_math([self.math(n) for n in nodes])

    def diagram(self, spec: dict[str, Any]) -> str:
        return f"```text\n{box_text(spec, self.notation, self.lang)}\n```"

    def conventions(self, texts: list[str]) -> str:
        joined = self.separator().join(escape(t) for t in texts)
        return f"*{self.labelled('conventions', joined)}*"

    def problem_id(self, text: str) -> str:
        return self.labelled("problem_id", f"`{text}`")

    def answer_list(self, answers: Sequence[Answer]) -> str:
        out = []
        for i, answer in enumerate(answers):
            out.append(f"- ({self.letter(i)}) {self.prose(answer_prompt(answer, self.lang))}")
            out += [f"  - {key}) {escape(self.text(text))}" for key, text in answer.choices]
        return f"**{self.label('answers')}**\n\n" + "\n".join(out)

    def solution(self, plot: str | None, steps: list[str]) -> list[str]:
        return [f"### {self.label('solution')}", *steps]

    def step(self, number: int, step: Step) -> str:
        out = [f"**{number}. {escape(self.text(step.title))}**"]
        nodes = step_nodes(step)
        if nodes:
            out.append(self.display(nodes))
        if step.shape:
            out.append(self.labelled("shape", f"`{step.shape}`"))
        if step.note is not None:
            out.append(f"*{escape(self.text(step.note))}*")
        return "\n\n".join(out)

    def key_value(self, view: AnswerView) -> str:
        if view.value is None:
            return escape(view.text) if view.text else f"`{view.code}`"
        value = self.inline(view.value)
        return value + (f" (`{view.code}`)" if view.code else "")

    def answer_key(self, views: Sequence[AnswerView]) -> str:
        items = [
            f"- ({self.letter(i)}) {escape(v.label)}{colon(self.lang)}{self.key_value(v)}"
            for i, v in enumerate(views)
        ]
        return f"### {self.label('answer_key')}\n\n" + "\n".join(items)

    def problem_document(self, problem: Problem, body: str) -> str:
        return f"## {escape(self.text(problem.title))}\n\n{body}\n"

    def sheet_document(self, doc: SheetDoc, solution: bool, problems: list[tuple[str, str]]) -> str:
        kind = self.label("solutions" if solution else "sheet")
        out = [f"# {escape(doc.heading)} — {kind}", f"*{escape(doc.ident)}*"]
        if not solution:
            out.append(self.labelled("name", "\\_" * 12))
        for heading, body in problems:
            out += [f"## {escape(heading)}", body]
        return "\n\n".join(out) + "\n"
