"""Snapshot tests of the screens (pytest-textual-snapshot), grouped by feature.

The problem screen is shot at 80×24 and 100×32 (compact: a givens strip pinned above the parts)
and at 160×45 (two panes). Fake services and a fake clock make every frame deterministic; the
cursor does not blink. Regenerate with ``pytest tests/quiz/test_snapshots.py --snapshot-update``
and review the SVGs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from studykit.progress import Store
from studykit.quiz.app import create_app
from studykit.quiz.run import compose_input
from studykit.quiz.session import Session

from .fakes import FakeClock, fake_services, right_cells

SMALL, MEDIUM, LARGE = (80, 24), (100, 32), (160, 45)


@pytest.fixture(autouse=True)
def _steady_cursor(monkeypatch) -> None:
    """A blinking cursor makes snapshots depend on timing; keep it steady while comparing."""
    monkeypatch.setattr(Input, "cursor_blink", False)


def _app(home: Path, lang: str = "en", **kw):
    return create_app(home, lang=lang, services=fake_services(FakeClock()), **kw)


async def _open_c7(pilot) -> None:
    await pilot.pause()
    pilot.app.screen.query_one(DataTable).move_cursor(row=6)
    await pilot.press("enter")
    await pilot.pause()


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


class TestHome:
    def test_home_en(self, snap_compare, tmp_path: Path) -> None:
        assert snap_compare(_app(tmp_path), terminal_size=SMALL)

    def test_home_zh(self, snap_compare, tmp_path: Path) -> None:
        assert snap_compare(_app(tmp_path, "zh"), terminal_size=SMALL)

    def test_home_with_kept_problem_mistakes_and_exam(self, snap_compare, tmp_path: Path) -> None:
        s = Session(Store.open(tmp_path), fake_services(FakeClock()), lang="en")
        p = s.start("topic", "C7")
        transposed = [[str(v) for v in col] for col in zip(*p.answer("dW1").value, strict=True)]
        s.check("dW1", compose_input(p.answer("dW1"), transposed))
        s.keep_for_later()
        s.close()

        async def run_before(pilot) -> None:
            await pilot.press("l")  # not now: the home screen behind the resume question
            await _settle(pilot)

        assert snap_compare(_app(tmp_path), run_before=run_before, terminal_size=MEDIUM)

    def test_settings(self, snap_compare, tmp_path: Path) -> None:
        assert snap_compare(_app(tmp_path), press=["s"], terminal_size=SMALL)


class TestLayout:
    """The problem as it opens: focus on the first box, on screen, at each size."""

    @pytest.mark.parametrize("size", [SMALL, MEDIUM, LARGE], ids=["80x24", "100x32", "160x45"])
    def test_problem_fresh(self, snap_compare, tmp_path: Path, size) -> None:
        assert snap_compare(_app(tmp_path), run_before=_open_c7, terminal_size=size)

    def test_problem_wide_zh(self, snap_compare, tmp_path: Path) -> None:
        assert snap_compare(_app(tmp_path, "zh"), run_before=_open_c7, terminal_size=LARGE)


class TestProblem:
    def test_wrong_with_diagnosis(self, snap_compare, tmp_path: Path) -> None:
        async def run_before(pilot) -> None:
            await _open_c7(pilot)
            screen = pilot.app.screen
            screen.query_one("#cell-0-0-0", Input).value = "2"
            await pilot.press("enter")
            screen.query_one("#cell-1-0-0", Input).value = "0"
            screen.query_one("#cell-1-0-1", Input).value = "-1"
            screen.query_one("#cell-1-0-0", Input).focus()
            await pilot.press("enter")
            await _settle(pilot)

        assert snap_compare(_app(tmp_path), run_before=run_before, terminal_size=SMALL)

    def test_hint_for_the_focused_part(self, snap_compare, tmp_path: Path) -> None:
        async def run_before(pilot) -> None:
            await _open_c7(pilot)
            pilot.app.screen.query_one("#cell-1-0-0", Input).focus()
            await pilot.press("ctrl+t", "ctrl+t")
            await _settle(pilot)

        assert snap_compare(_app(tmp_path), run_before=run_before, terminal_size=MEDIUM)

    def test_rating_panel(self, snap_compare, tmp_path: Path) -> None:
        async def run_before(pilot) -> None:
            await _open_c7(pilot)
            session = pilot.app.session
            for i, a in enumerate(session.problem.answers[:-1]):
                cells = right_cells(a)
                flat = [c for row in cells for c in row] if a.kind == "matrix" else cells
                for box, value in zip(
                    pilot.app.screen.query(f"#field-{i} Input"), flat, strict=True
                ):
                    box.value = value
                pilot.app.screen.query(f"#field-{i} Input").first().focus()
                await pilot.press("enter")
            pilot.app.screen.query_one("#choice-3").focus()
            await pilot.press("down", "enter")
            await _settle(pilot)

        assert snap_compare(_app(tmp_path), run_before=run_before, terminal_size=LARGE)

    def test_solution_zh(self, snap_compare, tmp_path: Path) -> None:
        async def run_before(pilot) -> None:
            await _open_c7(pilot)
            await pilot.press("ctrl+r", "ctrl+l")
            await _settle(pilot)
            pilot.app.screen.query_one("#parts").scroll_end(animate=False)
            await pilot.pause()

        assert snap_compare(_app(tmp_path), run_before=run_before, terminal_size=SMALL)


class TestResume:
    def test_resume_question(self, snap_compare, tmp_path: Path) -> None:
        s = Session(Store.open(tmp_path), fake_services(FakeClock()), lang="en")
        s.start("topic", "C7")
        s.set_cells("z", ["1"])
        s.store.close()  # a crash: no close()
        assert snap_compare(_app(tmp_path), run_before=_settle, terminal_size=SMALL)


class TestExam:
    def test_exam_paper(self, snap_compare, tmp_path: Path) -> None:
        async def run_before(pilot) -> None:
            await pilot.press("m")
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            await pilot.press("1", "enter", "0")
            await _settle(pilot)

        assert snap_compare(_app(tmp_path), run_before=run_before, terminal_size=MEDIUM)

    def test_exam_results(self, snap_compare, tmp_path: Path) -> None:
        async def run_before(pilot) -> None:
            await pilot.press("m")
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            await pilot.press("tab", "0", "tab", "0", "ctrl+e", "y")
            await _settle(pilot)

        assert snap_compare(_app(tmp_path), run_before=run_before, terminal_size=SMALL)


class TestMistakes:
    def test_mistakes_table(self, snap_compare, tmp_path: Path) -> None:
        s = Session(Store.open(tmp_path), fake_services(FakeClock()), lang="en")
        for section in ("C7", "C6", "C7"):
            s.start("topic", section)
            s.check("delta", "[0, 0]")
            s.give_up()
        s.close()
        assert snap_compare(_app(tmp_path, "zh"), press=["t"], terminal_size=SMALL)


class TestExplorer:
    def test_explorer(self, snap_compare, tmp_path: Path) -> None:
        assert snap_compare(_app(tmp_path), press=["a", "down"], terminal_size=SMALL)
