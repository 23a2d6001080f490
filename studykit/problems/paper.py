"""What a set file says about its printed paper: exam or worksheet, course, date, time allowed,
instructions, and the languages it is written in.

A text field is a table ``{ en = "…", zh = "…" }`` or, for a set written in one language, a plain
string (its language is the set's ``lang``, else Chinese when the string holds CJK characters, else
English) or a table with one of the two keys. The set's languages are those every one of its texts
has; a sheet in another language is refused in one line (:func:`check_lang`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from ..i18n import LANGS, Text

PAPER_KEYS = ("paper", "course", "date", "time_allowed", "instructions", "lang")
PAPERS = ("worksheet", "exam")
MAX_MINUTES = 24 * 60
LANG_NAMES = {"en": Text("English", "英文"), "zh": Text("Chinese", "中文")}


class FieldError(ValueError):
    """A malformed field: ``field`` names it, ``text`` says what is wrong (both languages)."""

    def __init__(self, field: str, text: Text) -> None:
        self.field, self.text = field, text
        super().__init__(f"{field}: {text.en}")


@dataclass(frozen=True)
class Paper:
    """The printed paper of a set. ``minutes`` is the time allowed; ``langs`` the languages every
    text of the set is written in."""

    kind: str = "worksheet"
    course: Text | None = None
    date: str | None = None
    minutes: int | None = None
    instructions: tuple[Text, ...] = ()
    langs: tuple[str, ...] = LANGS

    @property
    def exam(self) -> bool:
        return self.kind == "exam"


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" for c in text)


def _string(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FieldError(field, Text("must be a non-empty string", "必须是非空字符串"))
    return value


class TextReader:
    """Reads the text fields of one set file and keeps the languages they all have."""

    def __init__(self, lang: str | None) -> None:
        self.lang = lang
        self.langs: set[str] = set(LANGS)
        self.first_one_language: str | None = None

    def _one(self, text: str) -> str:
        return self.lang or ("zh" if _has_cjk(text) else "en")

    def read(self, value: Any, field: str) -> Text:
        """A Text in both languages, or one language's string in both slots (see module doc)."""
        if isinstance(value, str):
            _string(value, field)
            return self._keep(Text(value, value), {self._one(value)}, field)
        if not isinstance(value, dict) or not value or not set(value) <= set(LANGS):
            raise FieldError(
                field,
                Text(
                    'must be a string or a table of en and zh: { en = "…", zh = "…" }',
                    '必须是字符串或只含 en 和 zh 的表：{ en = "…", zh = "…" }',
                ),
            )
        for lang, text in value.items():
            _string(text, f"{field}.{lang}")
        en = value.get("en", value.get("zh"))
        zh = value.get("zh", value.get("en"))
        return self._keep(Text(en, zh), set(value), field)

    def _keep(self, text: Text, langs: set[str], field: str) -> Text:
        if len(langs) == 1 and self.first_one_language is None:
            self.first_one_language = field
        if not self.langs & langs:
            had = ", ".join(LANG_NAMES[x].en for x in sorted(self.langs))
            had_zh = "、".join(LANG_NAMES[x].zh for x in sorted(self.langs))
            raise FieldError(
                field,
                Text(
                    f"is not written in the set's language ({had}, as {self.first_one_language})",
                    f"不是本习题集的语言（{had_zh}，见 {self.first_one_language}）",
                ),
            )
        self.langs &= langs
        return text

    def lines(self, value: Any, field: str) -> tuple[Text, ...]:
        """Instructions: a string, a list of strings, or ``{ en = [...], zh = [...] }``."""
        if isinstance(value, str):
            return (self.read(value, field),)
        if isinstance(value, list):
            return tuple(self.read(v, f"{field}[{i}]") for i, v in enumerate(value, 1))
        if isinstance(value, dict) and value and set(value) <= set(LANGS):
            per = {k: [v] if isinstance(v, str) else v for k, v in value.items()}
            for k, v in per.items():
                if not isinstance(v, list) or not v:
                    raise FieldError(
                        f"{field}.{k}", Text("must be a list of strings", "必须是字符串列表")
                    )
            if len({len(v) for v in per.values()}) > 1:
                raise FieldError(
                    field,
                    Text("en and zh must list as many lines", "en 与 zh 的行数必须相同"),
                )
            rows = zip(*per.values(), strict=True)
            return tuple(
                self.read(dict(zip(per, row, strict=True)), f"{field}[{i}]")
                for i, row in enumerate(rows, 1)
            )
        raise FieldError(
            field,
            Text(
                "must be a string, a list of strings or a table of en and zh",
                "必须是字符串、字符串列表或含 en 与 zh 的表",
            ),
        )


def read_lang(data: dict[str, Any]) -> str | None:
    if "lang" not in data:
        return None
    if data["lang"] not in LANGS:
        raise FieldError("lang", Text("must be en or zh", "必须是 en 或 zh"))
    return data["lang"]


def read_paper(data: dict[str, Any], texts: TextReader) -> Paper:
    """The paper fields of a parsed set file (the title was read by ``texts`` already)."""
    kind = data.get("paper", "worksheet")
    if kind not in PAPERS:
        raise FieldError("paper", Text("must be exam or worksheet", "必须是 exam 或 worksheet"))
    course = texts.read(data["course"], "course") if "course" in data else None
    date = data.get("date")
    if isinstance(date, datetime.date):
        date = date.isoformat()
    elif date is not None:
        date = _string(date, "date")
    minutes = data.get("time_allowed")
    if minutes is not None and (
        isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_MINUTES
    ):
        raise FieldError(
            "time_allowed",
            Text(
                f"must be the minutes allowed, an integer from 1 to {MAX_MINUTES}",
                f"必须是考试时间（分钟），1 到 {MAX_MINUTES} 之间的整数",
            ),
        )
    instructions = (
        texts.lines(data["instructions"], "instructions") if "instructions" in data else ()
    )
    langs = tuple(x for x in LANGS if x in texts.langs)
    return Paper(kind, course, date, minutes, instructions, langs)


def read_points(value: Any, field: str) -> float | tuple[float, ...] | None:
    """A problem's ``points``: a positive number for the whole problem, or one per part."""
    if value is None:
        return None

    def number(v: Any, where: str) -> float:
        if isinstance(v, bool) or not isinstance(v, int | float) or not 0 < v <= 1000:
            raise FieldError(
                where,
                Text("must be a number from 0 to 1000 (above 0)", "必须是大于 0、不超过 1000 的数"),
            )
        return float(v)

    if isinstance(value, list):
        if not value:
            raise FieldError(
                field, Text("list at least one part's points", "至少列出一个小题的分值")
            )
        return tuple(number(v, f"{field}[{i}]") for i, v in enumerate(value, 1))
    return number(value, field)


def check_lang(paper: Paper, lang: str, source: str) -> None:
    """Refuse a sheet in a language the set is not written in (one line, :class:`FieldError`)."""
    if lang in paper.langs:
        return
    has = paper.langs[0] if paper.langs else "en"
    raise FieldError(
        "lang",
        Text(
            f"{source} is written in {LANG_NAMES[has].en} only: print it with --lang {has}, "
            'or give its texts in both languages ({ en = "…", zh = "…" })',
            f"{source} 只有{LANG_NAMES[has].zh}：请用 --lang {has} 打印，"
            '或为其文本同时提供两种语言（{ en = "…", zh = "…" }）',
        ),
    )
