"""The answer checker (issue #5): safe parsing, grading with tolerance, equivalence, matrix-form
gradient formulas, mistake diagnosis and error carried forward.

Nothing a student types reaches ``eval``/``sympify``/``parse_expr``/``lambdify``: the text is
tokenised against a whitelist (:mod:`.lexer`), parsed by our own grammar (:mod:`.parse`), and
SymPy objects are built node by node (:mod:`.symbolic`). Input length, nesting depth, exponent
size and constant magnitude are capped (:mod:`.limits`); simplification runs in a killable child
process under a time limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..i18n import Text
from .errors import AnswerSyntaxError, ShapeError
from .grade import Verdict, first_wrong_step, grade
from .mistakes import CATALOG, MISTAKES, Mistake
from .parse import Scope, parse_tree
from .tree import Node, names, to_text


@dataclass(frozen=True)
class Parsed:
    """How an answer was read: the tree, its Unicode rendering and the names it uses."""

    text: str
    tree: Node
    preview: str
    names: frozenset[str]
    rhs_only: bool = False
    shape: tuple[int, int] | None = None
    scope: Scope = field(default_factory=Scope, compare=False, repr=False)

    @property
    def expr(self) -> Any:
        """The SymPy expression (scalar answers only), built node by node from the tree."""
        from .symbolic import to_sympy

        return to_sympy(self.tree, self.scope.layer_functions)


def _probe_values(scope: Scope, used: set[str]) -> dict[str, Any]:
    import numpy as np

    from .equivalence import sample

    values: dict[str, Any] = {}
    scalars = [n for n in used if scope.variables.get(n) is None]
    values.update({k: v[:1] for k, v in sample(scalars, 4).items()})
    rng = np.random.default_rng(0)
    for name in used:
        shape = scope.variables.get(name)
        if shape is not None:
            values[name] = rng.uniform(-1, 1, (1, *shape))
    return values


def parse_answer(
    text: str, variables: Mapping[str, Any] | None = None, allow_latex: bool = True
) -> Parsed:
    """Read ``text`` (plain or LaTeX). ``variables``: name → ``None`` (a scalar), a shape
    ``(rows, cols)`` or an array; ``None`` accepts any one-letter names as scalars.

    Raises :class:`AnswerSyntaxError` (``.text`` a one-line bilingual message, ``.suggestion``)
    for anything that cannot be read, including constants that are too large and shapes that
    do not fit together.
    """
    from .evaluate import Context, evaluate

    scope = Scope.of(variables)
    tree, rhs = parse_tree(text, scope, allow_latex)
    used = names(tree)
    try:
        value = evaluate(tree, Context(_probe_values(scope, used), scope.layer_functions))
    except ShapeError as exc:
        raise AnswerSyntaxError(exc.text, exc.suggestion) from None
    shape = (
        tuple(value.shape[-2:])
        if any(scope.variables.get(n) for n in used) or value.shape[-2:] != (1, 1)
        else None
    )
    return Parsed(text, tree, to_text(tree), frozenset(used), rhs, shape, scope)  # type: ignore[arg-type]


def preview(text: str, variables: Mapping[str, Any] | None = None, lang: str = "en") -> str:
    """How ``text`` was read (Unicode), or why it could not be read."""
    try:
        parsed = parse_answer(text, variables)
    except AnswerSyntaxError as exc:
        return exc.message(lang)
    note = Text("  (right-hand side)", "（等号右边）").get(lang) if parsed.rhs_only else ""
    return parsed.preview + note


__all__ = [
    "AnswerSyntaxError",
    "CATALOG",
    "MISTAKES",
    "Mistake",
    "Parsed",
    "Verdict",
    "first_wrong_step",
    "grade",
    "parse_answer",
    "preview",
]
