"""The verdict on one answer field, as the quiz shows it, and how values are printed in it."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..i18n import Text
from .mistake import Mistake


@dataclass
class Verdict:
    """``unreadable``: the input could not be read (not a wrong answer); ``undecided``: neither
    the points nor SymPy could decide; ``candidates``: every catalogued mistake that fits,
    the first one being ``mistake``."""

    correct: bool
    message: Text
    wrong_entries: list[tuple[int, ...]] = field(default_factory=list)
    mistake: Mistake | None = None
    carried_forward: bool = False
    preview: str = ""
    unreadable: bool = False
    counterexample: dict[str, float] | None = None
    candidates: tuple[str, ...] = ()  # every catalog mistake that fits, first = ``mistake``
    undecided: bool = False  # neither the points nor SymPy could decide


CORRECT = Text("correct", "正确")


def number_text(v: float) -> str:
    return f"{v:.6g}".replace("-", "−")


def value_text(value: np.ndarray) -> str:
    """``0.5933``, ``[0.1, 0.2]``, ``[1, 2; 3, 4]``."""
    v = np.asarray(value, float)
    if v.size == 1:
        return number_text(float(v.reshape(())))
    if v.ndim == 1 or 1 in v.shape and v.shape[1] == 1:
        return "[" + ", ".join(number_text(x) for x in v.ravel()) + "]"
    return "[" + "; ".join(", ".join(number_text(x) for x in row) for row in v) + "]"
