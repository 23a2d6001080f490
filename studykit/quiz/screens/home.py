"""Home: the course topics with progress (each column explained), what is due, the problem kept
for later, the most frequent mistakes, the last mock exam, and how to start."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from ...i18n import Text
from .. import texts
from ..resume import summarize
from ..topics import TOPICS
from .base import LangScreen

COLUMNS: list[tuple[str, Text]] = [
    ("checked", texts.CHECKED),
    ("right", texts.FIRST_TIME),
    ("kinds", texts.KINDS),
    ("due", texts.DUE_COL),
]


class HomeScreen(LangScreen):
    KEYS = [
        ("p", "start_topic", texts.START_TOPIC, True),
        ("d", "start('due')", texts.DUE, True),
        ("m", "exam", texts.MOCK_EXAM, True),
        ("t", "mistakes", texts.MISTAKES, True),
        ("r", "resume", texts.RESUME, True),
        ("a", "explorer", texts.EXPLORER, True),
        ("n", "own_network", texts.OWN_NETWORK, True),
        ("s", "settings", texts.SETTINGS, False),  # the settings line says "s: change"
        ("l", "app.toggle_lang", texts.LANGUAGE, True),
    ]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("", id="summary", markup=False)
        yield DataTable(id="topics", cursor_type="row", zebra_stripes=True)
        yield Static("", id="legend", markup=False)
        yield Static("", id="settings-line", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one(DataTable).focus()
        self.set_timer(1.0, self._preload)

    def _preload(self) -> None:
        """Import the problem kinds, the checker and SymPy (slow) in a thread, after the first
        paint."""
        self.run_worker(self.session.services.warm_up, thread=True, exit_on_error=False)

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``r Resume`` is in the footer only when there is a problem to resume."""
        if action == "resume":
            return bool(self.session.drafts())
        return True

    def update_texts(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Fill the topic table and the summary lines from the progress store."""
        self._fill_table()
        self.refresh_bindings()
        s = self.session
        self.query_one("#summary", Static).update("\n".join(self._summary_lines()))
        self.query_one("#legend", Static).update(s.t(texts.TABLE_LEGEND))
        st = s.settings
        self.query_one("#settings-line", Static).update(
            s.t(
                texts.SETTINGS_LINE,
                language=s.t(texts.LANGUAGE_NAME[st.lang]),
                notation=s.t(texts.NOTATION_NAME[st.notation]),
                calculator=s.t(texts.YES if st.calculator else texts.NO),
                difficulty=st.difficulty,
            )
        )

    def _fill_table(self) -> None:
        s = self.session
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        titles = [s.t(title) for title in TOPICS.values()]
        table.add_column("", key="section", width=3)
        table.add_column(s.t(texts.TOPIC), key="topic", width=max(map(cell_len, titles)))
        for key, label in COLUMNS:
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

    def _summary_lines(self) -> list[str]:
        s = self.session
        first = [s.t(texts.DUE_TODAY, n=s.due_count())]
        score = s.score
        if score.checked or score.problems:
            done = s.t(texts.problems_done(score.problems))
            first.append(s.t(texts.SCORE, correct=score.correct, checked=score.checked, done=done))
        lines = ["   ".join(first)]
        drafts = s.drafts()
        if drafts:
            kept = summarize(drafts[0])
            ago = s.t(texts.ago(s.services.now() - drafts[0].updated))
            lines.append(
                s.t(texts.KEPT, title=s.t(kept.title), right=kept.right, total=kept.total, ago=ago)
            )
        top = s.tally().totals()[:3]
        if top:
            shown = " · ".join(f"{self._mistake_name(key)} ×{n}" for key, n in top)
            lines.append(s.t(texts.TOP_MISTAKES, list=shown))
        exams = s.store.exams()
        if exams:
            last = exams[0]
            pct = round(100 * last.score / last.total) if last.total else 0
            lines.append(s.t(texts.LAST_EXAM, score=last.score, total=last.total, pct=pct))
        return lines

    def _mistake_name(self, key: str) -> str:
        title = self.session.services.mistake_title(key)
        return self.session.t(title) if title is not None else key

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

    def action_exam(self) -> None:
        self.app.start_exam()  # type: ignore[attr-defined]

    def action_resume(self) -> None:
        drafts = self.session.drafts()
        if not drafts:
            self.notify(self.session.t(texts.NOTHING_KEPT))
            return
        self.app.resume(drafts[0])  # type: ignore[attr-defined]

    def action_mistakes(self) -> None:
        from .mistakes import MistakesScreen

        self.app.push_screen(MistakesScreen(self.session))

    def action_own_network(self) -> None:
        """Practise with my network: ask for its spec file, then its parts."""
        from .dialogs import PathQuestion

        def chosen(path: str | None) -> None:
            if path:
                self.app.start_own(path)  # type: ignore[attr-defined]

        self.app.push_screen(PathQuestion(self.session.t(texts.OWN_PROMPT)), chosen)

    def action_explorer(self) -> None:
        from .explorer import ExplorerScreen

        self.app.push_screen(ExplorerScreen(self.session))

    def action_settings(self) -> None:
        from .settings import SettingsScreen

        self.app.push_screen(SettingsScreen(self.session))
