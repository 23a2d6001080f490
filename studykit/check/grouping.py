"""How a product chain with ⊙ is grouped, and how the preview shows it.

As a syntax rule ⊙ binds looser than any product (:mod:`.parse`): ``σ′(z1) ⊙ W2ᵀ δ2`` is
``σ′(z1) ⊙ (W2ᵀ δ2)``. When that reading fails the shape check, every other grouping of the
chain is tried; an answer is read another way only when exactly one grouping is shape-valid.
The student's own parentheses (:class:`Paren`) are never crossed.

The preview (:func:`shown`) prints every product as it was evaluated — juxtaposition for the
matrix product, ``⊙`` where equal shapes made a product element-wise — with explicit
parentheses around each product inside ``⊙`` and each ``⊙`` inside a product.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice, product

from ..math.nodes import Frac, Node, Op, Paren
from .walk import PRODUCTS, children, rebuild

MAX_OPERANDS = 7  # 132 groupings of a chain of seven factors
MAX_READINGS = 400


def _is_product(node: Node) -> bool:
    return isinstance(node, Op) and node.op in PRODUCTS and len(node.args) == 2


def flatten(
    node: Node, path: tuple[int, ...] = ()
) -> tuple[list[Node], list[str], list[tuple[int, ...]]]:
    """The operands and operators of the product chain rooted at ``node``, left to right, and
    the paths of the chain's own product nodes."""
    if not _is_product(node):
        return [node], [], []
    assert isinstance(node, Op)
    left, lops, lpaths = flatten(node.args[0], (*path, 0))
    right, rops, rpaths = flatten(node.args[1], (*path, 1))
    return left + right, lops + [node.op] + rops, [path, *lpaths, *rpaths]


def groupings(operands: list[Node], ops: list[str]) -> list[Node]:
    """Every binary grouping of ``o₀ p₁ o₁ … pₙ oₙ`` (the Catalan number of them)."""
    if len(operands) == 1:
        return [operands[0]]
    out: list[Node] = []
    for k in range(1, len(operands)):
        for left in groupings(operands[:k], ops[: k - 1]):
            for right in groupings(operands[k:], ops[k:]):
                out.append(Op(ops[k - 1], (left, right)))
    return out


def _with_operands(node: Node, operands: Iterator[Node]) -> Node:
    """The chain ``node`` grouped as written, with new operands (left to right)."""
    if not _is_product(node):
        return next(operands)
    assert isinstance(node, Op)
    left = _with_operands(node.args[0], operands)
    return Op(node.op, (left, _with_operands(node.args[1], operands)))


def _readings(node: Node) -> Iterator[Node]:
    """Every grouping of every chain in ``node`` (the written one first)."""
    if _is_product(node):
        operands, ops, _ = flatten(node)
        options = [list(islice(_readings(o), MAX_READINGS)) for o in operands]
        regroup = "⊙" in ops and len(set(ops)) > 1 and len(operands) <= MAX_OPERANDS
        for combo in product(*options):
            yield _with_operands(node, iter(combo))
            if regroup:
                yield from (
                    g for g in groupings(list(combo), ops) if g != _with_operands(node, iter(combo))
                )
        return
    kids = children(node)
    if not kids:
        yield node
        return
    options = [list(islice(_readings(k), MAX_READINGS)) for k in kids]
    for combo in product(*options):
        yield rebuild(node, tuple(combo))


def regroupings(tree: Node) -> Iterator[Node]:
    """Every other reading of ``tree`` (at most :data:`MAX_READINGS`)."""
    return islice((r for r in _readings(tree) if r != tree), MAX_READINGS)


def shown(tree: Node, resolved: dict[int, str]) -> Node:
    """The preview tree (see the module docstring); ``resolved`` is the evaluator's record."""
    kids = tuple(shown(k, resolved) for k in children(tree))
    if _is_product(tree):
        assert isinstance(tree, Op)
        op = resolved.get(id(tree), "" if tree.op == "×" else tree.op)
        return Op(op, tuple(_explicit(k, op) for k in kids))
    if isinstance(tree, Frac):
        return Frac(*(_explicit(k, "/") for k in kids))
    return rebuild(tree, kids) if kids else tree


def _explicit(child: Node, parent_op: str) -> Node:
    if isinstance(child, Paren) or not isinstance(child, Op):
        return child
    if parent_op == "⊙" and child.op in ("", "·", "×"):
        return Paren(child)
    if parent_op in ("", "·", "/") and child.op == "⊙":
        return Paren(child)
    return child
