"""HTML that works offline: MathML for formulas, inline SVG diagrams, print CSS with a page
break between problems. No CDN, no script."""

from __future__ import annotations

from html import escape

from .. import math as fm
from ..i18n import Text
from ..math.mathml import math_element, to_mathml
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

__all__ = ["to_mathml", "render_problem", "render_sheet"]

CSS = """
body { font-family: "Noto Serif", "Noto Serif CJK SC", "Songti SC", serif; max-width: 46rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.55; color: #111; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } .ident { color: #555; font-style: italic; }
section.problem { border-top: 1px solid #bbb; padding-top: 0.6rem; margin-top: 1.4rem; }
math[display="block"] { margin: 0.6rem 0; overflow-x: auto; }
.conventions { font-size: 0.88rem; color: #444; } .shape { font-size: 0.9rem; color: #333; }
.note { font-style: italic; } .diagram { text-align: center; } .diagram svg { max-width: 100%; }
.step { margin: 0.8rem 0; } .name-line { margin: 1rem 0; }
@media print {
  body { max-width: none; margin: 0; }
  section.problem { break-after: page; page-break-after: always; border-top: none; }
  section.problem:last-of-type { break-after: auto; page-break-after: auto; }
  .step, math[display="block"], .diagram { break-inside: avoid; }
}
"""


def _m(node: fm.Node, problem: Problem, lang: str, display: bool = False) -> str:
    return math_element(node, problem.conventions.notation, lang, display)


def _para(para: Para, problem: Problem, lang: str) -> str:
    return "".join(
        escape(p.get(lang)) if isinstance(p, Text) else _m(p, problem, lang) for p in para.parts
    )


def _step(number: int, step: Step, problem: Problem, lang: str) -> str:
    out = [f'<div class="step"><p><b>{number}.</b> {escape(step.title.get(lang))}</p>']
    nodes = step_nodes(step)
    if nodes:
        rows = "".join(
            f"<mtr><mtd>{'' if i == 0 else '<mo>=</mo>'}</mtd>"
            f'<mtd columnalign="left">{to_mathml(n, problem.conventions.notation, lang)}</mtd></mtr>'
            for i, n in enumerate(nodes)
        )
        out.append(
            '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">'
            f'<mtable columnalign="right left">{rows}</mtable></math>'
        )
    if step.shape:
        out.append(
            f'<p class="shape">{escape(label("shape", lang) + colon(lang))}<code>{escape(step.shape)}</code></p>'
        )
    if step.note is not None:
        out.append(f'<p class="note">{escape(step.note.get(lang))}</p>')
    return "\n".join(out) + "</div>"


def problem_body(problem: Problem, lang: str, solution: bool) -> str:
    out = []
    for block in problem.statement:
        if isinstance(block, Para):
            out.append(f"<p>{_para(block, problem, lang)}</p>")
        elif isinstance(block, Display):
            out.append(_m(block.formula, problem, lang, display=True))
    if problem.spec and "network" in problem.spec:
        out.append(
            f'<div class="diagram">{svg(problem.spec, problem.conventions.notation, lang)}</div>'
        )
    if (shown := plot.statement_plot(problem)) is not None:
        out.append(f'<div class="diagram">{plot.svg(shown, lang, derivative=False)}</div>')
    conv = ("；" if lang == "zh" else "; ").join(conventions(problem, lang))
    out.append(
        f'<p class="conventions">{escape(label("conventions", lang) + colon(lang) + conv)}</p>'
    )
    items = []
    for i, answer in enumerate(problem.answers):
        choices = "".join(f"<li>{escape(k)}) {escape(t.get(lang))}</li>" for k, t in answer.choices)
        choices = f'<ul class="choices">{choices}</ul>' if choices else ""
        items.append(f"<li>({chr(97 + i)}) {escape(answer_prompt(answer, lang))}{choices}</li>")
    out.append(f"<p><b>{escape(label('answers', lang))}</b></p><ul>{''.join(items)}</ul>")
    if solution:
        out.append(f"<h3>{escape(label('solution', lang))}</h3>")
        if (shown := plot.solution_plot(problem)) is not None:
            out.append(f'<div class="diagram">{plot.svg(shown, lang, derivative=True)}</div>')
        out += [_step(i, s, problem, lang) for i, s in enumerate(problem.steps, 1)]
        out.append(f"<h3>{escape(label('answer_key', lang))}</h3><ul>")
        for i, answer in enumerate(problem.answers):
            view = answer_view(problem, answer, lang)
            value = _m(view.value, problem, lang) if view.value is not None else ""
            if view.value is None:
                value = (
                    escape(view.text) if view.text else f"<code>{escape(view.code or '')}</code>"
                )
            out.append(f"<li>({chr(97 + i)}) {escape(view.label + colon(lang))}{value}</li>")
        out.append("</ul>")
    return "\n".join(out)


def _page(title: str, lang: str, body: str) -> str:
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def render_problem(problem: Problem, lang: str, solution: bool = False) -> str:
    title = problem.title.get(lang)
    body = f'<section class="problem"><h2>{escape(title)}</h2>\n{problem_body(problem, lang, solution)}</section>'
    return _page(title, lang, body)


def render_sheet(doc: SheetDoc, solution: bool = False) -> str:
    lang = doc.lang
    title = f"{doc.heading} — {label('solutions' if solution else 'sheet', lang)}"
    out = [f"<h1>{escape(title)}</h1>", f'<p class="ident">{escape(doc.ident)}</p>']
    if not solution:
        out.append(
            f'<p class="name-line">{escape(label("name", lang) + colon(lang))}________________</p>'
        )
    for number, problem in enumerate(doc.problems, 1):
        out.append(
            f'<section class="problem">\n<h2>{escape(problem_heading(number, problem, lang))}</h2>\n'
            f"{problem_body(problem, lang, solution)}\n</section>"
        )
    return _page(title, lang, "\n".join(out))
