"""Answer keys for grading: one variant's key (``studykit key``) and the class key of a set
(``SET.keys.csv`` and ``SET.keys.pdf``), one row per variant × part with its tolerance.

Values are printed as the sheets print them (:func:`~studykit.render.views.answer_view`), on
one line; the carried answer is the one a student gets who carries the rounded values
(``Answer.alternatives``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal

from .. import math as fm
from ..i18n import Text
from ..math.text import TextPrinter
from ..math.typst import string
from ..problems.model import Answer, Problem, Tolerance, step_nodes
from .views import answer_view, colon, label

HEADER = {
    "code": Text("code", "代码"),
    "part": Text("part", "小题"),
    "answer": Text("answer", "答案"),
    "tolerance": Text("tolerance", "容差"),
    "carried": Text("also accepted", "也可接受"),
    "exact": Text("exact", "精确"),
    "title": Text("Class answer key", "全班答案"),
    "variant": Text("Variant", "版本"),
}


@dataclass(frozen=True)
class KeyRow:
    """One part of one variant's key, as text."""

    code: str  # MOCK-07-3F9A
    part: str  # 5c
    answer_id: str  # dW1
    label: str
    answer: str
    tolerance: str
    carried: str


def _flat(value: object, decimals: int | None) -> str:
    if isinstance(value, list | tuple):
        rows = [_flat(v, decimals) for v in value]
        inner = "; " if value and isinstance(value[0], list | tuple) else ", "
        return "[" + inner.join(r.strip("[]") if inner == "; " else r for r in rows) + "]"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return fm.format_number(value, decimals)
    return str(value)


def answer_text(problem: Problem, answer: Answer, lang: str) -> str:
    """The answer on one line, as the sheet prints it: ``[0.0078, 0.0078; −0.0262, −0.0262]``."""
    view = answer_view(problem, answer, lang)
    if view.value is not None:
        text = TextPrinter(problem.conventions.notation, lang).doprint(view.value)
        return " ".join(text.split())
    return view.code or " ".join((view.text or "").split())


def tolerance_text(answer: Answer, lang: str) -> str:
    """``±0.00014`` for a rounded value, ``exact`` for an exact one, empty where it is none."""
    if answer.kind not in ("number", "vector", "matrix"):
        return ""
    tol: Tolerance = answer.tolerance
    if tol.decimals is None and tol.abs <= 1e-9:
        return HEADER["exact"].get(lang)
    bound = format(Decimal(f"{tol.abs:.3g}").normalize(), "f")
    return "±" + bound + (f" (+{tol.rel:g}·|x|)" if tol.rel else "")


def carried_text(answer: Answer) -> str:
    """The carried-rounding answer where it differs from the key's (empty otherwise)."""
    return " | ".join(_flat(a, answer.tolerance.decimals) for a in answer.alternatives)


def key_rows(code: str, problems: Sequence[Problem], lang: str) -> list[KeyRow]:
    """Every part of a variant, numbered as the sheet numbers them (problem, part letter)."""
    rows = []
    for number, problem in enumerate(problems, 1):
        for index, answer in enumerate(problem.answers):
            rows.append(
                KeyRow(
                    code,
                    f"{number}{chr(97 + index)}",
                    answer.id,
                    answer.label.get(lang),
                    answer_text(problem, answer, lang),
                    tolerance_text(answer, lang),
                    carried_text(answer),
                )
            )
    return rows


# ----------------------------------------------------------------------------- one variant


def compact_steps(problem: Problem, lang: str) -> list[str]:
    """The worked solution without prose: each step's chain ``lhs = … = result`` on a line,
    marked with the part it answers."""
    printer = TextPrinter(problem.conventions.notation, lang)
    parts = {a.id: chr(97 + i) for i, a in enumerate(problem.answers)}
    lines = []
    for number, step in enumerate(problem.steps, 1):
        chain = " = ".join(" ".join(printer.doprint(n).split()) for n in step_nodes(step))
        if not chain:
            continue
        mark = f"  ⇒ ({parts[step.answer_id]})" if step.answer_id in parts else ""
        lines.append(f"{number}. {chain}{mark}")
    return lines


