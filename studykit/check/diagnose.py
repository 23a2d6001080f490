"""Which catalog mistake explains a wrong answer? Run each mistake's variants and compare."""

from __future__ import annotations

import numpy as np

from ..problems.model import Tolerance
from .mistakes import CATALOG, Mistake
from .numeric import fit_shape
from .solver import Setting, solve


def _matches(student: np.ndarray, value: np.ndarray, tol: Tolerance) -> bool:
    fitted = fit_shape(np.asarray(student, float), np.asarray(value, float))
    if fitted is None:
        return False
    slack = Tolerance(abs=tol.abs * 1.5 + 1e-12, rel=tol.rel * 1.5)
    return all(
        slack.accepts(float(a), float(v))
        for a, v in zip(fitted.ravel(), np.ravel(value), strict=True)
    )


def _variant_solutions(setting: Setting) -> list[tuple[Mistake, dict[str, np.ndarray]]]:
    """Every variant of every mistake solved once per setting (cached on the setting)."""
    cached = setting.extra.get("_variants")
    if cached is None:
        cached = [(m, solve(setting, p)) for m in CATALOG for p in m.variants(setting)]
        setting.extra["_variants"] = cached
    return cached


def _correct(setting: Setting) -> dict[str, np.ndarray]:
    cached = setting.extra.get("_correct")
    if cached is None:
        cached = setting.extra["_correct"] = solve(setting)
    return cached


def candidates(
    setting: Setting, answer_id: str, student: np.ndarray, tol: Tolerance
) -> list[Mistake]:
    """Every mistake that changes this answer and reproduces the student's value."""
    correct = _correct(setting).get(answer_id)
    if correct is None:
        return []
    found: list[Mistake] = []
    for mistake, out in _variant_solutions(setting):
        if mistake in found:
            continue
        value = out.get(answer_id)
        if value is None or (
            np.shape(value) == np.shape(correct) and _matches(value, correct, tol)
        ):
            continue
        if _matches(student, value, tol):
            found.append(mistake)
    return found


def diagnose(
    setting: Setting, answer_id: str, student: np.ndarray, tol: Tolerance
) -> Mistake | None:
    """The first catalog mistake that explains ``student`` (``None`` if none does)."""
    found = candidates(setting, answer_id, student, tol)
    return found[0] if found else None


def diagnose_batch(settings: list[Setting], answer_id: str, values: np.ndarray) -> Mistake | None:
    """A mistake that reproduces the values of a formula on every one of several networks."""
    for mistake in CATALOG:
        per_variant: dict[int, int] = {}
        for k, setting in enumerate(settings):
            correct = solve(setting).get(answer_id)
            for j, perturb in enumerate(mistake.variants(setting)):
                value = solve(setting, perturb).get(answer_id)
                if value is None:
                    continue
                value = np.asarray(value, float)
                value = value.reshape(-1, 1) if value.ndim <= 1 else value
                if value.shape != values.shape[-2:] or (
                    correct is not None
                    and np.shape(correct) == np.shape(value)
                    and np.allclose(value, np.asarray(correct).reshape(value.shape))
                ):
                    continue
                if np.allclose(values[k], value, rtol=1e-6, atol=1e-9):
                    per_variant[j] = per_variant.get(j, 0) + 1
        if any(count == len(settings) for count in per_variant.values()):
            return mistake
    return None
