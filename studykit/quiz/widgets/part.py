"""What every part of a problem shows around its boxes: the label, a preview of the input, the
checker's feedback and the hint steps revealed for it."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from ...problems.model import Answer
from .. import texts
from ..run import Cells, FieldState, compose_input


def letter(index: int) -> str:
    from ...problems.model import part_letter

    return part_letter(index)


def plain_correct(message: Any) -> bool:
    """The checker's message says only "correct" (the ✓ line says it already)."""
    en = getattr(message, "en", str(message))
    return en.strip().rstrip(".").lower() == "correct"


def feedback_lines(verdict: Any, lang: str) -> list[str]:
    """✓/✗, the checker's message, wrong entries, error carried forward, the diagnosis."""
    if verdict is None:
        return []
    lines = [(texts.CORRECT if verdict.correct else texts.WRONG).get(lang)]
    message = getattr(verdict, "message", None)
    if message is not None and not (verdict.correct and plain_correct(message)):
        lines[0] += "  " + (message.get(lang) if hasattr(message, "get") else str(message))
    if verdict.correct and getattr(verdict, "carried_forward", False):
        lines.append(texts.CARRIED.get(lang))
    if not verdict.correct and getattr(verdict, "wrong_entries", None):
        lines.append(texts.WRONG_ENTRIES.get(lang))
    mistake = getattr(verdict, "mistake", None)
    if mistake is not None:
        lines.append(texts.MISTAKE.get(lang, text=mistake.explanation.get(lang)))
    return lines


class PartField(Vertical):
    """One part: its label, its input widget(s) (:meth:`compose_body`), preview, feedback and
    hint. ``exam``: no feedback is shown and enter moves on instead of checking."""

    DEFAULT_CLASSES = "answer-field"

    class Submitted(Message):
        """Enter (or a choice) asks for this part to be checked."""

        def __init__(self, field: PartField) -> None:
            super().__init__()
            self.field = field

    class CellsChanged(Message):
        """What is typed changed (to be saved as a draft)."""

        def __init__(self, field: PartField) -> None:
            super().__init__()
            self.field = field

    def __init__(self, state: FieldState, index: int, lang: str, exam: bool = False) -> None:
        super().__init__(id=f"field-{index}")
        self.state = state
        self.answer: Answer = state.answer
        self.index = index
        self.lang = lang
        self.exam = exam
        self.hint_title = ""
        self.hint_body = ""
        self._reveal = False  # bring the whole part into view once its feedback is laid out

    def compose(self) -> ComposeResult:
        yield Static(self._label_text(), classes="field-label", markup=False)
        yield from self.compose_body()
        yield Static("", classes="preview", markup=False)
        yield Static("", classes="feedback", markup=False)
        yield Static("", classes="hint", markup=False)

    def on_mount(self) -> None:
        self.show_verdict()
        self._update_hint()

    def compose_body(self) -> ComposeResult:  # pragma: no cover - abstract
        yield from ()

    @property
    def letter(self) -> str:
        return letter(self.index)

    def _label_text(self) -> str:
        return f"({self.letter}) {self.answer.label.get(self.lang)}"

    # ------------------------------------------------------------------ values

    def cells(self) -> Cells:  # pragma: no cover - abstract
        return []

    def text(self) -> str:
        return compose_input(self.answer, self.cells())

    def focus_first(self) -> Widget | None:  # pragma: no cover - abstract
        return None

    # ------------------------------------------------------------------ feedback and hints

    def show_verdict(self, reveal: bool = False) -> None:
        """Mark the part from its last verdict; ``reveal``: then bring all of it into view."""
        verdict = None if self.exam else self.state.verdict
        correct = self.state.correct and not self.exam
        self.set_class(correct, "-correct")
        self.set_class(verdict is not None and not verdict.correct, "-wrong")
        self.mark_entries(verdict)
        lines = feedback_lines(verdict, self.lang)
        feedback = self.query_one(".feedback", Static)
        feedback.update("\n".join(lines))
        feedback.display = bool(lines)
        self._reveal = reveal and bool(lines)

    def on_resize(self, event: events.Resize) -> None:
        if self._reveal:  # the feedback changed the part's height: show all of it
            self._reveal = False
            self.call_after_refresh(self.scroll_visible, animate=False)

    def mark_entries(self, verdict: Any) -> None:
        """Highlight wrong entries (grids override this)."""

    def set_hint(self, title: str, body: str) -> None:
        self.hint_title, self.hint_body = title, body
        self._update_hint()

    def _update_hint(self) -> None:
        hint = self.query_one(".hint", Static)
        text = f"{self.hint_title}\n{self.hint_body}" if self.hint_body else ""
        hint.update(text)
        hint.display = bool(text)

    def set_preview(self, text: str) -> None:
        preview = self.query_one(".preview", Static)
        preview.update(text)
        preview.display = bool(text)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.query_one(".field-label", Static).update(self._label_text())
        self.show_verdict()
