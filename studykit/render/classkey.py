"""The class key of a set's variants: ``SET.keys.csv`` (one row per variant × part) and
``SET.keys.pdf`` (a compact table per variant with the tolerances, for a teaching assistant)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems.sets import ProblemSet
from .key import keys_csv, keys_typst
from .pdf import compile_pdf

if TYPE_CHECKING:
    from .sheet import VariantFiles


def key_file_name(problem_set: ProblemSet, lang: str, extension: str) -> str:
    """``mock_exam.keys.csv``, ``mock_exam.keys.zh.pdf``."""
    return f"{problem_set.name}.keys{'.zh' if lang == 'zh' else ''}.{extension}"


def write_class_key(
    problem_set: ProblemSet, out_dir: Path, langs: Sequence[str], done: Sequence[VariantFiles]
) -> list[Path]:
    """The CSV and the PDF key of every variant in ``done``, per language, in
    ``OUT/solutions``."""
    written = []
    folder = out_dir / "solutions"
    folder.mkdir(parents=True, exist_ok=True)
    for lang in langs:
        rows = [row for d in done for row in d.key_rows[lang]]
        csv_path = folder / key_file_name(problem_set, lang, "csv")
        csv_path.write_bytes(keys_csv(rows, lang))
        pdf_path = folder / key_file_name(problem_set, lang, "pdf")
        pdf_path.write_bytes(compile_pdf(keys_typst(problem_set.title.get(lang), rows, lang), lang))
        written += [csv_path, pdf_path]
    return written
