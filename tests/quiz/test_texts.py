"""Every text a student reads in the quiz exists in both languages, the Chinese without stray
spaces around its punctuation and with the glossary's terms."""

from __future__ import annotations

import re

import pytest

from studykit.i18n import Text
from studykit.progress import schedule
from studykit.quiz import hints, services, session, texts

ALL = {
    **{name: value for name, value in vars(texts).items() if isinstance(value, Text)},
    **{f"LEVEL_{k}": v for k, v in hints.LEVEL_NAMES.items()},
    **{f"RATING_{k}": v for k, v in schedule.RATING_NAMES.items()},
    **{f"NOTATION_{k}": v for k, v in texts.NOTATION_NAME.items()},
    "NO_STEPS": session.NO_STEPS,
    "ALREADY_RIGHT": session.ALREADY_RIGHT,
    "ALL_SHOWN": session.ALL_SHOWN,
    "LOSS_LINE": services.LOSS_LINE,
    **{
        f"REASON_{i}": t
        for i, t in enumerate(
            schedule.explain_rating(
                schedule.Outcome(1, 3, hints=1, solution_shown=True, seconds=5000)
            )
        )
    },  # fmt: skip
}
CJK = r"[\u4e00-\u9fff]"
STRAY = [
    re.compile(CJK + r"[,;:!?] "),  # ASCII punctuation after Chinese: use ，；：！？
    re.compile(r" [，。：；！？、）」”]"),  # a space before closing Chinese punctuation
    re.compile(r"[，。：；！？、（「“] "),  # a space after Chinese punctuation
]


@pytest.mark.parametrize("name", sorted(ALL))
def test_both_languages_and_no_stray_spaces(name: str) -> None:
    text = ALL[name]
    assert text.en.strip() and text.zh.strip(), name
    for pattern in STRAY:
        assert not pattern.search(text.zh), (name, text.zh)
    placeholders = set(re.findall(r"{(\w+)", text.en))
    assert placeholders == set(re.findall(r"{(\w+)", text.zh)), name


def test_chinese_uses_the_glossary() -> None:
    assert "误差项" in texts.PRACTISING.zh or "错误" in texts.PRACTISING.zh
    assert "详细解答" in texts.SOLUTION_TITLE.zh
    joined = " ".join(t.zh for t in ALL.values())
    for wrong in ("错误项", "学习速率", "偏差项"):  # not the glossary's words
        assert wrong not in joined


def test_no_english_word_is_left_in_a_chinese_label() -> None:
    allowed = {"ctrl", "esc", "Tab", "English", "studykit", "SymPy"}  # keys and names
    for name, text in ALL.items():
        plain = re.sub(r"{\w+[^}]*}", "", text.zh)  # placeholders are not words
        plain = re.sub(r"[\w/]+\.toml", "", plain)  # nor file names
        words = set(re.findall(r"[A-Za-z]{3,}", plain)) - allowed
        assert not words, (name, words)
