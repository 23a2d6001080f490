"""The catalog's stated output ranges and zero-centred flags against the functions themselves."""

from __future__ import annotations

import re

import numpy as np
import pytest

from studykit.catalog import ACTIVATIONS

APPROX = re.compile(r"\(≈(−?[0-9.]+)(/β)?,")


@pytest.mark.parametrize(
    "name", [n for n, a in ACTIVATIONS.items() if a.elementwise and "≈" in a.output_range]
)
def test_approximate_minimum_is_the_minimum_to_its_digits(name: str) -> None:
    act = ACTIVATIONS[name]
    stated = APPROX.match(act.output_range)
    assert stated, act.output_range
    text = stated.group(1).replace("−", "-")
    z = np.linspace(-6, 0, 600_001)
    low = float(act.fn(z, act.defaults()).min())
    places = len(text.split(".")[1])
    assert round(low, places) == float(text), (name, low)


def test_zero_centred_flags_follow_the_stated_definition() -> None:
    """Both signs and |mean| < ¼ std of f(z) for z ~ N(0, 1): yes; mean over 0.6 std or no
    negative outputs: no (ELU is approximately zero-centred, as the course notes say)."""
    z = np.linspace(-10, 10, 200_001)
    w = np.exp(-(z**2) / 2)
    w /= w.sum()
    for name, act in ACTIVATIONS.items():
        if not act.elementwise:
            continue
        a = act.fn(z, act.defaults())
        mean = float(w @ a)
        ratio = abs(mean) / float(np.sqrt(w @ (a - mean) ** 2))
        if act.zero_centred:
            assert a.min() < 0 < a.max() and ratio < 0.25, name
        elif act.zero_centred is False:
            assert a.min() >= 0 or ratio > 0.6, name
    assert ACTIVATIONS["elu"].zero_centred and not ACTIVATIONS["relu"].zero_centred
