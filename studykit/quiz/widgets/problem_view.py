"""The layout of a problem on screen, shared by practice and the mock exam.

At 120 columns or more (the screen's ``-wide`` class) two panes: the statement, its givens and
diagram fixed on the left; the parts and feedback on the right. Narrower (``-compact``), a strip
of givens (x, W, b, t, η on one or two lines) is pinned above the parts and the whole statement
is one key away (``ctrl+o``); a problem without displayed givens keeps its statement pinned
above the parts instead, in a pane of its own that scrolls.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from ..givens import givens, pack
from ..run import ProblemRun
from .answer_field import AnswerField
from .choice_field import ChoiceField
from .part import PartField


class ProblemView(Horizontal):
    def __init__(
        self,
        run: ProblemRun,
        lang: str,
        render_statement: Callable[[str, int], str],
        preview: Callable[[str], str],
        evaluate: Callable[[str], float | None],
        exam: bool = False,
    ) -> None:
        super().__init__(id="panes")
        self.run = run
        self.lang = lang
        self._render_statement = render_statement
        self._preview = preview
        self._evaluate = evaluate
        self.exam = exam
        self.givens = givens(run.problem)
        self.set_class(bool(self.givens), "-has-givens")
        self.set_class(not self.givens, "-no-givens")
        self._statement_width = 0

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="statement-pane"):
            yield Static("", id="statement", markup=False)
        with Vertical(id="work"):
            yield Static("", id="givens", markup=False)
            with VerticalScroll(id="parts"):
                yield Static("", id="practice-note", markup=False)
                for i, state in enumerate(self.run.fields.values()):
                    if state.answer.kind == "choice":
                        yield ChoiceField(state, i, self.lang, exam=self.exam)
                    else:
                        yield AnswerField(
                            state, i, self.lang, self._preview, self._evaluate, exam=self.exam
                        )
                yield Static("", id="solution", markup=False)
            yield Static("", id="hintbar", markup=False)

    def on_mount(self) -> None:
        self.query_one("#solution").display = False
        self.query_one("#practice-note").display = False

    # ------------------------------------------------------------------ statement and givens

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.fit_texts)

    def fit_texts(self) -> None:
        """Re-wrap the statement to its pane and re-pack the givens to the work column."""
        pane = self.query_one("#statement-pane", VerticalScroll)
        width = max(30, pane.scrollable_content_region.width - 1)
        if width != self._statement_width:
            self._statement_width = width
            self.query_one("#statement", Static).update(self._render_statement(self.lang, width))
        work = self.query_one("#work")
        lines = pack(self.givens, max(30, work.size.width - 2))
        self.query_one("#givens", Static).update("\n".join(lines))

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self._statement_width = 0
        self.fit_texts()
        for field in self.fields():
            field.set_lang(lang)

    def set_note(self, text: str) -> None:
        note = self.query_one("#practice-note", Static)
        note.update(text)
        note.display = bool(text)

    def set_solution(self, title: str, body: str) -> None:
        solution = self.query_one("#solution", Static)
        solution.update(f"── {title} ──\n{body}" if body else "")
        solution.display = bool(body)

    def set_hintbar(self, text: str) -> None:
        self.query_one("#hintbar", Static).update(text)

    # ------------------------------------------------------------------ parts and focus

    def fields(self) -> list[PartField]:
        return list(self.query(PartField))

    def field(self, answer_id: str) -> PartField:
        return next(f for f in self.fields() if f.answer.id == answer_id)

    def focused_field(self) -> PartField | None:
        """The part holding the focus, if any."""
        node: Widget | None = self.screen.focused
        while node is not None and not isinstance(node, PartField):
            node = node.parent if isinstance(node.parent, Widget) else None
        return node

    def focus_part(self, answer_id: str | None) -> None:
        """Focus ``answer_id``'s first empty box (or its first) and bring it on screen."""
        if answer_id is None:
            return
        field = self.field(answer_id)
        target = field.focus_first()
        parts = self.query_one("#parts", VerticalScroll)
        self.call_after_refresh(parts.scroll_to_widget, field, animate=False)
        if target is not None:
            self.call_after_refresh(target.focus, False)

    def scroll_to(self, widget: Widget) -> None:
        parts = self.query_one("#parts", VerticalScroll)
        self.call_after_refresh(parts.scroll_to_widget, widget, animate=False, top=True)

    def page(self, direction: int) -> None:
        parts = self.query_one("#parts", VerticalScroll)
        (parts.scroll_page_down if direction > 0 else parts.scroll_page_up)(animate=False)