def _full_steps(problem: Problem, lang: str) -> list[str]:
    from .writers.text import render_steps

    return render_steps(problem, lang).splitlines()


def key_text(code: str, problems: Sequence[Problem], lang: str, solution: str | None = None) -> str:
    """One variant's key as terminal text; ``solution`` is ``"full"``, ``"compact"`` or None."""
    out = [f"{label('regenerate', lang)}{colon(lang)}{code}"]
    rows = key_rows(code, problems, lang)
    for number, problem in enumerate(problems, 1):
        heading = label("problem", lang) + (f" {number}" if lang == "en" else f" {number} 题")
        out += ["", f"{heading}{colon(lang)}{problem.title.get(lang)}"]
        for row in rows:
            if row.part[:-1] != str(number):
                continue
            extra = f"  ({row.tolerance})" if row.tolerance else ""
            carried = f"  [{HEADER['carried'].get(lang)}{colon(lang)}{row.carried}]"
            out.append(f"  ({row.part[-1]}) {row.label}{colon(lang)}{row.answer}{extra}")
            if row.carried:
                out.append("     " + carried.strip())
        if solution:
            steps = (compact_steps if solution == "compact" else _full_steps)(problem, lang)
            out += ["", *("    " + s if s else "" for s in steps)]
    return "\n".join(out) + "\n"


def key_json(code: str, version: str, problems: Sequence[Problem], lang: str) -> dict:
    """Machine output: the code, the generator version and every part with its raw value."""
    from ..problems.codec import to_json

    parts = []
    for row, (problem, answer) in zip(
        key_rows(code, problems, lang),
        [(p, a) for p in problems for a in p.answers],
        strict=True,
    ):
        raw = to_json(problem)["answers"][problem.answers.index(answer)]
        parts.append({**asdict(row), "problem_id": problem.id, "value": raw["value"]})
        parts[-1]["tolerance_abs"] = answer.tolerance.abs
    return {"code": code, "version": version, "lang": lang, "parts": parts}


# ----------------------------------------------------------------------------- class key


def keys_csv(rows: Sequence[KeyRow], lang: str) -> bytes:
    """``code, part, answer id, label, answer, tolerance, carried`` (UTF-8 with BOM so that
    spreadsheet programs read the Chinese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code", "part", "answer_id", "label", "answer", "tolerance", "carried"])
    for r in rows:
        writer.writerow([r.code, r.part, r.answer_id, r.label, r.answer, r.tolerance, r.carried])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def keys_typst(title: str, rows: Sequence[KeyRow], lang: str) -> str:
    """A compact table per variant, several to a page, that a TA can grade from."""
    from ..math.typst import TypstPrinter
    from .writers.typst import TypstWriter

    head = [HEADER[k].get(lang) for k in ("part", "answer", "tolerance", "carried")]
    heading = f"{title} — {HEADER['title'].get(lang)}"
    writer = TypstWriter(TypstPrinter("textbook", lang), lang)
    out = [writer.preamble(heading, heading).replace("size: 10.5pt", "size: 8.5pt")]
    out.append(f"= {heading_text(heading)}")
    by_code: dict[str, list[KeyRow]] = {}
    for r in rows:
        by_code.setdefault(r.code, []).append(r)
    for code, group in by_code.items():
        cells = [f"[*#{string(h)}*]" for h in head]
        for r in group:
            part = f"{r.part} {r.label}"
            cells += [f"[#{string(c)}]" for c in (part, r.answer, r.tolerance, r.carried)]
        out.append(
            f"#block(breakable: true)[== #{string(code)}\n"
            f"#table(columns: (auto, 1fr, auto, auto), inset: 3pt, stroke: 0.4pt + luma(150),\n"
            + ", ".join(cells)
            + ")]"
        )
    return "\n\n".join(out) + "\n"


def heading_text(text: str) -> str:
    return f"#{string(text)}"
