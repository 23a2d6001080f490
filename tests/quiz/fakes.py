"""Small fakes of the generator, checker and renderers, injected through ``create_app``.

The fake problem depends on the seed (so a fresh variant differs). It states its givens as
displayed equations (x, W⁽¹⁾) and η in ``spec["train"]``, and has one part of each widget: a
number, a vector, a matrix and a multiple choice. Its worked solution has a step without an
answer id (f′) before the step of δ, as real network problems do. The fake checker diagnoses
two mistakes: a forgotten f′ (a vector starting with 0) and a transposed matrix.
"""

from __future__ import annotations

import ast
import itertools
import operator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from studykit import math as fm
from studykit.i18n import Text
from studykit.problems.model import (
    Answer,
    Conventions,
    Display,
    Para,
    Problem,
    Step,
    problem_id,
)
from studykit.problems.registry import Kind
from studykit.quiz.services import Paper, Services


@dataclass(frozen=True)
class Mistake:
    key: str
    title: Text
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
    "forgot_fprime",
    Text("forgot f′(z)", "漏乘 f′(z)"),
    Text("You left out f′(z) in δ.", "你在 δ 中漏掉了 f′(z)。"),
)
TRANSPOSE = Mistake(
    "transpose",
    Text("missing or extra transpose", "漏了或多了转置"),
    Text("Check the shapes: ∂L/∂W = δ aᵀ.", "检查形状：∂L/∂W = δ aᵀ。"),
)
MISTAKES = {m.key: m for m in (FORGOT_DERIVATIVE, TRANSPOSE)}
FAKE_CONVENTIONS = Text("round to 4 decimals (fake conventions)", "保留 4 位小数（假约定）")
CHOICES = (
    ("A", Text("ReLU", "ReLU")),
    ("B", Text("the logistic sigmoid σ, which saturates", "Logistic 函数 σ，会饱和")),
    ("C", Text("the identity", "恒等函数")),
)


def _step(title: Text, name: str, value: float, answer_id: str | None) -> Step:
    var = fm.Var(name)
    return Step(
        title,
        formula=fm.eq(var, fm.Var(name + "_formula")),
        substituted=fm.eq(var, fm.Var(name + "_numbers")),
        result=fm.eq(var, fm.num(value)),
        answer_id=answer_id,
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
            "dW1",
            Text("gradient ∂L/∂W⁽¹⁾", "梯度 ∂L/∂W⁽¹⁾"),
            [[1.0, 2.0], [3.0, float(s)]],
            "matrix",
            depends_on=("delta",),
        ),
        Answer(
            "choice",
            Text("which activation saturates?", "哪个激活函数会饱和？"),
            "B",
            "choice",
            choices=CHOICES,
        ),  # fmt: skip
    )
    steps = (
        _step(Text("Step 1: compute z", "第 1 步：计算 z"), "z", s, "z"),
        _step(Text("Step 2: the derivative f′", "第 2 步：导数 f′"), "fprime", 0.25, None),
        _step(Text("Step 3: compute delta", "第 3 步：计算 delta"), "delta", s, "delta"),
        _step(Text("Step 4: compute dW1", "第 4 步：计算 dW1"), "dW1", 1, "dW1"),
        _step(Text("Step 5: saturation", "第 5 步：饱和"), "choice", 2, "choice"),
    )
    section = "C6" if kind == "forward" else "C7"
    x = fm.eq(fm.Var("x"), fm.vector([fm.num(s), fm.num(1)]))
    w = fm.eq(fm.Var("W", layer=1), fm.matrix([[fm.num(0.5), fm.num(-1)], [fm.num(2), fm.num(s)]]))
    return Problem(
        id=problem_id(kind, seed, options.as_dict()),
        kind=kind,
        section=section,
        seed=seed,
        options=options.as_dict(),
        title=Text(f"Backward pass ({kind})", f"反向传播（{kind}）"),
        statement=(
            Para((Text(f"Given x = {s}, compute:", f"已知 x = {s}，求："),)),
            Display(x),
            Display(w),
        ),
        conventions=Conventions(notation=options.notation),
        answers=answers,
        steps=steps,
        spec={"train": {"lr": 0.5}},
    )


def _numbers(text: str) -> list[float] | None:
    cleaned = text.replace("[", " ").replace("]", " ").replace(",", " ")
    try:
        return [float(x) for x in cleaned.split()]
    except ValueError:
        return None


