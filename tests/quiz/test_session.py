"""The plain session object, without the UI."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from studykit.progress import Store
from studykit.quiz.session import Session, compose_input

from .fakes import FakeClock, fake_services, right_cells


def _answer_all(session: Session) -> None:
    for a in session.problem.answers:
        session.check(a.id, compose_input(a, right_cells(a)))


def test_start_topic_loads_a_problem_of_that_section(session: Session) -> None:
    problem = session.start("topic", "C7")
    assert problem is not None and problem.kind == "backward" and problem.section == "C7"
    assert list(session.fields) == ["z", "delta", "dW1", "choice"]


def test_a_new_variant_keeps_the_kind_and_next_goes_round_the_topic(session: Session) -> None:
    first = session.start("topic", "C7")
    again = session.next_problem(same_skill=True)
    assert again.kind == first.kind == "backward" and again.seed != first.seed
    assert session.next_problem().kind == "training_step"  # the topic's next kind
    assert session.next_problem().kind == "backward"


def test_kind_mode_serves_only_that_kind(session: Session) -> None:
    assert session.start("kind", kind="training_step").kind == "training_step"
    assert session.next_problem().kind == "training_step"


def test_right_answer_scores_and_commits(session: Session) -> None:
    problem = session.start("topic", "C7")
    verdict = session.check("z", str(problem.answer("z").value))
    assert verdict.correct and session.fields["z"].correct
    assert (session.score.correct, session.score.checked) == (1, 1)
    rows = session.store.attempts(problem.id)
    assert [(r.answer_id, r.correct) for r in rows] == [("z", True)]


def test_wrong_answer_gets_diagnosis_and_keeps_first_result(session: Session) -> None:
    problem = session.start("topic", "C7")
    verdict = session.check("delta", "[0, -1]")
    assert not verdict.correct and verdict.mistake.key == "forgot_fprime"
    assert verdict.wrong_entries == ((0,),)
    session.check(
        "delta", compose_input(problem.answer("delta"), right_cells(problem.answer("delta")))
    )
    assert session.fields["delta"].correct and session.fields["delta"].first_correct is False
    assert (session.score.correct, session.score.checked) == (0, 1)
    assert [r.correct for r in session.store.attempts(problem.id)] == [False, True]
    assert session.store.attempts(problem.id)[0].mistake == "forgot_fprime"


def test_earlier_inputs_follow_depends_on(session: Session) -> None:
    session.start("topic", "C7")
    session.check("z", "123")
    session.check("delta", "[1, 2]")
    assert session.earlier_inputs("delta") == {"z": "123"}
    assert session.earlier_inputs("dW1") == {"delta": "[1, 2]"}


# ---------------------------------------------------------------------- hints per part


def test_hint_is_for_the_part_and_goes_formula_substitution_step(session: Session) -> None:
    from studykit import math as fm

    problem = session.start("topic", "C7")
    result_line = fm.to_text(fm.eq(fm.Var("delta"), fm.num(problem.answer("delta").value[0])))
    offer = session.hint("delta")
    assert offer.level == 1 and not offer.charged
    text = session.hint_text("delta")
    # the f′ step (no answer id) before δ's step belongs to δ; z's step does not
    assert "Step 2" in text and "Step 3" in text and "Step 1" not in text
    assert "fprime_formula" in text and "fprime_numbers" not in text
    assert session.hint("delta").level == 2 and "delta_numbers" in session.hint_text("delta")
    assert result_line not in session.hint_text("delta")
    assert session.hint("delta").level == 3 and result_line in session.hint_text("delta")
    last = session.hint("delta")
    assert last.level is None and last.reason is not None  # nothing more to show
    assert session.fields["delta"].hint_level == 3


def test_hint_never_reveals_a_part_already_right(session: Session) -> None:
    problem = session.start("topic", "C7")
    session.check("z", str(problem.answer("z").value))
    offer = session.hint("z")
    assert offer.level is None and offer.reason is not None
    assert session.fields["z"].hint_level == 0 and session.hint_text("z") == ""
    assert session.fields["z"].credited  # asking cost nothing


def test_steps_shown_first_cost_the_part_its_credit_and_cap_the_rating(
    session: Session, clock: FakeClock
) -> None:
    session.start("topic", "C7")
    session.hint("dW1")
    assert session.hint_offer("dW1").charged  # the next level costs nothing more
    _answer_all(session)
    assert session.fields["dW1"].first_correct and not session.fields["dW1"].credited
    assert session.score.correct == 3  # the hinted part is not right first time
    assert session.result.inferred == 2  # Hard: 3 of 4 clean, a hint


# ---------------------------------------------------------------------- rating


def test_finishing_a_problem_rates_it_and_says_when_it_comes_back(
    session: Session, clock: FakeClock
) -> None:
    session.start("topic", "C7")
    clock.seconds += 60
    _answer_all(session)
    result = session.result
    assert result is not None and result.inferred == result.rating == 4  # Easy: quick, clean
    assert result.due > clock.now() and result.comes_back().en.startswith("in ")
    assert set(result.choices) == {1, 2, 3, 4}
    assert result.choices[1] < result.choices[4]
    assert session.score.problems == 1  # counted when done, not when left
    assert session.store.drafts() == []  # the review dropped the draft in its transaction


def test_the_student_overrides_the_rating(session: Session, clock: FakeClock) -> None:
    session.start("topic", "C7")
    _answer_all(session)
    card_after_easy = session.store.cards()[0]
    result = session.override(1)
    assert (result.rating, result.inferred, result.overridden) == (1, 4, True)
    assert result.due == result.choices[1]
    card = session.store.cards()[0]
    assert card.due == result.due < card_after_easy.due
    assert session.store.reviews() == [(session.problem.id, 1, 4)]
    assert session.store.review_count() == 1  # replaced, not added


def test_reading_the_solution_after_a_clean_attempt_is_not_a_lapse(
    session: Session, clock: FakeClock
) -> None:
    session.start("topic", "C7")
    clock.seconds += 250  # 4 parts: neither quick (< 180 s) nor slow (> 1200 s): Good
    _answer_all(session)
    session.reveal_solution()
    assert session.result.rating == 3
    assert session.store.reviews()[-1][1] == 3


def test_solution_before_the_end_rates_again(session: Session) -> None:
    session.start("topic", "C7")
    session.reveal_solution()
    _answer_all(session)
    assert session.result.rating == 1


# ---------------------------------------------------------------------- leaving and resuming


def test_leaving_a_half_done_problem_needs_a_choice(session: Session) -> None:
    problem = session.start("topic", "C7")
    assert not session.needs_leave_choice
    session.check("z", str(problem.answer("z").value))
    assert session.needs_leave_choice
    with pytest.raises(RuntimeError):
        session.next_problem()


def test_give_up_rates_again_and_keeps_no_draft(session: Session) -> None:
    problem = session.start("topic", "C7")
    session.check("z", str(problem.answer("z").value))
    result = session.give_up()
    assert result.rating == 1 and session.problem is None
    assert session.store.reviews() == [(problem.id, 1, 1)]
    assert session.store.drafts() == [] and session.score.problems == 0


def test_keep_for_later_then_resume_exactly(session: Session, clock: FakeClock) -> None:
    problem = session.start("topic", "C7")
    session.check("z", "99")  # wrong first
    session.check("z", str(problem.answer("z").value))
    session.set_cells("delta", ["0.5", "-1"])
    session.set_cells("dW1", [["1", ""], ["", "2"]])
    session.hint("dW1")
    clock.seconds += 40
    session.keep_for_later()
    assert session.problem is None and session.store.review_count() == 0
    (draft,) = session.drafts()
    resumed = session.resume(draft)
    assert resumed == problem
    f = session.fields
    assert f["z"].correct and f["z"].checks == 2 and f["z"].first_correct is False
    assert f["z"].verdict is not None and f["z"].verdict.correct  # feedback restored
    assert f["delta"].cells == ["0.5", "-1"] and f["dW1"].cells == [["1", ""], ["", "2"]]
    assert f["dW1"].hint_level == 1 and f["dW1"].hinted_first
    assert session.run.seconds(clock.seconds) == pytest.approx(40.0)
    assert len(session.store.attempts(problem.id)) == 2  # restoring recorded nothing


def test_close_keeps_a_half_done_problem_and_drops_an_untouched_one(tmp_path: Path) -> None:
    s = Session(Store.open(tmp_path), fake_services(), lang="en")
    s.start("topic", "C7")
    s.close()
    assert Store.open(tmp_path).drafts() == []
    s = Session(Store.open(tmp_path), fake_services(), lang="en")
    problem = s.start("topic", "C7")
    s.set_cells("z", ["4"])
    s.close()
    (draft,) = Store.open(tmp_path).drafts()
    assert draft.cells == {"z": ["4"]} and draft.problem["id"] == problem.id


def test_a_resumed_problem_survives_a_new_generator(tmp_path: Path) -> None:
    """The draft holds the problem itself: a resume never calls the generator."""
    s = Session(Store.open(tmp_path), fake_services(), lang="en")
    problem = s.start("topic", "C7")
    s.set_cells("z", ["1"])
    s.close()
    services = fake_services()

    def changed_generator(kind, seed, options):
        raise AssertionError("resume must not regenerate")

    services.generate = changed_generator
    s2 = Session(Store.open(tmp_path), services, lang="en")
    assert s2.resume(s2.drafts()[0]) == problem
    s2.close()


# ---------------------------------------------------------------------- mistakes


def test_mistake_tally_and_practice_set(session: Session) -> None:
    for _ in range(2):
        problem = session.start("topic", "C7")
        dW1 = problem.answer("dW1").value
        transposed = [[str(v) for v in col] for col in zip(*dW1, strict=True)]
        session.check("dW1", compose_input(problem.answer("dW1"), transposed))
        session.check("dW1", compose_input(problem.answer("dW1"), transposed))  # counted once
        session.give_up()
    problem = session.start("topic", "C7")
    session.check("delta", "[0, 0]")
    session.give_up()
    assert session.tally().totals() == [("transpose", 2), ("forgot_fprime", 1)]
    assert session.tally().by_section("transpose") == {"C7": 2}
    problem = session.start("mistakes")
    # two transposes first: a backward problem asking only the ∂L/∂W part (and ∂L/∂x if any)
    assert problem.kind == "backward" and [a.id for a in problem.answers] == ["dW1"]
    assert session.run.drill == "transpose"
    problem = session.next_problem()
    assert session.run.drill == "forgot_fprime" and [a.id for a in problem.answers] == ["delta"]


def test_no_mistakes_no_practice(session: Session) -> None:
    assert session.start("mistakes") is None


# ---------------------------------------------------------------------- queue and settings


def test_due_mode_queues_skills_whose_time_has_come(session: Session, clock: FakeClock) -> None:
    session.start("topic", "C7")
    session.reveal_solution()
    session.give_up()
    assert session.due_count() == 0
    clock.start += timedelta(days=1)
    assert session.due_count() == 1
    problem = session.start("due")
    assert problem is not None and problem.kind == "backward"
    assert session.next_problem() is None  # queue exhausted


def test_settings_persist_and_options_reach_the_generator(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    s = Session(store, fake_services(), lang="en")
    assert s.toggle_lang() == "zh"
    assert s.cycle_notation() == "bracket"
    assert s.toggle_calculator() is False
    assert s.cycle_difficulty() == 2
    s.close()
    s2 = Session(Store.open(tmp_path), fake_services())
    assert (s2.lang, s2.settings.notation, s2.settings.calculator, s2.settings.difficulty) == (
        "zh",
        "bracket",
        False,
        2,
    )
    problem = s2.start("topic", "C6")
    assert problem.options == {"difficulty": 2, "calculator": False, "notation": "bracket"}
    assert problem.conventions.notation == "bracket"
    assert s2.t(problem.title).startswith("反向传播")
    s2.close()


def test_explicit_lang_wins_over_saved(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.set_setting("lang", "zh")
    s = Session(store, fake_services(), lang="en")
    assert s.lang == "en"
    s.close()


def test_compose_input_shapes() -> None:
    from studykit.i18n import Text
    from studykit.problems.model import Answer

    t = Text("x", "x")
    assert compose_input(Answer("v", t, [1, 2], "vector"), ["1", " 2 "]) == "[1, 2]"
    assert (
        compose_input(Answer("m", t, [[1]], "matrix"), [["1", "2"], ["3", "4"]])
        == "[[1, 2], [3, 4]]"
    )
    assert compose_input(Answer("n", t, 1.0), [" 0.5 "]) == "0.5"
