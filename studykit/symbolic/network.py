"""Closed-form gradients of a small network (COURSE.md C7), checked against the engine.

For ``z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾``, ``a⁽ˡ⁾ = f_l(z⁽ˡ⁾)``:

- δ form: ``δ⁽ᴸ⁾ᵢ = ∂L/∂aᵢ · f′(zᵢ)``, ``δ⁽ˡ⁾ᵢ = f′(z⁽ˡ⁾ᵢ) Σₖ w⁽ˡ⁺¹⁾ₖᵢ δ⁽ˡ⁺¹⁾ₖ``,
  ``∂L/∂w⁽ˡ⁾ᵢⱼ = δ⁽ˡ⁾ᵢ a⁽ˡ⁻¹⁾ⱼ``, ``∂L/∂b⁽ˡ⁾ᵢ = δ⁽ˡ⁾ᵢ`` (f′ in the exam form, ``a(1 − a)``…);
- expanded: the same with every z, a, δ written out in the inputs, weights and targets.

Both are built by composition along the δ recursion (no ``diff``, no ``subs``) and evaluated with
``lambdify``: the δ form with its own definitions as the common subexpressions, the expanded form
with SymPy's ``cse``. The spec's values are then cross-checked against the engine's trace.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from ..catalog import ACTIVATIONS, LOSSES
from ..i18n import Text
from ..spec import NetworkSpec
from .algebra import SYMPY
from .functions import FUNCTIONS

MAX_WIDTH = 8
MAX_DEPTH = 4


class NetworkError(ValueError):
    """A spec this module cannot derive (too large, or no data to evaluate at)."""

    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(text.en)


def _sym(name: str) -> sp.Symbol:
    return sp.Symbol(name, real=True)


def _exact(value: Any) -> Any:
    """A spec number as an exact SymPy number; ``strict``: a string (never parsed) is refused."""
    return sp.nsimplify(value) if isinstance(value, float) else sp.sympify(value, strict=True)


@dataclass
class ClosedForm:
    """Symbols, the δ-recursion definitions and both forms of every parameter's gradient.

    Keys are textbook 1-based: ``W1[1,2]`` (∂L/∂w⁽¹⁾₁₂), ``b2[1]``, ``gamma1[2]``, ``alpha1``.
    """

    layers: tuple[int, ...]
    inputs: list[sp.Symbol]
    targets: list[sp.Symbol]
    weights: list[sp.Matrix]
    biases: list[sp.Matrix]
    learnable: dict[str, list[sp.Symbol]]  # "gamma1" -> symbols (1 for a scalar)
    definitions: list[tuple[sp.Symbol, Any]]  # z, a, δ in order of evaluation
    delta_form: dict[str, Any]
    expanded: dict[str, Any]
    shapes: dict[str, tuple[int, ...]]  # "W1" -> (rows, cols), "alpha1" -> ()
    loss: str = "mse"

    def free_symbols(self) -> list[sp.Symbol]:
        """Every input of the gradients: x, t, then W, b and learnable parameters by layer."""
        out = [*self.inputs, *self.targets]
        for index, (W, b) in enumerate(zip(self.weights, self.biases, strict=False), start=1):
            out += list(W) + list(b)
            for name, syms in self.learnable.items():
                if name.endswith(str(index)) and name[: -len(str(index))].isalpha():
                    out += syms
        return out

    def definition(self, symbol: sp.Symbol) -> Any:
        return dict(self.definitions)[symbol]


def closed_form(spec: NetworkSpec) -> ClosedForm:
    """The closed-form gradients of ``spec``'s network (its structure; values come later)."""
    if spec.depth > MAX_DEPTH or max(spec.layers) > MAX_WIDTH:
        raise NetworkError(
            Text(
                "closed forms are for exam-sized networks (at most {d} weight layers of width "
                "≤ {w}); this one is {s}",
                "闭式表达式只用于考试规模的网络（最多 {d} 个权重层，每层宽度 ≤ {w}）；该网络为 {s}",
            ).format(d=MAX_DEPTH, w=MAX_WIDTH, s="-".join(map(str, spec.layers)))
        )
    xs = [_sym(f"x{j}") for j in range(1, spec.layers[0] + 1)]
    ts = [_sym(f"t{i}") for i in range(1, spec.layers[-1] + 1)]
    weights, biases, learnable, shapes = [], [], {}, {}
    defs: list[tuple[sp.Symbol, Any]] = []
    a_prev: list[Any] = list(xs)
    layer_info = []
    for l, act_spec in enumerate(spec.activations, start=1):
        act = ACTIVATIONS[act_spec.name]
        rows, cols = spec.weight_shape(l)
        W = sp.Matrix(rows, cols, lambda i, j: _sym(f"w{l}_{i + 1}{j + 1}"))
        b = sp.Matrix(rows, 1, lambda i, j: _sym(f"b{l}_{i + 1}"))
        weights.append(W)
        biases.append(b)
        shapes[f"W{l}"], shapes[f"b{l}"] = (rows, cols), (rows,)
        zs = [_sym(f"z{l}_{r + 1}") for r in range(rows)]
        for r in range(rows):
            defs.append((zs[r], sum((W[r, j] * a_prev[j] for j in range(cols)), b[r, 0])))
        n = spec.layers[l]
        as_ = [_sym(f"a{l}_{i + 1}") for i in range(n)]
        params = _layer_params(act, act_spec.params, l, n, learnable, shapes)
        if act.elementwise:
            for i in range(n):
                defs.append((as_[i], FUNCTIONS[act.name](zs[i], *params[i].values())))
        else:
            outs = act.formula(SYMPY, zs, params[0])
            defs += list(zip(as_, outs, strict=False))
        layer_info.append((act, zs, as_, params, a_prev))
        a_prev = as_

    loss = LOSSES[spec.loss]
    grad_a: list[Any] = list(loss.exam_grad(SYMPY, a_prev, ts))
    delta_form: dict[str, Any] = {}
    for l in range(spec.depth, 0, -1):
        act, zs, as_, params, a_in = layer_info[l - 1]
        deltas = [_sym(f"delta{l}_{r + 1}") for r in range(len(zs))]
        if act.elementwise:
            values = [
                grad_a[i] * act.exam_form(SYMPY, zs[i], as_[i], params[i]) for i in range(len(zs))
            ]
        else:
            J = sp.Matrix(act.exam_form(SYMPY, zs, as_, params[0]))
            values = [
                sp.cancel(sum(J[i, r] * grad_a[i] for i in range(len(as_)))) for r in range(len(zs))
            ]
        defs += list(zip(deltas, values, strict=False))
        W = weights[l - 1]
        for r in range(W.rows):
            for j in range(W.cols):
                delta_form[f"W{l}[{r + 1},{j + 1}]"] = deltas[r] * a_in[j]
            delta_form[f"b{l}[{r + 1}]"] = deltas[r]
        _learnable_grads(act, zs, params, grad_a, l, learnable, delta_form)
        grad_a = [sum(W[r, j] * deltas[r] for r in range(W.rows)) for j in range(W.cols)]

    order = _key_order(shapes, learnable)
    delta_form = {k: delta_form[k] for k in order}
    expanded = _expand(defs, delta_form)
    return ClosedForm(
        spec.layers,
        xs,
        ts,
        weights,
        biases,
        learnable,
        defs,
        delta_form,
        expanded,
        shapes,
        spec.loss,
    )


