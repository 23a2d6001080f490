"""Golden problems (reviewed by eye); ``UPDATE_GOLDEN=1`` rewrites them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studykit.problems.codec import to_json
from studykit.problems.registry import Options, generate
from tests.golden import check_golden

from .test_basic_kinds import BASIC_KINDS

GOLDEN = Path(__file__).parent / "golden_basic"
CASES = [(kind, 7, calc) for kind in BASIC_KINDS for calc in (False, True)]


def _dump(problem: object) -> str:
    return json.dumps(to_json(problem), sort_keys=True, ensure_ascii=False, indent=1) + "\n"


@pytest.mark.parametrize(("kind", "seed", "calculator"), CASES)
def test_golden(kind: str, seed: int, calculator: bool) -> None:
    path = GOLDEN / f"{kind}_{'calc' if calculator else 'exact'}.json"
    text = _dump(generate(kind, seed, Options(difficulty=2, calculator=calculator)))
    check_golden(path, text)
