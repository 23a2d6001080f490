"""What every subcommand shares: the --lang/--format options, one-line errors, spec loading."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn

import click

from ..i18n import Text, resolve_lang

EXIT_USAGE = 2


def lang_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--lang",
        type=click.Choice(["en", "zh"]),
        default=None,
        help="Language of the output (default: from LANG).",
    )(func)


def current_lang(lang: str | None) -> str:
    """``--lang`` on the subcommand, else on the group, else the locale."""
    if lang is None:
        ctx = click.get_current_context(silent=True)
        while ctx is not None and lang is None:
            if isinstance(ctx.obj, dict):
                lang = ctx.obj.get("lang")
            ctx = ctx.parent
    return resolve_lang(lang)


def fail(message: str | Text, lang: str = "en", code: int = EXIT_USAGE) -> NoReturn:
    """Print one line to stderr and exit (2 = unreadable input by default)."""
    text = message.get(lang) if isinstance(message, Text) else message
    click.echo(f"studykit: {' '.join(text.split())}", err=True)
    sys.exit(code)


def load_spec_or_fail(path: str, lang: str) -> Any:
    from ..spec import SpecError, load_spec

    try:
        return load_spec(path)
    except SpecError as exc:
        fail(exc.message(lang), lang)


def to_jsonable(value: Any) -> Any:
    """NumPy arrays and scalars as lists and Python floats (repr keeps full float64 precision)."""
    import numpy as np

    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def print_json(value: Any) -> None:
    click.echo(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2))
