"""The tally of diagnosed mistakes per topic, and "practise my mistakes"."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from .. import texts
from .base import LangScreen


class MistakesScreen(LangScreen):
    KEYS = [
        ("p", "practise", texts.PRACTISE_THESE, True),
        ("l", "app.toggle_lang", texts.LANGUAGE, True),
        ("escape", "app.pop_screen", texts.BACK, True),
    ]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("", id="mistakes-title", markup=False)
        yield DataTable(id="mistakes", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.update_texts()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.update_texts()

    def update_texts(self) -> None:
        s = self.session
        tally = s.tally()
        totals = tally.totals()
        title = s.t(texts.MISTAKES_TITLE) if totals else s.t(texts.NO_MISTAKES)
        self.query_one("#mistakes-title", Static).update(title)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        names = {key: self._mistake_name(key) for key, _ in totals}
        width = max([cell_len(s.t(texts.MISTAKE_COL)), *map(cell_len, names.values())])
        table.add_column(s.t(texts.MISTAKE_COL), key="mistake", width=width)
        sections = tally.sections()
        for section in sections:
            table.add_column(section, key=section, width=max(4, cell_len(section)))
        table.add_column(s.t(texts.TOTAL), key="total", width=max(4, cell_len(s.t(texts.TOTAL))))
        for key, total in totals:
            per = tally.by_section(key)
            cells = [str(per.get(section, "")) for section in sections]
            table.add_row(names[key], *cells, str(total), key=key)

    def _mistake_name(self, key: str) -> str:
        title = self.session.services.mistake_title(key)
        return self.session.t(title) if title is not None else key

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_practise()

    def action_practise(self) -> None:
        self.app.start_practice("mistakes")  # type: ignore[attr-defined]
