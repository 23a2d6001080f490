"""The quiz's state as a plain object: no ``textual`` here, so it is tested without the UI.

A :class:`Session` holds the settings, the queue of skills to practise, the current problem with
one :class:`FieldState` per answer, hints used and the score. Every checked answer is committed
to the progress store at once; a finished problem becomes an FSRS review of its skill.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..i18n import Text, resolve_lang
from ..problems.model import NOTATIONS, Answer, Problem
from ..progress.schedule import Outcome, Schedule, infer_rating, skill_key
from ..progress.store import Attempt, Review, Store, TopicStats
from .services import Services
from .topics import TOPICS

SETTING_KEYS = ("lang", "notation", "calculator", "difficulty")


@dataclass
class Settings:
    lang: str = "en"
    notation: str = "textbook"
    calculator: bool = True
    difficulty: int = 1


@dataclass
class FieldState:
    """One answer field: what was typed, the last verdict, how many checks."""

    answer: Answer
    text: str = ""
    verdict: Any = None
    checks: int = 0
    first_correct: bool | None = None

    @property
    def correct(self) -> bool:
        return bool(self.verdict is not None and self.verdict.correct)


@dataclass(frozen=True)
class Skill:
    kind: str
    section: str
    options: dict[str, Any]

    @property
    def key(self) -> str:
        return skill_key(self.kind, self.options)


@dataclass
class Score:
    """First-check results in this session."""

    correct: int = 0
    checked: int = 0
    problems: int = 0


def compose_input(answer: Answer, cells: Sequence[str] | Sequence[Sequence[str]]) -> str:
    """The text sent to the checker from grid cells: ``[a, b]`` or ``[[a, b], [c, d]]``."""
    if answer.kind == "vector":
        return "[" + ", ".join(str(c).strip() for c in cells) + "]"
    if answer.kind == "matrix":
        rows = ["[" + ", ".join(str(c).strip() for c in row) + "]" for row in cells]  # type: ignore[union-attr]
        return "[" + ", ".join(rows) + "]"
    if answer.kind == "shape":
        return "[" + ", ".join(str(c).strip() for c in cells) + "]"
    return str(cells[0]).strip() if cells else ""


class Session:
    """Settings, queue, current problem and score; persists through a :class:`Store`."""

    def __init__(self, store: Store, services: Services | None = None, lang: str | None = None):
        self.store = store
        self.services = services or Services()
        self.schedule = Schedule()
        saved = store.settings()
        self.settings = Settings(
            lang=lang or saved.get("lang") or resolve_lang(None),
            notation=saved.get("notation", "textbook"),
            calculator=bool(saved.get("calculator", True)),
            difficulty=int(saved.get("difficulty", 1)),
        )
        self.notice: Text | None = store.notice
        self.score = Score()
        self.mode: str | None = None
        self.queue: list[Skill] = []
        self.problem: Problem | None = None
        self.skill: Skill | None = None
        self.fields: dict[str, FieldState] = {}
        self.hints_used = 0
        self.solution_shown = False
        self._started = 0.0
        self._kinds: list[Any] | None = None
        self.errors: list[str] = []

    # ------------------------------------------------------------------ text and settings

    @property
    def lang(self) -> str:
        return self.settings.lang

    def t(self, text: Text, **fields: object) -> str:
        """``text`` in the current language."""
        return text.get(self.lang, **fields)

    def set_setting(self, key: str, value: Any) -> None:
        if key not in SETTING_KEYS:
            raise KeyError(key)
        setattr(self.settings, key, value)
        self.store.set_setting(key, value)

    def toggle_lang(self) -> str:
        self.set_setting("lang", "zh" if self.lang == "en" else "en")
        return self.lang

    def cycle_notation(self) -> str:
        i = NOTATIONS.index(self.settings.notation)
        self.set_setting("notation", NOTATIONS[(i + 1) % len(NOTATIONS)])
        return self.settings.notation

    def toggle_calculator(self) -> bool:
        self.set_setting("calculator", not self.settings.calculator)
        return self.settings.calculator

    def cycle_difficulty(self) -> int:
        self.set_setting("difficulty", self.settings.difficulty % 3 + 1)
        return self.settings.difficulty

    # ------------------------------------------------------------------ topics

    def kinds(self) -> list[Any]:
        if self._kinds is None:
            self._kinds = list(self.services.kinds())
        return self._kinds

    def topic_stats(self) -> dict[str, TopicStats]:
        return self.store.topic_stats(self.services.now())

    def due_count(self) -> int:
        return len(self.store.due(self.services.now()))

    def topics(self) -> list[tuple[str, Text]]:
        return list(TOPICS.items())

    # ------------------------------------------------------------------ queue

    def _options(self) -> dict[str, Any]:
        return {
            "difficulty": self.settings.difficulty,
            "calculator": self.settings.calculator,
            "notation": self.settings.notation,
        }

    def start(self, mode: str, section: str | None = None) -> Problem | None:
        """Start practising: ``mode`` is ``topic`` (with ``section``), ``due`` or ``mixed``."""
        self.finish()
        self.mode = mode
        if mode == "due":
            self.queue = [
                Skill(c.kind, c.section, c.options) for c in self.store.due(self.services.now())
            ]
        else:
            kinds = [k for k in self.kinds() if mode == "mixed" or k.section == section]
            order = list(kinds)
            if mode == "mixed":
                random.Random(self.services.new_seed()).shuffle(order)
            self.queue = [Skill(k.name, k.section, self._options()) for k in order]
        return self.next_problem()

    def next_problem(self) -> Problem | None:
        """Finish the current problem (if touched) and load the next one, a fresh variant."""
        self.finish()
        while self.queue:
            skill = self.queue.pop(0)
            problem = self._generate(skill)
            if problem is None:
                continue  # this skill cannot be generated now: leave it out of the round
            if self.mode in ("topic", "mixed"):
                self.queue.append(skill)  # practice goes round until the student leaves
            self.problem = problem
            self.skill = skill
            self.fields = {a.id: FieldState(a) for a in problem.answers}
            self.hints_used = 0
            self.solution_shown = False
            self._started = self.services.clock()
            return problem
        self.problem = None
        self.skill = None
        self.fields = {}
        return None

    def _generate(self, skill: Skill, attempts: int = 3) -> Problem | None:
        """A fresh variant (new seed); a generator error is recorded in :attr:`errors`."""
        from ..problems.registry import Options

        opts = dict(skill.options)
        options = Options(
            difficulty=int(opts.pop("difficulty", 1)),
            calculator=bool(opts.pop("calculator", True)),
            notation=str(opts.pop("notation", "textbook")),
            extra=opts,
        )
        for _ in range(attempts):
            try:
                return self.services.generate(skill.kind, self.services.new_seed(), options)
            except Exception as exc:  # a generator bug must not end the student's session
                error = f"{skill.kind}: {exc}"
        self.errors.append(error)
        return None

    # ------------------------------------------------------------------ answering

    def earlier_inputs(self, answer_id: str) -> dict[str, str]:
        """The student's checked inputs for the answers ``answer_id`` depends on (for ECF)."""
        order = list(self.fields)
        wanted = self.fields[answer_id].answer.depends_on or order[: order.index(answer_id)]
        return {
            aid: self.fields[aid].text
            for aid in wanted
            if aid in self.fields and aid != answer_id and self.fields[aid].checks
        }

    def check(self, answer_id: str, text: str) -> Any:
        """Grade one field and commit the attempt at once; returns the checker's verdict."""
        assert self.problem is not None and self.skill is not None
        state = self.fields[answer_id]
        verdict = self.services.grade(
            state.answer, text, earlier=self.earlier_inputs(answer_id), problem=self.problem
        )
        state.text = text
        state.verdict = verdict
        state.checks += 1
        if state.first_correct is None:
            state.first_correct = bool(verdict.correct)
            self.score.checked += 1
            self.score.correct += int(bool(verdict.correct))
        mistake = getattr(verdict, "mistake", None)
        self.store.record_attempt(
            Attempt(
                problem_id=self.problem.id,
                kind=self.problem.kind,
                section=self.problem.section,
                skill=self.skill.key,
                answer_id=answer_id,
                input=text,
                correct=bool(verdict.correct),
                mistake=getattr(mistake, "key", None),
                hints=self.hints_used,
            ),
            self.services.now(),
        )
        return verdict

    @property
    def all_correct(self) -> bool:
        return bool(self.fields) and all(f.correct for f in self.fields.values())

    def hint(self) -> str:
        """Reveal the next step of the worked solution; counts as help."""
        assert self.problem is not None
        self.hints_used = min(self.hints_used + 1, len(self.problem.steps))
        return self.services.render_steps(self.problem, self.lang, self.hints_used)

    def reveal_solution(self) -> str:
        """All steps of the worked solution; the review will be rated Again."""
        assert self.problem is not None
        self.solution_shown = True
        return self.services.render_steps(self.problem, self.lang, len(self.problem.steps))

    def outcome(self) -> Outcome:
        return Outcome(
            correct=sum(1 for f in self.fields.values() if f.first_correct),
            total=len(self.fields),
            hints=self.hints_used,
            solution_shown=self.solution_shown,
            seconds=max(0.0, self.services.clock() - self._started),
        )

    def finish(self) -> int | None:
        """Record the current problem as a review of its skill, if the student worked on it.

        Returns the FSRS rating (1–4), or None when nothing was checked or revealed.
        """
        if self.problem is None or self.skill is None:
            return None
        touched = self.solution_shown or any(f.checks for f in self.fields.values())
        if not touched:
            return None
        outcome = self.outcome()
        rating = infer_rating(outcome)
        now = self.services.now()
        old = self.store.card(self.skill.key)
        card, due = self.schedule.review(old.card if old else None, self.skill.key, rating, now)
        self.store.record_review(
            Review(
                skill=self.skill.key,
                kind=self.skill.kind,
                section=self.skill.section,
                options=self.skill.options,
                problem_id=self.problem.id,
                rating=int(rating),
                seconds=outcome.seconds,
                correct=outcome.correct,
                total=outcome.total,
                hints=outcome.hints,
                solution_shown=outcome.solution_shown,
                card=card,
                due=due,
            ),
            now,
        )
        self.score.problems += 1
        self.problem = None
        self.skill = None
        self.fields = {}
        return int(rating)

    def close(self) -> None:
        """Record the problem in progress and close the store."""
        self.finish()
        self.store.close()
