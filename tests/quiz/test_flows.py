"""Pilot tests of the study flows of issue #17, on fake services: per-part hints, the rating
shown and overridden, leaving a half-done problem, resuming after a crash, the mistake tally
and its practice set, the timed mock exam, and opening a topic from the command line."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, DataTable, Input, Static

from studykit.progress import Store
from studykit.quiz.app import create_app
from studykit.quiz.run import compose_input
from studykit.quiz.session import Session
from studykit.quiz.widgets.part import PartField
from studykit.quiz.widgets.rating_panel import RatingPanel

from .fakes import FakeClock, fake_services, right_cells

SIZE = (80, 24)


def _app(home: Path, clock: FakeClock | None = None, **kw):
    return create_app(home, lang="en", services=fake_services(clock or FakeClock()), **kw)


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def _type_part(pilot, index: int, cells) -> None:
    """Type the cells of part ``index`` into its boxes, then enter."""
    app = pilot.app
    flat = [c for row in cells for c in row] if cells and isinstance(cells[0], list) else cells
    boxes = list(app.screen.query_one(f"#field-{index}", PartField).query(Input))
    for box, value in zip(boxes, flat, strict=True):
        box.focus()
        await pilot.pause()
        box.value = ""
        await pilot.press(*value)
    await pilot.press("enter")
    await pilot.pause()


async def _answer_all(pilot) -> None:
    app = pilot.app
    for i, a in enumerate(app.session.problem.answers):
        if a.kind == "choice":
            app.screen.query_one(f"#choice-{i}").focus()
            await pilot.pause()
            await pilot.press("down", "enter")  # B
            await pilot.pause()
        else:
            await _type_part(pilot, i, right_cells(a))


# ---------------------------------------------------------------------- hints


async def test_hint_is_for_the_focused_part_with_its_cost_shown_first(tmp_path: Path) -> None:
    app = _app(tmp_path, topic="C7")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        problem = app.session.problem
        await _type_part(pilot, 0, right_cells(problem.answer("z")))  # (a) right
        assert app.screen.focused.id == "cell-1-0-0"  # focus went on to (b)
        bar = _text(app, "#hintbar")
        assert "ctrl+t: the formula for (b)" in bar and "costs (b) its first-try credit" in bar
        assert app.session.fields["delta"].hint_level == 0  # shown, not taken
        await pilot.press("ctrl+t")
        await pilot.pause()
        hint = str(app.screen.query_one("#field-1 .hint", Static).render())
        assert hint.startswith("Steps for (b): the formula")
        assert "Step 2" in hint and "Step 3" in hint and "Step 1" not in hint  # not (a)'s
        assert "already charged" in _text(app, "#hintbar")
        await pilot.press("ctrl+t", "ctrl+t")
        await pilot.pause()
        assert app.session.fields["delta"].hint_level == 3
        app.screen.query_one("#cell-0-0-0", Input).focus()  # back to (a), already right
        await pilot.pause()
        assert _text(app, "#hintbar") == "(a) is right."
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.session.fields["z"].hint_level == 0  # never revealed for a right part


# ---------------------------------------------------------------------- rating


async def test_rating_is_shown_and_overridden(tmp_path: Path) -> None:
    clock = FakeClock()
    app = _app(tmp_path, clock, topic="C7")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.seconds += 30
        await _answer_all(pilot)
        await pilot.pause()
        panel = app.screen.query_one(RatingPanel)
        assert app.screen.focused is panel
        assert app.screen.query_one("#parts").region.contains_region(panel.region)  # in view
        summary = _text(app, "#rating-summary")
        assert summary.startswith("All 4 parts right. Rated Easy (4 of 4 right at the first check")
        assert "it comes back in 8 days" in summary
        labels = [str(b.label) for b in app.screen.query(Button)]
        assert labels == ["1 Again · in 1 min", "2 Hard · in 6 min", "3 Good · in 10 min",
                          "4 Easy · in 8 days"]  # fmt: skip
        assert "1 problem done" in _text(app, "#status")
        await pilot.press("2")
        await pilot.pause()
        summary = _text(app, "#rating-summary")
        assert "Your rating: Hard (inferred Easy): it comes back in 6 min." in summary
        await pilot.press("enter")  # next problem
        await pilot.pause()
        assert app.session.problem.kind == "training_step"
    assert Store.open(tmp_path).reviews()[0][1:] == (2, 4)


async def test_reading_the_solution_after_all_right_keeps_the_rating(tmp_path: Path) -> None:
    clock = FakeClock()
    app = _app(tmp_path, clock, topic="C7")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.seconds += 250
        await _answer_all(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "Rated Good" in _text(app, "#rating-summary")
        assert "rated Again" not in _text(app, "#solution")
    assert [r[1] for r in Store.open(tmp_path).reviews()] == [3]


# ---------------------------------------------------------------------- leaving


async def test_leaving_half_done_asks_keep_or_give_up(tmp_path: Path) -> None:
    app = _app(tmp_path, topic="C7")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.session.problem
        await _type_part(pilot, 0, right_cells(first.answer("z")))
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "Question"
        assert "half done: 1 of 4 parts right" in str(app.screen.query(Static).first().render())
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert type(app.screen).__name__ == "ProblemScreen" and app.session.problem == first
        await pilot.press("escape", "k")  # keep for later
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert "Kept for later: Backward pass (backward) (1/4 right" in _text(app, "#summary")
        assert Store.open(tmp_path).review_count() == 0  # not recorded as done
        await pilot.press("r")  # resume it
        await pilot.pause()
        assert app.session.problem == first and app.session.fields["z"].correct
        await pilot.press("escape", "g")  # give up
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert any("rated Again" in n.message for n in app._notifications)
    store = Store.open(tmp_path)
    assert store.reviews() == [(first.id, 1, 1)] and store.drafts() == []


# ---------------------------------------------------------------------- resume after a crash


async def test_resume_after_a_crash_is_offered_first_and_exact(tmp_path: Path) -> None:
    # a "crash": the session stops without close(); only what was saved as it happened is left
    crashed = Session(Store.open(tmp_path), fake_services(), lang="en")
    problem = crashed.start("topic", "C7")
    crashed.set_cells("z", [str(problem.answer("z").value)])
    crashed.check("z", str(problem.answer("z").value))
    crashed.set_cells("delta", ["0.5", ""])
    crashed.hint("dW1")
    crashed.store.close()
    app = _app(tmp_path, topic="C6")  # even when asked for another topic, resume comes first
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "Question"
        question = str(app.screen.query(Static).first().render())
        assert question.startswith("Resume where you left off?")
        assert "1/4 parts right, 2 typed, steps shown for 1" in question
        await pilot.press("r")
        await pilot.pause()
        assert type(app.screen).__name__ == "ProblemScreen"
        assert app.session.problem == problem
        assert app.screen.query_one("#cell-1-0-0", Input).value == "0.5"
        assert _text(app, "#field-0 .feedback") == "✓ correct"
        assert "Steps for (c): the formula" in _text(app, "#field-2 .hint")
        assert app.screen.focused.id == "cell-1-0-1"  # the first empty box of the first open part


async def test_later_opens_the_requested_topic(tmp_path: Path) -> None:
    crashed = Session(Store.open(tmp_path), fake_services(), lang="en")
    crashed.start("topic", "C7")
    crashed.set_cells("z", ["1"])
    crashed.store.close()
    app = _app(tmp_path, topic="C6")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l")  # later
        await pilot.pause()
        assert type(app.screen).__name__ == "ProblemScreen"
        assert app.session.problem.section == "C6"
    assert len(Store.open(tmp_path).drafts()) == 1  # the interrupted one is still kept


async def test_topic_and_kind_open_a_problem_at_once(tmp_path: Path) -> None:
    app = _app(tmp_path / "a", topic="C7")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "ProblemScreen" and app.session.mode == "topic"
    app = _app(tmp_path / "b", kind="training_step")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.problem.kind == "training_step" and app.session.mode == "kind"


# ---------------------------------------------------------------------- mistakes


async def test_mistake_tally_on_home_and_its_practice_set(tmp_path: Path) -> None:
    s = Session(Store.open(tmp_path), fake_services(), lang="en")
    for _ in range(2):
        p = s.start("topic", "C7")
        transposed = [[str(v) for v in col] for col in zip(*p.answer("dW1").value, strict=True)]
        s.check("dW1", compose_input(p.answer("dW1"), transposed))
        s.give_up()
    s.start("topic", "C6")
    s.check("delta", "[0, 0]")
    s.give_up()
    s.close()
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        summary = _text(app, "#summary")
        assert "Top mistakes: missing or extra transpose ×2 · forgot f′(z) ×1" in summary
        await pilot.press("t")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        headers = [str(c.label) for c in table.columns.values()]
        assert headers == ["Mistake", "C6", "C7", "Total"]
        assert table.get_row_at(0) == ["missing or extra transpose", "", "2", "2"]
        assert table.get_row_at(1) == ["forgot f′(z)", "1", "", "1"]
        await pilot.press("p")
        await pilot.pause()
        assert type(app.screen).__name__ == "ProblemScreen"
        assert [a.id for a in app.session.problem.answers] == ["dW1"]  # only ∂L/∂W asked
        assert "Practising your mistake “missing or extra transpose”" in _text(
            app, "#practice-note"
        )


# ---------------------------------------------------------------------- the mock exam


async def test_timed_exam_gives_no_feedback_then_scores_with_diagnoses(tmp_path: Path) -> None:
    clock = FakeClock()
    app = _app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        exam = app.screen.exam
        assert exam is not None and len(exam.runs) == 2
        assert exam.limit_seconds == 900  # 8 parts × 90 s, rounded up to 5 min
        assert "problem 1 of 2 · 0/8 parts answered · time left 15:00" in _text(app, "#status")
        first = exam.runs[0].problem
        await pilot.press(*str(first.answer("z").value), "enter")  # enter moves on, no check
        await pilot.pause()
        assert app.screen.focused.id == "cell-1-0-0"
        await pilot.press("0", "tab", "0")  # δ with f′ forgotten
        await pilot.pause()
        assert not app.screen.query(".feedback").filter(".-shown")
        assert all(not f.state.checks for f in app.screen.query(PartField))
        assert Store.open(tmp_path).attempts() == []  # nothing graded yet
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "problem 2 of 2 · 2/8 parts answered" in _text(app, "#status")
        clock.seconds += 901  # time is up: handed in by the countdown
        app.screen.tick()
        await pilot.pause()
        assert type(app.screen).__name__ == "ResultsScreen"
        title = _text(app, "#results-title")
        assert title.startswith("Mock exam: 1/8 (12%) in 15 of 15 min")
        table = app.screen.query_one(DataTable)
        assert table.get_row_at(0)[2:] == ["1/4", "(b) forgot f′(z)"]
        assert table.get_row_at(1)[2:] == ["0/4", "—"]
    store = Store.open(tmp_path)
    (record,) = store.exams()
    assert (record.score, record.total, record.limit_seconds) == (1, 8, 900)
    assert record.detail[0]["mistakes"] == [{"part": "b", "mistake": "forgot_fprime"}]
    assert [(a.answer_id, a.correct, a.mistake) for a in store.attempts()] == [
        ("z", True, None),
        ("delta", False, "forgot_fprime"),
    ]
    assert store.mistake_tally()[0].key == "forgot_fprime"


async def test_exam_is_handed_in_on_request(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert "8 of 8 parts are unanswered" in str(app.screen.query(Static).first().render())
        await pilot.press("y")
        await pilot.pause()
        assert type(app.screen).__name__ == "ResultsScreen"
        await pilot.press("enter")  # the first problem, marked, with its worked solution
        await pilot.pause()
        assert type(app.screen).__name__ == "MarkedProblemScreen"
        assert "Worked solution" in _text(app, "#solution")
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert "Last mock exam: 0/8 (0%)" in _text(app, "#summary")


async def test_ctrl_o_shows_the_whole_statement_and_esc_returns(tmp_path: Path) -> None:
    app = _app(tmp_path, topic="C7")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#statement-pane").display  # compact: strip only
        assert _text(app, "#givens").startswith("x = [")
        focused = app.screen.focused
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert type(app.screen).__name__ == "StatementScreen"
        body = _text(app, "#statement-body")
        assert body.startswith("Given x = ") and "round to 4 decimals" in body
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "ProblemScreen" and app.screen.focused is focused
