"""After a problem: the inferred rating, why, when it comes back, and Anki's four buttons (1–4)
with the interval each would give."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from ...progress.schedule import RATING_NAMES
from .. import texts
from ..reviewing import ReviewResult, comes_back


class RatingPanel(Vertical, can_focus=True):
    """Focused when a problem is finished: 1–4 re-rate it, enter goes on."""

    BINDINGS = [
        Binding("1", "rate(1)", show=False),
        Binding("2", "rate(2)", show=False),
        Binding("3", "rate(3)", show=False),
        Binding("4", "rate(4)", show=False),
        Binding("enter", "next", show=False),
    ]

    class Rated(Message):
        def __init__(self, rating: int) -> None:
            super().__init__()
            self.rating = rating

    class Next(Message):
        """Go on to the next problem."""

    def __init__(self, result: ReviewResult, parts: int, lang: str) -> None:
        super().__init__(id="rating")
        self.result = result
        self.parts = parts
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Static("", id="rating-summary", markup=False)
        yield Static("", id="rating-change", markup=False)
        with Horizontal(id="rating-buttons"):
            for rating in (1, 2, 3, 4):
                yield Button("", id=f"rate-{rating}", compact=True, classes="rate")
        yield Static("", id="rating-after", markup=False)

    def on_mount(self) -> None:
        self.refresh_texts()
        self.call_after_refresh(self._come_into_view)

    def _come_into_view(self) -> None:
        """Once laid out (its height is known): take the focus, and be seen whole."""
        self.focus(scroll_visible=False)
        self.scroll_visible(animate=False)

    def show(self, result: ReviewResult, lang: str | None = None) -> None:
        self.result = result
        self.lang = lang or self.lang
        self.refresh_texts()

    def summary(self) -> str:
        r, lang = self.result, self.lang
        when = r.comes_back().get(lang)
        head = texts.ALL_RIGHT.get(lang, n=self.parts)
        if r.overridden:
            line = texts.RATED_YOURS.get(
                lang, rating=r.name().get(lang), inferred=r.name(r.inferred).get(lang), when=when
            )
        else:
            reasons = texts.list_separator(lang).join(t.get(lang) for t in r.reasons)
            line = texts.RATED.get(lang, rating=r.name().get(lang), reasons=reasons, when=when)
        return head + ("" if lang == "zh" else " ") + line

    def refresh_texts(self) -> None:
        r, lang = self.result, self.lang
        self.query_one("#rating-summary", Static).update(self.summary())
        self.query_one("#rating-change", Static).update(texts.CHANGE_RATING.get(lang))
        for rating in (1, 2, 3, 4):
            button = self.query_one(f"#rate-{rating}", Button)
            when = comes_back(r.choices[rating] - r.now).get(lang)
            button.label = texts.RATING_BUTTON.get(
                lang, key=rating, name=RATING_NAMES[rating].get(lang), when=when
            )
            button.set_class(rating == r.rating, "-chosen")
        self.query_one("#rating-after", Static).update(texts.AFTER_RATING.get(lang))

    def action_rate(self, rating: int) -> None:
        self.post_message(self.Rated(rating))

    def action_next(self) -> None:
        self.post_message(self.Next())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Rated(int((event.button.id or "rate-0").split("-")[1])))
