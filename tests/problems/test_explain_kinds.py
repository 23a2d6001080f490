"""The explanation kinds (issue #18): ``explain_cN`` turns each TOML question into a problem with
one ``explain`` answer (model answer, marking points with marks); ``true_false_cN`` asks which
of its statements are true, shuffled by the seed, each verdict with its reason."""

from __future__ import annotations

import itertools

import pytest

from studykit.problems.codec import problem_from_json, to_json
from studykit.problems.explanations import load_questions
from studykit.problems.explanations.examples import run_example
from studykit.problems.model import Para, Problem
from studykit.problems.registry import GenerationError, Options, all_kinds, generate

from .test_explanations import zh_problems

QUESTIONS = load_questions()
SECTIONS = sorted({q["section"] for q in QUESTIONS}, key=lambda s: int(s[1:]))


def paragraphs(problem: Problem, lang: str) -> list[str]:
    return [
        "".join(part.get(lang) for part in block.parts if hasattr(part, "get"))
        for block in problem.statement
        if isinstance(block, Para)
    ]


def test_one_explain_and_one_true_false_kind_per_section_with_questions() -> None:
    kinds = {k.name: k for k in all_kinds()}
    for section in SECTIONS:
        ids = tuple(q["id"] for q in QUESTIONS if q["section"] == section)
        for prefix in ("explain", "true_false"):
            kind = kinds[f"{prefix}_{section.lower()}"]
            assert kind.section == section
            assert kind.extra_options == {"question": ids}
    assert "explain_c6" not in kinds  # C6 has no explanation question


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q["id"])
def test_explain_problem_carries_the_question(question: dict) -> None:
    kind = f"explain_{question['section'].lower()}"
    for calculator in (True, False):
        problem = generate(
            kind, 0, Options(calculator=calculator, extra={"question": question["id"]})
        )
        assert problem.section == question["section"]
        assert problem.title.en == question["topic"]["en"]
        assert problem.title.zh == question["topic"]["zh"]
        (answer,) = problem.answers
        assert answer.kind == "explain"
        assert answer.value == question["model_answer"]
        assert [(m.text.en, m.text.zh, m.marks) for m in answer.marking] == [
            (p["en"], p["zh"], p["marks"]) for p in question["points"]
        ]
        assert (
            str(question["marks"]) in answer.label.en and str(question["marks"]) in answer.label.zh
        )
        for lang in ("en", "zh"):
            texts = paragraphs(problem, lang)
            assert texts[0] == question["question"][lang]
            statement = " ".join(texts)
            # nothing of the key in the statement
            assert question["model_answer"][lang] not in statement
            for point in question["points"]:
                assert point[lang] not in statement
            notes = [s.note.get(lang) for s in problem.steps if s.note is not None]
            assert notes[0] == question["model_answer"][lang]
            assert notes[1 : 1 + len(question["points"])] == [p[lang] for p in question["points"]]
            if "example" in question:
                caption = run_example(question["example"])["caption"][lang]
                in_statement = question["example_in"] == "statement"
                assert (caption in statement) == in_statement
                assert (caption in notes) == (not in_statement)
            else:
                assert len(notes) == 1 + len(question["points"])
        roundtrip = problem_from_json(to_json(problem))
        assert roundtrip.answers[0].marking == answer.marking


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q["id"])
def test_true_false_keys_the_statements(question: dict) -> None:
    kind = f"true_false_{question['section'].lower()}"
    by_text = {s["en"]: s for s in question["statements"]}
    orders = set()
    for seed in range(12):
        problem = generate(kind, seed, Options(extra={"question": question["id"]}))
        shown = paragraphs(problem, "en")[1:]
        assert len(shown) == len(question["statements"]) == len(problem.answers)
        letters = []
        for text, answer, step in zip(shown, problem.answers, problem.steps, strict=False):
            letter, _, statement_text = text.partition(". ")
            statement = by_text[statement_text]
            assert answer.id == letter and answer.kind == "choice"
            assert answer.value == ("T" if statement["true"] else "F")
            assert [k for k, _ in answer.choices] == ["T", "F"]
            assert step.answer_id == letter
            assert step.note.en == statement["why"]["en"] and step.note.zh == statement["why"]["zh"]
            assert ("true" in step.title.en) == statement["true"]
            letters.append((letter, statement["true"]))
        true_letters = [k for k, truth in letters if truth]
        assert problem.steps[-1].title.en.endswith(", ".join(true_letters))
        assert problem.steps[-1].title.zh.endswith("、".join(true_letters))
        statement_text = " ".join(paragraphs(problem, "en"))
        for s in question["statements"]:
            assert s["why"]["en"] not in statement_text
        orders.add(tuple(shown))
        again = generate(kind, seed, Options(extra={"question": question["id"]}))
        assert to_json(again) == to_json(problem)
    assert len(orders) > 1, "the seed does not shuffle the statements"


def test_without_the_option_every_question_of_a_section_is_drawn() -> None:
    for section in ("C2", "C9", "C12"):
        ids = {q["id"] for q in QUESTIONS if q["section"] == section}
        drawn = {
            generate(f"explain_{section.lower()}", seed).answers[0].value["en"]
            for seed in range(120)
        }
        assert len(drawn) == len(ids)


def test_an_unknown_question_is_refused() -> None:
    with pytest.raises(GenerationError, match="not valid"):
        generate("explain_c2", 0, Options(extra={"question": "c9_momentum"}))


def test_fixed_texts_in_both_languages() -> None:
    for kind, question in itertools.product(("explain", "true_false"), QUESTIONS):
        problem = generate(
            f"{kind}_{question['section'].lower()}", 1, Options(extra={"question": question["id"]})
        )
        texts = (
            [problem.title] + [a.label for a in problem.answers] + [s.title for s in problem.steps]
        )
        texts += [t for _, t in problem.answers[0].choices]
        for text in texts:
            assert text.en and text.zh
            assert not zh_problems(text.zh), (text.zh, zh_problems(text.zh))
