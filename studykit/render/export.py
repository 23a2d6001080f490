"""Exports of a problem set: an Anki deck (genanki) and Moodle XML quiz questions.

Anki: a Basic (front/back) model, never cloze, so MathJax ``\\(…\\)`` cannot clash with cloze
syntax; ``model_id`` and ``deck_id`` are fixed and each note's guid comes from the problem id
and language, so re-importing a new export updates cards instead of duplicating them.
Moodle: one Cloze question per problem (NUMERICAL parts with the key's tolerance, MULTICHOICE
for choices), the worked solution as general feedback; math through Moodle's MathJax filter.
"""

from __future__ import annotations

import hashlib
from html import escape
from pathlib import Path

from .. import math as fm
from ..i18n import Text
from ..math.latex import to_latex
from ..problems.model import Answer, Display, Para, Problem
from .common import answer_prompt, answer_view, colon, conventions, label, step_nodes
from .sheet import ProblemSet, generate_problems

ANKI_MODEL_ID = 1_742_310_007  # fixed forever: changing it makes Anki treat cards as new
ANKI_CSS = ".card { font-family: serif; font-size: 18px; text-align: left; } .conv { font-size: 13px; color: #555; }"


def _tex(node: fm.Node, problem: Problem, lang: str, display: bool = False) -> str:
    body = escape(to_latex(node, problem.conventions.notation, lang), quote=False)
    return f"\\[{body}\\]" if display else f"\\({body}\\)"


def statement_html(problem: Problem, lang: str) -> str:
    out = []
    for block in problem.statement:
        if isinstance(block, Para):
            parts = [
                escape(p.get(lang)) if isinstance(p, Text) else _tex(p, problem, lang)
                for p in block.parts
            ]
            out.append("<p>" + "".join(parts) + "</p>")
        elif isinstance(block, Display):
            out.append(_tex(block.formula, problem, lang, display=True))
    conv = ("；" if lang == "zh" else "; ").join(conventions(problem, lang))
    out.append(f'<p class="conv">{escape(label("conventions", lang) + colon(lang) + conv)}</p>')
    return "\n".join(out)


def solution_html(problem: Problem, lang: str) -> str:
    out = [f"<p><b>{escape(label('solution', lang))}</b></p><ol>"]
    for step in problem.steps:
        lines = step_nodes(step)
        maths = "".join(
            _tex(n, problem, lang, display=True)
            if i == 0
            else _tex(fm.Op("=", (fm.Var(""), n)), problem, lang, display=True)
            for i, n in enumerate(lines)
        )
        shape = (
            f"<br><small>{escape(label('shape', lang) + colon(lang) + step.shape)}</small>"
            if step.shape
            else ""
        )
        note = f"<br><i>{escape(step.note.get(lang))}</i>" if step.note else ""
        out.append(f"<li>{escape(step.title.get(lang))}{maths}{shape}{note}</li>")
    out.append("</ol>")
    return "\n".join(out)


def answer_html(problem: Problem, lang: str) -> str:
    items = []
    for i, answer in enumerate(problem.answers):
        view = answer_view(problem, answer, lang)
        if view.value is not None:
            value = _tex(view.value, problem, lang)
        else:
            value = escape(view.text) if view.text else f"<code>{escape(view.code or '')}</code>"
        items.append(f"<li>({chr(97 + i)}) {escape(view.label + colon(lang))}{value}</li>")
    return f"<p><b>{escape(label('answer_key', lang))}</b></p><ul>{''.join(items)}</ul>"


def deck_id(problem_set: ProblemSet) -> int:
    """A fixed id per set (from its name), inside Anki's positive 31-bit range."""
    return int.from_bytes(hashlib.sha256(problem_set.name.encode()).digest()[:4], "big") >> 1


