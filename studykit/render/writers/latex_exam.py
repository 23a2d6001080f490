"""The exam paper in LaTeX (pdflatex for English, xelatex for Chinese): fancyhdr puts the code, its
QR (TikZ, one filled rectangle per run of dark modules, drawn once into a box) and "page k of n"
(lastpage: run LaTeX twice) on every page; the cover and the answer spaces are those of the
Typst paper (``exam_space``)."""

from __future__ import annotations

from collections.abc import Sequence

from ...math.latex import latex_text as escape
from ..qr import qr_runs
from ..views import SheetDoc, label, minutes_text, points_text
from .exam_space import CELL_CM, GAP_CM, Space

#: The width of the printed QR code, in cm.
QR_CM = 1.9


def qr_tikz(payload: str) -> str:
    """The QR code as a TikZ picture ``QR_CM`` wide."""
    size, runs = qr_runs(payload)
    unit = QR_CM / size
    rects = " ".join(f"({c},{-r}) rectangle +({n},-1)" for r, c, n in runs)
    return (
        f"\\begin{{tikzpicture}}[x={unit:.4f}cm,y={unit:.4f}cm]\\fill {rects};\\end{{tikzpicture}}"
    )


def packages() -> str:
    return "\\usepackage{fancyhdr,lastpage,array}"


def page_style(doc: SheetDoc) -> str:
    """After ``\\begin{document}``: the QR box and the page style of every page."""
    short = doc.code.short if doc.code else doc.ident
    if doc.lang == "zh":
        pages = "第~\\thepage~页，共~\\pageref*{LastPage}~页"
    else:
        pages = "Page \\thepage\\ of \\pageref*{LastPage}"
    out = [
        "\\pagestyle{fancy}\\fancyhf{}\\renewcommand{\\headrulewidth}{0pt}",
        f"\\fancyhead[L]{{\\small {escape(doc.heading)}}}",
        f"\\fancyhead[R]{{\\small\\texttt{{{escape(short)}}}}}",
        f"\\fancyfoot[R]{{\\small {pages}}}",
    ]
    if doc.code is not None:
        colon = "：" if doc.lang == "zh" else ": "
        code = escape(label("code", doc.lang) + colon) + f"\\texttt{{{escape(doc.code.short)}}}"
        out.insert(0, f"\\newsavebox\\qrbox\\sbox\\qrbox{{{qr_tikz(doc.code.payload)}}}")
        out.append(
            f"\\fancyfoot[L]{{\\raisebox{{-0.4\\height}}{{\\usebox\\qrbox}}\\quad\\small {code}}}"
        )
    else:
        out.append(f"\\fancyfoot[L]{{\\small {escape(doc.ident)}}}")
    return "\n".join(out)


def _field(key: str, lang: str, width_cm: float) -> str:
    name = escape(label(key, lang) + ("：" if lang == "zh" else ":"))
    return f"{name}~\\rule{{{width_cm}cm}}{{0.4pt}}"


def points_table(doc: SheetDoc) -> str:
    totals = [sum(p) for p in doc.points]
    lang = doc.lang
    cols = "|l|" + "c|" * (len(totals) + 1)
    head = [escape(label("question", lang)), *map(str, range(1, len(totals) + 1))]
    head.append(f"\\textbf{{{escape(label('total', lang))}}}")
    points = [
        escape(label("points", lang)),
        *(f"{p:g}" for p in totals),
        f"\\textbf{{{sum(totals):g}}}",
    ]
    score = [
        escape(label("score", lang)) + "\\rule[-0.4cm]{0pt}{1.1cm}",
        *([""] * (len(totals) + 1)),
    ]
    rows = " \\\\ \\hline\n".join(" & ".join(r) for r in (head, points, score))
    return (
        f"\\begin{{center}}\\renewcommand{{\\arraystretch}}{{1.3}}"
        f"\\begin{{tabular}}{{{cols}}}\\hline\n{rows} \\\\ \\hline\n\\end{{tabular}}\\end{{center}}"
    )


