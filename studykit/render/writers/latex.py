"""LaTeX source: ``article`` with amsmath for English (pdflatex works), ``ctexart`` for Chinese
(xelatex). Unicode math signs in prose are written as LaTeX commands, so no special font is
needed for English."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...math.latex import latex_text
from ...math.nodes import Node
from ...problems.model import Answer, Para, Problem, Step, step_nodes
from .. import plot
from ..tikz import tikz
from ..views import AnswerView, SheetDoc, answer_prompt, colon, prose_math
from . import latex_exam
from .base import Writer
from .exam_space import laid_out_parts

escape = latex_text


def display_math(lines: list[str]) -> str:
    if len(lines) == 1:
        return f"\\[\n{lines[0]}\n\\]"
    body = " \\\\\n".join(("&" if i == 0 else "&= ") + line for i, line in enumerate(lines))
    return f"\\begin{{align*}}\n{body}\n\\end{{align*}}"


def itemize(items: list[str]) -> str:
    return "\\begin{itemize}\n" + "\n".join(items) + "\n\\end{itemize}"


class LatexWriter(Writer):
    givens_in_rows = True

    def inline(self, node: Node) -> str:
        return f"${self.math(node)}$"

    def prose(self, text: str) -> str:
        """Text with its symbols in math (``views.prose_math``)."""
        return "".join(
            escape(p) if isinstance(p, str) else self.inline(p) for p in prose_math(text)
        )

    def paragraph(self, para: Para) -> str:
        return "".join(
            self.inline(p) if isinstance(p, Node) else self.prose(self.text(p))  # type: ignore[arg-type]
            for p in para.parts
        )

    def display(self, nodes: Sequence[Node]) -> str:
        return display_math([self.math(n) for n in nodes])

    def diagram(self, spec: dict[str, Any]) -> str:
        """The network as a TikZ picture (:mod:`..tikz`)."""
        return tikz(spec, self.notation, self.lang)

    def plot(self, shown: dict[str, Any], derivative: bool) -> str:
        return plot.tikz(shown, self.lang, derivative)

    def conventions(self, texts: list[str]) -> str:
        return f"{{\\small {escape(self.labelled('conventions', self.separator().join(texts)))}}}"

    def problem_id(self, text: str) -> str:
        return f"{{\\small {escape(self.labelled('problem_id', ''))}\\texttt{{{escape(text)}}}}}"

    def answer_list(self, answers: Sequence[Answer]) -> str:
        items = []
        for i, answer in enumerate(answers):
            line = escape(f"({self.letter(i)}) ") + self.prose(answer_prompt(answer, self.lang))
            choices = "".join(
                f"\\quad {escape(k)}) {escape(self.text(t))}" for k, t in answer.choices
            )
            items.append(f"  \\item[] {line}{choices}")
        return f"\\textbf{{{escape(self.label('answers'))}}}\n" + itemize(items)

    def exam_parts(self, problem: Problem, points: Sequence[float]) -> str:
        """Each part with its points and its answer space, in a minipage (never split)."""
        return laid_out_parts(self, problem, points, latex_exam)

    def solution(self, plot: str | None, steps: list[str]) -> list[str]:
        head = f"\\subsubsection*{{{escape(self.label('solution'))}}}"
        return [head, *([plot] if plot else []), *steps]

    def step(self, number: int, step: Step) -> str:
        out = [f"\\textbf{{{number}.}} {self.prose(self.text(step.title))}"]
        nodes = step_nodes(step)
        if nodes:
            out.append(self.display(nodes))
        if step.shape:
            out.append(f"{{\\small {escape(self.labelled('shape', step.shape))}}}")
        if step.note is not None:
            out.append(f"\\emph{{{escape(self.text(step.note))}}}")
        return "\n\n".join(out)

    def key_value(self, view: AnswerView) -> str:
        if view.value is not None:
            return self.inline(view.value)
        return escape(view.text) if view.text else f"\\texttt{{{escape(view.code or '')}}}"

    def answer_key(self, views: Sequence[AnswerView]) -> str:
        items = [
            f"  \\item[] ({self.letter(i)}) {self.prose(v.label + colon(self.lang))}{self.key_value(v)}"
            for i, v in enumerate(views)
        ]
        return f"\\subsubsection*{{{escape(self.label('answer_key'))}}}\n\n" + itemize(items)

    def preamble(self, title: str, exam: bool = False) -> str:
        if self.lang == "zh":
            head = "\\documentclass[UTF8,a4paper,11pt]{ctexart}\n% compile with xelatex"
        else:
            head = (
                "\\documentclass[a4paper,11pt]{article}\n\\usepackage[T1]{fontenc}\n"
                "\\usepackage{lmodern}"
            )
        return "\n".join(
            [
                head,
                "\\usepackage[margin=2cm,bottom=3.4cm,footskip=1.8cm]{geometry}"
                if exam
                else "\\usepackage[margin=2cm]{geometry}",
                "\\usepackage{amsmath,amssymb,bm,tikz}",
                *([latex_exam.packages()] if exam else []),
                "\\setlength{\\parindent}{0pt}\\setlength{\\parskip}{0.5em}"
                "\\setlength{\\emergencystretch}{3em}",
                f"\\title{{{escape(title)}}}\\date{{}}",
                "\\begin{document}",
            ]
        )

    def problem_document(self, problem: Problem, body: str) -> str:
        title = self.text(problem.title)
        return (
            self.preamble(title) + f"\n\\section*{{{escape(title)}}}\n\n{body}\n\\end{{document}}\n"
        )

    def exam_document(self, doc: SheetDoc, solution: bool, problems: list[tuple[str, str]]) -> str:
        """An exam: the code on every page; the paper opens with its cover."""
        kind = self.label("solutions" if solution else "exam")
        out = [self.preamble(f"{doc.heading} — {kind}", exam=True), latex_exam.page_style(doc)]
        if solution:
            out.append(f"\\section*{{{escape(doc.heading + ' — ' + kind)}}}")
        else:
            out.append(latex_exam.cover(doc))
        for heading, body in problems:
            out += [f"\\section*{{{escape(heading)}}}", body]
        out.append("\\end{document}")
        return "\n\n".join(out) + "\n"

    def sheet_document(self, doc: SheetDoc, solution: bool, problems: list[tuple[str, str]]) -> str:
        if doc.exam:
            return self.exam_document(doc, solution, problems)
        title = f"{doc.heading} — {self.label('solutions' if solution else 'sheet')}"
        out = [self.preamble(title), "\\maketitle", f"\\emph{{{escape(doc.ident)}}}"]
        if not solution:
            out.append(f"{escape(self.labelled('name', ''))}\\rule{{6cm}}{{0.4pt}}")
        for number, (heading, body) in enumerate(problems, 1):
            out += [f"\\section*{{{escape(heading)}}}", body]
            if not solution and number < len(problems):
                out.append("\\clearpage")
        out.append("\\end{document}")
        return "\n\n".join(out) + "\n"
