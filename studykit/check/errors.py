"""The one error a student's input can raise, with a bilingual one-line message."""

from __future__ import annotations

from ..i18n import Text


class AnswerSyntaxError(ValueError):
    """The input could not be read: ``text`` says what and where, ``suggestion`` how to fix it."""

    def __init__(
        self, text: Text, suggestion: Text | None = None, position: int | None = None
    ) -> None:
        self.text = text
        self.suggestion = suggestion
        self.position = position
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        out = self.text.get(lang)
        if self.suggestion is not None:
            out += (" — " if lang == "en" else "——") + self.suggestion.get(lang)
        return " ".join(out.split())


class ShapeError(ValueError):
    """Two operands whose shapes do not fit together (bilingual ``text``)."""

    def __init__(self, text: Text, suggestion: Text | None = None) -> None:
        self.text = text
        self.suggestion = suggestion
        super().__init__(text.en)

    def as_syntax_error(self) -> AnswerSyntaxError:
        """The same message, where a shape that does not fit makes an answer unreadable."""
        return AnswerSyntaxError(self.text, self.suggestion)

    def message(self, lang: str = "en") -> str:
        out = self.text.get(lang)
        if self.suggestion is not None:
            out += (" — " if lang == "en" else "——") + self.suggestion.get(lang)
        return out


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
