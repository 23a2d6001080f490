"""Walking a math tree: its children, a copy with new children, the keys it uses, and the
rewrites the checker needs (strip the student's parentheses, replace a sub-tree)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from ..math.nodes import (
    Abs,
    Call,
    Cases,
    Frac,
    Mat,
    Neg,
    Node,
    Num,
    Op,
    Paren,
    Pow,
    Sqrt,
    T,
    Var,
    Word,
)
from .names import key_of

#: The products of an answer: ``""`` juxtaposition, ``·`` a typed ``*`` (both: the matrix
#: product, scaling, or element-wise when the shapes are equal), ``×`` a typed ``@`` (the matrix
#: product only) and ``⊙`` (element-wise).
PRODUCTS = ("", "·", "×", "⊙")
RELATIONS = ("<", ">", "≤", "≥")


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-trees, in order."""
    match node:
        case Op(_, args) | Call(_, args):
            return tuple(args)
        case Neg(arg) | T(arg) | Paren(arg) | Sqrt(arg) | Abs(arg):
            return (arg,)
        case Frac(a, b) | Pow(a, b):
            return (a, b)
        case Mat(rows):
            return tuple(c for r in rows for c in r)
        case Cases(rows):
            return tuple(x for r in rows for x in r)
    return ()


def rebuild(node: Node, kids: tuple[Node, ...]) -> Node:
    """``node`` with its children replaced by ``kids`` (same order as :func:`children`)."""
    match node:
        case Op():
            return Op(node.op, kids)
        case Call():
            return replace(node, args=kids)
        case Neg() | T() | Paren() | Sqrt() | Abs():
            return type(node)(kids[0])
        case Frac() | Pow():
            return type(node)(kids[0], kids[1])
        case Mat(rows):
            it = iter(kids)
            return Mat(tuple(tuple(next(it) for _ in r) for r in rows))
        case Cases(rows):
            return Cases(tuple((kids[2 * i], kids[2 * i + 1]) for i in range(len(rows))))
    return node


def nodes(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents first."""
    yield node
    for child in children(node):
        yield from nodes(child)


def keys(node: Node) -> set[str]:
    """The keys of the variables a tree uses (``e`` and ``π`` are numbers, not variables)."""
    return {key_of(n) for n in nodes(node) if isinstance(n, Var)}


def size(node: Node) -> int:
    return sum(1 for _ in nodes(node))


def transform(node: Node, fn: Callable[[Node], Node | None]) -> Node:
    """Rebuild bottom-up; ``fn`` returns a replacement for a (rebuilt) node, or ``None``."""
    kids = children(node)
    if kids:
        node = rebuild(node, tuple(transform(k, fn) for k in kids))
    out = fn(node)
    return node if out is None else out


def strip_parens(node: Node) -> Node:
    """The tree without the student's explicit parentheses (values are unchanged)."""
    return transform(node, lambda n: n.arg if isinstance(n, Paren) else None)


def unparen(node: Node) -> Node:
    while isinstance(node, Paren):
        node = node.arg
    return node


def is_constant(node: Node) -> bool:
    """No variable in it (numbers, and calls of numbers)."""
    return not any(isinstance(n, Var) for n in nodes(node))


def is_otherwise(node: Node) -> bool:
    return isinstance(node, Word) and node.text.en == "otherwise"


def replace_at(node: Node, path: tuple[int, ...], new: Node) -> Node:
    """``node`` with the sub-tree at ``path`` (child indices) replaced by ``new``."""
    if not path:
        return new
    kids = list(children(node))
    kids[path[0]] = replace_at(kids[path[0]], path[1:], new)
    return rebuild(node, tuple(kids))


def paths(node: Node, prefix: tuple[int, ...] = ()) -> Iterator[tuple[tuple[int, ...], Node]]:
    """Every sub-tree with its path, parents first."""
    yield prefix, node
    for i, child in enumerate(children(node)):
        yield from paths(child, (*prefix, i))


__all__ = [
    "PRODUCTS",
    "RELATIONS",
    "Num",
    "children",
    "is_constant",
    "keys",
    "nodes",
    "paths",
    "rebuild",
    "replace_at",
    "size",
    "strip_parens",
    "transform",
]
