"""Moodle XML graded by Moodle's own rules (:mod:`.moodle_rules`): over every part of every
shipped set (four variants each), no blank accepts a wrong answer and every key is accepted."""

from __future__ import annotations

import glob
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from studykit.cli import cli
from studykit.i18n import Text
from studykit.problems.model import Answer, Problem
from studykit.problems.sets import load_set
from studykit.render.formats import get_format
from studykit.render.writers.parts import Slot, flat, set_slots

from . import moodle_rules as moodle
from .delivery_hand import explain_problem
from .hand import backprop_problem, expression_problem

REPO = Path(__file__).resolve().parents[2]
SETS = sorted(glob.glob(str(REPO / "problems" / "*.toml")))
VARIANTS = [0, 1, 2, 3]
NUMERIC = ("number", "vector", "matrix")


def _export(slots: list[Slot], set_name: str = "s", lang: str = "en") -> ET.Element:
    writer = get_format("moodle").writer_for("textbook", lang)
    return ET.fromstring(writer.export(set_name, Text("S", "S"), slots))


def _questions(quiz: ET.Element) -> list[tuple[str, ET.Element]]:
    """(category, question) for every question, the category being the last one stated."""
    out, category = [], ""
    for q in quiz.findall("question"):
        if q.get("type") == "category":
            category = q.findtext("category/text") or ""
        else:
            out.append((category, q))
    return out


def _mutations(formula: str) -> list[str]:
    """The key with one operator changed: each ``*`` → ``+``, each sign flipped, each ``/`` → ``*``."""
    swaps = {"*": "+", "+": "-", "-": "+", "/": "*"}
    return [
        formula[:i] + swaps[ch] + formula[i + 1 :] for i, ch in enumerate(formula) if ch in swaps
    ]


@dataclass
class Counts:
    numeric_blanks: int = 0
    formula_parts_in_sets: int = 0
    formula_parts_exported: int = 0
    mutations_refused: int = 0
    choice_parts: int = 0
    shape_parts: int = 0


def _check_part(answer: Answer, blanks: list[moodle.Blank], counts: Counts) -> None:
    if answer.kind in NUMERIC:
        key = flat(answer.value)
        assert len(blanks) == len(key)
        alternatives = [flat(a) for a in answer.alternatives]
        for i, (blank, value) in enumerate(zip(blanks, key, strict=True)):
            assert blank.qtype == "numerical"
            tol = answer.tolerance.abs + answer.tolerance.rel * abs(value)
            assert blank.accepts(value) and blank.accepts(value + 0.9 * tol)
            assert blank.accepts(value - 0.9 * tol)
            for alt in alternatives:
                assert blank.accepts(alt[i])
            assert not blank.accepts(value + 10 * tol), (answer.id, value, tol)
            assert not blank.accepts(value - 10 * tol), (answer.id, value, tol)
            counts.numeric_blanks += 1
        return
    (blank,) = blanks
    if answer.kind == "choice":
        assert blank.qtype == "multichoice" and blank.shuffle
        keys = [k for k, _ in answer.choices]
        assert [blank.accepts(i) for i in range(len(keys))] == [k == answer.value for k in keys]
        counts.choice_parts += 1
    elif answer.kind == "shape":
        rows, cols = answer.value
        assert blank.accepts(f"{rows}x{cols}") and blank.accepts(f"{rows} × {cols}")
        assert blank.accepts(f"[{rows}, {cols}]")
        if rows != cols:
            assert not blank.accepts(f"{cols}x{rows}")
        assert not blank.accepts(f"{rows}x{cols + 1}") and not blank.accepts(f"{rows}x")
        counts.shape_parts += 1
    else:
        assert answer.kind == "expression" and blank.qtype == "shortanswer" and blank.usecase
        formula = str(answer.value)
        assert blank.accepts(formula) and blank.accepts(formula.replace(" ", ""))
        mutated = _mutations(formula)
        assert mutated, formula
        for wrong in mutated:
            assert not blank.accepts(wrong), wrong
            counts.mutations_refused += 1
        assert not blank.accepts("z") and not blank.accepts(formula + "+1")
        counts.formula_parts_exported += 1


def test_no_blank_of_any_shipped_set_accepts_a_wrong_answer(capsys):
    counts = Counts()
    for path in SETS:
        problem_set = load_set(path)
        slots = set_slots(problem_set, VARIANTS)
        questions = _questions(_export(slots, problem_set.name))
        cloze = [(c, q) for c, q in questions if q.get("type") == "cloze"]
        problems = [  # an explanation alone is an essay question, with no blank
            p
            for slot in slots
            for p in slot.problems
            if any(a.kind != "explain" for a in p.answers)
        ]
        assert len(cloze) == len(problems)
        for (_, question), problem in zip(cloze, problems, strict=True):
            assert question.findtext("idnumber") == problem.id
            blanks = moodle.extract(question.findtext("questiontext/text") or "")
            parts = [a for a in problem.answers if a.kind != "explain"]
            counts.formula_parts_in_sets += sum(a.kind == "expression" for a in parts)
            sizes = [len(flat(a.value)) if a.kind in NUMERIC else 1 for a in parts]
            assert len(blanks) == sum(sizes), problem.id
            start = 0
            for answer, size in zip(parts, sizes, strict=True):
                _check_part(answer, blanks[start : start + size], counts)
                start += size
    assert counts.formula_parts_exported == counts.formula_parts_in_sets > 0
    assert counts.numeric_blanks > 1000 and counts.choice_parts > 0 and counts.shape_parts > 0
    with capsys.disabled():
        print(f"\nMoodle cloze over {len(SETS)} sets × {len(VARIANTS)} variants: {counts}")


