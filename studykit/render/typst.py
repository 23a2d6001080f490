"""Typst source for problems and sheets, and PDFs compiled offline with the ``typst`` package.

Only built-in Typst is used (no ``@preview`` packages). Chinese needs a system CJK font;
:func:`compile_pdf` refuses to print boxes and names the package to install instead.
"""

from __future__ import annotations

from functools import cache

from .. import math as fm
from ..i18n import Text
from ..math.typst import string, to_typst
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
from .diagram import svg
from .fonts import MissingCJKFont, cjk_families

__all__ = ["to_typst", "render_problem", "render_sheet", "compile_pdf", "MissingCJKFont"]


def _m(node: fm.Node, problem: Problem, lang: str) -> str:
    return to_typst(node, problem.conventions.notation, lang)


def _inline(node: fm.Node, problem: Problem, lang: str) -> str:
    return f"${_m(node, problem, lang)}$"


def _words(text: str) -> str:
    """Prose as a string expression, so no character is read as markup."""
    return f"#{string(text)}"


def _para(para: Para, problem: Problem, lang: str) -> str:
    return "".join(
        _words(p.get(lang)) if isinstance(p, Text) else _inline(p, problem, lang)
        for p in para.parts
    )


def _display(lines: list[str]) -> str:
    if len(lines) == 1:
        return f"$ {lines[0]} $"
    body = " \\\n  ".join(("& " if i == 0 else "&= ") + line for i, line in enumerate(lines))
    return f"$ {body} $"


def _step(number: int, step: Step, problem: Problem, lang: str) -> str:
    out = [f"*{number}.* {_words(step.title.get(lang))}"]
    nodes = step_nodes(step)
    if nodes:
        out.append(_display([_m(n, problem, lang) for n in nodes]))
    if step.shape:
        out.append(f"#text(size: 0.9em)[{_words(label('shape', lang) + colon(lang) + step.shape)}]")
    if step.note is not None:
        out.append(f"#emph[{_words(step.note.get(lang))}]")
    return "\n\n".join(out)


def _answer_key(problem: Problem, lang: str) -> str:
    items = []
    for i, answer in enumerate(problem.answers):
        view = answer_view(problem, answer, lang)
        value = _inline(view.value, problem, lang) if view.value is not None else ""
        if view.value is None:
            value = _words(view.text) if view.text else f"#raw({string(view.code or '')})"
        items.append(f"- ({chr(97 + i)}) {_words(view.label + colon(lang))}{value}")
    return "\n".join(items)


def problem_body(problem: Problem, lang: str, solution: bool) -> str:
    blocks = []
    for block in problem.statement:
        if isinstance(block, Para):
            blocks.append(_para(block, problem, lang))
        elif isinstance(block, Display):
            blocks.append(_display([_m(block.formula, problem, lang)]))
    if problem.spec and "network" in problem.spec:
        picture = svg(problem.spec, problem.conventions.notation, lang)
        width = min(25 + 12 * len(problem.spec["network"]["layers"]), 70)
        blocks.append(
            f'#align(center, image(bytes({string(picture)}), format: "svg", width: {width}%))'
        )
    if (shown := plot.statement_plot(problem)) is not None:
        blocks.append(_plot_image(shown, lang, derivative=False))
    conv = ("；" if lang == "zh" else "; ").join(conventions(problem, lang))
    blocks.append(
        f"#text(size: 0.85em, fill: luma(80))[{_words(label('conventions', lang) + colon(lang) + conv)}]"
    )
    answers = []
    for i, answer in enumerate(problem.answers):
        line = f"({chr(97 + i)}) {answer_prompt(answer, lang)}"
        choices = "".join(f" #h(1em) {_words(f'{k}) ' + t.get(lang))}" for k, t in answer.choices)
        answers.append(f"- {_words(line)}{choices}")
    blocks.append(f"*{_words(label('answers', lang))}*\n" + "\n".join(answers))
    if solution:
        blocks.append(f"=== {_words(label('solution', lang))}")
        if (shown := plot.solution_plot(problem)) is not None:
            blocks.append(_plot_image(shown, lang, derivative=True))
        blocks += [_step(i, s, problem, lang) for i, s in enumerate(problem.steps, 1)]
        blocks.append(f"=== {_words(label('answer_key', lang))}")
        blocks.append(_answer_key(problem, lang))
    return "\n\n".join(blocks)


def _plot_image(shown: dict, lang: str, derivative: bool) -> str:
    """Activation panels as an SVG image, 30% of the text width per panel (three to a row)."""
    width = min(30 * len(shown["activations"]), 90)
    picture = plot.svg(shown, lang, derivative)
    return f'#align(center, image(bytes({string(picture)}), format: "svg", width: {width}%))'


def _preamble(title: str, lang: str, footer: str = "") -> str:
    fonts = ["Libertinus Serif", *cjk_families()] if lang == "zh" else ["Libertinus Serif"]
    font_list = "(" + ", ".join(string(f) for f in fonts) + ",)"
    math_fonts = "(" + ", ".join(string(f) for f in ["New Computer Modern Math", *fonts[1:]]) + ",)"
    foot = f"#text(size: 8pt, fill: luma(100))[{_words(footer)}] #h(1fr) #context counter(page).display()"
    return "\n".join(
        [
            f"#set document(title: {string(title)}, date: none)",
            f'#set page(paper: "a4", margin: (x: 2cm, y: 2cm), footer: [{foot}])',
            f'#set text(font: {font_list}, size: 10.5pt, lang: "{lang}")',
            f"#show math.equation: set text(font: {math_fonts})",
            "#show heading.where(level: 2): set block(above: 1.6em, below: 0.9em)",
            "#set par(leading: 0.7em)",
            "",
        ]
    )


def render_problem(problem: Problem, lang: str, solution: bool = False) -> str:
    """A standalone Typst document for one problem."""
    title = problem.title.get(lang)
    return (
        _preamble(title, lang)
        + f"== {_words(title)}\n\n"
        + problem_body(problem, lang, solution)
        + "\n"
    )


def render_sheet(doc: SheetDoc, solution: bool = False) -> str:
    lang = doc.lang
    kind = label("solutions" if solution else "sheet", lang)
    out = [_preamble(f"{doc.heading} — {kind}", lang, doc.ident)]
    out.append(f"= {_words(doc.heading + ' — ' + kind)}")
    out.append(f"#emph[{_words(doc.ident)}]")
    if not solution:
        out.append(
            f"{_words(label('name', lang) + colon(lang))}#box(width: 6cm, stroke: (bottom: 0.5pt))"
        )
    for number, problem in enumerate(doc.problems, 1):
        body = f"== {_words(problem_heading(number, problem, lang))}\n\n" + problem_body(
            problem, lang, solution
        )
        out.append(body if solution else f"#block(breakable: false)[\n{body}\n]")
    return "\n\n".join(out) + "\n"


@cache
def _compiler():  # -> typst.Compiler
    """One compiler per process: it keeps fonts and layouts cached (~0.04 s per sheet)."""
    import typst as typst_compiler

    return typst_compiler.Compiler()


def compile_pdf(source: str, lang: str) -> bytes:
    """The PDF of a Typst document; zh without a CJK font raises :class:`MissingCJKFont`."""
    if lang == "zh" and not cjk_families():
        raise MissingCJKFont(lang)
    return _compiler().compile(source.encode("utf-8"), format="pdf")
