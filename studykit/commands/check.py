"""``studykit check``: is a hand-derived answer right? (calls only ``studykit.check``'s API)"""

from __future__ import annotations

import os

# A one-shot check gains nothing from BLAS threads, and starting them is most of numpy's import
# time; set before numpy is first imported, unless the user chose otherwise.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import click  # noqa: E402

from ..i18n import Text  # noqa: E402
from ._common import current_lang, fail, lang_option, load_spec_or_fail, print_json  # noqa: E402

HELP = """Check a hand-derived answer. Exit 0: right; 1: wrong (with the mistake or a
counterexample); 2: the input could not be read (with the reason); 3: could not decide.

\b
  studykit check REFERENCE ANSWER [--var NAME …]
      e.g. studykit check "s*(1-s)" "s - s^2"
      Names in REFERENCE are the variables (one-letter names, or multi-letter ones declared
      with --var); ANSWER may only use those. A run of letters like "xy" reads as x·y.
\b
  studykit check --derivative NAME ANSWER
      Against the catalog's derivative of activation NAME at x, e.g.
      studykit check --derivative sigmoid "s*(1-s)"
      The input is x (z also means x). The output names a, s, y, f, out and the
      function's own name alone (σ, sigma, tanh …) all mean f(x); f(u) is the function.
      Parameters (gamma, alpha, beta) are variables. Writing NAME′ itself is refused.
      Kinks are never sampled exactly (ReLU′(0) = 0 by convention). Piecewise answers:
      1 (x > 0); 0 (x <= 0), \\begin{cases}…\\end{cases}, H(x), (x > 0).
      softmax: the Jacobian in y = softmax(z) or in z, e.g. "diag(y) - y y^T".
\b
  studykit check --spec SPEC.toml --wrt W1 ANSWER
      A matrix formula for ∂L/∂W1 (also b1, z1 = delta, a1, x), checked for shape, then
      for value against the engine on random parameters, then for typical mistakes.
      Names (column vectors): x = a0, a1…, z1…, W1…, b1…, delta1… (δ⁽ˡ⁾ = ∂L/∂z⁽ˡ⁾, also
      dz1…), t, y = yhat = ŷ = the output, eta = lr; f1(z1), f1'(z1) (or f'(z1), g'(z1),
      fprime1(z1)) for a layer's activation and its derivative, sigma'(z), tanh'(z), relu'(z),
      diag(v), (z1 > 0).
      Products: * or juxtaposition (matrix product, or element-wise when the shapes are
      equal), @ (matrix product), ⊙ or .* (element-wise, binding looser than any product);
      transpose ^T, ᵀ, .T, \\top, '.
\b
  studykit check --problem ID --part PART ANSWER [--earlier PART=VALUE …]
      A number, vector or matrix for one part of a generated problem: ID is the problem id
      every sheet prints (e.g. backward-103-k7q2m, or the long form), PART its letter or
      answer id; --earlier gives your own earlier values (error carried forward).
\b
  studykit check --spec SPEC.toml --part PART ANSWER [--earlier PART=VALUE …]
      The same for your own network: a part of `studykit solve SPEC.toml --steps`
      (4-decimal carried rounding), e.g. --part delta1 "[0.0088, 0.01]".
\b
Plain text or LaTeX: \\sigma(x)\\left(1-\\sigma(x)\\right), \\delta^{(2)} (a^{(1)})^\\top,
\\frac{1}{2}, $…$, σ δ ⊙ ᵀ ⁽²⁾ ½. Only the right-hand side of an "=" is read. An answer that
starts with "-" works too (or put -- before it)."""


