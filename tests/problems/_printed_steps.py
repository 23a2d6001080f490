"""An independent evaluator of printed steps (issue #12's "printed truth"): each numeric link of a
step — the numbers substituted, or a formula made of numbers only — is evaluated here exactly
(Fractions; exp, ln and σ by mpmath at 50 digits) and, rounded half up at the stated decimals,
must give the printed result. It knows the math nodes, not the generator's records."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath

from studykit import math as fm
from studykit.problems.model import Problem, Step

from .test_printed_steps_add_up import frac, half_up, mp  # exact rounding, mpmath at 50 digits

Matrix = list[list[Fraction]]


class NotNumeric(Exception):
    """The node holds a symbol or a construct with no value."""


def is_matrix(v: Any) -> bool:
    return isinstance(v, list)


def elementwise(f: Any, a: Any, b: Any) -> Any:
    if is_matrix(a) and is_matrix(b):
        if len(a) != len(b) or len(a[0]) != len(b[0]):
            raise ValueError("shapes differ")
        return [[f(x, y) for x, y in zip(ra, rb, strict=True)] for ra, rb in zip(a, b, strict=True)]
    if is_matrix(a):
        return [[f(x, b) for x in row] for row in a]
    if is_matrix(b):
        return [[f(a, y) for y in row] for row in b]
    return f(a, b)


def matmul(a: Matrix, b: Matrix) -> Matrix:
    if len(a[0]) != len(b):
        raise ValueError("inner sizes differ")
    return [
        [sum((a[i][j] * b[j][k] for j in range(len(b))), Fraction(0)) for k in range(len(b[0]))]
        for i in range(len(a))
    ]


def call(name: str, args: list[Any]) -> Any:
    (x,) = args
    if name == "exp":
        return frac(mpmath.exp(mp(x)))
    if name in ("ln", "log"):
        return frac(mpmath.log(mp(x)))
    if name == "σ":
        return frac(1 / (1 + mpmath.exp(-mp(x))))
    if name == "tr":
        return sum((x[i][i] for i in range(len(x))), Fraction(0))
    raise NotNumeric(name)


def value(node: fm.Node) -> Any:
    """The exact value of a node made of numbers only (a Fraction or a matrix of them)."""
    if isinstance(node, fm.Num):
        v = node.value
        if v is None:
            raise NotNumeric(node.text)
        return v
    if isinstance(node, fm.Neg):
        return elementwise(lambda a, _: -a, value(node.arg), Fraction(0))
    if isinstance(node, fm.Paren):
        return value(node.arg)
    if isinstance(node, fm.Frac):
        return value(node.num) / value(node.den)
    if isinstance(node, fm.Pow):
        exponent = value(node.exp)
        if exponent.denominator != 1:
            raise NotNumeric("a fractional power")
        return value(node.base) ** int(exponent)
    if isinstance(node, fm.Mat):
        return [[value(cell) for cell in row] for row in node.rows]
    if isinstance(node, fm.Call):
        if node.prime:
            raise NotNumeric("a derivative")
        return call(node.name, [value(a) for a in node.args])
    if isinstance(node, fm.Op):
        return operation(node.op, [value(a) for a in node.args])
    raise NotNumeric(type(node).__name__)


def operation(op: str, args: list[Any]) -> Any:
    out = args[0]
    for arg in args[1:]:
        if op == "+":
            out = elementwise(lambda a, b: a + b, out, arg)
        elif op == "−":
            out = elementwise(lambda a, b: a - b, out, arg)
        elif op in ("·", "×") or (op == "" and not (is_matrix(out) and is_matrix(arg))):
            out = elementwise(lambda a, b: a * b, out, arg)
        elif op == "":
            out = matmul(out, arg)
        elif op == "⊙":
            if not (is_matrix(out) and is_matrix(arg)):
                raise ValueError("⊙ needs two matrices")
            out = elementwise(lambda a, b: a * b, out, arg)
        else:
            raise NotNumeric(op)
    return out


def rounded(v: Any, decimals: int | None) -> Any:
    if is_matrix(v):
        return [[half_up(x, decimals) for x in row] for row in v]
    return half_up(v, decimals)


def numeric_link(s: Step) -> fm.Node | None:
    """The last link before the result that is made of numbers only."""
    for node in (s.substituted, s.formula):
        if node is None:
            continue
        if isinstance(node, fm.Op) and node.op == "=":
            node = node.args[-1]
        try:
            value(node)
        except NotNumeric:
            continue
        return node
    return None


def mismatches(problem: Problem) -> tuple[int, list[str]]:
    """(steps checked, the steps whose printed result is not what their numbers give)."""
    decimals = problem.conventions.rounding.decimals
    checked, bad = 0, []
    for number, s in enumerate(problem.steps, start=1):
        if s.result is None:
            continue
        link = numeric_link(s)
        if link is None:
            continue
        printed = value(s.result)
        computed = rounded(value(link), decimals)
        checked += 1
        if computed != printed:
            bad.append(f"{problem.id} step {number} ({s.title.en}): {computed} ≠ printed {printed}")
    return checked, bad
