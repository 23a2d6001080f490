"""HTML fragments with MathJax ``\\(…\\)`` math, for programs that typeset LaTeX themselves
(Anki, Moodle): the statement, the worked solution and the answer key of one problem."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from html import escape
from typing import Any

from ...math import nodes as fm
from ...problems.model import Para, Problem, Step, step_nodes
from .. import plot
from ..diagram import svg
from ..document import answer_key_block, solution_blocks, statement_blocks
from ..views import AnswerView, colon, step_rows
from .base import Writer


class MathJaxWriter(Writer):
    joiner = "\n"

    def tex(self, node: fm.Node, display: bool = False) -> str:
        body = escape(self.math(node), quote=False)
        return f"\\[{body}\\]" if display else f"\\({body}\\)"

    def paragraph(self, para: Para) -> str:
        parts = "".join(
            self.tex(p) if isinstance(p, fm.Expr) else escape(self.text(p))  # type: ignore[arg-type]
            for p in para.parts
        )
        return f"<p>{parts}</p>"

    def display(self, nodes: Sequence[fm.Node]) -> str:
        return "".join(self.tex(n, display=True) for n in nodes)

    def conventions(self, texts: list[str]) -> str:
        text = self.labelled("conventions", self.separator().join(texts))
        return f'<p class="conv">{escape(text)}</p>'

    def problem_id(self, text: str) -> str:
        return f'<p class="conv">{escape(self.labelled("problem_id", text))}</p>'

    def solution(self, plot: str | None, steps: list[str]) -> list[str]:
        return [f"<p><b>{escape(self.label('solution'))}</b></p><ol>", *steps, "</ol>"]

    def aligned(self, nodes: list[fm.Node]) -> str:
        """A chain ``lhs = … = …`` as one display, its ``=`` aligned (``aligned`` keeps
        fractions at display size)."""
        if len(nodes) == 1:
            return self.tex(nodes[0], display=True)
        rows = [
            (self.math(left) + " &= " if left is not None else "&" if i == 0 else "&= ")
            + self.math(right)
            for i, (left, right) in enumerate(step_rows(nodes))
        ]
        body = "\\begin{aligned}" + " \\\\ ".join(rows) + "\\end{aligned}"
        return f"\\[{escape(body, quote=False)}\\]"

    def step(self, number: int, step: Step) -> str:
        nodes = step_nodes(step)
        maths = self.aligned(nodes) if nodes else ""
        shape = (
            f"<br><small>{escape(self.labelled('shape', step.shape))}</small>" if step.shape else ""
        )
        note = f"<br><i>{escape(self.text(step.note))}</i>" if step.note else ""
        return f"<li>{escape(self.text(step.title))}{maths}{shape}{note}</li>"

    def key_value(self, view: AnswerView) -> str:
        if view.value is not None:
            return self.tex(view.value)
        return escape(view.text) if view.text else f"<code>{escape(view.code or '')}</code>"

    def answer_key(self, views: Sequence[AnswerView]) -> str:
        items = "".join(
            f"<li>({self.letter(i)}) {escape(v.label + colon(self.lang))}{self.key_value(v)}</li>"
            for i, v in enumerate(views)
        )
        return f"<p><b>{escape(self.label('answer_key'))}</b></p><ul>{items}</ul>"

    # ----------------------------------------------------------------- whole fragments

    def statement_html(self, problem: Problem) -> str:
        return self.join(statement_blocks(self, problem))

    def feedback_html(self, problem: Problem) -> str:
        """The worked solution, then the answer key."""
        return self.join(solution_blocks(self, problem)) + answer_key_block(self, problem)


class MediaWriter(MathJaxWriter):
    """A fragment writer whose network diagrams and activation plots are SVG files kept in
    :attr:`media` (name → SVG) and shown as ``<img>``, for packages that carry media (an Anki
    deck, a QTI zip); ``media_prefix`` is where the package puts them."""

    media_prefix = ""
    media: dict[str, str]

    def figure(self, source: str) -> str:
        """An ``<img>`` of an SVG kept as a media file named after its content."""
        name = f"studykit-{hashlib.sha256(source.encode()).hexdigest()[:16]}.svg"
        if not hasattr(self, "media"):
            self.media = {}
        self.media[name] = source
        return f'<img class="figure" src="{self.media_prefix}{name}" alt="">'

    def diagram(self, spec: dict[str, Any]) -> str:
        return self.figure(svg(spec, self.notation, self.lang))

    def plot(self, shown: dict[str, Any], derivative: bool) -> str:
        return self.figure(plot.svg(shown, self.lang, derivative))
