"""Spaced repetition with FSRS: one card per skill (problem kind × options).

A review's rating is inferred from how many answer fields were right at the first check without
a hint, whether hints were used, whether the worked solution was opened *before* every part was
right, and the time taken. :func:`explain_rating` says why, in both languages; the student may
override it (Anki's four buttons), and :meth:`Schedule.choices` gives each button's next due.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fsrs import Card, Rating, Scheduler

from ..i18n import Text

#: Seconds per answer field under which a clean, hint-free answer counts as Easy.
EASY_SECONDS_PER_FIELD = 45.0
#: Seconds per answer field over which a clean answer counts as Hard (it took a struggle).
SLOW_SECONDS_PER_FIELD = 300.0

RATING_NAMES: dict[int, Text] = {
    1: Text("Again", "重来"),
    2: Text("Hard", "困难"),
    3: Text("Good", "良好"),
    4: Text("Easy", "简单"),
}


def skill_key(kind: str, options: dict[str, Any]) -> str:
    """``kind|k=v,…`` with options sorted: a skill is a kind with its options."""
    return kind + "|" + ",".join(f"{k}={options[k]}" for k in sorted(options))


@dataclass(frozen=True)
class Outcome:
    """How one problem went."""

    correct: int  # fields right at the first check, without a hint
    total: int  # fields asked
    hints: int = 0  # fields whose steps were shown
    solution_shown: bool = False  # the worked solution opened before every field was right
    seconds: float = 0.0


def infer_rating(outcome: Outcome) -> Rating:
    """Again / Hard / Good / Easy from correctness, help and time.

    - Again: the solution was opened before the end, or fewer than half the fields were right
      first time.
    - Hard: some field not right first time, or any hint used, or very slow.
    - Easy: all right, no hints, quick.
    - Good: otherwise.

    Reading the solution after every part was right is not a lapse: it is not in ``outcome``.
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


def explain_rating(outcome: Outcome) -> list[Text]:
    """The reasons behind :func:`infer_rating`'s answer, one short text each."""
    total = max(outcome.total, 1)
    reasons = [
        Text("{c} of {t} right at the first check", "首次检查正确 {c}/{t}").format(
            c=outcome.correct, t=outcome.total
        )
    ]
    if outcome.solution_shown:
        reasons.append(Text("worked solution opened", "查看了详细解答"))
    if outcome.hints:
        reasons.append(
            Text("steps shown for {n} part(s)", "{n} 个小题看了步骤").format(n=outcome.hints)
        )
    minutes = outcome.seconds / 60
    reasons.append(Text("{m:.0f} min", "用时 {m:.0f} 分钟").format(m=max(minutes, 0)))
    if outcome.seconds > SLOW_SECONDS_PER_FIELD * total:
        reasons.append(Text("slow", "较慢"))
    elif outcome.seconds <= EASY_SECONDS_PER_FIELD * total:
        reasons.append(Text("quick", "较快"))
    return reasons


def interval_text(delta: timedelta) -> Text:
    """``10 min``, ``5 h``, ``1 day``, ``3 days``, ``2 months`` (at least one minute)."""
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes < 60:
        return Text(f"{minutes} min", f"{minutes} 分钟")
    hours = round(minutes / 60)
    if hours < 24:
        return Text(f"{hours} h", f"{hours} 小时")
    days = round(hours / 24)
    if days < 60:
        return Text(f"{days} day" + ("s" if days != 1 else ""), f"{days} 天")
    months = round(days / 30)
    return Text(f"{months} months", f"{months} 个月")


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

    def choices(
        self, card: dict[str, Any] | None, skill: str, now: datetime
    ) -> dict[int, tuple[dict[str, Any], datetime]]:
        """Rating 1–4 → the card and due time that rating would give (Anki's four buttons)."""
        return {int(r): self.review(card, skill, r, now) for r in Rating}
