"""Golden problems (reviewed by eye) and byte-identical generation across hash seeds."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studykit.problems.model import to_json
from studykit.problems.registry import Options, generate

from .test_basic_kinds import BASIC_KINDS, options_for

GOLDEN = Path(__file__).parent / "golden_basic"
CASES = [(kind, 7, calc) for kind in BASIC_KINDS for calc in (False, True)]


def _dump(problem: object) -> str:
    return json.dumps(to_json(problem), sort_keys=True, ensure_ascii=False, indent=1) + "\n"


@pytest.mark.parametrize(("kind", "seed", "calculator"), CASES)
def test_golden(kind: str, seed: int, calculator: bool) -> None:
    path = GOLDEN / f"{kind}_{'calc' if calculator else 'exact'}.json"
    text = _dump(generate(kind, seed, Options(difficulty=2, calculator=calculator)))
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


DIGEST = """
import hashlib, json, sys
from studykit.problems.model import to_json
from studykit.problems.registry import generate
sys.path.insert(0, {tests!r})
from tests.problems.test_basic_kinds import BASIC_KINDS, options_for
h = hashlib.sha256()
for kind in BASIC_KINDS:
    for seed in range(40):
        h.update(json.dumps(to_json(generate(kind, seed, options_for(kind, seed))), sort_keys=True).encode())
print(h.hexdigest())
"""


def test_same_bytes_across_hash_seeds() -> None:
    here = hashlib.sha256()
    for kind in BASIC_KINDS:
        for seed in range(40):
            problem = generate(kind, seed, options_for(kind, seed))
            here.update(json.dumps(to_json(problem), sort_keys=True).encode())
    code = DIGEST.format(tests=str(Path(__file__).parent.parent.parent))
    digests = set()
    for hash_seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        digests.add(out.stdout.strip())
    assert digests == {here.hexdigest()}
