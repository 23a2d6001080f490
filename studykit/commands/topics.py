"""``studykit topics``: every problem kind with its course section, a one-line description and
(in JSON) its ``type``: ``explain`` when it is answered in words, ``choice`` when every answer is
a choice, else ``numeric``. The type is read off a generated problem (seed 0, default options),
so it cannot disagree with what the kind produces."""

from __future__ import annotations

import click

from ._common import current_lang, fail, lang_option, print_json

TYPES = ("numeric", "choice", "explain")


def kind_type(name: str) -> str:
    """``explain``, ``choice`` or ``numeric`` (see the module docstring)."""
    from ..problems.registry import generate

    answers = generate(name, 0).answers
    if any(a.kind == "explain" for a in answers):
        return "explain"
    if all(a.kind == "choice" for a in answers):
        return "choice"
    return "numeric"


@click.command("topics")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format."
)
@lang_option
def command(fmt: str, lang: str | None) -> None:
    """List the problem kinds by course topic (C1…C12)."""
    lang = current_lang(lang)
    from ..problems.registry import all_kinds

    try:
        kinds = all_kinds()
    except Exception as exc:  # a kind module that fails to import must not print a traceback
        fail(f"cannot load the problem kinds: {exc}", lang)
    if fmt == "json":
        print_json(
            [
                {
                    "kind": k.name,
                    "section": k.section,
                    "title": k.title.get(lang),
                    "description": k.description.get(lang),
                    "network": k.network,
                    "type": kind_type(k.name),
                    "options": {name: list(map(str, v)) for name, v in k.extra_options.items()},
                }
                for k in kinds
            ]
        )
        return
    width = max((len(k.name) for k in kinds), default=0)
    section = None
    for k in kinds:
        if k.section != section:
            section = k.section
            click.echo(f"{section}")
        options = "".join(
            f"  [{name}: {'|'.join(map(str, v))}]" for name, v in k.extra_options.items()
        )
        click.echo(f"  {k.name.ljust(width)}  {k.description.get(lang)}{options}")
