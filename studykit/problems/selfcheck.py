"""The generator's self-check: every printed step re-evaluates to its printed result.

A step prints a chain ``formula = numbers = … = result``. Each link that holds only numbers is
evaluated here exactly (Fractions; σ, tanh, exp, log … by the catalog's exact route) from the
numbers *as printed*. The last numeric link, rounded half up at the stated rounding, must give
the printed result exactly — that is what a student following the steps computes; an earlier
numeric link (one that still uses unrounded intermediates) must agree with the result within
the answer's tolerance. A mismatch is a :class:`~studykit.problems.registry.VerificationError`.

This is a second check, not the source of the numbers: they come from the engine and the hand
route. Links with symbols, words or constructs the evaluator does not know are skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from .. import math as fm
from ..catalog import BY_SYMBOL, EXACT, exact, round_half_up
from ..math.walk import walk as fm_walk
from .model import Problem, Rounding, Step, step_nodes

Value = Any  # a Fraction, a matrix (tuple of row tuples) or a tuple of values (a "," list)


class NotEvaluable(Exception):
    """A link holds a symbol, a word or a construct this evaluator does not know."""


class StepMismatch(Exception):
    """A printed result is not what its printed operands give."""


_ELEMENTARY = {
    "exp": EXACT.exp,
    "log": EXACT.log,
    "ln": EXACT.log,
    "tanh": EXACT.tanh,
    "sin": EXACT.sin,
    "cos": EXACT.cos,
    "sqrt": EXACT.sqrt,
    "erf": EXACT.erf,
    "Φ": EXACT.Phi,
    "φ": EXACT.phi,
    "sign": EXACT.sign,
    "abs": lambda v: abs(v),
}


_RELATIONS = {
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    "≥": lambda a, b: a >= b,
    "≤": lambda a, b: a <= b,
}

# ----------------------------------------------------------------------------- values


def _is_matrix(v: Value) -> bool:
    """Rows of numbers (a list of matrices, from a ``,`` link, is not one)."""
    return (
        isinstance(v, tuple)
        and bool(v)
        and isinstance(v[0], tuple)
        and not (v[0] and isinstance(v[0][0], tuple))
    )


def _map(fn: Any, v: Value) -> Value:
    if _is_matrix(v):
        return tuple(tuple(fn(x) for x in row) for row in v)
    return fn(v)


def _zip(fn: Any, a: Value, b: Value) -> Value:
    """Element-wise ``fn``, a scalar broadcast against a matrix."""
    ma, mb = _is_matrix(a), _is_matrix(b)
    if ma and mb:
        if len(a) != len(b) or len(a[0]) != len(b[0]):
            raise NotEvaluable("shapes differ")
        return tuple(
            tuple(fn(x, y) for x, y in zip(r, s, strict=True)) for r, s in zip(a, b, strict=True)
        )
    if ma:
        return _map(lambda x: fn(x, b), a)
    if mb:
        return _map(lambda y: fn(a, y), b)
    return fn(a, b)


def _matmul(a: Value, b: Value) -> Value:
    if not (_is_matrix(a) and _is_matrix(b)):
        return _zip(lambda x, y: x * y, a, b)
    if len(a[0]) != len(b):
        if len(a) == len(b) and len(a[0]) == len(b[0]):
            return _zip(lambda x, y: x * y, a, b)  # a product of equal shapes, read element-wise
        raise NotEvaluable("inner sizes differ")
    cols = list(zip(*b, strict=True))
    return tuple(
        tuple(sum((x * y for x, y in zip(row, col, strict=True)), Fraction(0)) for col in cols)
        for row in a
    )


def _transpose(v: Value) -> Value:
    return tuple(zip(*v, strict=True)) if _is_matrix(v) else v


# ----------------------------------------------------------------------------- the evaluator


class Evaluator:
    """Exact values of printed numeric expressions; ``params`` are the parameters of each
    activation the problem uses (γ of leaky ReLU …), by catalog name."""

    def __init__(self, params: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self.params = {
            name: {k: exact(v) for k, v in p.items()} for name, p in (params or {}).items()
        }

    def value(self, node: fm.Node) -> Value:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise NotEvaluable(type(node).__name__)
        return method(node)

    def _Num(self, node: fm.Num) -> Value:
        v = node.value
        if v is None:
            raise NotEvaluable(node.text)
        return v

    def _Var(self, node: fm.Var) -> Value:
        """Only the constants π and e have a value; other names are symbols."""
        if node.name == "π" and node.sub is None and node.layer is None:
            return EXACT.pi
        if node.name == "e" and node.sub is None and node.layer is None:
            return EXACT.exp(1)
        raise NotEvaluable(node.name)

    def _Mat(self, node: fm.Mat) -> Value:
        rows = tuple(tuple(self.value(c) for c in row) for row in node.rows)
        if any(_is_matrix(c) or isinstance(c, tuple) for row in rows for c in row):
            raise NotEvaluable("a matrix of matrices")
        return rows

    def _Paren(self, node: fm.Paren) -> Value:
        return self.value(node.arg)

    def _Neg(self, node: fm.Neg) -> Value:
        return _map(lambda x: -x, self.value(node.arg))

    def _T(self, node: fm.T) -> Value:
        return _transpose(self.value(node.arg))

    def _Sqrt(self, node: fm.Sqrt) -> Value:
        return _map(EXACT.sqrt, self.value(node.arg))

    def _Abs(self, node: fm.Abs) -> Value:
        return _map(abs, self.value(node.arg))

    def _Frac(self, node: fm.Frac) -> Value:
        return _zip(lambda x, y: x / y, self.value(node.num), self.value(node.den))

    def _Pow(self, node: fm.Pow) -> Value:
        if isinstance(node.base, fm.Var) and node.base.name == "e" and node.base.sub is None:
            return _map(EXACT.exp, self.value(node.exp))  # e^u
        e = self.value(node.exp)
        if _is_matrix(e) or e.denominator != 1:
            raise NotEvaluable("a power that is not a whole number")
        return _map(lambda x: x ** int(e), self.value(node.base))

    def _Op(self, node: fm.Op) -> Value:
        if node.op in ("=", "≈", ",", "∈", "≤", "≥", "<", ">"):
            raise NotEvaluable(f"the relation {node.op}")
        values = [self.value(a) for a in node.args]
        out = values[0]
        for v in values[1:]:
            out = self._binary(node.op, out, v)
        return out

    @staticmethod
    def _binary(op: str, a: Value, b: Value) -> Value:
        if op == "+":
            return _zip(lambda x, y: x + y, a, b)
        if op == "−":
            return _zip(lambda x, y: x - y, a, b)
        if op == "⊙":
            return _zip(lambda x, y: x * y, a, b)
        if op == "/":
            return _zip(lambda x, y: x / y, a, b)
        if op in ("·", "×", ""):
            return _matmul(a, b)
        raise NotEvaluable(f"the operator {op}")

    def truth(self, condition: fm.Node) -> bool:
        """A condition of a case: ``z > 0``, ``−2 < z < 2`` or ``otherwise``."""
        if isinstance(condition, fm.Word):
            if condition.text.en != "otherwise":
                raise NotEvaluable("a condition in words")
            return True
        if not (isinstance(condition, fm.Op) and condition.op in _RELATIONS):
            raise NotEvaluable("a condition that is not a comparison")
        values = [self.value(a) for a in condition.args]
        if any(_is_matrix(v) for v in values):
            raise NotEvaluable("a comparison of matrices")
        compare = _RELATIONS[condition.op]
        return all(compare(a, b) for a, b in zip(values, values[1:], strict=False))

    def chosen(self, node: fm.Cases) -> fm.Node:
        """The value of the first case whose condition holds."""
        for value, condition in node.rows:
            if self.truth(condition):
                return value
        raise NotEvaluable("no case applies")

    def _Cases(self, node: fm.Cases) -> Value:
        return self.value(self.chosen(node))

    def _Call(self, node: fm.Call) -> Value:
        if len(node.args) != 1:
            raise NotEvaluable(f"{node.name} with {len(node.args)} arguments")
        arg = self.value(node.args[0])
        if node.name in _ELEMENTARY and not node.prime:
            return _map(_ELEMENTARY[node.name], arg)
        act = BY_SYMBOL.get(node.name)
        if act is None or node.prime > 1:
            raise NotEvaluable(node.name)
        p = {**{k: exact(v) for k, v in act.defaults().items()}, **self.params.get(act.name, {})}
        if not act.elementwise:
            if node.prime or not _is_matrix(arg) or len(arg[0]) != 1:
                raise NotEvaluable(f"{node.name} of this argument")
            out = act.formula(EXACT, [row[0] for row in arg], p)
            return tuple((v,) for v in out)
        if node.prime:
            return _map(lambda z: act.exam_form(EXACT, z, act.formula(EXACT, z, p), p), arg)
        return _map(lambda z: act.formula(EXACT, z, p), arg)


# ----------------------------------------------------------------------------- the check


def _links(step: Step) -> list[fm.Node]:
    """The printed chain of a step, ``=`` chains flattened (the result last)."""
    out: list[fm.Node] = []
    for node in step_nodes(step):
        if isinstance(node, fm.Op) and node.op == "=":
            out += list(node.args)
        else:
            out.append(node)
    return out


def _rounded(v: Value, rounding: Rounding) -> Value:
    if rounding.decimals is None:
        return v
    if isinstance(v, tuple) and not _is_matrix(v):
        return tuple(_rounded(x, rounding) for x in v)
    return _map(lambda x: rounding.round(x), v)


#: Below this, two values are the same number (transcendental values carry 40 digits).
SAME = Fraction(1, 10**25)


def _scalar(v: Value) -> Value:
    """A 1×1 matrix is the number it holds (``[−1.477]`` and ``−1.477`` print the same value)."""
    return v[0][0] if _is_matrix(v) and len(v) == 1 and len(v[0]) == 1 else v


def _distance(a: Value, b: Value) -> Fraction:
    """The largest entry-wise difference (shapes must agree)."""
    a, b = _scalar(a), _scalar(b)
    if isinstance(a, tuple) and isinstance(b, tuple):
        if len(a) != len(b):
            raise StepMismatch(f"{len(a)} entries against {len(b)}")
        return max((_distance(x, y) for x, y in zip(a, b, strict=True)), default=Fraction(0))
    if isinstance(a, tuple) or isinstance(b, tuple):
        raise StepMismatch("a matrix against a number")
    return abs(Fraction(a) - Fraction(b))


def check_step(step: Step, rounding: Rounding, tolerance: float, ev: Evaluator) -> int:
    """Check one step; returns how many links were evaluated (0: nothing numeric)."""
    links = _links(step)
    if len(links) < 2:
        return 0
    printed, approximations = links[-1], []
    if isinstance(printed, fm.Op) and printed.op == "≈":  # "= 0.9999 ≈ 1"
        printed, *approximations = printed.args
    try:
        result = _value_list(printed, ev)
        for other in approximations:
            if float(_distance(_value_list(other, ev), result)) > tolerance:
                raise StepMismatch(f"{_show(result)} is not ≈ {fm.to_text(other)}")
    except NotEvaluable:
        return 0
    numeric: list[Value] = []
    for link in links[:-1]:
        try:
            numeric.append(_value_list(link, ev))
        except NotEvaluable:
            continue
    if not numeric:
        return 0
    *earlier, last = numeric
    if rounding.carry or rounding.decimals is None:
        if _distance(_rounded(last, rounding), result) > SAME:
            raise StepMismatch(f"the printed operands give {_show(_rounded(last, rounding))}")
    else:  # only final answers are rounded: a step's value is printed to its last place shown
        # trailing zeros may be left off (0.00081 for 0.000810), never a digit that counts
        places = max(_places(printed), rounding.decimals)
        if _distance(last, result) > Fraction(1, 2 * 10**places) + SAME:
            raise StepMismatch(f"the printed operands give {_show(last)}")
    for v in earlier:
        if float(_distance(v, result)) > tolerance:
            raise StepMismatch(f"an earlier link gives {_show(v)}")
    return len(numeric)


def _places(node: fm.Node) -> int:
    """The fewest decimals among the numbers printed in ``node``."""
    texts = [n.text for n in fm_walk(node) if isinstance(n, fm.Num)]
    return min((len(t.split(".")[1]) if "." in t else 0 for t in texts), default=0)


def _value_list(node: fm.Node, ev: Evaluator) -> Value:
    """A link's value; a ``,`` list is a tuple of values."""
    if isinstance(node, fm.Op) and node.op == ",":
        return tuple(ev.value(a) for a in node.args)
    return ev.value(node)


