"""``studykit derive NAME|SPEC.toml``: a derivative with steps, or closed-form network gradients."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import Text
from ._common import current_lang, fail, lang_option, load_spec_or_fail, print_json

FORMATS = ("text", "md", "latex", "json")


def _is_spec(target: str) -> bool:
    return target.endswith(".toml") or Path(target).is_file()


def _unknown(name: str) -> Text:
    import difflib

    from ..catalog import ACTIVATIONS, LOSSES

    known = [*ACTIVATIONS, *LOSSES]
    close = difflib.get_close_matches(name, known, n=1)
    hint_en = f" (did you mean {close[0]!r}?)" if close else ""
    hint_zh = f"（是不是 {close[0]!r}？）" if close else ""
    return Text(
        f"unknown activation or loss {name!r}{hint_en}; known: {', '.join(known)}, "
        "or a spec file ending in .toml",
        f"未知的激活函数或损失函数 {name!r}{hint_zh}；可选：{', '.join(known)}，或以 .toml 结尾的网络描述文件",
    )


@click.command("derive")
@click.argument("target", metavar="NAME|SPEC.toml")
@click.option("--steps", is_flag=True, help="Show every rule applied, step by step.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", help="Output format.")
@lang_option
def command(target: str, steps: bool, fmt: str, lang: str | None) -> None:
    """Derivative of an activation or loss (exam form, proof, steps), or the closed-form
    gradients of a spec's network checked against the engine."""
    lang = current_lang(lang)
    if _is_spec(target):
        _network(target, fmt, lang, steps)
        return
    from ..catalog import ACTIVATIONS, LOSSES

    if target not in ACTIVATIONS and target not in LOSSES:
        fail(_unknown(target), lang)
    from ..symbolic.derivation_json import derivation_json
    from ..symbolic.derivation_text import derivation_text
    from ..symbolic.derive import derive

    derivation = derive(target)
    if fmt == "json":
        print_json(derivation_json(derivation))
    else:
        click.echo(derivation_text(derivation, fmt, lang, steps), nl=False)


def _network(path: str, fmt: str, lang: str, steps: bool) -> None:
    spec = load_spec_or_fail(path, lang)
    from ..symbolic.network import NetworkError, closed_form_report, network_json, network_text

    try:
        report = closed_form_report(spec)
    except NetworkError as exc:
        fail(exc.text, lang)
    if fmt == "json":
        print_json(network_json(report))
    else:
        click.echo(network_text(report, fmt, lang, steps), nl=False)
