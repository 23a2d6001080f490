"""The problem screen: statement (with the network diagram), conventions, answer fields,
per-field checking, hints and the worked solution."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from .. import texts
from ..widgets.answer_field import AnswerField
from .base import LangScreen


class ProblemScreen(LangScreen):
    KEYS = [
        ("ctrl+t", "hint", texts.HINT, True),
        ("ctrl+r", "solution", texts.SOLUTION, True),
        ("ctrl+n", "next", texts.NEXT, True),
        ("ctrl+l", "app.toggle_lang", texts.LANGUAGE, True),
        ("pagedown", "page(1)", texts.SCROLL, True),
        ("pageup", "page(-1)", texts.SCROLL, False),
        ("escape", "home", texts.HOME, True),
    ]

    def compose(self) -> ComposeResult:
        s = self.session
        assert s.problem is not None
        yield Header(show_clock=False)
        with VerticalScroll(id="body"):
            yield Static(self._statement(), id="statement", markup=False)
            for i, state in enumerate(s.fields.values()):
                yield AnswerField(state, i, s.lang, s.services.preview)
            yield Static(self._help_text(), id="help", markup=False)
        yield Static(self._status_text(), id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        fields = list(self.query(AnswerField))
        if fields:
            self.call_after_refresh(self._focus_first_cell, fields[0])

    def _focus_first_cell(self, field: AnswerField) -> None:
        from textual.widgets import Input

        field.query(Input).first().focus(scroll_visible=False)
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)

    def action_page(self, direction: int) -> None:
        body = self.query_one("#body", VerticalScroll)
        (body.scroll_page_down if direction > 0 else body.scroll_page_up)(animate=False)

    # ------------------------------------------------------------------ texts

    def _statement(self) -> str:
        s = self.session
        assert s.problem is not None
        width = max(40, (self.app.size.width or 80) - 4)
        return s.services.render_problem(s.problem, s.lang, solution=False, width=width)

    def _help_text(self) -> str:
        s = self.session
        if s.problem is None:
            return ""
        if s.solution_shown:
            body = s.services.render_steps(s.problem, s.lang, len(s.problem.steps))
            return f"── {s.t(texts.SOLUTION_TITLE)} ──\n{body}"
        if s.hints_used:
            body = s.services.render_steps(s.problem, s.lang, s.hints_used)
            return f"── {s.t(texts.HINTS_TITLE)} ──\n{body}"
        return ""

    def _status_text(self) -> str:
        s = self.session
        sc = s.score
        line = s.t(texts.SCORE, correct=sc.correct, checked=sc.checked, problems=sc.problems)
        if s.hints_used:
            line += "  ·  " + s.t(texts.HINTS_USED, n=s.hints_used)
        if s.all_correct:
            line = s.t(texts.ALL_DONE) + "  " + line
        elif not sc.checked:
            line = s.t(texts.HOW_TO)
        return line

    def update_texts(self) -> None:
        self.query_one("#statement", Static).update(self._statement())
        for field in self.query(AnswerField):
            field.set_lang(self.session.lang)
        self._refresh_help()

    def _refresh_help(self) -> None:
        self.query_one("#help", Static).update(self._help_text())
        self.query_one("#status", Static).update(self._status_text())

    # ------------------------------------------------------------------ actions

    def on_answer_field_submitted(self, event: AnswerField.Submitted) -> None:
        field = event.field
        self.session.check(field.answer.id, field.text())
        field.show_verdict()
        self._refresh_help()
        if field.state.correct:
            self._focus_next_open(field)

    def _focus_next_open(self, after: AnswerField) -> None:
        from textual.widgets import Input

        fields = list(self.query(AnswerField))
        for field in fields[fields.index(after) + 1 :] + fields:
            if not field.state.correct:
                field.query(Input).first().focus()
                return

    def action_hint(self) -> None:
        self.session.hint()
        self._refresh_help()
        self._show_help()

    def action_solution(self) -> None:
        self.session.reveal_solution()
        self._refresh_help()
        self._show_help()

    def _show_help(self) -> None:
        body = self.query_one("#body", VerticalScroll)
        help_text = self.query_one("#help")
        self.call_after_refresh(body.scroll_to_widget, help_text, top=True, animate=False)

    async def action_next(self) -> None:
        if self.session.next_problem() is None:
            self.notify(self.session.t(texts.QUEUE_EMPTY))
            self.app.pop_screen()
            return
        await self.recompose()
        self.on_mount()

    def action_home(self) -> None:
        self.session.finish()
        self.app.pop_screen()
