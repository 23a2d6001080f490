"""The ``studykit`` command. With no arguments it opens the quiz.

Subcommands live in ``studykit/commands/<name>.py`` and are imported only when run, so
``studykit --help`` starts fast (no SymPy, no Textual). Every user-facing error is one line on
stderr with exit code 2, never a traceback.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from .i18n import Text

# name -> (module, short help in en/zh). Help is shown without importing the module.
COMMANDS: dict[str, tuple[str, Text]] = {
    "quiz": (
        "studykit.commands.quiz",
        Text("Open the terminal quiz (the default).", "打开终端练习（默认）。"),
    ),
    "solve": (
        "studykit.commands.solve",
        Text(
            "Forward and backward pass of a spec file, every number.",
            "对网络描述文件做前向与反向传播，给出每个中间值。",
        ),
    ),
    "train": (
        "studykit.commands.train",
        Text("Train a spec's network on a toy data set.", "在玩具数据集上训练网络。"),
    ),
    "derive": (
        "studykit.commands.derive",
        Text(
            "Derivatives with steps, or closed-form network gradients.",
            "带步骤的求导，或网络梯度的闭式表达式。",
        ),
    ),
    "topics": (
        "studykit.commands.topics",
        Text("List the problem kinds by course topic.", "按课程主题列出题型。"),
    ),
    "problem": (
        "studykit.commands.problem",
        Text("Generate problems with worked solutions.", "生成带详细解答的题目。"),
    ),
    "check": (
        "studykit.commands.check",
        Text("Check a hand-derived answer.", "检查手算得到的答案。"),
    ),
    "sheet": (
        "studykit.commands.sheet",
        Text("Print a problem set and its answer key.", "打印习题集及其答案。"),
    ),
    "export": (
        "studykit.commands.export",
        Text("Export problems to Anki or Moodle.", "导出题目到 Anki 或 Moodle。"),
    ),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name, (module, _) in COMMANDS.items() if _module_exists(module)]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module_name, _ = COMMANDS[name]
        if not _module_exists(module_name):
            return None
        module = importlib.import_module(module_name)
        return module.command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from .i18n import detect_lang

        lang = detect_lang()
        rows = [(name, COMMANDS[name][1].get(lang)) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _module_exists(module_name: str) -> bool:
    from importlib.util import find_spec

    try:
        return find_spec(module_name) is not None
    except ModuleNotFoundError:
        return False


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
        quiz = LazyGroup.get_command(cli, ctx, "quiz")  # type: ignore[arg-type]
        if quiz is None:
            click.echo(ctx.get_help())
            return
        ctx.invoke(quiz, lang=lang)


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point: user errors become one line and exit code 2."""
    try:
        return cli.main(args=argv, prog_name="studykit", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
