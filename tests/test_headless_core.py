"""``quiz/`` is the only package that imports textual: importing the rest must not load it."""

from __future__ import annotations

import subprocess
import sys
from importlib.util import find_spec

CORE = [
    "studykit.cli",
    "studykit.progress",
    "studykit.progress.schedule",
    "studykit.problems",
    "studykit.problems.registry",
    "studykit.engine",
    "studykit.spec",
    "studykit.catalog",
    "studykit.quiz.session",  # the quiz's state is plain Python too
    "studykit.quiz.services",
]
OPTIONAL = ["studykit.check", "studykit.render.formats", "studykit.symbolic"]


def test_core_does_not_load_textual() -> None:
    modules = CORE + [m for m in OPTIONAL if find_spec(m) is not None]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "from studykit.problems.registry import all_kinds\nall_kinds()\n"
        + "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'textual_plotext'))\n"
        + "print(loaded)\n"
        + "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_app_does_load_textual() -> None:
    """The check above can fail: importing the app does bring textual in."""
    code = "import sys, studykit.quiz.app; sys.exit(0 if 'textual' in sys.modules else 1)"
    assert subprocess.run([sys.executable, "-c", code], timeout=120).returncode == 0