def cover(doc: SheetDoc) -> str:
    lang, paper = doc.lang, doc.paper
    colon = "：" if lang == "zh" else ": "
    sub = [t.get(lang) for t in (paper.course,) if t is not None]
    if paper.date:
        sub.append(paper.date)
    out = [
        "\\thispagestyle{fancy}",
        f"\\begin{{center}}{{\\Large\\bfseries {escape(doc.heading)}}}"
        + (f"\\\\[0.4em]{escape(' · '.join(sub))}" if sub else "")
        + "\\end{center}",
        *(
            [
                f"\\begin{{center}}\\textbf{{{escape(label('student', lang) + colon + doc.student)}}}\\end{{center}}"
            ]
            if doc.student
            else []
        ),
        "\\vspace{0.8cm}",
        f"\\noindent {_field('name', lang, 5)}\\hfill {_field('student_id', lang, 4.2)}\\hfill "
        f"{_field('seat', lang, 1.6)}",
        "\\vspace{0.6cm}",
    ]
    facts = []
    if paper.minutes:
        facts.append(label("time_allowed", lang) + colon + minutes_text(paper.minutes, lang))
    facts.append(label("total", lang) + colon + points_text(sum(map(sum, doc.points)), lang))
    out.append(f"\\noindent\\textbf{{{escape(('　' if lang == 'zh' else ' · ').join(facts))}}}")
    if paper.instructions:
        out.append(f"\\subsection*{{{escape(label('instructions', lang))}}}")
        items = "\n".join(f"  \\item {escape(t.get(lang))}" for t in paper.instructions)
        out.append(f"\\begin{{enumerate}}\n{items}\n\\end{{enumerate}}")
    out += ["\\vspace{0.8cm}", points_table(doc), "\\clearpage"]
    return "\n\n".join(out)


def space(shown: Space, choices: Sequence[str] = ()) -> str:
    """The answer space as TikZ (tick boxes for a choice)."""
    w, h = shown.cell_width, CELL_CM[1]
    if shown.kind == "box":
        return f"\\tikz\\draw (0,0) rectangle ({w}cm,{h + 0.15}cm);"
    if shown.kind == "wide":
        return f"\\tikz\\draw (0,0) rectangle (\\linewidth-1pt,{shown.rows * 1.1}cm);"
    if shown.kind == "row":
        boxes = " ".join(
            f"({i * (w + GAP_CM):.2f}cm,0) rectangle +({w}cm,{h}cm)" for i in range(shown.cols)
        )
        return f"\\tikz\\draw {boxes};"
    if shown.kind == "grid":
        return (
            f"\\tikz\\draw[xstep={w}cm,ystep={h}cm] (0,0) grid "
            f"({shown.cols * w:.2f}cm,{shown.rows * h:.2f}cm);"
        )
    if shown.kind == "lines":
        lines = " ".join(
            f"(0,{-0.75 * (i + 1):.2f}cm) -- (\\linewidth-1pt,{-0.75 * (i + 1):.2f}cm)"
            for i in range(shown.rows)
        )
        return f"\\tikz\\draw[gray] {lines};"
    marks = [f"\\framebox[0.9em]{{\\rule{{0pt}}{{0.6em}}}}~{escape(c)}" for c in choices]
    return "\\quad ".join(marks)


def part(letter: str, prompt: str, points: float, lang: str, body: str) -> str:
    """One part in a minipage, so a page never breaks inside it."""
    worth = escape(points_text(points, lang))
    return (
        "\\par\\medskip\\noindent\\begin{minipage}{\\linewidth}"
        f"\\textbf{{({letter})}} {prompt}\\hfill{{\\small {worth}}}\\\\[0.3em]\n{body}"
        "\\end{minipage}\\par"
    )
