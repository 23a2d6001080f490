"""Multiple choice as an option list: ↑/↓ to move, enter to choose; the choice is checked at
once (in an exam, only marked). Long options wrap with a hanging indent, never mid-word."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..run import Cells, FieldState
from .part import PartField


def _prompt(key: str, text: str, chosen: bool) -> object:
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(("●" if chosen else "○") + f" {key})", text)
    return grid


class ChoiceField(PartField):
    def __init__(self, state: FieldState, index: int, lang: str, exam: bool = False) -> None:
        super().__init__(state, index, lang, exam)
        cells = state.cells
        self.chosen: str = str(cells[0]) if cells and cells[0] else ""

    def compose_body(self) -> ComposeResult:
        yield OptionList(*self._options(), id=f"choice-{self.index}", classes="choices")

    def _options(self) -> list[Option]:
        return [
            Option(_prompt(key, text.get(self.lang), key == self.chosen), id=key)  # type: ignore[arg-type]
            for key, text in self.answer.choices
        ]

    def _redraw(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(self._options())
        if highlighted is not None:
            options.highlighted = highlighted

    def on_mount(self) -> None:
        super().on_mount()
        keys = [k for k, _ in self.answer.choices]
        if self.chosen in keys:
            self.query_one(OptionList).highlighted = keys.index(self.chosen)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.chosen = event.option.id or ""
        self._redraw()
        self.post_message(self.CellsChanged(self))
        if self.exam:
            self.screen.focus_next()
        else:
            self.post_message(self.Submitted(self))

    def cells(self) -> Cells:
        return [self.chosen]

    def focus_first(self) -> Widget | None:
        options = self.query_one(OptionList)
        options.focus(scroll_visible=False)
        return options

    def set_lang(self, lang: str) -> None:
        super().set_lang(lang)
        self._redraw()
