"""The practice screen: a problem in the two-pane or compact layout, per-part checking, hints
for the part in focus (with their cost shown first), the worked solution, and the rating of a
finished problem with Anki's four buttons."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from .. import texts
from ..hints import LEVEL_NAMES
from ..widgets.part import PartField
from ..widgets.problem_view import ProblemView
from ..widgets.rating_panel import RatingPanel
from .base import LangScreen
from .dialogs import StatementScreen, leave_question

BREAKPOINTS = [(0, "-compact"), (120, "-wide")]


class ProblemScreen(LangScreen):
    HORIZONTAL_BREAKPOINTS = BREAKPOINTS
    KEYS = [
        ("ctrl+t", "hint", texts.HINT, True),
        ("ctrl+r", "solution", texts.SOLUTION, True),
        ("ctrl+n", "new_variant", texts.NEW_VARIANT, True),
        ("ctrl+o", "statement", texts.STATEMENT, True),
        ("ctrl+l", "app.toggle_lang", texts.LANGUAGE, True),
        ("pagedown", "page(1)", texts.SCROLL, False),
        ("pageup", "page(-1)", texts.SCROLL, False),
        ("escape", "home", texts.HOME, True),
    ]

    def compose(self) -> ComposeResult:
        s = self.session
        assert s.run is not None
        yield Header(show_clock=False)
        yield self._new_view()
        yield Static("", id="status", markup=False)
        yield Footer(compact=True)

    def _new_view(self) -> ProblemView:
        s = self.session
        assert s.run is not None
        return ProblemView(s.run, s.lang, self._statement, s.services.preview, s.services.evaluate)

    def _statement(self, lang: str, width: int) -> str:
        assert self.session.problem is not None
        return self.session.services.render_statement(self.session.problem, lang, width)

    @property
    def view(self) -> ProblemView:
        return self.query_one(ProblemView)

    def on_mount(self) -> None:
        self._setup()

    def _setup(self) -> None:
        """Fill the view from the session (also after a resume or a new problem)."""
        s = self.session
        assert s.run is not None
        self.sub_title = s.t(s.run.problem.title)
        for field in self.view.fields():
            if field.state.hint_level:
                self._show_hint(field)
        if s.run.solution_read:
            self._show_solution()
        self._update_note()
        self.view.focus_part(s.run.first_open())
        self.refresh_status()

    def _update_note(self) -> None:
        s = self.session
        assert s.run is not None
        title = s.services.mistake_title(s.run.drill) if s.run.drill else None
        self.view.set_note(s.t(texts.PRACTISING, title=s.t(title)) if title else "")

    # ------------------------------------------------------------------ texts

    def refresh_status(self) -> None:
        s = self.session
        sc = s.score
        done = s.t(texts.problems_done(sc.problems))
        line = s.t(texts.SCORE, correct=sc.correct, checked=sc.checked, done=done)
        if not sc.checked and not sc.problems:
            line = s.t(texts.HOW_TO)
        self.query_one("#status", Static).update(line)
        self.refresh_hintbar()

    def refresh_hintbar(self) -> None:
        s = self.session
        if s.run is None or s.run.completed:
            self.view.set_hintbar("")
            return
        field = self.view.focused_field() or self._first_open_field()
        if field is None:
            self.view.set_hintbar("")
            return
        offer = s.hint_offer(field.answer.id)
        if field.state.correct:
            text = s.t(texts.HINT_RIGHT, letter=field.letter)
        elif offer.level is None:
            reason = s.t(offer.reason) if offer.reason else ""
            text = s.t(texts.HINT_NONE, letter=field.letter, reason=reason)
        else:
            template = texts.HINT_OFFER_PAID if offer.charged else texts.HINT_OFFER
            text = s.t(template, what=s.t(LEVEL_NAMES[offer.level]), letter=field.letter)
        self.view.set_hintbar(text)

    def _first_open_field(self) -> PartField | None:
        aid = self.session.run.first_open() if self.session.run else None
        return self.view.field(aid) if aid else None

    def update_texts(self) -> None:
        s = self.session
        if s.run is None:
            return
        self.sub_title = s.t(s.run.problem.title)
        self.view.set_lang(s.lang)
        for field in self.view.fields():
            if field.state.hint_level:
                self._show_hint(field)
        if s.run.solution_read:
            self._show_solution()
        self._update_note()
        if self.query(RatingPanel) and s.result is not None:
            self.query_one(RatingPanel).show(s.result, s.lang)
        self.refresh_status()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.refresh_hintbar()

    # ------------------------------------------------------------------ answering

    def on_part_field_cells_changed(self, event: PartField.CellsChanged) -> None:
        if self.session.run is not None:
            self.session.set_cells(event.field.answer.id, event.field.cells())

    def on_part_field_submitted(self, event: PartField.Submitted) -> None:
        s = self.session
        field = event.field
        if s.run is None or s.run.completed and field.state.correct:
            return
        s.check(field.answer.id, field.text())
        field.show_verdict(reveal=not field.state.correct)
        self.refresh_status()
        if s.result is not None and s.run.completed:
            self._show_rating()
        elif field.state.correct:
            self._focus_next_open(field)
        else:  # the feedback (and its diagnosis) below the boxes comes into view
            self.call_after_refresh(field.scroll_visible, animate=False)

    def _focus_next_open(self, after: PartField) -> None:
        fields = self.view.fields()
        for field in fields[fields.index(after) + 1 :] + fields:
            if not field.state.correct:
                self.view.focus_part(field.answer.id)
                return

    def _show_rating(self) -> None:
        s = self.session
        assert s.result is not None and s.run is not None
        panel = RatingPanel(s.result, len(s.run.fields), s.lang)
        parts = self.query_one("#parts")
        parts.mount(panel, before=self.query_one("#solution"))
        self.refresh_hintbar()

    def on_rating_panel_rated(self, event: RatingPanel.Rated) -> None:
        result = self.session.override(event.rating)
        self.query_one(RatingPanel).show(result, self.session.lang)

    async def on_rating_panel_next(self, event: RatingPanel.Next) -> None:
        await self._go_on(same_skill=False)

    # ------------------------------------------------------------------ hints and solution

    def action_hint(self) -> None:
        s = self.session
        field = self.view.focused_field() or self._first_open_field()
        if s.run is None or s.run.completed or field is None:
            return
        offer = s.hint(field.answer.id)
        if offer.level is None:
            reason = offer.reason or texts.HINT_RIGHT
            self.notify(s.t(reason, letter=field.letter), timeout=4)
        else:
            self._show_hint(field)
            self.view.scroll_to(field)
        self.refresh_status()

    def _show_hint(self, field: PartField) -> None:
        s = self.session
        level = field.state.hint_level
        title = s.t(texts.HINT_TITLE, letter=field.letter, what=s.t(LEVEL_NAMES[level]))
        field.set_hint(title, s.hint_text(field.answer.id))

    def action_solution(self) -> None:
        self.session.reveal_solution()
        self._show_solution()
        self.view.scroll_to(self.query_one("#solution"))
        self.refresh_status()

    def _show_solution(self) -> None:
        s = self.session
        title = s.t(texts.SOLUTION_TITLE)
        if s.run is not None and s.run.solution_shown:
            title += " " + s.t(texts.SOLUTION_COST)
        self.view.set_solution(title, s.solution_text())

    def action_statement(self) -> None:
        s = self.session
        assert s.problem is not None
        problem = s.problem
        render = lambda width: s.services.render_statement(problem, s.lang, width)  # noqa: E731
        self.app.push_screen(StatementScreen(s.t(problem.title), render))

    def action_page(self, direction: int) -> None:
        self.view.page(direction)

    # ------------------------------------------------------------------ leaving

    async def action_new_variant(self) -> None:
        await self._leave_then(lambda: self._go_on(same_skill=True))

    async def action_home(self) -> None:
        await self._leave_then(self._go_home)

    async def _leave_then(self, then) -> None:  # type: ignore[no-untyped-def]
        """Ask keep-or-give-up for a half-done problem, then do ``then`` (unless the student
        stays)."""
        s = self.session
        if not s.needs_leave_choice:
            s.leave_untouched()
            await then()
            return
        assert s.run is not None
        right = sum(1 for f in s.run.fields.values() if f.correct)

        async def answered(choice: str | None) -> None:
            if choice == "keep":
                s.keep_for_later()
                self.notify(s.t(texts.KEPT_NOTE), timeout=6)
            elif choice == "give_up":
                result = s.give_up()
                self.notify(s.t(texts.GAVE_UP, when=s.t(result.comes_back())), timeout=6)
            else:
                return
            await then()

        self.app.push_screen(leave_question(s.lang, right, len(s.run.fields)), answered)

    async def _go_home(self) -> None:
        self.app.pop_screen()

    async def _go_on(self, same_skill: bool) -> None:
        s = self.session
        if s.run is not None and s.needs_leave_choice:
            return
        problem = s.next_problem(same_skill=same_skill)
        if problem is None:
            self.notify(s.t(texts.QUEUE_EMPTY))
            self.app.pop_screen()
            return
        await self.view.remove()
        await self.mount(self._new_view(), before=self.query_one("#status"))
        self._setup()
