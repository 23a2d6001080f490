"""Plain Unicode text for the terminal: statement, network, conventions, answers, steps."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len

from ...math.nodes import Node
from ...math.printer import Printer
from ...math.text import TextPrinter
from ...problems.model import Answer, Para, Problem, Step, step_nodes
from ..diagram import box_text
from ..views import AnswerView, SheetDoc, answer_prompt, colon
from .base import Writer

# a run of spaces, one wide character, or a run of anything else (a word, a formula piece)
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_TOKENS = re.compile(rf"\s+|[{_CJK}]|[^\s{_CJK}]+")
# closing punctuation stays on the line of what it closes
_NO_BREAK_BEFORE = frozenset("，。、；：！？）」』》,.;:!?)")


def wrap(text: str, width: int, indent: str = "") -> list[str]:
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
        carried = _closed_word(line) if token[0] in _NO_BREAK_BEFORE else []
        if "".join(line).strip():
            lines.append(indent + "".join(line).rstrip())
            line = carried
        else:  # one token wider than the line: it stands alone
            line += carried
        line.append(token)
    return lines + [indent + "".join(line).rstrip()]


def _closed_word(line: list[str]) -> list[str]:
    """The tokens closing punctuation takes with it to the next line (Chinese line breaking: no
    line starts with ，。）): earlier closing punctuation (``F）`` before ``。``), spaces, and
    the word they close. Nothing when that would empty the line."""
    k = len(line)
    while k > 0 and (line[k - 1].isspace() or line[k - 1][0] in _NO_BREAK_BEFORE):
        k -= 1
    k -= 1  # the word itself
    if k <= 0:
        return []
    carried = line[k:]
    del line[k:]
    return [t for t in carried if not t.isspace()] if not carried[0].isspace() else carried


class TextWriter(Writer):
    joiner = "\n"

    def __init__(self, printer: Printer, lang: str, width: int = 80) -> None:
        super().__init__(printer, lang)
        self.width = width

    def heading_line(self, key: str) -> str:
        """A section heading after a blank line: ``\\nConventions:``."""
        return "\n" + self.label(key) + colon(self.lang).rstrip()

    def inline_text(self, para: Para) -> str:
        return "".join(
            self.text(p) if not isinstance(p, Node) else self.math(p) for p in para.parts
        )  # type: ignore[arg-type]

    def paragraph(self, para: Para) -> str:
        return "\n".join(wrap(self.inline_text(para), self.width))

    def display(self, nodes: Sequence[Node]) -> str:
        return "\n".join(
            ("    " if i == 0 else "    = ") + self.math(n) for i, n in enumerate(nodes)
        )

    def diagram(self, spec: dict[str, Any]) -> str:
        return self.heading_line("network") + "\n" + box_text(spec, self.notation, self.lang)

    def conventions(self, texts: list[str]) -> str:
        lines = [self.heading_line("conventions")]
        for text in texts:
            lines += wrap(text, self.width, "  • ")[:1] + wrap(text, self.width, "    ")[1:]
        return "\n".join(lines)

    def problem_id(self, text: str) -> str:
        return "\n" + self.labelled("problem_id", text)

    def answer_list(self, answers: Sequence[Answer]) -> str:
        lines = [self.heading_line("answers")]
        for i, answer in enumerate(answers):
            lines.append(f"  ({self.letter(i)}) {answer_prompt(answer, self.lang)}")
            for key, text in answer.choices:
                lines += wrap(f"{key}) {self.text(text)}", self.width, "      ")
        return "\n".join(lines)

    def solution(self, plot: str | None, steps: list[str]) -> list[str]:
        return [self.heading_line("solution"), *steps]

    def step(self, number: int, step: Step) -> str:
        lines = wrap(f"{number}. {self.text(step.title)}", self.width)
        for k, node in enumerate(step_nodes(step)):
            lines.append(("     " if k == 0 else "     = ") + self.math(node))
        if step.shape:
            lines.append(f"     {self.labelled('shape', step.shape)}")
        if step.note is not None:
            lines += wrap(self.text(step.note), self.width, "     ")
        return "\n".join(lines)

    def key_value(self, view: AnswerView) -> str:
        if view.value is not None:
            return self.math(view.value)
        return view.code or view.text or ""

    def answer_key(self, views: Sequence[AnswerView]) -> str:
        lines = [self.heading_line("answer_key")]
        lines += [
            f"  ({self.letter(i)}) {v.label}{colon(self.lang)}{self.key_value(v)}"
            for i, v in enumerate(views)
        ]
        return "\n".join(lines)

    def problem_document(self, problem: Problem, body: str) -> str:
        head = [self.text(problem.title), "═" * min(self.width, 40)]
        return "\n".join([*head, body]).rstrip() + "\n"

    def sheet_document(self, doc: SheetDoc, solution: bool, problems: list[tuple[str, str]]) -> str:
        out = [doc.heading, doc.ident]
        for heading, body in problems:
            out += ["", heading, "═" * min(self.width, 40), body]
        return "\n".join(out).rstrip() + "\n"


def render_steps(problem: Problem, lang: str, upto: int | None = None, width: int = 80) -> str:
    """The first ``upto`` steps (all when None), as hints or as the worked solution."""
    writer = TextWriter(TextPrinter(problem.conventions.notation, lang), lang, width)
    steps = problem.steps if upto is None else problem.steps[: max(upto, 0)]
    return "\n".join(writer.step(i, s) for i, s in enumerate(steps, 1))
