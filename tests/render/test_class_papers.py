"""Papers for a class: the worker pool writes the same bytes as one process, the class key
lists every variant × part with its tolerance, the print file pads each variant to even
pages in roster order, and a bad roster is one line naming the row or column."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from studykit.cli import cli
from studykit.problems.codes import variant_code
from studykit.problems.sets import generate_problems, load_set
from studykit.render.roster import RosterError, read_roster
from studykit.render.sheet import write_set
from tests.conftest import ROOT

MOCK = ROOT / "problems" / "mock_exam.toml"
BACKWARD = ROOT / "problems" / "backward_pass.toml"


def _bytes(paths: list[Path], root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in paths}


def test_two_workers_write_the_same_bytes_as_one(tmp_path: Path) -> None:
    problem_set = load_set(MOCK)
    runs = {}
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}"
        written = write_set(
            problem_set, out, ["md"], ["en", "zh"], [1, 2, 3, 4], False, jobs, class_files=True
        )
        runs[jobs] = _bytes(written, out)
    assert list(runs[1]) == list(runs[2])  # same files, same order
    assert runs[1] == runs[2]
    assert "solutions/mock_exam.keys.zh.csv" in runs[1]


@pytest.mark.slow
def test_two_workers_write_the_same_pdf_bytes_as_one(tmp_path: Path) -> None:
    problem_set = load_set(BACKWARD)
    runs = {}
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}"
        written = write_set(
            problem_set, out, ["pdf"], ["en"], [1, 2, 3], False, jobs, None, True, True
        )
        runs[jobs] = _bytes(written, out)
    assert runs[1] == runs[2]
    assert {"problems/backward_pass.print.pdf", "solutions/backward_pass.keys.pdf"} <= set(runs[1])


def _number(text: str) -> float:
    return float(text.replace("−", "-"))


def test_class_key_has_every_variant_and_part_with_its_tolerance(tmp_path: Path) -> None:
    problem_set = load_set(MOCK)
    write_set(problem_set, tmp_path, ["md"], ["en"], [1, 2, 3], False, 1, class_files=True)
    text = (tmp_path / "solutions" / "mock_exam.keys.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = [
        (variant_code(problem_set, v).short, p, a)
        for v in (1, 2, 3)
        for p in generate_problems(problem_set, v)
        for a in p.answers
    ]
    assert len(rows) == len(expected)
    numbers = 0
    for row, (code, _problem, answer) in zip(rows, expected, strict=True):
        assert row["code"] == code and row["answer_id"] == answer.id
        if answer.kind == "number" and answer.tolerance.decimals is not None:
            numbers += 1
            assert row["tolerance"].startswith("±")
            tol = _number(row["tolerance"][1:])
            assert tol >= answer.tolerance.abs * 0.999  # never tighter than the checker's
            assert abs(_number(row["answer"]) - answer.value) <= tol
            for alt in row["carried"].split(" | ") if row["carried"] else []:
                assert abs(_number(alt) - answer.value) <= tol  # also accepted: within it
        if answer.kind == "shape":
            assert row["answer"] == f"[{answer.value[0]} × {answer.value[1]}]"
    assert numbers >= 3 * 8


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


@pytest.mark.slow
def test_print_file_pads_each_variant_to_even_pages_in_roster_order(tmp_path: Path) -> None:
    from pypdf import PdfReader

    roster = tmp_path / "students.csv"
    roster.write_text("Name,ID\nAda Lovelace,s1001\n李雷,s1002\nBob Smith,s1003\n", "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["sheet", str(BACKWARD), "--roster", str(roster), "--print", "--lang", "en"]
        + ["--format", "md", "--out", str(out), "--quiet", "--jobs", "2"],
    )
    assert result.exit_code == 0, result.output
    sheets = [out / "problems" / f"backward_pass-v0{v}.pdf" for v in (1, 2, 3)]
    counts = [_pages(p) for p in sheets]
    merged = PdfReader(str(out / "problems" / "backward_pass.print.pdf"))
    assert len(merged.pages) == sum(c + c % 2 for c in counts)
    start = 0
    for variant, (count, student) in enumerate(
        zip(counts, ["Ada Lovelace (s1001)", "李雷 (s1002)", "Bob Smith (s1003)"], strict=True), 1
    ):
        first = merged.pages[start].extract_text()
        assert f"variant {variant}" in first and student in first
        if count % 2:
            assert merged.pages[start + count].extract_text().strip() == ""  # the padding
        start += count + count % 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name,sid\nA,1\n", "row 1: no id column"),
        ("id\n1\n", "row 1: no name column"),
        ("name,id\nA,1\nB,\n", "row 3: the id is empty"),
        ("name,id\n", "at least one student"),
    ],
)
def test_bad_roster_names_the_row_or_column(tmp_path: Path, text: str, expected: str) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text(text, "utf-8")
    with pytest.raises(RosterError) as error:
        read_roster(roster)
    assert expected in error.value.message("en")
    assert "\n" not in error.value.message("zh") and "Text(" not in error.value.message("zh")


def test_roster_and_variants_must_agree(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("name,id\nA,1\nB,2\n", "utf-8")
    result = CliRunner().invoke(
        cli, ["sheet", str(MOCK), "--roster", str(roster), "--variants", "3", "--lang", "en"]
    )
    assert result.exit_code == 2
    assert "roster lists 2 students" in result.output


@pytest.mark.slow
def test_key_pdf_prints_the_tolerances(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (Debian: poppler-utils)")
    problem_set = load_set(BACKWARD)
    for lang in ("en", "zh"):
        write_set(problem_set, tmp_path, ["md"], [lang], [1, 2], False, 1, class_files=True)
        name = "backward_pass.keys" + (".zh" if lang == "zh" else "") + ".pdf"
        text = subprocess.run(
            ["pdftotext", str(tmp_path / "solutions" / name), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert text.count("±") >= 2 * 5
        assert variant_code(problem_set, 2).short in text
        assert ("容差" if lang == "zh" else "tolerance") in text
