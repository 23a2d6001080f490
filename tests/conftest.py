"""Shared test helpers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# One BLAS thread per process: xdist already runs a worker per core, and OpenBLAS threads on top
# of that fight for the same two cores (a 512×256 product took 4× longer with 2 threads under
# load). Set before any test module imports numpy; CLI subprocesses inherit it.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

ROOT = Path(__file__).resolve().parents[1]


def run_cli(
    *args: str, env: dict[str, str] | None = None, input_text: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m studykit.cli ARGS`` as a user would (a fresh process)."""
    full_env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "studykit.cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=input_text,
        timeout=120,
        cwd=ROOT,
    )


@pytest.fixture
def cli():
    return run_cli
