"""A screen whose footer keys and texts follow the session's language."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingsMap
from textual.screen import Screen

from ...i18n import Text
from .. import texts
from ..session import Session

KeySpec = tuple[str, str, Text, bool]  # key, action, description, show in footer

COMMON_KEYS: list[KeySpec] = [("ctrl+q", "app.quit", texts.QUIT, True)]


def _focus_first(binding: Binding) -> Binding:
    """Tab and shift+tab as priority bindings: the app moves the focus as soon as it reads the
    key. Otherwise the key first travels up from the focused box before the focus moves, and
    keys typed quickly after it land in the box being left (Textual forwards each key to the
    widget focused when it is read)."""
    if binding.action in ("app.focus_next", "app.focus_previous"):
        return Binding(binding.key, binding.action, binding.description, show=False, priority=True)
    return binding


class LangScreen(Screen[None]):
    """Builds its bindings from ``KEYS`` in the current language; ``apply_lang`` re-labels."""

    KEYS: ClassVar[list[KeySpec]] = []

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._set_bindings()

    def _set_bindings(self) -> None:
        """The screen's inherited bindings (tab, shift+tab, …) plus ``KEYS`` in the language."""
        lang = self.session.lang
        ours = [
            Binding(
                key, action, text.get(lang), show=show, priority=key.startswith(("ctrl+", "page"))
            )
            for key, action, text, show in [*self.KEYS, *COMMON_KEYS]
        ]
        inherited = [_focus_first(b) for _, b in Screen._merged_bindings or BindingsMap()]
        self._bindings = BindingsMap([*inherited, *ours])

    def apply_lang(self) -> None:
        """Re-label the footer and every text after a language switch."""
        self._set_bindings()
        self.refresh_bindings()
        self.update_texts()

    def update_texts(self) -> None:
        """Override: put the current language's texts into the widgets."""
