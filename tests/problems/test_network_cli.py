"""`studykit problem` and `studykit topics`, run as a user would."""

from __future__ import annotations

import json

from studykit.problems.registry import all_kinds
from tests.conftest import run_cli


def test_topics_json_lists_every_kind_with_its_section():
    result = run_cli("topics", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {d["kind"] for d in data} == {k.name for k in all_kinds()}
    by_kind = {d["kind"]: d for d in data}
    assert by_kind["backward"]["section"] == "C7" and by_kind["forward"]["section"] == "C6"
    assert by_kind["gradient_shapes"]["section"] == "C8"
    zh = run_cli("topics", "--lang", "zh")
    assert "反向传播" in zh.stdout and "forward" in zh.stdout


def test_problem_json_has_the_contract_fields():
    result = run_cli("problem", "--kind", "backward", "--seed", "3", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("kind", "seed", "statement", "steps", "answers", "spec"):
        assert key in data
    assert data["seed"] == 3 and data["kind"] == "backward"
    assert all({"id", "value", "tolerance"} <= set(a) for a in data["answers"])
    many = json.loads(
        run_cli(
            "problem",
            "--kind",
            "forward",
            "--count",
            "3",
            "--option",
            "net=3-2-1",
            "--no-calculator",
            "--notation",
            "bracket",
            "--format",
            "json",
        ).stdout
    )
    assert [p["seed"] for p in many] == [0, 1, 2]
    assert all(p["spec"]["network"]["layers"] == [3, 2, 1] for p in many)


def test_problem_text_in_both_languages_with_solution():
    en = run_cli("problem", "--kind", "training_step", "--seed", "3", "--solution")
    zh = run_cli("problem", "--kind", "training_step", "--seed", "3", "--solution", "--lang", "zh")
    md = run_cli("problem", "--kind", "backward", "--format", "md", "--solution")
    assert en.returncode == zh.returncode == md.returncode == 0
    assert "learning rate" in en.stdout and "学习率" in zh.stdout
    assert "δ" in en.stdout and "$" in md.stdout


def test_bad_input_is_one_line_exit_2():
    for args in (
        ("problem", "--kind", "nope"),
        ("problem", "--kind", "forward", "--option", "net=9-9"),
        ("problem", "--kind", "forward", "--option", "net"),
        ("problem", "--kind", "forward", "--option", "net=cs224n", "--no-calculator"),
    ):
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_typed_kind_options_from_the_command_line():
    """--option text becomes the kind's own value: weight_decay=true is the boolean True."""
    result = run_cli(
        "problem", "--kind", "optimizer_step", "--seed", "2", "--format", "json",
        "--option", "weight_decay=true", "--option", "optimizer=SGD",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["options"]["weight_decay"] is True and data["options"]["optimizer"] == "sgd"
    bad = run_cli("problem", "--kind", "optimizer_step", "--option", "weight_decay=maybe")
    assert bad.returncode == 2 and "weight_decay='maybe'" in bad.stderr
    assert "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
