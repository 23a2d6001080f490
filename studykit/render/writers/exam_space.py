"""How much room each part of an exam gets, whatever the format: the answer space is read from
the answer's kind and shape, never from its value.

- a number: one box; an expression: a wide box of two lines;
- a vector of n entries: a row of n boxes; a matrix r × c: an r × c grid;
- an explanation: ruled lines, two per mark (at least four);
- a choice: a tick box before each choice;
- a shape, and every part of a problem that asks for a shape: one plain box, so the space does
  not give the answer away (``Space.plain``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...problems.model import Answer, Problem
from ..views import answer_prompt

#: The text width of an A4 page with 2 cm margins, less a little room, in cm.
TEXT_WIDTH_CM = 16.5
CELL_CM = (2.4, 0.95)  # a grid cell: width, height
GAP_CM = 0.25


@dataclass(frozen=True)
class Space:
    """An answer space: ``kind`` is box, wide, row, grid, lines or choices; ``rows`` × ``cols``
    cells of ``cell_width`` cm (a row: 1 × n), or ``rows`` ruled lines."""

    kind: str
    rows: int = 1
    cols: int = 1
    cell_width: float = CELL_CM[0]


def asks_for_shapes(problem: Problem) -> bool:
    """A problem with a shape part: its other parts' spaces must not show a shape either."""
    return any(a.kind == "shape" for a in problem.answers)


def answer_space(answer: Answer, plain: bool) -> Space:
    """The space for ``answer`` (``plain``: the problem asks for shapes)."""
    if answer.kind == "shape" or (plain and answer.kind in ("vector", "matrix")):
        return Space("box", cell_width=5.0)
    if answer.kind == "number":
        return Space("box", cell_width=4.0)
    if answer.kind == "vector":
        n = len(answer.value)
        return Space("row", 1, n, _cell_width(n))
    if answer.kind == "matrix":
        rows, cols = len(answer.value), len(answer.value[0])
        return Space("grid", rows, cols, _cell_width(cols))
    if answer.kind == "explain":
        marks = sum(m.marks for m in answer.marking) if answer.marking else 2
        return Space("lines", max(4, 2 * marks))
    if answer.kind == "choice":
        return Space("choices", len(answer.choices))
    return Space("wide", 2)  # an expression


def _cell_width(columns: int) -> float:
    """Cells as wide as :data:`CELL_CM`, narrower when ``columns`` of them would not fit."""
    fitting = (TEXT_WIDTH_CM - GAP_CM * (columns - 1)) / columns
    return round(min(CELL_CM[0], fitting), 2)


def exam_prompt(answer: Answer, lang: str, plain: bool) -> str:
    """The part's prompt; without the expected shape where the problem asks for shapes."""
    return answer.label.get(lang) if plain else answer_prompt(answer, lang)


def laid_out_parts(writer: Any, problem: Problem, points: Sequence[float], layout: Any) -> str:
    """Each part of an exam with its points and its answer space: ``layout.space(space,
    choices)`` draws the space, ``layout.part(letter, prompt, points, lang, body)`` the part
    (``latex_exam`` or ``typst_exam``)."""
    plain = asks_for_shapes(problem)
    out = []
    for i, (answer, worth) in enumerate(zip(problem.answers, points, strict=True)):
        prompt = writer.prose(exam_prompt(answer, writer.lang, plain))
        choices = [f"{k}) {writer.text(t)}" for k, t in answer.choices]
        body = layout.space(answer_space(answer, plain), choices)
        out.append(layout.part(writer.letter(i), prompt, worth, writer.lang, body))
    return "\n\n".join(out)
