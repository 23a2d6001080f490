"""The Writer protocol: the pieces of a document, in the order the walk (``render.document``)
asks for them. A format subclasses :class:`Writer` and writes each piece in its syntax; the math
inside goes through the format's :class:`~studykit.math.printer.Printer`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from ...i18n import Text
from ...math.nodes import Node
from ...math.printer import Printer
from ...problems.model import Answer, Para, Problem, Step
from ..views import AnswerView, SheetDoc, colon, label


class Writer:
    """Pieces of a problem, a standalone problem document and a sheet, in one format."""

    #: The string between two blocks of a problem body.
    joiner: ClassVar[str] = "\n\n"
    #: Set the displayed givens side by side (``document.given_rows``): the paper formats.
    givens_in_rows: ClassVar[bool] = False

    def __init__(self, printer: Printer, lang: str) -> None:
        self.printer = printer
        self.lang = lang
        self.notation = printer.notation

    def for_notation(self, notation: str) -> Writer:
        """The same writer for another notation profile (each problem has its own)."""
        return type(self)(type(self.printer)(notation, self.lang), self.lang)

    # ----------------------------------------------------------------- helpers

    def math(self, node: Node) -> str:
        """``node`` in the format's math syntax (without delimiters)."""
        return self.printer.doprint(node)

    def label(self, key: str) -> str:
        return label(key, self.lang)

    def labelled(self, key: str, text: str) -> str:
        """``Conventions: …`` / ``约定：…``."""
        return label(key, self.lang) + colon(self.lang) + text

    def text(self, text: Text) -> str:
        return text.get(self.lang)

    def separator(self) -> str:
        """Between the conventions: ``; `` or ``；``."""
        return "；" if self.lang == "zh" else "; "

    @staticmethod
    def letter(index: int) -> str:
        """The part letter: 0 → ``a``."""
        from ...problems.model import part_letter

        return part_letter(index)

    # ----------------------------------------------------------------- the pieces

    def paragraph(self, para: Para) -> str:
        raise NotImplementedError

    def display(self, nodes: Sequence[Node]) -> str:
        """A displayed formula, or a chain ``lhs = … = …`` aligned at ``=``."""
        raise NotImplementedError

    def diagram(self, spec: dict[str, Any]) -> str | None:
        """The network's diagram (``None``: the format shows none)."""
        return None

    def plot(self, shown: dict[str, Any], derivative: bool) -> str | None:
        """Activation panels (``None``: the format shows none)."""
        return None

    def conventions(self, texts: list[str]) -> str:
        raise NotImplementedError

    def problem_id(self, text: str) -> str:
        """``Problem id: backward-103-k7q2m`` (``题目编号：…``)."""
        raise NotImplementedError

    def answer_list(self, answers: Sequence[Answer]) -> str:
        """The "Give" list: what to answer, part by part."""
        raise NotImplementedError

    def exam_parts(self, problem: Problem, points: Sequence[float]) -> str:
        """An exam's parts: each prompt with its points and the space to answer it (a format
        without answer space prints the "Give" list)."""
        return self.answer_list(problem.answers)

    def solution(self, plot: str | None, steps: list[str]) -> list[str]:
        """The worked solution's blocks: its heading, the plot, then the steps."""
        raise NotImplementedError

    def step(self, number: int, step: Step) -> str:
        raise NotImplementedError

    def answer_key(self, views: Sequence[AnswerView]) -> str:
        """The answer key, heading included."""
        raise NotImplementedError

    def join(self, blocks: Sequence[str]) -> str:
        return self.joiner.join(blocks)

    # ----------------------------------------------------------------- documents

    def problem_document(self, problem: Problem, body: str) -> str:
        """One problem as a standalone document."""
        raise NotImplementedError

    def sheet_document(self, doc: SheetDoc, solution: bool, problems: list[tuple[str, str]]) -> str:
        """A sheet: ``problems`` are (heading, body) pairs, numbered already."""
        raise NotImplementedError
