"""``studykit quiz``: open the terminal quiz (also what ``studykit`` alone does)."""

from __future__ import annotations

import click

from ._common import lang_option


@click.command(name="quiz")
@lang_option
def command(lang: str | None) -> None:
    """Open the terminal quiz: practise exam problems with checking, hints and review."""
    from ..quiz.app import create_app

    create_app(lang=_explicit_lang(lang)).run()


def _explicit_lang(lang: str | None) -> str | None:
    """``--lang`` here or on the group; None lets the saved setting, then the locale, decide."""
    ctx = click.get_current_context(silent=True)
    while lang is None and ctx is not None:
        if isinstance(ctx.obj, dict):
            lang = ctx.obj.get("lang")
        ctx = ctx.parent
    return lang


quiz = command
