"""Grade an expression field: a formula in the problem's variables, or — on a network
problem — a matrix formula for a gradient (:mod:`.matrixform`).

On a problem about one activation (its exam form, say), the output names mean the output,
as in ``--derivative`` mode: ``a(1-a)``, ``σ(1−σ)`` and ``s(1−s)`` are σ′(z) when f is σ.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ..catalog import ACTIVATIONS
from ..i18n import Text
from ..math.nodes import Node
from ..problems.model import Answer, Problem
from .carry import is_network_id
from .equivalence import compare
from .errors import AnswerSyntaxError
from .parse import parse_tree
from .read import read_answer
from .scope import Scope
from .verdict import CORRECT, Verdict, number_text
from .walk import keys


def _reference_tree(value: Any, scope: Scope) -> Node:
    if isinstance(value, str):
        return parse_tree(value, scope.copy(free=True))[0]
    from .symbolic import from_sympy

    return from_sympy(value)


def _network_names(variables: tuple[str, ...]) -> bool:
    return any(re.match(r"^(W|b|z|a|delta)\d+$", v) for v in variables)


def problem_activation(problem: Problem | None) -> tuple[str, dict[str, Any]] | None:
    """The one element-wise activation a problem is about (from its plot), with its parameters."""
    shown = (problem.plot or {}).get("activations", []) if problem is not None else []
    if len(shown) != 1 or not isinstance(shown[0], dict):
        return None
    name = shown[0].get("name")
    act = ACTIVATIONS.get(name) if isinstance(name, str) else None
    if act is None or not act.elementwise:
        return None
    return act.name, dict(shown[0].get("params") or {})


def expression_scope(answer: Answer, problem: Problem | None) -> Scope:
    """The answer's variables; on a problem about one activation with one input variable,
    also the output names (a, s, y, f, out, σ …) and f(u), as in ``--derivative`` mode."""
    found = problem_activation(problem)
    if found is None or len(answer.variables) != 1:
        return Scope(variables={v: None for v in answer.variables})
    from .derivative import derivative_scope

    return derivative_scope(found[0], answer.variables[0], found[1])[0]


def grade_expression(answer: Answer, text: str, problem: Problem | None) -> Verdict:
    spec = None
    if problem is not None and problem.spec and _network_names(answer.variables):
        from ..spec import spec_from_dict

        spec = spec_from_dict(problem.spec)
    if spec is not None:
        return _grade_formula(answer, text, spec)
    scope = expression_scope(answer, problem)
    reading = read_answer(text, scope)
    tree, preview = reading.tree, reading.preview
    best = None
    for reference in (answer.value, *answer.alternatives):
        ref_tree = _reference_tree(reference, scope)
        used = sorted(keys(ref_tree) | keys(tree))
        result = compare(ref_tree, tree, used)
        if result.equal:
            return Verdict(True, CORRECT, preview=preview)
        best = best or result
    assert best is not None
    if best.equal is None:
        return Verdict(
            False,
            Text("could not decide whether it is equivalent", "无法判断是否等价"),
            preview=preview,
            undecided=True,
        )
    point = ", ".join(f"{k} = {number_text(v)}" for k, v in (best.counterexample or {}).items())
    message = Text(
        "not equivalent: at {p} the answer is {r} but yours is {a}",
        "不等价：在 {p} 处正确答案为 {r}，而你的是 {a}",
    ).format(
        p=point or "—",
        r=number_text(best.reference_value or 0.0),
        a=number_text(best.answer_value or 0.0),
    )
    return Verdict(False, message, preview=preview, counterexample=best.counterexample)


def _grade_formula(answer: Answer, text: str, spec: Any) -> Verdict:
    from .evaluate import Context, evaluate
    from .matrixform import check_formula, network_scope, network_values, target_id

    scope = network_scope(spec)
    reading = read_answer(text, scope)
    tree, preview = reading.tree, reading.preview
    values = network_values(spec)
    ref_tree = _reference_tree(answer.value, scope)
    ctx = Context(values.env, scope.layer_functions, len(values.settings))
    ref_value = evaluate(ref_tree, ctx)
    reference = np.broadcast_to(ref_value, (len(values.settings), *ref_value.shape[1:]))
    answer_id = answer.id if is_network_id(answer.id) else _matching_id(values, reference)
    label = answer.label
    if answer_id and answer_id.startswith(("dW", "db", "delta", "da", "dx")):
        try:
            label = target_id(_wrt_of(answer_id), spec)[1]
        except AnswerSyntaxError:
            pass
    result = check_formula(tree, spec, answer_id or "", label, values, reference)
    verdict = Verdict(
        result.correct,
        CORRECT if result.correct else result.message,
        result.wrong_entries,
        result.mistake,
        preview=preview,
    )
    if result.mistake is not None:
        verdict.candidates = (result.mistake.key,)
        verdict.message = (
            result.message + Text(". Likely mistake: ", "。可能的错误：") + result.mistake.title
        )
    return verdict


def _wrt_of(answer_id: str) -> str:
    if answer_id == "dx":
        return "x"
    for prefix, kind in (("dW", "W"), ("db", "b"), ("delta", "z"), ("da", "a")):
        if answer_id.startswith(prefix):
            return kind + answer_id[len(prefix) :]
    return answer_id


def _matching_id(values: Any, reference: np.ndarray) -> str | None:
    for key in values.solutions[0]:
        target = values.target(key)
        if target.shape == reference.shape and np.allclose(
            target, reference, rtol=1e-9, atol=1e-12
        ):
            return key
    return None
