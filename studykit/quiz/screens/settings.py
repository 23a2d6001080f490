"""Settings: language, notation profile, calculator mode, difficulty; each saved at once."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer, Static

from .. import texts
from .base import LangScreen


class SettingsScreen(LangScreen):
    KEYS = [
        ("l", "app.toggle_lang", texts.SET_LANG, True),
        ("n", "notation", texts.SET_NOTATION, True),
        ("c", "calculator", texts.SET_CALC, True),
        ("d", "difficulty", texts.SET_DIFF, True),
        ("escape", "app.pop_screen", texts.BACK, True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="settings-box"):
            yield Static("", id="settings-title", markup=False)
            yield Static("", id="settings-body", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.update_texts()

    def update_texts(self) -> None:
        s = self.session
        st = s.settings
        rows = [
            ("l", texts.SET_LANG, s.t(texts.LANGUAGE_NAME[st.lang])),
            ("n", texts.SET_NOTATION, s.t(texts.NOTATION_NAME[st.notation])),
            ("c", texts.SET_CALC, s.t(texts.YES if st.calculator else texts.NO)),
            ("d", texts.SET_DIFF, f"{st.difficulty} / 3"),
        ]
        self.query_one("#settings-title", Static).update(s.t(texts.SETTINGS_TITLE))
        self.query_one("#settings-body", Static).update(
            "\n".join(
                f"[{key}]  {s.t(label)}{texts.colon(s.lang)}{value}" for key, label, value in rows
            )
        )

    def action_notation(self) -> None:
        self.session.cycle_notation()
        self.update_texts()

    def action_calculator(self) -> None:
        self.session.toggle_calculator()
        self.update_texts()

    def action_difficulty(self) -> None:
        self.session.cycle_difficulty()
        self.update_texts()