def anki_package(problem_set: ProblemSet, lang: str, variants: list[int]):  # -> genanki.Package
    import genanki

    model = genanki.Model(
        ANKI_MODEL_ID,
        "studykit problem",
        fields=[{"name": "Problem"}, {"name": "Solution"}, {"name": "Id"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Problem}}",
                "afmt": "{{FrontSide}}<hr id=answer>{{Solution}}",
            }
        ],
        css=ANKI_CSS,
    )
    deck = genanki.Deck(deck_id(problem_set), f"studykit::{problem_set.title.get(lang)}")
    for variant in variants:
        for problem in generate_problems(problem_set, variant):
            front = f"<h3>{escape(problem.title.get(lang))}</h3>" + statement_html(problem, lang)
            prompts = "".join(f"<li>{escape(answer_prompt(a, lang))}</li>" for a in problem.answers)
            front += f"<p><b>{escape(label('answers', lang))}</b></p><ul>{prompts}</ul>"
            back = solution_html(problem, lang) + answer_html(problem, lang)
            note = genanki.Note(
                model=model,
                fields=[front, back, problem.id],
                guid=genanki.guid_for(problem.id, lang),
                tags=[problem.kind, problem.section],
            )
            deck.add_note(note)
    return genanki.Package(deck)


def write_anki(problem_set: ProblemSet, lang: str, variants: list[int], out: Path) -> None:
    anki_package(problem_set, lang, variants).write_to_file(str(out))


# ----------------------------------------------------------------------------- Moodle


def _cloze_text(text: str) -> str:
    for ch in ("\\", "}", "#", "~", "/", '"'):
        text = text.replace(ch, "\\" + ch)
    return text


def _numeric(value: object, tolerance: float) -> str:
    return f"{{1:NUMERICAL:={float(value)!r}:{tolerance:g}}}"


def _cloze(answer: Answer, lang: str) -> str:
    tol = answer.tolerance.abs
    if answer.kind == "number":
        return _numeric(answer.value, tol)
    if answer.kind == "vector":
        return "[" + ", ".join(_numeric(v, tol) for v in answer.value) + "]"
    if answer.kind == "matrix":
        rows = "".join(
            "<tr>" + "".join(f"<td>{_numeric(v, tol)}</td>" for v in row) + "</tr>"
            for row in answer.value
        )
        return f"<table>{rows}</table>"
    if answer.kind == "choice":
        options = "~".join(
            ("=" if key == answer.value else "") + _cloze_text(f"{key}) {text.get(lang)}")
            for key, text in answer.choices
        )
        return f"{{1:MULTICHOICE:{options}}}"
    if answer.kind == "shape":
        r, c = answer.value
        return f"{{1:SHORTANSWER:={r}x{c}~={r}×{c}~={r} x {c}~=[{r}×{c}]}}"
    return f"{{1:SHORTANSWER:={_cloze_text(str(answer.value))}}}"


def moodle_xml(problem_set: ProblemSet, lang: str, variants: list[int]) -> str:
    """A Moodle XML quiz file: one Cloze question per problem, in a category for the set."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    category = f"$course$/studykit/{problem_set.name}"
    out.append(
        f'<question type="category"><category><text>{escape(category)}</text></category></question>'
    )
    for variant in variants:
        for problem in generate_problems(problem_set, variant):
            parts = [
                f"<p>({chr(97 + i)}) {escape(answer_prompt(a, lang))}{colon(lang)}{_cloze(a, lang)}</p>"
                for i, a in enumerate(problem.answers)
            ]
            text = statement_html(problem, lang) + "\n" + "\n".join(parts)
            feedback = solution_html(problem, lang) + answer_html(problem, lang)
            name = f"{problem.title.get(lang)} [{problem.id}]"
            out.append(
                '<question type="cloze">'
                f"<name><text>{escape(name)}</text></name>"
                f'<questiontext format="html"><text><![CDATA[{text}]]></text></questiontext>'
                f'<generalfeedback format="html"><text><![CDATA[{feedback}]]></text></generalfeedback>'
                f"<idnumber>{escape(problem.id)}</idnumber>"
                "</question>"
            )
    out.append("</quiz>")
    return "\n".join(out) + "\n"
