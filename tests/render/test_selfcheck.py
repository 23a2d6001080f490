"""The self-check page in a real browser (headless Chromium driven by Playwright, opened from
``file://``): right, wrong, carried and unreadable input, wrong entries by position, the
solution revealed per part, formulas and explanations, in English and Chinese.

The page's verdicts are compared with the model's own definition of acceptance
(``Tolerance.accepts`` against the key or an alternative), never with the page's output.
Screenshots go to ``$STUDYKIT_SCREENSHOTS`` when set (to look at them), else to the test's
temporary folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from studykit.cli import cli
from studykit.i18n import Text
from studykit.problems.model import Problem
from studykit.render.formats import get_format
from studykit.render.views import SheetDoc
from studykit.render.writers.parts import flat

from .browser import launch, sync_api
from .delivery_hand import CARRIED_SHIFT, MODEL, carried_problem, explain_problem
from .hand import expression_problem

REPO = Path(__file__).resolve().parents[2]

WORDS = {
    "en": {"correct": "correct", "carried": "carried-rounding", "every": "every entry is wrong"},
    "zh": {"correct": "正确", "carried": "逐步舍入", "every": "每个元素都不对"},
}


def _problems() -> tuple[Problem, ...]:
    return (carried_problem(), expression_problem(), explain_problem())


def _page(tmp_path: Path, lang: str) -> str:
    doc = SheetDoc(Text("Self-check", "自测"), _problems(), lang, "hand", 1, 42)
    path = tmp_path / f"hand.{lang}.selfcheck.html"
    path.write_bytes(get_format("selfcheck").sheet(doc, solution=False))
    return path.as_uri()


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("STUDYKIT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 900, "height": 1200})
    tab = context.new_page()
    tab.requests, tab.errors = [], []
    tab.on("request", lambda r: tab.requests.append(r.url))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    yield tab
    context.close()


def _part(page, problem: int, part: int):
    return page.locator(f'section[data-problem="{problem}"] .part[data-part="{part}"]')


def _enter(part, values: list[str]) -> tuple[str | None, str]:
    cells = part.locator("input.entry")
    assert cells.count() == len(values)
    for i, value in enumerate(values):
        cells.nth(i).fill(value)
    part.locator("button.check").click()
    return part.get_attribute("data-state"), part.locator(".fb").inner_text()


@pytest.mark.slow  # a browser (Chromium)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_right_wrong_carried_and_unreadable(page, tmp_path, lang):
    url = _page(tmp_path, lang)
    page.goto(url)
    words = WORDS[lang]
    problem = carried_problem()
    a1, _, _, dW1 = problem.answers
    part = _part(page, 0, 0)

    state, text = _enter(part, [repr(v) for v in a1.value])
    assert state == "correct" and text.endswith(words["correct"]) and words["carried"] not in text

    carried = a1.alternatives[0]
    state, text = _enter(part, [repr(v) for v in carried])
    assert state == "correct" and words["carried"] in text
    assert abs(carried[0] - a1.value[0]) > a1.tolerance.abs  # only the carried route takes it

    halfway = a1.value[0] + CARRIED_SHIFT / 2  # outside both routes' tolerance
    state, text = _enter(part, [repr(halfway), repr(a1.value[1])])
    assert state == "wrong" and "1" in text and words["every"] not in text
    assert part.locator("input.entry.bad").count() == 1

    state, text = _enter(part, ["abc", "0.5"])
    assert state == "unreadable" and "abc" not in text and "1" in text
    state, _ = _enter(part, ["", ""])
    assert state == "unreadable"
    state, text = _enter(part, ["−1/2", "3e-2"])  # Unicode minus and exponents are read
    assert state == "wrong" and words["every"] in text

    matrix = _part(page, 0, 3)
    entries = flat(dW1.value)
    wrong = list(entries)
    wrong[2] += 10 * dW1.tolerance.abs  # row 2, column 1
    state, text = _enter(matrix, [repr(v) for v in wrong])
    assert state == "wrong" and "(2, 1)" in text
    bad = matrix.locator("input.entry.bad")
    assert bad.count() == 1 and bad.get_attribute("data-index") == "2"
    page.screenshot(path=str(_shots(tmp_path) / f"selfcheck-grading.{lang}.png"), full_page=True)
    assert page.requests == [url] and not page.errors


@pytest.mark.slow  # a browser (Chromium)
def test_page_grades_as_the_tolerance_says(page, tmp_path):
    """Around each boundary the page agrees with ``Tolerance.accepts`` on the key or the
    carried route, entry by entry."""
    page.goto(_page(tmp_path, "en"))
    a1 = carried_problem().answers[0]
    refs = [a1.value, *a1.alternatives]
    part = _part(page, 0, 0)
    tol = a1.tolerance.abs
    for base in (a1.value[0], a1.alternatives[0][0]):
        for factor in (-10, -1.001, -0.999, 0, 0.999, 1.001, 10):
            first = base + factor * tol
            values = [first, a1.value[1]]
            expected = any(
                all(a1.tolerance.accepts(x, v) for x, v in zip(values, ref, strict=True))
                for ref in refs
            )
            state, _ = _enter(part, [repr(v) for v in values])
            assert (state == "correct") == expected, (first, factor)


@pytest.mark.slow  # a browser (Chromium)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_solution_revealed_part_by_part(page, tmp_path, lang):
    page.goto(_page(tmp_path, lang))
    problem = carried_problem()
    reveals = page.locator('section[data-problem="0"] div.reveal')
    assert reveals.count() == len(problem.answers)
    for i in range(reveals.count()):
        assert not reveals.nth(i).is_visible()
    second = _part(page, 0, 1)
    second.locator("button.reveal-button").click()
    shown = second.locator("div.reveal")
    assert shown.is_visible()
    assert problem.steps[2].title.get(lang) in shown.inner_text()  # ŷ's own step
    assert problem.steps[0].title.get(lang) not in shown.inner_text()  # z⁽¹⁾'s: part (a)
    assert sum(reveals.nth(i).is_visible() for i in range(reveals.count())) == 1
    second.screenshot(path=str(_shots(tmp_path) / f"selfcheck-reveal.{lang}.png"))
    second.locator("button.reveal-button").click()
    assert not shown.is_visible()


@pytest.mark.slow  # a browser (Chromium)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_formula_and_explanation_parts(page, tmp_path, lang):
    page.goto(_page(tmp_path, lang))
    formula = _part(page, 1, 0)
    assert formula.locator("button.check").count() == 0  # not graded in the page
    command = formula.locator("code.command")
    assert command.inner_text().startswith("studykit check --problem ")
    formula.locator("input.formula").fill("s*(1-s)")
    text = command.inner_text()
    assert "--part deriv" in text and text.endswith("'s*(1-s)'")
    problem = expression_problem()
    assert f"'{problem.id}'" in text or problem.id in text

    explain = _part(page, 2, 1)
    assert explain.locator("textarea.explain").count() == 1
    assert not explain.locator("p.model").is_visible()
    explain.locator("textarea.explain").fill("the gradients are equal")
    explain.locator("button.reveal-button").click()
    assert explain.locator("p.model").inner_text() == MODEL[lang]
    ticks = explain.locator("input.tick")
    assert ticks.count() == 2
    ticks.nth(0).check()
    assert explain.locator(".score").inner_text().startswith("2 / 3")
    ticks.nth(1).check()
    assert explain.locator(".score").inner_text().startswith("3 / 3")
    page.screenshot(
        path=str(_shots(tmp_path) / f"selfcheck-formula-explain.{lang}.png"), full_page=True
    )
    assert not page.errors


@pytest.mark.slow  # a browser (Chromium)
def test_every_key_of_the_mock_exam_is_accepted_in_the_page(page, tmp_path, lang="en"):
    """The page `studykit sheet --format selfcheck` writes, as a student opens it: each part's
    key is accepted, each key ten tolerances off is refused, every shape and choice part too
    (English only: the other tests cover both languages)."""
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "sheet",
            str(REPO / "problems" / "mock_exam.toml"),
            "--format",
            "selfcheck",
            "--variant",
            "2",
            "--lang",
            lang,
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    suffix = ".zh" if lang == "zh" else ""
    path = out / "problems" / f"mock_exam-v02{suffix}.selfcheck.html"
    page.goto(path.as_uri())
    data = json.loads(page.locator("#studykit-data").inner_text())
    checked = 0
    for p, problem in enumerate(data["problems"]):
        for i, part in enumerate(problem["parts"]):
            el = _part(page, p, i)
            if part["kind"] in ("number", "vector", "matrix"):
                key = part["refs"][0]
                assert _enter(el, [repr(v) for v in key])[0] == "correct"
                off = [v + 10 * (part["tol"]["abs"] + part["tol"]["rel"] * abs(v)) for v in key]
                assert _enter(el, [repr(v) for v in off])[0] == "wrong"
            elif part["kind"] == "shape":
                rows, cols = part["shape"]
                el.locator("input.shape").fill(f"{rows}x{cols}")
                el.locator("button.check").click()
                assert el.get_attribute("data-state") == "correct"
                el.locator("input.shape").fill(f"{rows}x{cols + 1}")
                el.locator("button.check").click()
                assert el.get_attribute("data-state") == "wrong"
            elif part["kind"] == "choice":
                el.locator("button.check").click()
                assert el.get_attribute("data-state") == "unreadable"
                el.locator(f'input[value="{part["answer"]}"]').check()
                el.locator("button.check").click()
                assert el.get_attribute("data-state") == "correct"
            checked += 1
    assert checked == sum(len(p["parts"]) for p in data["problems"]) > 30
    page.screenshot(path=str(_shots(tmp_path) / f"selfcheck-mock-exam.{lang}.png"), full_page=False)
    assert page.requests == [path.as_uri()] and not page.errors


def test_page_says_the_key_is_readable_and_needs_no_network(tmp_path):
    for lang, phrase in (("en", "determined student can read it"), ("zh", "有心的学生可以读到")):
        doc = SheetDoc(Text("S", "S"), _problems(), lang, "hand", 0, 1)
        html = get_format("selfcheck").sheet(doc, solution=False).decode()
        assert phrase in html
        assert "https://" not in html and "http://" not in html.replace("http://www.w3.org/", "")
        assert "<script src" not in html and "<link" not in html
