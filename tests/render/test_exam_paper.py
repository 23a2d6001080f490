"""The exam paper: set fields, one-language sets, points, answer spaces, the code on every page
(Typst and LaTeX) and the symbols of the "Give" list in math."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from studykit import math as fm
from studykit.cli import cli
from studykit.math.typst import to_typst
from studykit.problems.registry import Options, generate
from studykit.problems.sets import SetError, generate_problems, load_set, parse_set
from studykit.render.sheet import in_halves, render, sheet_doc
from studykit.render.views import prose_math
from studykit.render.writers.exam_space import answer_space, asks_for_shapes, exam_prompt

REPO = Path(__file__).resolve().parents[2]
MOCK = REPO / "problems" / "mock_exam.toml"


def _quiz(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "quiz3.toml"
    path.write_text(text, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- set files


def test_a_one_language_set_prints_in_that_language_only(tmp_path):
    path = _quiz(
        tmp_path,
        'title = "Quiz 3"\npaper = "exam"\ninstructions = ["No notes."]\n'
        '[[problem]]\nkind = "forward"\n',
    )
    run = CliRunner().invoke(
        cli, ["sheet", str(path), "--format", "typ", "--lang", "en", "--out", str(tmp_path)]
    )
    assert run.exit_code == 0, run.output
    source = (tmp_path / "problems" / "quiz3.typ").read_text(encoding="utf-8")
    assert '"Quiz 3"' in source and '"No notes."' in source
    refused = CliRunner().invoke(cli, ["sheet", str(path), "--lang", "zh", "--out", str(tmp_path)])
    assert refused.exit_code == 2
    line = refused.output.strip()
    assert "\n" not in line and "--lang en" in line and "quiz3.toml" in line


def test_a_chinese_only_set_needs_no_lang_flag(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYKIT_LANG", "en")
    path = _quiz(tmp_path, 'title = "测验 3"\n[[problem]]\nkind = "forward"\n')
    run = CliRunner().invoke(cli, ["sheet", str(path), "--format", "md", "--out", str(tmp_path)])
    assert run.exit_code == 0, run.output
    assert (tmp_path / "problems" / "quiz3.zh.md").exists()
    assert not (tmp_path / "problems" / "quiz3.md").exists()


def test_paper_fields_are_read():
    data = tomllib.loads(MOCK.read_text(encoding="utf-8"))
    paper = parse_set(data, "mock_exam").paper
    assert paper.exam and paper.minutes == 120 and paper.langs == ("en", "zh")
    assert len(paper.instructions) == 4 and all(t.en and t.zh for t in paper.instructions)


def test_per_part_points_must_match_the_parts():
    problem_set = parse_set(
        {"title": "x", "paper": "exam", "problem": [{"kind": "forward", "points": [1, 2]}]}, "x"
    )
    with pytest.raises(SetError, match=r"problem\[1\]\.points: lists 2 points but the problem has"):
        sheet_doc(problem_set, "en", 0)


def test_points_split_in_half_points_with_the_same_total():
    for shares in ((12 / 13,) * 13, (1.2, 2.4, 2.4), (16 / 16,) * 16, (0.5, 9.5)):
        halves = in_halves(shares)
        assert abs(sum(halves) - sum(shares)) < 1e-9
        assert all(h >= 0.5 and (2 * h).is_integer() for h in halves)
        assert max(abs(h - s) for h, s in zip(halves, shares, strict=True)) <= 0.5


def test_the_cover_totals_the_set_files_points():
    """The total on the cover is the set file's points (read here from the TOML itself: a
    problem's number, or the sum of its per-part list) plus a point a part for the slots that
    give none."""
    data = tomllib.loads(MOCK.read_text(encoding="utf-8"))
    problem_set = load_set(MOCK)
    problems = generate_problems(problem_set, 1)

    def worth(entry: dict, problem) -> float:
        points = entry.get("points", len(problem.answers))  # a number, or one per part
        return sum(points) if isinstance(points, list) else points

    expected = sum(worth(e, p) for e, p in zip(data["problem"], problems, strict=True))
    source = render(sheet_doc(problem_set, "en", 1, problems), "typ", False).decode()
    assert f"[*{expected:g}*]" in source  # the points table's total
    assert f'"Total: {expected:g} points"' in source.replace("Time allowed: 120 minutes · ", "")
    for field in ("Name:", "Student ID:", "Seat:", "Time allowed: 120 minutes"):
        assert field in source
    zh = render(sheet_doc(problem_set, "zh", 1, problems), "typ", False).decode()
    for field in ("姓名：", "学号：", "座位号：", "考试时间：120 分钟", "考生须知", "第 "):
        assert field in zh


# ----------------------------------------------------------------------------- answer spaces


def test_answer_spaces_follow_the_answer_shape():
    problem = generate("backward", 5, Options())
    for answer in problem.answers:
        space = answer_space(answer, plain=False)
        if answer.kind == "matrix":
            assert (space.kind, space.rows, space.cols) == (
                "grid",
                len(answer.value),
                len(answer.value[0]),
            )
        elif answer.kind == "vector":
            assert (space.kind, space.cols) == ("row", len(answer.value))
        else:
            assert space.kind == "box"
    explain = generate("explain_c7", 1, Options())
    assert answer_space(explain.answers[0], plain=False).kind == "lines"


def test_a_shape_problem_gives_no_shape_away():
    problem = generate("gradient_shapes", 3, Options())
    assert asks_for_shapes(problem)
    for answer in problem.answers:
        assert answer_space(answer, plain=True).kind == "box"
        assert "×" not in exam_prompt(answer, "en", plain=True)


# ----------------------------------------------------------------------------- math in text


def test_symbols_in_prose_become_math():
    parts = prose_math("gradient ∂L/∂W^[1] [2 × 2]")
    assert parts[0] == "gradient " and parts[2] == " [2 × 2]"
    assert to_typst(parts[1], "bracket") == "∂ L slash ∂ W^([1])"
    assert prose_math("net input z⁽²⁾")[1] == fm.Var("z", layer=2)
    assert prose_math("entry ∂L/∂w₁₂⁽¹⁾")[1] == fm.Op(
        "/",
        (
            fm.Op("", (fm.Var("∂"), fm.Var("L"))),
            fm.Op("", (fm.Var("∂"), fm.Var("w", sub="12", layer=1))),
        ),
    )
    assert prose_math("loss L")[1] == fm.Var("L")
    assert prose_math("statement A") == ("statement A",)  # a choice's name stays text
    assert prose_math("a weight") == ("a weight",)


def test_accented_names_print_as_accents_in_typst():
    assert to_typst(fm.Var("m̂", sub="1")) == "hat(m)_1"
    assert to_typst(fm.Var("v̂", sub="1")) == "hat(v)_1"
    assert to_typst(fm.Var("h̄", sub="2")) == "macron(h)_2"


def test_bracket_notation_prints_no_raw_caret():
    problem = generate("backward", 5, Options(notation="bracket"))
    for fmt in ("typ", "tex"):
        from studykit.render.formats import render_problem

        out = render_problem(fmt, problem, "en")
        assert "^[" not in out and "textasciicircum" not in out, fmt


def test_chinese_diagrams_name_activations_by_symbol():
    from studykit.render.diagram import svg

    problem = generate("forward", 2, Options())
    assert "sigmoid" not in svg(problem.spec, lang="zh")
    assert "σ" in svg(problem.spec, lang="zh")


# ----------------------------------------------------------------------------- every page


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_typst_page_has_the_code_its_number_and_a_readable_qr(tmp_path, lang):
    if not (shutil.which("pdftotext") and shutil.which("pdftoppm") and shutil.which("zbarimg")):
        pytest.skip("pdftotext, pdftoppm or zbarimg missing: pages not read back")
    from studykit.problems.codes import variant_code

    problem_set = load_set(MOCK)
    code = variant_code(problem_set, 2)
    pdf = tmp_path / "v2.pdf"
    pdf.write_bytes(render(sheet_doc(problem_set, lang, 2), "pdf", False))
    pages = _pages(pdf)
    n = len(pages)
    for k, page in enumerate(pages, 1):
        assert code.short in page, f"p.{k}: no code"
        number = f"Page {k} of {n}" if lang == "en" else f"第 {k} 页，共 {n} 页"
        assert number in page, f"p.{k}: no {number!r}"
    for k in (1, n // 2, n):
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "150",
                "-png",
                "-f",
                str(k),
                "-l",
                str(k),
                str(pdf),
                str(tmp_path / "p"),
            ],
            check=True,
        )
        (png,) = tmp_path.glob("p-*.png")
        read = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
        assert read.stdout.strip() == code.payload, f"p.{k}: the QR does not read back"
        png.unlink()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_latex_exam_compiles_with_the_code_on_every_page(tmp_path, lang):
    engine = shutil.which("xelatex" if lang == "zh" else "pdflatex")
    if engine is None or shutil.which("pdftotext") is None:
        pytest.skip("no pdflatex/xelatex or pdftotext: the LaTeX exam is not compiled")
    from studykit.problems.codes import variant_code

    problem_set = load_set(MOCK)
    (tmp_path / "e.tex").write_bytes(render(sheet_doc(problem_set, lang, 1), "tex", False))
    for _ in range(2):  # lastpage needs a second run for "of n"
        run = subprocess.run(
            [engine, "-interaction=nonstopmode", "-halt-on-error", "e.tex"],
            cwd=tmp_path,
            capture_output=True,
            timeout=300,
        )
        assert run.returncode == 0, run.stdout[-2000:]
    pages = _pages(tmp_path / "e.pdf")
    short = variant_code(problem_set, 1).short
    for k, page in enumerate(pages, 1):
        assert short in page
        number = f"Page {k} of {len(pages)}" if lang == "en" else f"第 {k} 页，共 {len(pages)} 页"
        assert re.sub(r"\s+", " ", number) in re.sub(r"\s+", " ", page), f"p.{k}"


def test_the_shipped_sets_are_found_by_name(tmp_path):
    from studykit.problems.shipped import find_set

    assert find_set("mock_exam") == MOCK and find_set("mock_exam.toml") == MOCK
    assert find_set("no_such_set") is None
    run = CliRunner().invoke(
        cli, ["sheet", "training_step", "--format", "md", "--lang", "en", "--out", str(tmp_path)]
    )
    assert run.exit_code == 0, run.output
    assert (tmp_path / "problems" / "training_step.md").exists()
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = pyproject["tool"]["setuptools"]["data-files"]["share/studykit/problems"]
    assert shipped == ["problems/*.toml"]  # the wheel carries them (problems/shipped.py)
