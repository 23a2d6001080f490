"""A typical mistake: its id, its title and the "title: formula" explanation (en/zh), and —
for the network mistakes — how to make it on purpose (the solver's perturbations)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..i18n import Text


def _none(setting: Any) -> list[Any]:
    return []


@dataclass(frozen=True)
class Mistake:
    """``variants(setting)`` lists the :class:`~studykit.check.solver.Perturb` settings that
    carry a network mistake out on a given network; other mistakes are found by rewriting the
    answer or the reference and have none."""

    key: str
    title: Text
    explanation: Text
    variants: Callable[[Any], list[Any]] = field(default=_none, compare=False, repr=False)

    def with_explanation(self, explanation: Text) -> Mistake:
        """The same mistake, explained with the formula of this case."""
        return Mistake(self.key, self.title, explanation, self.variants)
