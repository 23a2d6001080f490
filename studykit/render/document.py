"""The one walk over a Problem and over a sheet: every format's document is these pieces, in
this order, written by the format's :class:`~studykit.render.writers.base.Writer`.

A problem body is its statement (paragraphs and displays), the network diagram, the activation
plot, the conventions and the "Give" list; with ``solution``, the worked solution (plot and
steps) and the answer key follow.
"""

from __future__ import annotations

from collections.abc import Callable

from ..problems.model import Para, Problem, short_id
from . import plot
from .views import SheetDoc, answer_view, conventions, points_text, problem_heading
from .writers.base import Writer


def statement_blocks(writer: Writer, problem: Problem) -> list[str]:
    """Statement, diagram, plot, conventions and the problem's id (``studykit check
    --problem ID`` reads it back)."""
    blocks = [
        writer.paragraph(block) if isinstance(block, Para) else writer.display([block.formula])
        for block in problem.statement
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
            heading += f" ({points_text(sum(points), doc.lang)})"
        out.append((heading, problem_body(writer, problem, solution, points)))
    return out
