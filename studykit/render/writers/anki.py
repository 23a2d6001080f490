"""An Anki deck (genanki) of a problem set: one Basic (front/back) note per sub-result.

A card asks for one part ("compute δ⁽¹⁾") with the problem's statement and the earlier values
that part is computed from (its ``depends_on``) given on the card; its back is that part's steps
of the worked solution and its key. An explanation part is a question/answer card: the model
answer and the marking points on the back. Network diagrams and activation plots travel as SVG
media files.

Never cloze, so MathJax ``\\(…\\)`` cannot clash with cloze syntax; ``model_id`` and the deck id
are fixed and each note's guid comes from the problem id, the part and the language, so
re-importing a new export updates the cards instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from ...i18n import Text
from ...problems.model import Answer, Problem, Step
from .. import plot
from ..views import answer_prompt, answer_view, colon
from .mathjax import MediaWriter
from .parts import Slot, needed, part_steps

ANKI_MODEL_ID = 1_742_310_007  # fixed forever: changing it makes Anki treat cards as new
ANKI_CSS = (
    ".card { font-family: serif; font-size: 18px; text-align: left; } "
    ".conv { font-size: 13px; color: #555; } img.figure { max-width: 100%; }"
)

T = {
    "given": Text("Given (from the earlier parts)", "已知（前面各小题的结果）"),
    "compute": Text("Compute", "求"),
    "explain": Text("Explain", "请解释"),
    "model": Text("Model answer", "参考答案"),
    "marking": Text("Marking points", "评分要点"),
}


def deck_id(set_name: str) -> int:
    """A fixed id per set (from its name), inside Anki's positive 31-bit range."""
    return int.from_bytes(hashlib.sha256(set_name.encode()).digest()[:4], "big") >> 1


def note_guid(problem: Problem, answer: Answer, lang: str) -> str:
    """The note's guid: the same problem, part and language always give the same one."""
    import genanki

    return genanki.guid_for(problem.id, answer.id, lang)


class AnkiWriter(MediaWriter):
    """Cards of one problem part each, with the figures they show kept as media files."""

    def heading(self, key: str) -> str:
        return f"<p><b>{escape(T[key].get(self.lang))}</b></p>"

    def front(self, problem: Problem, index: int, answer: Answer) -> str:
        """The problem, the values this part needs, and the one result to give."""
        given = [
            f"<li>{escape(a.label.get(self.lang) + colon(self.lang))}"
            f"{self.key_value(answer_view(problem, a, self.lang))}</li>"
            for a in needed(problem, answer)
        ]
        ask = "explain" if answer.kind == "explain" else "compute"
        prompt = escape(f"({self.letter(index)}) {answer_prompt(answer, self.lang)}")
        return (
            f"<h3>{escape(self.text(problem.title))}</h3>"
            + self.statement_html(problem)
            + (self.heading("given") + f"<ul>{''.join(given)}</ul>" if given else "")
            + self.heading(ask)
            + f"<p>{prompt}</p>"
        )

    def back(self, problem: Problem, answer: Answer, steps: Sequence[Step]) -> str:
        """This part's steps of the worked solution and its key (an explanation: the model
        answer and its marking points)."""
        if answer.kind == "explain":
            value = answer.value
            model = value.get(self.lang, "") if isinstance(value, dict) else str(value)
            ticks = "".join(
                f"<li>{escape(self.text(m.text))} ({m.marks})</li>" for m in answer.marking
            )
            return (
                self.heading("model")
                + f"<p>{escape(model)}</p>"
                + (self.heading("marking") + f"<ul>{ticks}</ul>" if ticks else "")
            )
        numbers = {id(s): n for n, s in enumerate(problem.steps, 1)}
        items = "".join(self.step(numbers[id(s)], s) for s in steps)
        shown = plot.solution_plot(problem)
        picture = self.plot(shown, derivative=True) if shown is not None else ""
        view = answer_view(problem, answer, self.lang)
        key = f"<p><b>{escape(self.label('answer_key') + colon(self.lang))}</b>{self.key_value(view)}</p>"
        first = numbers[id(steps[0])] if steps else 1
        return picture + (f'<ol start="{first}">{items}</ol>' if items else "") + key

    def notes(self, problem: Problem, model: Any) -> list[Any]:
        """One note per part of ``problem``."""
        import genanki

        steps = part_steps(problem)
        return [
            genanki.Note(
                model=model,
                fields=[
                    self.front(problem, i, answer),
                    self.back(problem, answer, steps[answer.id]),
                    f"{problem.id}#{answer.id}",
                ],
                guid=note_guid(problem, answer, self.lang),
                tags=[problem.kind, problem.section],
            )
            for i, answer in enumerate(problem.answers)
        ]

    def package(
        self, set_name: str, title: Text, problems: Sequence[Problem]
    ):  # -> genanki.Package
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
        deck = genanki.Deck(deck_id(set_name), f"studykit::{self.text(title)}")
        self.media = {}
        for problem in problems:
            writer = self.for_notation(problem.conventions.notation)
            assert isinstance(writer, AnkiWriter)
            writer.media = self.media
            for note in writer.notes(problem, model):
                deck.add_note(note)
        return genanki.Package(deck)

    def export(
        self, set_name: str, title: Text, slots: Sequence[Slot], timestamp: float | None = None
    ) -> bytes:
        """The .apkg file (``timestamp``: the notes' modification time, default now)."""
        problems = [p for slot in slots for p in slot.problems]
        with tempfile.TemporaryDirectory() as folder:
            package = self.package(set_name, title, problems)
            files = []
            for name, source in self.media.items():
                (Path(folder) / name).write_text(source, encoding="utf-8")
                files.append(str(Path(folder) / name))
            package.media_files = files
            path = Path(folder) / "deck.apkg"
            package.write_to_file(str(path), timestamp=timestamp)
            return path.read_bytes()
