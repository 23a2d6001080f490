"""Derivations (COURSE.md C2, C5): ``derive(name)`` builds a :class:`Derivation` for any activation
or loss of the catalog: the function, SymPy's raw derivative, the steps (:mod:`.differentiate`),
the exam form written as the course does (``a(1−a)``, ``1−a²``, ``σ(x)``, ``y − t``…) and a
:class:`~.proof.Proof` that the exam form equals the raw derivative (:mod:`.proof`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import sympy as sp

from ..catalog import ACTIVATIONS, KINK_CONVENTION, LOSSES, Activation, Loss
from ..i18n import Text
from .algebra import SYMPY
from .differentiate import (
    PIECEWISE_HEADS,
    Step,
    diff_tree,
    differentiate,
    piecewise_tree,
    probes,
    restrict,
)
from .functions import FUNCTIONS, param_symbols
from .printing import to_sigmoid
from .proof import (
    Proof,
    as_elementary,
    is_zero,
    max_difference,
    prove_equal,
    random_points,
    tidy,
)

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
    """Everything ``studykit derive NAME`` prints for one activation or loss (shared: read only)."""

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


@cache
def derive_activation(name: str) -> Derivation:
    """Steps, exam form and proof for an activation of the catalog (derived once a process;
    a Derivation is read, never changed, by everything that prints it)."""
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
    if kinks and kink_var != var and f.has(*PIECEWISE_HEADS):
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
    pieces = [restrict(f, x, p) for p in probes(kinks)]
    conds = [x <= k for k in ks] + [sp.true]
    subs = [diff_tree(piece, theta) for piece in pieces]
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
        tree = piecewise_tree(f.rewrite(sp.Piecewise), xs[0])
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


@cache
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
    same = all(is_zero(restrict(diff_d, d, p)) for p in probes(kinks))
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
