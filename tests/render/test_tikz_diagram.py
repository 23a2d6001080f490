"""LaTeX network diagrams: a TikZ picture with one circle per neuron and every connection,
captions in the sheet's language, compiling with pdflatex (en) and xelatex (zh)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from studykit.problems.sets import generate_problems, load_set
from studykit.render.sheet import render, sheet_doc
from studykit.render.tikz import tikz
from tests.conftest import ROOT

SPEC = {"network": {"layers": [2, 3, 1], "activation": ["tanh", "sigmoid"], "loss": "mse"}}


def test_one_circle_per_neuron_and_every_connection() -> None:
    picture = tikz(SPEC, "textbook", "en")
    assert picture.count("\\node[neuron]") == 2 + 3 + 1
    assert picture.count("\\draw[->") == 2 * 3 + 3 * 1
    assert "input [2]" in picture and "hidden 1 [3]" in picture and "output [1]" in picture
    assert "W^{(1)}" in picture.replace(" ", "") and "\\hat{y}" in picture


def test_zh_captions_and_activations_are_chinese() -> None:
    picture = tikz(SPEC, "textbook", "zh")
    assert "输入层 [2]" in picture and "输出层 [1]" in picture
    assert "双曲正切" in picture and "Logistic 函数" in picture
    assert "sigmoid" not in picture


def _compile(engine: str, source: str, folder: Path) -> str:
    if shutil.which(engine) is None or shutil.which("pdftotext") is None:
        pytest.skip(f"{engine} or pdftotext is not installed (Debian: texlive-*, poppler-utils)")
    tex = folder / "sheet.tex"
    tex.write_text(source, encoding="utf-8")
    run = subprocess.run(
        [engine, "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    return subprocess.run(
        ["pdftotext", str(folder / "sheet.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "engine"), [("en", "pdflatex"), ("zh", "xelatex")])
def test_latex_sheet_with_diagrams_compiles(tmp_path: Path, lang: str, engine: str) -> None:
    problem_set = load_set(ROOT / "problems" / "backward_pass.toml")
    doc = sheet_doc(problem_set, lang, 1, generate_problems(problem_set, 1))
    source = render(doc, "tex", solution=False).decode("utf-8")
    assert source.count("\\begin{tikzpicture}") >= len(problem_set.entries)
    text = _compile(engine, source, tmp_path)
    assert ("输入层" if lang == "zh" else "input") in text
    assert ("隐藏层" if lang == "zh" else "hidden 1") in text
