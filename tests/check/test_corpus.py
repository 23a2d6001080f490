"""The checker on the labelled corpus (issue #13 acceptance), counted as measure.py counts.

The labels come from torch autograd (corpus/label.py), never from the checker. Answers go in
as a student types them: derivatives and matrix formulas through the CLI, numbers through
``grade`` on the stored problem with the entry's earlier values.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).with_name("corpus")))
import measure  # noqa: E402

Row = tuple[dict[str, Any], dict[str, Any]]


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    out = []
    for mode, run in measure.RUNNERS.items():
        for entry in measure.read(mode):
            out.append((entry, run(entry)))
    return out


def _listed(items: list[Row]) -> str:
    return "\n".join(
        f"{e['id']}: {e['answer']!r} → {r['outcome']} {r.get('mistake')} {r['message'][:80]}"
        for e, r in items[:20]
    )


def test_no_wrong_answer_is_accepted(rows: list[Row]) -> None:
    accepted = [(e, r) for e, r in rows if measure.false_accept(e, r)]
    assert not accepted, _listed(accepted)


def test_at_most_two_percent_of_right_answers_are_refused(rows: list[Row]) -> None:
    correct = [(e, r) for e, r in rows if e["label"] == "correct"]
    refused = [(e, r) for e, r in correct if measure.false_reject(e, r)]
    assert len(correct) >= 450
    assert len(refused) <= 0.02 * len(correct), _listed(refused)


def test_wrong_derivatives_name_a_mistake(rows: list[Row]) -> None:
    wrong = [(e, r) for e, r in rows if e["mode"] == "derivative" and e["label"] == "wrong"]
    named = [(e, r) for e, r in wrong if r["outcome"] == "rejected" and r["mistake"] is not None]
    assert len(named) >= 0.60 * len(wrong)


def test_catalogued_mistakes_are_named_right(rows: list[Row]) -> None:
    catalogued = [(e, r) for e, r in rows if e["label"] == "wrong" and e["mistake"] is not None]
    missed = [(e, r) for e, r in catalogued if not measure.right_mistake(e, r)]
    assert len(catalogued) >= 250
    assert len(missed) <= 0.10 * len(catalogued), _listed(missed)


def test_every_mode_and_notation_is_read(rows: list[Row]) -> None:
    """No mode or notation may hide behind the overall rate."""
    for key in ("mode", "notation"):
        for value in {e[key] for e, _ in rows}:
            correct = [(e, r) for e, r in rows if e[key] == value and e["label"] == "correct"]
            refused = [p for p in correct if measure.false_reject(*p)]
            assert len(refused) <= max(1, 0.05 * len(correct)), (value, _listed(refused))
