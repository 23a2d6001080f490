"""``studykit check``: is a hand-derived answer equivalent to a reference?"""

from __future__ import annotations

from typing import Any

import click

from ..i18n import Text
from ._common import current_lang, fail, lang_option, load_spec_or_fail, print_json

HELP = """Check a hand-derived answer. Exit 0: equivalent; 1: not (with a counterexample);
2: the input could not be read (with the reason).

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
      function's own name alone (σ, sigma, tanh …) all mean f(x); f(x) is the function too.
      Parameters (gamma, alpha, beta) are variables. Writing NAME′ itself is refused.
      Kinks are never sampled exactly (ReLU′(0) = 0 by convention).
\b
  studykit check --spec SPEC.toml --wrt W1 ANSWER
      A matrix formula for ∂L/∂W1 (also b1, z1 = delta, a1, x), checked for shape, then
      for value against the engine on random parameters, then for typical mistakes.
      Names (column vectors): x = a0, a1…, z1…, W1…, b1…, delta1… (δ⁽ˡ⁾ = ∂L/∂z⁽ˡ⁾), t,
      y = yhat = ŷ = the output, eta = lr; f1(z1), f1'(z1) (or f'(z1), fprime1(z1)) for a
      layer's activation and its derivative, sigma'(z), tanh'(z), relu'(z).
      Products: * or juxtaposition (matrix product, or element-wise when the shapes are
      equal), @ (matrix product), ⊙ or .* (element-wise); transpose ^T, ᵀ, .T, \\top, '.
\b
Plain text or LaTeX: \\sigma(x)\\left(1-\\sigma(x)\\right), \\delta^{(2)} (a^{(1)})^\\top,
\\frac{1}{2}, σ δ ⊙ ᵀ ⁽²⁾. Only the right-hand side of an "=" is read."""


@click.command("check", help=HELP)
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
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@lang_option
def command(texts: tuple[str, ...], variables: tuple[str, ...], derivative: str | None,
            spec_path: str | None, wrt: str | None, fmt: str, lang: str | None) -> None:  # fmt: skip
    lang = current_lang(lang)
    from ..check.errors import AnswerSyntaxError

    one = derivative is not None or spec_path is not None
    if (one and len(texts) != 1) or (not one and len(texts) != 2):
        fail(
            Text(
                "give REFERENCE and ANSWER, or one ANSWER with --derivative or --spec",
                "请给出 REFERENCE 和 ANSWER，或在 --derivative / --spec 时只给一个 ANSWER",
            ),
            lang,
        )
    if spec_path is not None and wrt is None:
        fail(Text("--spec needs --wrt, e.g. --wrt W1", "--spec 需要 --wrt，例如 --wrt W1"), lang)
    try:
        if spec_path is not None:
            result = _check_spec(spec_path, wrt or "", texts[0], lang)
        elif derivative is not None:
            result = _check_derivative(derivative, texts[0], lang)
        else:
            result = _check_pair(texts[0], texts[1], variables)
    except AnswerSyntaxError as exc:
        if fmt == "json":
            print_json({"status": "unreadable", "message": exc.message(lang)})
        else:
            click.echo(Text("cannot read: ", "无法读取：").get(lang) + exc.message(lang), err=True)
        raise SystemExit(2) from None
    _report(result, fmt, lang)
    raise SystemExit(0 if result["equivalent"] else 1)


def _report(result: dict[str, Any], fmt: str, lang: str) -> None:
    message: Text = result.pop("message")
    mistake = result.pop("mistake", None)
    if fmt == "json":
        out = {**result, "message": message.get(lang)}
        if mistake is not None:
            out["mistake"] = {
                "key": mistake.key,
                "title": mistake.title.get(lang),
                "explanation": mistake.explanation.get(lang),
            }
        print_json(out)
        return
    read = Text("read as:   ", "读作：    ").get(lang)
    ref = Text("reference: ", "参考答案：").get(lang)
    click.echo(f"{read}{result['read_as']}")
    if result.get("reference"):
        click.echo(f"{ref}{result['reference']}")
    mark = "✓" if result["equivalent"] else "✗"
    click.echo(f"{mark} {message.get(lang)}")
    if mistake is not None:
        click.echo(f"  {mistake.title.get(lang)}: {mistake.explanation.get(lang)}")