def _show(v: Value) -> str:
    if isinstance(v, tuple):
        return "[" + ", ".join(_show(x) for x in v) + "]"
    return fm.format_number(v, 8)


def activation_params(problem: Problem) -> dict[str, dict[str, Any]]:
    """The parameters the problem gives each activation (from its spec and its plot)."""
    out: dict[str, dict[str, Any]] = {}
    acts = ((problem.spec or {}).get("network", {}) or {}).get("activation", [])
    for a in acts if isinstance(acts, list) else [acts]:
        if isinstance(a, dict):
            out[a["name"]] = {k: v for k, v in a.items() if k != "name"}
    for a in (problem.givens or {}).get("activations", []):
        out[a["name"]] = {k: v for k, v in a.items() if k != "name"}
    for a in (problem.plot or {}).get("activations", []):
        out.setdefault(a["name"], dict(a.get("params", {})))
    return out


def self_check(problem: Problem) -> int:
    """Every step of ``problem`` re-evaluates to its printed result; returns how many links
    were evaluated. Raises :class:`StepMismatch` naming the step."""
    ev = Evaluator(activation_params(problem))
    rounding = problem.conventions.rounding
    unit = 10.0 ** -(rounding.decimals or 9)
    checked = 0
    for number, step in enumerate(problem.steps, 1):
        tolerance = 3 * unit
        if step.answer_id is not None:
            try:
                tolerance = max(tolerance, problem.answer(step.answer_id).tolerance.abs)
            except KeyError:
                pass
        try:
            checked += check_step(step, rounding, tolerance, ev)
        except StepMismatch as exc:
            raise StepMismatch(f"step {number} ({step.title.en}): {exc}") from None
    return checked


__all__ = ["Evaluator", "NotEvaluable", "StepMismatch", "self_check", "round_half_up"]
