"""The plain session object, without the UI."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from studykit.progress import Store
from studykit.quiz.session import Session, compose_input

from .fakes import FakeClock, fake_services


def test_start_topic_loads_a_problem_of_that_section(session: Session) -> None:
    problem = session.start("topic", "C7")
    assert problem is not None and problem.kind == "backward" and problem.section == "C7"
    assert list(session.fields) == ["z", "delta", "grad"]


def test_every_problem_is_a_fresh_variant(session: Session) -> None:
    first = session.start("topic", "C7")
    second = session.next_problem()
    assert first.kind == second.kind and first.seed != second.seed


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
    assert not verdict.correct and verdict.mistake.key == "forgot_activation_derivative"
    assert verdict.wrong_entries == ((0,),)
    session.check(
        "delta",
        compose_input(problem.answer("delta"), [str(problem.answer("delta").value[0]), "-1"]),
    )
    assert session.fields["delta"].correct and session.fields["delta"].first_correct is False
    assert (session.score.correct, session.score.checked) == (0, 1)
    assert [r.correct for r in session.store.attempts(problem.id)] == [False, True]
    assert session.store.attempts(problem.id)[0].mistake == "forgot_activation_derivative"


def test_earlier_inputs_follow_depends_on(session: Session) -> None:
    session.start("topic", "C7")
    session.check("z", "123")
    session.check("delta", "[1, 2]")
    assert session.earlier_inputs("delta") == {"z": "123"}
    assert session.earlier_inputs("grad") == {"delta": "[1, 2]"}


def test_hints_count_and_lower_the_rating(session: Session, clock: FakeClock) -> None:
    problem = session.start("topic", "C7")
    assert session.hint().startswith("Step 1")
    assert session.hint().count("\n") == 1
    for a in problem.answers:
        session.check(a.id, compose_input(a, _cells(a)))
    assert session.all_correct
    rating = session.next_problem() and None or session.store.cards()[0]
    assert session.hints_used == 0  # reset for the new problem
    assert session.store.review_count() == 1
    assert rating.skill.startswith("backward|")


def _cells(answer):
    if answer.kind == "matrix":
        return [[str(v) for v in row] for row in answer.value]
    if answer.kind == "vector":
        return [str(v) for v in answer.value]
    return [str(answer.value)]


def test_rating_inferred_from_the_work(session: Session, clock: FakeClock) -> None:
    problem = session.start("topic", "C7")
    for a in problem.answers:
        session.check(a.id, compose_input(a, _cells(a)))
    clock.seconds += 30
    assert session.finish() == 4  # Easy: all right, no help, quick
    problem = session.next_problem()
    session.reveal_solution()
    assert session.finish() == 1  # Again: solution shown


def test_untouched_problem_is_not_a_review(session: Session) -> None:
    session.start("topic", "C7")
    session.next_problem()
    assert session.store.review_count() == 0


def test_due_mode_queues_skills_whose_time_has_come(session: Session, clock: FakeClock) -> None:
    problem = session.start("topic", "C7")
    session.reveal_solution()
    session.finish()
    assert session.due_count() == 0
    clock.start += timedelta(days=1)
    assert session.due_count() == 1
    problem = session.start("due")
    assert problem is not None and problem.kind == "backward"
    assert session.next_problem() is None  # queue exhausted


def test_mixed_practice_covers_all_kinds(session: Session) -> None:
    session.start("mixed")
    kinds = {session.problem.kind}
    kinds.add(session.next_problem().kind)
    assert kinds == {"forward", "backward"}


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