def _layer_params(
    act: Any, given: Mapping[str, Any], l: int, n: int, learnable: dict, shapes: dict
) -> list[dict[str, Any]]:
    """Per neuron: parameter name → a symbol (learnable) or an exact number."""
    per_neuron: list[dict[str, Any]] = [{} for _ in range(n)]
    for p in act.params:
        if p.learnable:
            if p.per_neuron:
                syms = [_sym(f"{p.name}{l}_{i + 1}") for i in range(n)]
                shapes[f"{p.name}{l}"] = (n,)
            else:
                syms = [_sym(f"{p.name}{l}")]
                shapes[f"{p.name}{l}"] = ()
            learnable[f"{p.name}{l}"] = syms
            for i in range(n):
                per_neuron[i][p.name] = syms[i] if p.per_neuron else syms[0]
        else:
            value = given.get(p.name, p.default)
            for i in range(n):
                v = value[i] if isinstance(value, tuple | list) else value
                per_neuron[i][p.name] = int(v) if p.integer else _exact(v)
    return per_neuron


def _learnable_grads(
    act: Any, zs: list, params: list, grad_a: list, l: int, learnable: dict, out: dict
) -> None:
    """``∂L/∂θ = Σᵢ ∂L/∂aᵢ · ∂f/∂θ(zᵢ)`` (one term for a per-neuron θᵢ)."""
    for p in act.learnable:
        name = f"{p.name}{l}"
        if name not in learnable:
            continue
        partial = [act.param_exam_forms(SYMPY, zs[i], params[i])[p.name] for i in range(len(zs))]
        terms = [grad_a[i] * partial[i] for i in range(len(zs))]
        if p.per_neuron:
            for i, term in enumerate(terms):
                out[f"{name}[{i + 1}]"] = term
        else:
            out[name] = sp.Add(*terms)


