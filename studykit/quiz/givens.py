"""The givens of a problem, short enough to stay in view: ``x = [−3, 2]ᵀ  W⁽¹⁾ = […]  η = 0.1``.

They are the statement's displayed equations ``name = value`` (for network problems: x, every
W and b, t, exactly as the problem states them in its notation profile, transposed where the
profile transposes), plus the learning rate η of a network problem's ``spec["train"]``, which
the statement gives inside a sentence. Printed with :func:`studykit.math.text.to_text`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len

from .. import math as fm
from ..math.text import to_text
from ..problems.model import Display, Problem

SEPARATOR = "   "


@dataclass(frozen=True)
class Given:
    name: str  # x, W⁽¹⁾, η
    text: str  # the whole equation: x = [−3, 2]ᵀ


def _named(node: fm.Node) -> bool:
    return isinstance(node, fm.Op) and node.op == "=" and isinstance(node.args[0], fm.Var)


def givens(problem: Problem) -> list[Given]:
    """The displayed equations of the statement, then η from the network's training settings."""
    notation = problem.conventions.notation
    out: list[Given] = []
    for block in problem.statement:
        if isinstance(block, Display) and _named(block.formula):
            name = to_text(block.formula.args[0], notation)  # type: ignore[attr-defined]
            out.append(Given(name, to_text(block.formula, notation)))
    train = (problem.spec or {}).get("train") or {}
    if "lr" in train and not any(g.name == "η" for g in out):
        eta = fm.eq(fm.Var("η"), fm.num(train["lr"]))
        out.append(Given("η", to_text(eta, notation)))
    return out


def pack(items: list[Given], width: int) -> list[str]:
    """The givens on as few lines of at most ``width`` columns as fit (one per line if wider)."""
    lines: list[str] = []
    line = ""
    for given in items:
        candidate = f"{line}{SEPARATOR}{given.text}" if line else given.text
        if line and cell_len(candidate) > width:
            lines.append(line)
            line = given.text
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines
