"""The base of every format's printer, after SymPy's printing framework: ``doprint(node)``
dispatches to the method ``_print_<NodeClass>``, so a format is one class with one method per
node, and a new node is one method per format."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from .nodes import Node, Op
from .precedence import needs_parens


class Printer:
    """Prints nodes in one format, for one notation profile and one language."""

    #: The format's name, as in ``render.formats``.
    format: ClassVar[str] = ""

    def __init__(self, notation: str = "textbook", lang: str = "en") -> None:
        self.notation = notation
        self.lang = lang

    def doprint(self, node: Node) -> str:
        return self._print(node)

    def _print(self, node: Node) -> str:
        method: Callable[[Node], str] | None = getattr(self, "_print_" + type(node).__name__, None)
        if method is None:
            raise TypeError(f"{type(self).__name__} cannot print {node!r}")
        return method(node)

    def paren(self, inner: str) -> str:
        """``inner`` in round brackets, as this format writes them."""
        return f"({inner})"

    def operands(self, node: Op) -> list[str]:
        """Each operand of ``node`` printed, bracketed where :func:`needs_parens` says so."""
        return [
            self.paren(self._print(a)) if needs_parens(a, node.op, i) else self._print(a)
            for i, a in enumerate(node.args)
        ]
