"""``studykit export SET.toml --format anki|moodle|qti --out FILE``."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import current_lang, fail

EXPORTS = {
    "anki": "an Anki deck (.apkg): one card per sub-result, diagrams and plots as media",
    "moodle": "Moodle XML: a question category per slot, Cloze and Essay questions",
    "qti": "an IMS QTI 1.2 package (.zip) that Canvas imports as a quiz, a question group per slot",
}


@click.command("export")
@click.argument("set_file", metavar="SET.toml", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORTS)),
    required=True,
    help="; ".join(f"{k}: {v}" for k, v in EXPORTS.items()) + ".",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False),
    required=True,
    help="The file to write (.apkg, .xml or .zip).",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default=None,
    help="Language of the questions and cards (default: from LANG).",
)
@click.option(
    "--variants",
    type=click.IntRange(1, 500),
    default=None,
    help="Export N variants of every problem, grouped per slot (default: the set's own sheet).",
)
def command(set_file: str, fmt: str, out_file: str, lang: str | None, variants: int | None) -> None:
    """Export the problems of SET.toml to Anki, Moodle or Canvas, with worked solutions."""
    from ..problems.registry import GenerationError
    from ..problems.sets import SetError, load_set
    from ..render.formats import get_format
    from ..render.writers.parts import set_slots

    lang = current_lang(lang)
    chosen = list(range(1, variants + 1)) if variants else [0]
    out = Path(out_file)
    try:
        problem_set = load_set(set_file)
        slots = set_slots(problem_set, chosen)
        writer = get_format(fmt).writer_for("textbook", lang)
        data = writer.export(problem_set.name, problem_set.title, slots)  # type: ignore[attr-defined]
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except SetError as exc:
        fail(exc.message(lang), lang)
    except GenerationError as exc:
        fail(f"{set_file}: {exc}", lang, code=1)
    except OSError as exc:
        fail(f"{out_file}: {exc.strerror}", lang)
    click.echo(str(out))
