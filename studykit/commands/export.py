"""``studykit export SET.toml --format anki|moodle --out FILE``."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import current_lang, fail


@click.command("export")
@click.argument("set_file", metavar="SET.toml", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["anki", "moodle"]),
    required=True,
    help="anki (.apkg deck) or moodle (XML quiz questions).",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False),
    required=True,
    help="The file to write (.apkg or .xml).",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default=None,
    help="Language of the cards (default: from LANG).",
)
@click.option(
    "--variants",
    type=click.IntRange(1, 500),
    default=None,
    help="Export N variants of every problem (default: the set's own sheet).",
)
def command(set_file: str, fmt: str, out_file: str, lang: str | None, variants: int | None) -> None:
    """Export the problems of SET.toml to Anki or Moodle, with worked solutions."""
    from ..problems.registry import GenerationError
    from ..problems.sets import SetError, generate_problems, load_set
    from ..render.formats import get_format

    lang = current_lang(lang)
    chosen = list(range(1, variants + 1)) if variants else [0]
    out = Path(out_file)
    try:
        problem_set = load_set(set_file)
        problems = [p for variant in chosen for p in generate_problems(problem_set, variant)]
        writer = get_format(fmt).writer_for("textbook", lang)
        data = writer.export(problem_set.name, problem_set.title, problems)  # type: ignore[attr-defined]
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except SetError as exc:
        fail(exc.message(lang), lang)
    except GenerationError as exc:
        fail(f"{set_file}: {exc}", lang, code=1)
    click.echo(str(out))
