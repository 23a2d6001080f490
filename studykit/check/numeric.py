"""A student's numbers against the answer key, entry by entry (reading them:
:mod:`.number_input`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..i18n import Text
from ..problems.model import Tolerance
from .number_input import fit_shape, read_number


@dataclass(frozen=True)
class EntryCheck:
    correct: bool
    wrong: list[tuple[int, ...]]
    shape_message: Text | None = None
    transposed: bool = False


def shape_name(shape: tuple[int, ...]) -> str:
    if len(shape) == 0:
        return "1×1"
    if len(shape) == 1:
        return f"{shape[0]}×1"
    return f"{shape[0]}×{shape[1]}"


def check_entries(student: np.ndarray, expected: np.ndarray, tol: Tolerance) -> EntryCheck:
    """Entry by entry within ``tol``; a wrong shape gives a message (and notices a transpose)."""
    fitted = fit_shape(student, expected)
    if fitted is None:
        transposed = expected.ndim == 2 and student.shape == expected.shape[::-1]
        message = Text(
            "your answer is {s} but the answer is {e}", "你的答案是 {s}，而正确答案是 {e}"
        ).format(s=shape_name(student.shape), e=shape_name(expected.shape))
        if transposed:
            message = message + Text(" — did you mean the transpose?", "——是不是需要转置？")
        return EntryCheck(False, [], message, transposed)
    ok = np.vectorize(lambda a, v: tol.accepts(float(a), float(v)), otypes=[bool])(fitted, expected)
    ok = np.asarray(ok)
    wrong = (
        [tuple(int(i) for i in idx) for idx in zip(*np.nonzero(~ok), strict=False)]
        if ok.ndim
        else ([] if ok else [()])
    )
    return EntryCheck(bool(ok.all()), wrong)


def coarse_rounding(student: np.ndarray, expected: np.ndarray, decimals: int | None) -> int | None:
    """The number of decimals k < ``decimals`` the student rounded the right value to, if any."""
    if decimals is None:
        return None
    fitted = fit_shape(student, expected)
    if fitted is None:
        return None
    for k in range(0, decimals):
        if np.allclose(
            fitted, np.round(expected, k), atol=10.0 ** (-decimals) / 2
        ) and not np.allclose(np.round(expected, k), expected, atol=10.0 ** (-decimals)):
            return k
    return None


__all__ = ["EntryCheck", "check_entries", "fit_shape", "read_number"]
