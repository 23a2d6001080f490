"""The givens strip and the per-part hint steps, on real generated problems."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from studykit import math as fm
from studykit.problems.registry import Options, generate
from studykit.quiz import hints
from studykit.quiz.givens import givens, pack

NETS = ("2-2-1", "2-2-2", "2-3-2", "3-2-1", "2-2-2-1")


def _numbers(text: str) -> list[float]:
    return [float(n.replace("−", "-")) for n in re.findall(r"−?\d+(?:\.\d+)?", text)]


def _flat(value) -> list[float]:
    if isinstance(value, list) and value and isinstance(value[0], list):
        return [v for row in value for v in row]
    return list(value)


@pytest.mark.parametrize("notation", ["textbook", "bracket", "transposed"])
@pytest.mark.parametrize("net", NETS)
def test_givens_are_the_networks_data_as_stated(net: str, notation: str) -> None:
    problem = generate(
        "training_step", 11, Options(difficulty=3, notation=notation, extra={"net": net})
    )
    found = {g.name: g.text for g in givens(problem)}
    spec = problem.spec
    depth = len(spec["network"]["layers"]) - 1
    name = lambda symbol, layer: fm.to_text(fm.Var(symbol, layer=layer), notation)  # noqa: E731
    expected = ["x", *[name(v, l) for l in range(1, depth + 1) for v in "Wb"], "t", "η"]
    assert list(found) == expected
    assert _numbers(found["x"].split("=", 1)[1]) == spec["data"]["x"]
    assert _numbers(found["t"].split("=", 1)[1]) == spec["data"]["t"]
    assert found["η"] == f"η = {spec['train']['lr']:g}"
    for layer in range(1, depth + 1):
        w = spec["params"][f"W{layer}"]
        stated = [list(r) for r in zip(*w, strict=True)] if notation == "transposed" else w
        w_text = found[name("W", layer)].split("=", 1)[1]
        assert _numbers(w_text) == _flat(stated)  # as the notation profile states it
        b_text = found[name("b", layer)].split("=", 1)[1]
        assert _numbers(b_text) == spec["params"][f"b{layer}"]


def test_givens_pack_on_one_or_two_lines_at_80_columns() -> None:
    problem = generate("backward", 3, Options(extra={"net": "2-2-2"}))
    lines = pack(givens(problem), 78)
    assert 1 <= len(lines) <= 2 and all(cell_len(line) <= 78 for line in lines)
    assert lines[0].startswith("x = ")


def test_a_problem_without_displays_has_no_givens() -> None:
    assert givens(generate("activation_derivative", 3, Options())) == []


def test_each_step_belongs_to_the_part_it_answers_or_the_next() -> None:
    problem = generate("backward", 5, Options(extra={"net": "2-2-2"}))
    groups = hints.part_steps(problem)
    titles = {aid: [s.step.title.en for s in steps] for aid, steps in groups.items()}
    assert titles["delta2"] == [
        "Derivative of the activation function at layer 2",
        "Error term of the output layer",
    ]
    assert titles["z1"] == ["Net input of layer 1"]
    numbers = [s.number for steps in groups.values() for s in steps]
    assert sorted(numbers) == list(range(1, len(problem.steps) + 1))  # each step once
    assert hints.levels(groups["delta2"]) == [1, 2, 3]


def test_levels_trim_a_real_step() -> None:
    problem = generate("backward", 5, Options(extra={"net": "2-2-2"}))
    step = hints.part_steps(problem)["delta2"][-1].step
    one, two = hints.at_level(step, 1), hints.at_level(step, 2)
    assert one.formula == step.formula and one.substituted is None and one.result is None
    assert two.substituted == step.substituted and two.result is None and two.shape is None
    assert hints.at_level(step, 3) == step
