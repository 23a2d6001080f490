"""LaTeX source: ``article`` with amsmath for English (pdflatex works), ``ctexart`` for Chinese
(xelatex). Unicode math signs in prose are written as LaTeX commands, so no special font is
needed for English."""

from __future__ import annotations

from .. import math as fm
from ..i18n import Text
from ..math.latex import latex_text, to_latex
from ..problems.model import Display, Para, Problem, Step
from . import plot
from .common import (
    SheetDoc,
    answer_prompt,
    answer_view,
    colon,
    conventions,
    label,
    problem_heading,
    step_nodes,
)
from .diagram import box_text


def escape(text: str) -> str:
    """Prose for LaTeX (see :func:`studykit.formula.latex_text`)."""
    return latex_text(text)


def _tex(node: fm.Node, problem: Problem, lang: str) -> str:
    return to_latex(node, problem.conventions.notation, lang)


def _para(para: Para, problem: Problem, lang: str) -> str:
    return "".join(
        escape(p.get(lang)) if isinstance(p, Text) else f"${_tex(p, problem, lang)}$"
        for p in para.parts
    )


def _display(lines: list[str]) -> str:
    if len(lines) == 1:
        return f"\\[\n{lines[0]}\n\\]"
    body = " \\\\\n".join(("&" if i == 0 else "&= ") + line for i, line in enumerate(lines))
    return f"\\begin{{align*}}\n{body}\n\\end{{align*}}"


def _step(number: int, step: Step, problem: Problem, lang: str) -> str:
    out = [f"\\textbf{{{number}.}} {escape(step.title.get(lang))}"]
    nodes = step_nodes(step)
    if nodes:
        out.append(_display([_tex(n, problem, lang) for n in nodes]))
    if step.shape:
        out.append(f"{{\\small {escape(label('shape', lang) + colon(lang) + step.shape)}}}")
    if step.note is not None:
        out.append(f"\\emph{{{escape(step.note.get(lang))}}}")
    return "\n\n".join(out)


def problem_body(problem: Problem, lang: str, solution: bool) -> str:
    out = []
    for block in problem.statement:
        if isinstance(block, Para):
            out.append(_para(block, problem, lang))
        elif isinstance(block, Display):
            out.append(_display([_tex(block.formula, problem, lang)]))
    if problem.spec and "network" in problem.spec:
        diagram = box_text(problem.spec, problem.conventions.notation, lang)
        out.append(_network_table(diagram))
    if (shown := plot.statement_plot(problem)) is not None:
        out.append(plot.tikz(shown, lang, derivative=False))
    conv = ("；" if lang == "zh" else "; ").join(conventions(problem, lang))
    out.append(f"{{\\small {escape(label('conventions', lang) + colon(lang) + conv)}}}")
    items = []
    for i, answer in enumerate(problem.answers):
        line = escape(f"({chr(97 + i)}) {answer_prompt(answer, lang)}")
        choices = "".join(f"\\quad {escape(k)}) {escape(t.get(lang))}" for k, t in answer.choices)
        items.append(f"  \\item[] {line}{choices}")
    out.append(
        f"\\textbf{{{escape(label('answers', lang))}}}\n\\begin{{itemize}}\n"
        + "\n".join(items)
        + "\n\\end{itemize}"
    )
    if solution:
        out.append(f"\\subsubsection*{{{escape(label('solution', lang))}}}")
        if (shown := plot.solution_plot(problem)) is not None:
            out.append(plot.tikz(shown, lang, derivative=True))
        out += [_step(i, s, problem, lang) for i, s in enumerate(problem.steps, 1)]
        out.append(f"\\subsubsection*{{{escape(label('answer_key', lang))}}}")
        keys = []
        for i, answer in enumerate(problem.answers):
            view = answer_view(problem, answer, lang)
            if view.value is not None:
                value = f"${_tex(view.value, problem, lang)}$"
            else:
                value = escape(view.text) if view.text else f"\\texttt{{{escape(view.code or '')}}}"
            keys.append(f"  \\item[] ({chr(97 + i)}) {escape(view.label + colon(lang))}{value}")
        out.append("\\begin{itemize}\n" + "\n".join(keys) + "\n\\end{itemize}")
    return "\n\n".join(out)


def _network_table(diagram: str) -> str:
    """The network as a line of layer sizes (box characters need a special font in TeX)."""
    head = diagram.splitlines()[0]
    sizes = " $\\to$ ".join(escape(part.strip()) for part in head.split("  ") if part.strip())
    return f"\\begin{{center}}\\small {sizes}\\end{{center}}"


def _preamble(title: str, lang: str) -> str:
    if lang == "zh":
        head = "\\documentclass[UTF8,a4paper,11pt]{ctexart}\n% compile with xelatex"
    else:
        head = "\\documentclass[a4paper,11pt]{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}"
    return "\n".join(
        [
            head,
            "\\usepackage[margin=2cm]{geometry}",
            "\\usepackage{amsmath,amssymb,bm,tikz}",
            "\\setlength{\\parindent}{0pt}\\setlength{\\parskip}{0.5em}\\setlength{\\emergencystretch}{3em}",
            f"\\title{{{escape(title)}}}\\date{{}}",
            "\\begin{document}",
        ]
    )


def render_problem(problem: Problem, lang: str, solution: bool = False) -> str:
    title = problem.title.get(lang)
    return (
        _preamble(title, lang)
        + f"\n\\section*{{{escape(title)}}}\n\n{problem_body(problem, lang, solution)}\n\\end{{document}}\n"
    )


def render_sheet(doc: SheetDoc, solution: bool = False) -> str:
    lang = doc.lang
    title = f"{doc.heading} — {label('solutions' if solution else 'sheet', lang)}"
    out = [_preamble(title, lang), "\\maketitle", f"\\emph{{{escape(doc.ident)}}}"]
    if not solution:
        out.append(f"{escape(label('name', lang) + colon(lang))}\\rule{{6cm}}{{0.4pt}}")
    for number, problem in enumerate(doc.problems, 1):
        out.append(f"\\section*{{{escape(problem_heading(number, problem, lang))}}}")
        out.append(problem_body(problem, lang, solution))
        if not solution and number < len(doc.problems):
            out.append("\\clearpage")
    out.append("\\end{document}")
    return "\n\n".join(out) + "\n"
