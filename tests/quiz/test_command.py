"""``studykit`` and ``studykit quiz`` open the app through the one factory, with --lang, --topic
and --kind."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from studykit.cli import cli


class _FakeApp:
    def run(self) -> None:
        pass


@pytest.fixture
def calls(monkeypatch) -> list[tuple[str | None, str | None, str | None]]:
    seen: list[tuple[str | None, str | None, str | None]] = []

    def fake_create_app(home=None, lang=None, services=None, topic=None, kind=None):
        seen.append((lang, topic, kind))
        return _FakeApp()

    monkeypatch.setattr("studykit.quiz.app.create_app", fake_create_app)
    return seen


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (None, None, None)),
        (["--lang", "zh"], ("zh", None, None)),
        (["quiz"], (None, None, None)),
        (["quiz", "--lang", "en"], ("en", None, None)),
        (["--lang", "zh", "quiz"], ("zh", None, None)),
        (["quiz", "--topic", "C7"], (None, "C7", None)),
        (["quiz", "--topic", "c12"], (None, "C12", None)),
        (["quiz", "--kind", "backward"], (None, None, "backward")),
    ],
)
def test_quiz_is_the_default_and_takes_lang_topic_kind(calls, args, expected) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert calls == [expected]


def test_unknown_kind_or_topic_is_refused_before_the_app_starts(calls) -> None:
    result = CliRunner().invoke(cli, ["quiz", "--kind", "backwards"])
    assert result.exit_code == 2 and calls == []
    assert "unknown problem kind 'backwards' (did you mean 'backward'?)" in result.output
    result = CliRunner().invoke(cli, ["quiz", "--topic", "C13"])
    assert result.exit_code == 2 and calls == []
