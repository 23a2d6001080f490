"""Small fakes of the generator, checker and renderers, injected through ``create_app``.

The fake problem depends on the seed (so a fresh variant differs), has one answer field of each
grid kind, and the fake checker diagnoses one mistake: forgetting the activation derivative.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from studykit import math as fm
from studykit.i18n import Text
from studykit.problems.model import Answer, Conventions, Para, Problem, Step, problem_id
from studykit.problems.registry import Kind
from studykit.quiz.services import Services


@dataclass(frozen=True)
class Mistake:
    key: str
    explanation: Text


@dataclass(frozen=True)
class Verdict:
    correct: bool
    message: Text
    wrong_entries: tuple[Any, ...] = ()
    mistake: Mistake | None = None
    carried_forward: bool = False
    preview: str = ""


FORGOT_DERIVATIVE = Mistake(
    "forgot_activation_derivative",
    Text("You left out f′(z) in δ.", "你在 δ 中漏掉了 f′(z)。"),
)


def fake_problem(kind: str, seed: int, options: Any) -> Problem:
    """A backward-pass-like problem whose numbers depend on the seed."""
    s = seed % 7 + 1
    answers = (
        Answer("z", Text("net input z⁽²⁾", "净输入 z⁽²⁾"), float(s), "number"),
        Answer(
            "delta", Text("error term δ⁽¹⁾", "误差项 δ⁽¹⁾"), [s, -1.0], "vector", depends_on=("z",)
        ),
        Answer(
            "grad",
            Text("∂L/∂W⁽¹⁾", "∂L/∂W⁽¹⁾"),
            [[1.0, 2.0], [3.0, float(s)]],
            "matrix",
            depends_on=("delta",),
        ),
    )
    steps = tuple(
        Step(
            Text(f"Step {i}: compute {a.id}", f"第 {i} 步：计算 {a.id}"),
            formula=fm.Var(a.id),
            result=fm.num(i),
            answer_id=a.id,
        )
        for i, a in enumerate(answers, 1)
    )
    section = "C7" if kind == "backward" else "C6"
    return Problem(
        id=problem_id(kind, seed, options.as_dict()),
        kind=kind,
        section=section,
        seed=seed,
        options=options.as_dict(),
        title=Text(f"Backward pass ({kind})", f"反向传播（{kind}）"),
        statement=(Para((Text(f"Given x = {s}, compute:", f"已知 x = {s}，求："),)),),
        conventions=Conventions(notation=options.notation),
        answers=answers,
        steps=steps,
    )


def _numbers(text: str) -> list[float] | None:
    cleaned = text.replace("[", " ").replace("]", " ").replace(",", " ")
    try:
        return [float(x) for x in cleaned.split()]
    except ValueError:
        return None


def fake_grade(answer: Answer, text: str, earlier: Any = None, problem: Any = None) -> Verdict:
    expected = answer.value
    flat = (
        list(itertools.chain.from_iterable(expected))
        if answer.kind == "matrix"
        else list(expected)
        if answer.kind == "vector"
        else [expected]
    )
    got = _numbers(text)
    if got is None or len(got) != len(flat):
        return Verdict(False, Text("Could not read your answer.", "无法识别你的答案。"))
    wrong = [i for i, (g, e) in enumerate(zip(got, flat, strict=True)) if abs(g - e) > 0.01]
    if not wrong:
        return Verdict(True, Text("Correct.", "正确。"), preview=text)
    if answer.kind == "matrix":  # entries as the real checker gives them: (i,) or (i, j)
        cols = len(expected[0])
        wrong = [(i // cols, i % cols) for i in wrong]
    else:
        wrong = [(i,) for i in wrong]
    mistake = FORGOT_DERIVATIVE if got and got[0] == 0 else None
    return Verdict(False, Text("Not quite.", "不对。"), tuple(wrong), mistake, preview=text)


def fake_steps(problem: Problem, lang: str, upto: int) -> str:
    return "\n".join(s.title.get(lang) for s in problem.steps[:upto])


def fake_render(problem: Problem, lang: str, solution: bool = False, width: int = 80) -> str:
    lines = [problem.title.get(lang), problem.statement[0].parts[0].get(lang)]
    lines += [t.get(lang) for t in problem.conventions.describe()]
    return "\n".join(lines)


KINDS = [
    Kind("forward", "C6", Text("Forward pass", "前向传播"), Text("z, a", "z, a"), fake_problem),
    Kind("backward", "C7", Text("Backward pass", "反向传播"), Text("δ, ∂W", "δ, ∂W"), fake_problem),
]


@dataclass
class FakeClock:
    """Monotonic seconds and a wall clock that tests move forward by hand."""

    seconds: float = 0.0
    start: datetime = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    seeds: itertools.count = field(default_factory=lambda: itertools.count(1))

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.seconds)

    def clock(self) -> float:
        return self.seconds

    def new_seed(self) -> int:
        return next(self.seeds)


def fake_services(clock: FakeClock | None = None) -> Services:
    clock = clock or FakeClock()
    return Services(
        kinds=lambda: list(KINDS),
        generate=fake_problem,
        grade=fake_grade,
        preview=lambda text: f"read as: {text}",
        render_problem=fake_render,
        render_steps=fake_steps,
        derive=lambda name, lang: None,
        new_seed=clock.new_seed,
        now=clock.now,
        clock=clock.clock,
    )