def _equivalence_message(result: Any) -> Text:
    if result.equal:
        how = {
            "points": Text("at 240 random points", "在 240 个随机点上验证"),
            "symbolic": Text("by symbolic simplification", "通过符号化简验证"),
        }[result.method]
        return Text("equivalent (checked ", "等价（") + how + Text(")", "）")
    if result.equal is None:
        return Text(
            "could not decide (no valid sample points, and SymPy could not simplify in time)",
            "无法判断（没有有效的取样点，SymPy 也未能及时化简）",
        )
    point = ", ".join(f"{k} = {v:.6g}" for k, v in (result.counterexample or {}).items())
    return Text(
        "not equivalent: at {p} the reference is {r:.6g} but the answer is {a:.6g}",
        "不等价：在 {p} 处参考答案为 {r:.6g}，而答案为 {a:.6g}",
    ).format(p=point, r=result.reference_value, a=result.answer_value)


def _check_pair(reference: str, answer: str, declared: tuple[str, ...]) -> dict[str, Any]:
    from ..check.equivalence import compare
    from ..check.parse import Scope, parse_tree
    from ..check.tree import names, to_text

    ref_scope = Scope(variables={v: None for v in declared}, free=True)
    ref_tree, _ = parse_tree(reference, ref_scope)
    from ..check import parse_answer

    parse_answer(reference, dict.fromkeys(ref_scope.variables))  # bounds and shapes
    ans_scope = Scope(variables=dict(ref_scope.variables))
    ans_tree, _ = parse_tree(answer, ans_scope)
    parse_answer(answer, dict.fromkeys(ans_scope.variables))
    result = compare(ref_tree, ans_tree, sorted(names(ref_tree) | names(ans_tree)))
    return {
        "equivalent": bool(result.equal),
        "read_as": to_text(ans_tree),
        "reference": to_text(ref_tree),
        "method": result.method,
        "counterexample": result.counterexample,
        "message": _equivalence_message(result),
    }


def derivative_scope(name: str) -> tuple[Any, Any]:
    """The scope of ``--derivative NAME`` and the reference tree ``NAME′(x)``."""
    from ..catalog import ACTIVATIONS, get_activation
    from ..check.parse import FUNCTION_ALIASES, Scope
    from ..check.tree import Call, Var

    act = get_activation(name)
    if not act.elementwise:
        from ..check.errors import err

        raise err(
            "{n} is not element-wise: use --spec for it",
            "{n} 不是逐元素函数：请使用 --spec",
            n=name,
        )
    params = tuple(Var(p.name) for p in act.params)
    output = Call(name, (Var("x"), *params))
    spellings = {k for k, v in FUNCTION_ALIASES.items() if v == name} | {name}
    aliases = {k: output for k in ("a", "s", "y", "f", "out", *spellings)}
    aliases["z"] = Var("x")
    variables: dict[str, Any] = {"x": None, **{p.name: None for p in act.params}}
    scope = Scope(
        variables=variables,
        aliases=aliases,
        layer_functions={None: (name, ACTIVATIONS[name].defaults())},
        forbid_prime={name},
    )  # type: ignore[arg-type]
    return scope, Call(name, (Var("x"), *params), prime=1)


def _check_derivative(name: str, answer: str, lang: str) -> dict[str, Any]:
    from ..catalog import UnknownName, get_activation
    from ..check.equivalence import compare
    from ..check.parse import parse_tree
    from ..check.tree import names, to_text

    try:
        get_activation(name)
    except UnknownName as exc:
        fail(str(exc), lang)
    scope, reference = derivative_scope(name)
    tree, _ = parse_tree(answer, scope)
    result = compare(reference, tree, sorted(names(tree) | names(reference)))
    return {
        "equivalent": bool(result.equal),
        "read_as": to_text(tree),
        "reference": to_text(reference) + f"  [{get_activation(name).exam_form_text}]",
        "method": result.method,
        "counterexample": result.counterexample,
        "message": _equivalence_message(result),
    }


def _check_spec(path: str, wrt: str, answer: str, lang: str) -> dict[str, Any]:
    from ..check.matrixform import check_formula, network_scope, target_id
    from ..check.parse import parse_tree
    from ..check.tree import to_text

    spec = load_spec_or_fail(path, lang)
    answer_id, label = target_id(wrt, spec)
    tree, _ = parse_tree(answer, network_scope(spec))
    result = check_formula(tree, spec, answer_id, label)
    out: dict[str, Any] = {
        "equivalent": result.correct,
        "read_as": to_text(tree),
        "reference": label.get(lang),
        "shape": list(result.shape) if result.shape else None,
        "expected_shape": list(result.expected_shape) if result.expected_shape else None,
        "message": result.message,
    }
    if result.mistake is not None:
        out["mistake"] = result.mistake
    return out