def _key_order(shapes: dict[str, tuple[int, ...]], learnable: dict) -> list[str]:
    keys = []
    for name, shape in shapes.items():
        if len(shape) == 2:
            keys += [f"{name}[{i + 1},{j + 1}]" for i in range(shape[0]) for j in range(shape[1])]
        elif len(shape) == 1:
            keys += [f"{name}[{i + 1}]" for i in range(shape[0])]
        else:
            keys.append(name)
    return keys


def _expand(defs: list[tuple[sp.Symbol, Any]], delta_form: dict[str, Any]) -> dict[str, Any]:
    """Substitute the definitions in order (``xreplace`` on small pieces; shared subtrees)."""
    value: dict[sp.Symbol, Any] = {}
    for sym, expr in defs:
        value[sym] = expr.xreplace(value)
    return {k: v.xreplace(value) for k, v in delta_form.items()}


# ----------------------------------------------------------------------------- evaluation


def _numeric_namespace() -> dict[str, Any]:
    """NumPy implementations of the catalog functions (the catalog's own ``fn``)."""
    from ..catalog import erf

    space: dict[str, Any] = {"erf": erf}
    for name, cls in FUNCTIONS.items():
        act = cls.activation
        names = [p.name for p in act.params]

        def impl(z: Any, *values: Any, _act: Any = act, _names: list = names) -> Any:
            params = dict(zip(_names, (np.asarray(v, dtype=float) for v in values), strict=False))
            return _act.fn(np.asarray(z, dtype=float), params)

        space[name] = impl
    return space


def _numeric_ready(expr: Any) -> Any:
    """Max/Min as Piecewise (NumPy's ``amax`` of a scalar and an array fails)."""
    if expr.has(sp.Max, sp.Min):
        return expr.replace(
            lambda e: isinstance(e, sp.Max | sp.Min), lambda e: e.rewrite(sp.Piecewise)
        )
    return expr


def compile_delta_form(cf: ClosedForm) -> Any:
    """A NumPy function of :meth:`ClosedForm.free_symbols` giving every δ-form gradient.

    The δ recursion itself is handed to ``lambdify`` as the common subexpressions.
    """
    defs = [(s, _numeric_ready(e)) for s, e in cf.definitions]
    outputs = [_numeric_ready(e) for e in cf.delta_form.values()]
    return sp.lambdify(
        cf.free_symbols(),
        outputs,
        modules=[_numeric_namespace(), "numpy"],
        cse=lambda exprs: (defs, exprs),
    )


def compile_expanded(cf: ClosedForm) -> Any:
    """A NumPy function giving every expanded gradient (SymPy's ``cse`` finds the sharing)."""
    outputs = [_numeric_ready(e) for e in cf.expanded.values()]
    return sp.lambdify(
        cf.free_symbols(), outputs, modules=[_numeric_namespace(), "numpy"], cse=True
    )


def values_from_network(cf: ClosedForm, net: Any, x: np.ndarray, t: np.ndarray) -> list[Any]:
    """Arguments for the compiled functions: x, t (one column per sample), then parameters."""
    args: list[Any] = [x[:, j] for j in range(x.shape[1])] + [t[:, i] for i in range(t.shape[1])]
    for index, layer in enumerate(net.layers, start=1):
        args += list(layer.W.reshape(-1)) + list(layer.b)
        for name, _ in cf.learnable.items():
            if name.endswith(str(index)) and name[: -len(str(index))].isalpha():
                value = np.asarray(layer.act_params[name[: -len(str(index))]])
                args += list(value.reshape(-1)) if value.ndim else [value]
    return args