def _flat(value: Any) -> list[float]:
    if isinstance(value, list) and value and isinstance(value[0], list):
        return list(itertools.chain.from_iterable(value))
    return list(value) if isinstance(value, list) else [value]


def fake_grade(answer: Answer, text: str, earlier: Any = None, problem: Any = None) -> Verdict:
    if answer.kind == "choice":
        right = text.strip() == answer.value
        return Verdict(right, Text("Correct.", "正确。") if right else Text("No.", "不对。"))
    flat = _flat(answer.value)
    got = _numbers(text)
    if got is None or len(got) != len(flat):
        return Verdict(False, Text("Could not read your answer.", "无法识别你的答案。"))
    wrong = [i for i, (g, e) in enumerate(zip(got, flat, strict=True)) if abs(g - e) > 0.01]
    if not wrong:
        return Verdict(True, Text("correct", "正确"), preview=text)
    mistake = FORGOT_DERIVATIVE if got[0] == 0 else None
    if answer.kind == "matrix":  # entries as the real checker gives them: (i, j)
        cols = len(answer.value[0])
        transposed = _flat([list(r) for r in zip(*answer.value, strict=True)])
        if all(abs(g - e) <= 0.01 for g, e in zip(got, transposed, strict=True)):
            mistake = TRANSPOSE
        entries: tuple[Any, ...] = tuple((i // cols, i % cols) for i in wrong)
    else:
        entries = tuple((i,) for i in wrong)
    return Verdict(False, Text("Not quite.", "不对。"), entries, mistake, preview=text)


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
        ast.Div: operator.truediv, ast.Pow: operator.pow}  # fmt: skip


def fake_evaluate(text: str) -> float | None:
    """Arithmetic only (+ − × / ^ and parentheses), like a number typed as a formula."""

    def value(node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -value(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](value(node.left), value(node.right))
        raise ValueError(text)

    try:
        return value(ast.parse(text.replace("^", "**"), mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError):
        return None


def fake_steps(problem: Problem, lang: str, upto: int) -> str:
    return "\n".join(s.title.get(lang) for s in problem.steps[:upto])


def fake_step(problem: Problem, step: Step, number: int, lang: str, width: int = 80) -> str:
    lines = [f"{number}. {step.title.get(lang)}"]
    for node in (step.formula, step.substituted, step.result):
        if node is not None:
            lines.append("   " + fm.to_text(node))
    return "\n".join(lines)


def fake_statement(problem: Problem, lang: str, width: int = 80) -> str:
    lines = [problem.statement[0].parts[0].get(lang)]
    lines += ["    " + fm.to_text(b.formula) for b in problem.statement if isinstance(b, Display)]
    lines.append(FAKE_CONVENTIONS.get(lang))  # fixed: the model's own wording may change
    return "\n".join(lines)


def fake_render(problem: Problem, lang: str, solution: bool = False, width: int = 80) -> str:
    return problem.title.get(lang) + "\n" + fake_statement(problem, lang, width)


def fake_paper(variant: int) -> Paper:
    from studykit.problems.registry import Options

    problems = (
        fake_problem("forward", variant, Options()),
        fake_problem("backward", variant + 1, Options()),
    )
    return Paper("mock_exam", Text("Mock exam", "模拟考试"), variant, problems)


KINDS = [
    Kind("forward", "C6", Text("Forward pass", "前向传播"), Text("z, a", "z, a"), fake_problem),
    Kind("backward", "C7", Text("Backward pass", "反向传播"), Text("δ, ∂W", "δ, ∂W"), fake_problem),
    Kind(
        "training_step", "C7", Text("Training step", "训练一步"), Text("W, b", "W, b"), fake_problem
    ),
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
        evaluate=fake_evaluate,
        mistake_title=lambda key: MISTAKES[key].title if key in MISTAKES else None,
        render_problem=fake_render,
        render_statement=fake_statement,
        render_step=fake_step,
        render_steps=fake_steps,
        derive=lambda name, lang: None,
        exam_paper=fake_paper,
        warm_up=lambda: None,
        new_seed=clock.new_seed,
        now=clock.now,
        clock=clock.clock,
    )


def right_cells(answer: Answer) -> Any:
    """What a student types in the boxes of ``answer`` to get it right."""
    if answer.kind == "matrix":
        return [[str(v) for v in row] for row in answer.value]
    if answer.kind == "vector":
        return [str(v) for v in answer.value]
    return [str(answer.value)]
