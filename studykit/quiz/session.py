"""The quiz's state as a plain object: no ``textual`` here, so it is tested without the UI.

A :class:`Session` holds the settings, the queue of skills to practise and the
:class:`~studykit.quiz.run.ProblemRun` on screen. Every change is saved at once: a checked
answer with the draft's new state, a typed box, a hint. A problem whose every part is right
becomes an FSRS review (:mod:`.reviewing`) that the student sees and may re-rate; leaving a
half-done problem keeps it for later or gives it up (rated Again); a kept or interrupted problem
is resumed exactly from its draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import Text, resolve_lang
from ..problems.codec import to_json
from ..problems.model import NOTATIONS, Problem
from ..progress.drafts import Draft
from ..progress.schedule import Schedule
from ..progress.store import Attempt, Store, TopicStats
from . import hints, practice, reviewing
from .run import Cells, FieldState, ProblemRun, Skill, compose_input
from .services import Services
from .topics import TOPICS

__all__ = ["FieldState", "HintOffer", "Score", "Session", "Settings", "Skill", "compose_input"]

SETTING_KEYS = ("lang", "notation", "calculator", "difficulty")
MODES = ("topic", "kind", "due", "mistakes", "own")
OWN_KIND = "own_network"


@dataclass
class Settings:
    lang: str = "en"
    notation: str = "textbook"
    calculator: bool = True
    difficulty: int = 1


@dataclass
class Score:
    """This session: parts right at the first check (no hint), parts checked, problems done."""

    correct: int = 0
    checked: int = 0
    problems: int = 0


@dataclass(frozen=True)
class HintOffer:
    """What ``ctrl+t`` would show for a part, and whether it still costs anything."""

    answer_id: str
    level: int | None  # the level it would reveal; None: nothing (see ``reason``)
    charged: bool  # the part already lost its first-time credit
    reason: Text | None = None


NO_STEPS = Text("this part has no worked step of its own", "这一小题没有单独的解答步骤")
ALREADY_RIGHT = Text("this part is already right", "这一小题已经答对了")
ALL_SHOWN = Text("every step of this part is shown", "这一小题的步骤已全部显示")


class Session:
    """Settings, queue, the problem on screen and the score; persists through a :class:`Store`."""

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
        self.queue: list[tuple[Skill, str | None]] = []  # (skill, the mistake it drills)
        self.run: ProblemRun | None = None
        self.result: reviewing.ReviewResult | None = None  # the review of the finished problem
        self._last: tuple[Skill, str | None] | None = None  # the skill (and drill) last shown
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

    # ------------------------------------------------------------------ what is there

    def kinds(self) -> list[Any]:
        if self._kinds is None:
            self._kinds = list(self.services.kinds())
        return self._kinds

    def kind(self, name: str) -> Any | None:
        return next((k for k in self.kinds() if k.name == name), None)

    def topic_stats(self) -> dict[str, TopicStats]:
        return self.store.topic_stats(self.services.now())

    def due_count(self) -> int:
        return len(self.store.due(self.services.now()))

    def topics(self) -> list[tuple[str, Text]]:
        return list(TOPICS.items())

    def tally(self) -> practice.Tally:
        return practice.Tally(tuple(self.store.mistake_tally()))

    def drafts(self) -> list[Draft]:
        """Problems kept for later or interrupted, the latest first (not the one on screen)."""
        current = self.run.problem.id if self.run else None
        return [d for d in self.store.drafts() if d.problem_id != current]

    # ------------------------------------------------------------------ the current problem

    @property
    def problem(self) -> Problem | None:
        return self.run.problem if self.run else None

    @property
    def skill(self) -> Skill | None:
        return self.run.skill if self.run else None

    @property
    def fields(self) -> dict[str, FieldState]:
        return self.run.fields if self.run else {}

    @property
    def all_correct(self) -> bool:
        return bool(self.run and self.run.all_correct)

    @property
    def needs_leave_choice(self) -> bool:
        """Leaving now must ask: keep for later, or give up (the problem is half done)."""
        return bool(self.run and self.run.touched and not self.run.completed)

    def _clock(self) -> float:
        return self.services.clock()

    def _save_state(self) -> None:
        if self.run is not None and not self.run.completed:
            self.store.set_draft_state(
                self.run.problem.id, self.run.state(self._clock()), self.services.now()
            )

    # ------------------------------------------------------------------ queue

    def _options(self, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        return {
            "difficulty": self.settings.difficulty,
            "calculator": self.settings.calculator,
            "notation": self.settings.notation,
            **(extra or {}),
        }

    def start(
        self, mode: str, section: str | None = None, kind: str | None = None
    ) -> Problem | None:
        """Start practising: ``topic`` (with ``section``), ``kind`` (with ``kind``), ``due`` or
        ``mistakes`` (the most frequent diagnosed mistakes). The problem on screen, if any,
        must have been left first (:meth:`keep_for_later`, :meth:`give_up`, :meth:`leave`)."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self.leave_untouched()
        self.mode = mode
        self.queue = self._queue(mode, section, kind)
        return self.next_problem()

    def _queue(
        self, mode: str, section: str | None, kind: str | None
    ) -> list[tuple[Skill, str | None]]:
        if mode == "due":
            due = self.store.due(self.services.now())
            return [(Skill(c.kind, c.section, c.options), None) for c in due]
        if mode == "mistakes":
            return self._drill_queue()
        wanted = (lambda k: k.section == section) if mode == "topic" else (lambda k: k.name == kind)
        kinds = [k for k in self.kinds() if wanted(k)]
        return [(Skill(k.name, k.section, self._options()), None) for k in kinds]

    def _drill_queue(self) -> list[tuple[Skill, str | None]]:
        """One skill per frequent mistake: the kind (and options) of its drill."""
        tally = self.tally()
        known = {k.name: k for k in self.kinds()}
        out: list[tuple[Skill, str | None]] = []
        for key, _count in tally.totals()[: practice.TOP]:
            drill = practice.drill_for(key, tally, set(known))
            if drill is not None:
                kind = known[drill.kind]
                out.append((Skill(kind.name, kind.section, self._options(drill.options)), key))
        return out

    def next_problem(self, same_skill: bool = False) -> Problem | None:
        """Load the next problem of the queue (a fresh variant); ``same_skill``: another
        variant of the problem on screen. The one on screen must have been left first."""
        self.leave_untouched()
        if same_skill and self._last is not None:
            if self._load(*self._last) is not None:
                return self.problem
        while self.queue:
            skill, mistake = self.queue.pop(0)
            if self.mode in ("topic", "kind", "mistakes"):
                self.queue.append((skill, mistake))  # practice goes round until one leaves
            if self._load(skill, mistake) is not None:
                return self.problem
            if self.mode != "due":
                self.queue.pop()  # this skill cannot be generated now: leave it out
        return None

    def _load(self, skill: Skill, mistake: str | None) -> Problem | None:
        """Generate a variant of ``skill`` (asking only the parts that drill ``mistake``), put
        it on screen and save it as a draft."""
        problem = self._generate(skill)
        if problem is None:
            return None
        if mistake is not None:
            problem = practice.focus(problem, practice.parts_for(mistake, skill.kind))
        self.run = ProblemRun(
            problem, skill, mode=self.mode or "topic", drill=mistake, started=self._clock()
        )
        self._last = (skill, mistake)
        self.result = None
        self.store.put_draft(
            problem.id, to_json(problem), self.run.state(self._clock()), self.services.now()
        )
        return problem

    def start_own(self, path: str) -> Problem | Text:
        """Practise your own network (a spec file): its problem, or why it cannot be asked."""
        from .services import UnfitNetwork

        try:
            self.services.own_problem(path, self.settings.notation)
        except UnfitNetwork as exc:
            return exc.reason
        except OSError as exc:
            return Text(f"{path}: cannot read ({exc})", f"{path}：无法读取（{exc}）")
        self.leave_untouched()
        self.mode = "own"
        skill = Skill(OWN_KIND, "C7", {"spec": path, "notation": self.settings.notation})
        self.queue = [(skill, None)]
        problem = self.next_problem()
        return problem if problem is not None else Text("", "")

    def _generate(self, skill: Skill, attempts: int = 3) -> Problem | None:
        """A fresh variant (new seed); a generator error is recorded in :attr:`errors`."""
        from ..problems.registry import Options

        if skill.kind == OWN_KIND:
            return self.services.own_problem(
                str(skill.options["spec"]), str(skill.options["notation"])
            )
        opts = dict(skill.options)
        options = Options(
            difficulty=int(opts.pop("difficulty", 1)),
            calculator=bool(opts.pop("calculator", True)),
            notation=str(opts.pop("notation", "textbook")),
            extra=opts,
        )
        error = ""
        for _ in range(attempts):
            try:
                return self.services.generate(skill.kind, self.services.new_seed(), options)
            except Exception as exc:  # a generator bug must not end the student's session
                error = f"{skill.kind}: {exc}"
        self.errors.append(error)
        return None

    # ------------------------------------------------------------------ answering

    def set_cells(self, answer_id: str, cells: Cells) -> None:
        """What is typed in one answer's boxes; saved at once (crash-safe)."""
        assert self.run is not None
        state = self.run.fields[answer_id]
        if state.cells == cells:
            return
        state.cells = cells
        if not self.run.completed:
            self.store.set_draft_cells(self.run.problem.id, answer_id, cells, self.services.now())

    def earlier_inputs(self, answer_id: str) -> dict[str, str]:
        """The student's checked inputs for the answers ``answer_id`` depends on (for ECF)."""
        assert self.run is not None
        return self.run.earlier_inputs(answer_id)

    def check(self, answer_id: str, text: str) -> Any:
        """Grade one field and commit the attempt (with the draft's state) at once; when every
        part is right the problem is finished and reviewed (:attr:`result`)."""
        run = self.run
        assert run is not None
        state = run.fields[answer_id]
        verdict = self.services.grade(
            state.answer, text, earlier=self.earlier_inputs(answer_id), problem=run.problem
        )
        state.text = text
        state.verdict = verdict
        state.checks += 1
        if state.first_correct is None:
            state.first_correct = bool(verdict.correct)
            self.score.checked += 1
            self.score.correct += int(state.credited)
        mistake = getattr(verdict, "mistake", None)
        self.store.record_attempt(
            Attempt(
                problem_id=run.problem.id,
                kind=run.problem.kind,
                section=run.problem.section,
                skill=run.skill.key,
                answer_id=answer_id,
                input=text,
                correct=bool(verdict.correct),
                mistake=getattr(mistake, "key", None),
                hints=state.hint_level,
            ),
            self.services.now(),
            draft_state=None if run.completed else run.state(self._clock()),
        )
        if run.all_correct and not run.completed:
            self._complete()
        return verdict

    def restore_verdicts(self) -> None:
        """After a resume: grade the checked inputs again to show their feedback (nothing is
        recorded; the draft says which were right)."""
        assert self.run is not None
        for aid, state in self.run.fields.items():
            if state.checks and state.verdict is None and state.text:
                earlier = self.earlier_inputs(aid)
                try:
                    state.verdict = self.services.grade(
                        state.answer, state.text, earlier=earlier, problem=self.run.problem
                    )
                except Exception:  # the checker changed and refuses it: keep the saved flag
                    state.verdict = None

    # ------------------------------------------------------------------ hints and solution

    def hint_offer(self, answer_id: str) -> HintOffer:
        assert self.run is not None
        state = self.run.fields[answer_id]
        charged = state.hint_level > 0 or state.checks > 0
        if state.correct:
            return HintOffer(answer_id, None, charged, ALREADY_RIGHT)
        steps = hints.part_steps(self.run.problem).get(answer_id)
        if not steps:
            return HintOffer(answer_id, None, charged, NO_STEPS)
        level = hints.next_level(steps, state.hint_level)
        return HintOffer(answer_id, level, charged, None if level else ALL_SHOWN)

    def hint(self, answer_id: str) -> HintOffer:
        """Reveal the next level of ``answer_id``'s steps (never for a part already right).
        Steps shown before the part's first check take its first-time credit."""
        assert self.run is not None
        offer = self.hint_offer(answer_id)
        if offer.level is None:
            return offer
        state = self.run.fields[answer_id]
        state.hint_level = offer.level
        if state.checks == 0:
            state.hinted_first = True
        self._save_state()
        return offer

    def hint_text(self, answer_id: str) -> str:
        """The steps of ``answer_id`` as far as they are revealed ('' when none)."""
        assert self.run is not None
        level = self.run.fields[answer_id].hint_level
        if not level:
            return ""
        steps = hints.part_steps(self.run.problem).get(answer_id, [])
        render = self.services.render_step
        return "\n".join(
            render(self.run.problem, hints.at_level(s.step, level), s.number, self.lang)
            for s in steps
        )

    def reveal_solution(self) -> str:
        """Every step of the worked solution. Opened before every part is right, it is a lapse
        (rated Again); after, it changes nothing."""
        assert self.run is not None
        self.run.solution_read = True
        if not self.run.completed:
            self.run.solution_shown = True
            self._save_state()
        return self.solution_text()

    def solution_text(self) -> str:
        assert self.run is not None
        return self.services.render_steps(self.run.problem, self.lang, len(self.run.problem.steps))

    # ------------------------------------------------------------------ finishing

    def _complete(self, rating: int | None = None) -> reviewing.ReviewResult:
        assert self.run is not None
        run = self.run
        run.completed = True
        self.result = reviewing.record(
            self.store, self.schedule, run, run.outcome(self._clock()), self.services.now(), rating
        )
        if run.all_correct:
            self.score.problems += 1
        return self.result

    def override(self, rating: int) -> reviewing.ReviewResult:
        """The student's own rating (1–4) for the problem just finished."""
        assert self.result is not None
        self.result = reviewing.override(self.store, self.schedule, self.result, rating)
        return self.result

    def give_up(self) -> reviewing.ReviewResult:
        """Leave a half-done problem as a lapse: rated Again, the draft dropped."""
        assert self.run is not None and not self.run.completed
        result = self._complete(rating=1)
        self.run = None
        return result

    def keep_for_later(self) -> None:
        """Leave a half-done problem as it is: its draft stays, to resume later."""
        if self.run is not None and not self.run.completed:
            self._save_state()
        self.run = None

    def leave_untouched(self) -> None:
        """Leave the problem on screen when leaving needs no choice: finished (already
        reviewed) or untouched (its draft is dropped)."""
        if self.run is None:
            return
        if self.needs_leave_choice:
            raise RuntimeError("a half-done problem must be kept for later or given up")
        if not self.run.completed:
            self.store.delete_draft(self.run.problem.id)
        self.run = None

    def resume(self, draft: Draft) -> Problem:
        """Open a kept or interrupted problem exactly as it was left."""
        if self.run is not None:
            self.keep_for_later() if self.needs_leave_choice else self.leave_untouched()
        self.run = ProblemRun.from_draft(draft, self._clock())
        self.result = None
        self.mode = self.run.mode
        self._last = (self.run.skill, self.run.drill)
        self.restore_verdicts()
        skill = self.run.skill
        if self.mode in ("topic", "kind"):
            self.queue = self._queue(self.mode, skill.section, skill.kind)
        else:
            self.queue = []
        return self.run.problem

    def discard(self, draft: Draft) -> None:
        """Give up a kept problem without opening it (rated Again)."""
        run = ProblemRun.from_draft(draft, self._clock())
        outcome = run.outcome(self._clock())
        reviewing.record(self.store, self.schedule, run, outcome, self.services.now(), rating=1)

    def close(self) -> None:
        """Keep a half-done problem for later (a quit is not a give-up), drop an untouched
        one's draft, and close the store."""
        if self.needs_leave_choice:
            self.keep_for_later()
        else:
            self.leave_untouched()
        self.store.close()
