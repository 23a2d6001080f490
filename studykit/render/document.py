"""The one walk over a Problem and over a sheet: every format's document is these pieces, in
this order, written by the format's :class:`~studykit.render.writers.base.Writer`.

A problem body is its statement (paragraphs and displays), the network diagram, the activation
plot, the conventions and the "Give" list; with ``solution``, the worked solution (plot and
steps) and the answer key follow.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import math as fm
from ..problems.model import Display, Para, Problem, short_id
from . import plot
from .views import SheetDoc, answer_view, conventions, points_text, problem_heading
from .writers.base import Writer

#: The width of a row of givens, in em of the text (A4 with 2 cm margins holds about 46).
ROW_EM = 38.0


def _width_em(node: fm.Node) -> float:
    """A rough printed width: a matrix by its widest entry per column, the rest by its text."""
    if isinstance(node, fm.Mat):
        columns = zip(*node.rows, strict=True)
        return 1.4 + sum(0.55 * max(len(fm.to_text(c)) for c in col) + 1.0 for col in columns)
    if isinstance(node, fm.Op) and node.op == "=":
        return sum(_width_em(a) for a in node.args) + 1.6 * (len(node.args) - 1)
    return 0.6 * len(fm.to_text(node)) + 0.8


def _is_given(block: object) -> bool:
    """A displayed ``name = matrix`` (an input, a weight matrix, a bias)."""
    formula = getattr(block, "formula", None)
    return (
        isinstance(formula, fm.Op)
        and formula.op == "="
        and len(formula.args) == 2
        and isinstance(formula.args[1], fm.Mat)
    )


def given_rows(statement: tuple[object, ...]) -> list[object]:
    """The statement with each run of displayed givens set side by side, ``x = […], W⁽¹⁾ =
    […], b⁽¹⁾ = […]``, as many to a row as fit in :data:`ROW_EM`."""
    out: list[object] = []
    row: list[fm.Node] = []
    for block in [*statement, None]:
        given = block is not None and _is_given(block)
        if given and row and sum(map(_width_em, row)) + 2 + _width_em(block.formula) <= ROW_EM:
            row.append(block.formula)
            continue
        if row:
            out.append(Display(row[0] if len(row) == 1 else fm.Op(",", tuple(row))))
            row = []
        if given:
            row = [block.formula]
        elif block is not None:
            out.append(block)
    return out


def statement_blocks(writer: Writer, problem: Problem) -> list[str]:
    """Statement, diagram, plot, conventions and the problem's id (``studykit check
    --problem ID`` reads it back). A paper format sets the givens side by side."""
    statement = given_rows(problem.statement) if writer.givens_in_rows else problem.statement
    blocks = [
        writer.paragraph(block) if isinstance(block, Para) else writer.display([block.formula])
        for block in statement
    ]
    extras = []
    if problem.spec and "network" in problem.spec:
        extras.append(writer.diagram(problem.spec))
    if (shown := plot.statement_plot(problem)) is not None:
        extras.append(writer.plot(shown, derivative=False))
    blocks += [b for b in extras if b is not None]
    stated = conventions(problem, writer.lang)
    if stated:  # an essay or a choice question has no convention to state
        blocks.append(writer.conventions(stated))
    blocks.append(writer.problem_id(short_id(problem)))
    return blocks


def solution_blocks(writer: Writer, problem: Problem) -> list[str]:
    """The worked solution: heading, plot (f and f′) and the numbered steps."""
    shown = plot.solution_plot(problem)
    picture = writer.plot(shown, derivative=True) if shown is not None else None
    steps = [writer.step(i, s) for i, s in enumerate(problem.steps, 1)]
    return writer.solution(picture, steps)


def answer_key_block(writer: Writer, problem: Problem) -> str:
    return writer.answer_key([answer_view(problem, a, writer.lang) for a in problem.answers])


def problem_body(
    writer: Writer, problem: Problem, solution: bool, points: tuple[float, ...] = ()
) -> str:
    """Everything under a problem's heading; on an exam paper (``points`` given, no solution)
    each part with its points and the space to answer it, instead of the "Give" list."""
    blocks = statement_blocks(writer, problem)
    if points and not solution:
        blocks.append(writer.exam_parts(problem, points))
    else:
        blocks.append(writer.answer_list(problem.answers))
    if solution:
        blocks += solution_blocks(writer, problem)
        blocks.append(answer_key_block(writer, problem))
    return writer.join(blocks)


def sheet_problems(
    writer_for: Callable[[str, str], Writer], doc: SheetDoc, solution: bool
) -> list[tuple[str, str]]:
    """Each problem of the sheet as its numbered heading and body (a writer per problem: each
    has its own notation profile)."""
    out = []
    for number, problem in enumerate(doc.problems, 1):
        writer = writer_for(problem.conventions.notation, doc.lang)
        points = doc.problem_points(number - 1)
        heading = problem_heading(number, problem, doc.lang)
        if points:
            worth = points_text(sum(points), doc.lang)
            heading += f"（{worth}）" if doc.lang == "zh" else f" ({worth})"
        out.append((heading, problem_body(writer, problem, solution, points)))
    return out
