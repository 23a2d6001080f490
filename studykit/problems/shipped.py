"""The problem sets shipped with studykit (``problems/*.toml``): in a clone they sit beside the
package; a wheel installs them under ``<prefix>/share/studykit/problems`` (pyproject's
``data-files``), so ``studykit sheet mock_exam`` works from either."""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path


def set_dirs() -> list[Path]:
    """Where shipped set files may be, the clone's folder first."""
    clone = Path(__file__).resolve().parents[2] / "problems"
    data = Path(sysconfig.get_path("data")) / "share" / "studykit" / "problems"
    return [clone, data, Path(sys.prefix) / "share" / "studykit" / "problems"]


def find_set(name: str) -> Path | None:
    """The shipped set called ``name`` (``mock_exam`` or ``mock_exam.toml``), if there is one."""
    stem = Path(name).name.removesuffix(".toml")
    for folder in set_dirs():
        path = folder / f"{stem}.toml"
        if path.is_file():
            return path
    return None
