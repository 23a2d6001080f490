"""The exam paper in Typst: the page with the variant's code, QR and "page k of n" in the footer,
the cover (name, student ID and seat, instructions, time allowed, the points table) and the
answer space of each part (``exam_space``)."""

from __future__ import annotations

from collections.abc import Sequence

from ...math.typst import string
from ..qr import qr_svg
from ..views import SheetDoc, label, minutes_text, page_of, points_text
from .exam_space import CELL_CM, GAP_CM, Space

STROKE = "0.6pt + luma(60)"


def words(text: str) -> str:
    return f"#{string(text)}"


def page_footer(doc: SheetDoc) -> str:
    """The footer of every page: the QR and the code, then "page k of n" on the right."""
    before, middle, after = page_of(doc.lang)
    pages = (
        "#context { let n = counter(page).final().first(); "
        f"[{words(before)}#counter(page).display(){words(middle)}#n{words(after)}] }}"
    )
    if doc.code is None:
        text = words(doc.ident)
        return f"#text(size: 8pt, fill: luma(90))[{text} #h(1fr) {pages}]"
    image = f'image(bytes({string(qr_svg(doc.code.payload))}), format: "svg", height: 1.9cm)'
    name = words(label("code", doc.lang) + _colon(doc.lang))
    code = f'{name}#text(font: "DejaVu Sans Mono")[{words(doc.code.short)}]'
    return (
        "#grid(columns: (auto, 1fr, auto), column-gutter: 0.4cm, align: horizon, "
        f"{image}, text(size: 9pt)[{code}], text(size: 9pt)[{pages}])"
    )


def page_header(doc: SheetDoc) -> str:
    """The header of every page but the cover: title on the left, the short code on the right."""
    right = doc.code.short if doc.code else doc.ident
    return (
        "#context if counter(page).get().first() > 1 "
        f"[#text(size: 8pt, fill: luma(90))[{words(doc.heading)} #h(1fr) {words(right)}]]"
    )


def page_setup(doc: SheetDoc) -> str:
    return (
        '#set page(paper: "a4", margin: (x: 2cm, top: 2cm, bottom: 3.2cm), '
        f"header: [{page_header(doc)}], footer: [{page_footer(doc)}], footer-descent: 20%)"
    )


def _field(key: str, lang: str, width_cm: float) -> str:
    name = words(label(key, lang) + ("：" if lang == "zh" else ":"))
    return f"[{name} #box(width: {width_cm}cm, stroke: (bottom: 0.5pt))[#v(1.1em)]]"


def points_table(doc: SheetDoc) -> str:
    """Problem numbers, their points and an empty score row, with the total (like exam.cls's
    ``\\gradetable``)."""
    totals = [sum(p) for p in doc.points]
    lang = doc.lang
    head = [words(label("question", lang)), *(f"[{i}]" for i in range(1, len(totals) + 1))]
    head.append(f"[*{words(label('total', lang))}*]")
    points = [words(label("points", lang)), *(f"[{p:g}]" for p in totals), f"[*{sum(totals):g}*]"]
    score = [words(label("score", lang)), *(["[]"] * (len(totals) + 1))]
    cells = ", ".join(f"[{c}]" if c.startswith("#") else c for c in [*head, *points, *score])
    return (
        f"#align(center, table(columns: {len(totals) + 2}, rows: (auto, auto, 1.1cm), "
        f"align: center + horizon, inset: 6pt, stroke: 0.5pt, {cells}))"
    )


def cover(doc: SheetDoc) -> str:
    """The cover page, then a page break."""
    lang, paper = doc.lang, doc.paper
    out = [f'#align(center)[#text(size: 17pt, weight: "bold")[{words(doc.heading)}]]']
    sub = [t.get(lang) for t in (paper.course,) if t is not None]
    if paper.date:
        sub.append(paper.date)
    if sub:
        out.append(f"#align(center)[{words(' · '.join(sub))}]")
    if doc.student:  # from a roster: this paper is printed for one student
        out.append(
            f"#align(center)[*{words(label('student', lang) + _colon(lang) + doc.student)}*]"
        )
    out.append("#v(0.8cm)")
    out.append(
        "#grid(columns: (1fr, 1fr, auto), column-gutter: 0.5cm, "
        f"{_field('name', lang, 5.2)}, {_field('student_id', lang, 4.4)}, "
        f"{_field('seat', lang, 1.6)})"
    )
    out.append("#v(0.6cm)")
    facts = []
    if paper.minutes:
        facts.append(label("time_allowed", lang) + _colon(lang) + minutes_text(paper.minutes, lang))
    facts.append(label("total", lang) + _colon(lang) + points_text(sum(map(sum, doc.points)), lang))
    out.append(f"*{words(('　' if lang == 'zh' else ' · ').join(facts))}*")
    if paper.instructions:
        out.append(f"== {words(label('instructions', lang))}")
        out.append("\n".join(f"+ {words(t.get(lang))}" for t in paper.instructions))
    out.append("#v(0.8cm)")
    out.append(points_table(doc))
    out.append("#pagebreak()")
    return "\n\n".join(out)


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def _cells(rows: int, cols: int, width: float) -> str:
    return (
        f"#grid(columns: ({width}cm,) * {cols}, rows: {CELL_CM[1]}cm, stroke: {STROKE}, "
        f"..range({rows * cols}).map(_ => []))"
    )


def space(shown: Space, choices: Sequence[str] = ()) -> str:
    """The answer space in Typst."""
    h = CELL_CM[1]
    if shown.kind == "box":
        return f"#box(width: {shown.cell_width}cm, height: {h + 0.15}cm, stroke: {STROKE})"
    if shown.kind == "wide":
        return f"#box(width: 100%, height: {shown.rows * 1.1}cm, stroke: {STROKE})"
    if shown.kind == "row":
        return (
            f"#stack(dir: ltr, spacing: {GAP_CM}cm, ..range({shown.cols}).map(_ => "
            f"box(width: {shown.cell_width}cm, height: {h}cm, stroke: {STROKE})))"
        )
    if shown.kind == "grid":
        return _cells(shown.rows, shown.cols, shown.cell_width)
    if shown.kind == "lines":
        return (
            f"#for _ in range({shown.rows}) "
            "[#v(0.75cm, weak: false) #line(length: 100%, stroke: 0.4pt + luma(150)) #linebreak()]"
        )
    marks = [f"#box(width: 0.9em, height: 0.9em, stroke: {STROKE}) {words(c)}" for c in choices]
    return " #h(1.6em) ".join(marks)


def part(letter: str, prompt: str, points: float, lang: str, body: str) -> str:
    """One part: never split across pages."""
    head = f"*({letter})* {prompt} #h(1fr) #text(size: 0.9em)[{words(points_text(points, lang))}]"
    return f"#block(breakable: false, width: 100%, above: 1.1em)[{head}\n\n#v(0.2em){body}]"
