"""Moodle XML: one question category per slot (``$course$/SET/slot-3``), so that a quiz can draw
one random variant per slot; per variant one Cloze question for the gradable parts and, where a
problem asks for explanations, an Essay question with the model answer as grader information.

The Cloze syntax follows Moodle's importer (``question/type/multianswer``): a blank is
``{weight:TYPE:=answer:tolerance~…}``, an answer ends at the first ``~``, ``#`` or ``}`` that no
``\\`` precedes, ``\\}`` and ``\\#`` are unescaped and HTML entities decoded; a SHORTANSWER answer
is then matched by ``compare_string_with_wildcard``, where an unescaped ``*`` matches anything.
So every blank here is built to accept no wrong answer:

- numbers are NUMERICAL blanks, one per entry, each with the absolute tolerance the key's
  tolerance allows at that value, for the key and for each alternative (the carried route);
- choices are MULTICHOICE_S (shuffled), options without their letters;
- shapes and formula parts are SHORTANSWER with every special character escaped (``*`` as
  ``\\*``), case-sensitive for formulas; a formula part also gives the ``studykit check`` command
  that accepts every equivalent form.

Blank weights are integers (Moodle's syntax): each part's points are shared by its blanks and
scaled by the least factor that makes every weight whole; Moodle sums them into the question's
mark, which ``<defaultgrade>`` states.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from html import escape

from ...i18n import Text
from ...problems.model import Answer, Problem
from ..views import answer_prompt, colon
from .mathjax import MathJaxWriter
from .parts import NUMERIC, Slot, check_command, flat, part_points, references, tolerance_at

#: Characters written as HTML entities in a Cloze answer: Moodle decodes them after splitting.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\\": "&#92;", "~": "&#126;"}
_ENTITIES |= {"{": "&#123;"}

FORMULA_NOTE = Text(
    "Only this exact form is accepted here; any equivalent form is checked by",
    "此处只接受这一种写法；任何等价写法都可以用下面的命令检查：",
)


def cloze_answer(text: str, wildcard: bool) -> str:
    """``text`` as one answer of a Cloze blank. ``}`` and ``#`` are backslash-escaped (Moodle
    unescapes exactly these two), ``~``, ``\\``, ``{`` and HTML's specials become entities
    (decoded after the split), and in a SHORTANSWER (``wildcard``) ``*`` becomes ``\\*``."""
    out = []
    for ch in text:
        if ch in "}#":
            out.append("\\" + ch)
        elif ch == "*":
            out.append("\\*" if wildcard else "&#42;")
        else:
            out.append(_ENTITIES.get(ch, ch))
    return "".join(out)


def cdata(text: str) -> str:
    """``text`` inside a CDATA section (a ``]]>`` in it split across two sections)."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def blank_weights(points: Sequence[float], blanks: Sequence[int]) -> list[int]:
    """Whole blank weights in proportion to ``points`` shared among each part's ``blanks``."""
    shares = [Fraction(p).limit_denominator(1000) / n for p, n in zip(points, blanks, strict=True)]
    scale = math.lcm(*(s.denominator for s in shares)) if shares else 1
    return [int(s * scale) for s in shares]


def shape_spellings(rows: int, cols: int) -> list[str]:
    """The ways the checker reads a shape: ``2x3``, ``2 × 3``, ``[2, 3]``, ``(2*3)``, ``2 by 3``."""
    out = []
    for sep in ("x", "×", "*", ","):
        for space in ("", " "):
            inner = f"{rows}{space}{sep}{space}{cols}" if sep != "," else f"{rows},{space}{cols}"
            out += [inner, f"[{inner}]", f"({inner})"]
    return list(dict.fromkeys(out + [f"{rows} by {cols}"]))


