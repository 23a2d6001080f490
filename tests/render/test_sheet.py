from __future__ import annotations

import glob
import shutil
import xml.dom.minidom
from pathlib import Path

import pytest
from click.testing import CliRunner

from studykit.cli import cli
from studykit.i18n import Text
from studykit.problems import registry
from studykit.problems.sets import SetError, load_set, parse_set
from studykit.render.formats import get_format
from studykit.render.sheet import render, write_set
from studykit.render.views import SheetDoc
from tests.golden import check_golden
from tests.sweeps import seed_chunks

from .hand import backprop_problem, choice_problem, expression_problem

GOLDEN = Path(__file__).parent / "golden"

HTML, LATEX = get_format("html"), get_format("tex")

REPO = Path(__file__).resolve().parents[2]
SETS = sorted(glob.glob(str(REPO / "problems" / "*.toml")))
KINDS = {k.name for k in registry.all_kinds()}


def _doc(lang: str) -> SheetDoc:
    problems = (backprop_problem(), choice_problem(), expression_problem())
    return SheetDoc(Text("Mock exam", "模拟考试"), problems, lang, "mock_exam", 3, 1234)


def _missing_kinds(path: str) -> set[str]:
    return {e.kind for e in load_set(path, check_kinds=False).entries} - KINDS


# ----------------------------------------------------------------------------- set files


def test_shipped_sets_parse_and_cover_the_course():
    names = {Path(p).stem for p in SETS}
    assert {"mock_exam", "forward_pass", "backward_pass", "training_step"} <= names
    assert len(names) >= 9
    for path in SETS:
        load_set(path, check_kinds=False)


@pytest.mark.parametrize("path", SETS, ids=lambda p: Path(p).stem)
def test_shipped_sets_name_registered_kinds(path):
    missing = _missing_kinds(path)
    if missing:
        pytest.skip(f"kinds not registered yet: {', '.join(sorted(missing))}")
    load_set(path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"seed": 1, "problem": [{"kind": "forward"}]}, "title: missing"),
        ({"title": 3, "problem": [{"kind": "forward"}]}, "title: must be a string or a table"),
        (
            {"title": {"en": "a", "fr": "b"}, "problem": [{"kind": "forward"}]},
            "title: must be a string or a table of en and zh",
        ),
        (
            {"title": "Quiz 3", "instructions": "请作答", "problem": [{"kind": "forward"}]},
            "instructions: is not written in the set's language (English, as title)",
        ),
        (
            {"title": "x", "paper": "test", "problem": [{"kind": "forward"}]},
            "paper: must be exam or worksheet",
        ),
        (
            {"title": "x", "time_allowed": "1h", "problem": [{"kind": "forward"}]},
            "time_allowed: must be the minutes allowed",
        ),
        (
            {"title": "x", "problem": [{"kind": "forward", "points": [1, -2]}]},
            "problem[1].points[2]: must be a number",
        ),
        ({"title": {"en": "a", "zh": "b"}, "problem": []}, "problem: list at least one"),
        (
            {"title": {"en": "a", "zh": "b"}, "problme": []},
            "problme: unknown key (did you mean 'problem'?)",
        ),
        (
            {"title": {"en": "a", "zh": "b"}, "problem": [{"kind": "forward", "count": 0}]},
            "problem[1].count: must be an integer from 1 to 50",
        ),
        (
            {"title": {"en": "a", "zh": "b"}, "problem": [{"kind": "forward", "notation": "x"}]},
            "problem[1].notation: must be one of",
        ),
        (
            {
                "title": {"en": "a", "zh": "b"},
                "problem": [{"kind": "forward", "calculator": "yes"}],
            },
            "problem[1].calculator: must be true or false",
        ),
        ({"title": {"en": "a", "zh": "b"}, "problem": [{"count": 2}]}, "problem[1].kind: missing"),
    ],
)
def test_set_errors_name_the_field(data, message):
    with pytest.raises(SetError) as exc:
        parse_set(data, "s", check_kinds=False)
    assert message in exc.value.message("en")
    assert "\n" not in exc.value.message("en") and exc.value.message("zh")


def test_unknown_kind_is_refused_with_a_hint():
    with pytest.raises(SetError, match=r"problem\[1\].kind: unknown problem kind 'forwrd'"):
        parse_set({"title": {"en": "a", "zh": "b"}, "problem": [{"kind": "forwrd"}]}, "s")


