"""``studykit key CODE``: the answer key of one exam variant, from the code on its pages.

The QR payload needs nothing else; the short code (``MOCK-07-3F9A``) needs the set file
(``--set``). Bad codes are one line, never a traceback.
"""

from __future__ import annotations

import click

from ._common import current_lang, fail, lang_option, print_json


@click.command("key")
@click.argument("code")
@click.option(
    "--set",
    "set_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="The set file, to read a short code such as MOCK-07-3F9A.",
)
@click.option("--solution", is_flag=True, help="Add the worked solution.")
@click.option("--compact", is_flag=True, help="With --solution: the steps without prose.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@lang_option
def command(
    code: str, set_file: str | None, solution: bool, compact: bool, fmt: str, lang: str | None
) -> None:
    """Print the answer key of the variant that CODE (QR payload or short code) names."""
    from ..problems.codes import CodeError, read_code
    from ..problems.registry import GenerationError, VerificationError
    from ..problems.sets import SetError, generate_slots, load_set
    from ..render.key import key_json, key_text

    lang = current_lang(lang)
    try:
        problem_set = load_set(set_file) if set_file else None
        variant = read_code(code, problem_set)
        problems = generate_slots(variant.slots)
    except SetError as exc:
        fail(exc.message(lang), lang)
    except CodeError as exc:
        fail(exc.message(lang), lang)
    except (GenerationError, VerificationError) as exc:
        fail(f"{variant.short}: {str(exc).splitlines()[0]}", lang, code=1)
    if fmt == "json":
        print_json(key_json(variant.short, variant.version, problems, lang))
        return
    mode = ("compact" if compact else "full") if solution else None
    click.echo(key_text(variant.short, problems, lang, mode), nl=False)
