"""Every registered kind, with every value of its own options, in both modes, at every difficulty
and in every notation profile: the same ``(kind, seed, options)`` gives byte-identical JSON here
and in a fresh interpreter with another hash seed. New kinds are covered without being listed.
This is the one hash-seed check: three seeds in the fast suite, nine in the slow one."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studykit.problems.codec import to_json
from studykit.problems.model import NOTATIONS
from studykit.problems.registry import GenerationError, Options, all_kinds, generate

#: seeds 0, 4, 8 give difficulties 1, 2, 3 and the notations textbook, bracket, transposed
FAST_SEEDS = (0, 4, 8)
SLOW_SEEDS = tuple(range(9))  # every difficulty with every notation


def digest(seeds: tuple[int, ...] = FAST_SEEDS) -> str:
    """SHA-256 over the JSON of every generated problem, in registry order."""
    h = hashlib.sha256()
    for kind in all_kinds():
        variants = [{}] + [{k: v} for k, values in kind.extra_options.items() for v in values]
        for extra in variants:
            for calculator in (True, False):
                for seed in seeds:
                    options = Options(
                        difficulty=1 + seed % 3,
                        calculator=calculator,
                        notation=NOTATIONS[(seed // 3) % len(NOTATIONS)],
                        extra=extra,
                    )
                    try:
                        problem = generate(kind.name, seed, options)
                    except GenerationError as exc:  # a combination the kind refuses, by name
                        h.update(f"{kind.name}:{seed}:{extra}:{calculator}:{exc}".encode())
                        continue
                    h.update(json.dumps(to_json(problem), sort_keys=True).encode())
    return h.hexdigest()


CODE = (
    "import sys; sys.path.insert(0, {root!r}); from {module} import digest; "
    "print(digest({seeds!r}))"
)


def other_hash_seed() -> str:
    """A PYTHONHASHSEED unlike this process's: this one's is random unless the variable is set."""
    mine = os.environ.get("PYTHONHASHSEED", "random")
    return "4242" if mine != "4242" else "0"


def check_across_hash_seeds(seeds: tuple[int, ...]) -> None:
    root = str(Path(__file__).resolve().parents[2])
    code = CODE.format(root=root, module=__name__, seeds=seeds)
    hash_seed = other_hash_seed()
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    there = subprocess.Popen(  # the fresh interpreter works while this one computes its digest
        [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True
    )
    here = digest(seeds)
    out, _ = there.communicate(timeout=600)
    assert there.returncode == 0, f"the PYTHONHASHSEED={hash_seed} interpreter failed"
    assert out.strip() == here, f"PYTHONHASHSEED={hash_seed} changed the output"


def test_every_kind_is_byte_identical_across_hash_seeds() -> None:
    """Every kind, option value and mode at three seeds (each difficulty, each notation)."""
    check_across_hash_seeds(FAST_SEEDS)


@pytest.mark.slow
def test_every_kind_is_byte_identical_across_hash_seeds_at_nine_seeds() -> None:
    """The same at every difficulty with every notation."""
    check_across_hash_seeds(SLOW_SEEDS)
