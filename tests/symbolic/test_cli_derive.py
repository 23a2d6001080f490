"""``studykit derive NAME``: formats, languages, and one-line errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pytest
import sympy as sp
from click.testing import CliRunner

from studykit.cli import cli
from studykit.i18n import GLOSSARY
from studykit.symbolic.derive import catalog_names
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


def _read(text: str, where: dict[str, str], definitions: dict[str, dict[str, str]]) -> sp.Expr:
    """Parse JSON source text with only SymPy's functions and the JSON's own definitions."""
    from sympy.parsing.sympy_parser import parse_expr

    local: dict[str, object] = {
        name: sp.Lambda(sp.Symbol(d["argument"]), parse_expr(d["expression"]))
        for name, d in definitions.items()
    }
    names = set(re.findall(r"\b([A-Za-z_]\w*)\b(?!\s*\()", text)) - {"pi", "E", "oo", "True"}
    local |= {n: sp.Symbol(n) for n in names}
    expr = parse_expr(text, local_dict=local)
    expr = sp.Matrix(expr) if isinstance(expr, list) else expr
    for name, definition in where.items():
        expr = expr.subs(sp.Symbol(name), _read(definition, {}, definitions))
    return expr


def _derivatives(data: dict) -> list[dict]:
    return [data, *data.get("param_derivatives", {}).values(), *data.get("extra", [])]


@pytest.mark.parametrize("name", catalog_names())
def test_json_is_self_contained_and_its_exam_form_is_the_derivative(name: str) -> None:
    """Every expression parses with SymPy's functions plus the JSON's ``definitions`` (σ, Φ, φ),
    uses only the variables, parameters and ``where`` symbols it names, and the exam form equals
    SymPy's derivative at random points (under what it ``assumes``, e.g. Σt = 1)."""
    from sympy.core.function import AppliedUndef

    data = json.loads(run(name, "--format", "json").output)
    families = set(data["variables"]) | set(data["params"])
    rng = np.random.default_rng(0)
    for d in _derivatives(data):
        where = {**data.get("where", {}), **d.get("where", {}), **d.get("assumes", {})}
        read = {
            key: _read(d[key], where, data["definitions"])
            for key in ("function", "derivative", "exam_form")
        }
        for key, expr in read.items():
            assert not expr.atoms(AppliedUndef), (name, key, d[key])
            for sym in expr.free_symbols:
                family = re.sub(r"\d+$", "", sym.name)
                assert {sym.name, family} & (families | {d["variable"]}), (name, key, sym)
        symbols = sorted(read["derivative"].free_symbols | read["exam_form"].free_symbols, key=str)
        for _ in range(5):
            point = {s: _point(s, rng, data["params"]) for s in symbols}
            raw, exam = (sp.N(read[k].subs(point)) for k in ("derivative", "exam_form"))
            if isinstance(raw, sp.MatrixBase):
                assert np.allclose(np.array(raw, float), np.array(exam, float), atol=1e-9)
            else:
                assert abs(complex(raw) - complex(exam)) < 1e-9, (name, point)


def _point(sym: sp.Symbol, rng: np.random.Generator, params: dict) -> sp.Float:
    """A random value away from kinks: parameters at their defaults, targets in (0, 1)."""
    if sym.name in params:
        return sp.Float(params[sym.name])
    if sym.name.startswith("t"):
        return sp.Float(rng.uniform(0.1, 0.9))
    return sp.Float(rng.choice([-1, 1]) * rng.uniform(0.2, 0.8))
