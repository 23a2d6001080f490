"""``studykit quiz``: open the terminal quiz (also what ``studykit`` alone does).

``--topic C7`` or ``--kind backward`` opens a practice problem at once (after offering to
resume an interrupted one).
"""

from __future__ import annotations

import click

from ._common import lang_option

TOPICS = [f"C{i}" for i in range(1, 13)]


@click.command(name="quiz")
@lang_option
@click.option(
    "--topic",
    type=click.Choice(TOPICS, case_sensitive=False),
    default=None,
    help="Open a practice problem of this course topic at once (C1…C12).",
)
@click.option(
    "--kind",
    default=None,
    metavar="KIND",
    help="Open a practice problem of this kind at once (e.g. backward).",
)
def command(lang: str | None, topic: str | None, kind: str | None) -> None:
    """Open the terminal quiz: practise exam problems with checking, hints and review."""
    from ..quiz.app import create_app

    if kind is not None:
        _check_kind(kind, lang)
    topic = topic.upper() if topic else None
    create_app(lang=_explicit_lang(lang), topic=topic, kind=kind).run()


def _check_kind(kind: str, lang: str | None) -> None:
    """Refuse an unknown kind in one line, before the app starts."""
    from ..problems.registry import GenerationError, get_kind
    from ._common import current_lang, fail

    try:
        get_kind(kind)
    except GenerationError as exc:
        zh = (
            str(exc).replace("unknown problem kind", "未知题型").replace("did you mean", "是否想写")
        )
        fail(str(exc) if current_lang(_explicit_lang(lang)) == "en" else zh)


def _explicit_lang(lang: str | None) -> str | None:
    """``--lang`` here or on the group; None lets the saved setting, then the locale, decide."""
    ctx = click.get_current_context(silent=True)
    while lang is None and ctx is not None:
        if isinstance(ctx.obj, dict):
            lang = ctx.obj.get("lang")
        ctx = ctx.parent
    return lang


quiz = command
