"""`studykit --help` must not import SymPy or Textual (they are loaded lazily)."""

from __future__ import annotations

import subprocess
import sys


def test_help_imports_neither_sympy_nor_textual():
    code = (
        "import sys; from click.testing import CliRunner; from studykit.cli import cli; "
        "r = CliRunner().invoke(cli, ['--help']); assert r.exit_code == 0, r.output; "
        "assert 'solve' in r.output; "
        "print(sorted(m for m in ('sympy', 'textual', 'torch') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_solve_does_not_import_sympy(tmp_path):
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples" / "mazur-2-2-2.toml"
    code = (
        "import sys; from click.testing import CliRunner; from studykit.cli import cli; "
        f"r = CliRunner().invoke(cli, ['solve', {str(example)!r}]); assert r.exit_code == 0, r.output; "
        "print('sympy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
