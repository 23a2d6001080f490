"""Every format prints the problem's short id, with its label in the sheet's language."""

from __future__ import annotations

import pytest

from studykit.math.latex import LatexPrinter
from studykit.problems.model import short_id
from studykit.problems.registry import Options, generate
from studykit.render.formats import DOCUMENT_FORMATS, render_problem
from studykit.render.writers.mathjax import MathJaxWriter

LABELS = {"en": "Problem id", "zh": "题目编号"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", [f for f in DOCUMENT_FORMATS if f != "pdf"])
def test_every_format_prints_the_short_id(fmt: str, lang: str) -> None:
    problem = generate("parameter_count", 3, Options())
    source = render_problem(fmt, problem, lang)
    ident = short_id(problem)
    shown = ident.replace("_", "\\_") if fmt == "tex" else ident
    assert shown in source and LABELS[lang] in source


def test_the_exports_print_it_too() -> None:
    problem = generate("activation_derivative", 2, Options())
    writer = MathJaxWriter(LatexPrinter("textbook", "zh"), "zh")
    assert f"题目编号：{short_id(problem)}" in writer.statement_html(problem)
