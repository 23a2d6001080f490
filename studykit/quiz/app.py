"""The quiz app and its ONE factory, used by the CLI and by the tests alike."""

from __future__ import annotations

import os
from dataclasses import dataclass

from textual.app import App

from ..i18n import resolve_lang
from ..problems.model import Problem
from ..progress.drafts import Draft
from ..progress.store import Store
from . import texts
from .resume import resume_line
from .services import Services
from .session import Session


@dataclass(frozen=True)
class StartRequest:
    """What the command line asked to open at once: a topic (C7) or a problem kind."""

    section: str | None = None
    kind: str | None = None


class StudyApp(App[None]):
    """The terminal quiz. All state lives in :attr:`session`; screens only show it."""

    CSS_PATH = "quiz.tcss"
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, session: Session, start: StartRequest | None = None) -> None:
        super().__init__()
        self.session = session
        self.start_request = start

    def on_mount(self) -> None:
        from .screens.home import HomeScreen

        self.title = self.session.t(texts.APP_TITLE)
        self.push_screen(HomeScreen(self.session))
        if self.session.notice is not None:
            self.notify(self.session.t(self.session.notice), severity="warning", timeout=15)
        drafts = self.session.drafts()
        if drafts:
            self.offer_resume(drafts[0], then_start=True)
        else:
            self._start_requested()

    def _start_requested(self) -> None:
        request, self.start_request = self.start_request, None
        if request is None:
            return
        if request.kind is not None:
            self.start_practice("kind", kind=request.kind)
        elif request.section is not None:
            self.start_practice("topic", request.section)

    # ------------------------------------------------------------------ resume

    def offer_resume(self, draft: Draft, then_start: bool = False) -> None:
        """Ask to resume ``draft`` (the interrupted or kept problem), later, or give it up."""
        from .screens.dialogs import resume_question

        s = self.session

        def answered(choice: str | None) -> None:
            if choice == "resume":
                self.resume(draft)
                return
            if choice == "give_up":
                s.discard(draft)
                self.screen_refresh()
            if then_start:
                self._start_requested()

        self.push_screen(resume_question(s.lang, resume_line(s, draft)), answered)

    def resume(self, draft: Draft) -> None:
        from .screens.problem import ProblemScreen

        self.session.resume(draft)
        self.start_request = None
        self.push_screen(ProblemScreen(self.session))

    def screen_refresh(self) -> None:
        refresh = getattr(self.screen, "refresh_data", None)
        if refresh is not None:
            refresh()

    # ------------------------------------------------------------------ practice and exam

    def start_practice(
        self, mode: str, section: str | None = None, kind: str | None = None
    ) -> None:
        """Practise a topic, a kind, the due reviews or the frequent mistakes."""
        from .screens.problem import ProblemScreen

        if self.session.start(mode, section, kind) is None:
            message = {
                "due": texts.NOTHING_DUE,
                "mistakes": texts.NO_MISTAKES,
            }.get(mode, texts.NO_PROBLEMS)
            self.notify(self.session.t(message))
            return
        self.push_screen(ProblemScreen(self.session))

    def start_own(self, path: str) -> None:
        """Practise with my network: the parts of the spec file's worked solution."""
        from .screens.problem import ProblemScreen

        result = self.session.start_own(path)
        if not isinstance(result, Problem):
            self.notify(result.get(self.session.lang) or self.session.t(texts.NO_PROBLEMS))
            return
        self.push_screen(ProblemScreen(self.session))

    def start_exam(self) -> None:
        from .screens.exam import ExamScreen

        self.push_screen(ExamScreen(self.session))

    def action_toggle_lang(self) -> None:
        self.session.toggle_lang()
        self.title = self.session.t(texts.APP_TITLE)
        for screen in self.screen_stack:
            apply = getattr(screen, "apply_lang", None)
            if apply is not None:
                apply()

    async def action_quit(self) -> None:
        self.exit()

    def on_unmount(self) -> None:
        self.session.close()


def create_app(
    home: str | os.PathLike[str] | None = None,
    lang: str | None = None,
    services: Services | None = None,
    topic: str | None = None,
    kind: str | None = None,
) -> StudyApp:
    """The app on the progress store in ``home`` (default: ``$STUDYKIT_HOME`` or the user data
    directory), in ``lang`` (default: saved setting, else the locale), with ``services``
    (default: the real generator, checker and renderers, imported lazily). ``topic`` (``C7``)
    or ``kind`` (``backward``) opens a practice problem at once, after offering a resume."""
    store = Store.open(home)
    session = Session(store, services or Services(), lang=resolve_lang(lang) if lang else None)
    start = StartRequest(topic, kind) if topic or kind else None
    return StudyApp(session, start)
