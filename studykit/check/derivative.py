"""``--derivative NAME``: an answer for f′ of a catalog activation, in its input and output.

The input is ``x`` (``z`` also means x). The output names ``a``, ``s``, ``y``, ``f``, ``out``
and the function's own spellings alone (σ, sigma, tanh …) all mean f(x); ``f(u)`` is the
function applied to u. Parameters (γ, α, β, with the catalog's spellings such as ``alpha``
for the slope γ) are variables. Writing NAME′ itself is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..catalog import ACTIVATIONS, Activation, get_activation
from ..math.nodes import Call, Node, Num, format_number
from .characters import GREEK_CHARS
from .errors import err
from .names import var_of
from .scope import Scope

OUTPUT_NAMES = ("a", "s", "y", "f", "out")


def derivative_scope(
    name: str, input_key: str = "x", params: Mapping[str, float] | None = None
) -> tuple[Scope, Node]:
    """The scope of an answer for ``NAME′`` and the reference ``NAME′(x)``.

    ``params``: fixed parameter values (a generated problem's); ``None`` makes every parameter
    a variable."""
    act = get_activation(name)
    if not act.elementwise:
        raise err("{n} is not element-wise: use --spec for it", "{n} 不是逐元素函数：请使用 --spec",
                  n=name)  # fmt: skip
    x = var_of(input_key)
    param_nodes = _parameters(act, params)
    output = Call(act.symbol, (x, *param_nodes))
    aliases: dict[str, Node] = {k: output for k in _output_spellings(act)}
    aliases["z" if input_key == "x" else "x"] = x
    variables: dict[str, Any] = {input_key: None}
    if params is None:
        variables.update({p.name: None for p in act.params})
        for p in act.params:
            for spelling in p.spellings:
                aliases.setdefault(_ascii(spelling), var_of(p.name))
    scope = Scope(
        variables=variables,
        aliases=aliases,
        layer_functions={None: (name, dict(params) if params else ACTIVATIONS[name].defaults())},
        function_aliases={g: (act.symbol, param_nodes) for g in ("f", "g")},
        forbid_prime={act.symbol},
        per_neuron=frozenset(p.name for p in act.params if p.per_neuron),
    )
    return scope, Call(act.symbol, (x, *param_nodes), prime=1)


def _parameters(act: Activation, params: Mapping[str, float] | None) -> tuple[Node, ...]:
    if params is None:
        return tuple(var_of(p.name) for p in act.params)
    return tuple(Num(format_number(float(params.get(p.name, p.default)))) for p in act.params)


def _output_spellings(act: Activation) -> set[str]:
    return {*OUTPUT_NAMES, act.name, *(_ascii(s).lower() for s in act.spellings)}


def _ascii(spelling: str) -> str:
    """``α`` → ``alpha`` (the lexer's name for it)."""
    return GREEK_CHARS.get(spelling, spelling)


__all__ = ["OUTPUT_NAMES", "check_derivative", "derivative_scope"]


# ----------------------------------------------------------------------------- the check


def activation_or_usage_error(name: str) -> Activation:
    """The catalog activation ``name``, or a :class:`CheckUsageError` naming the nearest one."""
    import difflib

    from ..i18n import Text
    from .api import CheckUsageError

    if name in ACTIVATIONS:
        return ACTIVATIONS[name]
    close = difflib.get_close_matches(name, list(ACTIVATIONS), n=1)
    known = ", ".join(ACTIVATIONS)
    hint = (
        Text(" (did you mean {c}?)", "（是不是 {c}？）").format(c=close[0])
        if close
        else Text("", "")
    )
    raise CheckUsageError(
        Text("unknown activation {n}", "未知的激活函数 {n}").format(n=name)
        + hint
        + Text("; known: {k}", "；可用：{k}").format(k=known)
    )


def check_derivative(name: str, answer: str) -> Any:
    """The :class:`~studykit.check.api.CheckResult` of ``answer`` for ``NAME′``."""
    from ..i18n import Text
    from ..math.text import to_text
    from .api import CheckResult, CheckUsageError
    from .equivalence import compare
    from .pair import equivalence_message, status_of
    from .read import read_answer
    from .walk import keys

    act = activation_or_usage_error(name)
    if act.name == "softmax":
        from .jacobian import check_jacobian

        return check_jacobian(answer)
    if not act.elementwise:
        raise CheckUsageError(Text("{n} is not element-wise: use --spec for it",
                                   "{n} 不是逐元素函数：请使用 --spec").format(n=name))  # fmt: skip
    scope, reference = derivative_scope(act.name)
    reading = read_answer(answer, scope)
    if reading.shape_error is not None:
        raise reading.shape_error.as_syntax_error()
    used = sorted(keys(reading.tree) | keys(reference))
    result = compare(reference, reading.tree, used, scope.layer_functions)
    message, mistake = equivalence_message(result), None
    if result.equal is False:
        from .derivative_mistakes import default_parameter, diagnose

        defaults = default_parameter(act, reading.tree, reference, scope.layer_functions)
        if defaults is not None:
            mistake, message = defaults
        else:
            mistake = diagnose(act, reading.tree, reference, scope.layer_functions)
    return CheckResult(
        status_of(result),
        message,
        reading.preview,
        f"{to_text(reference)}  [{act.exam_form_text}]",
        mistake,
        details={"method": result.method, "counterexample": result.counterexample},
    )
