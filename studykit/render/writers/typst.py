"""Typst source (compiled to PDF offline by ``render.pdf``): built-in Typst only, no
``@preview`` packages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ... import math as fm
from ...math.nodes import Node
from ...math.typst import string
from ...problems.model import Answer, Para, Problem, Step, step_nodes
from .. import plot
from ..diagram import svg
from ..fonts import cjk_families
from ..views import AnswerView, SheetDoc, answer_prompt, colon, prose_math
from . import typst_exam
from .base import Writer
from .exam_space import laid_out_parts


def words(text: str) -> str:
    """Prose as a string expression, so no character is read as markup."""
    return f"#{string(text)}"


def svg_image(picture: str, width: int) -> str:
    return f'#align(center, image(bytes({string(picture)}), format: "svg", width: {width}%))'


#: ``fit(eq)``: ``eq`` as it is, or scaled down to the available width if it is wider.
FIT = (
    "#let fit(eq) = layout(size => {\n"
    "  let w = measure(eq).width\n"
    "  if w > size.width { scale(size.width / w * 100%, reflow: true, eq) } else { eq }\n"
    "})"
)


class TypstWriter(Writer):
    givens_in_rows = True

    def inline(self, node: Node) -> str:
        return f"${self.math(node)}$"

    def prose(self, text: str) -> str:
        """Text with its symbols in math (``views.prose_math``)."""
        return "".join(words(p) if isinstance(p, str) else self.inline(p) for p in prose_math(text))

    def paragraph(self, para: Para) -> str:
        return "".join(
            self.inline(p) if isinstance(p, Node) else self.prose(self.text(p))  # type: ignore[arg-type]
            for p in para.parts
        )

    def display(self, nodes: Sequence[Node]) -> str:
        """A display, shrunk to the line's width where it is wider (``fit`` in the preamble:
        Typst does not break a display equation)."""
        lines = [self.math(n) for n in nodes]
        if len(lines) == 1:
            return f"#fit($ {lines[0]} $)"
        body = " \\\n  ".join(("& " if i == 0 else "&= ") + line for i, line in enumerate(lines))
        return f"#fit($ {body} $)"

    def diagram(self, spec: dict[str, Any]) -> str:
        width = min(25 + 12 * len(spec["network"]["layers"]), 70)
        return svg_image(svg(spec, self.notation, self.lang), width)

    def plot(self, shown: dict[str, Any], derivative: bool) -> str:
        """Activation panels as an SVG image, 30% of the text width per panel (three to a row)."""
        width = min(30 * len(shown["activations"]), 90)
        return svg_image(plot.svg(shown, self.lang, derivative), width)

    def conventions(self, texts: list[str]) -> str:
        text = self.labelled("conventions", self.separator().join(texts))
        return f"#text(size: 0.85em, fill: luma(80))[{words(text)}]"

    def problem_id(self, text: str) -> str:
        return f"#text(size: 0.85em)[{words(self.labelled('problem_id', text))}]"

    def answer_list(self, answers: Sequence[Answer]) -> str:
        items = []
        for i, answer in enumerate(answers):
            line = words(f"({self.letter(i)}) ") + self.prose(answer_prompt(answer, self.lang))
            choices = "".join(
                f" #h(1em) {words(f'{k}) ' + self.text(t))}" for k, t in answer.choices
            )
            items.append(f"- {line}{choices}")
        return f"*{words(self.label('answers'))}*\n" + "\n".join(items)

    def exam_parts(self, problem: Problem, points: Sequence[float]) -> str:
        """Each part with its points and its answer space, one unbreakable block a part."""
        return laid_out_parts(self, problem, points, typst_exam)

    def solution(self, plot: str | None, steps: list[str]) -> list[str]:
        return [f"=== {words(self.label('solution'))}", *([plot] if plot else []), *steps]

    def step(self, number: int, step: Step) -> str:
        out = [f"*{number}.* {self.prose(self.text(step.title))}"]
        nodes = step_nodes(step)
        if nodes:
            out.append(self.display(nodes))
        if step.shape:
            out.append(f"#text(size: 0.9em)[{words(self.labelled('shape', step.shape))}]")
        if step.note is not None:
            out.append(f"#emph[{words(self.text(step.note))}]")
        return "\n\n".join(out)

    def key_value(self, view: AnswerView) -> str:
        """A key value inline; a vector or matrix at display size, so its rows do not shrink
        into each other or into the next line."""
        if isinstance(view.value, fm.Mat):
            return f"$display({self.math(view.value)})$"
        if view.value is not None:
            return self.inline(view.value)
        return words(view.text) if view.text else f"#raw({string(view.code or '')})"

    def answer_key(self, views: Sequence[AnswerView]) -> str:
        items = [
            f"- ({self.letter(i)}) {self.prose(v.label + colon(self.lang))}{self.key_value(v)}"
            for i, v in enumerate(views)
        ]
        spaced = "#set list(spacing: 1.3em)\n"  # room for tall matrices between the items
        return f"=== {words(self.label('answer_key'))}\n\n#[\n{spaced}" + "\n".join(items) + "\n]"

    def preamble(self, title: str, footer: str = "", page: str = "") -> str:
        fonts = ["Libertinus Serif", *cjk_families()] if self.lang == "zh" else ["Libertinus Serif"]
        font_list = "(" + ", ".join(string(f) for f in fonts) + ",)"
        math_fonts = ["New Computer Modern Math", *fonts[1:]]
        math_list = "(" + ", ".join(string(f) for f in math_fonts) + ",)"
        foot = (
            f"#text(size: 8pt, fill: luma(100))[{words(footer)}] #h(1fr) "
            "#context counter(page).display()"
        )
        return "\n".join(
            [
                f"#set document(title: {string(title)}, date: none)",
                page or f'#set page(paper: "a4", margin: (x: 2cm, y: 2cm), footer: [{foot}])',
                f'#set text(font: {font_list}, size: 10.5pt, lang: "{self.lang}", overhang: false)',
                f"#show math.equation: set text(font: {math_list})",
                "#show heading.where(level: 2): set block(above: 1.6em, below: 0.9em)",
                "#set par(leading: 0.7em)",
                FIT,
                "",
            ]
        )

    def problem_document(self, problem: Problem, body: str) -> str:
        title = self.text(problem.title)
        return self.preamble(title) + f"== {words(title)}\n\n" + body + "\n"

    def exam_document(self, doc: SheetDoc, solution: bool, problems: list[tuple[str, str]]) -> str:
        """An exam: the code on every page; the paper opens with its cover, the worked solutions
        with their title."""
        kind = self.label("solutions" if solution else "exam")
        out = [self.preamble(f"{doc.heading} — {kind}", page=typst_exam.page_setup(doc))]
        if solution:
            out.append(f"= {words(doc.heading + ' — ' + kind)}")
        else:
            out.append(typst_exam.cover(doc))
        out += [f"== {words(heading)}\n\n{body}" for heading, body in problems]
        return "\n\n".join(out) + "\n"

    def sheet_document(self, doc: SheetDoc, solution: bool, problems: list[tuple[str, str]]) -> str:
        if doc.exam:
            return self.exam_document(doc, solution, problems)
        kind = self.label("solutions" if solution else "sheet")
        out = [self.preamble(f"{doc.heading} — {kind}", doc.ident)]
        out.append(f"= {words(doc.heading + ' — ' + kind)}")
        out.append(f"#emph[{words(doc.ident)}]")
        if not solution and doc.student:
            out.append(f"*{words(self.labelled('student', doc.student))}*")
        elif not solution:
            out.append(
                f"{words(self.labelled('name', ''))}#box(width: 6cm, stroke: (bottom: 0.5pt))"
            )
        for heading, body in problems:  # headings stay with what follows; a problem may break
            out.append(f"== {words(heading)}\n\n" + body)
        return "\n\n".join(out) + "\n"
