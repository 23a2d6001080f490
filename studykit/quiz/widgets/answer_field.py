"""One answer field: a grid of inputs shaped like the answer, a live preview, the feedback."""

from __future__ import annotations

from typing import Any

from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Static

from ...problems.model import Answer
from .. import texts
from ..session import FieldState, compose_input


class AnswerField(Vertical):
    """Inputs for ``answer``: one box, a row (vector), a grid (matrix) or rows × cols (shape)."""

    class Submitted(Message):
        def __init__(self, field: AnswerField) -> None:
            super().__init__()
            self.field = field

    def __init__(self, state: FieldState, index: int, lang: str, preview: Any) -> None:
        super().__init__(id=f"field-{index}", classes="answer-field")
        self.state = state
        self.answer: Answer = state.answer
        self.index = index
        self.lang = lang
        self._preview = preview

    # ------------------------------------------------------------------ layout

    @property
    def dims(self) -> tuple[int, int]:
        kind = self.answer.kind
        if kind == "vector":
            return 1, len(self.answer.value)
        if kind == "matrix":
            return len(self.answer.value), len(self.answer.value[0])
        if kind == "shape":
            return 1, 2
        return 1, 1

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(self._label_text(), classes="field-label", markup=False)
        rows, cols = self.dims
        kind = self.answer.kind
        inputs = [
            Input(id=f"cell-{self.index}-{r}-{c}", classes="cell", placeholder=self._placeholder(c))
            for r in range(rows)
            for c in range(cols)
        ]
        if kind in ("number", "expression", "choice"):
            inputs[0].add_class("wide")
            yield inputs[0]
        elif kind == "matrix":
            grid = Grid(*inputs, classes="matrix")
            grid.styles.grid_size_columns = cols
            grid.styles.grid_size_rows = rows
            grid.styles.height = rows * 3
            grid.styles.width = cols * 14 + 2
            yield grid
        else:
            yield Horizontal(*inputs, classes="row")
        yield Static("", classes="preview", markup=False)
        feedback = Static(self._feedback_text(), classes="feedback", markup=False)
        feedback.display = bool(self.state.verdict)
        yield feedback

    def _placeholder(self, col: int) -> str:
        if self.answer.kind == "shape":
            return (texts.SHAPE_ROWS if col == 0 else texts.SHAPE_COLS).get(self.lang)
        return ""

    def _label_text(self) -> str:
        label = f"({chr(97 + self.index)}) {self.answer.label.get(self.lang)}"
        if self.answer.kind == "choice":
            label += "  " + "  ".join(f"{k}) {t.get(self.lang)}" for k, t in self.answer.choices)
        return label

    # ------------------------------------------------------------------ values

    def cells(self) -> list[str] | list[list[str]]:
        rows, cols = self.dims
        values = [
            [self.query_one(f"#cell-{self.index}-{r}-{c}", Input).value for c in range(cols)]
            for r in range(rows)
        ]
        return values if self.answer.kind == "matrix" else values[0]

    def text(self) -> str:
        return compose_input(self.answer, self.cells())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self))
        self.call_after_refresh(self.scroll_visible, animate=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.has_focus:
            event.input.scroll_visible(animate=False)
        if self.answer.kind == "expression":
            shown = self._preview(event.value) if event.value.strip() else ""
            preview = self.query_one(".preview", Static)
            preview.update(texts.READ_AS.get(self.lang, text=shown) if shown else "")
            preview.set_class(bool(shown), "-shown")

    # ------------------------------------------------------------------ feedback

    def show_verdict(self) -> None:
        """Mark the field and its wrong entries from the last verdict."""
        verdict = self.state.verdict
        self.set_class(verdict is not None and verdict.correct, "-correct")
        self.set_class(verdict is not None and not verdict.correct, "-wrong")
        wrong = self._wrong_cells(verdict)
        for cell in self.query(".cell").results(Input):
            _, _, r, c = (cell.id or "").split("-")
            cell.set_class((int(r), int(c)) in wrong, "-wrong-entry")
        self._update_feedback()

    def _update_feedback(self) -> None:
        text = self._feedback_text()
        feedback = self.query_one(".feedback", Static)
        feedback.update(text)
        feedback.display = bool(text)

    def _wrong_cells(self, verdict: Any) -> set[tuple[int, int]]:
        if verdict is None or verdict.correct:
            return set()
        _, cols = self.dims
        cells: set[tuple[int, int]] = set()
        for entry in getattr(verdict, "wrong_entries", ()) or ():
            if isinstance(entry, tuple | list) and len(entry) == 2:
                cells.add((int(entry[0]), int(entry[1])))
            elif isinstance(entry, tuple | list) and len(entry) == 1:
                entry = int(entry[0])
                cells.add(divmod(entry, cols) if self.answer.kind == "matrix" else (0, entry))
            elif isinstance(entry, int):
                cells.add(divmod(entry, cols) if self.answer.kind == "matrix" else (0, entry))
        return cells

    def _feedback_text(self) -> str:
        verdict = self.state.verdict
        if verdict is None:
            return ""
        lang = self.lang
        lines = [(texts.CORRECT if verdict.correct else texts.WRONG).get(lang)]
        message = getattr(verdict, "message", None)
        if message is not None:
            lines[0] += "  " + (message.get(lang) if hasattr(message, "get") else str(message))
        if verdict.correct and getattr(verdict, "carried_forward", False):
            lines.append(texts.CARRIED.get(lang))
        if not verdict.correct and getattr(verdict, "wrong_entries", None):
            lines.append(texts.WRONG_ENTRIES.get(lang))
        mistake = getattr(verdict, "mistake", None)
        if mistake is not None:
            lines.append(texts.MISTAKE.get(lang, text=mistake.explanation.get(lang)))
        return "\n".join(lines)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.query_one(".field-label", Static).update(self._label_text())
        self._update_feedback()
