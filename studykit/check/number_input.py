"""Numbers, vectors and matrices as a student types them.

Accepted: ``0.5933``, ``-1/2``, ``3e-2``, ``[0.1, 0.2]``, ``[[1,2],[3,4]]``, ``1 2; 3 4``,
``[1 -2]`` (MATLAB rows), ``(0.1, 0.2)ᵀ``, ``0.1、0.2``, ``$…$``, LaTeX ``bmatrix``, and any
constant expression (``1/(1+e^-1)``). A vector may be typed as a row or a column.

Decimal commas (``0,4256; 0,2315``): both readings are tried — the commas as separators, and
as decimal points — and the one whose shape fits the answer is taken (``0,2445`` for a number,
``0,4256; 0,2315`` for a vector of two); reading them as decimals always adds a note that says
so, and when neither fits, a note says how the commas were read. A decimal comma is never
read silently as a column of a matrix.
"""

from __future__ import annotations

import re
from fractions import Fraction

import numpy as np

from ..i18n import Text
from . import limits
from .characters import unwrap
from .evaluate import Context, evaluate
from .lexer import Token, tokenize
from .parse import Parser, rhs_tokens
from .scope import Scope

_NUM = re.compile(r"^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,3})?(/[0-9]+)?$")
_SIMPLE = re.compile(r"^[\s\[\]0-9eE.+\-/,;]+$")
_TIGHT_COMMA = re.compile(r"(?<![\d.,])(\d+),(\d+)(?![\d,.])")
_MINUS = str.maketrans({"−": "-", "–": "-", "、": ",", "，": ",", "；": ";"})


def decimal_reading(text: str) -> tuple[str, Text] | None:
    """``text`` with every comma between digits as a decimal point, and the note that says so
    (``None`` if there is no such comma)."""
    tight = _TIGHT_COMMA.findall(text)
    if not tight:
        return None
    example = f"{tight[0][0]},{tight[0][1]}"
    note = Text(
        "read the decimal comma in {e} as a point ({d}); write decimals with a point",
        "把 {e} 中的小数逗号读作小数点（{d}）；请用小数点书写小数",
    ).format(e=example, d=example.replace(",", "."))
    return _TIGHT_COMMA.sub(r"\1.\2", text), note


def separator_note(text: str) -> Text:
    tight = _TIGHT_COMMA.findall(text)
    example = f"{tight[0][0]},{tight[0][1]}"
    return Text(
        "read the comma in {e} as a separator of entries; if it is a decimal comma, write {d}",
        "把 {e} 中的逗号读作元素分隔符；如果它是小数逗号，请写成 {d}",
    ).format(e=example, d=example.replace(",", "."))


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


def simple_table(text: str) -> np.ndarray | None:
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
    table = []
    for row in re.split(r"[;\n]", body):
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


def _as_list(tokens: list[Token]) -> list[Token]:
    """Entries separated by top-level ``,`` or ``;`` are a matrix: wrap them in brackets."""
    depth, top = 0, False
    for t in tokens:
        depth += (t.kind in ("(", "[", "{", "begin")) - (t.kind in (")", "]", "}", "end"))
        top = top or (depth == 0 and t.kind in (",", ";"))
    if not top:
        return tokens
    pos = tokens[0].pos
    return [Token("[", "[", pos), *tokens, Token("]", "]", tokens[-1].pos)]


def _read(text: str, kind: str) -> np.ndarray:
    if kind in ("vector", "matrix"):
        table = simple_table(text.replace("\\\\", ";"))
        if table is not None:
            return table
    tokens, _ = rhs_tokens(tokenize(text))
    tree = Parser(_as_list(tokens), Scope()).parse()
    return evaluate(tree, Context({}))[0]


def read_number_notes(
    text: str, kind: str = "number", expected: np.ndarray | None = None
) -> tuple[np.ndarray, list[Text], list[Text]]:
    """The value as a 2-D array ``(rows, cols)`` (a number is ``1×1``), the notes on how it
    was read, and the hints to add if it turns out wrong; ``expected`` (the key's value)
    decides what a decimal comma is. Raises :class:`AnswerSyntaxError`."""
    if len(text) > limits.MAX_LENGTH:
        tokenize(text)  # raises the length message
    plain = unwrap(text).translate(_MINUS)
    decimal = decimal_reading(plain)
    if decimal is None:
        return _read(plain, kind), [], []
    shape = np.zeros(()) if kind == "number" else expected
    readings: list[tuple[np.ndarray, list[Text]]] = []
    error: Exception | None = None
    for source, notes in ((plain, []), (decimal[0], [decimal[1]])):
        try:
            readings.append((_read(source, kind), notes))
        except Exception as exc:  # noqa: BLE001 - the other reading may work
            error = error or exc
    if not readings:
        assert error is not None
        raise error
    if shape is not None:
        fitting = [r for r in readings if fit_shape(r[0], np.asarray(shape, float)) is not None]
        if fitting:
            value, notes = fitting[0]
            return value, notes, [] if notes else [separator_note(plain)]
    value, notes = readings[0]
    return value, notes or [separator_note(plain)], []


def read_number(text: str, kind: str = "number", expected: np.ndarray | None = None) -> np.ndarray:
    """The value of ``text`` as a 2-D array (see :func:`read_number_notes`)."""
    return read_number_notes(text, kind, expected)[0]
