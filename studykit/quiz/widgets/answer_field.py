"""An answer typed in boxes: one box, a row (vector), a grid (matrix) or rows × cols (shape).

Boxes are as wide as the space allows (up to what a formula like ``-0.1*1-0.4*(-2)-0.9``
needs), re-fitted when the pane is resized. A number typed as a formula is shown evaluated
(``= 0.3592``) before it is graded; an expression is shown as it was read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal
from textual.widget import Widget
from textual.widgets import Input

from .. import texts
from ..run import Cells, FieldState, dims
from .part import PartField

PLAIN_NUMBER = re.compile(r"^\s*[-+−]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")
MIN_CELL, MAX_CELL, SCALAR_CELL = 12, 30, 34  # box widths, borders included


def cell_width(kind: str, cols: int, available: int) -> int:
    """How wide each box is for an answer of ``kind`` with ``cols`` columns in ``available``."""
    if kind == "expression":
        return max(MIN_CELL, available - 2)
    if kind == "shape":
        return MIN_CELL
    if kind == "number":
        return max(MIN_CELL, min(SCALAR_CELL, available - 2))
    return max(MIN_CELL, min(MAX_CELL, (available - 2) // max(cols, 1)))


def value_text(value: float) -> str:
    return f"{value:.6g}".replace("-", "−")


class AnswerField(PartField):
    """Boxes shaped like the answer; enter in any box submits the whole part."""

    def __init__(
        self,
        state: FieldState,
        index: int,
        lang: str,
        preview: Callable[[str], str],
        evaluate: Callable[[str], float | None] | None = None,
        exam: bool = False,
    ) -> None:
        super().__init__(state, index, lang, exam)
        self._preview = preview
        self._evaluate = evaluate or (lambda _text: None)

    @property
    def dims(self) -> tuple[int, int]:
        return dims(self.answer)

    def compose_body(self) -> ComposeResult:
        rows, cols = self.dims
        kind = self.answer.kind
        values = self.state.cells
        grid = values if kind == "matrix" else [values]
        inputs = [
            Input(
                value=str(grid[r][c]) if r < len(grid) and c < len(grid[r]) else "",  # type: ignore[index]
                id=f"cell-{self.index}-{r}-{c}",
                classes="cell",
                placeholder=self._placeholder(c),
                select_on_focus=False,
            )
            for r in range(rows)
            for c in range(cols)
        ]
        if kind == "matrix":
            box = Grid(*inputs, classes="matrix")
            box.styles.grid_size_columns = cols
            box.styles.grid_size_rows = rows
            box.styles.height = rows * 3
            yield box
        elif len(inputs) == 1:
            yield inputs[0]
        else:
            yield Horizontal(*inputs, classes="row")

    def _placeholder(self, col: int) -> str:
        if self.answer.kind == "shape":
            return (texts.SHAPE_ROWS if col == 0 else texts.SHAPE_COLS).get(self.lang)
        return ""

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width)
        super().on_resize(event)

    def fit(self, width: int) -> None:
        """Size the boxes for a field ``width`` columns wide."""
        rows, cols = self.dims
        cell = cell_width(self.answer.kind, cols, width - 2)
        for box in self.query(".cell").results(Input):
            box.styles.width = cell
        for grid in self.query(".matrix"):
            grid.styles.width = cell * cols

    # ------------------------------------------------------------------ values

    def cells(self) -> Cells:
        rows, cols = self.dims
        values = [
            [self.query_one(f"#cell-{self.index}-{r}-{c}", Input).value for c in range(cols)]
            for r in range(rows)
        ]
        return values if self.answer.kind == "matrix" else values[0]

    def focus_first(self) -> Widget | None:
        boxes = list(self.query(".cell").results(Input))
        target = next((b for b in boxes if not b.value.strip()), boxes[0] if boxes else None)
        if target is not None:
            target.focus(scroll_visible=False)
        return target

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.exam:
            self.screen.focus_next()
            return
        self.post_message(self.Submitted(self))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.CellsChanged(self))
        self.update_preview()

    def update_preview(self) -> None:
        """``read as: …`` for an expression; ``= value`` for numbers typed as formulas."""
        if self.answer.kind == "expression":
            text = self.text()
            shown = self._preview(text) if text.strip() else ""
            self.set_preview(texts.READ_AS.get(self.lang, text=shown) if shown else "")
            return
        if self.answer.kind == "shape":
            return
        self.set_preview(self._evaluated())

    def _evaluated(self) -> str:
        flat: list[str] = []
        for row in self.cells() if self.answer.kind == "matrix" else [self.cells()]:
            flat.extend(str(c) for c in row)  # type: ignore[union-attr]
        if all(PLAIN_NUMBER.match(c) or not c.strip() for c in flat):
            return ""
        values: list[str] = []
        for text in flat:
            value = self._evaluate(text) if text.strip() else None
            if value is None:
                return ""
            values.append(value_text(value))
        _, cols = self.dims
        if self.answer.kind == "matrix":
            rows = [", ".join(values[i : i + cols]) for i in range(0, len(values), cols)]
            shown = "[" + "; ".join(rows) + "]"
        else:
            shown = values[0] if len(values) == 1 else "[" + ", ".join(values) + "]"
        graded = self.state.verdict is not None and self.text() == self.state.text
        return (texts.VALUE_GRADED if graded else texts.VALUE_IS).get(self.lang, value=shown)

    # ------------------------------------------------------------------ feedback

    def mark_entries(self, verdict: Any) -> None:
        wrong = self._wrong_cells(verdict)
        for cell in self.query(".cell").results(Input):
            _, _, r, c = (cell.id or "").split("-")
            cell.set_class((int(r), int(c)) in wrong, "-wrong-entry")

    def _wrong_cells(self, verdict: Any) -> set[tuple[int, int]]:
        if verdict is None or verdict.correct:
            return set()
        _, cols = self.dims
        cells: set[tuple[int, int]] = set()
        for entry in getattr(verdict, "wrong_entries", ()) or ():
            if isinstance(entry, tuple | list) and len(entry) == 2:
                cells.add((int(entry[0]), int(entry[1])))
                continue
            if isinstance(entry, tuple | list) and len(entry) == 1:
                entry = entry[0]
            if isinstance(entry, int):
                cells.add(divmod(entry, cols) if self.answer.kind == "matrix" else (0, entry))
        return cells

    def show_verdict(self, reveal: bool = False) -> None:
        super().show_verdict(reveal)
        if self.is_mounted:
            self.update_preview()

    def set_lang(self, lang: str) -> None:
        super().set_lang(lang)
        self.update_preview()
