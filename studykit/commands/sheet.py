"""``studykit sheet SET.toml``: a problem sheet and its worked solutions, in several formats."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import Text
from ._common import current_lang, fail


def _formats(value: str) -> list[str]:
    from ..render.formats import DOCUMENT_FORMATS as FORMATS

    formats = [f.strip() for f in value.split(",") if f.strip()]
    for f in formats:
        if f not in FORMATS:
            raise click.BadParameter(f"{f!r}: choose from {', '.join(FORMATS)}")
    return formats


def _set_path(set_file: str) -> str:
    """The file as given, else the shipped set of that name (``mock_exam``)."""
    from ..problems.shipped import find_set

    if Path(set_file).exists():
        return set_file
    shipped = find_set(set_file)
    return str(shipped) if shipped is not None else set_file


def _langs(paper, lang: str | None, source: str) -> list[str]:  # paper: problems.paper.Paper
    """The languages to print: ``all`` is every language the set is written in; without
    ``--lang`` a one-language set prints in its language; an explicit other one is refused."""
    from ..problems.paper import check_lang

    if lang == "all":
        return list(paper.langs)
    chosen = current_lang(lang)
    if lang is None and chosen not in paper.langs:
        return [paper.langs[0]]
    check_lang(paper, chosen, source)
    return [chosen]


def _students(
    roster: str | None, variants: int | None, only_variant: int | None, ui: str
) -> list[str]:
    """The roster's student lines (none without --roster); its size must match --variants."""
    if roster is None:
        return []
    from ..render.roster import RosterError, read_roster

    if only_variant is not None:
        fail(
            Text(
                "--roster prints every variant: drop --variant",
                "--roster 需打印所有版本：请去掉 --variant",
            ),
            ui,
        )
    try:
        students = read_roster(roster)
    except RosterError as exc:
        fail(exc.message(ui), ui)
    if variants is not None and variants != len(students):
        fail(
            Text(
                "--variants {v} but the roster lists {n} students: give one variant per student",
                "--variants 为 {v}，但名单中有 {n} 名学生：每名学生一个版本",
            ).format(v=variants, n=len(students)),
            ui,
        )
    return students


@click.command("sheet")
@click.argument("set_file", metavar="SET.toml", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    default="md",
    show_default=True,
    help="md, tex, typ, pdf or html; several separated by commas (md,pdf).",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh", "all"]),
    default=None,
    help="Language of the sheets (default: from LANG); all = both.",
)
@click.option(
    "--variants",
    type=click.IntRange(1, 500),
    default=None,
    help="Write N per-student variants (v01…vNN), each with its own key.",
)
@click.option(
    "--variant",
    "only_variant",
    type=click.IntRange(0, 500),
    default=None,
    help="Write only variant K again (0 = the set's own sheet), e.g. to regenerate a key.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help="Folder; sheets go to OUT/problems/, worked solutions to OUT/solutions/.",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 256),
    default=None,
    help="Worker processes for --variants (default: every core); the files do not depend on it.",
)
@click.option(
    "--print",
    "print_file",
    is_flag=True,
    help="Also write one PDF of all variants (SET.print.pdf), each padded to even pages.",
)
@click.option(
    "--roster",
    type=click.Path(dir_okay=False),
    default=None,
    help="students.csv (name and id columns): variant k goes to row k; sets --variants.",
)
@click.option("--quiet", is_flag=True, help="Do not list the files written.")
def command(
    set_file: str,
    fmt: str,
    lang: str | None,
    variants: int | None,
    only_variant: int | None,
    out_dir: str,
    jobs: int | None,
    print_file: bool,
    roster: str | None,
    quiet: bool,
) -> None:
    """Write the problem sheet of SET.toml and, separately, its worked solutions."""
    from ..problems.paper import FieldError
    from ..problems.sets import SetError, load_set
    from ..render.fonts import MissingCJKFont
    from ..render.pool import default_jobs
    from ..render.sheet import write_set

    ui = current_lang(None if lang == "all" else lang)
    try:
        formats = _formats(fmt)
    except click.BadParameter as exc:
        fail(f"--format {exc.message}", ui)
    if variants is not None and only_variant is not None:
        fail(
            Text("use --variants or --variant, not both", "--variants 与 --variant 只能用一个"), ui
        )
    students = _students(roster, variants, only_variant, ui)
    variants = len(students) if students and variants is None else variants
    chosen = (
        [only_variant]
        if only_variant is not None
        else (list(range(1, variants + 1)) if variants else [0])
    )
    if print_file and "pdf" not in formats:
        formats.append("pdf")
    try:
        problem_set = load_set(_set_path(set_file))
        langs = _langs(problem_set.paper, lang, set_file)
        written = write_set(
            problem_set,
            Path(out_dir),
            formats,
            langs,
            chosen,
            jobs=jobs or default_jobs(),
            students=students,
            class_files=variants is not None,
            print_file=print_file,
        )
    except SetError as exc:
        fail(exc.message(ui), ui)
    except FieldError as exc:
        fail(exc.text.get(ui), ui)
    except MissingCJKFont as exc:
        fail(str(exc), ui)
    except Exception as exc:  # generation or typesetting errors: one line, no traceback
        from typst import TypstError

        from ..problems.registry import GenerationError, VerificationError

        if isinstance(exc, GenerationError | VerificationError | TypstError):
            fail(f"{set_file}: {str(exc).splitlines()[0]}", ui, code=1)
        raise
    if not quiet:
        for path in written:
            click.echo(str(path))
