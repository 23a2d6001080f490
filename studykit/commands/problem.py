"""``studykit problem``: generate verified problems with worked solutions and answer keys.

Text and Markdown are written by ``studykit.render`` (its ``text`` and ``md`` formats).
"""

from __future__ import annotations

from typing import Any

import click

from ._common import current_lang, fail, lang_option, print_json


def _parse_extra(pairs: tuple[str, ...], lang: str) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            fail(f"--option expects key=value, got {pair!r}", lang)
        extra[key.strip()] = value.strip()
    return extra


def _typed_extra(kind_name: str, extra: dict[str, str]) -> dict[str, Any]:
    """Command-line text as the kind's own option values (``weight_decay=true`` → True):
    a value is matched to the kind's choices by its text, case-insensitively."""
    from ..problems.registry import get_kind

    kind = get_kind(kind_name)
    typed: dict[str, Any] = {}
    for key, text in extra.items():
        choices = kind.extra_options.get(key, ())
        typed[key] = next((c for c in choices if str(c).lower() == text.lower()), text)
    return typed


@click.command("problem")
@click.option("--kind", "kind_name", required=True, help="Problem kind (see `studykit topics`).")
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed: same seed, same problem."
)
@click.option(
    "--count", type=click.IntRange(1, 1000), default=1, help="How many (seeds N, N+1, …)."
)
@click.option("--difficulty", type=click.IntRange(1, 3), default=1, show_default=True)
@click.option(
    "--calculator/--no-calculator",
    default=True,
    show_default=True,
    help="Calculator: σ/tanh/softmax, 4-decimal carried rounding; without: exact hand numbers.",
)
@click.option(
    "--notation",
    type=click.Choice(["textbook", "bracket", "transposed"]),
    default="textbook",
    show_default=True,
)
@click.option(
    "--option", "extra", multiple=True, metavar="KEY=VALUE", help="Kind option, e.g. net=2-3-2."
)
@click.option("--format", "fmt", type=click.Choice(["text", "md", "json"]), default="text")
@click.option("--solution", is_flag=True, help="Also print the worked solution and answer key.")
@lang_option
def command(
    kind_name: str,
    seed: int,
    count: int,
    difficulty: int,
    calculator: bool,
    notation: str,
    extra: tuple[str, ...],
    fmt: str,
    solution: bool,
    lang: str | None,
) -> None:
    """Generate problems: (kind, seed, options) fully determine each one."""
    lang = current_lang(lang)
    from ..problems.codec import to_json
    from ..problems.registry import GenerationError, Options, VerificationError, generate

    try:
        typed = _typed_extra(kind_name, _parse_extra(extra, lang))
    except GenerationError as exc:
        fail(str(exc), lang)
    options = Options(difficulty=difficulty, calculator=calculator, notation=notation, extra=typed)
    problems = []
    for s in range(seed, seed + count):
        try:
            problems.append(generate(kind_name, s, options))
        except GenerationError as exc:
            fail(str(exc), lang)
        except VerificationError as exc:
            fail(f"internal error, the problem failed verification: {exc}", lang, code=1)
    if fmt == "json":
        data = [to_json(p) for p in problems]
        print_json(data if count > 1 else data[0])
        return
    from ..render.formats import render_problem

    separator = "\n\n" + ("─" * 60) + "\n\n"
    click.echo(separator.join(render_problem(fmt, p, lang, solution) for p in problems))
