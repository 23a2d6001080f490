from __future__ import annotations

from pathlib import Path

import pytest

from studykit.render.formats import get_format
from studykit.render.writers.text import render_steps
from tests.golden import check_golden

from .hand import backprop_problem, choice_problem

GOLDEN = Path(__file__).parent / "golden"

TEXT, MARKDOWN = get_format("text"), get_format("md")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_text_golden(hand_problems, lang):
    out = "\n".join(TEXT.problem_source(p, lang, solution=True) for p in hand_problems)
    check_golden(GOLDEN / f"hand.{lang}.txt", out)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown_golden(hand_problems, lang):
    out = "\n".join(MARKDOWN.problem_source(p, lang, solution=True) for p in hand_problems)
    check_golden(GOLDEN / f"hand.{lang}.md", out)


def test_text_without_solution_hides_steps_and_values(backprop):
    out = TEXT.problem_source(backprop, "en")
    assert "Worked solution" not in out and "0.7492" not in out
    assert "∂L/∂W⁽¹⁾ (a 2 × 2 matrix)" in out  # the answer field with its size, in words
    assert "δ⁽²⁾ (1 entry)" in out
    assert "┌" in out and "W⁽²⁾" in out  # the network diagram


def test_render_steps_upto_gives_hints(backprop):
    assert render_steps(backprop, "en", upto=0) == ""
    one = render_steps(backprop, "en", upto=1)
    assert one.startswith("1. Net input of layer 1") and "2." not in one
    assert render_steps(backprop, "en") == render_steps(backprop, "en", upto=99)


def test_text_respects_width(backprop):
    for line in TEXT.problem_source(backprop, "en", solution=True, width=60).splitlines():
        if not line.startswith(("┌", "│", "└", "input", "    ", "     ")):
            assert len(line) <= 60, line


def test_bracket_notation_reaches_every_formula():
    out = TEXT.problem_source(backprop_problem("bracket"), "en", solution=True)
    assert "W^[1]" in out and "z^[1]" in out


def test_markdown_math_is_delimited_for_github(backprop):
    out = MARKDOWN.problem_source(backprop, "en", solution=True)
    assert "$$\n\\begin{aligned}" in out
    spans = 0
    for line in out.splitlines():  # inline math never opens or closes on a space
        if "$$" in line:
            continue
        pieces = line.replace("\\$", "").split("$")
        assert len(pieces) % 2 == 1, f"unbalanced $ in {line!r}"
        for math in pieces[1::2]:
            spans += 1
            assert math == math.strip(), f"inline math opens or closes on a space: {line!r}"
    assert spans >= 5  # the answer key and the statement have inline math
    assert "\\$" not in out.replace("\\\\$", "")
    assert "(`sigmoid(x)*(1 - sigmoid(x))`)" not in out  # expression only in its own problem


def test_markdown_escapes_prose():
    from studykit.i18n import Text
    from studykit.problems.model import Para

    p = choice_problem()
    from dataclasses import replace

    p = replace(p, statement=(Para((Text("a_b *c* $5", "a_b *c* $5"),)),))
    assert "a\\_b \\*c\\* \\$5" in MARKDOWN.problem_source(p, "en")


ZH = (
    "不合适：各 yᵢ 之和恒为 1，提高一个类别的概率就会降低其他类别：两个同时为真的标签不可能"
    "都得到接近 1 的概率，而多标签分类需要每个标签各自独立的概率（sigmoid 与二元交叉熵）。"
)


@pytest.mark.parametrize("width", [20, 37, 60, 80])
def test_chinese_wraps_by_terminal_columns_and_loses_nothing(width):
    from rich.cells import cell_len

    from studykit.render.writers.text import wrap as _wrap

    lines = _wrap(ZH, width, "  ")
    assert len(lines) > 1
    assert all(cell_len(line) <= width for line in lines), [cell_len(x) for x in lines]
    assert all(line.startswith("  ") for line in lines)
    # no character is lost or moved: the breaks only drop the spaces they replace
    assert "".join(lines).replace(" ", "") == ZH.replace(" ", "")
    assert not any(
        line.strip()[0] in "，。：；）" for line in lines
    )  # no closing mark starts a line


def test_english_wrapping_is_textwrap():
    import textwrap

    from studykit.render.writers.text import wrap as _wrap

    text = (
        "Do the forward pass, then backpropagate: every error term δ, ∂L/∂W, ∂L/∂b for every layer"
    )
    assert _wrap(text, 30, "    ") == textwrap.wrap(
        text, 30, initial_indent="    ", subsequent_indent="    "
    )


@pytest.mark.parametrize(
    "text",
    [
        # a closing mark after a closing mark: "（F）。" at the edge kept "F" and moved "）。"
        "sigmoid 输出与 softmax 输出：下列说法中哪些正确？请逐条判断正确（T）或错误（F）。",
        # a space before the closing mark: "0.82 ）"
        "求 f′(z) 在 z₁ = 1.5 处的值（已知 tanh(ln(1 + exp(1.5))) = 0.94，σ(1.5) = 0.82 ）。",
        "一一一一一一一一一一（其各分量仍然相等），W⁽¹⁾ 也会更新，但各行始终相同。",
    ],
)
@pytest.mark.parametrize("width", range(20, 82))
def test_no_line_starts_with_closing_punctuation(text, width):
    """Chinese line breaking (GB/T 15834, JIS X 4051 kinsoku): ，。、；：！？） never begin a line,
    at every width the paragraph can be wrapped to."""
    from rich.cells import cell_len

    from studykit.render.writers.text import wrap as _wrap

    lines = _wrap(text, width)
    assert not any(line.strip()[:1] in tuple("，。、；：！？）") for line in lines), lines
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
