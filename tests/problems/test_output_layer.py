"""C3 ``output_layer``: sigmoid vs softmax outputs, their sums, which output layer + loss fits a
task, and ∂L/∂z. References are recomputed here from the statement with the math module only."""

from __future__ import annotations

import itertools
import json
import math
from fractions import Fraction
from typing import Any

import pytest

from studykit import math as fm
from studykit.problems.codec import problem_from_json, to_json
from studykit.problems.kinds import structure
from studykit.problems.kinds.structure import Logit, output_layer_problem
from studykit.problems.model import Problem
from studykit.problems.registry import (
    GenerationError,
    Options,
    VerificationError,
    generate,
    get_kind,
)
from tests.conftest import run_cli
from tests.sweeps import seed_chunks

from ._basic_refs import accepts, inputs, statement_en

KIND = "output_layer"
COMBOS = list(itertools.product((1, 2, 3), (False, True), (None, "multi_label", "multi_class")))
MULTI_LABEL = "several labels can be true at once"
MULTI_CLASS = "exactly one class is true"


def options_for(seed: int) -> Options:
    difficulty, calculator, task = COMBOS[seed % len(COMBOS)]
    extra = {"task": task} if task else {}
    return Options(difficulty=difficulty, calculator=calculator, extra=extra)


def dump(problem: Problem) -> str:
    return json.dumps(to_json(problem), sort_keys=True, ensure_ascii=False)


# ----------------------------------------------------------------------------- references


def task_of(problem: Problem) -> str:
    """The task as the student reads it in the statement (not the option)."""
    text = statement_en(problem)
    keys = (("multi_label", MULTI_LABEL), ("multi_class", MULTI_CLASS))
    found = [task for task, key in keys if key in text]
    assert len(found) == 1, text
    return found[0]


