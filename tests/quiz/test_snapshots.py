"""Snapshot tests of the main screens at 80×24 (pytest-textual-snapshot), grouped by feature.

Regenerate with ``pytest tests/quiz/test_snapshots.py --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from studykit.quiz.app import create_app

from .fakes import FakeClock, fake_services

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def _steady_cursor(monkeypatch) -> None:
    """A blinking cursor makes snapshots depend on timing; keep it steady while comparing."""
    monkeypatch.setattr(Input, "cursor_blink", False)


def _app(home: Path, lang: str = "en"):
    return create_app(home, lang=lang, services=fake_services(FakeClock()))


async def _open_c7(pilot) -> None:
    await pilot.pause()
    pilot.app.screen.query_one(DataTable).move_cursor(row=6)
    await pilot.press("enter")
    await pilot.pause()


class TestHome:
    def test_home_en(self, snap_compare, tmp_path: Path) -> None:
        assert snap_compare(_app(tmp_path), terminal_size=SIZE)

    def test_home_zh(self, snap_compare, tmp_path: Path) -> None:
        assert snap_compare(_app(tmp_path, "zh"), terminal_size=SIZE)

    def test_settings(self, snap_compare, tmp_path: Path) -> None:
        assert snap_compare(_app(tmp_path), press=["s"], terminal_size=SIZE)


class TestProblem:
    def test_problem_fresh(self, snap_compare, tmp_path: Path) -> None:
        assert snap_compare(_app(tmp_path), run_before=_open_c7, terminal_size=SIZE)

    def test_problem_wrong_with_diagnosis(self, snap_compare, tmp_path: Path) -> None:
        async def run_before(pilot) -> None:
            await _open_c7(pilot)
            screen = pilot.app.screen
            screen.query_one("#cell-0-0-0", Input).value = "2"
            await pilot.press("enter")
            screen.query_one("#cell-1-0-0", Input).value = "0"
            screen.query_one("#cell-1-0-1", Input).value = "-1"
            screen.query_one("#cell-1-0-0", Input).focus()
            await pilot.press("enter")
            await pilot.pause()

        assert snap_compare(_app(tmp_path), run_before=run_before, terminal_size=SIZE)

    def test_problem_solution_zh(self, snap_compare, tmp_path: Path) -> None:
        async def run_before(pilot) -> None:
            await _open_c7(pilot)
            await pilot.press("ctrl+r", "ctrl+l")
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            pilot.app.screen.query_one("#body").scroll_end(animate=False)  # settle the scroll
            await pilot.pause()

        assert snap_compare(_app(tmp_path), run_before=run_before, terminal_size=SIZE)


class TestExplorer:
    def test_explorer(self, snap_compare, tmp_path: Path) -> None:
        assert snap_compare(_app(tmp_path), press=["a", "down"], terminal_size=SIZE)
