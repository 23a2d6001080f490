"""``studykit derive NAME``: formats, languages, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import sympy as sp
from click.testing import CliRunner

from studykit.cli import cli
from studykit.i18n import GLOSSARY
from studykit.symbolic.functions import FUNCTIONS


def run(*args: str):
    return CliRunner().invoke(cli, ["derive", *args])


def _parse(text: str, names: tuple[str, ...] = ()) -> sp.Expr:
    """Parse the JSON's SymPy syntax with explicit symbols (gamma is not Γ)."""
    local = {name: cls for name, cls in FUNCTIONS.items()}
    local.update({n: sp.Symbol(n, real=True) for n in ("x", "t", "alpha", "beta", "gamma", *names)})
    return sp.parse_expr(text, local_dict=local)


@pytest.mark.parametrize("name", ["sigmoid", "leaky_relu", "softplus", "mse", "dyt"])
def test_json_has_the_documented_fields(name):
    result = run(name, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("name", "function", "derivative", "exam_form", "params", "steps"):
        assert key in data
    assert data["name"] == name
    assert all("rule" in s and "expression" in s for s in data["steps"])
    x = sp.Symbol("x", real=True)
    # derivative and exam form parse and agree at a point (x only, params at their defaults)
    defaults = {sp.Symbol(k, real=True): sp.nsimplify(v) for k, v in data["params"].items()}
    point = {x: sp.Rational(7, 10), sp.Symbol("t", real=True): sp.Rational(1, 5), **defaults}
    raw = _parse(data["derivative"]).subs(point)
    exam = _parse(data["exam_form"]).subs(point)
    assert abs(float(sp.N(raw - exam, 30))) < 1e-20


def test_json_examples_of_the_issue():
    sigmoid = json.loads(run("sigmoid", "--format", "json").output)
    assert "sigmoid(x)" in sigmoid["exam_form"]
    assert json.loads(run("softplus", "--format", "json").output)["exam_form"] == "sigmoid(x)"
    assert json.loads(run("leaky_relu", "--format", "json").output)["params"] == {"gamma": 0.01}
    dyt = json.loads(run("dyt", "--format", "json").output)
    assert set(dyt["param_derivatives"]) == {"alpha", "gamma", "beta"}


def test_text_steps_in_english_and_chinese():
    en = run("sigmoid", "--steps", "--lang", "en")
    assert en.exit_code == 0
    assert "Quotient rule" in en.output and "Chain rule" in en.output
    assert "Rewrite in terms of the output" in en.output and "a·(1 − a)" in en.output
    zh = run("sigmoid", "--steps", "--lang", "zh")
    assert zh.exit_code == 0
    assert GLOSSARY["chain rule"] in zh.output
    assert "商法则" in zh.output
    relu = run("relu", "--lang", "zh")
    assert "ReLU′(0) = 0" in relu.output


@pytest.mark.parametrize("fmt", ["md", "latex"])
def test_markdown_and_latex(fmt):
    result = run("tanh", "--steps", "--format", fmt)
    assert result.exit_code == 0
    assert "$" in result.output
    assert r"\tanh" in result.output


def test_unknown_name_is_one_line_with_a_suggestion():
    result = subprocess.run(
        [sys.executable, "-m", "studykit.cli", "derive", "sigmod"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "'sigmoid'" in lines[0]


def test_missing_spec_file_is_a_spec_error():
    result = run("no_such_file.toml")
    assert result.exit_code == 2
