"""README's examples are true: every ``$ studykit …`` line in its code blocks is run, and the
output shown under it must appear in the real output, line by line and in order (a line that
is only ``…`` stands for lines left out; a trailing ``# …`` comment on a command is ignored)."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from studykit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)


def examples() -> list[tuple[str, list[str]]]:
    """(command, the output lines shown under it) for every ``$ studykit`` line."""
    out: list[tuple[str, list[str]]] = []
    for block in FENCE.findall((ROOT / "README.md").read_text(encoding="utf-8")):
        if not block.lstrip().startswith("$ studykit"):
            continue
        for chunk in re.split(r"^\$ ", block.strip("\n"), flags=re.M)[1:]:
            command, *shown = chunk.rstrip("\n").split("\n")
            command = re.sub(r"\s+#.*$", "", command)
            out.append((command, [line for line in shown if line.strip()]))
    return out


EXAMPLES = examples()
SLOW = ("--variants", "export", "--format pdf")


def _params() -> list:
    return [
        pytest.param(c, s, id=c[:60], marks=[pytest.mark.slow] if any(w in c for w in SLOW) else [])
        for c, s in EXAMPLES
    ]


def test_the_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 15


@pytest.mark.parametrize(("command", "shown"), _params())
def test_readme_example_is_real_output(command: str, shown: list[str], tmp_path, monkeypatch):
    for name in ("examples", "problems"):
        (tmp_path / name).symlink_to(ROOT / name)
    bad = (ROOT / "examples" / "sigmoid-2-2-1.toml").read_text(encoding="utf-8")
    (tmp_path / "bad.toml").write_text(bad.replace('"sigmoid"', '"sigmoud"', 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    args = shlex.split(command)
    assert args[0] == "studykit"
    result = CliRunner().invoke(cli, args[1:], env={"COLUMNS": "100", **os.environ})
    actual = [line.rstrip() for line in result.output.splitlines()]
    position = 0
    for line in shown:
        if line.strip() in ("…", "..."):
            continue
        want = line.rstrip()
        found = next((i for i in range(position, len(actual)) if actual[i] == want), None)
        assert found is not None, f"{command}\nmissing: {want!r}\nafter line {position} of:\n" + (
            "\n".join(actual)
        )
        position = found + 1
