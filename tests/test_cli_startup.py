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


def test_an_unexpected_error_is_one_line_without_a_traceback(monkeypatch, capsys):
    """The last line of defence in ``main``: an internal error never shows a traceback."""
    import pytest

    from studykit import cli as cli_module
    from studykit.commands import topics

    def broken(*args, **kwargs):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(topics.command, "callback", broken)
    monkeypatch.delenv("STUDYKIT_DEBUG", raising=False)
    for lang, word in (("en", "internal error"), ("zh", "内部错误")):
        with pytest.raises(SystemExit) as exit_info:
            cli_module.main(["--lang", lang, "topics"])
        assert exit_info.value.code == 70
        err = capsys.readouterr().err
        assert word in err and "RuntimeError: boom" in err
        assert "Traceback" not in err and "second line" not in err
        assert len(err.strip().splitlines()) == 1


def test_every_command_module_is_listed():
    """A command module that cli.COMMANDS does not name would be unreachable."""
    import pkgutil

    from studykit import commands
    from studykit.cli import COMMANDS

    modules = {
        m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_")
    }
    assert modules == set(COMMANDS)
