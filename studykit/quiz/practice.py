"""Practise your mistakes: which problems, and which of their parts, exercise a diagnosed mistake.

The checker names mistakes by key (``forgot_fprime``, ``transpose``, ``update_sign``…). Each key
has a :class:`Drill`: a problem kind and the answer ids (by prefix) where that mistake is made —
two forgotten transposes give backward problems asking ∂L/∂W and ∂L/∂x. A drill problem asks
only those parts (the student works the rest on paper); a key without a drill practises the
kind where it was seen, every part.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..problems.model import Problem
from ..progress.store import MistakeCount


@dataclass(frozen=True)
class Drill:
    kind: str
    parts: tuple[str, ...] = ()  # answer-id prefixes; empty: every part
    options: dict[str, Any] = field(default_factory=dict)


DRILLS: dict[str, Drill] = {
    "forgot_fprime": Drill("backward", ("delta",)),
    "fprime_of_a": Drill("backward", ("delta",)),
    "transpose": Drill("backward", ("dW", "dx")),
    "wrong_layer_W": Drill("backward", ("delta", "dx")),
    "wrong_layer_a": Drill("backward", ("dW",)),
    "mse_factor": Drill("backward", ("loss", "delta")),
    "update_sign": Drill("training_step", ("W", "b")),
    "updated_weights_backward": Drill("training_step", ("dW", "W")),
    "softmax_ce_combined_wrongly": Drill("loss_gradient", (), {"loss": "softmax_cross_entropy"}),
    "bias_gradient": Drill("backward", ("db",)),
    "early_rounding": Drill("backward"),
}
TOP = 3  # how many of the most frequent mistakes a practice round covers


@dataclass(frozen=True)
class Tally:
    """The tally of diagnosed mistakes: per key its total, and per key and topic."""

    counts: tuple[MistakeCount, ...]

    def totals(self) -> list[tuple[str, int]]:
        """``(key, count)``, most frequent first (ties by key)."""
        sums: dict[str, int] = {}
        for c in self.counts:
            sums[c.key] = sums.get(c.key, 0) + c.count
        return sorted(sums.items(), key=lambda kv: (-kv[1], kv[0]))

    def sections(self) -> list[str]:
        """The topics with any mistake, in course order (C1 … C12)."""
        found = {c.section for c in self.counts}
        return sorted(found, key=lambda s: (len(s), s))

    def by_section(self, key: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.counts:
            if c.key == key:
                out[c.section] = out.get(c.section, 0) + c.count
        return out

    def seen_kind(self, key: str) -> str | None:
        """The kind where ``key`` was seen most."""
        kinds: dict[str, int] = {}
        for c in self.counts:
            if c.key == key:
                kinds[c.kind] = kinds.get(c.kind, 0) + c.count
        return max(sorted(kinds), key=lambda k: kinds[k]) if kinds else None


def drill_for(key: str, tally: Tally, known_kinds: set[str]) -> Drill | None:
    """The drill of ``key``: its table entry if that kind exists, else the kind it was seen in."""
    drill = DRILLS.get(key)
    if drill is not None and drill.kind in known_kinds:
        return drill
    seen = tally.seen_kind(key)
    return Drill(seen) if seen in known_kinds else None


def parts_for(key: str, kind: str) -> tuple[str, ...]:
    """The answer-id prefixes that drill ``key`` in a problem of ``kind`` (empty: all parts)."""
    drill = DRILLS.get(key)
    return drill.parts if drill is not None and drill.kind == kind else ()


def focus(problem: Problem, parts: tuple[str, ...]) -> Problem:
    """``problem`` asking only the parts whose ids start with ``parts`` (all, when none match)."""
    if not parts:
        return problem
    kept = tuple(a for a in problem.answers if a.id.startswith(parts))
    return replace(problem, answers=kept) if kept else problem
