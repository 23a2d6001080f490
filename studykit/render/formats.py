"""The one registry of output formats: name → writer, math printer and file extension.

A new format is one writer module (``render/writers/``) and one line in :data:`FORMATS`.
``document`` formats write a problem or a sheet; ``export`` formats write a whole problem set
(all its variants) into one file for another program (Anki, Moodle, Canvas).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..math.latex import LatexPrinter
from ..math.mathml import MathMLPrinter
from ..math.printer import Printer
from ..math.text import TextPrinter
from ..math.typst import TypstPrinter
from ..problems.model import Problem
from .document import problem_body, sheet_problems
from .pdf import compile_pdf
from .views import SheetDoc
from .writers.anki import AnkiWriter
from .writers.base import Writer
from .writers.html import HtmlWriter
from .writers.latex import LatexWriter
from .writers.markdown import MarkdownWriter
from .writers.moodle import MoodleWriter
from .writers.qti import QtiWriter
from .writers.selfcheck import SelfCheckWriter
from .writers.text import TextWriter
from .writers.typst import TypstWriter


@dataclass(frozen=True)
class Format:
    """An output format. ``compile`` turns the writer's source into the file's bytes (PDF)."""

    name: str
    extension: str
    writer: type[Writer]
    printer: type[Printer]
    compile: Callable[[str, str], bytes] | None = None
    export: bool = False
    aliases: tuple[str, ...] = field(default=())

    def writer_for(self, notation: str = "textbook", lang: str = "en", **options: Any) -> Writer:
        return self.writer(self.printer(notation, lang), lang, **options)

    def encode(self, source: str, lang: str) -> bytes:
        """The file's bytes: compiled where the format compiles, else UTF-8."""
        return self.compile(source, lang) if self.compile else source.encode("utf-8")

    def problem_source(
        self, problem: Problem, lang: str, solution: bool = False, **options: Any
    ) -> str:
        """One problem as a standalone document's source."""
        writer = self.writer_for(problem.conventions.notation, lang, **options)
        return writer.problem_document(problem, problem_body(writer, problem, solution))

    def sheet_source(self, doc: SheetDoc, solution: bool) -> str:
        """A sheet (``solution=False``) or its worked solutions, as source."""
        problems = sheet_problems(self.writer_for, doc, solution)
        return self.writer_for("textbook", doc.lang).sheet_document(doc, solution, problems)

    def sheet(self, doc: SheetDoc, solution: bool) -> bytes:
        """The sheet's file."""
        return self.encode(self.sheet_source(doc, solution), doc.lang)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", "txt", TextWriter, TextPrinter),
        Format("md", "md", MarkdownWriter, LatexPrinter),
        Format("tex", "tex", LatexWriter, LatexPrinter, aliases=("latex",)),
        Format("typ", "typ", TypstWriter, TypstPrinter, aliases=("typst",)),
        Format("pdf", "pdf", TypstWriter, TypstPrinter, compile=compile_pdf),
        Format("html", "html", HtmlWriter, MathMLPrinter),
        Format("selfcheck", "selfcheck.html", SelfCheckWriter, MathMLPrinter),
        Format("anki", "apkg", AnkiWriter, LatexPrinter, export=True),
        Format("moodle", "xml", MoodleWriter, LatexPrinter, export=True),
        Format("qti", "zip", QtiWriter, LatexPrinter, export=True),
    )
}
DOCUMENT_FORMATS = tuple(name for name, f in FORMATS.items() if not f.export)
EXPORT_FORMATS = tuple(name for name, f in FORMATS.items() if f.export)


def get_format(name: str) -> Format:
    """The format called ``name`` (or one of its aliases); ``KeyError`` names the choices."""
    for f in FORMATS.values():
        if name == f.name or name in f.aliases:
            return f
    raise KeyError(f"unknown format {name!r}: choose from {', '.join(FORMATS)}")


def render_problem(
    name: str, problem: Problem, lang: str, solution: bool = False, **options: Any
) -> str:
    """``problem`` in format ``name`` (``text``, ``md``, ``tex``, ``typ``, ``html``)."""
    return get_format(name).problem_source(problem, lang, solution, **options)
