"""Formulas in the plain syntax a student types and the checker reads: ``sigmoid(z)*(1 - sigmoid(z))``.

An answer key's expression is stored this way (``Answer.value``) and printed as mathematics by
the other printers; this printer writes ``*`` for every product, ``^`` for powers and the
catalog's plain function names (σ → ``sigmoid``, Φ → ``Phi``, ln → ``log``).
"""

from __future__ import annotations

from .nodes import Abs, Call, Frac, Mat, Neg, Node, Num, Op, Paren, Pow, Sqrt, Var
from .precedence import neg_needs_parens, power_base_needs_parens
from .printer import Printer

#: Display names of functions → what the checker reads.
PLAIN_NAMES = {"σ": "sigmoid", "Φ": "Phi", "φ": "phi", "ln": "log"}
#: Greek letters → their plain names.
PLAIN_LETTERS = {"α": "alpha", "β": "beta", "γ": "gamma", "π": "pi", "δ": "delta", "η": "eta"}
_OPERATORS = {"+": " + ", "−": " - ", "·": "*", "×": "*", "": "*", "⊙": "*", "/": "/"}


class CodePrinter(Printer):
    """Plain ASCII input syntax (scalars: the expression answers of the generator)."""

    format = "code"

    def _print_Num(self, node: Num) -> str:
        text = node.text.replace("−", "-")
        return f"({text})" if text.startswith("-") or "/" in text else text

    def _print_Var(self, node: Var) -> str:
        name = PLAIN_LETTERS.get(node.name, node.name)
        return name + (str(node.sub) if node.sub is not None else "")

    def _print_Op(self, node: Op) -> str:
        if node.op not in _OPERATORS:
            raise TypeError(f"the relation {node.op} has no plain form")
        return _OPERATORS[node.op].join(self.operands(node))

    def _print_Neg(self, node: Neg) -> str:
        inner = self._print(node.arg)
        return (
            f"-({inner})" if neg_needs_parens(node.arg) or isinstance(node.arg, Op) else f"-{inner}"
        )

    def _print_Frac(self, node: Frac) -> str:
        return f"({self._print(node.num)})/({self._print(node.den)})"

    def _print_Pow(self, node: Pow) -> str:
        base = self._print(node.base)
        if power_base_needs_parens(node.base) or not isinstance(node.base, Call | Var | Num):
            base = f"({base})"
        return f"{base}^{self._wrap(node.exp)}"

    def _wrap(self, node: Node) -> str:
        text = self._print(node)
        return text if text.replace(".", "").isalnum() else f"({text})"

    def _print_Call(self, node: Call) -> str:
        name = PLAIN_NAMES.get(node.name, node.name) + "'" * node.prime
        return f"{name}({', '.join(self._print(a) for a in node.args)})"

    def _print_Paren(self, node: Paren) -> str:
        return f"({self._print(node.arg)})"

    def _print_Sqrt(self, node: Sqrt) -> str:
        return f"sqrt({self._print(node.arg)})"

    def _print_Abs(self, node: Abs) -> str:
        return f"abs({self._print(node.arg)})"

    def _print_Mat(self, node: Mat) -> str:
        return "[" + "; ".join(", ".join(self._print(c) for c in r) for r in node.rows) + "]"


def to_code(node: Node) -> str:
    """``node`` in the plain syntax of answers."""
    return CodePrinter().doprint(node)
