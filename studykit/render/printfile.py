"""One print file per language: every variant's problem sheet, in student order, each padded
with a blank page to an even page count so that duplex printing starts every variant on a
new sheet of paper (``SET.print.pdf``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..problems.sets import ProblemSet


def merged_pdf(paths: Sequence[Path], out: Path) -> None:
    """``paths`` one after the other into ``out``, each padded to an even page count."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for path in paths:
        start = len(writer.pages)
        writer.append(str(path))
        pages = len(writer.pages) - start
        if pages % 2:
            box = writer.pages[-1].mediabox
            writer.add_blank_page(width=box.width, height=box.height)
    writer.add_metadata({"/Title": out.stem})
    with out.open("wb") as handle:
        writer.write(handle)


def write_print_files(
    problem_set: ProblemSet, out_dir: Path, lang: str, sheets: Sequence[Path]
) -> list[Path]:
    """``OUT/problems/SET.print.pdf`` (``SET.print.zh.pdf``) from the variants' sheet PDFs."""
    if not sheets:
        return []
    out = out_dir / "problems" / f"{problem_set.name}.print{'.zh' if lang == 'zh' else ''}.pdf"
    merged_pdf(sheets, out)
    return [out]
