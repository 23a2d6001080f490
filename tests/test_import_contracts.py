"""The import-linter contracts of pyproject.toml hold, and a deliberate violation breaks them
(so the contracts are not vacuous): a copy of the package with one forbidden import added."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [LINT, "--no-cache", str(root / "pyproject.toml")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def lint_available() -> None:
    if not Path(LINT).exists():
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")


def test_contracts_hold(lint_available: None) -> None:
    run = lint(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


VIOLATIONS = {
    "textual in the engine": ("studykit/engine/gradcheck.py", "import textual\n", "Textual"),
    "sympy in the problems": ("studykit/problems/model.py", "import sympy\n", "SymPy"),
    "the catalog importing render": (
        "studykit/catalog/model.py",
        "from ..render import views\n",
        "Layers",
    ),
    "render reaching into the kinds": (
        "studykit/render/views.py",
        "from ..problems import sampler\n",
        "Render reads problems",
    ),
}


@pytest.mark.parametrize("case", sorted(VIOLATIONS))
def test_a_deliberate_violation_breaks_a_contract(
    case: str, tmp_path: Path, lint_available: None
) -> None:
    shutil.copytree(
        ROOT / "studykit", tmp_path / "studykit", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    module, line, contract = VIOLATIONS[case]
    path = tmp_path / module
    source = path.read_text(encoding="utf-8")
    head, _, rest = source.partition("from __future__ import annotations\n")
    path.write_text(head + "from __future__ import annotations\n" + line + rest, encoding="utf-8")
    run = lint(tmp_path)
    assert run.returncode != 0, run.stdout
    broken = [line for line in run.stdout.splitlines() if line.endswith("BROKEN")]
    assert broken and contract in run.stdout.split("BROKEN")[0], run.stdout
