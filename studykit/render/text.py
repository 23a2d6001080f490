"""Plain Unicode text for the terminal: statement, network, conventions, answers, steps."""

from __future__ import annotations

import re
import textwrap

from rich.cells import cell_len

from .. import math as fm
from ..i18n import Text
from ..problems.model import Display, Para, Problem, Step
from .common import answer_prompt, answer_view, colon, conventions, label, step_nodes
from .diagram import box_text


def _math(node: fm.Node, problem: Problem, lang: str) -> str:
    return fm.to_text(node, problem.conventions.notation, lang)


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Lines of at most ``width`` terminal columns. English wraps at spaces (textwrap); text
    with wide (CJK) characters is measured in columns and may also break between them."""
    if all(cell_len(c) < 2 for c in text):
        return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent) or [""]
    lines: list[str] = []
    line: list[str] = []  # the tokens of the line being filled
    for token in _TOKENS.findall(text):
        if token.isspace() or cell_len(indent + "".join(line + [token]).rstrip()) <= width:
            line.append(token)
            continue
        carried = []  # closing punctuation takes the token before it to the next line
        if token[0] in _NO_BREAK_BEFORE and len(line) > 1 and not line[-1].isspace():
            carried = [line.pop()]
        if "".join(line).strip():
            lines.append(indent + "".join(line).rstrip())
            line = carried
        else:  # one token wider than the line: it stands alone
            line += carried
        line.append(token)
    return lines + [indent + "".join(line).rstrip()]


# a run of spaces, one wide character, or a run of anything else (a word, a formula piece)
_TOKENS = re.compile(
    r"\s+|[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+"
)
# closing punctuation stays on the line of what it closes
_NO_BREAK_BEFORE = frozenset("，。、；：！？）」』》,.;:!?)")


def _para(para: Para, problem: Problem, lang: str) -> str:
    parts = [p.get(lang) if isinstance(p, Text) else _math(p, problem, lang) for p in para.parts]
    return "".join(parts)


def render_statement(problem: Problem, lang: str, width: int = 80) -> list[str]:
    lines: list[str] = []
    for block in problem.statement:
        if isinstance(block, Para):
            lines += _wrap(_para(block, problem, lang), width)
        elif isinstance(block, Display):
            lines.append("    " + _math(block.formula, problem, lang))
    return lines


def render_problem(problem: Problem, lang: str, solution: bool = False, width: int = 80) -> str:
    """The problem as text; with ``solution`` the numbered steps and the answer key follow."""
    lines = [problem.title.get(lang), "═" * min(width, 40)]
    lines += render_statement(problem, lang, width)
    if problem.spec and "network" in problem.spec:
        lines += ["", label("network", lang) + colon(lang).rstrip()]
        lines += box_text(problem.spec, problem.conventions.notation, lang).splitlines()
    lines += ["", label("conventions", lang) + colon(lang).rstrip()]
    for text in conventions(problem, lang):
        lines += _wrap(text, width, "  • ")[:1] + _wrap(text, width, "    ")[1:]
    lines += ["", label("answers", lang) + colon(lang).rstrip()]
    for i, answer in enumerate(problem.answers):
        lines.append(f"  ({chr(97 + i)}) {answer_prompt(answer, lang)}")
        for key, text in answer.choices:
            lines += _wrap(f"{key}) {text.get(lang)}", width, "      ")
    if solution:
        lines += ["", label("solution", lang) + colon(lang).rstrip()]
        lines.append(render_steps(problem, lang, width=width))
        lines += ["", label("answer_key", lang) + colon(lang).rstrip()]
        lines += answer_key_lines(problem, lang)
    return "\n".join(lines).rstrip() + "\n"


def answer_key_lines(problem: Problem, lang: str) -> list[str]:
    lines = []
    for i, answer in enumerate(problem.answers):
        view = answer_view(problem, answer, lang)
        value = _math(view.value, problem, lang) if view.value is not None else view.text or ""
        if view.code and view.value is None:
            value = view.code
        lines.append(f"  ({chr(97 + i)}) {view.label}{colon(lang)}{value}")
    return lines


def render_step(number: int, step: Step, problem: Problem, lang: str, width: int = 80) -> str:
    lines = _wrap(f"{number}. {step.title.get(lang)}", width)
    for k, node in enumerate(step_nodes(step)):
        lines.append(("     " if k == 0 else "     = ") + _math(node, problem, lang))
    if step.shape:
        lines.append(f"     {label('shape', lang)}{colon(lang)}{step.shape}")
    if step.note is not None:
        lines += _wrap(step.note.get(lang), width, "     ")
    return "\n".join(lines)


def render_steps(problem: Problem, lang: str, upto: int | None = None, width: int = 80) -> str:
    """The first ``upto`` steps (all when None), as hints or as the worked solution."""
    steps = problem.steps if upto is None else problem.steps[: max(upto, 0)]
    return "\n".join(render_step(i, s, problem, lang, width) for i, s in enumerate(steps, 1))