def assemble(cf: ClosedForm, flat: list[Any], batch_mean: bool = True) -> dict[str, np.ndarray]:
    """Per-key values (arrays over samples) → ``{"W1": [[…]], "b1": […]}``, the mean over samples."""
    values = dict(zip(cf.delta_form, flat, strict=False))
    out: dict[str, np.ndarray] = {}
    for name, shape in cf.shapes.items():
        arr = np.zeros(shape)
        for idx in np.ndindex(*shape):
            key = f"{name}[{','.join(str(i + 1) for i in idx)}]" if shape else name
            v = np.asarray(values[key], dtype=float)
            arr[idx] = v.mean() if batch_mean else v
        out[name] = arr
    return out


@dataclass
class NetworkReport:
    """Closed forms, their values at the spec's point and the cross-check against the engine."""

    closed: ClosedForm
    grads: dict[str, np.ndarray]
    grads_expanded: dict[str, np.ndarray]
    engine_grads: dict[str, np.ndarray]
    max_rel_error: float
    random_points: int
    random_max_rel_error: float
    values: dict[str, float] = field(default_factory=dict)  # per key, first sample

    @property
    def agrees(self) -> bool:
        return self.max_rel_error < 1e-10 and self.random_max_rel_error < 1e-10


def relative_error(a: Mapping[str, np.ndarray], b: Mapping[str, np.ndarray]) -> float:
    """max over entries of |a − b| / max(1, |b|)."""
    worst = 0.0
    for key in b:
        diff = np.abs(np.asarray(a[key]) - np.asarray(b[key])) / np.maximum(1.0, np.abs(b[key]))
        worst = max(worst, float(diff.max(initial=0.0)))
    return worst


def closed_form_report(spec: NetworkSpec, random_points: int = 3, seed: int = 0) -> NetworkReport:
    """Derive, evaluate at the spec's values, compare with the engine (also at random points)."""
    from ..engine.network import Network

    if spec.x is None or spec.t is None:
        raise NetworkError(
            Text(
                "the spec has no [data] x and t to evaluate the gradients at",
                "网络描述文件没有 [data] x 和 t，无法计算梯度的值",
            )
        )
    cf = closed_form(spec)
    net = Network.from_spec(spec, dtype="float64")
    delta_fn, expanded_fn = compile_delta_form(cf), compile_expanded(cf)
    args = values_from_network(cf, net, spec.x, spec.t)
    grads = _with_decay(assemble(cf, delta_fn(*args)), net)
    grads_expanded = _with_decay(assemble(cf, expanded_fn(*args)), net)
    engine = net.trace(spec.x, spec.t).grads()
    error = max(relative_error(grads, engine), relative_error(grads_expanded, engine))
    first = {
        k: float(np.asarray(v).reshape(-1)[0])
        for k, v in zip(cf.delta_form, delta_fn(*args), strict=False)
    }
    rng = np.random.default_rng(seed)
    worst = 0.0
    for _ in range(random_points):
        other = _perturbed(net, rng)
        x = rng.uniform(-2, 2, size=spec.x.shape)
        t = _random_targets(spec, rng, spec.t.shape)
        a = values_from_network(cf, other, x, t)
        ref = other.trace(x, t).grads()
        worst = max(
            worst,
            relative_error(_with_decay(assemble(cf, delta_fn(*a)), other), ref),
            relative_error(_with_decay(assemble(cf, expanded_fn(*a)), other), ref),
        )
    return NetworkReport(cf, grads, grads_expanded, engine, error, random_points, worst, first)


def _with_decay(grads: dict[str, np.ndarray], net: Any) -> dict[str, np.ndarray]:
    """Add λW for a regularised objective (``R = mean L + ½λΣ‖W‖²``)."""
    if net.weight_decay:
        for index, layer in enumerate(net.layers, start=1):
            grads[f"W{index}"] = grads[f"W{index}"] + net.weight_decay * layer.W
    return grads


def _perturbed(net: Any, rng: np.random.Generator) -> Any:
    other = net.copy()
    for layer in other.layers:
        layer.W[...] = rng.uniform(-2, 2, size=layer.W.shape)
        layer.b[...] = rng.uniform(-1, 1, size=layer.b.shape)
    return other


def _random_targets(spec: NetworkSpec, rng: np.random.Generator, shape: tuple) -> np.ndarray:
    loss = LOSSES[spec.loss]
    if loss.on_logits or spec.loss == "cross_entropy":
        t = rng.uniform(0.05, 1, size=shape)
        return t / t.sum(axis=-1, keepdims=True)
    if loss.needs_probabilities:
        return rng.uniform(0, 1, size=shape)
    return rng.uniform(-1, 1, size=shape)


