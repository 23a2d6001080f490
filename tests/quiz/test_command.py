"""``studykit`` and ``studykit quiz`` open the app through the one factory, with --lang."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from studykit.cli import cli


class _FakeApp:
    def run(self) -> None:
        pass


@pytest.fixture
def calls(monkeypatch) -> list[str | None]:
    seen: list[str | None] = []

    def fake_create_app(home=None, lang=None, services=None):
        seen.append(lang)
        return _FakeApp()

    monkeypatch.setattr("studykit.quiz.app.create_app", fake_create_app)
    return seen


@pytest.mark.parametrize(
    ("args", "lang"),
    [
        ([], None),
        (["--lang", "zh"], "zh"),
        (["quiz"], None),
        (["quiz", "--lang", "en"], "en"),
        (["--lang", "zh", "quiz"], "zh"),
    ],
)
def test_quiz_is_the_default_and_takes_lang(calls, args, lang) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert calls == [lang]