class AnswerFirstCommand(click.Command):
    """Answers may start with ``-`` (``-(t - y)``): every argument that is no option of this
    command is an answer, and all answers go after a ``--`` so that click reads none of them
    as options (``-\\sigma…\\right)`` would otherwise ask for ``-h``, the help)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        valued = {o for p in self.params if isinstance(p, click.Option) and not p.is_flag
                  for o in p.opts}  # fmt: skip
        flags = {o for p in self.get_params(ctx) if isinstance(p, click.Option) and p.is_flag
                 for o in p.opts}  # fmt: skip
        options: list[str] = []
        answers: list[str] = []
        rest = iter(args)
        for arg in rest:
            if arg == "--":
                answers += list(rest)
            elif arg in valued:
                options += [arg, next(rest, "")]
            elif arg in flags or arg.split("=", 1)[0] in valued:
                options.append(arg)
            else:
                answers.append(arg)
        if any(a.startswith("-") for a in answers):
            args = [*options, "--", *answers]
        return super().parse_args(ctx, args)


@click.command("check", cls=AnswerFirstCommand, help=HELP)
@click.argument("texts", nargs=-1, required=True, metavar="[REFERENCE] ANSWER")
@click.option("--var", "variables", multiple=True, metavar="NAME", help="Declare a variable name.")
@click.option(
    "--derivative", metavar="NAME", help="Check ANSWER against the derivative of an activation."
)
@click.option(
    "--spec", "spec_path", metavar="SPEC.toml", help="A network spec for a gradient formula."
)
@click.option(
    "--wrt", metavar="NAME", help="With --spec: the gradient's variable (W1, b2, z1, a1, x)."
)
@click.option("--problem", "problem_id", metavar="ID", help="A generated problem's id.")
@click.option(
    "--part",
    metavar="PART",
    help="With --problem or --spec: the part (a, b … or an answer id such as delta1).",
)
@click.option(
    "--earlier",
    multiple=True,
    metavar="PART=VALUE",
    help="With --problem or --spec: your value of an earlier part (error carried forward).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@lang_option
def command(texts: tuple[str, ...], variables: tuple[str, ...], derivative: str | None,
            spec_path: str | None, wrt: str | None, problem_id: str | None, part: str | None,
            earlier: tuple[str, ...], fmt: str, lang: str | None) -> None:  # fmt: skip
    lang = current_lang(lang)
    from .. import check

    one = derivative is not None or spec_path is not None or problem_id is not None
    if (one and len(texts) != 1) or (not one and len(texts) != 2):
        fail(
            Text(
                "give REFERENCE and ANSWER, or one ANSWER with --derivative, --spec or --problem "
                "(an answer that starts with - may need -- before it)",
                "请给出 REFERENCE 和 ANSWER，或在 --derivative、--spec、--problem 时只给一个 ANSWER"
                "（以 - 开头的答案可能需要在前面加 --）",
            ),
            lang,
        )
    try:
        if problem_id is not None:
            result = _check_problem(problem_id, part, texts[0], earlier, lang)
        elif spec_path is not None and part is not None:
            result = _check_spec_part(spec_path, part, texts[0], earlier, lang)
        elif spec_path is not None:
            if wrt is None:
                fail(
                    Text("--spec needs --wrt, e.g. --wrt W1", "--spec 需要 --wrt，例如 --wrt W1"),
                    lang,
                )
            result = check.check_formula(load_spec_or_fail(spec_path, lang), wrt, texts[0])
        elif derivative is not None:
            result = check.check_derivative(derivative, texts[0])
        else:
            result = check.check_pair(texts[0], texts[1], variables)
    except check.CheckUsageError as exc:
        fail(exc.text, lang)
    except Exception as exc:  # noqa: BLE001 - a bug must still be one line, never a traceback
        fail(
            Text("internal error while checking ({e}); please report it",
                 "检查时出现内部错误（{e}）；请报告此问题").format(e=type(exc).__name__),
            lang,
        )  # fmt: skip
    _report(result, fmt, lang)
    raise SystemExit(result.exit_code)


def _check_problem(
    problem_id: str, part: str | None, answer: str, earlier: tuple[str, ...], lang: str
) -> object:
    from .. import check
    from ..problems.ids import ProblemIdError, find_problem

    if part is None:
        fail(
            Text("--problem needs --part, e.g. --part b", "--problem 需要 --part，例如 --part b"),
            lang,
        )
    given = _earlier_values(earlier, lang)
    try:
        problem = find_problem(problem_id)
    except ProblemIdError as exc:
        fail(exc.text, lang)
    return check.check_part(problem, part, answer, given)


def _check_spec_part(
    spec_path: str, part: str, answer: str, earlier: tuple[str, ...], lang: str
) -> object:
    """``--spec SPEC --part PART``: a part of your own network's worked solution (the key of
    ``solve SPEC --steps``, 4-decimal carried rounding), graded as a generated problem's."""
    from .. import check
    from ..problems.own_network import SolveOptions, SpecRefused, problem_from_spec

    spec = load_spec_or_fail(spec_path, lang)
    try:
        problem = problem_from_spec(spec, SolveOptions(), source=spec_path)
    except SpecRefused as exc:
        fail(Text("{f}: ", "{f}：").format(f=spec_path) + exc.reason, lang)
    return check.check_part(problem, part, answer, _earlier_values(earlier, lang))


def _earlier_values(earlier: tuple[str, ...], lang: str) -> dict[str, str]:
    """``--earlier PART=VALUE`` pairs as {part: value text}."""
    given: dict[str, str] = {}
    for pair in earlier:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            fail(Text("--earlier expects PART=VALUE, got {p}", "--earlier 的格式应为 PART=VALUE，而不是 {p}")
                 .format(p=pair), lang)  # fmt: skip
        given[key.strip()] = value
    return given


def _report(result: object, fmt: str, lang: str) -> None:
    from ..check import CheckResult

    assert isinstance(result, CheckResult)
    if fmt == "json":
        print_json(result.to_json(lang))
        return
    if result.status == "unreadable":
        click.echo(
            Text("cannot read: ", "无法读取：").get(lang) + result.message.get(lang), err=True
        )
        return
    read = Text("read as:   ", "读作：    ").get(lang)
    ref = Text("reference: ", "参考答案：").get(lang)
    click.echo(f"{read}{result.read_as}")
    if result.reference:
        click.echo(f"{ref}{result.reference_text(lang)}")
    mark = {"right": "✓", "wrong": "✗", "undecided": "?"}[result.status]
    click.echo(f"{mark} {result.message.get(lang)}")
    if result.mistake is not None:
        colon = "：" if lang == "zh" else ": "
        click.echo(
            f"  {result.mistake.title.get(lang)}{colon}{result.mistake.explanation.get(lang)}"
        )
