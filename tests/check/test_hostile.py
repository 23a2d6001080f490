"""Acceptance: hostile or malformed inputs never execute code, never raise, never hang."""

from __future__ import annotations

import builtins
import time
from pathlib import Path

import pytest
import sympy

from studykit.check import (
    AnswerSyntaxError,
    check_derivative,
    check_formula,
    grade,
    parse_answer,
    preview,
)
from studykit.check.matrixform import network_scope
from studykit.i18n import Text
from studykit.problems.model import Answer
from studykit.spec import spec_from_dict

CORPUS = Path(__file__).with_name("hostile_inputs.txt").read_text(encoding="utf-8").split("\n")[:-1]
GENERATED = [
    "x+" * 500_000 + "x",  # a megabyte
    "1" * 1_000_000,
    "(" * 5000 + "x" + ")" * 5000,
    "[" * 900 + "1" + "]" * 900,
    "-" * 990 + "x",
    "sigma(" * 300 + "x" + ")" * 300,
    "x" * 999,
    "x^" * 300 + "2",
    "\x00",
    "x\x07y",
    "x\ufeffy",
    "\u202ex+1",
    "a\u0301",
    "\ud7ff",
    "".join(chr(c) for c in range(0x2200, 0x2240)),
    "".join(chr(c) for c in range(0x20, 0x7F)),
    " " * 900,
    "",
    "\t\n",
]
INPUTS = CORPUS + GENERATED
NETWORK = spec_from_dict({"network": {"layers": [2, 3, 1], "activation": "sigmoid", "loss": "mse"}})
SCOPE_VARS = {name: shape for name, shape in network_scope(NETWORK).variables.items()}
EXPRESSION = Answer(
    "d", Text("d", "d"), "sigmoid(x)*(1 - sigmoid(x))", kind="expression", variables=("x", "y", "z")
)
NUMBER = Answer("n", Text("n", "n"), 0.5933)
MATRIX = Answer("m", Text("m", "m"), [[1.0, 2.0], [3.0, 4.0]], kind="matrix")

PWNED = Path("/tmp/studykit_pwned")


def _forbidden(*args: object, **kwargs: object) -> None:
    raise AssertionError("user text reached eval/exec/sympify/parse_expr/lambdify")


CURRENT: list[str] = [""]


def _no_source(original: object) -> object:
    """eval/exec still serve the standard library (namedtuple, imports); source containing the
    student's text fails the test."""

    def guarded(source: object, *args: object, **kwargs: object) -> object:
        text = CURRENT[0].strip()
        if isinstance(source, str | bytes) and len(text) >= 2:
            probe = text[:60]
            haystack = source if isinstance(source, str) else source.decode("utf-8", "replace")
            if probe in haystack:
                _forbidden()
        return original(source, *args, **kwargs)  # type: ignore[operator]

    return guarded


@pytest.fixture(autouse=True)
def no_code_execution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(builtins, "eval", _no_source(builtins.eval))
    monkeypatch.setattr(builtins, "exec", _no_source(builtins.exec))
    monkeypatch.setattr(sympy, "sympify", _forbidden)
    monkeypatch.setattr(sympy, "lambdify", _forbidden)
    monkeypatch.setattr(sympy, "parse_expr", _forbidden, raising=False)
    import sympy.parsing.sympy_parser as sympy_parser

    monkeypatch.setattr(sympy_parser, "parse_expr", _forbidden)


def test_corpus_is_large_enough() -> None:
    assert len(INPUTS) >= 200


@pytest.mark.parametrize("index", range(len(INPUTS)))
def test_hostile_input(index: int) -> None:
    text = INPUTS[index]
    CURRENT[0] = text
    PWNED.unlink(missing_ok=True)
    start = time.process_time()  # CPU time: a loaded machine does not make it fail
    wall = time.perf_counter()
    for variables in (None, {"x": None, "y": None}, SCOPE_VARS):
        try:
            parsed = parse_answer(text, variables)
            assert parsed.preview
        except AnswerSyntaxError as exc:
            assert exc.text.en.strip() and exc.text.zh.strip()
            assert "\n" not in exc.message("en")
        shown = preview(text, variables)
        assert isinstance(shown, str) and shown
    for answer in (EXPRESSION, NUMBER, MATRIX):
        verdict = grade(answer, text)
        assert verdict.message.en and verdict.message.zh
        if not verdict.correct:
            assert verdict.message.en != "correct"
    for result in (
        check_derivative("tanh", text),
        check_derivative("softmax", text),
        check_formula(NETWORK, "z1", text),
    ):
        assert result.status in ("right", "wrong", "unreadable", "undecided")
        assert result.message.en.strip() and result.message.zh.strip()
    elapsed = time.process_time() - start
    assert elapsed < 2.0, f"{text[:40]!r} took {elapsed:.2f} s of CPU"
    assert time.perf_counter() - wall < 10.0, f"{text[:40]!r} hung"  # SymPy's worker included
    assert not PWNED.exists()