def sig(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def softmax(z: list[float]) -> list[float]:
    e = [math.exp(v) for v in z]
    return [v / sum(e) for v in e]


def loss(z: list[float], t: list[float], task: str) -> float:
    """Cross entropy of softmax(z) (multi-class) or binary cross entropy of σ(zᵢ) per class."""
    if task == "multi_class":
        return -sum(ti * math.log(yi) for yi, ti in zip(softmax(z), t, strict=True))
    return -sum(
        ti * math.log(sig(v)) + (1 - ti) * math.log(1 - sig(v)) for v, ti in zip(z, t, strict=True)
    )


def central_gradient(z: list[float], t: list[float], task: str, h: float = 1e-6) -> list[float]:
    out = []
    for i in range(len(z)):
        up = [v + h * (j == i) for j, v in enumerate(z)]
        down = [v - h * (j == i) for j, v in enumerate(z)]
        out.append((loss(up, t, task) - loss(down, t, task)) / (2 * h))
    return out


def right_text(task: str, text: str) -> bool:
    """COURSE.md C3 in words: independent labels → sigmoid + binary cross entropy per class;
    exclusive classes → softmax + cross entropy."""
    if task == "multi_label":
        return "sigmoid" in text and "binary cross entropy" in text
    return "softmax" in text and "cross entropy" in text and "binary" not in text


def reference(problem: Problem) -> dict[str, Any]:
    v = inputs(problem)
    z = [float(x) for x in v["z"][0]]
    task = task_of(problem)
    sigma = [sig(x) for x in z]
    y = softmax(z)
    out: dict[str, Any] = {
        "sigmoid": sigma,
        "sigmoid_sum": math.fsum(sigma),
        "softmax": y,
        "softmax_sum": math.fsum(y),
    }
    choice = problem.answer("choice")
    right = [k for k, text in choice.choices if right_text(task, text.en)]
    assert len(right) == 1, [t.en for _, t in choice.choices]
    out["choice"] = right[0]
    if "t" in v:
        t = [float(x) for x in v["t"][0]]
        out["grad"] = central_gradient(z, t, task)
    return out


def check_against_reference(problem: Problem) -> int:
    ref = reference(problem)
    ids = {a.id for a in problem.answers}
    assert ids == set(ref), (problem.id, ids, set(ref))
    for answer in problem.answers:
        if answer.kind == "choice":
            assert answer.value == ref[answer.id], (problem.id, answer.value, ref[answer.id])
        else:
            assert accepts(answer, ref[answer.id]), (problem.id, answer.id, answer.value)
    return len(ref)


# ----------------------------------------------------------------------------- (1) + (2)


@pytest.mark.parametrize("seeds", seed_chunks())
def test_thousand_seeds_generate_deterministically_and_match_the_reference(seeds: range) -> None:
    checked = 0
    for seed in seeds:
        options = options_for(seed)
        problem = generate(KIND, seed, options)
        assert dump(problem) == dump(generate(KIND, seed, options))
        assert problem.seed == seed and problem.section == "C3"
        z = inputs(problem)["z"][0]
        assert 2 <= len(z) <= 4
        assert ("t" in inputs(problem)) == (options.difficulty >= 2)
        for s in problem.steps:
            assert s.title.en and s.title.zh
        for a in problem.answers:
            assert a.label.en and a.label.zh
        checked += check_against_reference(problem)
        # the point of the comparison: σ outputs do not add to 1, softmax outputs do
        assert not accepts(problem.answer("sigmoid_sum"), 1.0), problem.id
        assert problem.answer("softmax_sum").value == 1
        if not options.calculator:  # no-calculator keys are exact
            for a in problem.answers:
                if a.kind != "choice":
                    assert a.exact is not None and a.tolerance.abs < 1e-6, (problem.id, a.id)
    assert checked >= 5 * len(seeds)


def test_seeds_give_different_problems() -> None:
    texts = {dump(generate(KIND, seed, Options(difficulty=2))) for seed in range(30)}
    assert len(texts) > 20


# ----------------------------------------------------------------------------- (3) by hand


def test_equal_zero_logits_by_hand() -> None:
    # σ(0) = 1/(1 + e⁰) = ½ for both units, sum 1; softmax of equal logits = 1/n = ½ each.
    p = output_layer_problem([Logit(), Logit()], "multi_class", Options(calculator=False))
    assert p.answer("sigmoid").value == [0.5, 0.5]
    assert p.answer("sigmoid").exact == ["1/2", "1/2"]
    assert p.answer("sigmoid_sum").value == 1 and p.answer("sigmoid_sum").exact == "1"
    assert p.answer("softmax").value == [0.5, 0.5]
    assert p.answer("softmax_sum").value == 1
    assert fm.to_text(inputs_node(p)) == "z = [0, 0]ᵀ"


def inputs_node(p: Problem) -> fm.Node:
    for block in p.statement:
        for part in block.parts:
            if isinstance(part, fm.Op) and fm.to_text(part).startswith("z = "):
                return part
    raise AssertionError("no z in the statement")


def test_two_zero_zero_with_a_calculator_by_hand() -> None:
    # e² = 7.389056…, e⁻² = 0.135335…
    # σ(2) = 1/1.135335 = 0.880797 → 0.8808; σ(0) = 0.5; sum 0.8808 + 0.5 + 0.5 = 1.8808.
    # softmax, carried: e^z = [7.3891, 1, 1], Σ = 9.3891; 7.3891/9.3891 = 0.78699… → 0.7870,
    # 1/9.3891 = 0.10650… → 0.1065 (exactly: 0.786986, 0.106507).
    z = [Logit(Fraction(2)), Logit(), Logit()]
    p = output_layer_problem(z, "multi_class", Options(calculator=True))
    assert p.answer("sigmoid").value == [0.8808, 0.5, 0.5]
    assert p.answer("sigmoid_sum").value == 1.8808
    assert p.answer("softmax").value == [0.787, 0.1065, 0.1065]
    assert p.answer("softmax_sum").value == 1
    assert accepts(p.answer("softmax"), [0.786986, 0.106507, 0.106507])
    assert not accepts(p.answer("softmax"), [0.7880, 0.1060, 0.1060])
    sums = next(s for s in p.steps if s.answer_id == "softmax_sum")
    assert fm.to_text(sums.substituted) == "0.787 + 0.1065 + 0.1065"  # = 1.0000


def test_three_equal_logits_round_to_a_sum_below_one() -> None:
    # softmax of three equal logits is 1/3 each → 0.3333; the rounded entries add to 0.9999,
    # the key still says 1 and accepts 0.9999; σ(0.5) = 1/(1 + e^(−0.5)) = 1/1.606531 = 0.622459.
    p = output_layer_problem([Logit(Fraction(1, 2))] * 3, "multi_class", Options())
    assert p.answer("softmax").value == [0.3333, 0.3333, 0.3333]
    assert p.answer("sigmoid").value == [0.6225] * 3
    assert p.answer("sigmoid_sum").value == 1.8675
    key = p.answer("softmax_sum")
    assert key.value == 1 and accepts(key, 0.9999) and not accepts(key, 0.99)
    sums = next(s for s in p.steps if s.answer_id == "softmax_sum")
    assert "0.9999" in sums.note.en and "0.9999" in sums.note.zh


def test_logarithm_logits_by_hand() -> None:
    # z = [ln 3, −ln 3, 0]: e^z = [3, 1/3, 1], Σ = 13/3.
    # σ(ln 3) = 3/(3+1) = 3/4, σ(−ln 3) = 1/(3+1) = 1/4, σ(0) = 1/2: sum 3/2.
    # softmax = [3, 1/3, 1]·3/13 = [9/13, 1/13, 3/13].
    z = [Logit(ln_of=Fraction(3)), Logit(ln_of=Fraction(1, 3)), Logit(ln_of=Fraction(1))]
    multi_class = output_layer_problem(
        z,
        "multi_class",
        Options(difficulty=2, calculator=False),
        target=[Fraction(x) for x in (1, 0, 0)],
    )
    assert fm.to_text(inputs_node(multi_class)) == "z = [ln(3), −ln(3), 0]ᵀ"
    assert multi_class.answer("sigmoid").exact == ["3/4", "1/4", "1/2"]
    assert multi_class.answer("sigmoid_sum").exact == "3/2"
    assert multi_class.answer("softmax").exact == ["9/13", "1/13", "3/13"]
    # softmax + CE: y − t = [9/13 − 1, 1/13, 3/13]
    assert multi_class.answer("grad").exact == ["-4/13", "1/13", "3/13"]
    multi_label = output_layer_problem(
        z,
        "multi_label",
        Options(difficulty=2, calculator=False),
        target=[Fraction(x) for x in (1, 0, 1)],
    )
    # sigmoid + BCE: σ(z) − t = [3/4 − 1, 1/4, 1/2 − 1]
    assert multi_label.answer("grad").exact == ["-1/4", "1/4", "-1/2"]


def test_sigmoid_sum_of_opposite_logits_is_one_and_the_note_says_so() -> None:
    # σ(ln 4) + σ(−ln 4) = 4/5 + 1/5 = 1: a coincidence the solution must not present as a rule
    z = [Logit(ln_of=Fraction(4)), Logit(ln_of=Fraction(1, 4))]
    p = output_layer_problem(z, "multi_label", Options(calculator=False))
    assert p.answer("sigmoid_sum").exact == "1"
    note = next(s.note for s in p.steps if s.answer_id == "sigmoid_sum")
    assert "in general their sum is not 1" in note.en


# ----------------------------------------------------------------------------- (4) the choice


@pytest.mark.parametrize("task", ["multi_label", "multi_class"])
@pytest.mark.parametrize("difficulty", [1, 2, 3])
def test_choice_is_right_for_the_task(task: str, difficulty: int) -> None:
    keys_seen = set()
    for seed in range(40):
        options = Options(difficulty=difficulty, calculator=seed % 2 == 0, extra={"task": task})
        p = generate(KIND, seed, options)
        assert task_of(p) == task
        answer = p.answer("choice")
        assert len(answer.choices) == difficulty + 1
        chosen = dict(answer.choices)[answer.value].en
        assert right_text(task, chosen), chosen
        others = [t.en for k, t in answer.choices if k != answer.value]
        assert not any(right_text(task, t) for t in others)
        # the step marked as the answer explains why that choice fits
        marked = [s for s in p.steps if s.answer_id == "choice"]
        assert len(marked) == 1 and marked[0].note.en.startswith("fits")
        keys_seen.add(answer.value)
    assert len(keys_seen) > 1  # the right answer is not always in the same place


def test_a_wrong_table_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(structure.RIGHT_PAIRING, "multi_label", "softmax_ce")
    with pytest.raises(VerificationError, match="measured properties disagree"):
        output_layer_problem([Logit(Fraction(1)), Logit()], "multi_label", Options())


def test_a_wrong_engine_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    real = structure.get_activation

    class Broken:
        def __init__(self, name: str) -> None:
            self.act = real(name)
            self.grad = self.act.grad

        def fn(self, z: Any, p: Any) -> Any:
            return self.act.fn(z, p) + 0.01

        def defaults(self) -> dict[str, float]:
            return {}

    monkeypatch.setattr(structure, "get_activation", Broken)
    with pytest.raises(VerificationError, match="σ"):
        structure.compute(
            [Logit(Fraction(1)), Logit()], "multi_class", None, structure.rounding_for(Options())
        )


# ----------------------------------------------------------------------------- (5) JSON


def test_json_round_trip() -> None:
    for seed, options in enumerate(
        [Options(difficulty=d, calculator=c) for d in (1, 2, 3) for c in (False, True)]
    ):
        p = generate(KIND, seed, options)
        back = problem_from_json(json.loads(json.dumps(to_json(p), ensure_ascii=False)))
        assert back == p
        assert dump(back) == dump(p)


# ----------------------------------------------------------------------------- the kind


def test_kind_is_registered_with_its_option() -> None:
    kind = get_kind(KIND)
    assert kind.section == "C3" and kind.extra_options == {"task": ("multi_label", "multi_class")}
    with pytest.raises(GenerationError, match="task"):
        generate(KIND, 0, Options(extra={"task": "regression"}))


def test_cli_prints_the_problem_in_both_languages_and_markdown() -> None:
    args = ("problem", "--kind", KIND, "--seed", "3", "--solution")
    en = run_cli(*args, "--lang", "en")
    zh = run_cli(*args, "--lang", "zh")
    md = run_cli(*args, "--format", "md", "--difficulty", "2")
    assert en.returncode == zh.returncode == md.returncode == 0, en.stderr + zh.stderr + md.stderr
    assert (
        "Output layer" in en.stdout
        and "softmax" in en.stdout
        and "binary cross entropy" in en.stdout
    )
    assert "输出层" in zh.stdout and "交叉熵" in zh.stdout and "Output layer" not in zh.stdout
    assert "$" in md.stdout and ("∂L/∂z" in md.stdout or "\\partial" in md.stdout)
