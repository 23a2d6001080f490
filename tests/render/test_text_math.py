"""The text printer writes what it means: each printed form is read back by the answer checker
and must have the value of the tree it was printed from (the values are worked out here by
hand)."""

from __future__ import annotations

import math

import pytest

from studykit import math as fm
from studykit.check.evaluate import Context, evaluate
from studykit.check.parse import parse_tree
from studykit.check.scope import Scope
from studykit.math.latex import to_latex


def read_back(text: str) -> float:
    tree, _ = parse_tree(text, Scope(free=True), allow_latex=False)
    return float(evaluate(tree, Context({})).reshape(-1)[0])


N = fm.Num
CASES = [
    # a fraction whose denominator is a fraction: a/(b/c), never a/b/c = (a/b)/c
    (fm.Frac(N("1"), N("2/9")), "1/(2/9)", 4.5),
    (fm.Frac(N("1/9"), fm.Frac(N("2"), N("9"))), "1/9/(2/9)", 0.5),
    (fm.Frac(N("3"), fm.Op("", (N("2"), N("4")))), "3/(2 · 4)", 0.375),
    # a ratio raised to a power: (2/9)², never 2/9² = 2/81
    (fm.Pow(N("2/9"), N("2")), "(2/9)²", 4 / 81),
    # an exponent with brackets stays on the line: ⁽…⁾ reads as a layer mark
    (fm.Pow(N("e"), fm.Neg(fm.Paren(N("2")))), "e^(−(2))", math.exp(-2)),
    (fm.Pow(N("e"), fm.Paren(N("−2"))), "e^(−2)", math.exp(-2)),
    (fm.Pow(N("e"), N("−2")), "e⁻²", math.exp(-2)),
    # a number times a power of a number: the product sign is written
    (fm.Op("", (N("0.044715"), fm.Pow(N("0.3"), N("3")))), "0.044715 · 0.3³", 0.044715 * 0.027),
    # a call's own parentheses are enough
    (fm.Call("cos", (fm.Paren(N("−1.4")),)), "cos(−1.4)", math.cos(-1.4)),
]


@pytest.mark.parametrize("node, text, expected", CASES)
def test_printed_text_reads_back_to_its_value(node: fm.Node, text: str, expected: float) -> None:
    assert fm.to_text(node) == text
    assert read_back(text) == pytest.approx(expected, rel=1e-12)


def test_primes_print_as_the_statements_write_them() -> None:
    z = fm.Var("z")
    assert fm.to_text(fm.Call("E", (z,), prime=1)) == "E′(z)"
    assert fm.to_text(fm.Call("E", (z,), prime=2)) == "E″(z)"
    assert fm.to_text(fm.Call("f", (z,), prime=3)) == "f‴(z)"


def test_latex_call_has_one_pair_of_brackets() -> None:
    assert to_latex(fm.Call("cos", (fm.Paren(N("−1.4")),))) == r"\cos\left(-1.4\right)"
