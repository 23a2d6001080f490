"""Home: the course topics with progress, what is due, and how to start practising."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from .. import texts
from ..topics import TOPICS
from .base import LangScreen


class HomeScreen(LangScreen):
    KEYS = [
        ("p", "start_topic", texts.START_TOPIC, True),
        ("d", "start('due')", texts.DUE, True),
        ("m", "start('mixed')", texts.MIXED, True),
        ("a", "explorer", texts.EXPLORER, True),
        ("s", "settings", texts.SETTINGS, True),
        ("l", "app.toggle_lang", texts.LANGUAGE, True),
    ]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("", id="summary", markup=False)
        yield DataTable(id="topics", cursor_type="row", zebra_stripes=True)
        yield Static("", id="settings-line", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one(DataTable).focus()
        self.set_timer(1.0, self._preload)

    def _preload(self) -> None:
        """Import the problem kinds (slow: SymPy) in a thread, after the first paint."""
        self.run_worker(self.session.kinds, thread=True, exit_on_error=False)

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def update_texts(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Fill the topic table and the summary lines from the progress store."""
        s = self.session
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        titles = [s.t(title) for title in TOPICS.values()]
        table.add_column("", key="section", width=3)
        table.add_column(s.t(texts.TOPIC), key="topic", width=max(map(cell_len, titles)))
        for key, label in (
            ("answered", texts.ANSWERED),
            ("right", texts.RIGHT),
            ("skills", texts.SKILLS),
            ("due", texts.DUE_COL),
        ):
            table.add_column(s.t(label), key=key, width=max(cell_len(s.t(label)), 4))
        stats = s.topic_stats()
        for section, title in TOPICS.items():
            st = stats.get(section)
            pct = f"{round(100 * st.correct / st.answered)}%" if st and st.answered else "–"
            table.add_row(
                section,
                s.t(title),
                str(st.answered if st else 0),
                pct,
                str(st.skills if st else 0),
                str(st.due if st else 0),
                key=section,
            )
        table.move_cursor(row=max(row, 0))
        score = s.score
        summary = [s.t(texts.DUE_TODAY, n=s.due_count())]
        if score.checked or score.problems:
            summary.append(
                s.t(
                    texts.SCORE,
                    correct=score.correct,
                    checked=score.checked,
                    problems=score.problems,
                )
            )
        self.query_one("#summary", Static).update("   ".join(summary))
        st = s.settings
        self.query_one("#settings-line", Static).update(
            s.t(
                texts.SETTINGS_LINE,
                language=st.lang,
                notation=st.notation,
                calculator=s.t(texts.YES if st.calculator else texts.NO),
                difficulty=st.difficulty,
            )
        )

    @property
    def selected_section(self) -> str:
        table = self.query_one(DataTable)
        return list(TOPICS)[max(table.cursor_row, 0)]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_start_topic()

    def action_start_topic(self) -> None:
        self.app.start_practice("topic", self.selected_section)  # type: ignore[attr-defined]

    def action_start(self, mode: str) -> None:
        self.app.start_practice(mode)  # type: ignore[attr-defined]

    def action_explorer(self) -> None:
        from .explorer import ExplorerScreen

        self.app.push_screen(ExplorerScreen(self.session))

    def action_settings(self) -> None:
        from .settings import SettingsScreen

        self.app.push_screen(SettingsScreen(self.session))
