"""Walking the expression tree: every node in it, and a copy with some nodes replaced."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import fields
from typing import Any

from .nodes import Expr, Node, Var


def _rebuilt(value: Any, replace: Callable[[Node], Node | None]) -> Any:
    if isinstance(value, Expr):
        return substitute(value, replace)  # type: ignore[arg-type]
    if type(value) is tuple:  # not a Text, which is a named tuple of words
        return tuple(_rebuilt(v, replace) for v in value)
    return value


def substitute(node: Node, replace: Callable[[Node], Node | None]) -> Node:
    """A copy of ``node`` where each node for which ``replace`` gives a node is that node
    (top down: a replaced node's children are not visited)."""
    new = replace(node)
    if new is not None:
        return new
    kwargs = {f.name: _rebuilt(getattr(node, f.name), replace) for f in fields(node)}  # type: ignore[arg-type]
    return type(node)(**kwargs)


def walk(node: Node) -> Iterator[Node]:
    """``node`` and every node below it."""
    yield node
    for f in fields(node):  # type: ignore[arg-type]
        yield from _children(getattr(node, f.name))


def _children(value: Any) -> Iterator[Node]:
    if isinstance(value, Expr):
        yield from walk(value)  # type: ignore[arg-type]
    elif type(value) is tuple:
        for v in value:
            yield from _children(v)


def variables(node: Node) -> set[str]:
    """The names of the variables in ``node``."""
    return {n.name for n in walk(node) if isinstance(n, Var)}


def with_values(node: Node, values: dict[str, Node]) -> Node:
    """``node`` with the named variables replaced (``z`` → ``0.5``)."""
    return substitute(node, lambda n: values.get(n.name) if isinstance(n, Var) else None)
