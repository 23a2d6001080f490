"""The problem kinds and the one way to make a problem: seeded, redrawn until fit, verified.

A kind's ``build(rng, options)`` returns a :class:`~studykit.problems.model.Problem` or raises
:class:`Redraw` when the sampled numbers break a rule (kink, saturation, zero gradient…). The
builder leaves the problem's identity blank: ``generate`` writes the kind, section, seed and id
from the registered :class:`Kind`, so a kind's name and section are written in one place;
``generate`` then draws again from the same random stream, so ``(kind, seed, options)`` fully
determines the result. ``build`` must verify every answer by two routes (engine and exact/SymPy)
and raise :class:`VerificationError` on disagreement: such a problem is never shown.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ..i18n import Text
from .model import NOTATIONS, Problem, problem_id

MAX_DRAWS = 200


class Redraw(Exception):
    """The sampled numbers break a rule; draw again."""


class VerificationError(AssertionError):
    """Two independent routes disagree on a number of the answer key."""


class GenerationError(RuntimeError):
    """No acceptable variant within MAX_DRAWS draws, or bad options."""


@dataclass(frozen=True)
class Options:
    """Generation options shared by every kind (a kind may ignore some)."""

    difficulty: int = 1  # 1–3
    calculator: bool = True  # False: exact numbers, no-calculator activations
    notation: str = "textbook"
    extra: dict[str, Any] = field(default_factory=dict)  # kind-specific, e.g. {"net": "2-3-2"}

    def as_dict(self) -> dict[str, Any]:
        return {
            "difficulty": self.difficulty,
            "calculator": self.calculator,
            "notation": self.notation,
            **self.extra,
        }


@dataclass(frozen=True)
class Kind:
    name: str  # e.g. "backward"
    section: str  # "C7"
    title: Text
    description: Text
    build: Callable[[random.Random, Options], Problem]
    network: bool = False
    extra_options: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # name -> choices
    #: the options a set's slot fixes for all its variants, and the choices it picks from
    #: (those the kind would draw from); None: every extra option but UNPINNED, any choice
    pins: Callable[[Options], dict[str, tuple[Any, ...]]] | None = None


#: options whose absence means something (a default by difficulty, the short form): a slot
#: leaves them to the kind unless the set gives them
UNPINNED = frozenset({"weight_decay", "chain", "form"})


def slot_pins(kind: Kind, options: Options) -> dict[str, tuple[Any, ...]]:
    """The options a slot pins and the choices for each (see :attr:`Kind.pins`); a pool may
    depend on options pinned before it (the ``entry`` of ``dW1`` on the ``net``)."""
    if kind.pins is not None:
        return kind.pins(options)
    return {n: c for n, c in kind.extra_options.items() if n not in UNPINNED}


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.name in KINDS:
        raise ValueError(f"problem kind {kind.name!r} registered twice")
    KINDS[kind.name] = kind
    return kind


def _load() -> None:
    if not KINDS:
        from . import kinds  # noqa: F401  (modules register themselves)


def all_kinds() -> list[Kind]:
    """Every kind, ordered by course section then name."""
    _load()
    return sorted(KINDS.values(), key=lambda k: (int(k.section[1:]), k.name))


def get_kind(name: str) -> Kind:
    _load()
    if name not in KINDS:
        import difflib

        close = difflib.get_close_matches(name, list(KINDS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise GenerationError(f"unknown problem kind {name!r}{hint}")
    return KINDS[name]


def generate(kind_name: str, seed: int, options: Options | None = None) -> Problem:
    """The problem for ``(kind, seed, options)``: deterministic across runs and hash seeds."""
    options = options or Options()
    if options.difficulty not in (1, 2, 3):
        raise GenerationError(f"difficulty must be 1, 2 or 3, not {options.difficulty}")
    if options.notation not in NOTATIONS:
        raise GenerationError(f"notation must be one of {', '.join(NOTATIONS)}")
    kind = get_kind(kind_name)
    for key, value in options.extra.items():
        if key not in kind.extra_options or value not in kind.extra_options[key]:
            allowed = kind.extra_options.get(key)
            raise GenerationError(
                f"option {key}={value!r} is not valid for {kind_name}"
                + (
                    f"; {getattr(allowed, 'hint', '')}choose from {', '.join(map(str, allowed))}"
                    if allowed
                    else ""
                )
            )
    rng = random.Random(f"{kind_name}:{seed}:{sorted(options.as_dict().items())}")
    for _ in range(MAX_DRAWS):
        try:
            problem = kind.build(rng, options)
        except Redraw:
            continue
        problem = _identified(problem, kind, seed, options)
        _check_printed_steps(problem)
        return problem
    raise GenerationError(f"{kind_name}: no acceptable variant in {MAX_DRAWS} draws (seed {seed})")


def _check_printed_steps(problem: Problem) -> None:
    """Nothing unverified leaves the generator: every printed step re-evaluates to its printed
    result at the stated rounding (:mod:`.selfcheck`), else :class:`VerificationError`."""
    from .selfcheck import StepMismatch, self_check

    try:
        self_check(problem)
    except StepMismatch as exc:
        raise VerificationError(f"{problem.id}: a printed step does not add up: {exc}") from None


def _identified(problem: Problem, kind: Kind, seed: int, options: Options) -> Problem:
    """The built problem with its identity: kind and section from the registered Kind (the
    builder does not write them), the seed, and the id ``kind:seed:options``."""
    return replace(
        problem,
        kind=kind.name,
        section=kind.section,
        seed=seed,
        id=problem_id(kind.name, seed, options.as_dict()),
    )
