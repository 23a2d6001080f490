"""The one golden-file mechanism: a golden is a file next to its test, compared byte for byte.

A missing golden fails. ``UPDATE_GOLDEN=1 pytest …`` is the only way to write or rewrite one:
read the diff by eye before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path


def updating() -> bool:
    return bool(os.environ.get("UPDATE_GOLDEN"))


def check_golden(path: Path, actual: str) -> None:
    """``actual`` equals the golden at ``path`` (written instead, with ``UPDATE_GOLDEN=1``)."""
    if updating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        raise AssertionError(f"golden file {path} is missing: run with UPDATE_GOLDEN=1")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{path.name} differs from its golden file (UPDATE_GOLDEN=1 to accept)"
    )
