"""Layout faults of a PDF read from its words' bounding boxes (``pdftotext -bbox-layout``, from
poppler-utils): overlapping words, words outside the margins, pages with only a header/footer."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
CM = 72 / 2.54


def pdftotext() -> str | None:
    return shutil.which("pdftotext")


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    boxes: np.ndarray  # (n, 4): x0, y0, x1, y1 in pt, y down
    words: tuple[str, ...]


def read_pages(pdf: Path) -> list[Page]:
    xml = subprocess.run(
        [pdftotext() or "pdftotext", "-bbox-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = []
    for number, chunk in enumerate(xml.split("<page ")[1:], 1):
        width, height = map(float, PAGE.match("<page " + chunk).groups())
        found = WORD.findall(chunk)
        boxes = np.array([[float(v) for v in w[:4]] for w in found]).reshape(-1, 4)
        pages.append(Page(number, width, height, boxes, tuple(w[4] for w in found)))
    return pages


#: CJK punctuation that Typst sets at half width (compressed next to another punctuation mark
#: or at a line's edge, as CLREQ asks) while pdftotext still gives it a full-width box.
CJK_OPEN, CJK_CLOSE = "（《“‘「『【", "）》”’」』】，。、；：！？"
#: A radical whose pdftotext box is its unstretched glyph, not the sign as drawn.
RADICAL = "√"
#: Math scripts sit closer to their base, and a sub- to its superscript, than their boxes (the
#: font's ascent to descent, taller than the ink) allow: up to this much is contact, not overlap.
SCRIPT_CONTACT = 1.2


def _accent(word: str) -> bool:
    """A word of combining accents only (``̂``): math sets it over its base on purpose."""
    return bool(word) and all(unicodedata.category(c) == "Mn" or c in "ˆ˜¯˙" for c in word)


def _cjk_squeeze(a: str, b: str, dx: float, height: float) -> bool:
    """Two neighbours whose overlap is the half em Typst took off a punctuation mark's box."""
    touching = (a and a[-1] in CJK_CLOSE) or (b and b[0] in CJK_OPEN + CJK_CLOSE)
    return bool(touching) and dx <= 0.55 * height


def _excused(page: Page, i: int, j: int, dx: float, dy: float, script: float) -> bool:
    wi, wj = page.words[i], page.words[j]
    hi, hj = (page.boxes[k, 3] - page.boxes[k, 1] for k in (i, j))
    left, right = (wi, wj) if page.boxes[i, 0] <= page.boxes[j, 0] else (wj, wi)
    if _cjk_squeeze(left, right, dx, max(hi, hj)):
        return True
    if RADICAL in (wi, wj) and dy <= 3.0:
        return True
    if _accent(wi) or _accent(wj):  # m̂: the hat is set over its letter
        return True
    if max(hi, hj) >= script:  # base and script: the script touches its base
        return min(hi, hj) < script and min(dx, dy) <= SCRIPT_CONTACT
    return dy <= SCRIPT_CONTACT and _stacked_on_a_base(page, i, j)


def _stacked_on_a_base(page: Page, i: int, j: int) -> bool:
    """A subscript under a superscript: both start within 3 pt, right after a base letter (a word
    at most 1.6 times as tall; a matrix's bracket is taller, so tiny matrix rows are no
    excuse)."""
    b = page.boxes
    if abs(b[i, 0] - b[j, 0]) > 3.0:  # the italic correction shifts the superscript
        return False
    tall = max(b[i, 3] - b[i, 1], b[j, 3] - b[j, 1])
    top, bottom = min(b[i, 1], b[j, 1]), max(b[i, 3], b[j, 3])
    near = (
        (np.abs(b[:, 2] - b[i, 0]) <= 2.0)
        & (b[:, 1] < bottom)
        & (b[:, 3] > top)
        & (b[:, 3] - b[:, 1] <= 1.6 * tall)
        & (b[:, 3] - b[:, 1] > tall)
    )
    return bool(near.any())


def overlaps(page: Page, tolerance: float = 0.5) -> list[str]:
    """Pairs of words whose boxes overlap by more than ``tolerance`` pt in both directions (less
    the typesetting contacts :func:`_excused` lists)."""
    b = page.boxes
    if len(b) < 2:
        return []
    dx = np.minimum(b[:, None, 2], b[None, :, 2]) - np.maximum(b[:, None, 0], b[None, :, 0])
    dy = np.minimum(b[:, None, 3], b[None, :, 3]) - np.maximum(b[:, None, 1], b[None, :, 1])
    hit = np.triu((dx > tolerance) & (dy > tolerance), k=1)
    script = 0.8 * float(np.median(b[:, 3] - b[:, 1]))
    return [
        f"p.{page.number}: {page.words[i]!r} and {page.words[j]!r} overlap "
        f"({dx[i, j]:.1f} × {dy[i, j]:.1f} pt at y = {b[i, 1]:.0f})"
        for i, j in zip(*np.nonzero(hit), strict=True)
        if not _excused(page, i, j, dx[i, j], dy[i, j], script)
    ]


def outside(page: Page, x_margin: float, y_margin: float) -> list[str]:
    """Words that cross the left/right margins or come within ``y_margin`` of the top/bottom."""
    b = page.boxes
    height = b[:, 3] - b[:, 1]
    # a CJK mark at a line's edge is set at half width: its box may reach half an em further
    opens = np.array([w[:1] in CJK_OPEN for w in page.words], dtype=bool)
    closes = np.array([w[-1:] in CJK_CLOSE for w in page.words], dtype=bool)
    bad = (
        (b[:, 0] + np.where(opens, 0.55 * height, 0) < x_margin - 0.5)
        | (b[:, 2] - np.where(closes, 0.55 * height, 0) > page.width - x_margin + 0.5)
        | (b[:, 1] < y_margin)
        | (b[:, 3] > page.height - y_margin)
    )
    return [
        f"p.{page.number}: {page.words[i]!r} at {b[i].round(1).tolist()}"
        for i in np.nonzero(bad)[0]
    ]


def header_only(page: Page, top: float, bottom: float) -> bool:
    """Nothing but a header: no word between the header (above ``top`` pt) and the footer
    (below ``bottom`` pt) lower than the top fifth of that body, as when the first problem did
    not fit under the sheet's title and went to the next page."""
    b = page.boxes
    body = (b[:, 1] >= top) & (b[:, 3] <= page.height - bottom)
    fifth = top + 0.2 * (page.height - top - bottom)
    return not bool((body & (b[:, 3] > fifth)).any())


def faults(
    pdf: Path, x_margin: float = 2 * CM, body: tuple[float, float] = (2 * CM, 2 * CM)
) -> list[str]:
    """Every layout fault of ``pdf``: overlaps over 0.5 pt, words outside the margins (1 cm of
    paper is left at the top and bottom for the header and footer) and header-only pages."""
    out = []
    pages = read_pages(pdf)
    for page in pages:
        out += overlaps(page)
        out += outside(page, x_margin, 1 * CM)
        if page.number < len(pages) and header_only(page, body[0] - 2, body[1] - 2):
            out.append(f"p.{page.number}: only a header and footer")
    return out
