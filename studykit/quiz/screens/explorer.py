"""Activation explorer: f and f′ plotted in the terminal, the exam form, the derivation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, ListItem, ListView, Static

from ... import catalog
from .. import texts
from .base import LangScreen


def plottable() -> list[catalog.Activation]:
    """Element-wise activations with a derivative (softmax and maxout are vector maps)."""
    return [a for a in catalog.ACTIVATIONS.values() if a.elementwise and a.grad is not None]


class ExplorerScreen(LangScreen):
    KEYS = [
        ("l", "app.toggle_lang", texts.LANGUAGE, True),
        ("escape", "app.pop_screen", texts.BACK, True),
    ]

    def __init__(self, session) -> None:  # type: ignore[no-untyped-def]
        super().__init__(session)
        self.activations = plottable()
        self.current = self.activations[0].name
        self._derivations: dict[tuple[str, str], str | None] = {}
        self._failed: set[tuple[str, str]] = set()

    def _derive(self, key: tuple[str, str]) -> None:
        """Worker thread: the derivation (SymPy is slow), then refresh the texts."""
        try:
            steps = self.session.services.derive(*key)
        except Exception:  # a failing derivation must not break the explorer
            steps = None
        if steps:
            self._derivations[key] = steps
        else:
            self._failed.add(key)
        self.app.call_from_thread(self.update_texts)

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        yield Header(show_clock=False)
        with Horizontal():
            yield ListView(
                *[
                    ListItem(Static(self.session.t(a.title), markup=False), id=f"act-{a.name}")
                    for a in self.activations
                ],
                id="activations",
            )
            with Vertical(id="explorer-right"):
                yield PlotextPlot(id="plot")
                with VerticalScroll(id="explorer-text"):
                    yield Static("", id="exam-form", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(ListView).focus()
        self.show(self.current)

    def on_list_view_highlighted(self, event: ListView.Highlighted) -> None:
        if event.item is not None and event.item.id:
            self.show(event.item.id.removeprefix("act-"))

    def show(self, name: str) -> None:
        """Plot ``f`` and ``f′`` of ``name`` from the catalog's fn/grad; show its exam form."""
        from textual_plotext import PlotextPlot

        from ...render.plot import curves

        self.current = name
        x, y, dy = curves(name)
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        title = self.session.t(catalog.get_activation(name).title)
        plt.title(self.session.t(texts.PLOT_TITLE, name=title))
        plt.plot(x.tolist(), y.tolist(), label="f", marker="braille", color="blue")
        plt.scatter(x.tolist()[::4], dy.tolist()[::4], label="f′", marker="•", color="orange")
        plot.refresh()
        self.update_texts()

    def update_texts(self) -> None:
        s = self.session
        act = catalog.get_activation(self.current)
        lines = [
            f"{act.title.get(s.lang)}",
            f"{s.t(texts.EXAM_FORM)}{texts.colon(s.lang)}{act.exam_form_text}",
        ]
        for item in self.query(ListItem):
            name = (item.id or "").removeprefix("act-")
            item.query_one(Static).update(s.t(catalog.get_activation(name).title))
        key = (self.current, s.lang)
        if key not in self._derivations:
            self._derivations[key] = None
            self.run_worker(lambda: self._derive(key), thread=True, exit_on_error=False)
        steps = self._derivations[key]
        if steps is None:
            steps = s.t(texts.DERIVING if key not in self._failed else texts.DERIVATION_MISSING)
        lines += ["", s.t(texts.DERIVATION) + texts.colon(s.lang).rstrip(), steps]
        if act.note.en:
            lines.append(act.note.get(s.lang))
        self.query_one("#exam-form", Static).update("\n".join(lines))
