"""Where parentheses go: one set of rules that every printer follows.

Operators bind, loosest first: ``∨``, ``∧`` (conditions of a piecewise answer), relations and
lists (``= ≈ , ∈ ≤ ≥ < >``), then ``+ −``, then
``· × ⊙ /``, then juxtaposition (the matrix product). A printer asks :func:`needs_parens` for
each operand and only decides *how* its format writes the parentheses.
"""

from __future__ import annotations

from .nodes import Abs, Call, Frac, Mat, Neg, Node, Norm, Num, Op, Paren, Pow, Sqrt, T, Var

#: Binding strength of each operator of :class:`~studykit.math.nodes.Op` (higher binds tighter).
PRECEDENCE: dict[str, int] = {
    "∨": -2,
    "∧": -1,
    "=": 0,
    "≈": 0,
    ",": 0,
    "∈": 0,
    "≤": 0,
    "≥": 0,
    "<": 0,
    ">": 0,
    "+": 1,
    "−": 1,
    "·": 2,
    "×": 2,
    "⊙": 2,
    "/": 2,
    "": 3,
}
#: Operators that separate whole expressions: an operand after them never needs a bracket.
SEPARATORS = ("=", "≈", ",", "∈", "≤", "≥", "<", ">")


def needs_parens(child: Node, parent_op: str, position: int) -> bool:
    """Whether ``child``, the operand at ``position`` of an ``Op(parent_op)``, is bracketed.

    A looser operator is bracketed, and so is the right operand of ``−`` at the same level.
    A product or number that starts with a minus after an operator is bracketed too:
    ``a + (−1.9 · x)``, never ``a + −1.9 · x`` or ``a − −1.9 · x``."""
    after_operator = position > 0 and parent_op not in SEPARATORS
    if isinstance(child, Op):
        mine = PRECEDENCE[child.op]
        theirs = PRECEDENCE[parent_op]
        if mine < theirs or (mine == theirs and parent_op == "−" and position > 0):
            return True
        return after_operator and leading_minus(child)
    if isinstance(child, Neg | Num) and after_operator:
        return leading_minus(child)
    return False


def leading_minus(node: Node) -> bool:
    """Whether the printed node starts with a minus sign."""
    if isinstance(node, Neg):
        return True
    if isinstance(node, Num):
        return node.text.startswith("−")
    if isinstance(node, Op) and node.args and node.op not in SEPARATORS:
        return not needs_parens(node.args[0], node.op, 0) and leading_minus(node.args[0])
    return False


def number_follows(args: tuple[Node, ...], i: int) -> bool:
    """Whether operand ``i`` of a juxtaposition starts with a number (``0.3³`` too) or a minus:
    then the product sign is written, since ``2 0.88`` or ``z2`` would read as another number or
    name."""
    return i > 0 and (leading_number(args[i]) or leading_minus(args[i]))


def leading_number(node: Node) -> bool:
    """Whether the printed node starts with a digit: a number, or a power of one (``0.3³``)."""
    if isinstance(node, Pow):
        return not power_base_needs_parens(node.base) and leading_number(node.base)
    return isinstance(node, Num)


def is_atom(node: Node) -> bool:
    """A node that prints as one unit: it never needs brackets to be an operand."""
    return isinstance(node, Num | Var | Call | Mat | Paren | T | Abs | Norm | Sqrt)


def power_base_needs_parens(base: Node) -> bool:
    """``(a + b)²``, ``(−x)²``, ``(a/b)²``, ``(2/9)²``, ``(a²)³`` and ``(−2)²`` bracket their
    base."""
    return isinstance(base, Op | Neg | Frac | Pow) or (
        isinstance(base, Num) and (base.text.startswith("−") or is_ratio(base))
    )


def is_ratio(node: Node) -> bool:
    """A number written as a ratio, ``2/9``: on one line it is a division."""
    return isinstance(node, Num) and "/" in node.text


def inline_denominator_needs_parens(den: Node) -> bool:
    """``a/(b + c)``, ``a/(b/c)``, ``a/(2/9)`` and ``a/(bc)`` on one line: a denominator that is
    not one unit is bracketed, since ``a/b/c`` reads as ``(a/b)/c``."""
    return isinstance(den, Op | Frac) or is_ratio(den)


def neg_needs_parens(arg: Node) -> bool:
    """``−(a + b)`` brackets a sum or difference."""
    return isinstance(arg, Op) and arg.op in ("+", "−")


def is_plain_symbol(node: Node) -> bool:
    """A bare name with no index or layer: ``xᵀ`` needs no brackets, ``(W⁽¹⁾)ᵀ`` does."""
    return isinstance(node, Var) and node.layer is None and node.sub is None
