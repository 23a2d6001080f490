"""Multi-line derivations in the static HTML, measured in a real browser (headless Chromium):
every "=" of a step's chain stands in one column, and fractions in the chain keep display size
(as large as in a displayed formula outside any table)."""

from __future__ import annotations

import pytest

from studykit.i18n import Text
from studykit.render.formats import get_format
from studykit.render.views import SheetDoc

from .browser import launch, sync_api
from .hand import backprop_problem, expression_problem

MEASURE = """() => [...document.querySelectorAll('div.step > math > mtable')].map(table => {
  const rows = [...table.querySelectorAll(':scope > mtr')];
  return {
    equals: rows.map(r => r.children[1].querySelector('mo'))
                .filter(Boolean).map(mo => mo.getBoundingClientRect().left),
    rights: rows.map(r => r.children[2].getBoundingClientRect().left),
    fractions: [...table.querySelectorAll(':scope > mtr > mtd > mfrac, :scope > mtr > mtd > mrow > mfrac')]
                .map(f => [f.getBoundingClientRect().height, getComputedStyle(f).mathStyle]),
  };
})"""

REFERENCE = """() => {
  const math = document.createElementNS('http://www.w3.org/1998/Math/MathML', 'math');
  math.setAttribute('display', 'block');
  math.innerHTML = '<mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi>y</mi></mrow></mfrac>';
  document.body.appendChild(math);
  return math.querySelector('mfrac').getBoundingClientRect().height;
}"""


@pytest.mark.slow  # a browser (Chromium)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_equals_aligned_and_fractions_full_size(tmp_path, lang):
    doc = SheetDoc(Text("S", "S"), (backprop_problem(), expression_problem()), lang, "s", 0, 1)
    path = tmp_path / "s.html"
    path.write_bytes(get_format("html").sheet(doc, solution=True))
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.goto(path.as_uri())
        tables = page.evaluate(MEASURE)
        display = page.evaluate(REFERENCE)
        browser.close()
    chains = [t for t in tables if len(t["equals"]) >= 2]
    assert len(chains) >= 4
    for table in chains:
        assert max(table["equals"]) - min(table["equals"]) < 0.5, table
        assert max(table["rights"]) - min(table["rights"]) < 0.5, table  # left-aligned
    fractions = [h for t in tables for h in t["fractions"]]
    assert fractions, "the hand problems' derivations have fractions"
    # display size: "normal" math style, and as tall as ∂L/∂y displayed alone (script size
    # would be about half)
    assert all(style == "normal" and h >= 0.9 * display for h, style in fractions), (
        fractions,
        display,
    )
