"""Every shipped set, printed as PDF in both languages (sheet and worked solutions), read back
from its words' bounding boxes: no two words overlap by more than 0.5 pt, nothing crosses the
margins, and no page but the last holds only a header (see ``pdf_layout``)."""

from __future__ import annotations

import glob
from functools import cache
from pathlib import Path

import pytest

from studykit.problems.sets import generate_problems, load_set
from studykit.render.sheet import render, sheet_doc

from .pdf_layout import faults, pdftotext

REPO = Path(__file__).resolve().parents[2]
SETS = sorted(Path(p).stem for p in glob.glob(str(REPO / "problems" / "*.toml")))


@cache
def _problems(name: str):
    problem_set = load_set(REPO / "problems" / f"{name}.toml")
    return problem_set, generate_problems(problem_set, 0)


@pytest.mark.slow
@pytest.mark.parametrize("solution", [False, True], ids=["sheet", "solutions"])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", SETS)
def test_pdf_words_do_not_collide(tmp_path, name, lang, solution):
    if pdftotext() is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: PDF layout not checked")
    problem_set, problems = _problems(name)
    if lang not in problem_set.paper.langs:
        pytest.skip(f"{name} is not written in {lang}")
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(render(sheet_doc(problem_set, lang, 0, problems), "pdf", solution))
    found = faults(pdf)
    assert not found, f"{len(found)} layout faults:\n" + "\n".join(found[:20])


def test_the_checker_finds_what_it_looks_for(tmp_path):
    """The checker itself: a line printed over another, a word in the margin and a page with
    only a header are each reported."""
    if pdftotext() is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    from studykit.render.pdf import compile_pdf

    source = (
        '#set page(paper: "a4", margin: 2cm, header: [Header text])\n'
        "Some words here\n#place(top + left, dy: 2pt)[Words over them]\n"
        "#place(top + left, dx: -1.5cm, dy: 5cm)[Margin]\n#pagebreak()\n"
        "#pagebreak()\nThe last page\n"
    )
    pdf = tmp_path / "bad.pdf"
    pdf.write_bytes(compile_pdf(source, "en"))
    found = "\n".join(faults(pdf))
    assert "'Some' and 'Words' overlap" in found
    assert "'Margin' at" in found
    assert "p.2: only a header and footer" in found
    assert "p.3" not in found  # the last page may be short
