"""Writing a problem set's sheets and worked solutions, in every document format, for each
variant and language (the sets themselves are ``studykit.problems.sets``)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..i18n import Text
from ..problems.model import Problem
from ..problems.sets import ProblemSet, SetError, generate_problems, variant_seed
from .formats import DOCUMENT_FORMATS, get_format
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


def variant_code(problem_set: ProblemSet, variant: int) -> VariantCode | None:
    """The variant's printed code (short text and QR payload), from ``problems.codes``."""
    try:
        from ..problems.codes import variant_code as make_code
    except ImportError:  # the code module is not in this tree yet: no QR, the id line only
        return None
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


def outputs(
    problem_set: ProblemSet,
    out_dir: Path,
    formats: list[str],
    langs: list[str],
    variants: list[int],
) -> Iterator[tuple[Path, Callable[[], bytes]]]:
    """Every file to write, as (path, thunk); problems are generated once per variant."""
    for variant in variants:
        cached = _Lazy(problem_set, variant)
        for lang in langs:
            for fmt in formats:
                name = file_name(problem_set, lang, fmt, variant)
                for folder, solution in (("problems", False), ("solutions", True)):
                    yield out_dir / folder / name, cached.renderer(lang, fmt, solution)


class _Lazy:
    """One variant's problems, generated on first use and shared by all its files."""

    def __init__(self, problem_set: ProblemSet, variant: int) -> None:
        self.problem_set, self.variant = problem_set, variant
        self._problems: tuple[Problem, ...] | None = None

    def problems(self) -> tuple[Problem, ...]:
        if self._problems is None:
            self._problems = generate_problems(self.problem_set, self.variant)
        return self._problems

    def renderer(self, lang: str, fmt: str, solution: bool) -> Callable[[], bytes]:
        def make() -> bytes:
            doc = sheet_doc(self.problem_set, lang, self.variant, self.problems())
            return render(doc, fmt, solution)

        return make


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
) -> list[Path]:
    """Write every sheet and solution file; returns the paths written."""
    jobs = list(outputs(problem_set, out_dir, formats, langs, variants))
    written = []
    with progress_bar(len(jobs), show_progress and (len(jobs) > 8 or "pdf" in formats)) as tick:
        for path, make in jobs:
            data = make()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
            tick()
    return written
