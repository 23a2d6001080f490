"""Independent references for the non-network kinds: inputs are read back from the problem's
statement (the formula nodes a student sees), answers recomputed with the math module only."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from studykit import math as fm
from studykit.problems.model import Answer, Para, Problem


def number(node: fm.Node) -> Any:
    """A Num, a vector/matrix of Nums, or ln(k), as Fractions (floats for ln)."""
    if isinstance(node, fm.Num):
        text = node.text.replace("−", "-")
        return Fraction(text)
    if isinstance(node, fm.Mat):
        values = [[number(c) for c in row] for row in node.rows]
        return [r[0] for r in values] if all(len(r) == 1 for r in values) else values
    if isinstance(node, fm.Call) and node.name == "ln":
        return math.log(float(number(node.args[0])))
    if isinstance(node, fm.Neg):
        return -number(node.arg)
    raise TypeError(node)


def inputs(problem: Problem) -> dict[str, list[Any]]:
    """Every ``lhs = value`` in the statement, keyed by the printed lhs, in order of appearance."""
    found: dict[str, list[Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, fm.Op) and node.op == "=" and len(node.args) == 2:
            try:
                value = number(node.args[1])
            except TypeError:
                value = None
            if value is not None:
                found.setdefault(fm.to_text(node.args[0]), []).append(value)
                return
        if isinstance(node, fm.Op):
            for a in node.args:
                walk(a)

    for block in problem.statement:
        if isinstance(block, Para):
            for part in block.parts:
                if not isinstance(part, tuple) or isinstance(part, fm.Op):
                    walk(part)
    return found


def nums_in(problem: Problem) -> list[Any]:
    """Bare numbers of the statement (not in an equation), in order."""
    out = []
    for block in problem.statement:
        if isinstance(block, Para):
            for part in block.parts:
                if isinstance(part, fm.Num):
                    out.append(part.text)
    return out


def accepts(answer: Answer, reference: Any) -> bool:
    """The key accepts the exact reference value: within tolerance of ``value`` or of one of the
    ``alternatives`` (entry by entry for vectors)."""
    return any(_close(answer, reference, v) for v in (answer.value, *answer.alternatives))


def _close(answer: Answer, reference: Any, value: Any) -> bool:
    if isinstance(value, list) and value and isinstance(value[0], list):  # a matrix: by rows
        return len(reference) == len(value) and all(
            _close(answer, r, v) for r, v in zip(reference, value, strict=True)
        )
    if isinstance(value, list):
        ref = list(reference) if isinstance(reference, list | tuple) else [reference]
        return len(ref) == len(value) and all(
            answer.tolerance.accepts(float(r), float(v)) for r, v in zip(ref, value, strict=True)
        )
    if isinstance(reference, list | tuple):
        (reference,) = reference
    return answer.tolerance.accepts(float(reference), float(value))


def sig(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def statement_en(problem: Problem) -> str:
    """The English words of the statement's paragraphs (formulas left out), as one string."""
    return " ".join(
        part.en
        for block in problem.statement
        if isinstance(block, Para)
        for part in block.parts
        if hasattr(part, "en")
    )
