"""The mock exam: a timed paper, one problem at a time, no feedback until it is handed in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from .. import texts
from ..exam import ExamRun, clock_text, hand_in
from ..widgets.part import PartField
from ..widgets.problem_view import ProblemView
from .base import LangScreen
from .dialogs import StatementScreen, hand_in_question
from .problem import BREAKPOINTS

PAPER_VARIANTS = 500  # a fresh paper each time: one of the set's variants 1…500


class ExamScreen(LangScreen):
    HORIZONTAL_BREAKPOINTS = BREAKPOINTS
    KEYS = [
        ("ctrl+n", "move(1)", texts.NEXT_PROBLEM, True),
        ("ctrl+p", "move(-1)", texts.PREV_PROBLEM, True),
        ("ctrl+e", "hand_in", texts.HAND_IN, True),
        ("ctrl+o", "statement", texts.STATEMENT, True),
        ("ctrl+l", "app.toggle_lang", texts.LANGUAGE, True),
        ("pagedown", "page(1)", texts.SCROLL, False),
        ("pageup", "page(-1)", texts.SCROLL, False),
        ("escape", "hand_in", texts.HAND_IN, False),
    ]

    def __init__(self, session, exam: ExamRun | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(session)
        self.exam = exam
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        s = self.session
        yield Header(show_clock=False)
        yield Static(s.t(texts.PREPARING), id="exam-wait", markup=False)
        yield Static("", id="status", markup=False)
        yield Footer(compact=True)

    def _statement(self, lang: str, width: int) -> str:
        assert self.exam is not None
        return self.session.services.render_statement(self.exam.current.problem, lang, width)

    async def on_mount(self) -> None:
        if self.exam is None:
            self.run_worker(self._prepare, thread=True, exit_on_error=False)
        else:
            await self.query_one("#exam-wait").remove()
            await self._show_current()
        self.set_interval(1.0, self.tick)

    def _prepare(self) -> None:
        """Worker thread: generate the paper (several problems: a second or so)."""
        s = self.session
        try:
            paper = s.services.exam_paper(s.services.new_seed() % PAPER_VARIANTS + 1)
        except FileNotFoundError:
            self.app.call_from_thread(self._failed, s.t(texts.EXAM_MISSING))
            return
        except Exception as exc:  # no paper: say why, stay on this screen until esc
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._ready, paper)

    def _failed(self, error: str) -> None:
        self.error = self.session.t(texts.EXAM_FAILED, error=error)
        self.query_one("#exam-wait", Static).update(self.error)

    async def _ready(self, paper) -> None:  # type: ignore[no-untyped-def]
        self.exam = ExamRun.start(paper, self.session.services.clock())
        await self.query_one("#exam-wait").remove()
        await self._show_current()

    async def _show_current(self) -> None:
        """Put the current problem's view in place of the one on screen."""
        assert self.exam is not None
        for old in self.query(ProblemView):
            await old.remove()
        s = self.session
        view = ProblemView(
            self.exam.current, s.lang, self._statement, s.services.preview, s.services.evaluate,
            exam=True,
        )  # fmt: skip
        await self.mount(view, before=self.query_one("#status"))
        self._setup()

    def _setup(self) -> None:
        assert self.exam is not None
        s = self.session
        self.sub_title = s.t(self.exam.current.problem.title)
        view = self.query_one(ProblemView)
        view.set_hintbar(s.t(texts.EXAM_HOW))
        first = next(iter(self.exam.current.fields), None)
        view.focus_part(first)
        self.tick()

    # ------------------------------------------------------------------ clock and status

    def tick(self) -> None:
        """Refresh the countdown; hand the paper in when the time is up."""
        if self.exam is None or self.exam.handed_in:
            return
        clock = self.session.services.clock()
        left = self.exam.remaining(clock)
        s = self.session
        self.query_one("#status", Static).update(
            s.t(
                texts.EXAM_STATUS,
                i=self.exam.index + 1,
                n=len(self.exam.runs),
                filled=self.exam.filled(),
                parts=self.exam.parts(),
                left=clock_text(left),
            )
        )
        if left <= 0:
            self.notify(s.t(texts.TIME_UP), timeout=10)
            self.finish()

    def update_texts(self) -> None:
        if self.exam is None:
            return
        self.sub_title = self.session.t(self.exam.current.problem.title)
        view = self.query_one(ProblemView)
        view.set_lang(self.session.lang)
        view.set_hintbar(self.session.t(texts.EXAM_HOW))
        self.tick()

    # ------------------------------------------------------------------ answering

    def on_part_field_cells_changed(self, event: PartField.CellsChanged) -> None:
        event.field.state.cells = event.field.cells()
        self.tick()

    def on_part_field_submitted(self, event: PartField.Submitted) -> None:
        event.stop()  # no checking during the exam

    async def action_move(self, step: int) -> None:
        if self.exam is None or not self.exam.move(step):
            return
        await self._show_current()

    def action_page(self, direction: int) -> None:
        if self.exam is not None:
            self.query_one(ProblemView).page(direction)

    def action_statement(self) -> None:
        if self.exam is None:
            return
        s = self.session
        problem = self.exam.current.problem
        render = lambda width: s.services.render_statement(problem, s.lang, width)  # noqa: E731
        self.app.push_screen(StatementScreen(s.t(problem.title), render))

    # ------------------------------------------------------------------ handing in

    def action_hand_in(self) -> None:
        if self.exam is None:
            self.app.pop_screen()
            return
        parts = self.exam.parts()
        empty = parts - self.exam.filled()

        def answered(choice: str | None) -> None:
            if choice == "hand_in":
                self.finish()

        self.app.push_screen(hand_in_question(self.session.lang, empty, parts), answered)

    def finish(self) -> None:
        """Mark the paper, save it, and show the results in place of the paper."""
        from .results import ResultsScreen

        assert self.exam is not None
        if self.exam.handed_in:
            return
        s = self.session
        sv = s.services
        result = hand_in(self.exam, s.store, sv.grade, sv.mistake_title, sv.clock(), sv.now())
        self.app.switch_screen(ResultsScreen(s, self.exam, result))
