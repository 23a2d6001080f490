"""`studykit topics --format json` marks each kind's type: explain (answered in words), choice
(every answer a choice) or numeric — and the mark agrees with the problems the kind makes."""

from __future__ import annotations

import json

from studykit.problems.registry import all_kinds, generate
from tests.conftest import run_cli


def classify(kind: str, seed: int) -> str:
    kinds = {a.kind for a in generate(kind, seed).answers}
    if "explain" in kinds:
        return "explain"
    return "choice" if kinds == {"choice"} else "numeric"


def test_topics_json_marks_every_kind_with_its_type() -> None:
    result = run_cli("topics", "--format", "json")
    assert result.returncode == 0, result.stderr
    by_kind = {d["kind"]: d["type"] for d in json.loads(result.stdout)}
    assert set(by_kind) == {k.name for k in all_kinds()}
    assert set(by_kind.values()) == {"numeric", "choice", "explain"}
    for name, marked in by_kind.items():
        assert {classify(name, seed) for seed in range(4)} == {marked}, name
    assert by_kind["explain_c9"] == "explain" and by_kind["true_false_c9"] == "choice"
    assert by_kind["activation_property"] == "choice" and by_kind["backward"] == "numeric"
