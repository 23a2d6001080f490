"""A finished problem becomes an FSRS review the student can see and change.

:func:`record` stores the review with the inferred rating, and returns a :class:`ReviewResult`:
the rating, why, when the skill comes back, and what each of Anki's four buttons would give.
:func:`override` replaces the rating, rescheduling from the card as it was before the review.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from fsrs import Rating

from ..i18n import Text
from ..progress.schedule import (
    RATING_NAMES,
    Outcome,
    Schedule,
    explain_rating,
    infer_rating,
    interval_text,
)
from ..progress.store import Review, Store
from .run import ProblemRun


@dataclass(frozen=True)
class ReviewResult:
    review_id: int
    inferred: int
    rating: int
    now: datetime
    due: datetime
    choices: dict[int, datetime]  # rating → due
    reasons: tuple[Text, ...]
    card_before: dict[str, Any] | None
    review: Review

    @property
    def overridden(self) -> bool:
        return self.rating != self.inferred

    def comes_back(self) -> Text:
        """``in 3 days`` / ``3 天后``."""
        return comes_back(self.due - self.now)

    def name(self, rating: int | None = None) -> Text:
        return RATING_NAMES[rating or self.rating]


def comes_back(delta: Any) -> Text:
    span = interval_text(delta)
    return Text(f"in {span.en}", f"{span.zh}后")


def record(
    store: Store,
    schedule: Schedule,
    run: ProblemRun,
    outcome: Outcome,
    now: datetime,
    rating: int | None = None,
) -> ReviewResult:
    """Store ``run`` as a review (rating inferred unless given) and drop its draft."""

    inferred = int(infer_rating(outcome))
    chosen = rating or inferred
    old = store.card(run.skill.key)
    card_before = old.card if old else None
    choices = schedule.choices(card_before, run.skill.key, now)
    card, due = choices[chosen]
    review = Review(
        skill=run.skill.key,
        kind=run.skill.kind,
        section=run.skill.section,
        options=run.skill.options,
        problem_id=run.problem.id,
        rating=chosen,
        seconds=outcome.seconds,
        correct=outcome.correct,
        total=outcome.total,
        hints=outcome.hints,
        solution_shown=outcome.solution_shown,
        card=card,
        due=due,
        inferred=inferred,
    )
    review_id = store.record_review(review, now)
    return ReviewResult(
        review_id=review_id,
        inferred=inferred,
        rating=chosen,
        now=now,
        due=due,
        choices={r: d for r, (_c, d) in choices.items()},
        reasons=tuple(explain_rating(outcome)),
        card_before=card_before,
        review=review,
    )


def override(store: Store, schedule: Schedule, result: ReviewResult, rating: int) -> ReviewResult:
    """The student's own rating replaces the inferred one (same review, rescheduled)."""
    if rating not in (1, 2, 3, 4):
        raise ValueError(f"a rating is 1–4, not {rating}")
    card, due = schedule.review(result.card_before, result.review.skill, Rating(rating), result.now)
    review = replace(result.review, rating=rating, card=card, due=due)
    store.override_review(result.review_id, review)
    return replace(result, rating=rating, due=due, review=review)
