"""Which mistake makes a wrong matrix formula — also one whose shapes do not fit?

The solver's perturbations (:mod:`.mistakes`) need the answer's values; an answer with a
shape error has none. So the answer itself is rewritten, one place at a time, the way the
mistake would be undone; a rewrite that gives the right gradient on every network names the
mistake:

- ``delta_T_a``: ``δᵀ a`` → ``δ aᵀ``;
- ``forgot_bias``: ``W⁽ˡ⁾ a⁽ˡ⁻¹⁾`` → ``W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾`` (z without its bias);
- ``hadamard_for_matmul``: one ``⊙`` of a product chain → the matrix product;
- ``matmul_for_hadamard``: one product → ``⊙`` (dropping a transpose that made it fit);
- ``wrong_layer_W`` / ``wrong_layer_a``: ``W⁽ˡ⁾`` → ``W⁽ˡ±¹⁾``, ``a⁽ˡ⁾`` → ``a⁽ˡ±¹⁾``;
- ``transpose``: a transpose added or removed, a product's factors swapped or transposed,
  or the whole answer transposed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import numpy as np

from ..math.nodes import Node, Op, Paren, T, Var
from .errors import AnswerSyntaxError, ShapeError
from .evaluate import Context, evaluate
from .grouping import flatten
from .walk import PRODUCTS, paths, replace_at, unparen

ORDER = ("delta_T_a", "forgot_bias", "hadamard_for_matmul", "matmul_for_hadamard",
         "wrong_layer_W", "wrong_layer_a", "transpose")  # fmt: skip
Rewrite = tuple[str, Node]


def tr(node: Node) -> Node:
    """The transpose, without stacking two: ``(Xᵀ)ᵀ`` is ``X``."""
    inner = unparen(node)
    return inner.arg if isinstance(inner, T) else T(node)


def _layered(node: Node, name: str) -> int | None:
    return (
        node.layer
        if isinstance(node, Var) and node.name == name and isinstance(node.layer, int)
        else None
    )


def _is_input(node: Node, layer: int) -> bool:
    """``a⁽ˡ⁻¹⁾`` of layer ``l`` (``x`` for the first)."""
    node = unparen(node)
    return (layer == 1 and node == Var("x")) or _layered(node, "a") == layer - 1


def built(operands: list[Node], ops: list[str]) -> Node:
    """A chain as the grammar groups it: products left to right, then ⊙ (loosest)."""
    segments: list[Node] = []
    current = operands[0]
    for op, operand in zip(ops, operands[1:], strict=True):
        if op == "⊙":
            segments.append(current)
            current = operand
        else:
            current = Op(op, (current, operand))
    segments.append(current)
    out = segments[0]
    for segment in segments[1:]:
        out = Op("⊙", (out, segment))
    return out


def _chain_rewrites(node: Node) -> Iterator[Rewrite]:
    operands, ops, _ = flatten(node)
    for k, op in enumerate(ops):
        left, right = operands[k], operands[k + 1]
        if op == "⊙":
            yield "hadamard_for_matmul", built(operands, [*ops[:k], "", *ops[k + 1 :]])
            continue
        swapped = [*ops[:k], "⊙", *ops[k + 1 :]]
        options = [(left, right)]  # and without the transpose that made the product fit
        if isinstance(unparen(left), T):
            options.append((unparen(left).arg, right))  # type: ignore[union-attr]
        if isinstance(unparen(right), T):
            options.append((left, unparen(right).arg))  # type: ignore[union-attr]
        for a, b in options:
            yield "matmul_for_hadamard", built([*operands[:k], a, b, *operands[k + 2 :]], swapped)


def _product_rewrites(node: Op, L: int) -> Iterator[Rewrite]:
    a, b = node.args
    inner = unparen(a)
    if isinstance(inner, T) and _layered(unparen(inner.arg), "δ") is not None:
        yield "delta_T_a", Op(node.op, (inner.arg, tr(b)))
    layer = _layered(unparen(a), "W")
    if layer is not None and _is_input(b, layer):
        yield "forgot_bias", Paren(Op("+", (node, Var("b", layer=layer))))
    for pair in ((b, a), (tr(b), tr(a)), (tr(b), a), (b, tr(a))):
        yield "transpose", Op(node.op, pair)


def _leaf_rewrites(node: Node, L: int) -> Iterator[Rewrite]:
    for name, key, lowest in (("W", "wrong_layer_W", 1), ("a", "wrong_layer_a", 1)):
        layer = _layered(node, name)
        if layer is not None:
            for other in (layer - 1, layer + 1):
                if lowest <= other <= L:
                    yield key, replace(node, layer=other)  # type: ignore[arg-type]
            if name == "a" and layer == 1:
                yield key, Var("x")
    if isinstance(node, Var):
        yield "transpose", T(node)
    if isinstance(node, T):
        yield "transpose", node.arg


def rewrites(tree: Node, depth: int) -> Iterator[Rewrite]:
    """Every single-place rewrite of ``tree`` (see the module docstring)."""
    for path, node in paths(tree):
        if isinstance(node, Op) and node.op in PRODUCTS and len(node.args) == 2:
            if node.op != "⊙":
                for key, new in _product_rewrites(node, depth):
                    yield key, replace_at(tree, path, new)
            for key, new in _chain_rewrites(node):
                yield key, replace_at(tree, path, new)
        for key, new in _leaf_rewrites(node, depth):
            yield key, replace_at(tree, path, new)
    yield "transpose", T(Paren(tree))


def rewrite_mistake(
    tree: Node, ctx: Context, expected: np.ndarray, depth: int, known: Callable[[str], object]
) -> object | None:
    """The first mistake (in :data:`ORDER`) one of whose rewrites gives ``expected``."""
    found: dict[str, bool] = {}
    for key, new in rewrites(tree, depth):
        if found.get(key):
            continue
        try:
            value = evaluate(new, ctx)
        except (ShapeError, AnswerSyntaxError):
            continue
        value = np.broadcast_to(value, (expected.shape[0], *value.shape[1:]))
        if value.shape == expected.shape and np.allclose(value, expected, rtol=1e-6, atol=1e-9):
            found[key] = True
    for key in ORDER:
        if found.get(key):
            return known(key)
    return None
