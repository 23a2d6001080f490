"""``explain_cN``: one explanation ("why") question of section N, answered in words.

The question comes from :func:`studykit.problems.explanations.load_questions`. The statement is
the question, with its computed example where the question gives it as data
(``example_in = "statement"``); the one answer has ``kind="explain"``: its value is the model
answer ``{"en", "zh"}`` and its marking points carry their marks. The worked solution is the
model answer, then each marking point, then the computed example where it would have given the
answer away in the statement (``example_in = "solution"``).
"""

from __future__ import annotations

import functools
import random
from typing import Any

from ...explanations import load_questions
from ...explanations.examples import run_example
from ...model import Answer, MarkingPoint, Problem, Rounding, Step
from ...registry import GenerationError, Options
from .._basic import Text, conventions, make_problem, para, pick, step

Question = dict[str, Any]


@functools.cache
def questions_of(section: str) -> tuple[Question, ...]:
    """The explanation questions of ``section``, in file order."""
    return tuple(q for q in load_questions() if q["section"] == section)


@functools.cache
def example_caption(name: str) -> Text:
    """The caption of the computed example ``name`` (computed once per process)."""
    caption = run_example(name)["caption"]
    return Text(caption["en"], caption["zh"])


def text(value: dict[str, str]) -> Text:
    return Text(value["en"], value["zh"])


def choose_question(rng: random.Random, options: Options, section: str) -> Question:
    """The question named by the ``question`` option, else one drawn from the section."""
    pool = questions_of(section)
    wanted = options.extra.get("question")
    if wanted is None:
        return pick(rng, pool)
    for question in pool:
        if question["id"] == wanted:
            return question
    raise GenerationError(f"no explanation question {wanted!r} in {section}")


def marks_text(marks: int) -> Text:
    """``1 mark`` / ``3 marks`` (``1 分`` / ``3 分``)."""
    return Text("{m} mark" if marks == 1 else "{m} marks", "{m} 分").format(m=marks)


def example_step(question: Question) -> Step:
    return step(
        Text("Computed example", "计算示例"),
        note=example_caption(question["example"]),
    )


def explain_answer(question: Question) -> Answer:
    """The answer-key entry: the model answer and its marking points."""
    return Answer(
        id="answer",
        label=Text("your explanation (", "你的解答（")
        + marks_text(question["marks"])
        + Text(")", "）"),
        value={"en": question["model_answer"]["en"], "zh": question["model_answer"]["zh"]},
        kind="explain",
        marking=tuple(MarkingPoint(text(p), p["marks"]) for p in question["points"]),
    )


def explain_steps(question: Question) -> list[Step]:
    """The model answer, each marking point with its marks, and the example if it belongs here."""
    steps = [
        step(
            Text("Model answer", "参考答案"),
            note=text(question["model_answer"]),
            answer_id="answer",
        )
    ]
    for number, point in enumerate(question["points"], start=1):
        steps.append(
            step(
                Text("Marking point {i}, ", "评分要点 {i}，").format(i=number)
                + marks_text(point["marks"]),
                note=text(point),
            )
        )
    if question.get("example_in") == "solution":
        steps.append(example_step(question))
    return steps


def build_explain(section: str, rng: random.Random, options: Options) -> Problem:
    """The explanation problem of one question of ``section`` (see the module docstring)."""
    question = choose_question(rng, options, section)
    statement = [para(text(question["question"]))]
    if question.get("example_in") == "statement":
        statement.append(
            para(Text("Computed example: ", "计算示例：") + example_caption(question["example"]))
        )
    return make_problem(
        options,
        text(question["topic"]),
        statement,
        [explain_answer(question)],
        explain_steps(question),
        conventions(options, Rounding(None)),
    )
