"""``studykit problem``: generate verified problems with worked solutions and answer keys.

Text and Markdown go through ``studykit.render.text`` / ``studykit.render.markdown`` when they
exist; until then a minimal plain printer (:func:`plain_problem`) is the fallback.
"""

from __future__ import annotations

import importlib
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
    from ..problems.model import to_json
    from ..problems.registry import GenerationError, Options, VerificationError, generate

    options = Options(
        difficulty=difficulty,
        calculator=calculator,
        notation=notation,
        extra=_parse_extra(extra, lang),
    )
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
    render = _renderer(fmt)
    click.echo(("\n\n" + ("─" * 60) + "\n\n").join(render(p, lang, solution) for p in problems))


def _renderer(fmt: str) -> Any:
    module = {"text": "studykit.render.text", "md": "studykit.render.markdown"}[fmt]
    try:
        return importlib.import_module(module).render_problem
    except (ImportError, AttributeError):
        return lambda p, lang, solution: plain_problem(p, lang, solution, markdown=fmt == "md")


# ----------------------------------------------------------------------------- fallback printer


def plain_problem(problem: Any, lang: str, solution: bool, markdown: bool = False) -> str:
    """A minimal printer (formula.to_text / to_latex) used until studykit.render exists."""
    from .. import formula as fm
    from ..problems.model import Display, Para

    notation = problem.conventions.notation
    if markdown:
        show = lambda n: f"${fm.to_latex(n, notation, lang)}$"  # noqa: E731
    else:
        show = lambda n: fm.to_text(n, notation, lang)  # noqa: E731
    head = "## " if markdown else ""
    sub = "### " if markdown else ""
    out = [f"{head}{problem.title.get(lang)}  ({problem.id})", ""]
    for block in problem.statement:
        if isinstance(block, Para):
            out.append("".join(p.get(lang) if hasattr(p, "get") else show(p) for p in block.parts))
        elif isinstance(block, Display):
            out.append(
                ("$" + show(block.formula) + "$") if markdown else "    " + show(block.formula)
            )
    out.append("")
    label = "约定" if lang == "zh" else "Conventions"
    out.append(f"{label}: " + "; ".join(t.get(lang) for t in problem.conventions.describe()))
    if not solution:
        return "\n".join(out)
    out += ["", sub + ("详细解答" if lang == "zh" else "Worked solution")]
    for number, step in enumerate(problem.steps, start=1):
        out.append(f"{number}. {step.title.get(lang)}")
        for node in (step.formula, step.substituted):
            if node is not None:
                out.append(f"   {show(node)}")
        if step.result is not None:
            out.append(f"   = {show(step.result)}")
        if step.shape:
            out.append(f"   {'形状' if lang == 'zh' else 'shape'}: {step.shape}")
    out += ["", sub + ("答案" if lang == "zh" else "Answer key")]
    for answer in problem.answers:
        value = answer.exact if answer.exact is not None else answer.value
        out.append(f"- {answer.id}: {answer.label.get(lang)} = {_plain_value(value)}")
    return "\n".join(out)


def _plain_value(value: Any) -> str:
    from ..formula import format_number

    if isinstance(value, list):
        return "[" + ", ".join(_plain_value(v) for v in value) + "]"
    if isinstance(value, str):
        return value
    return format_number(value) if isinstance(value, int) else format_number(round(value, 6))
