"""Read an answer: parse it, try it on probe values (shapes, bounds), settle the grouping of
⊙, and print how it was read — the one reading every mode uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..math.nodes import Node
from ..math.text import to_text
from .draws import Draws
from .errors import AnswerSyntaxError, ShapeError
from .evaluate import Context, Evaluator, uses_indices
from .grouping import regroupings, shown
from .names import INDICES
from .parse import parse_tree
from .scope import Scope
from .walk import keys

PROBE_SIZE = 3  # the n of an index-form Jacobian on the probe


def probe_values(scope: Scope, used: set[str]) -> dict[str, np.ndarray]:
    """One random value per key: scalars at a generic point, matrices of their shapes."""
    rng = Draws(0)
    values: dict[str, np.ndarray] = {}
    for key in sorted(used):
        head, _, index = key.partition("_")
        base = head if index in INDICES else key  # y_i takes the value of y
        shape = scope.variables.get(base)
        if shape is None:
            values[base] = rng.uniform(0.2, 0.9, (1, 1, 1))
        else:
            values[base] = rng.uniform(-1, 1, (1, *shape))
    return values


@dataclass
class Reading:
    """How an answer was read: the tree (after any regrouping), its preview, the keys it uses,
    its shape on the probe (``None`` for a scalar of scalars) and any shape error."""

    text: str
    tree: Node
    preview: str
    keys: frozenset[str]
    rhs_only: bool = False
    shape: tuple[int, int] | None = None
    regrouped: bool = False
    shape_error: ShapeError | None = None
    scope: Scope = field(default_factory=Scope, repr=False)

    @property
    def expr(self) -> Any:
        """The SymPy expression (scalar answers only), built node by node from the tree."""
        from .symbolic import to_sympy

        return to_sympy(self.tree, self.scope.layer_functions)


def _probe(tree: Node, scope: Scope) -> tuple[np.ndarray, Evaluator]:
    used = keys(tree)
    ctx = Context(probe_values(scope, used), scope.layer_functions, index_size=PROBE_SIZE)
    evaluator = Evaluator(ctx, uses_indices(tree))
    return evaluator.run(tree), evaluator


def _shape_valid(tree: Node, scope: Scope, expected: tuple[int, ...] | None) -> bool:
    try:
        value, _ = _probe(tree, scope)
    except (ShapeError, AnswerSyntaxError):
        return False
    return expected is None or tuple(value.shape[-2:]) == tuple(expected)


def read_answer(
    text: str, scope: Scope, allow_latex: bool = True, expected_shape: tuple[int, ...] | None = None
) -> Reading:
    """Parse ``text`` in ``scope`` and probe it. Raises :class:`AnswerSyntaxError` for what
    cannot be read (including constants that are too large); a shape error is kept in
    :attr:`Reading.shape_error`, since a wrong shape is a wrong answer, not an unreadable one.
    With ``expected_shape`` (the shape the answer must have), a regrouping of ⊙ counts as
    shape-valid only when it has that shape."""
    tree, rhs = parse_tree(text, scope, allow_latex)
    regrouped = False
    try:
        value, evaluator = _probe(tree, scope)
    except ShapeError as exc:
        valid = [r for r in regroupings(tree) if _shape_valid(r, scope, expected_shape)]
        if len(valid) != 1:
            return Reading(text, tree, to_text(shown(tree, {})), frozenset(keys(tree)), rhs,
                           shape_error=exc, scope=scope)  # fmt: skip
        tree, regrouped = valid[0], True
        value, evaluator = _probe(tree, scope)
    used = keys(tree)
    matrix = any(scope.variables.get(k) for k in used) or value.shape[-2:] != (1, 1)
    shape = tuple(value.shape[-2:]) if matrix else None
    preview = to_text(shown(tree, evaluator.resolved))
    return Reading(text, tree, preview, frozenset(used), rhs, shape, regrouped, None, scope)  # type: ignore[arg-type]
