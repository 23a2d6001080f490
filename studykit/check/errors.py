"""The one error a student's input can raise, with a bilingual one-line message."""

from __future__ import annotations

from ..i18n import Text


def with_hint(text: Text, suggestion: Text | None) -> Text:
    """``text — suggestion`` (``text——suggestion`` in Chinese)."""
    return text + Text(" — ", "——") + suggestion if suggestion is not None else text


class AnswerSyntaxError(ValueError):
    """The input could not be read: ``text`` says what and where, ``suggestion`` how to fix it."""

    def __init__(
        self, text: Text, suggestion: Text | None = None, position: int | None = None
    ) -> None:
        self.text = text
        self.suggestion = suggestion
        self.position = position
        super().__init__(self.message("en"))

    @property
    def full(self) -> Text:
        """The message with its suggestion, in both languages."""
        return with_hint(self.text, self.suggestion)

    def message(self, lang: str = "en") -> str:
        return " ".join(self.full.get(lang).split())


class ShapeError(ValueError):
    """Two operands whose shapes do not fit together (bilingual ``text``)."""

    def __init__(self, text: Text, suggestion: Text | None = None) -> None:
        self.text = text
        self.suggestion = suggestion
        super().__init__(text.en)

    def as_syntax_error(self) -> AnswerSyntaxError:
        """The same message, where a shape that does not fit makes an answer unreadable."""
        return AnswerSyntaxError(self.text, self.suggestion)

    @property
    def full(self) -> Text:
        return with_hint(self.text, self.suggestion)

    def message(self, lang: str = "en") -> str:
        return self.full.get(lang)


def err(
    en: str,
    zh: str,
    *,
    hint: tuple[str, str] | None = None,
    pos: int | None = None,
    **fields: object,
) -> AnswerSyntaxError:
    """Build an :class:`AnswerSyntaxError` from templates (``{field}`` shared by both)."""
    where = (
        Text(" (at character {p})", "（第 {p} 个字符处）").format(p=pos + 1)
        if pos is not None
        else Text("", "")
    )
    text = Text(en, zh).format(**fields) + where if fields else Text(en, zh) + where
    suggestion = (
        Text(*hint).format(**fields) if hint and fields else (Text(*hint) if hint else None)
    )
    return AnswerSyntaxError(text, suggestion, pos)
