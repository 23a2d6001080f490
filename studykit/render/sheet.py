"""Writing a problem set's sheets and worked solutions, in every document format, for each
variant and language (the sets themselves are ``studykit.problems.sets``)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from ..i18n import Text
from ..problems.codes import variant_code as make_code
from ..problems.model import Problem
from ..problems.sets import ProblemSet, SetError, generate_problems, variant_seed
from .formats import DOCUMENT_FORMATS, get_format
from .key import KeyRow, key_rows
from .views import SheetDoc, VariantCode
from .writers.parts import part_points

FORMATS = DOCUMENT_FORMATS


def sheet_doc(
    problem_set: ProblemSet,
    lang: str,
    variant: int = 0,
    problems: tuple[Problem, ...] | None = None,
) -> SheetDoc:
    problems = problems if problems is not None else generate_problems(problem_set, variant)
    exam = problem_set.paper.exam
    return SheetDoc(
        problem_set.title,
        problems,
        lang,
        problem_set.name,
        variant,
        variant_seed(problem_set, variant),
        problem_set.paper,
        variant_code(problem_set, variant) if exam else None,
        sheet_points(problem_set, problems) if exam else (),
    )


def variant_code(problem_set: ProblemSet, variant: int) -> VariantCode:
    """The variant's printed code (short text and QR payload), from ``problems.codes``."""
    code = make_code(problem_set, variant)
    return VariantCode(code.short, code.payload)


def sheet_points(
    problem_set: ProblemSet, problems: tuple[Problem, ...]
) -> tuple[tuple[float, ...], ...]:
    """The points of every part of every problem; a per-part list must match the parts."""
    out = []
    numbered = [
        (i, entry) for i, entry in enumerate(problem_set.entries, 1) for _ in range(entry.count)
    ]
    for (number, entry), problem in zip(numbered, problems, strict=True):
        given = entry.points
        if isinstance(given, tuple) and len(given) != len(problem.answers):
            raise SetError(
                f"problem[{number}].points",
                Text(
                    f"lists {len(given)} points but the problem has {len(problem.answers)} parts",
                    f"列出了 {len(given)} 个分值，但该题有 {len(problem.answers)} 个小题",
                ),
            )
        shares = part_points(entry, problem)
        out.append(shares if isinstance(given, tuple) else in_halves(shares))
    return tuple(out)


def in_halves(shares: tuple[float, ...]) -> tuple[float, ...]:
    """Shares of a problem's points rounded to half points with the same total (largest
    remainder: each part gets ⌊2·share⌋/2, the parts with the largest remainders ½ more)."""
    total = round(2 * sum(shares))
    if abs(total - 2 * sum(shares)) > 1e-9 or total < len(shares):
        return shares  # a total that is no whole number of half points, or too few of them
    halves = [max(1, int(2 * s)) for s in shares]
    order = sorted(range(len(shares)), key=lambda i: 2 * shares[i] - halves[i], reverse=True)
    for i in order[: total - sum(halves)]:
        halves[i] += 1
    if sum(halves) != total:
        return shares
    return tuple(h / 2 for h in halves)


def render(doc: SheetDoc, fmt: str, solution: bool) -> bytes:
    """One sheet (``solution=False``) or its worked solutions in format ``fmt``."""
    return get_format(fmt).sheet(doc, solution)


def file_name(problem_set: ProblemSet, lang: str, fmt: str, variant: int | None) -> str:
    """``mock_exam.md``, ``mock_exam.zh.md``, ``mock_exam-v07.pdf``."""
    suffix = ".zh" if lang == "zh" else ""
    var = f"-v{variant:02d}" if variant else ""
    return f"{problem_set.name}{var}{suffix}.{get_format(fmt).extension}"


@dataclass(frozen=True)
class Batch:
    """What to write for each variant: the same for every worker of the pool."""

    problem_set: ProblemSet
    out_dir: Path
    formats: tuple[str, ...]
    langs: tuple[str, ...]


@dataclass(frozen=True)
class VariantFiles:
    """What one variant wrote: its files (sheets first) and its key rows per language."""

    variant: int
    paths: tuple[Path, ...]
    sheets_pdf: dict[str, Path]  # lang -> the problem sheet's PDF (for the print file)
    key_rows: dict[str, list[KeyRow]]


def write_variant(batch: Batch, variant: int, student: str = "") -> VariantFiles:
    """Every file of one variant: problems generated once, each language × format written as
    a sheet (``OUT/problems``) and as worked solutions (``OUT/solutions``)."""
    problem_set = batch.problem_set
    problems = generate_problems(problem_set, variant)
    code = make_code(problem_set, variant).short
    paths, sheets_pdf = [], {}
    for lang in batch.langs:
        doc = replace(sheet_doc(problem_set, lang, variant, problems), student=student)
        for fmt in batch.formats:
            name = file_name(problem_set, lang, fmt, variant)
            for folder, solution in (("problems", False), ("solutions", True)):
                path = batch.out_dir / folder / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(render(doc, fmt, solution))
                paths.append(path)
            if fmt == "pdf":
                sheets_pdf[lang] = batch.out_dir / "problems" / name
    rows = {lang: key_rows(code, problems, lang) for lang in batch.langs}
    return VariantFiles(variant, tuple(paths), sheets_pdf, rows)


@contextmanager
def progress_bar(total: int, enabled: bool) -> Iterator[Callable[[], None]]:
    """A rich progress bar on stderr, only when stderr is a terminal and ``enabled``."""
    if not (enabled and sys.stderr.isatty()):
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("sheets", total=total)
        yield lambda: progress.advance(task)


def write_set(
    problem_set: ProblemSet,
    out_dir: Path,
    formats: list[str],
    langs: list[str],
    variants: list[int],
    show_progress: bool = True,
    jobs: int = 1,
    students: list[str] | None = None,
    class_files: bool = False,
    print_file: bool = False,
) -> list[Path]:
    """Write every sheet and solution file; returns the paths written, in a fixed order.

    ``jobs`` worker processes share the variants (the files are the same bytes whatever the
    count); ``students[i]`` is printed on variant ``variants[i]``; ``class_files`` adds the
    class key (``SET.keys.csv``, ``SET.keys.pdf``), ``print_file`` the merged print PDF."""
    from .pool import run_variants

    batch = Batch(problem_set, out_dir, tuple(formats), tuple(langs))
    students = students or []
    tasks = [(v, students[i] if i < len(students) else "") for i, v in enumerate(variants)]
    enabled = show_progress and (len(variants) > 2 or "pdf" in formats)
    done, finished = run_variants(
        batch,
        tasks,
        jobs,
        lambda: progress_bar(len(variants), enabled),
        lambda done: class_tasks(batch, done, class_files, print_file),
    )
    return [p for d in done for p in d.paths] + [p for paths in finished for p in paths]


def class_tasks(
    batch: Batch, done: list[VariantFiles], class_files: bool, print_file: bool
) -> list[tuple[Callable[..., list[Path]], tuple]]:
    """The files written from every variant, one task per language and file (the pool runs
    them side by side): the class key, then the print file."""
    from .classkey import write_class_key
    from .printfile import write_print_files

    out: list[tuple[Callable[..., list[Path]], tuple]] = []
    for lang in batch.langs if class_files else ():
        rows = [row for d in done for row in d.key_rows[lang]]
        out.append((write_class_key, (batch.problem_set, batch.out_dir, lang, rows)))
    for lang in batch.langs if print_file else ():
        sheets = [d.sheets_pdf[lang] for d in done if lang in d.sheets_pdf]
        out.append((write_print_files, (batch.problem_set, batch.out_dir, lang, sheets)))
    return out
