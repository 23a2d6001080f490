"""Error carried forward: grade a later step against the student's own earlier numbers.

Only earlier answers that were attempted, readable, of the right shape and *plausible* are
carried (Numbas #368): an all-zero or all-±1 answer, or one far off the scale of the true value,
is never carried unless it is right or it is exactly what a catalogued mistake gives (an output
δ that forgot f′ can be several times the true one); and no credit is given when the carried
inputs make the later answer degenerate (e.g. ``δ = 0`` so that ``∂L/∂W = 0``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..problems.model import Answer, Problem, Tolerance
from .diagnose import candidates
from .number_input import read_number
from .numeric import fit_shape
from .solver import Setting, solve

NETWORK_ID = re.compile(r"^(z|a|delta|dW|db|W|b)(\d+)(_new)?$|^(dx|loss)$")


def is_network_id(answer_id: str) -> bool:
    m = NETWORK_ID.match(answer_id)
    return bool(m) and not (m.group(1) in ("W", "b") and not m.group(3))


def degenerate(value: np.ndarray, tol: Tolerance) -> bool:
    v = np.asarray(value, float).ravel()
    tiny = max(10 * tol.abs, 1e-12)
    return bool(np.all(np.abs(v) <= tiny) or np.all(np.isin(v, (-1.0, 0.0, 1.0))))


def plausible(value: np.ndarray, true: np.ndarray, tol: Tolerance) -> bool:
    if not np.all(np.isfinite(value)):
        return False
    if degenerate(value, tol) and not degenerate(true, tol):
        return False
    scale = float(np.linalg.norm(true))
    return (
        float(np.linalg.norm(value - true)) <= 3 * scale + 0.5
        and float(np.linalg.norm(value)) <= 10 * scale + 1
    )


def accepted(student: np.ndarray, value: np.ndarray, tol: Tolerance) -> bool:
    fitted = fit_shape(student, np.asarray(value, float))
    return fitted is not None and all(
        tol.accepts(float(a), float(v))
        for a, v in zip(fitted.ravel(), np.ravel(value), strict=True)
    )


def _allowed(problem: Problem, answer: Answer) -> list[str]:
    order = [a.id for a in problem.answers]
    prior = order[: order.index(answer.id)] if answer.id in order else []
    if not answer.depends_on:
        return prior
    closure: set[str] = set()
    todo = list(answer.depends_on)
    while todo:
        key = todo.pop()
        if key in closure:
            continue
        closure.add(key)
        try:
            todo.extend(problem.answer(key).depends_on)
        except KeyError:
            pass
    return [k for k in prior if k in closure]


def carried_reference(
    problem: Problem, setting: Setting, answer: Answer, earlier: Mapping[str, Any]
) -> tuple[np.ndarray, list[str]] | None:
    """The value of ``answer`` computed from the student's plausible earlier answers, and the
    wrong earlier ids it used; ``None`` when nothing may be carried."""
    true = solve(setting)
    overrides: dict[str, np.ndarray] = {}
    wrong: list[str] = []
    for key in _allowed(problem, answer):
        text = earlier.get(key)
        if key not in true or text is None or not str(text).strip():
            continue
        earlier_answer = problem.answer(key)
        try:
            value = (
                read_number(str(text), earlier_answer.kind, np.asarray(earlier_answer.value, float))
                if isinstance(text, str)
                else np.asarray(text, float)
            )
        except Exception:  # noqa: BLE001 - an unreadable earlier answer is simply not carried
            continue
        fitted = fit_shape(np.asarray(value, float), np.asarray(true[key], float))
        if fitted is None:
            continue
        if accepted(fitted, true[key], earlier_answer.tolerance):
            overrides[key] = fitted
        elif plausible(fitted, np.asarray(true[key], float), earlier_answer.tolerance) or (
            not degenerate(fitted, earlier_answer.tolerance)
            and candidates(setting, key, fitted, earlier_answer.tolerance)
        ):
            overrides[key] = fitted
            wrong.append(key)
    if not wrong:
        return None
    reference = solve(setting, overrides=overrides).get(answer.id)
    if reference is None:
        return None
    correct = np.asarray(true[answer.id], float)
    if degenerate(reference, answer.tolerance) and not degenerate(correct, answer.tolerance):
        return None
    if accepted(reference, correct, answer.tolerance):
        return None
    return np.asarray(reference, float), wrong
