"""Differentiation with steps (COURSE.md C2, C5): ``differentiate(expr, x)`` returns a tree of
:class:`Step` nodes, one per rule (chain, product, quotient, power, exp, log, constant, sum,
piecewise). Every node holds the expression it differentiates, its sub-steps and its result, so
``sp.diff(node.expr, node.var)`` equals ``node.result`` (the tests check every node)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from ..catalog import KINK_CONVENTION
from ..i18n import Text
from .functions import CatalogFunction
from .printing import text

#: Rule name → (title, the rule as a formula), in both languages.
RULES: dict[str, tuple[Text, str]] = {
    "constant": (Text("constant rule", "常数法则"), "d/dx c = 0"),
    "variable": (Text("derivative of the variable", "自变量的导数"), "d/dx x = 1"),
    "sum": (Text("sum rule", "和法则"), "(u + v)′ = u′ + v′"),
    "constant_multiple": (Text("constant multiple rule", "常数倍法则"), "(c·u)′ = c·u′"),
    "product": (Text("product rule", "乘积法则"), "(u·v)′ = u′·v + u·v′"),
    "quotient": (Text("quotient rule", "商法则"), "(u/v)′ = (u′·v − u·v′)/v²"),
    "power": (Text("power rule", "幂法则"), "(uⁿ)′ = n·uⁿ⁻¹"),
    "exp": (Text("exponential rule", "指数函数求导法则"), "(eᵘ)′ = eᵘ"),
    "log": (Text("logarithm rule", "对数函数求导法则"), "(log u)′ = 1/u"),
    "chain": (Text("chain rule", "链式法则"), "d/dx f(u) = f′(u)·du/dx"),
    "known": (Text("known derivative", "基本导数公式"), ""),
    "piecewise": (Text("piecewise cases", "分段求导"), "differentiate each case"),
    "rewrite": (
        Text("rewrite in terms of the output", "用输出值改写"),
        "a = f(x)",
    ),
    "simplify": (Text("simplify", "化简"), ""),
    "substitute": (Text("substitute", "代入"), ""),
}

#: Derivatives the course treats as known, with the reason shown to the student.
KNOWN = {
    "tanh": Text("d/du tanh(u) = 1 − tanh²(u)", "d/du tanh(u) = 1 − tanh²(u)"),
    "erf": Text("d/du erf(u) = (2/√π)·e^(−u²)", "d/du erf(u) = (2/√π)·e^(−u²)"),
    "Abs": Text("d/du |u| = sign(u) for u ≠ 0", "u ≠ 0 时 d/du |u| = sign(u)"),
    "sigmoid": Text("d/du σ(u) = σ(u)(1 − σ(u))", "d/du σ(u) = σ(u)(1 − σ(u))"),
}


@dataclass
class Step:
    """One rule applied: ``d(expr)/d(var) = result``, justified by ``substeps``.

    ``parts`` names the pieces the rule uses (``u``, ``v``, ``u′``, ``v′``, ``n``, ``f′(u)``…).
    ``given`` holds what the result assumes (``y₁ = softmax(x)₁``, ``t = 1``): the equation holds
    once it is substituted into both sides.
    """

    rule: str
    expr: Any
    var: sp.Symbol
    result: Any
    substeps: list[Step] = field(default_factory=list)
    parts: dict[str, Any] = field(default_factory=dict)
    note: Text | None = None
    given: dict[Any, Any] = field(default_factory=dict)

    @property
    def title(self) -> Text:
        return RULES[self.rule][0]

    @property
    def formula(self) -> str:
        return RULES[self.rule][1]

    def walk(self) -> Iterator[Step]:
        """This node and every node below it, depth first."""
        yield self
        for sub in self.substeps:
            yield from sub.walk()


# ----------------------------------------------------------------------------- the rule engine

PIECEWISE_HEADS = (sp.Max, sp.Min, sp.Heaviside, sp.sign)


def differentiate(expr: Any, var: sp.Symbol, kinks: Sequence[float] = ()) -> Step:
    """The step tree of ``d(expr)/d(var)``. ``kinks`` (points in ``var``) split Max/Min into cases."""
    expr = sp.sympify(expr)
    if kinks and expr.has(*PIECEWISE_HEADS):
        return _by_cases(expr, var, kinks)
    return diff_tree(expr, var)


def diff_tree(e: Any, x: sp.Symbol) -> Step:
    if not e.has(x):
        return Step("constant", e, x, sp.S.Zero)
    if e == x:
        return Step("variable", e, x, sp.S.One)
    if isinstance(e, sp.Add):
        subs = [diff_tree(term, x) for term in e.args]
        return Step("sum", e, x, sp.Add(*(s.result for s in subs)), subs)
    if isinstance(e, sp.Mul):
        return _mul(e, x)
    if isinstance(e, sp.Pow):
        return _pow(e, x)
    if isinstance(e, sp.Piecewise):
        return piecewise_tree(e, x)
    if isinstance(e, sp.Function) and len(e.args) >= 1:
        return _function(e, x)
    return Step("known", e, x, sp.diff(e, x))


def _mul(e: sp.Mul, x: sp.Symbol) -> Step:
    coeff, rest = e.as_independent(x, as_Add=False)
    if coeff != 1:
        inner = diff_tree(rest, x)
        return Step(
            "constant_multiple", e, x, coeff * inner.result, [inner], {"c": coeff, "u": rest}
        )
    factors = rest.args
    denominators = [
        f for f in factors if isinstance(f, sp.Pow) and f.exp == -1 and isinstance(f.base, sp.Add)
    ]
    if denominators:
        v = sp.Mul(*(f.base for f in denominators))
        u = sp.Mul(*(f for f in factors if f not in denominators))
        return _quotient(e, u, v, x)
    u, v = factors[0], sp.Mul(*factors[1:])
    du, dv = diff_tree(u, x), diff_tree(v, x)
    result = du.result * v + u * dv.result
    return Step(
        "product", e, x, result, [du, dv], {"u": u, "v": v, "u′": du.result, "v′": dv.result}
    )


def _quotient(e: Any, u: Any, v: Any, x: sp.Symbol) -> Step:
    du, dv = diff_tree(u, x), diff_tree(v, x)
    result = (du.result * v - u * dv.result) / v**2
    parts = {"u": u, "v": v, "u′": du.result, "v′": dv.result}
    return Step("quotient", e, x, result, [du, dv], parts)


def _pow(e: sp.Pow, x: sp.Symbol) -> Step:
    base, n = e.args
    if n.has(x):
        if base.has(x):
            return Step("known", e, x, sp.diff(e, x))
        as_exp = sp.exp(n * sp.log(base))
        inner = diff_tree(n * sp.log(base), x)
        return Step("exp", e, x, e * inner.result, [inner], {"eᵘ": as_exp, "u": n * sp.log(base)})
    if isinstance(base, sp.Add) and n == -1:
        return _quotient(e, sp.S.One, base, x)
    if base == x:
        return Step("power", e, x, n * x ** (n - 1), [], {"n": n})
    u = sp.Dummy("u", real=True)
    outer = Step("power", u**n, u, n * u ** (n - 1), [], {"n": n})
    return _chain(e, x, outer, u, base)


def _chain(e: Any, x: sp.Symbol, outer: Step, u: sp.Dummy, inner_expr: Any) -> Step:
    inner = diff_tree(inner_expr, x)
    outer_at = outer.result.xreplace({u: inner_expr})
    parts = {"u": inner_expr, "f′(u)": outer_at, f"du/d{text(x)}": inner.result}
    return Step("chain", e, x, outer_at * inner.result, [outer, inner], parts)


def _function(e: Any, x: sp.Symbol) -> Step:
    if len(e.args) > 1 and any(a.has(x) for a in e.args[1:]):
        return Step("known", e, x, sp.diff(e, x))
    arg = e.args[0]
    u = sp.Dummy("u", real=True)
    outer_expr = e.func(u, *e.args[1:])
    if isinstance(e, sp.exp):
        outer = Step("exp", outer_expr, u, outer_expr)
    elif isinstance(e, sp.log):
        outer = Step("log", outer_expr, u, 1 / u)
    elif isinstance(e, CatalogFunction | sp.tanh | sp.erf | sp.Abs):
        key = type(e).__name__ if not isinstance(e, CatalogFunction) else type(e).__name__
        outer = Step("known", outer_expr, u, sp.diff(outer_expr, u), note=KNOWN.get(key))
    else:
        outer = Step("known", outer_expr, u, sp.diff(outer_expr, u))
    if arg == x:
        outer_x = outer.result.xreplace({u: x})
        return Step(outer.rule, e, x, outer_x, [], dict(outer.parts), outer.note)
    return _chain(e, x, outer, u, arg)


def piecewise_tree(e: sp.Piecewise, x: sp.Symbol) -> Step:
    subs = [diff_tree(value, x) for value, _ in e.args]
    result = sp.Piecewise(*((s.result, cond) for s, (_, cond) in zip(subs, e.args, strict=False)))
    return Step("piecewise", e, x, result, subs, {"cases": e}, KINK_CONVENTION)


def restrict(expr: Any, x: sp.Symbol, probe: Any) -> Any:
    """``expr`` on the interval that contains ``probe``: Max/Min/Piecewise/sign resolved there.

    Other symbols (the parameters γ, α, β, all positive in the course) are taken as 1 to decide.
    """

    def at(e: Any) -> Any:
        e = e.subs(x, probe)
        return e.subs({s: 1 for s in e.free_symbols})

    def pick_max(*args: Any) -> Any:
        return max(args, key=lambda a: float(at(a)))

    def pick_min(*args: Any) -> Any:
        return min(args, key=lambda a: float(at(a)))

    def pick_case(*pairs: Any) -> Any:
        for value, cond in pairs:
            if cond is sp.true or bool(at(cond)):
                return value
        raise ValueError("no case applies")

    out = expr
    for _ in range(4):
        out = out.replace(sp.Max, pick_max).replace(sp.Min, pick_min)
        out = out.replace(sp.Piecewise, lambda *pairs: pick_case(*pairs))
        out = out.replace(sp.Heaviside, lambda *a: sp.S.One if float(at(a[0])) > 0 else sp.S.Zero)
        out = out.replace(sp.sign, lambda a: sp.S.One if float(at(a)) > 0 else -sp.S.One)
        out = out.replace(sp.Abs, lambda a: a if float(at(a)) > 0 else -a)
    return out


def probes(kinks: Sequence[float]) -> list[sp.Rational]:
    """One point inside every interval between consecutive kinks (and beyond both ends)."""
    ks = sorted(sp.nsimplify(k) for k in kinks)
    probes = [ks[0] - 1]
    probes += [(a + b) / 2 for a, b in zip(ks, ks[1:], strict=False)]
    return probes + [ks[-1] + 1]


def _by_cases(expr: Any, x: sp.Symbol, kinks: Sequence[float]) -> Step:
    """Write ``expr`` by cases at its kinks (left-closed: x ≤ k takes the left piece)."""
    ks = sorted(sp.nsimplify(k) for k in kinks)
    pieces = [restrict(expr, x, p) for p in probes(kinks)]
    conds = [x <= k for k in ks] + [sp.true]
    cases = sp.Piecewise(*zip(pieces, conds, strict=False))
    subs = [diff_tree(piece, x) for piece in pieces]
    result = sp.Piecewise(*((s.result, c) for s, c in zip(subs, conds, strict=False)))
    return Step("piecewise", expr, x, result, subs, {"cases": cases}, KINK_CONVENTION)
