"""Pilot tests: whole flows through the app built by the one factory, on fake services."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import DataTable, Input, OptionList, Static

from studykit.progress import Store, db_path
from studykit.quiz.app import create_app
from studykit.quiz.widgets.part import PartField

from .fakes import FakeClock, fake_services

SIZE = (80, 24)
C7_ROW = 6


def _app(home: Path, lang: str | None = "en", clock: FakeClock | None = None, **kw):
    return create_app(home, lang=lang, services=fake_services(clock or FakeClock()), **kw)


async def _open_c7(pilot) -> None:
    await pilot.pause()
    table = pilot.app.screen.query_one(DataTable)
    table.move_cursor(row=C7_ROW)
    await pilot.press("enter")
    await pilot.pause()


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _field(app, index: int) -> PartField:
    return app.screen.query_one(f"#field-{index}", PartField)


async def test_home_lists_topics_due_and_explains_the_columns(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 12
        assert table.get_row_at(C7_ROW)[0] == "C7"
        assert "Due for review now: 0" in _text(app, "#summary")
        legend = _text(app, "#legend")
        assert "1st try: share right at the first check" in legend and "Kinds:" in legend


async def test_answer_right_commits_and_marks_field(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open_c7(pilot)
        problem = app.session.problem
        assert problem.kind == "backward"
        await pilot.press(*str(problem.answer("z").value), "enter")  # the focused first box
        await pilot.pause()
        assert (app.session.score.correct, app.session.score.checked) == (1, 1)
        assert _field(app, 0).has_class("-correct")
        feedback = str(_field(app, 0).query_one(".feedback", Static).render())
        assert feedback == "✓ correct"  # not "✓ correct  correct"
        rows = Store.open(tmp_path).attempts(problem.id)
        assert [(r.answer_id, r.correct) for r in rows] == [("z", True)]
        assert "1/1 right at the first check, 0 problems done" in _text(app, "#status")


async def test_answer_wrong_shows_entries_and_diagnosis(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open_c7(pilot)
        app.screen.query_one("#cell-1-0-0", Input).value = "0"
        app.screen.query_one("#cell-1-0-1", Input).value = "-1"
        app.screen.query_one("#cell-1-0-0", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        field = _field(app, 1)
        assert field.has_class("-wrong") and not app.session.fields["delta"].correct
        assert app.screen.query_one("#cell-1-0-0", Input).has_class("-wrong-entry")
        assert not app.screen.query_one("#cell-1-0-1", Input).has_class("-wrong-entry")
        feedback = str(field.query_one(".feedback", Static).render())
        assert "Diagnosis: You left out f′(z) in δ." in feedback
        assert app.session.score.correct == 0
        await pilot.pause()
        parts = app.screen.query_one("#parts").region
        diagnosis = field.query_one(".feedback").region
        assert parts.contains_region(diagnosis)  # the diagnosis is on screen at 80×24


async def test_matrix_grid_wrong_entry_is_highlighted(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open_c7(pilot)
        value = app.session.problem.answer("dW1").value
        for r, row in enumerate(value):
            for c, v in enumerate(row):
                app.screen.query_one(f"#cell-2-{r}-{c}", Input).value = str(v)
        app.screen.query_one("#cell-2-1-0", Input).value = "9"
        app.screen.query_one("#cell-2-0-0", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.fields["dW1"].text == f"[[1.0, 2.0], [9, {value[1][1]}]]"
        assert app.screen.query_one("#cell-2-1-0", Input).has_class("-wrong-entry")
        assert not app.screen.query_one("#cell-2-0-0", Input).has_class("-wrong-entry")


async def test_multiple_choice_is_an_option_list(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open_c7(pilot)
        options = app.screen.query_one("#choice-3", OptionList)
        assert options.option_count == 3
        options.focus()
        await pilot.press("down", "down", "enter")  # C: the identity (wrong)
        await pilot.pause()
        assert app.session.fields["choice"].text == "C" and _field(app, 3).has_class("-wrong")
        await pilot.press("up", "enter")
        await pilot.pause()
        assert app.session.fields["choice"].correct
        assert app.session.fields["choice"].cells == ["B"]


async def test_a_formula_in_a_number_box_is_shown_evaluated_before_grading(
    tmp_path: Path,
) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open_c7(pilot)
        await pilot.press(*"1-0.5^2")
        await pilot.pause()
        preview = str(_field(app, 0).query_one(".preview", Static).render())
        assert preview.startswith("= 0.75") and "not graded yet" in preview
        assert app.session.fields["z"].checks == 0
        await pilot.press("enter")
        await pilot.pause()
        preview = str(_field(app, 0).query_one(".preview", Static).render())
        assert preview == "= 0.75  (your formula, evaluated)"  # graded now
        app.screen.query_one("#cell-0-0-0", Input).value = "0.75"
        await pilot.pause()
        assert not _field(app, 0).query_one(".preview", Static).display


async def test_vector_boxes_fit_a_formula(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open_c7(pilot)
        box = app.screen.query_one("#cell-1-0-0", Input)
        assert box.size.width >= len("-0.1*1-0.4*(-2)-0.9") + 4


async def test_switch_language_everywhere(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open_c7(pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.session.lang == "zh"
        assert app.screen.sub_title.startswith("反向传播")
        label = str(app.screen.query_one("#field-1 .field-label", Static).render())
        assert "误差项" in label
        assert "ctrl+t：(a) 的公式" in _text(app, "#hintbar")
        descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
        assert {"提示", "解答", "换一题", "题目", "退出"} <= descriptions
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one(DataTable).get_row_at(C7_ROW)[1] == "手算反向传播"
        settings = _text(app, "#settings-line")
        assert "记号：教材记法" in settings and "textbook" not in settings
    assert Store.open(tmp_path).settings()["lang"] == "zh"


async def test_quit_and_reopen_keeps_progress(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open_c7(pilot)
        await pilot.press(*str(app.session.problem.answer("z").value), "enter")
        await pilot.pause()
        app.session.give_up()  # reviewed: the skill gets a card
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    clock = FakeClock()
    clock.seconds = 86400 * 30  # a month later the skill is due
    again = _app(tmp_path, clock=clock)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        row = again.screen.query_one(DataTable).get_row_at(C7_ROW)
        assert row[2:] == ["1", "100%", "1", "1"]
        assert "Due for review now: 1" in _text(again, "#summary")
        await pilot.press("d")
        await pilot.pause()
        assert again.session.mode == "due" and again.session.problem.kind == "backward"


async def test_new_variant_stays_on_the_kind(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open_c7(pilot)
        first = app.session.problem.seed
        await pilot.press("ctrl+n")  # untouched: no question asked
        await pilot.pause()
        assert app.session.problem.seed != first
        assert app.session.problem.kind == "backward"  # not the topic's next kind
        assert "Given x" in _text(app, "#statement")


async def test_nothing_due_stays_home(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen" and app.session.problem is None


async def test_settings_are_saved(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "d", "n", "c", "escape")
        await pilot.pause()
        assert "difficulty 2" in _text(app, "#settings-line")
    saved = Store.open(tmp_path).settings()
    assert (saved["difficulty"], saved["notation"], saved["calculator"]) == (2, "bracket", False)


async def test_explorer_plots_and_shows_exam_form(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        first = screen.current
        assert "Exam form of f′: " in _text(app, "#exam-form")
        await pilot.press("down")
        await pilot.pause()
        assert screen.current != first
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_explorer_shows_the_derivation_once_derived(tmp_path: Path) -> None:
    services = fake_services()
    services.derive = lambda name, lang: f"1. steps of {name} ({lang})"
    app = create_app(tmp_path, lang="en", services=services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = _text(app, "#exam-form")
        assert f"Derivation:\n1. steps of {app.screen.current} (en)" in text


async def test_corrupt_database_is_reported_not_fatal(tmp_path: Path) -> None:
    db_path(tmp_path).write_bytes(b"garbage" * 100)
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.notice is not None
        assert any("moved to" in n.message for n in app._notifications)
        await _open_c7(pilot)
        assert app.session.problem is not None


async def test_generator_failure_skips_the_skill(tmp_path: Path) -> None:
    services = fake_services()

    def broken(kind, seed, options):
        raise RuntimeError("cannot verify")

    services.generate = broken
    app = create_app(tmp_path, lang="en", services=services)
    async with app.run_test(size=SIZE) as pilot:
        await _open_c7(pilot)
        assert app.session.problem is None and app.session.errors
        assert type(app.screen).__name__ == "HomeScreen"


async def test_tab_moves_between_boxes_and_enter_checks_the_row(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open_c7(pilot)
        value = app.session.problem.answer("delta").value
        await pilot.press("tab", *str(value[0]), "tab", "minus", "1", "enter")
        await pilot.pause()
        assert app.session.fields["delta"].text == f"[{value[0]}, -1]"
        assert app.session.fields["delta"].correct


async def test_keys_sent_in_a_burst_after_tab_land_in_the_next_box(tmp_path: Path) -> None:
    """A terminal delivers fast typing as one burst; the keys after a Tab must reach the box
    Tab moved to, not the one it left (tab is a priority binding)."""
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open_c7(pilot)
        app.screen.query_one("#cell-1-0-0", Input).focus()
        await pilot.pause()
        for key, char in [("0", "0"), ("full_stop", "."), ("tab", None), ("7", "7")]:
            app.post_message(events.Key(key, char))  # no waiting between keys
        await pilot.pause()
        assert app.screen.query_one("#cell-1-0-0", Input).value == "0."
        assert app.screen.query_one("#cell-1-0-1", Input).value == "7"


async def test_the_diagnosis_of_a_lower_part_comes_into_view(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open_c7(pilot)
        value = app.session.problem.answer("dW1").value
        for r, row in enumerate(zip(*value, strict=True)):  # the transpose
            for c, v in enumerate(row):
                app.screen.query_one(f"#cell-2-{r}-{c}", Input).value = str(v)
        app.screen.query_one("#cell-2-1-1", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        field = _field(app, 2)
        assert "Diagnosis: Check the shapes" in str(field.query_one(".feedback", Static).render())
        parts = app.screen.query_one("#parts").region
        assert parts.contains_region(field.query_one(".feedback").region)
