"""The quiz app and its ONE factory, used by the CLI and by the tests alike."""

from __future__ import annotations

import os

from textual.app import App

from ..i18n import resolve_lang
from ..progress.store import Store
from . import texts
from .services import Services
from .session import Session


class StudyApp(App[None]):
    """The terminal quiz. All state lives in :attr:`session`; screens only show it."""

    CSS_PATH = "quiz.tcss"
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def on_mount(self) -> None:
        from .screens.home import HomeScreen

        self.title = self.session.t(texts.APP_TITLE)
        self.push_screen(HomeScreen(self.session))
        if self.session.notice is not None:
            self.notify(self.session.t(self.session.notice), severity="warning", timeout=15)

    def start_practice(self, mode: str, section: str | None = None) -> None:
        """Start a session by topic, due reviews or mixed practice, and open the problem."""
        from .screens.problem import ProblemScreen

        if self.session.start(mode, section) is None:
            message = texts.NOTHING_DUE if mode == "due" else texts.NO_PROBLEMS
            self.notify(self.session.t(message))
            return
        self.push_screen(ProblemScreen(self.session))

    def action_toggle_lang(self) -> None:
        self.session.toggle_lang()
        self.title = self.session.t(texts.APP_TITLE)
        for screen in self.screen_stack:
            apply = getattr(screen, "apply_lang", None)
            if apply is not None:
                apply()

    async def action_quit(self) -> None:
        self.session.finish()
        self.exit()

    def on_unmount(self) -> None:
        self.session.close()


def create_app(
    home: str | os.PathLike[str] | None = None,
    lang: str | None = None,
    services: Services | None = None,
) -> StudyApp:
    """The app on the progress store in ``home`` (default: ``$STUDYKIT_HOME`` or the user data
    directory), in ``lang`` (default: saved setting, else the locale), with ``services``
    (default: the real generator, checker and renderers, imported lazily)."""
    store = Store.open(home)
    session = Session(store, services or Services(), lang=resolve_lang(lang) if lang else None)
    return StudyApp(session)
