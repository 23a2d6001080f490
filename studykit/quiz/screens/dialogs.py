"""Small modal questions: leave a half-done problem, resume one, hand in a paper; and the whole
statement of a problem on one screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...i18n import Text
from .. import texts

Choice = tuple[str, str, Text]  # key, result, label


class Question(ModalScreen[str | None]):
    """A message and a few one-key choices; escape answers ``None`` (unless it is a choice)."""

    CHOICES: ClassVar[list[Choice]] = []

    def __init__(self, lang: str, message: str, choices: list[Choice] | None = None) -> None:
        super().__init__()
        self.lang = lang
        self.message = message
        self.choices = choices if choices is not None else self.CHOICES
        bindings = [
            Binding(key, f"answer('{result}')", show=False, priority=True)
            for key, result, _ in self.choices
        ]
        if not any(key == "escape" for key, _, _ in self.choices):
            bindings.append(Binding("escape", "answer('')", show=False, priority=True))
        self._bindings = BindingsMap(bindings)

    def compose(self) -> ComposeResult:
        with Vertical(classes="question"):
            yield Static(self.message, classes="question-text", markup=False)
            for _, _, label in self.choices:
                if label.en:
                    yield Static(label.get(self.lang), classes="question-choice", markup=False)

    def action_answer(self, result: str) -> None:
        self.dismiss(result or None)


def leave_question(lang: str, right: int, total: int) -> Question:
    """Keep a half-done problem for later, give it up (Again), or stay."""
    message = texts.LEAVE_TITLE.get(lang, right=right, total=total)
    return Question(
        lang,
        message,
        [("k", "keep", texts.KEEP), ("g", "give_up", texts.GIVE_UP), ("escape", "", texts.STAY)],
    )


def resume_question(lang: str, line: str) -> Question:
    """Resume the interrupted problem, later, or give it up (Again)."""
    message = texts.RESUME_TITLE.get(lang) + "\n" + line
    return Question(
        lang,
        message,
        [
            ("r", "resume", texts.RESUME_NOW),
            ("enter", "resume", Text("", "")),
            ("l", "later", texts.LATER),
            ("escape", "later", Text("", "")),
            ("g", "give_up", texts.GIVE_UP),
        ],
    )


def hand_in_question(lang: str, empty: int, parts: int) -> Question:
    message = texts.HAND_IN_CONFIRM.get(lang, empty=empty, parts=parts)
    return Question(
        lang, message, [("y", "hand_in", texts.HAND_IN_YES), ("escape", "", texts.HAND_IN_NO)]
    )


class PathQuestion(ModalScreen[str | None]):
    """One line of text (a file path): enter answers it, escape answers ``None``."""

    BINDINGS = [Binding("escape", "cancel", show=False, priority=True)]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        from textual.widgets import Input

        with Vertical(classes="question"):
            yield Static(self.message, classes="question-text", markup=False)
            yield Input(id="path-input")

    def on_mount(self) -> None:
        from textual.widgets import Input

        self.query_one("#path-input", Input).focus()

    def on_input_submitted(self, event: object) -> None:
        value = getattr(event, "value", "").strip()
        self.dismiss(value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class StatementScreen(ModalScreen[None]):
    """The whole statement (with the diagram and conventions), scrollable; esc closes. The
    text is wrapped to the dialog's own width (``render(width)``)."""

    BINDINGS = [
        Binding("escape", "dismiss_screen", show=False, priority=True),
        Binding("ctrl+o", "dismiss_screen", show=False, priority=True),
    ]

    def __init__(self, title: str, render: Callable[[int], str]) -> None:
        super().__init__()
        self.title_text = title
        self.render_body = render

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="statement-full"):
            yield Static(self.title_text, classes="question-text", markup=False)
            yield Static("", id="statement-body", markup=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        pane = self.query_one(".statement-full", VerticalScroll)
        width = max(30, pane.scrollable_content_region.width - 1)
        self.query_one("#statement-body", Static).update(self.render_body(width))

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)
