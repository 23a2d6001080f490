"""``studykit check`` as a student runs it: exit codes 0/1/2, both languages, JSON."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from studykit.cli import cli

SPEC_TOML = """
[network]
layers = [3, 2, 1]
activation = "sigmoid"
loss = "mse"
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "args, code",
    [
        (("check", "s*(1-s)", "s - s^2"), 0),
        (("check", "s*(1-s)", "s^2"), 1),
        (("check", "s*(1-s)", "s*(1-s"), 2),
        (("check", "x", "__import__('os')"), 2),
        (("check", "--derivative", "sigmoid", "s*(1-s)"), 0),
        (("check", "--derivative", "sigmoid", r"\sigma(x)\left(1-\sigma(x)\right)"), 0),
        (("check", "--derivative", "tanh", "1 - a^2"), 0),
        (("check", "--derivative", "tanh", r"1-\tanh^2(x)"), 0),
        (("check", "--derivative", "tanh", "1 - tanh^2(x) * x"), 1),
        (("check", "--derivative", "sigmoid", "sigma^2(x)"), 1),
        (("check", "--derivative", "relu", "step(z)"), 0),
        (("check", "--derivative", "sigmoid", "s^2"), 1),
        (("check", "--derivative", "sigmoid", "sigma'(x)"), 2),
        (("check", "--derivative", "sigmoud", "s"), 2),
        (("check", "lr*g", "g*lr", "--var", "lr"), 0),
    ],
)
def test_exit_codes(args: tuple[str, ...], code: int) -> None:
    assert run(*args)[0] == code


def test_counterexample_and_preview_in_both_languages() -> None:
    code, out = run("check", "--derivative", "sigmoid", "s^2")
    assert code == 1 and "read as:   σ(x)²" in out and "x = 0.5" in out
    code, out = run("--lang", "zh", "check", "--derivative", "sigmoid", "s^2")
    assert code == 1 and "读作" in out and "不等价" in out


def test_spec_formula(tmp_path) -> None:
    spec = tmp_path / "net.toml"
    spec.write_text(SPEC_TOML, encoding="utf-8")
    code, out = run("check", "--spec", str(spec), "--wrt", "W1", "delta1 x^T")
    assert code == 0
    code, out = run("check", "--spec", str(spec), "--wrt", "W1", "x delta1^T")
    assert code == 1 and "did you mean the transpose" in out
    code, out = run(
        "check",
        "--spec",
        str(spec),
        "--wrt",
        "z1",
        "W2^T delta2",
        "--format",
        "json",
        "--lang",
        "zh",
    )
    data = json.loads(out)
    assert (
        code == 1 and data["mistake"]["key"] == "forgot_fprime" and "f′" in data["mistake"]["title"]
    )


def test_json_output() -> None:
    code, out = run("check", "x^2", "x*x", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["equivalent"] is True and data["read_as"] == "x · x"
