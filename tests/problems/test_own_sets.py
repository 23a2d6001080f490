"""A problem set slot with your own network: ``spec = "networks/…toml"`` (issue #14)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studykit.problems.sets import SetError, generate_problems, load_set

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def write_set(tmp_path: Path, slot: str) -> Path:
    (tmp_path / "networks").mkdir()
    shutil.copy(EXAMPLES / "mazur-2-2-2.toml", tmp_path / "networks" / "exam2024-q3.toml")
    path = tmp_path / "exam.toml"
    path.write_text(
        'title = { en = "Exam", zh = "考试" }\nseed = 3\n[[problem]]\n' + slot, encoding="utf-8"
    )
    return path


def test_fixed_network_is_a_problem_with_the_files_numbers(tmp_path: Path) -> None:
    problem_set = load_set(write_set(tmp_path, 'spec = "networks/exam2024-q3.toml"\n'))
    for variant in (0, 1):  # nothing to vary: every variant is the file's network
        (problem,) = generate_problems(problem_set, variant)
        assert problem.spec["params"]["W1"] == [[0.15, 0.2], [0.25, 0.3]]  # type: ignore[index]
        assert problem.answer("loss").value == pytest.approx(0.298371109, abs=1e-3)  # Mazur
        assert problem.steps and problem.statement


def test_vary_keeps_shapes_activations_and_loss(tmp_path: Path) -> None:
    slot = 'spec = "networks/exam2024-q3.toml"\nvary = ["params", "data"]\n'
    problem_set = load_set(write_set(tmp_path, slot))
    (own,) = generate_problems(problem_set, 0)
    (v1,) = generate_problems(problem_set, 1)
    (v2,) = generate_problems(problem_set, 2)
    assert own.spec["params"]["W1"] == [[0.15, 0.2], [0.25, 0.3]]  # type: ignore[index]
    assert v1.spec["params"] != own.spec["params"] != v2.spec["params"]  # type: ignore[index]
    assert v1.spec["data"] != own.spec["data"]  # type: ignore[index]
    for p in (v1, v2):
        assert p.spec["network"] == own.spec["network"]  # type: ignore[index]
        assert [a.id for a in p.answers] == [a.id for a in own.answers]
    (again,) = generate_problems(problem_set, 1)
    assert again.spec == v1.spec


@pytest.mark.parametrize(
    ("slot", "field"),
    [
        ('spec = "networks/missing.toml"\n', "problem[1].spec"),
        ('spec = "networks/exam2024-q3.toml"\nvary = ["weights"]\n', "problem[1].vary"),
        ('spec = "networks/exam2024-q3.toml"\ncolour = 1\n', "problem[1].colour"),
    ],
)
def test_bad_slot_names_the_field(tmp_path: Path, slot: str, field: str) -> None:
    with pytest.raises(SetError) as exc:
        load_set(write_set(tmp_path, slot))
    assert exc.value.field == field
