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
@click.option("--quiet", is_flag=True, help="Do not list the files written.")
def command(
    set_file: str,
    fmt: str,
    lang: str | None,
    variants: int | None,
    only_variant: int | None,
    out_dir: str,
    quiet: bool,
) -> None:
    """Write the problem sheet of SET.toml and, separately, its worked solutions."""
    from ..problems.paper import FieldError
    from ..problems.sets import SetError, load_set
    from ..render.fonts import MissingCJKFont
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
    chosen = (
        [only_variant]
        if only_variant is not None
        else (list(range(1, variants + 1)) if variants else [0])
    )
    try:
        problem_set = load_set(set_file)
        langs = _langs(problem_set.paper, lang, set_file)
        written = write_set(problem_set, Path(out_dir), formats, langs, chosen)
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