def test_cli_reports_bad_set_in_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('title = { en = "a", zh = "b" }\nseed = -1\n[[problem]]\nkind = "forward"\n')
    result = CliRunner().invoke(cli, ["sheet", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "seed: must be an integer" in result.output


# ----------------------------------------------------------------------------- formats


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_golden_offline_and_printable(lang):
    out = HTML.sheet_source(_doc(lang), solution=True)
    check_golden(GOLDEN / f"sheet.{lang}.html", out)
    assert "http://" not in out.replace("http://www.w3.org/", "") and "https://" not in out
    assert "<script" not in out and "break-after: page" in out
    for chunk in out.split("<math")[1:]:
        xml.dom.minidom.parseString("<math" + chunk.split("</math>")[0] + "</math>")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_latex_golden(lang):
    out = LATEX.sheet_source(_doc(lang), solution=True)
    check_golden(GOLDEN / f"sheet.{lang}.tex", out)
    assert ("ctexart" in out) == (lang == "zh")


def _every_kind_doc(lang: str) -> SheetDoc:
    """One problem of every kind, with and without a calculator, notations in turn."""
    from studykit.problems.model import NOTATIONS
    from studykit.problems.registry import GenerationError, Options, generate

    problems = []
    for i, kind in enumerate(sorted(KINDS)):
        for calculator in (True, False):
            options = Options(calculator=calculator, notation=NOTATIONS[i % len(NOTATIONS)])
            try:
                problems.append(generate(kind, 11, options))
            except GenerationError:  # a kind that needs a calculator (cs224n-only options…)
                continue
    return SheetDoc(Text("Every kind", "所有题型"), tuple(problems), lang, "every_kind", 0, 11)


@pytest.mark.parametrize("seeds", seed_chunks(total=8, chunk=8, fast=3))
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_english_latex_is_ascii_for_every_kind(kind, seeds):
    """pdflatex without extra packages reads ASCII only: no Unicode may leak from any kind,
    seed, difficulty, mode or notation."""
    from studykit.problems.model import NOTATIONS
    from studykit.problems.registry import GenerationError, Options, generate

    leaked: dict[str, set[str]] = {}
    for seed in seeds:
        for difficulty in (1, 2, 3):
            for calculator in (True, False):
                options = Options(difficulty, calculator, NOTATIONS[seed % len(NOTATIONS)])
                try:
                    problem = generate(kind, seed, options)
                except GenerationError:
                    continue
                out = LATEX.problem_source(problem, "en", solution=True)
                chars = {c for c in out if ord(c) > 127}
                if chars:
                    leaked.setdefault(problem.id, set()).update(chars)
    assert not leaked, f"non-ASCII characters in English LaTeX: {leaked}"


@pytest.mark.slow  # TeX
@pytest.mark.parametrize("which", ["fixture", "every_kind"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_latex_compiles_where_tex_exists(tmp_path, lang, which):
    engine = (
        shutil.which("xelatex")
        if lang == "zh"
        else shutil.which("pdflatex") or shutil.which("xelatex")
    )
    if engine is None:
        pytest.skip("no TeX installation (pdflatex/xelatex) on this machine: LaTeX not compiled")
    doc = _doc(lang) if which == "fixture" else _every_kind_doc(lang)
    (tmp_path / "s.tex").write_text(LATEX.sheet_source(doc, solution=True), encoding="utf-8")
    import subprocess

    run = subprocess.run(
        [engine, "-interaction=nonstopmode", "-halt-on-error", "s.tex"],
        cwd=tmp_path,
        capture_output=True,
        timeout=300,
    )
    log = (tmp_path / "s.log").read_text(encoding="utf-8", errors="replace")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert run.returncode == 0 and not errors, "\n".join(errors) or run.stdout[-2000:]
    assert (tmp_path / "s.pdf").stat().st_size > 5000


def test_typst_golden():
    check_golden(GOLDEN / "sheet.en.typ", render(_doc("en"), "typ", solution=True).decode())


@pytest.mark.slow  # Typst PDF compile
def test_pdf_en_compiles():
    pdf = render(_doc("en"), "pdf", solution=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    assert render(_doc("en"), "pdf", solution=True) == pdf  # deterministic (no date)


@pytest.mark.slow  # Typst PDF compile
def test_pdf_zh_compiles_with_a_cjk_font():
    from studykit.render.fonts import cjk_families

    if not cjk_families():
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk): zh PDF not tested")
    assert render(_doc("zh"), "pdf", solution=False).startswith(b"%PDF")


def test_pdf_zh_without_cjk_font_names_the_package(monkeypatch):
    from studykit.render.fonts import MissingCJKFont

    monkeypatch.setenv("STUDYKIT_NO_CJK_FONT", "1")
    with pytest.raises(MissingCJKFont, match="fonts-noto-cjk"):
        render(_doc("zh"), "pdf", solution=False)


# ----------------------------------------------------------------------------- sheets from sets


def _runnable(name: str) -> str:
    path = str(REPO / "problems" / f"{name}.toml")
    missing = _missing_kinds(path)
    if missing:
        pytest.skip(f"{name}: kinds not registered yet: {', '.join(sorted(missing))}")
    return path


def test_sheet_is_deterministic_and_variants_differ(tmp_path):
    problem_set = load_set(_runnable("backward_pass"))
    a = write_set(problem_set, tmp_path / "a", ["md"], ["en"], [0, 1, 2], show_progress=False)
    b = write_set(problem_set, tmp_path / "b", ["md"], ["en"], [0, 1, 2], show_progress=False)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    sheets = [p for p in a if p.parent.name == "problems"]
    assert [p.name for p in sheets] == [
        "backward_pass.md",
        "backward_pass-v01.md",
        "backward_pass-v02.md",
    ]
    texts = [p.read_text() for p in sheets]
    assert len(set(texts)) == 3
    assert "variant 2 · seed" in texts[2]


def test_cli_variant_regenerates_a_key(tmp_path):
    path = _runnable("backward_pass")
    runner = CliRunner()
    r1 = runner.invoke(
        cli, ["sheet", path, "--variants", "3", "--out", str(tmp_path / "all"), "--lang", "en"]
    )
    r2 = runner.invoke(
        cli, ["sheet", path, "--variant", "2", "--out", str(tmp_path / "one"), "--lang", "en"]
    )
    assert r1.exit_code == 0 and r2.exit_code == 0, r1.output + r2.output
    name = "solutions/backward_pass-v02.md"
    assert (tmp_path / "all" / name).read_bytes() == (tmp_path / "one" / name).read_bytes()


def test_repo_sheets_are_up_to_date(tmp_path):
    """problems/*.md and solutions/*.md are exactly what `studykit sheet --lang all` writes."""
    stale, skipped = [], []
    for path in SETS:
        if _missing_kinds(path):
            skipped.append(Path(path).stem)
            continue
        written = write_set(
            load_set(path), tmp_path, ["md"], ["en", "zh"], [0], show_progress=False
        )
        for new in written:
            old = REPO / new.relative_to(tmp_path)
            if not old.exists() or old.read_bytes() != new.read_bytes():
                stale.append(str(old.relative_to(REPO)))
    assert not stale, (
        "stale rendered sheets; regenerate with "
        "`studykit sheet problems/NAME.toml --format md --lang all --out .`: " + ", ".join(stale)
    )
    if skipped:
        pytest.skip(f"not rendered yet (kinds missing): {', '.join(skipped)}")


def test_exports(tmp_path):
    path = _runnable("backward_pass")
    runner = CliRunner()
    xml_out = tmp_path / "q.xml"
    r = runner.invoke(
        cli, ["export", path, "--format", "moodle", "--out", str(xml_out), "--lang", "en"]
    )
    assert r.exit_code == 0, r.output
    doc = xml.dom.minidom.parse(str(xml_out))
    assert len(doc.getElementsByTagName("question")) == 3 + 3  # a category per slot + 3 problems
    assert "NUMERICAL:=" in xml_out.read_text()

    from studykit.problems.sets import generate_problems
    from studykit.render.writers.anki import ANKI_MODEL_ID, deck_id

    problem_set = load_set(path)
    anki = get_format("anki").writer_for("textbook", "en")
    problems = generate_problems(problem_set, 0)
    p1 = anki.package(problem_set.name, problem_set.title, problems)
    p2 = anki.package(problem_set.name, problem_set.title, problems)
    guids = [n.guid for n in p1.decks[0].notes]
    parts = sum(len(p.answers) for p in problems)  # a card per sub-result
    assert guids == [n.guid for n in p2.decks[0].notes] and len(set(guids)) == parts
    assert p1.decks[0].deck_id == deck_id(problem_set.name) == p2.decks[0].deck_id
    assert p1.decks[0].notes[0].model.model_id == ANKI_MODEL_ID
    assert "{{c1::" not in p1.decks[0].notes[0].fields[0]
    r = runner.invoke(cli, ["export", path, "--format", "anki", "--out", str(tmp_path / "d.apkg")])
    assert r.exit_code == 0 and (tmp_path / "d.apkg").stat().st_size > 1000
