"""Practise with my network (issue #14): the quiz loads a spec file and asks its parts, in en
and zh; a file that cannot be practised is refused with the reason."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from studykit.quiz.app import create_app
from studykit.quiz.screens.dialogs import PathQuestion

from .fakes import FakeClock, fake_services

SIZE = (100, 30)
MAZUR = str(Path(__file__).resolve().parents[2] / "examples" / "mazur-2-2-2.toml")


async def _open(pilot, path: str) -> None:
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PathQuestion)
    pilot.app.screen.query_one(Input).value = path
    await pilot.press("enter")
    await pilot.pause()


async def test_practise_my_network_asks_its_parts(tmp_path: Path) -> None:
    services = fake_services(FakeClock())
    from studykit.quiz.services import _own_problem

    services.own_problem = _own_problem  # the real spec reader and worked solution
    app = create_app(tmp_path, lang="en", services=services)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, MAZUR)
        problem = app.session.problem
        assert problem is not None and problem.kind == "own_network"
        assert [a.id for a in problem.answers][:2] == ["z1", "a1"]
        # Mazur: net_h1 = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775, net_h2 = 0.3925
        assert problem.answer("z1").value == [0.3775, 0.3925]
        assert app.screen.__class__.__name__ == "ProblemScreen"


async def test_zh_and_a_refused_file(tmp_path: Path) -> None:
    bad = tmp_path / "wide.toml"
    bad.write_text("[network]\nlayers = [2, 7, 1]\n[data]\nx = [1, 2]\nt = [1]\n", encoding="utf-8")
    services = fake_services(FakeClock())
    from studykit.quiz.services import _own_problem

    services.own_problem = _own_problem
    app = create_app(tmp_path / "home", lang="zh", services=services)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, str(bad))
        assert app.session.problem is None
        shown = [n.message for n in app._notifications]
        assert any("规格文件需要 [params]" in m for m in shown), shown
        await _open(pilot, MAZUR)
        assert app.session.problem is not None
        assert app.session.problem.answer("z1").label.zh == "净输入 z⁽¹⁾"


def test_the_real_statement_of_my_network_draws_one_activation_for_every_layer() -> None:
    """A spec with one activation for all layers (Mazur's ``activation = "sigmoid"``): the real
    services draw its diagram with σ under each layer (it raised IndexError in the quiz)."""
    from studykit.quiz.services import _own_problem, _render_statement

    problem = _own_problem(MAZUR, "textbook")
    for lang in ("en", "zh"):
        shown = _render_statement(problem, lang)
        diagram = [line for line in shown.splitlines() if "└" in line]
        assert diagram and diagram[0].count("σ") == 2, shown
