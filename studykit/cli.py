"""The ``studykit`` command. With no arguments it opens the quiz.

Subcommands live in ``studykit/commands/<name>.py`` and are imported only when run, so
``studykit --help`` starts fast (no SymPy, no Textual). Every user-facing error is one line on
stderr with exit code 2, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import click

from .i18n import Text


# Each loader imports its command module only when that command runs.
def _quiz() -> click.Command:
    from .commands import quiz

    return quiz.command


def _solve() -> click.Command:
    from .commands import solve

    return solve.command


def _train() -> click.Command:
    from .commands import train

    return train.command


def _derive() -> click.Command:
    from .commands import derive

    return derive.command


def _topics() -> click.Command:
    from .commands import topics

    return topics.command


def _problem() -> click.Command:
    from .commands import problem

    return problem.command


def _check() -> click.Command:
    from .commands import check

    return check.command


def _sheet() -> click.Command:
    from .commands import sheet

    return sheet.command


def _key() -> click.Command:
    from .commands import key

    return key.command


def _export() -> click.Command:
    from .commands import export

    return export.command


# name -> (its loader, short help in en/zh). Help is shown without importing the module.
COMMANDS: dict[str, tuple[Callable[[], click.Command], Text]] = {
    "quiz": (
        _quiz,
        Text("Open the terminal quiz (the default).", "打开终端练习（默认）。"),
    ),
    "solve": (
        _solve,
        Text(
            "Forward and backward pass of a spec file, every number.",
            "对网络描述文件做前向与反向传播，给出每个中间值。",
        ),
    ),
    "train": (
        _train,
        Text("Train a spec's network on a toy data set.", "在玩具数据集上训练网络。"),
    ),
    "derive": (
        _derive,
        Text(
            "Derivatives with steps, or closed-form network gradients.",
            "带步骤的求导，或网络梯度的闭式表达式。",
        ),
    ),
    "topics": (
        _topics,
        Text("List the problem kinds by course topic.", "按课程主题列出题型。"),
    ),
    "problem": (
        _problem,
        Text("Generate problems with worked solutions.", "生成带详细解答的题目。"),
    ),
    "check": (
        _check,
        Text("Check a hand-derived answer.", "检查手算得到的答案。"),
    ),
    "sheet": (
        _sheet,
        Text("Print a problem set and its answer key.", "打印习题集及其答案。"),
    ),
    "key": (
        _key,
        Text(
            "The answer key of an exam variant, from the code on its pages.",
            "根据试卷每页上的代码给出该版本的答案。",
        ),
    ),
    "export": (
        _export,
        Text("Export problems to Anki or Moodle.", "导出题目到 Anki 或 Moodle。"),
    ),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return COMMANDS[name][0]() if name in COMMANDS else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from .i18n import detect_lang

        lang = detect_lang()
        rows = [(name, COMMANDS[name][1].get(lang)) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default=None,
    help="Interface language (default: from LANG).",
)
@click.version_option(package_name="studykit")
@click.pass_context
def cli(ctx: click.Context, lang: str | None) -> None:
    """studykit: backpropagation by hand, checked to the last digit (English/中文).

    With no command, opens the quiz.
    """
    ctx.ensure_object(dict)
    ctx.obj["lang"] = lang
    if ctx.invoked_subcommand is None:
        ctx.invoke(_quiz(), lang=lang)


INTERNAL_ERROR = Text(
    "studykit: internal error ({error}). Nothing you typed was lost; please report this line "
    "(STUDYKIT_DEBUG=1 shows the traceback).",
    "studykit：内部错误（{error}）。你输入的内容没有丢失；请报告这一行"
    "（设置 STUDYKIT_DEBUG=1 可显示回溯信息）。",
)


def _asked_lang(argv: list[str] | None) -> str:
    """``--lang X`` (or ``--lang=X``) from the command line, else the language LANG asks for."""
    from .i18n import detect_lang

    args = list(sys.argv[1:] if argv is None else argv)
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in ("en", "zh"):
            return args[i + 1]
        if arg in ("--lang=en", "--lang=zh"):
            return arg.split("=")[1]
    return detect_lang()


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point: user errors become one line and exit code 2; an unexpected
    error is one line too (exit code 70), its traceback only with ``STUDYKIT_DEBUG=1``."""
    try:
        return cli.main(args=argv, prog_name="studykit", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001  (the last line of defence: no traceback for users)
        if os.environ.get("STUDYKIT_DEBUG"):
            raise
        error = f"{type(exc).__name__}: {exc}".strip().splitlines()[0][:200]
        click.echo(INTERNAL_ERROR.get(_asked_lang(argv), error=error), err=True)
        sys.exit(70)


if __name__ == "__main__":
    main()
