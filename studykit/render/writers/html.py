"""HTML that works offline: MathML for formulas, inline SVG diagrams, print CSS with a page
break between problems. No CDN, no script."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from ...math.mathml import math_element, to_mathml
from ...math.nodes import Node
from ...problems.model import Answer, Para, Problem, Step, step_nodes
from .. import plot
from ..diagram import svg
from ..views import AnswerView, SheetDoc, answer_prompt, colon, step_rows
from .base import Writer

CSS = """
body { font-family: "Noto Serif", "Noto Serif CJK SC", "Songti SC", serif; max-width: 46rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.55; color: #111; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } .ident { color: #555; font-style: italic; }
section.problem { border-top: 1px solid #bbb; padding-top: 0.6rem; margin-top: 1.4rem; }
math[display="block"] { margin: 0.6rem 0; padding: 0.15em 0; overflow-x: auto; overflow-y: hidden; }
.conventions { font-size: 0.88rem; color: #444; } .shape { font-size: 0.9rem; color: #333; }
.note { font-style: italic; } .diagram { text-align: center; } .diagram svg { max-width: 100%; }
.step { margin: 0.8rem 0; } .name-line { margin: 1rem 0; }
mtable.chain > mtr > mtd:first-child { text-align: right; }
mtable.chain > mtr > mtd:last-child { text-align: left; }
@media print {
  body { max-width: none; margin: 0; }
  section.problem { break-after: page; page-break-after: always; border-top: none; }
  section.problem:last-of-type { break-after: auto; page-break-after: auto; }
  .step, math[display="block"], .diagram { break-inside: avoid; }
}
"""


def page(title: str, lang: str, body: str, css: str = CSS) -> str:
    """A whole HTML document."""
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


class HtmlWriter(Writer):
    joiner = "\n"

    def inline(self, node: Node, display: bool = False) -> str:
        return math_element(node, self.notation, self.lang, display)

    def paragraph(self, para: Para) -> str:
        parts = "".join(
            self.inline(p) if isinstance(p, Node) else escape(self.text(p))  # type: ignore[arg-type]
            for p in para.parts
        )
        return f"<p>{parts}</p>"

    def display(self, nodes: Sequence[Node]) -> str:
        return self.inline(nodes[0], display=True) if len(nodes) == 1 else self.aligned(nodes)

    def aligned(self, nodes: Sequence[Node]) -> str:
        """A chain ``lhs = … = …`` as a table of left side, ``=`` and right side, every ``=``
        in one column; ``displaystyle`` keeps fractions (∂L/∂W) at full size in the table."""
        ml = lambda n: to_mathml(n, self.notation, self.lang)  # noqa: E731
        rows = "".join(
            f'<mtr><mtd columnalign="right">{ml(left) if left is not None else ""}</mtd>'
            f"<mtd>{'' if left is None and i == 0 else '<mo>=</mo>'}</mtd>"
            f'<mtd columnalign="left">{ml(right)}</mtd></mtr>'
            for i, (left, right) in enumerate(step_rows(list(nodes)))
        )
        return (
            '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">'
            f'<mtable class="chain" columnalign="right center left" displaystyle="true">{rows}'
            "</mtable></math>"
        )

    def diagram(self, spec: dict[str, Any]) -> str:
        return f'<div class="diagram">{svg(spec, self.notation, self.lang)}</div>'

    def plot(self, shown: dict[str, Any], derivative: bool) -> str:
        return f'<div class="diagram">{plot.svg(shown, self.lang, derivative)}</div>'

    def conventions(self, texts: list[str]) -> str:
        text = self.labelled("conventions", self.separator().join(texts))
        return f'<p class="conventions">{escape(text)}</p>'

    def problem_id(self, text: str) -> str:
        label = escape(self.labelled("problem_id", ""))
        return f'<p class="problem-id">{label}<code>{escape(text)}</code></p>'

    def answer_list(self, answers: Sequence[Answer]) -> str:
        items = []
        for i, answer in enumerate(answers):
            choices = "".join(
                f"<li>{escape(k)}) {escape(self.text(t))}</li>" for k, t in answer.choices
            )
            choices = f'<ul class="choices">{choices}</ul>' if choices else ""
            prompt = escape(answer_prompt(answer, self.lang))
            items.append(f"<li>({self.letter(i)}) {prompt}{choices}</li>")
        return f"<p><b>{escape(self.label('answers'))}</b></p><ul>{''.join(items)}</ul>"

    def solution(self, plot: str | None, steps: list[str]) -> list[str]:
        return [f"<h3>{escape(self.label('solution'))}</h3>", *([plot] if plot else []), *steps]

    def step(self, number: int, step: Step) -> str:
        out = [f'<div class="step"><p><b>{number}.</b> {escape(self.text(step.title))}</p>']
        nodes = step_nodes(step)
        if nodes:
            out.append(self.aligned(nodes))  # one row or several: every step reads alike
        if step.shape:
            shape = escape(self.labelled("shape", ""))
            out.append(f'<p class="shape">{shape}<code>{escape(step.shape)}</code></p>')
        if step.note is not None:
            out.append(f'<p class="note">{escape(self.text(step.note))}</p>')
        return "\n".join(out) + "</div>"

    def key_value(self, view: AnswerView) -> str:
        if view.value is not None:
            return self.inline(view.value)
        return escape(view.text) if view.text else f"<code>{escape(view.code or '')}</code>"

    def answer_key(self, views: Sequence[AnswerView]) -> str:
        items = [
            f"<li>({self.letter(i)}) {escape(v.label + colon(self.lang))}{self.key_value(v)}</li>"
            for i, v in enumerate(views)
        ]
        return "\n".join([f"<h3>{escape(self.label('answer_key'))}</h3><ul>", *items, "</ul>"])

    def problem_document(self, problem: Problem, body: str) -> str:
        title = self.text(problem.title)
        section = f'<section class="problem"><h2>{escape(title)}</h2>\n{body}</section>'
        return page(title, self.lang, section)

    def sheet_document(self, doc: SheetDoc, solution: bool, problems: list[tuple[str, str]]) -> str:
        title = f"{doc.heading} — {self.label('solutions' if solution else 'sheet')}"
        out = [f"<h1>{escape(title)}</h1>", f'<p class="ident">{escape(doc.ident)}</p>']
        if not solution:
            name = escape(self.labelled("name", ""))
            out.append(f'<p class="name-line">{name}________________</p>')
        for heading, body in problems:
            out.append(f'<section class="problem">\n<h2>{escape(heading)}</h2>\n{body}\n</section>')
        return page(title, self.lang, "\n".join(out))