def test_the_rules_catch_the_old_unescaped_wildcard():
    """The parser is Moodle's: the old export's blank accepted a wrong formula."""
    (blank,) = moodle.extract("{1:SHORTANSWER:=sigmoid(z)*(1 - sigmoid(z))}")
    assert blank.accepts("sigmoid(z) + (1 - sigmoid(z))")
    (escaped,) = moodle.extract("{1:SHORTANSWER:=sigmoid(z)\\*(1 - sigmoid(z))}")
    assert not escaped.accepts("sigmoid(z) + (1 - sigmoid(z))")
    assert escaped.accepts("sigmoid(z)*(1 - sigmoid(z))")


def test_special_characters_survive_the_cloze_syntax():
    from studykit.render.writers.moodle import cloze_answer

    for text in ("a*b", "x}y", "p#q", "u~v", "back\\slash*", "<&>", '"q"', "{1:NUMERICAL:=1}"):
        (blank,) = moodle.extract("{1:SHORTANSWER_C:=" + cloze_answer(text, True) + "}")
        assert [a.answer for a in blank.alternatives] == [_pattern(text)], text
        assert blank.accepts(text), text
        if "*" in text:
            assert not blank.accepts(text.replace("*", "+"))
        (choice,) = moodle.extract("{1:MULTICHOICE_S:=" + cloze_answer(text, False) + "~other}")
        assert choice.alternatives[0].answer == text and len(choice.alternatives) == 2


def _pattern(text: str) -> str:
    """What Moodle stores for ``text`` as a SHORTANSWER answer: ``*`` kept escaped."""
    return text.replace("*", "\\*")


def test_one_category_per_slot_with_every_variant():
    problem_set = load_set(REPO / "problems" / "mock_exam.toml")
    slots = set_slots(problem_set, [1, 2, 3])
    questions = _questions(_export(slots, "mock_exam"))
    categories = [c for c, _ in questions]
    assert categories == [
        f"$course$/mock_exam/slot-{n}" for n in range(1, len(slots) + 1) for _ in range(3)
    ]
    ids = [q.findtext("idnumber") for _, q in questions]
    assert ids == [p.id for s in slots for p in s.problems] and len(set(ids)) == len(ids)
    essays = [q for _, q in questions if q.get("type") == "essay"]
    assert essays and all(q.findtext("graderinfo/text") for q in essays)  # the explanation slot


def _weights_by_part(question: ET.Element, problem: Problem) -> list[int]:
    blanks = moodle.extract(question.findtext("questiontext/text") or "")
    out, start = [], 0
    for answer in problem.answers:
        size = len(flat(answer.value)) if answer.kind in NUMERIC else 1
        out.append(sum(b.weight for b in blanks[start : start + size]))
        start += size
    return out


@dataclass(frozen=True)
class StandIn:
    """A set entry as the sets module will have it (points per slot, optional per part)."""

    points: float | None = None
    part_points: tuple[float, ...] | None = None


def test_parts_weigh_equally_by_default_and_as_the_set_says():
    problem = backprop_problem()
    ((_, default),) = _questions(_export([Slot(1, None, (problem,))]))
    weights = _weights_by_part(default, problem)
    assert len(set(weights)) == 1  # a 2×2 matrix weighs what one number does
    assert float(default.findtext("defaultgrade")) == sum(weights)

    ((_, given),) = _questions(_export([Slot(1, StandIn(6, (1, 1, 1, 3)), (problem,))]))
    weights = _weights_by_part(given, problem)
    assert [w / weights[0] for w in weights] == [1, 1, 1, 3]
    assert float(given.findtext("defaultgrade")) == sum(weights)

    ((_, total),) = _questions(_export([Slot(1, StandIn(points=8), (problem,))]))
    assert len(set(_weights_by_part(total, problem))) == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_explanations_become_essays_with_the_model_answer_for_the_grader(lang):
    problem = explain_problem()
    questions = _questions(_export([Slot(1, None, (problem,))], "s", lang))
    kinds = [(c, q.get("type")) for c, q in questions]
    assert kinds == [("$course$/s/slot-1", "cloze"), ("$course$/s/slot-1-written", "essay")]
    essay = questions[1][1]
    info = essay.findtext("graderinfo/text") or ""
    model = problem.answers[-1].value[lang]
    assert model in info and problem.answers[-1].marking[0].text.get(lang) in info
    assert float(essay.findtext("defaultgrade")) == 3  # the marking points' marks
    assert essay.findtext("responseformat") == "editor"
    assert problem.answers[-1].label.get(lang) in (essay.findtext("questiontext/text") or "")
    assert model not in (essay.findtext("questiontext/text") or "")


def test_formula_parts_give_the_check_command():
    problem = expression_problem()
    ((_, question),) = _questions(_export([Slot(1, None, (problem,))]))
    text = question.findtext("questiontext/text") or ""
    answer = next(a for a in problem.answers if a.kind == "expression")
    assert re.search(r"studykit check --problem \S+ --part " + re.escape(answer.id), text)


def test_cli_exports_moodle_xml(tmp_path):
    out = tmp_path / "q.xml"
    path = str(REPO / "problems" / "backward_pass.toml")
    result = CliRunner().invoke(
        cli, ["export", path, "--format", "moodle", "--variants", "2", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    questions = _questions(ET.parse(out).getroot())
    assert len(questions) == 2 * load_set(path).size()
