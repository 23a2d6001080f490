"""Shared plumbing of the non-network kinds (C1, C2, C4, C5, C9–C12): exact/rounded numbers,
answers, steps and the Problem shell. Private: ``kinds/__init__`` skips ``_`` modules.

Numbers are :class:`~fractions.Fraction` while they are exact and ``float`` once a square root or
a transcendental function makes them irrational; :func:`show` prints either as a student writes it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ... import math as fm
from ...catalog import round_half_up
from ...i18n import Text
from ..model import Answer, Block, Conventions, Para, Problem, Rounding, Step, Tolerance
from ..registry import Options, Redraw, VerificationError
from ..sampler import CALC_DECIMALS, check_exact, round_carried

Value = Fraction | float
#: A built problem's identity before ``registry.generate`` writes it from the registered Kind.
UNIDENTIFIED = ""
UNSET_SEED = -1

__all__ = [
    "Value",
    "Text",
    "Redraw",
    "approx_text",
    "check_exact",
    "exact_sqrt",
    "make_problem",
    "number_answer",
    "para",
    "pick",
    "rounding_for",
    "round_value",
    "show",
    "step",
    "vector_answer",
    "verify",
]


def pick(rng: random.Random, values: Sequence[Any]) -> Any:
    """One element of an ordered sequence (never a set: order must not depend on hashing)."""
    return values[rng.randrange(len(values))]


def rounding_for(options: Options, decimals: int = CALC_DECIMALS, carry: bool = True) -> Rounding:
    """Exact for no-calculator problems; else ``decimals`` places (carried or final only)."""
    return Rounding(decimals=decimals, carry=carry) if options.calculator else Rounding(None)


def round_value(x: Value, rounding: Rounding) -> Value:
    """``x`` as the student carries it: unchanged when exact or not carried, else rounded half up."""
    if rounding.decimals is None or not rounding.carry:
        return x
    if isinstance(x, Fraction):
        return round_half_up(x, rounding.decimals)  # on the exact value
    return Fraction(repr(round_carried(float(x), rounding.decimals)))


def exact_sqrt(x: Value) -> Value:
    """√x as a Fraction when x is a Fraction with a rational root, else a float."""
    if x < 0:
        raise Redraw("square root of a negative number")
    if isinstance(x, Fraction):
        n, d = math.isqrt(x.numerator), math.isqrt(x.denominator)
        if n * n == x.numerator and d * d == x.denominator:
            return Fraction(n, d)
    return math.sqrt(x)


def show(x: Value, rounding: Rounding | None = None, places: int | None = None) -> fm.Num:
    """A number node: exact Fractions as they are, floats to ``places`` (default: the rounding's
    decimals, or more for tiny values so they do not print as 0)."""
    if isinstance(x, Fraction) and (x * 10**10).denominator == 1:
        return fm.num(x, 10)  # an exact decimal, all its places
    if isinstance(x, Fraction) and (rounding is None or rounding.decimals is None):
        return fm.num(x)
    d = places or (rounding.decimals if rounding and rounding.decimals else CALC_DECIMALS)
    if x != 0 and abs(x) < 0.1 and places is None:
        d = max(d, 3 - math.floor(math.log10(abs(float(x)))))
    return fm.num(float(x), d)


def approx_text(x: Value, rounding: Rounding) -> Value:
    """The final-answer value: exact Fractions stay, others round to the stated decimals."""
    if isinstance(x, Fraction) and (rounding.decimals is None or (x * 10**6).denominator == 1):
        return x
    return round_carried(float(x), rounding.decimals or 6)


def verify(a: Any, b: Any, what: str, tol: float = 1e-6) -> None:
    """Two routes agree to ``tol`` (relative to magnitude, at least absolute), else
    :class:`VerificationError`. Works on numbers and (nested) sequences."""
    if isinstance(a, list | tuple) or getattr(a, "ndim", 0) > 0:
        a_list = a.tolist() if hasattr(a, "tolist") else list(a)
        b_list = b.tolist() if hasattr(b, "tolist") else list(b)
        if len(a_list) != len(b_list):
            raise VerificationError(f"{what}: lengths {len(a_list)} and {len(b_list)} differ")
        for i, (x, y) in enumerate(zip(a_list, b_list, strict=True)):
            verify(x, y, f"{what}[{i}]", tol)
        return
    fa, fb = float(a), float(b)
    if not (math.isfinite(fa) and math.isfinite(fb)) or abs(fa - fb) > tol * max(1.0, abs(fb)):
        raise VerificationError(f"{what}: {fa!r} by one route, {fb!r} by the other")


def _json_number(x: Value) -> float:
    return float(x)


#: A Fraction with a larger denominator is a transcendental value carried to 40 digits, not a
#: ratio a student could write.
MAX_DENOMINATOR = 10**9


def _rational(x: Value) -> bool:
    return isinstance(x, Fraction) and x.denominator <= MAX_DENOMINATOR


def number_answer(
    answer_id: str,
    label: Text,
    exact: Value,
    carried: Value,
    rounding: Rounding,
    steps_carried: int = 1,
    symbol: fm.Node | None = None,
    depends_on: tuple[str, ...] = (),
    tolerance: Tolerance | None = None,
) -> Answer:
    """A number answer: ``value`` is what the worked solution shows (carried rounding), the
    exactly computed value is accepted too (``alternatives``), ``exact`` holds ``p/q`` text."""
    value = approx_text(carried, rounding)
    other = approx_text(exact, rounding)
    alternatives = (_json_number(other),) if float(other) != float(value) else ()
    exact_text = str(exact) if _rational(exact) else None
    return Answer(
        id=answer_id,
        label=label,
        value=_json_number(value),
        exact=exact_text,
        alternatives=alternatives,
        tolerance=tolerance or answer_tolerance(rounding, steps_carried, [(exact, carried)]),
        symbol=symbol,
        depends_on=depends_on,
    )


def answer_tolerance(
    rounding: Rounding, steps_carried: int, pairs: Sequence[tuple[Value, Value]]
) -> Tolerance:
    """Half a unit per carried rounding, widened when the carried key is further than that
    from the exact value (``propagated``: both pass, with half a unit to spare)."""
    base = rounding.tolerance(steps_carried if rounding.carry else 1)
    if rounding.decimals is None:
        return base
    gap = max(abs(float(e) - float(c)) for e, c in pairs)
    widened = rounding.propagated(gap)
    return widened if widened.abs > base.abs else base


def vector_answer(
    answer_id: str,
    label: Text,
    exact: Sequence[Value],
    carried: Sequence[Value],
    rounding: Rounding,
    steps_carried: int = 1,
    symbol: fm.Node | None = None,
    depends_on: tuple[str, ...] = (),
    tolerance: Tolerance | None = None,
) -> Answer:
    """A vector answer (see :func:`number_answer`); a single entry becomes a number answer."""
    if len(exact) == 1:
        return number_answer(
            answer_id,
            label,
            exact[0],
            carried[0],
            rounding,
            steps_carried,
            symbol,
            depends_on,
            tolerance,
        )
    value = [_json_number(approx_text(c, rounding)) for c in carried]
    other = [_json_number(approx_text(e, rounding)) for e in exact]
    exact_text = [str(e) for e in exact] if all(_rational(e) for e in exact) else None
    return Answer(
        id=answer_id,
        label=label,
        value=value,
        kind="vector",
        exact=exact_text,
        alternatives=(other,) if other != value else (),
        tolerance=tolerance
        or answer_tolerance(rounding, steps_carried, list(zip(exact, carried, strict=True))),
        symbol=symbol,
        depends_on=depends_on,
    )


def values_node(values: Sequence[Value], rounding: Rounding | None = None) -> fm.Node:
    """One number, or a column vector of numbers."""
    if len(values) == 1:
        return show(values[0], rounding)
    return fm.vector([show(v, rounding) for v in values])


def step(
    title: Text,
    formula: fm.Node | None = None,
    substituted: fm.Node | None = None,
    result: fm.Node | None = None,
    answer_id: str | None = None,
    note: Text | None = None,
    rule: str | None = None,
) -> Step:
    return Step(
        title=title,
        formula=formula,
        substituted=substituted,
        result=result,
        answer_id=answer_id,
        note=note,
        rule=rule,
    )


def para(*parts: Text | fm.Node) -> Para:
    return Para(tuple(parts))


def make_problem(
    options: Options,
    title: Text,
    statement: Sequence[Block],
    answers: Sequence[Answer],
    steps: Sequence[Step],
    conventions: Conventions,
    plot: dict[str, Any] | None = None,
    spec: dict[str, Any] | None = None,
    givens: dict[str, Any] | None = None,
) -> Problem:
    """The Problem shell, without its identity: ``registry.generate`` writes the kind and section
    (from the registered Kind), the seed and the id."""
    ids = [a.id for a in answers]
    if len(set(ids)) != len(ids):
        raise VerificationError(f"duplicate answer ids {ids}")
    for s in steps:
        if s.answer_id is not None and s.answer_id not in ids:
            raise VerificationError(f"a step refers to the unknown answer {s.answer_id}")
    return Problem(
        id=UNIDENTIFIED,
        kind=UNIDENTIFIED,
        section=UNIDENTIFIED,
        seed=UNSET_SEED,
        options=options.as_dict(),
        title=title,
        statement=tuple(statement),
        conventions=conventions,
        answers=tuple(answers),
        steps=tuple(steps),
        difficulty=options.difficulty,
        calculator=options.calculator,
        plot=plot,
        spec=spec,
        givens=givens,
    )


def conventions(options: Options, rounding: Rounding, **kwargs: Any) -> Conventions:
    return Conventions(notation=options.notation, rounding=rounding, **kwargs)


def decimal(
    rng: random.Random, lo: float, hi: float, places: int = 1, nonzero: bool = True
) -> Fraction:
    """A decimal with ``places`` places in [lo, hi] as an exact Fraction."""
    scale = 10**places
    ks = [k for k in range(math.ceil(lo * scale), math.floor(hi * scale) + 1) if k or not nonzero]
    return Fraction(pick(rng, ks), scale)


def halves(rng: random.Random, lo: float, hi: float, nonzero: bool = True) -> Fraction:
    """A multiple of ½ in [lo, hi]."""
    ks = [k for k in range(math.ceil(lo * 2), math.floor(hi * 2) + 1) if k or not nonzero]
    return Fraction(pick(rng, ks), 2)


def hand_value(rng: random.Random, options: Options, lo: float, hi: float) -> Fraction:
    """An input fit for the mode: halves without a calculator, 1 decimal (2 at difficulty 3) with."""
    if not options.calculator:
        return halves(rng, lo, hi)
    places = 2 if options.difficulty == 3 and rng.random() < 0.5 else 1
    return decimal(rng, lo, hi, places)


def exact_only(values: Sequence[Any], options: Options, decimals: int = 2) -> None:
    """No-calculator rule: every value is a Fraction with ≤ ``decimals`` decimals, else Redraw."""
    if options.calculator:
        return
    flat = list(values)
    if any(isinstance(v, float) for v in flat):
        raise Redraw("an irrational value in a no-calculator problem")
    check_exact(flat, decimals)
