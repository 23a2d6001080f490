"""Mish, added in one catalog entry (issue #11): it derives, checks, prints and is asked.

References are independent of the catalog: Mish's definition written here with ``math``
(Misra 2019: x·tanh(ln(1 + eˣ))) and central differences of it."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest
from click.testing import CliRunner

from studykit.catalog import ACTIVATIONS
from studykit.cli import cli

POINTS = (-4.0, -1.3, -0.2, 0.0, 0.7, 2.9)


def mish(x: float) -> float:
    return x * math.tanh(math.log1p(math.exp(x)))


def test_values_and_derivative_match_the_definition() -> None:
    act = ACTIVATIONS["mish"]
    z = np.array([POINTS])
    a = act.fn(z, {})
    assert np.allclose(a[0], [mish(x) for x in POINTS], atol=1e-15)
    h = 1e-6
    numeric = [(mish(x + h) - mish(x - h)) / (2 * h) for x in POINTS]
    assert np.allclose(act.grad(z, a, {})[0], numeric, atol=1e-8)


def test_not_drawn_unless_asked() -> None:
    assert ACTIVATIONS["mish"].sample is False


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_derive_proves_the_exam_form_in_every_format() -> None:
    assert "simplify(raw − exam form) = 0" in run("derive", "mish", "--lang", "en")
    for fmt in ("md", "latex"):
        assert r"\tanh" in run("derive", "mish", "--format", fmt, "--lang", "en")
    data = json.loads(run("derive", "mish", "--format", "json"))
    assert data["name"] == "mish"


def test_check_accepts_the_written_derivative() -> None:
    typed = "tanh(softplus(x)) + x*(1 - tanh(softplus(x))^2)*sigmoid(x)"
    assert "✓" in run("check", "--derivative", "mish", typed, "--lang", "en")
    wrong = "tanh(softplus(x)) + x*(1 - tanh(softplus(x)))*sigmoid(x)"
    result = CliRunner().invoke(cli, ["check", "--derivative", "mish", wrong, "--lang", "en"])
    assert "✓" not in result.output


@pytest.mark.parametrize("seed", range(5))
def test_asked_by_activation_derivative(seed: int) -> None:
    """The printed point and key, read off the page, agree with the definition's slope."""
    out = run(
        "problem",
        "--kind",
        "activation_derivative",
        "--option",
        "activation=mish",
        "--seed",
        str(seed),
        "--solution",
        "--lang",
        "en",
    )
    assert "Mish" in out
    points = [
        float(v.replace("−", "-")) for v in re.findall(r"z₁ = (−?[0-9]+(?:\.[0-9]+)?)", out)[:1]
    ]
    keys = re.findall(r"\(a\) f′\(z₁\): (−?[0-9.]+)", out)
    assert points and keys, out
    h = 1e-6
    slope = (mish(points[0] + h) - mish(points[0] - h)) / (2 * h)
    assert abs(float(keys[-1].replace("−", "-")) - slope) < 5e-4