class MoodleWriter(MathJaxWriter):
    """Cloze and Essay questions of a problem set, in Moodle XML."""

    def blanks(self, answer: Answer, weight: int) -> list[str]:
        """The Cloze blanks of one gradable part (one per entry for numbers)."""
        if answer.kind in NUMERIC:
            refs = references(answer)
            out = []
            for i in range(len(refs[0])):
                alts = dict.fromkeys((r[i], tolerance_at(answer.tolerance, r[i])) for r in refs)
                body = "~".join(f"={v!r}:{t!r}" for v, t in alts)
                out.append(f"{{{weight}:NUMERICAL:{body}}}")
            return out
        if answer.kind == "choice":
            options = "~".join(
                ("=" if key == answer.value else "") + cloze_answer(self.text(text), False)
                for key, text in answer.choices
            )
            return [f"{{{weight}:MULTICHOICE_S:{options}}}"]
        if answer.kind == "shape":
            forms = shape_spellings(*answer.value)
            return [
                f"{{{weight}:SHORTANSWER:"
                + "~".join("=" + cloze_answer(f, True) for f in forms)
                + "}"
            ]
        forms = [str(answer.value), *(str(a) for a in answer.alternatives)]
        forms += [f.replace(" ", "") for f in forms]
        body = "~".join("=" + cloze_answer(f, True) for f in dict.fromkeys(forms))
        return [f"{{{weight}:SHORTANSWER_C:{body}}}"]

    @staticmethod
    def blank_count(answer: Answer) -> int:
        return len(flat(answer.value)) if answer.kind in NUMERIC else 1

    def part_html(self, problem: Problem, index: int, answer: Answer, blanks: list[str]) -> str:
        prompt = escape(answer_prompt(answer, self.lang)) + colon(self.lang)
        head = f"({self.letter(index)}) {prompt}"
        if answer.kind == "matrix":
            cols = len(answer.value[0])
            rows = [blanks[r * cols : (r + 1) * cols] for r in range(len(answer.value))]
            cells = "".join("<tr>" + "".join(f"<td>{b}</td>" for b in r) + "</tr>" for r in rows)
            return f"<p>{head}</p><table>{cells}</table>"
        if answer.kind == "vector":
            return f"<p>{head}[" + ", ".join(blanks) + "]</p>"
        body = f"<p>{head}{blanks[0]}</p>"
        if answer.kind == "expression":
            command = escape(check_command(problem, answer))
            note = escape(FORMULA_NOTE.get(self.lang))
            body += f"<p><small>{note} <code>{command}</code></small></p>"
        return body

    def cloze(self, problem: Problem, points: Sequence[float]) -> str | None:
        """The Cloze question of the gradable parts (``None`` if there are none)."""
        parts = [
            (i, a, p)
            for i, (a, p) in enumerate(zip(problem.answers, points, strict=True))
            if a.kind != "explain"
        ]
        if not parts:
            return None
        weights = blank_weights(
            [p for _, _, p in parts], [self.blank_count(a) for _, a, _ in parts]
        )
        html = [
            self.part_html(problem, i, a, self.blanks(a, w))
            for (i, a, _), w in zip(parts, weights, strict=True)
        ]
        mark = sum(w * self.blank_count(a) for (_, a, _), w in zip(parts, weights, strict=True))
        text = self.statement_html(problem) + "\n" + "\n".join(html)
        return self._question("cloze", problem, problem.id, text, self.feedback_html(problem), mark)

    def essay(self, problem: Problem, points: Sequence[float]) -> str | None:
        """The Essay question of the explanation parts, the model answers as grader information."""
        parts = [
            (i, a, p)
            for i, (a, p) in enumerate(zip(problem.answers, points, strict=True))
            if a.kind == "explain"
        ]
        if not parts:
            return None
        prompts = "".join(
            f"<p>({self.letter(i)}) {escape(answer_prompt(a, self.lang))}</p>" for i, a, _ in parts
        )
        info = "".join(self.model_answer_html(i, a) for i, a, _ in parts)
        mark = sum(p for _, _, p in parts)
        text = self.statement_html(problem) + "\n" + prompts
        extra = (
            "<responseformat>editor</responseformat><responserequired>1</responserequired>"
            "<responsefieldlines>12</responsefieldlines><attachments>0</attachments>"
            "<attachmentsrequired>0</attachmentsrequired>"
            f'<graderinfo format="html"><text>{cdata(info)}</text></graderinfo>'
            '<responsetemplate format="html"><text></text></responsetemplate>'
        )
        only_written = all(a.kind == "explain" for a in problem.answers)
        ident = problem.id if only_written else problem.id + ":written"  # beside its cloze
        return self._question("essay", problem, ident, text, "", mark, extra)

    def model_answer_html(self, index: int, answer: Answer) -> str:
        """An explanation part's model answer and its marking points with their marks."""
        value = answer.value
        model = value.get(self.lang, "") if isinstance(value, dict) else str(value)
        ticks = "".join(f"<li>{escape(self.text(m.text))} ({m.marks})</li>" for m in answer.marking)
        heading = f"({self.letter(index)}) {escape(self.label('answer_key'))}{colon(self.lang)}"
        return f"<p><b>{heading}</b>{escape(model)}</p><ul>{ticks}</ul>"

    def _question(
        self,
        qtype: str,
        problem: Problem,
        ident: str,
        text: str,
        feedback: str,
        mark: float,
        extra: str = "",
    ) -> str:
        name = f"{self.text(problem.title)} [{problem.id}]"
        return (
            f'<question type="{qtype}">'
            f"<name><text>{escape(name)}</text></name>"
            f'<questiontext format="html"><text>{cdata(text)}</text></questiontext>'
            f'<generalfeedback format="html"><text>{cdata(feedback)}</text></generalfeedback>'
            f"<defaultgrade>{mark:g}</defaultgrade><penalty>0</penalty><hidden>0</hidden>"
            f"<idnumber>{escape(ident)}</idnumber>{extra}</question>"
        )

    def export(self, set_name: str, title: Text, slots: Sequence[Slot]) -> bytes:
        """A quiz file: a category per slot (and per slot's written parts), each holding every
        variant's question."""
        out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
        for slot in slots:
            by_kind: dict[str, list[str]] = {"cloze": [], "essay": []}
            for problem in slot.problems:
                writer = self.for_notation(problem.conventions.notation)
                assert isinstance(writer, MoodleWriter)
                points = part_points(slot.entry, problem)
                for kind, question in (
                    ("cloze", writer.cloze(problem, points)),
                    ("essay", writer.essay(problem, points)),
                ):
                    if question is not None:
                        by_kind[kind].append(question)
            both = bool(by_kind["cloze"]) and bool(by_kind["essay"])
            for kind, questions in by_kind.items():
                if questions:
                    suffix = "-written" if kind == "essay" and both else ""
                    out.append(_category(f"$course$/{set_name}/slot-{slot.number}{suffix}"))
                    out += questions
        out.append("</quiz>")
        return ("\n".join(out) + "\n").encode("utf-8")


def _category(path: str) -> str:
    return f'<question type="category"><category><text>{escape(path)}</text></category></question>'


__all__ = ["MoodleWriter", "blank_weights", "cloze_answer", "shape_spellings"]
