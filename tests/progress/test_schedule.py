"""Rating inference and the FSRS wrapper."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fsrs import Rating

from studykit.progress.schedule import Outcome, Schedule, infer_rating, skill_key

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("outcome", "rating"),
    [
        (Outcome(3, 3, seconds=60), Rating.Easy),
        (Outcome(3, 3, seconds=200), Rating.Good),
        (Outcome(3, 3, seconds=5000), Rating.Hard),
        (Outcome(3, 3, hints=1, seconds=60), Rating.Hard),
        (Outcome(2, 3, seconds=60), Rating.Hard),
        (Outcome(1, 3, seconds=60), Rating.Again),
        (Outcome(3, 3, solution_shown=True, seconds=10), Rating.Again),
        (Outcome(0, 0), Rating.Again),
    ],
)
def test_infer_rating(outcome: Outcome, rating: Rating) -> None:
    assert infer_rating(outcome) == rating


def test_skill_key_sorts_options() -> None:
    assert skill_key("backward", {"b": 1, "a": 2}) == "backward|a=2,b=1"
    assert skill_key("backward", {"a": 2, "b": 1}) == skill_key("backward", {"b": 1, "a": 2})


def test_better_ratings_give_later_due_dates() -> None:
    schedule = Schedule()
    dues = {}
    for rating in (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy):
        card, due = schedule.review(None, "s", rating, NOW)
        card, due = schedule.review(card, "s", rating, due)
        dues[rating] = due
    assert dues[Rating.Again] < dues[Rating.Good] < dues[Rating.Easy]
    assert dues[Rating.Hard] <= dues[Rating.Good]


def test_card_round_trips_through_json() -> None:
    import json

    schedule = Schedule()
    card, due = schedule.review(None, "s", Rating.Good, NOW)
    card2, due2 = schedule.review(json.loads(json.dumps(card)), "s", Rating.Good, due)
    assert due2 > due and card2["card_id"] == card["card_id"]


@pytest.mark.parametrize(
    ("minutes", "en", "zh"),
    [
        (0.2, "1 min", "1 分钟"),
        (10, "10 min", "10 分钟"),
        (5 * 60, "5 h", "5 小时"),
        (24 * 60, "1 day", "1 天"),
        (3 * 24 * 60, "3 days", "3 天"),
        (90 * 24 * 60, "3 months", "3 个月"),
    ],
)
def test_interval_text(minutes: float, en: str, zh: str) -> None:
    from datetime import timedelta

    from studykit.progress.schedule import interval_text

    assert interval_text(timedelta(minutes=minutes)) == (en, zh)


def test_explain_rating_names_what_counted() -> None:
    from studykit.progress.schedule import explain_rating

    reasons = [t.en for t in explain_rating(Outcome(2, 3, hints=1, seconds=120))]
    assert reasons[0] == "2 of 3 right at the first check"
    assert "steps shown for 1 part(s)" in reasons and "2 min" in reasons
    zh = [t.zh for t in explain_rating(Outcome(3, 3, solution_shown=True, seconds=10))]
    assert "查看了详细解答" in zh and "较快" in zh


def test_choices_give_each_buttons_due_in_order() -> None:
    schedule = Schedule()
    choices = schedule.choices(None, "s", NOW)
    dues = [choices[r][1] for r in (1, 2, 3, 4)]
    assert dues == sorted(dues) and dues[0] > NOW
    assert choices[3] == schedule.review(None, "s", Rating.Good, NOW)
