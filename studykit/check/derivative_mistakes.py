"""Which mistake makes a wrong f′? The same method as the network mode: make each mistake on
purpose and see whether it reproduces the answer's values.

The mistakes are rewrites of the catalog's own formulas (as math trees, :mod:`.algebra`):

- ``sign_flip``: −f′;  ``gave_f_not_fprime``: f;
- ``x_for_sigma``: the exam form with the output ``a`` replaced by x (``x(1 − x)``);
- ``forgot_square``: a square of a function value dropped (``1 − tanh``);
- ``forgot_chain_factor``: a factor of a product dropped that also appears inside a call's
  argument (β in ``βx·σ(βx)(1 − σ(βx))``, √(2/π) in GELU's);
- ``missing_product_term``: f = x·g(x), and only g or only x·g′ given;
- ``branches_swapped``: the two values of a piecewise f′ exchanged (a value in the output
  ``a`` continues f from its own piece: ELU's a + γ is γeˣ);
- ``default_parameter_only``: right at the catalog defaults only.

Parameters are drawn from (0.2, 2) and x never sits on a kink.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from ..catalog import Activation
from ..i18n import Text
from ..math.nodes import Call, Cases, Frac, Neg, Node, Num, Op, Pow, Var
from .algebra import NODES
from .derivative_catalog import BY_KEY, explained
from .draws import Draws
from .equivalence import POINTS, sample
from .errors import AnswerSyntaxError, ShapeError
from .evaluate import Context, evaluate
from .mistake import Mistake
from .names import GREEK, key_of, var_of
from .walk import children, is_otherwise, nodes, transform

PARAM_RANGE = (0.2, 2.0)
_A, _X = Var("a"), Var("x")
_PLAIN = frozenset({"0", "1", "2", "3", "1/2", "0.5"})


def param_nodes(act: Activation) -> dict[str, Node]:
    return {p.name: var_of(p.name) for p in act.params}


def exam_tree(act: Activation) -> Node:
    return act.exam_form(NODES, _X, _A, param_nodes(act))


def formula_tree(act: Activation) -> Node:
    return act.formula(NODES, _X, param_nodes(act))


def point_values(act: Activation, params: dict[str, Any] | None = None) -> dict[str, np.ndarray]:
    """x at the equivalence points, the parameters (drawn, or as given) and a = f(x)."""
    rng = Draws(11)
    values = {"x": sample(["x"], POINTS)["x"]}
    chosen: dict[str, Any] = {}
    for p in act.params:
        given = None if params is None else params.get(p.name)
        value = (
            rng.uniform(*PARAM_RANGE, (POINTS, 1, 1))
            if given is None
            else np.full((1, 1, 1), given)
        )
        values[p.name] = chosen[p.name] = value
    with np.errstate(all="ignore"):
        values["a"] = np.asarray(act.fn(values["x"], chosen), dtype=np.float64)
    return values


def value_of(tree: Node, values: dict[str, np.ndarray], lf: Any) -> np.ndarray | None:
    try:
        out = evaluate(tree, Context(values, lf, POINTS))
    except (AnswerSyntaxError, ShapeError, ValueError, ZeroDivisionError):
        return None
    return np.broadcast_to(out, (POINTS, *out.shape[1:])) if out.shape[-2:] == (1, 1) else None


def same(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    if a is None or b is None:
        return False
    valid = np.isfinite(a) & np.isfinite(b)
    return int(valid.sum()) >= 20 and bool(np.allclose(a[valid], b[valid], rtol=1e-6, atol=1e-8))


# ----------------------------------------------------------------------------- the rewrites


def _function_value(node: Node) -> bool:
    return node == _A or isinstance(node, Call)


def _forget_squares(exam: Node) -> Node:
    def drop(n: Node) -> Node | None:
        if isinstance(n, Pow) and n.exp == Num("2") and _function_value(n.base):
            return n.base
        return None

    return transform(exam, drop)


def _distinctive(node: Node) -> set[Node]:
    """Parameters and unusual numbers in a tree (what a chain factor shares with its call)."""
    out: set[Node] = set()
    for n in nodes(node):
        if isinstance(n, Var) and n not in (_X, _A):
            out.add(n)
        elif isinstance(n, Num) and n.text not in _PLAIN:
            out.add(n)
    return out


def _chain_factors(exam: Node) -> Iterator[Node]:
    """The exam form with one chain-like factor of a product dropped (or all of them)."""
    inside: set[Node] = set()
    for n in nodes(exam):
        if isinstance(n, Call):
            inside |= set().union(*(_distinctive(a) for a in n.args))
    for n in nodes(exam):
        if not (isinstance(n, Op) and n.op == "·" and any(_function_value(m) for m in nodes(n))):
            continue
        chain = [i for i, f in enumerate(n.args) if f != _X and not any(
            _function_value(m) for m in nodes(f)) and _distinctive(f) & inside]  # fmt: skip
        drops = [[i] for i in chain] + ([chain] if len(chain) > 1 else [])
        for drop in drops:
            kept = tuple(f for i, f in enumerate(n.args) if i not in drop)
            new = kept[0] if len(kept) == 1 else Op("·", kept)
            yield transform(exam, lambda m, old=n, new=new: new if m == old else None)


def _without_x(node: Node) -> Node | None:
    """g where ``node`` = x·g (``x/(1 + e^{−βx})`` → ``1/(1 + e^{−βx})``), else ``None``."""
    if node == _X:
        return Num("1")
    if isinstance(node, Op) and node.op == "·" and _X in node.args:
        rest = list(node.args)
        rest.remove(_X)
        return rest[0] if len(rest) == 1 else Op("·", tuple(rest))
    if isinstance(node, Frac):
        g = _without_x(node.num)
        return None if g is None else Frac(g, node.den)
    if isinstance(node, Neg):
        g = _without_x(node.arg)
        return None if g is None else Neg(g)
    return None


def _continued(value: Node, exam: Cases, formula: Node, act: Activation) -> Node:
    """``value`` with the output ``a`` continued from its own piece: f's max/min resolved at
    a point of that piece (ELU's a on x ≤ 0 is γ(eˣ − 1))."""
    if _A not in set(nodes(value)):
        return value
    row = next(i for i, (v, _) in enumerate(exam.rows) if v == value)
    defaults = {k: np.full((1, 1, 1), v) for k, v in act.defaults().items()}
    grid = np.linspace(-3, 3, 61).reshape(-1, 1, 1) + 0.013
    ctx = Context({"x": grid, **defaults}, points=len(grid))
    first = np.full(len(grid), -1)
    for i, (_, cond) in enumerate(exam.rows):
        holds = (
            np.ones(len(grid), bool)
            if is_otherwise(cond)
            else evaluate(cond, ctx).reshape(-1) > 0.5
        )
        first = np.where((first < 0) & holds, i, first)
    where = np.nonzero(first == row)[0]
    if not len(where):
        return value
    point = Context({"x": grid[where[:1]], **defaults})

    def resolve(n: Node) -> Node | None:
        if isinstance(n, Call) and n.name in ("max", "min") and len(n.args) == 2:
            a, b = (float(evaluate(arg, point).reshape(-1)[0]) for arg in n.args)
            return n.args[0] if (a >= b) == (n.name == "max") else n.args[1]
        return None

    return transform(value, lambda n: transform(formula, resolve) if n == _A else None)


def _swapped(exam: Node, formula: Node, act: Activation) -> Node | None:
    if not isinstance(exam, Cases):
        return None
    distinct: list[Node] = []
    for v, _ in exam.rows:
        if v not in distinct:
            distinct.append(v)
    if len(distinct) != 2:
        return None
    one, two = (_continued(v, exam, formula, act) for v in distinct)
    return Cases(tuple((two if v == distinct[0] else one, c) for v, c in exam.rows))


def rewrites(act: Activation) -> Iterator[tuple[str, Node]]:
    """Each mistake's f′ for ``act``, as (mistake id, tree over x, a and the parameters)."""
    exam, formula = exam_tree(act), formula_tree(act)
    yield "sign_flip", Neg(exam)
    yield "gave_f_not_fprime", formula
    if _A in set(nodes(exam)):
        yield "x_for_sigma", transform(exam, lambda n: _X if n == _A else None)
    squared = _forget_squares(exam)
    if squared != exam:
        yield "forgot_square", squared
    for tree in _chain_factors(exam):
        yield "forgot_chain_factor", tree
    g = _without_x(formula)
    if g is not None:
        yield "missing_product_term", g
        yield "missing_product_term", Op("−", (exam, g))
    swapped = _swapped(exam, formula, act)
    if swapped is not None:
        yield "branches_swapped", swapped


# ----------------------------------------------------------------------------- diagnosis


def _shown(name: str) -> str:
    return GREEK.get(name, name)


def explicit_keys(tree: Node, act: Activation) -> set[str]:
    """The keys a tree names itself: the parameters inside f(x, γ …) (the output a) are not."""
    if isinstance(tree, Call) and tree.name == act.symbol:
        return explicit_keys(tree.args[0], act)
    if isinstance(tree, Var):
        return {key_of(tree)}
    return set().union(*(explicit_keys(c, act) for c in children(tree)))


def default_parameter(
    act: Activation, answer: Node, reference: Node, lf: Any
) -> tuple[Mistake, Text] | None:
    """Right at the catalog defaults, wrong elsewhere: the mistake, and the verdict "right for
    γ = 0.01; write it in terms of γ"."""
    if not act.params:
        return None
    defaults = act.defaults()
    values = point_values(act, defaults)
    if not same(value_of(answer, values, lf), value_of(reference, values, lf)):
        return None
    written = explicit_keys(answer, act)
    matters = []
    for p in act.params:
        free = point_values(act, {k: v for k, v in defaults.items() if k != p.name})
        if not same(value_of(answer, free, lf), value_of(reference, free, lf)):
            matters.append(p)
    if not matters or all(p.name in written for p in matters):
        return None  # written in terms of the parameters, and wrong: another mistake
    shown = [(p.shown, f"{p.shown} = {defaults[p.name]:g}") for p in matters]
    names = Text(", ".join(s for s, _ in shown), "、".join(s for s, _ in shown))
    given = Text(" and ".join(v for _, v in shown), "且".join(v for _, v in shown))
    mistake = BY_KEY["default_parameter_only"]
    explanation = Text(mistake.explanation.en.format(values=given.en, names=names.en, form=act.exam_form_text),
                       mistake.explanation.zh.format(values=given.zh, names=names.zh, form=act.exam_form_text))  # fmt: skip
    verdict = Text("right for {v}; write it in terms of {n}", "在 {v} 时正确；请用 {n} 表示")
    verdict = Text(
        verdict.en.format(v=given.en, n=names.en), verdict.zh.format(v=given.zh, n=names.zh)
    )
    return mistake.with_explanation(explanation), verdict


def diagnose(act: Activation, answer: Node, reference: Node, lf: Any) -> Mistake | None:
    """The catalogued mistake that reproduces ``answer`` (``None`` if none does)."""
    values = point_values(act)
    given, correct = value_of(answer, values, lf), value_of(reference, values, lf)
    if given is None:
        return None
    for key, tree in rewrites(act):
        made = value_of(tree, values, lf)
        if made is None or same(made, correct) or not np.any(np.abs(made) > 1e-9):
            continue
        if same(given, made):
            return explained(key, act.exam_form_text)
    return None
