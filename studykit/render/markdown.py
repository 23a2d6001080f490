"""Markdown with ``$…$`` / ``$$…$$`` math (Typora, Obsidian, GitHub), one problem or a sheet."""

from __future__ import annotations

from .. import math as fm
from ..i18n import Text
from ..math.latex import to_latex
from ..problems.model import Display, Para, Problem, Step
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


def _tex(node: fm.Node, problem: Problem, lang: str) -> str:
    return to_latex(node, problem.conventions.notation, lang)


def _inline(node: fm.Node, problem: Problem, lang: str) -> str:
    return f"${_tex(node, problem, lang)}$"


def _display(lines: list[str]) -> str:
    if len(lines) == 1:
        return f"$$\n{lines[0]}\n$$"
    body = " \\\\\n".join(("&" if i == 0 else "&= ") + line for i, line in enumerate(lines))
    return f"$$\n\\begin{{aligned}}\n{body}\n\\end{{aligned}}\n$$"


def _escape(text: str) -> str:
    """Keep prose from being read as Markdown markup or math."""
    for ch in ("\\", "*", "_", "$", "`"):
        text = text.replace(ch, "\\" + ch)
    return text


def _para(para: Para, problem: Problem, lang: str) -> str:
    return "".join(
        _escape(p.get(lang)) if isinstance(p, Text) else _inline(p, problem, lang)
        for p in para.parts
    )


def statement(problem: Problem, lang: str) -> list[str]:
    out = []
    for block in problem.statement:
        if isinstance(block, Para):
            out.append(_para(block, problem, lang))
        elif isinstance(block, Display):
            out.append(_display([_tex(block.formula, problem, lang)]))
    return out


def _answer_list(problem: Problem, lang: str) -> list[str]:
    out = []
    for i, answer in enumerate(problem.answers):
        out.append(f"- ({chr(97 + i)}) {_escape(answer_prompt(answer, lang))}")
        out += [f"  - {key}) {_escape(text.get(lang))}" for key, text in answer.choices]
    return out


def render_step(number: int, step: Step, problem: Problem, lang: str) -> str:
    out = [f"**{number}. {_escape(step.title.get(lang))}**"]
    lines = [_tex(n, problem, lang) for n in step_nodes(step)]
    if lines:
        out.append(_display(lines))
    if step.shape:
        out.append(f"{label('shape', lang)}{colon(lang)}`{step.shape}`")
    if step.note is not None:
        out.append(f"*{_escape(step.note.get(lang))}*")
    return "\n\n".join(out)


def answer_key(problem: Problem, lang: str) -> list[str]:
    out = []
    for i, answer in enumerate(problem.answers):
        view = answer_view(problem, answer, lang)
        if view.value is not None:
            value = _inline(view.value, problem, lang)
        else:
            value = _escape(view.text) if view.text else f"`{view.code}`"
        if view.code and view.value is not None:
            value += f" (`{view.code}`)"
        out.append(f"- ({chr(97 + i)}) {_escape(view.label)}{colon(lang)}{value}")
    return out


def problem_body(problem: Problem, lang: str, solution: bool, level: int = 2) -> str:
    """Everything under the problem heading; ``level`` is the heading depth of its parts."""
    hashes = "#" * (level + 1)
    blocks = statement(problem, lang)
    if problem.spec and "network" in problem.spec:
        diagram = box_text(problem.spec, problem.conventions.notation, lang)
        blocks.append(f"```text\n{diagram}\n```")
    blocks.append(
        f"*{label('conventions', lang)}{colon(lang)}"
        + ("；" if lang == "zh" else "; ").join(_escape(t) for t in conventions(problem, lang))
        + "*"
    )
    blocks.append(f"**{label('answers', lang)}**\n\n" + "\n".join(_answer_list(problem, lang)))
    if solution:
        blocks.append(f"{hashes} {label('solution', lang)}")
        blocks += [render_step(i, s, problem, lang) for i, s in enumerate(problem.steps, 1)]
        blocks.append(f"{hashes} {label('answer_key', lang)}")
        blocks.append("\n".join(answer_key(problem, lang)))
    return "\n\n".join(blocks)


def render_problem(problem: Problem, lang: str, solution: bool = False) -> str:
    """One problem as a Markdown document."""
    head = f"## {_escape(problem.title.get(lang))}"
    return f"{head}\n\n{problem_body(problem, lang, solution)}\n"


def render_sheet(doc: SheetDoc, solution: bool = False) -> str:
    """A whole sheet (or its worked solutions): title, variant line, numbered problems."""
    lang = doc.lang
    kind = label("solutions" if solution else "sheet", lang)
    out = [f"# {_escape(doc.heading)} — {kind}", f"*{_escape(doc.ident)}*"]
    if not solution:
        out.append(f"{label('name', lang)}{colon(lang)}\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_")
    for number, problem in enumerate(doc.problems, 1):
        out.append(f"## {_escape(problem_heading(number, problem, lang))}")
        out.append(problem_body(problem, lang, solution))
    return "\n\n".join(out) + "\n"
