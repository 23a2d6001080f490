"""After the mock exam: the score per problem with the diagnoses; enter opens a problem with
its feedback and worked solution."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from .. import texts
from ..exam import ExamResult, ExamRun
from ..widgets.part import PartField
from ..widgets.problem_view import ProblemView
from .base import LangScreen
from .problem import BREAKPOINTS


def diagnoses_text(session, mark) -> str:  # type: ignore[no-untyped-def]
    parts = [
        f"({d.letter}) {session.t(d.title) if d.title is not None else d.mistake}"
        for d in mark.diagnoses
    ]
    return ("；" if session.lang == "zh" else "; ").join(parts) or "—"


class ResultsScreen(LangScreen):
    KEYS = [
        ("l", "app.toggle_lang", texts.LANGUAGE, True),
        ("escape", "app.pop_screen", texts.HOME, True),
    ]

    def __init__(self, session, exam: ExamRun, result: ExamResult) -> None:  # type: ignore[no-untyped-def]
        super().__init__(session)
        self.exam = exam
        self.result = result

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("", id="results-title", markup=False)
        yield DataTable(id="results", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.update_texts()
        self.query_one(DataTable).focus()

    def update_texts(self) -> None:
        s, r = self.session, self.result
        pct = round(100 * r.score / r.total) if r.total else 0
        title = s.t(
            texts.RESULTS_TITLE,
            score=r.score,
            total=r.total,
            pct=pct,
            minutes=round(r.seconds / 60),
            limit=round(r.limit_seconds / 60),
        )
        self.query_one("#results-title", Static).update(title + "\n" + s.t(texts.RESULTS_HOW))
        table = self.query_one(DataTable)
        table.clear(columns=True)
        titles = [s.t(m.title) for m in r.marks]
        table.add_column("#", key="n", width=2)
        table.add_column(s.t(texts.PROBLEM_COL), key="problem", width=max(map(cell_len, titles)))
        table.add_column(s.t(texts.SCORE_COL), key="score", width=6)
        table.add_column(s.t(texts.DIAGNOSES_COL), key="diagnoses")
        for i, mark in enumerate(r.marks, 1):
            table.add_row(
                str(i), s.t(mark.title), f"{mark.right}/{mark.total}", diagnoses_text(s, mark)
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        index = event.cursor_row
        self.app.push_screen(MarkedProblemScreen(self.session, self.exam, index))


class MarkedProblemScreen(LangScreen):
    """One problem of a marked paper: every box with its feedback, and the worked solution."""

    HORIZONTAL_BREAKPOINTS = BREAKPOINTS
    KEYS = [
        ("ctrl+l", "app.toggle_lang", texts.LANGUAGE, True),
        ("escape", "app.pop_screen", texts.BACK, True),
    ]

    def __init__(self, session, exam: ExamRun, index: int) -> None:  # type: ignore[no-untyped-def]
        super().__init__(session)
        self.run = exam.runs[index]

    def compose(self) -> ComposeResult:
        s = self.session
        yield Header(show_clock=False)
        yield ProblemView(
            self.run, s.lang, self._statement, s.services.preview, s.services.evaluate
        )
        yield Footer(compact=True)

    def _statement(self, lang: str, width: int) -> str:
        return self.session.services.render_statement(self.run.problem, lang, width)

    def on_mount(self) -> None:
        self.update_texts()

    def update_texts(self) -> None:
        s = self.session
        self.sub_title = s.t(self.run.problem.title)
        view = self.query_one(ProblemView)
        view.set_lang(s.lang)
        steps = s.services.render_steps(self.run.problem, s.lang, len(self.run.problem.steps))
        view.set_solution(s.t(texts.SOLUTION_TITLE), steps)

    def on_part_field_submitted(self, event: PartField.Submitted) -> None:
        event.stop()  # the paper is marked: nothing is checked again
