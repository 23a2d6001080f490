"""Spaced repetition with FSRS: one card per skill (problem kind × options).

A review's rating is inferred, not asked: from how many answer fields were right at the first
check, the hints used, whether the solution was revealed, and the time taken.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fsrs import Card, Rating, Scheduler

#: Seconds per answer field under which a clean, hint-free answer counts as Easy.
EASY_SECONDS_PER_FIELD = 45.0
#: Seconds per answer field over which a clean answer counts as Hard (it took a struggle).
SLOW_SECONDS_PER_FIELD = 300.0


def skill_key(kind: str, options: dict[str, Any]) -> str:
    """``kind|k=v,…`` with options sorted: a skill is a kind with its options."""
    return kind + "|" + ",".join(f"{k}={options[k]}" for k in sorted(options))


@dataclass(frozen=True)
class Outcome:
    """How one problem went."""

    correct: int  # fields right at the first check
    total: int  # fields asked
    hints: int = 0
    solution_shown: bool = False
    seconds: float = 0.0


def infer_rating(outcome: Outcome) -> Rating:
    """Again / Hard / Good / Easy from correctness, help and time.

    - Again: the solution was revealed, or fewer than half the fields were right first time.
    - Hard: some field wrong, or any hint used, or very slow.
    - Easy: all right, no hints, quick.
    - Good: otherwise.
    """
    total = max(outcome.total, 1)
    fraction = outcome.correct / total
    if outcome.solution_shown or fraction < 0.5:
        return Rating.Again
    if fraction < 1.0 or outcome.hints > 0 or outcome.seconds > SLOW_SECONDS_PER_FIELD * total:
        return Rating.Hard
    if outcome.seconds <= EASY_SECONDS_PER_FIELD * total:
        return Rating.Easy
    return Rating.Good


class Schedule:
    """A thin wrapper over ``fsrs.Scheduler`` that works on cards stored as JSON dicts."""

    def __init__(self, fuzz: bool = False) -> None:
        self._scheduler = Scheduler(enable_fuzzing=fuzz)

    @staticmethod
    def new_card(skill: str, now: datetime | None = None) -> dict[str, Any]:
        """A fresh card for ``skill``, due now (its id is stable per skill)."""
        card = Card(card_id=zlib.crc32(skill.encode()), due=now or datetime.now(UTC))
        return card.to_dict()

    def review(
        self, card: dict[str, Any] | None, skill: str, rating: Rating, now: datetime | None = None
    ) -> tuple[dict[str, Any], datetime]:
        """The card after a review with ``rating`` at ``now``, and its next due time."""
        now = now or datetime.now(UTC)
        current = Card.from_dict(card) if card else Card.from_dict(self.new_card(skill, now))
        updated, _log = self._scheduler.review_card(current, rating, review_datetime=now)
        return updated.to_dict(), updated.due
