"""The class key of a set's variants: ``SET.keys.csv`` (one row per variant × part) and
``SET.keys.pdf`` (a compact table per variant with the tolerances, for a teaching assistant)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..problems.sets import ProblemSet
from .key import KeyRow, keys_csv, keys_typst
from .pdf import compile_pdf


def key_file_name(problem_set: ProblemSet, lang: str, extension: str) -> str:
    """``mock_exam.keys.csv``, ``mock_exam.keys.zh.pdf``."""
    return f"{problem_set.name}.keys{'.zh' if lang == 'zh' else ''}.{extension}"


def write_class_key(
    problem_set: ProblemSet, out_dir: Path, lang: str, rows: Sequence[KeyRow]
) -> list[Path]:
    """The CSV and the PDF key of every variant's ``rows`` in ``OUT/solutions``."""
    folder = out_dir / "solutions"
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / key_file_name(problem_set, lang, "csv")
    csv_path.write_bytes(keys_csv(rows, lang))
    pdf_path = folder / key_file_name(problem_set, lang, "pdf")
    pdf_path.write_bytes(compile_pdf(keys_typst(problem_set.title.get(lang), rows, lang), lang))
    return [csv_path, pdf_path]
