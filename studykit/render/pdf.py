"""PDFs from Typst source, compiled offline with the ``typst`` package.

Chinese needs a system CJK font: :func:`compile_pdf` refuses to print boxes and names the
package to install instead (:class:`~studykit.render.fonts.MissingCJKFont`).
"""

from __future__ import annotations

from functools import cache

from .fonts import MissingCJKFont, cjk_families


@cache
def _compiler():  # -> typst.Compiler
    """One compiler per process: it keeps fonts and layouts cached (~0.04 s per sheet)."""
    import typst as typst_compiler

    return typst_compiler.Compiler()


def compile_pdf(source: str, lang: str) -> bytes:
    """The PDF of a Typst document; zh without a CJK font raises :class:`MissingCJKFont`."""
    if lang == "zh" and not cjk_families():
        raise MissingCJKFont(lang)
    return _compiler().compile(source.encode("utf-8"), format="pdf")