# ----------------------------------------------------------------------------- output

_LABELS = {
    "title": Text("Closed-form gradients of the {s} network", "{s} 网络梯度的闭式表达式"),
    "defs": Text(
        "Forward pass and error terms δ = ∂L/∂z (the δ recursion)",
        "前向传播与误差项 δ = ∂L/∂z（δ 递推）",
    ),
    "grads": Text(
        "Gradients: ∂L/∂w⁽ˡ⁾ᵢⱼ = δ⁽ˡ⁾ᵢ a⁽ˡ⁻¹⁾ⱼ, ∂L/∂b⁽ˡ⁾ᵢ = δ⁽ˡ⁾ᵢ",
        "梯度：∂L/∂w⁽ˡ⁾ᵢⱼ = δ⁽ˡ⁾ᵢ a⁽ˡ⁻¹⁾ⱼ，∂L/∂b⁽ˡ⁾ᵢ = δ⁽ˡ⁾ᵢ",
    ),
    "expanded": Text("fully expanded", "完全展开"),
    "check": Text(
        "check against the engine: max relative difference {e:.1e} at the spec's values, "
        "{r:.1e} at {n} random points — {v}",
        "与引擎对比：在给定值处最大相对差 {e:.1e}，在 {n} 个随机点处 {r:.1e} —— {v}",
    ),
    "ok": Text("agree", "一致"),
    "bad": Text("DISAGREE", "不一致"),
    "loss": Text("loss: {l}", "损失函数：{l}"),
}


def _key_symbol(key: str) -> sp.Symbol:
    """``W1[1,2]`` → the symbol ``w1_12`` (for printing ∂L/∂w⁽¹⁾₁₂)."""
    name, _, rest = key.partition("[")
    idx = rest.rstrip("]").replace(",", "")
    base = name.rstrip("0123456789")
    layer = name[len(base) :]
    base = base.lower() if base in ("W",) else base
    return sp.Symbol(f"{base}{layer}_{idx}" if idx else f"{base}{layer}")


def network_text(
    report: NetworkReport, fmt: str = "text", lang: str = "en", steps: bool = False
) -> str:
    """The closed forms (δ form, values, and the expanded form with ``steps``) and the check."""
    from .derivation_text import _fmt

    cf = report.closed
    lines = [_LABELS["title"].get(lang, s="-".join(map(str, cf.layers)))]
    lines.append(_LABELS["loss"].get(lang, l=cf.loss))
    lines += ["", _LABELS["defs"].get(lang)]
    for sym, expr in cf.definitions:
        lines.append(f"  {_fmt(sym, fmt)} = {_fmt(expr, fmt)}")
    lines += ["", _LABELS["grads"].get(lang)]
    for key, expr in cf.delta_form.items():
        value = report.values[key] + 0.0  # no "-0"
        lines.append(f"  ∂L/∂{_fmt(_key_symbol(key), fmt)} = {_fmt(expr, fmt)} = {value:.6g}")
        if steps:
            lines.append(f"      {_LABELS['expanded'].get(lang)}: {_fmt(cf.expanded[key], fmt)}")
    verdict = _LABELS["ok" if report.agrees else "bad"].get(lang)
    lines += [
        "",
        _LABELS["check"].get(
            lang,
            e=report.max_rel_error,
            r=report.random_max_rel_error,
            n=report.random_points,
            v=verdict,
        ),
    ]
    return "\n".join(lines) + "\n"


def network_json(report: NetworkReport) -> dict[str, Any]:
    """``closed_form`` (per parameter: δ form, expanded, value) and ``grads`` (like ``solve``)."""
    from .printing import sympy_str

    cf = report.closed
    return {
        "layers": list(cf.layers),
        "loss": cf.loss,
        "definitions": {str(s): sympy_str(e) for s, e in cf.definitions},
        "closed_form": {
            key: {
                "delta_form": sympy_str(cf.delta_form[key]),
                "expanded": sympy_str(cf.expanded[key]),
                "value": report.values[key],
            }
            for key in cf.delta_form
        },
        "grads": {k: np.asarray(v).tolist() for k, v in report.grads.items()},
        "check": {
            "engine_max_rel_error": report.max_rel_error,
            "random_points": report.random_points,
            "random_max_rel_error": report.random_max_rel_error,
            "agrees": report.agrees,
        },
    }
