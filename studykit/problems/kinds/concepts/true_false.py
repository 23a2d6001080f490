"""``true_false_cN``: the quick check of an explanation question — which of its statements are
true — without typing an explanation.

The statements of one question (:mod:`studykit.problems.explanations`) are shuffled by the seed
and lettered A, B, …; each is one two-way choice (T true, F false), so every grader, exporter
and the quiz handle it as an ordinary choice. The worked solution gives each statement's
verdict with its reason, then lists the true ones.
"""

from __future__ import annotations

import random

from ...model import Answer, Problem, Rounding, Step
from ...registry import Options
from .._basic import Text, conventions, make_problem, para, step
from .explain import Question, choose_question, text

LETTERS = "ABCDEF"
VERDICTS = (("T", Text("true", "正确")), ("F", Text("false", "错误")))


def shuffled_statements(rng: random.Random, question: Question) -> list[dict]:
    """The question's statements in an order drawn from ``rng``."""
    order = list(question["statements"])
    rng.shuffle(order)
    return order


def verdict_key(statement: dict) -> str:
    return "T" if statement["true"] else "F"


def statement_blocks(question: Question, statements: list[dict]) -> list:
    """The task, then one paragraph per lettered statement (their truth is not shown)."""
    blocks = [
        para(
            text(question["topic"])
            + Text(
                ": which of these statements are true? Mark each one true (T) or false (F).",
                "：下列说法中哪些正确？请逐条判断正确（T）或错误（F）。",
            )
        )
    ]
    for letter, statement in zip(LETTERS, statements, strict=False):
        blocks.append(para(Text(f"{letter}. ", f"{letter}. ") + text(statement)))
    return blocks


def verdict_answers(statements: list[dict]) -> list[Answer]:
    return [
        Answer(
            id=letter,
            label=Text("statement {k}", "说法 {k}").format(k=letter),
            value=verdict_key(statement),
            kind="choice",
            choices=VERDICTS,
        )
        for letter, statement in zip(LETTERS, statements, strict=False)
    ]


def verdict_steps(statements: list[dict]) -> list[Step]:
    """Each statement's verdict and reason, then the letters of the true ones."""
    steps = []
    for letter, statement in zip(LETTERS, statements, strict=False):
        verdict = (
            Text("{k} is true", "{k} 正确")
            if statement["true"]
            else Text("{k} is false", "{k} 错误")
        )
        steps.append(step(verdict.format(k=letter), note=text(statement["why"]), answer_id=letter))
    true_letters = [k for k, s in zip(LETTERS, statements, strict=False) if s["true"]]
    steps.append(
        step(
            Text("True statements: ", "正确的说法：")
            + Text(", ".join(true_letters), "、".join(true_letters))
        )
    )
    return steps


def build_true_false(section: str, rng: random.Random, options: Options) -> Problem:
    """The true/false check of one question of ``section`` (see the module docstring)."""
    question = choose_question(rng, options, section)
    statements = shuffled_statements(rng, question)
    if len(statements) > len(LETTERS):
        raise ValueError(f"{question['id']}: more statements than letters")
    return make_problem(
        options,
        text(question["topic"]) + Text(": true or false", "：判断正误"),
        statement_blocks(question, statements),
        verdict_answers(statements),
        verdict_steps(statements),
        conventions(options, Rounding(None)),
    )
