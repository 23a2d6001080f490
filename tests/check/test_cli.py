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


# ----------------------------------------------------------------------------- --problem


def _backward_103() -> tuple[str, object]:
    from studykit.problems.model import short_id
    from studykit.problems.registry import Options, generate

    problem = generate("backward", 103, Options(extra={"net": "2-2-1"}))
    return short_id(problem), problem


def test_numeric_answer_by_problem_id() -> None:
    ident, problem = _backward_103()
    a1 = problem.answer("a1").value  # type: ignore[attr-defined]
    typed = "; ".join(f"{v:.4f}" for v in a1)
    assert run("check", "--problem", ident, "--part", "b", typed)[0] == 0
    assert run("check", "--problem", ident, "--part", "a1", typed)[0] == 0
    code, out = run("check", "--problem", ident, "--part", "b", "0.5, 0.5")
    assert code == 1 and "read as:   [0.5, 0.5]" in out
    assert run("check", "--problem", ident, "--part", "b", "0.5 +")[0] == 2
    assert run("check", "--problem", problem.id, "--part", "b", typed)[0] == 0  # type: ignore[attr-defined]


def test_problem_mode_names_the_mistake_and_carries_error_forward() -> None:
    ident, problem = _backward_103()
    code, out = run("check", "--problem", ident, "--part", "delta2", "-0.8141", "--format", "json")
    assert code == 1 and json.loads(out)["mistake"]["key"] == "forgot_fprime"
    code, out = run("check", "--problem", ident, "--part", "g", "-0.0796, 0.2172",
                    "--earlier", "f=-0.8141")  # fmt: skip
    assert code == 0 and "carried forward" in out


def test_bad_problem_arguments_get_one_line() -> None:
    ident, _ = _backward_103()
    for args in (
        ("check", "--problem", "backward-103-zzzzz", "--part", "b", "1"),
        ("check", "--problem", ident, "--part", "zz", "1"),
        ("check", "--problem", ident, "1"),
        ("check", "--problem", ident, "--part", "b", "1", "--earlier", "nonsense"),
    ):
        code, out = run(*args)
        assert code == 2 and len(out.strip().splitlines()) == 1 and "Traceback" not in out


def test_an_answer_may_start_with_a_minus() -> None:
    assert run("check", "--derivative", "tanh", "-(tanh(x)^2 - 1)")[0] == 0
    code, out = run("check", "--derivative", "sigmoid", r"-\sigma(x)\left(1-\sigma(x)\right)")
    assert code == 1 and "Usage" not in out and "--help" not in out
    assert run("check", "-x", "-(x)")[0] == 0
    assert run("check", "--derivative", "identity", "--", "1")[0] == 0


def test_could_not_decide_is_exit_3(monkeypatch) -> None:
    """No sample point is valid (log of a negative number), and SymPy gives up."""
    monkeypatch.setattr("studykit.check.symbolic.simplifies_to_zero", lambda *a, **k: None)
    code, out = run("check", "log(-x^2-1)", "log(-1-x^2)")
    assert code == 3 and "could not decide" in out
    code, out = run("check", "log(-x^2-1)", "log(-1-x^2)", "--format", "json")
    assert code == 3 and json.loads(out)["status"] == "undecided"
