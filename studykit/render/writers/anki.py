"""An Anki deck (genanki) of a problem set: one Basic (front/back) note per problem.

Never cloze, so MathJax ``\\(…\\)`` cannot clash with cloze syntax; ``model_id`` and the deck id
are fixed and each note's guid comes from the problem id and language, so re-importing a new
export updates the cards instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Sequence
from html import escape
from pathlib import Path

from ...i18n import Text
from ...problems.model import Problem
from ..views import answer_prompt
from .mathjax import MathJaxWriter
from .parts import Slot

ANKI_MODEL_ID = 1_742_310_007  # fixed forever: changing it makes Anki treat cards as new
ANKI_CSS = (
    ".card { font-family: serif; font-size: 18px; text-align: left; } "
    ".conv { font-size: 13px; color: #555; }"
)


def deck_id(set_name: str) -> int:
    """A fixed id per set (from its name), inside Anki's positive 31-bit range."""
    return int.from_bytes(hashlib.sha256(set_name.encode()).digest()[:4], "big") >> 1


class AnkiWriter(MathJaxWriter):
    def front(self, problem: Problem) -> str:
        prompts = "".join(
            f"<li>{escape(answer_prompt(a, self.lang))}</li>" for a in problem.answers
        )
        return (
            f"<h3>{escape(self.text(problem.title))}</h3>"
            + self.statement_html(problem)
            + f"<p><b>{escape(self.label('answers'))}</b></p><ul>{prompts}</ul>"
        )

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
        for problem in problems:
            writer = self.for_notation(problem.conventions.notation)
            assert isinstance(writer, AnkiWriter)
            deck.add_note(
                genanki.Note(
                    model=model,
                    fields=[writer.front(problem), writer.feedback_html(problem), problem.id],
                    guid=genanki.guid_for(problem.id, self.lang),
                    tags=[problem.kind, problem.section],
                )
            )
        return genanki.Package(deck)

    def export(self, set_name: str, title: Text, slots: Sequence[Slot]) -> bytes:
        problems = [p for slot in slots for p in slot.problems]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "deck.apkg"
            self.package(set_name, title, problems).write_to_file(str(path))
            return path.read_bytes()
