"""Derivatives with steps (COURSE.md C2, C5): the function, SymPy's raw derivative, the exam form.

``differentiate(expr, x)`` returns a tree of :class:`Step` nodes, one per rule (chain, product,
quotient, power, exp, log, constant, sum, piecewise, rewrite-in-terms-of-the-output). Every node
holds the expression it differentiates, its sub-steps and its result, so that
``sp.diff(node.expr, node.var)`` equals ``node.result`` (the tests check every node).

``derive(name)`` builds a :class:`Derivation` for any activation or loss of the catalog: the
steps, the exam form written as the course does (``a(1−a)``, ``1−a²``, ``σ(x)``, ``y − t``…) and a
:class:`Proof` that the exam form equals the raw derivative.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from ..catalog import ACTIVATIONS, KINK_CONVENTION, LOSSES, Activation, Loss
from ..i18n import Text
from .algebra import SYMPY
from .functions import FUNCTIONS, CatalogFunction, param_symbols
from .printing import text, to_sigmoid

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

_PIECEWISE_HEADS = (sp.Max, sp.Min, sp.Heaviside, sp.sign)


def differentiate(expr: Any, var: sp.Symbol, kinks: Sequence[float] = ()) -> Step:
    """The step tree of ``d(expr)/d(var)``. ``kinks`` (points in ``var``) split Max/Min into cases."""
    expr = sp.sympify(expr)
    if kinks and expr.has(*_PIECEWISE_HEADS):
        return _by_cases(expr, var, kinks)
    return _diff(expr, var)


def _diff(e: Any, x: sp.Symbol) -> Step:
    if not e.has(x):
        return Step("constant", e, x, sp.S.Zero)
    if e == x:
        return Step("variable", e, x, sp.S.One)
    if isinstance(e, sp.Add):
        subs = [_diff(term, x) for term in e.args]
        return Step("sum", e, x, sp.Add(*(s.result for s in subs)), subs)
    if isinstance(e, sp.Mul):
        return _mul(e, x)
    if isinstance(e, sp.Pow):
        return _pow(e, x)
    if isinstance(e, sp.Piecewise):
        return _piecewise(e, x)
    if isinstance(e, sp.Function) and len(e.args) >= 1:
        return _function(e, x)
    return Step("known", e, x, sp.diff(e, x))


def _mul(e: sp.Mul, x: sp.Symbol) -> Step:
    coeff, rest = e.as_independent(x, as_Add=False)
    if coeff != 1:
        inner = _diff(rest, x)
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
    du, dv = _diff(u, x), _diff(v, x)
    result = du.result * v + u * dv.result
    return Step(
        "product", e, x, result, [du, dv], {"u": u, "v": v, "u′": du.result, "v′": dv.result}
    )


def _quotient(e: Any, u: Any, v: Any, x: sp.Symbol) -> Step:
    du, dv = _diff(u, x), _diff(v, x)
    result = (du.result * v - u * dv.result) / v**2
    parts = {"u": u, "v": v, "u′": du.result, "v′": dv.result}
    return Step("quotient", e, x, result, [du, dv], parts)


def _pow(e: sp.Pow, x: sp.Symbol) -> Step:
    base, n = e.args
    if n.has(x):
        if base.has(x):
            return Step("known", e, x, sp.diff(e, x))
        as_exp = sp.exp(n * sp.log(base))
        inner = _diff(n * sp.log(base), x)
        return Step("exp", e, x, e * inner.result, [inner], {"eᵘ": as_exp, "u": n * sp.log(base)})
    if isinstance(base, sp.Add) and n == -1:
        return _quotient(e, sp.S.One, base, x)
    if base == x:
        return Step("power", e, x, n * x ** (n - 1), [], {"n": n})
    u = sp.Dummy("u", real=True)
    outer = Step("power", u**n, u, n * u ** (n - 1), [], {"n": n})
    return _chain(e, x, outer, u, base)


def _chain(e: Any, x: sp.Symbol, outer: Step, u: sp.Dummy, inner_expr: Any) -> Step:
    inner = _diff(inner_expr, x)
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


def _piecewise(e: sp.Piecewise, x: sp.Symbol) -> Step:
    subs = [_diff(value, x) for value, _ in e.args]
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


def _probes(kinks: Sequence[float]) -> list[sp.Rational]:
    """One point inside every interval between consecutive kinks (and beyond both ends)."""
    ks = sorted(sp.nsimplify(k) for k in kinks)
    probes = [ks[0] - 1]
    probes += [(a + b) / 2 for a, b in zip(ks, ks[1:], strict=False)]
    return probes + [ks[-1] + 1]


def _by_cases(expr: Any, x: sp.Symbol, kinks: Sequence[float]) -> Step:
    """Write ``expr`` by cases at its kinks (left-closed: x ≤ k takes the left piece)."""
    ks = sorted(sp.nsimplify(k) for k in kinks)
    pieces = [restrict(expr, x, p) for p in _probes(kinks)]
    conds = [x <= k for k in ks] + [sp.true]
    cases = sp.Piecewise(*zip(pieces, conds, strict=False))
    subs = [_diff(piece, x) for piece in pieces]
    result = sp.Piecewise(*((s.result, c) for s, c in zip(subs, conds, strict=False)))
    return Step("piecewise", expr, x, result, subs, {"cases": cases}, KINK_CONVENTION)


# ----------------------------------------------------------------------------- proofs


@dataclass
class Proof:
    """How the exam form was shown equal to SymPy's raw derivative.

    ``method`` is ``symbolic`` (simplify(raw − exam) = 0), ``symbolic by cases`` (the same on each
    interval between kinks) or ``numeric`` (random points, 30 digits); ``max_error`` is the largest
    |raw − exam| seen at the random points, which are always tried.
    """

    method: str
    points: int
    max_error: float

    @property
    def holds(self) -> bool:
        return self.max_error < 1e-20

    def describe(self) -> Text:
        if self.method == "symbolic":
            how = Text("simplify(raw − exam form) = 0", "simplify(原始导数 − 考试形式) = 0")
        elif self.method == "symbolic by cases":
            how = Text(
                "simplify(raw − exam form) = 0 on every interval between the kinks",
                "在各不可导点之间的每个区间上 simplify(原始导数 − 考试形式) = 0",
            )
        else:
            how = Text("simplification cannot decide", "化简无法判定")
        return how + Text(
            f"; max |raw − exam form| at {self.points} random points: {self.max_error:.1e}",
            f"；在 {self.points} 个随机点上 |原始导数 − 考试形式| 的最大值：{self.max_error:.1e}",
        )


def as_elementary(expr: Any) -> Any:
    """Replace every catalog function call by its catalog formula."""
    return sp.sympify(expr).replace(lambda e: isinstance(e, CatalogFunction), lambda e: e.raw())


def tidy(expr: Any, limit: int = 40) -> Any:
    """``simplify(expr)`` for expressions small enough to simplify fast; others unchanged."""
    expr = sp.sympify(expr)
    if sp.count_ops(expr) > limit:
        return expr
    return sp.simplify(expr)


def _is_zero(expr: Any) -> bool:
    expr = sp.sympify(expr)
    try:
        if sp.expand(expr) == 0:
            return True
        return sp.simplify(expr.rewrite(sp.exp)) == 0
    except (TypeError, ValueError, NotImplementedError):  # pragma: no cover - SymPy gave up
        return False


def random_points(
    symbols: Sequence[sp.Symbol], count: int, seed: int, kinks: Sequence[float] = ()
) -> list[dict[sp.Symbol, sp.Rational]]:
    """Rational points in [−3, 3] (parameters in [0.2, 2]), at least 0.05 away from kinks."""
    rng = random.Random(seed)
    points = []
    while len(points) < count:
        point = {}
        for s in symbols:
            if s.name in ("alpha", "beta", "gamma", "k") or s.name.startswith(("gamma", "alpha")):
                point[s] = sp.Rational(rng.randint(20, 200), 100)
            else:
                point[s] = sp.Rational(rng.randint(-3000, 3000), 1000)
        if all(abs(float(v) - k) > 0.05 for v in point.values() for k in kinks):
            points.append(point)
    return points


def max_difference(a: Any, b: Any, symbols: Sequence[sp.Symbol], points: list[dict]) -> float:
    """max |a − b| over the points, evaluated with 30 significant digits."""
    worst = 0.0
    ea, eb = as_elementary(a), as_elementary(b)
    for point in points:
        va = sp.N(ea.subs(point), 30)
        vb = sp.N(eb.subs(point), 30)
        worst = max(worst, float(abs(va - vb)))
    return worst


def prove_equal(
    raw: Any, exam: Any, symbols: Sequence[sp.Symbol], x: sp.Symbol, kinks: Sequence[float] = ()
) -> Proof:
    """Prove ``raw == exam`` symbolically if SymPy can; always also at 12 random points."""
    points = random_points(symbols, 12, seed=7, kinks=kinks)
    error = max_difference(raw, exam, symbols, points)
    ea, eb = as_elementary(raw), as_elementary(exam)
    if kinks:
        same = all(_is_zero(restrict(ea - eb, x, p)) for p in _probes(kinks))
        method = "symbolic by cases" if same else "numeric"
    else:
        method = "symbolic" if _is_zero(ea - eb) else "numeric"
    return Proof(method, len(points), error)


# ----------------------------------------------------------------------------- derivations


@dataclass
class Derivative:
    """``d function / d var``: the raw SymPy result, the exam form, the steps and the proof."""

    var: sp.Symbol
    function: Any
    raw: Any
    raw_simplified: Any
    exam_form: Any
    steps: list[Step]
    proof: Proof
    exam_form_text: str = ""
    title: Text = Text("", "")


@dataclass
class Derivation:
    """Everything ``studykit derive NAME`` prints for one activation or loss."""

    name: str
    kind: str  # "activation" | "loss"
    title: Text
    main: Derivative
    params: dict[str, float]  # default of every parameter symbol that appears
    param_derivatives: dict[str, Derivative] = field(default_factory=dict)
    extra: list[Derivative] = field(default_factory=list)  # composite forms (σ(s) − t …)
    variables: dict[str, Text] = field(default_factory=dict)
    notes: list[Text] = field(default_factory=list)
    exam_symbols: dict[str, Any] = field(default_factory=dict)  # name -> its definition

    def all_steps(self) -> Iterator[Step]:
        for d in [self.main, *self.param_derivatives.values(), *self.extra]:
            for step in d.steps:
                yield from step.walk()


def _rewrite_step(function: Any, x: sp.Symbol, before: Any, exam: Any, output: Any) -> Step:
    """``before`` → ``exam`` (a form that uses ``output`` = the function itself)."""
    in_x = as_elementary(exam)
    parts = {"a": output, "a (in x)": as_elementary(output), "exam form (in x)": in_x}
    if in_x != before:
        parts["combined"] = before
    note = Text(
        "substitute a = f(x) back: both sides agree (proof below)",
        "把 a = f(x) 代回：两边相等（证明见下）",
    )
    step = Step("rewrite", function, x, exam, [], parts, note)
    step.parts["before"] = before
    return step


def _simplify_step(function: Any, x: sp.Symbol, before: Any) -> Step | None:
    """A simplification that uses no new functions (no ``cosh`` that the exam never writes)."""
    after = tidy(before)
    if {type(f) for f in after.atoms(sp.Function)} - {type(f) for f in before.atoms(sp.Function)}:
        return None
    if after == before or sp.count_ops(after) >= sp.count_ops(before):
        after = sp.factor(before)
        if after == before or sp.count_ops(after) >= sp.count_ops(before):
            return None
    return Step("simplify", function, x, after, [], {"before": before})


def _activation_symbols(act: Activation) -> tuple[dict[str, Any], dict[str, float]]:
    symbols: dict[str, Any] = {}
    defaults: dict[str, float] = {}
    for p in act.params:
        if p.integer:
            symbols[p.name] = int(p.default)
        else:
            symbols[p.name] = param_symbols(act.name)[p.name]
            defaults[p.name] = p.default
    return symbols, defaults


def derive_activation(name: str) -> Derivation:
    """Steps, exam form and proof for an activation of the catalog."""
    act = ACTIVATIONS[name]
    if not act.elementwise:
        return _derive_vector_activation(act)
    x = sp.Symbol("x", real=True)
    p, defaults = _activation_symbols(act)
    f = act.formula(SYMPY, x, p)
    symbols = [x, *(v for v in p.values() if isinstance(v, sp.Symbol))]
    output = FUNCTIONS[name](x, *p.values())
    exam = to_sigmoid(act.exam_form(SYMPY, x, output, p))
    main = _derivative(f, x, exam, symbols, act.kinks, output, act.exam_form_text)
    params: dict[str, Derivative] = {}
    forms = act.param_exam_forms(SYMPY, x, p) if act.param_exam_forms else {}
    for pname, form in forms.items():
        theta = p[pname]
        params[pname] = _derivative(f, theta, to_sigmoid(form), symbols, act.kinks, None, "", x)
    notes = [act.note]
    if act.kinks:
        notes.append(KINK_CONVENTION)
    used = set().union(*(sp.sympify(e).free_symbols for e in (f, main.raw, exam)))
    return Derivation(
        name,
        "activation",
        act.title,
        main,
        {k: v for k, v in defaults.items() if p[k] in used},
        params,
        variables={"x": Text("net input z", "净输入 z")},
        notes=notes,
    )


def _derivative(
    f: Any,
    var: sp.Symbol,
    exam: Any,
    symbols: Sequence[sp.Symbol],
    kinks: Sequence[float],
    output: Any | None,
    exam_text: str,
    kink_var: sp.Symbol | None = None,
) -> Derivative:
    kink_var = kink_var if kink_var is not None else var
    tree = differentiate(f, var, kinks if kink_var == var else ())
    if kinks and kink_var != var and f.has(*_PIECEWISE_HEADS):
        tree = _diff_param_by_cases(f, var, kink_var, kinks)
    steps = [tree]
    current = tree.result
    rewrites = output is not None and exam.has(output)
    simplified = None if rewrites or kinks else _simplify_step(f, var, current)
    if simplified is not None:
        steps.append(simplified)
        current = simplified.result
    if rewrites:
        steps.append(_rewrite_step(f, var, current, exam, output))
    elif sp.srepr(exam) != sp.srepr(current):
        steps.append(Step("rewrite", f, var, exam, [], {"before": current}, _SAME_VALUE))
    raw = sp.diff(f, var)
    proof = prove_equal(raw, exam, symbols, kink_var, kinks)
    raw_simplified = tidy(raw)
    return Derivative(var, f, raw, raw_simplified, exam, steps, proof, exam_text)


_SAME_VALUE = Text(
    "the exam form: the same value, written as the course does", "考试形式：值相同，按课程的写法"
)


def _diff_param_by_cases(f: Any, theta: sp.Symbol, x: sp.Symbol, kinks: Sequence[float]) -> Step:
    ks = sorted(sp.nsimplify(k) for k in kinks)
    pieces = [restrict(f, x, p) for p in _probes(kinks)]
    conds = [x <= k for k in ks] + [sp.true]
    subs = [_diff(piece, theta) for piece in pieces]
    result = sp.Piecewise(*((s.result, c) for s, c in zip(subs, conds, strict=False)))
    cases = sp.Piecewise(*zip(pieces, conds, strict=False))
    return Step("piecewise", f, theta, result, subs, {"cases": cases}, KINK_CONVENTION)


# ----------------------------------------------------------------------------- vector activations


def _derive_vector_activation(act: Activation) -> Derivation:
    n = 3 if act.name == "softmax" else 2
    xs = list(sp.symbols(f"x1:{n + 1}", real=True))
    p = {"k": 2} if act.name == "maxout" else {}
    outputs = act.formula(SYMPY, xs, p)
    if act.name == "softmax":
        ys = list(sp.symbols(f"y1:{n + 1}", positive=True))
        definitions = dict(zip(ys, outputs, strict=False))
        exam = sp.Matrix(act.exam_form(SYMPY, xs, ys, p))
        extra = []
        for var, form in ((xs[0], ys[0] * (1 - ys[0])), (xs[1], -ys[0] * ys[1])):
            d = _derivative(outputs[0], var, form.xreplace(definitions), xs, (), None, "")
            d.exam_form = form
            d.steps[-1] = Step(
                "rewrite",
                d.function,
                d.var,
                form,
                [],
                {"before": d.steps[-1].parts["before"]},
                _Y_NOTE,
                definitions,
            )
            extra.append(d)
        raw = sp.Matrix(outputs).jacobian(xs)
        proof = prove_equal(
            sp.Add(*(v**2 for v in raw - exam.xreplace(definitions))), sp.S.Zero, xs, xs[0]
        )
        main = Derivative(
            xs[0],
            sp.Matrix(outputs),
            raw,
            raw,
            exam,
            [],
            proof,
            act.exam_form_text,
            Text("Jacobian ∂y/∂x", "雅可比矩阵 ∂y/∂x"),
        )
        exam_symbols: dict[str, Any] = {str(y): d for y, d in definitions.items()}
    else:
        f = outputs[0]
        exam = sp.Matrix(act.exam_form(SYMPY, xs, outputs, p))
        tree = _piecewise(f.rewrite(sp.Piecewise), xs[0])
        tree.expr = f
        raw = sp.Matrix([f]).jacobian(xs)
        points = random_points(xs, 12, seed=3)
        error = max(max_difference(raw[0, j], exam[0, j], xs, points) for j in range(len(xs)))
        main = Derivative(
            xs[0],
            f,
            raw,
            raw,
            exam,
            [tree],
            Proof("numeric", len(points), error),
            act.exam_form_text,
        )
        extra = []
        exam_symbols = {}
    return Derivation(
        act.name,
        "activation",
        act.title,
        main,
        {},
        extra=extra,
        variables={str(v): Text(f"net input z{v.name[1:]}", f"净输入 z{v.name[1:]}") for v in xs},
        notes=[act.note],
        exam_symbols=exam_symbols,
    )


_Y_NOTE = Text(
    "write eˣ¹/Σⱼeˣʲ = y₁ (the output) and eˣ²/Σⱼeˣʲ = y₂",
    "记 eˣ¹/Σⱼeˣʲ = y₁（输出值），eˣ²/Σⱼeˣʲ = y₂",
)


# ----------------------------------------------------------------------------- losses


def derive_loss(name: str) -> Derivation:
    """∂ℓ/∂ŷ₁ with steps (∂ℓ/∂z₁ for a loss on logits), its exam form and proof."""
    loss = LOSSES[name]
    n = 3 if (loss.on_logits or name == "mse_mean") else 1
    if n == 1:
        ys, ts = [sp.Symbol("y", real=True)], [sp.Symbol("t", real=True)]
    else:
        ys = list(sp.symbols(f"y1:{n + 1}", real=True))
        ts = list(sp.symbols(f"t1:{n + 1}", real=True))
    if loss.needs_probabilities:
        ys = [sp.Symbol(y.name, positive=True) for y in ys]
    f = loss.formula(SYMPY, ys, ts)
    exam = sp.factor_terms(loss.exam_grad(SYMPY, ys, ts)[0])
    symbols = [*ys, *ts]
    kinks = _loss_kinks(loss, ys[0], ts[0])
    main = _derivative(f, ys[0], exam, symbols, (), None, loss.grad_text)
    if kinks:
        main.proof = _prove_loss_by_cases(main.raw, exam, symbols, ys[0], ts[0], loss.kinks)
    extra: list[Derivative] = []
    notes = [loss.note] if loss.note.en else []
    if n == 1:
        notes.insert(
            0,
            Text(
                "the loss is a sum over the outputs i; ∂/∂ŷᵢ touches only term i, "
                "so one output is enough (y = ŷᵢ, t = tᵢ)",
                "损失是对各输出 i 求和；∂/∂ŷᵢ 只作用于第 i 项，所以看一个输出即可（y = ŷᵢ，t = tᵢ）",
            ),
        )
    if loss.on_logits:
        extra.append(_softmax_ce_exam(ys, ts, main))
    if name == "binary_cross_entropy":
        extra.append(_after_sigmoid(loss, ts[0]))
    variables = {
        "y": Text("prediction ŷ (the network's output)", "预测值 ŷ（网络输出）"),
        "t": Text("target", "目标值"),
    }
    if loss.on_logits:
        variables = {
            "y": Text("logits z (the output layer's net input)", "logits z（输出层的净输入）"),
            "t": Text("target distribution (Σt = 1)", "目标分布（Σt = 1）"),
        }
    return Derivation(name, "loss", loss.title, main, {}, {}, extra, variables, notes)


def _loss_kinks(loss: Loss, y: sp.Symbol, t: sp.Symbol) -> list[Any]:
    return [t + sp.nsimplify(k) for k in loss.kinks]


def _prove_loss_by_cases(
    raw: Any, exam: Any, symbols: Sequence[sp.Symbol], y: sp.Symbol, t: sp.Symbol, kinks: Any
) -> Proof:
    """Kinks sit at y = t + k: compare on every interval with d = y − t as the variable."""
    d = sp.Symbol("d", real=True)
    diff_d = (as_elementary(raw) - as_elementary(exam)).xreplace({y: t + d})
    same = all(_is_zero(restrict(diff_d, d, p)) for p in _probes(kinks))
    points = random_points(symbols, 12, seed=11)
    points = [pt for pt in points if all(abs(float(pt[y] - pt[t]) - k) > 0.05 for k in kinks)]
    error = max_difference(raw, exam, symbols, points)
    return Proof("symbolic by cases" if same else "numeric", len(points), error)


def _softmax_ce_exam(ys: list[sp.Symbol], ts: list[sp.Symbol], main: Derivative) -> Derivative:
    """With Σt = 1 and p = softmax(z): ∂L/∂z₁ = p₁ − t₁ (the exam's ``y − t``)."""
    p1 = sp.Symbol("p1", positive=True)
    softmax1 = sp.exp(ys[0]) / sp.Add(*(sp.exp(v) for v in ys))
    after_sum = main.exam_form.xreplace({ts[-1]: 1 - sp.Add(*ts[:-1])})
    step_sum = Step(
        "substitute",
        main.function,
        ys[0],
        sp.simplify(after_sum),
        [],
        {"before": main.exam_form, "Σt": sp.S.One},
        Text("the targets sum to 1: Σⱼ tⱼ = 1", "目标值之和为 1：Σⱼ tⱼ = 1"),
        {ts[-1]: 1 - sp.Add(*ts[:-1])},
    )
    exam = p1 - ts[0]
    step_p = Step(
        "rewrite",
        main.function,
        ys[0],
        exam,
        [],
        {"before": step_sum.result, "p1": softmax1},
        Text("write p₁ = softmax(z)₁ = e^(z₁)/Σⱼ e^(zⱼ)", "记 p₁ = softmax(z)₁ = e^(z₁)/Σⱼ e^(zⱼ)"),
        {p1: softmax1, ts[-1]: 1 - sp.Add(*ts[:-1])},
    )
    in_z = exam.xreplace({p1: softmax1})
    target_sum = {ts[-1]: 1 - sp.Add(*ts[:-1])}
    symbols = [*ys, *ts[:-1]]
    proof = prove_equal(main.raw.xreplace(target_sum), in_z, symbols, ys[0])
    return Derivative(
        ys[0],
        main.function,
        main.raw,
        main.raw_simplified,
        exam,
        [step_sum, step_p],
        proof,
        "p − t",
        Text("with Σt = 1: ∂L/∂z = p − t", "当 Σt = 1：∂L/∂z = p − t"),
    )


def _after_sigmoid(loss: Loss, t: sp.Symbol) -> Derivative:
    """L(σ(s)): ∂L/∂s = σ(s) − t, and for t = 1 (cs224n's J = −log σ(s)) σ(s) − 1."""
    s = sp.Symbol("s", real=True)
    sigma = FUNCTIONS["sigmoid"](s)
    f = loss.formula(SYMPY, [sigma], [t])
    tree = differentiate(f, s)
    simplified = sp.simplify(tree.result)
    steps = [tree, Step("simplify", f, s, simplified, [], {"before": tree.result})]
    steps.append(
        Step(
            "substitute",
            f,
            s,
            sigma - 1,
            [],
            {"before": simplified, "t": sp.S.One},
            Text("t = 1 gives cs224n's J = −log σ(s)", "t = 1 即 cs224n 的 J = −log σ(s)"),
            {t: sp.S.One},
        )
    )
    exam = sigma - t
    proof = prove_equal(sp.diff(as_elementary(f), s), exam, [s, t], s)
    return Derivative(
        s,
        f,
        sp.diff(f, s),
        simplified,
        exam,
        steps,
        proof,
        "σ(s) − t",
        Text("after a sigmoid, y = σ(s): ∂L/∂s", "经过 sigmoid 后 y = σ(s)：∂L/∂s"),
    )


# ----------------------------------------------------------------------------- entry point


def derive(name: str) -> Derivation:
    """The derivation for a catalog activation or loss (``KeyError`` if unknown)."""
    if name in ACTIVATIONS:
        return derive_activation(name)
    if name in LOSSES:
        return derive_loss(name)
    raise KeyError(name)


def catalog_names() -> list[str]:
    """Every name ``derive`` accepts: activations, then losses."""
    return [*ACTIVATIONS, *LOSSES]
