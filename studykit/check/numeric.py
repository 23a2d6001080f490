"""Numbers, vectors and matrices typed by a student, and their comparison entry by entry.

Accepted: ``0.5933``, ``-1/2``, ``3e-2``, ``[0.1, 0.2]``, ``[[1,2],[3,4]]``, ``1 2; 3 4``,
``[1 -2]`` (MATLAB rows), LaTeX ``bmatrix``, and any constant expression (``1/(1+e^-1)``).
A vector may be typed as a row or a column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..i18n import Text
from ..problems.model import Tolerance
from . import limits
from .errors import err
from .evaluate import Context, evaluate
from .lexer import tokenize
from .parse import Parser, Scope, rhs_tokens

_NUM = re.compile(r"^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,3})?(/[0-9]+)?$")
_SIMPLE = re.compile(r"^[\s\[\]0-9eE.+\-/,;]+$")


def _simple_table(text: str) -> np.ndarray | None:
    """``1 2; 3 4`` / ``[1 -2]`` / ``0.1, 0.2`` without the expression parser (``None`` if not)."""
    body = text.strip()
    if not _SIMPLE.match(body) or body.count("[") > 1:
        return None
    if body.startswith("["):
        if not body.endswith("]"):
            return None
        body = body[1:-1]
    elif "[" in body or "]" in body:
        return None
    rows = [r for r in re.split(r"[;\n]", body)]
    table = []
    for row in rows:
        items = [i for i in re.split(r"[,\s]+", row.strip()) if i]
        if not items or not all(_NUM.match(i) for i in items):
            return None
        try:
            row_values = [float(Fraction(i)) for i in items]
        except (ZeroDivisionError, OverflowError, ValueError):
            return None  # the parser gives the proper message
        if not all(abs(v) <= limits.MAX_CONSTANT for v in row_values):
            return None
        table.append(row_values)
    if len({len(r) for r in table}) != 1:
        return None
    arr = np.array(table, dtype=np.float64)
    if arr.shape[0] == 1 and "," in body and ";" not in body:
        return arr.reshape(-1, 1)  # "0.1, 0.2" is a vector
    return arr


def read_number(text: str, kind: str = "number") -> np.ndarray:
    """The value as a 2-D array ``(rows, cols)`` (a number is ``1×1``). Raises AnswerSyntaxError."""
    if len(text) > limits.MAX_LENGTH:
        tokenize(text)  # raises the length message
    if kind in ("vector", "matrix"):
        table = _simple_table(text.replace("\\\\", ";"))
        if table is not None:
            return table
    tokens, _ = rhs_tokens(tokenize(text))
    tree = Parser(tokens, Scope()).parse()
    value = evaluate(tree, Context({}))
    return value[0]


@dataclass(frozen=True)
class EntryCheck:
    correct: bool
    wrong: list[tuple[int, ...]]
    shape_message: Text | None = None
    transposed: bool = False


def expected_array(value: Any) -> np.ndarray:
    return np.asarray(value, dtype=np.float64)


def fit_shape(student: np.ndarray, expected: np.ndarray) -> np.ndarray | None:
    """The student's array in the expected shape (a vector as row or column), or ``None``."""
    if expected.ndim <= 1:
        if student.size == max(expected.size, 1) and (student.ndim < 2 or 1 in student.shape):
            return student.reshape(expected.shape)
        return None
    if student.shape == expected.shape:
        return student
    if expected.shape[0] == 1 or expected.shape[1] == 1:
        if student.size == expected.size and 1 in student.shape:
            return student.reshape(expected.shape)
    return None


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


def plain(value: np.ndarray) -> Any:
    """A float, list or list of lists (JSON)."""
    if value.size == 1 and value.ndim <= 2 and (value.ndim < 2 or value.shape == (1, 1)):
        return float(value.reshape(()))
    return value.tolist()


def read_error(text: str, kind: str) -> Any:
    try:
        read_number(text, kind)
    except Exception as exc:  # noqa: BLE001
        return exc
    return None


__all__ = ["read_number", "check_entries", "EntryCheck", "err"]
