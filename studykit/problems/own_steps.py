"""After the samples of your own network: the batch mean, weight decay and one optimiser step.

- batch mean ``L = (1/B) Σₙ Lₙ``, ``∂L/∂W = (1/B) Σₙ ∂Lₙ/∂W`` (the same for b);
- weight decay: the gradient of the regularised risk ``∂R/∂W = ∂L/∂W + λW`` (b is not decayed);
- one step from zero optimiser state, entry by entry (g is the gradient):
  SGD ``θ ← θ − ηg``; momentum ``v = μv₀ − ηg``, ``θ ← θ + v``; AdaGrad ``c = c₀ + g ⊙ g``,
  ``θ ← θ − ηg/(√c + ε)``; RMSprop ``s = γs₀ + (1−γ) g ⊙ g``, ``θ ← θ − ηg/(√s + ε)``;
  Adam ``m = β₁m₀ + (1−β₁)g``, ``v = β₂v₀ + (1−β₂) g ⊙ g``, ``m̂ = m/(1−β₁)``, ``v̂ = v/(1−β₂)``,
  ``θ ← θ − ηm̂/(√v̂ + ε)``.

:class:`Aggregate` computes every value as printed (the hand route's arithmetic: exact, or each
printed value rounded and carried) and, on Bound numbers, how far rounding can move each.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from .. import math as fm
from ..i18n import Text
from .carried import Bounds, Exact, HandNetwork
from .model import Step
from .solution import KeyBuilder, col, mat, number

Grid = list[list[Any]]  # a parameter as rows (a bias is one column)


def _grid(value: list[Any]) -> Grid:
    """A bias vector as a column, a matrix as is."""
    return value if value and isinstance(value[0], list) else [[v] for v in value]


def _map2(fn: Callable[[Any, Any], Any], a: Grid, b: Grid) -> Grid:
    return [[fn(x, y) for x, y in zip(r, s, strict=True)] for r, s in zip(a, b, strict=True)]


class Aggregate:
    """The batch mean, the decayed gradient and the optimiser step, every value as printed."""

    def __init__(self, spec: Any, hands: list[HandNetwork], decimals: int | None) -> None:
        self.spec, self.decimals, self.hands = spec, decimals, hands
        self.needed = 0
        self.values, self.order = self._run(hands, Exact(decimals))
        self.check_states()
        shadows = []
        for hand in hands:
            shadow = HandNetwork(hand.data, decimals, Bounds(decimals))
            for stage in hand.stages:
                getattr(shadow, stage)()
            shadows.append(shadow)
        bounds, _ = self._run(shadows, Bounds(decimals))
        self.errors = {k: _errors(v) for k, v in bounds.items()}

    def _run(self, hands: list[HandNetwork], arith: Exact) -> tuple[dict[str, Any], list[str]]:
        spec, q, num = self.spec, arith.q, arith.num
        out: dict[str, Any] = {}
        B = len(hands)
        if B > 1:
            out["loss"] = q(sum((h.loss for h in hands), num(0)) / B)
        for layer in range(1, spec.depth + 1):
            for name in (f"dW{layer}", f"db{layer}"):
                per = [_grid(h.values()[name]) for h in hands]
                total = per[0]
                for other in per[1:]:
                    total = _map2(lambda x, y: x + y, total, other)
                if B > 1:
                    out[name] = [[q(v / B) for v in r] for r in total]
                else:
                    out[name] = total
        decay = spec.train.weight_decay if spec.train else 0.0
        if decay:
            lam = num(decay)
            for layer in range(1, spec.depth + 1):
                W = [[num(v) for v in r] for r in spec.params[f"W{layer}"].tolist()]
                out[f"dR_W{layer}"] = _map2(lambda g, w: q(g + lam * w), out[f"dW{layer}"], W)
        if spec.train is not None:
            self._step(out, arith)
        return out, list(out)

    def gradient_key(self, name: str) -> str:
        """The gradient an optimiser uses for W1 or b1: ∂R/∂W with weight decay, else ∂L/∂W."""
        if name.startswith("W") and self.spec.train and self.spec.train.weight_decay:
            return f"dR_{name}"
        return f"d{name}"

    def _step(self, out: dict[str, Any], arith: Exact) -> None:
        train, q, num, m = self.spec.train, arith.q, arith.num, arith.algebra
        opts = {k: num(v) for k, v in train.options.items() if not isinstance(v, bool)}
        eta = num(train.lr)
        for layer in range(1, self.spec.depth + 1):
            for name in (f"W{layer}", f"b{layer}"):
                theta = _grid([[num(v) for v in r] for r in _param(self.spec, name)])
                g = out[self.gradient_key(name)]
                new = _optimiser_entries(train, theta, g, eta, opts, q, m, self._keep(arith))
                for key, value in new.items():
                    out[f"{name}_{key}"] = value

    def _keep(self, arith: Exact) -> Callable[[Any], Any]:
        """Round an optimiser state as printed, noting the decimals that keep it to 1 %."""
        exact_run = type(arith) is Exact and self.decimals is not None

        def keep(value: Any) -> Any:
            rounded = arith.q(value)
            if exact_run and value != 0 and abs(rounded - value) > abs(value) / 100:
                need = int(-np.floor(np.log10(abs(float(value))))) + 2
                self.needed = max(self.needed, need)
            return rounded

        return keep

    def check_states(self) -> None:
        """Refuse when the carried rounding wipes out an optimiser state (Adam's (1−β₂)g²)."""
        if self.needed:
            from .own_network import SpecRefused

            raise SpecRefused(
                Text(
                    "{o}: its state values are lost at {d} decimals; use --digits {n}",
                    "{o}：保留 {d} 位小数会丢失其状态值；请用 --digits {n}",
                ).format(o=self.spec.train.optimizer, d=self.decimals, n=self.needed)
            )


def _param(spec: Any, name: str) -> list[list[float]]:
    value = spec.params[name].tolist()
    return value if isinstance(value[0], list) else [[v] for v in value]


def _optimiser_entries(
    train: Any, theta: Grid, g: Grid, eta: Any, opts: dict[str, Any], q: Any, m: Any, keep: Any
) -> dict[str, Grid]:
    """The states and the new value of one parameter after one step from zero state."""

    def each(fn: Callable[..., Any], *grids: Grid) -> Grid:
        return [[fn(*vs) for vs in zip(*rows, strict=True)] for rows in zip(*grids, strict=True)]

    name = train.optimizer
    if name == "sgd":
        return {"new": each(lambda t, d: q(t - eta * d), theta, g)}
    if name == "momentum":
        v = each(lambda d: keep(opts["momentum"] * 0 - eta * d), g)
        return {"v": v, "new": each(lambda t, u: q(t + u), theta, v)}
    eps = opts["eps"]

    def divided(t: Any, numerator: Any, r: Any) -> Any:
        try:
            return q(t - eta * numerator / (m.sqrt(r) + eps))
        except ZeroDivisionError:  # Bounds: a gradient within rounding of 0
            return _step_bound(t, eta, train)

    if name == "adagrad":
        c = each(lambda d: keep(d * d), g)
        return {"c": c, "new": each(divided, theta, g, c)}
    if name == "rmsprop":
        gamma = opts["decay"]
        s = each(lambda d: keep(gamma * 0 + (1 - gamma) * d * d), g)
        return {"s": s, "new": each(divided, theta, g, s)}
    b1, b2 = opts["beta1"], opts["beta2"]
    mom = each(lambda d: keep(b1 * 0 + (1 - b1) * d), g)
    vel = each(lambda d: keep(b2 * 0 + (1 - b2) * d * d), g)
    out = {"m": mom, "v": vel}
    if train.options.get("bias_correction", True):
        out["mhat"] = each(lambda u: keep(u / (1 - b1)), mom)
        out["vhat"] = each(lambda u: keep(u / (1 - b2)), vel)
        mom, vel = out["mhat"], out["vhat"]
    out["new"] = each(divided, theta, mom, vel)
    return out


def _step_bound(theta: Any, eta: Any, train: Any) -> Any:
    """θ ± 2η·k on Bound numbers, where |u/(√r + ε)| ≤ k whatever g: 1 for AdaGrad and Adam
    with bias correction, 1/√(1−γ) for RMSprop, (1−β₁)/√(1−β₂) for Adam without it."""
    from .bounded import Bound

    opts = train.options
    k = 1.0
    if train.optimizer == "rmsprop":
        k = 1 / float(np.sqrt(1 - opts["decay"]))
    elif train.optimizer == "adam" and not opts.get("bias_correction", True):
        k = (1 - opts["beta1"]) / float(np.sqrt(1 - opts["beta2"]))
    value = float(theta)
    return Bound(value, getattr(theta, "error", 0.0) + 2 * float(eta) * k)


def _errors(x: Any) -> Any:
    if isinstance(x, list):
        return [_errors(v) for v in x]
    return getattr(x, "error", 0.0)


def mean_values(agg: Aggregate) -> dict[str, Any]:
    """The values the engine also computes (for :func:`~studykit.problems.solution.verify`)."""
    return {k: v for k, v in agg.values.items() if _engine_name(k) is not None}


def _engine_name(key: str) -> str | None:
    if key in ("loss",) or key.startswith(("dW", "db", "dR_W")) or key.endswith("_new"):
        return key
    return None


def _is_weight(key: str) -> bool:
    return key.startswith(("dW", "dR_W", "W"))


def _layer(key: str) -> int:
    digits = ""
    for c in key:
        if c.isdigit():
            digits += c
        elif digits:
            break
    return int(digits)


def _shown(key: str, grid: Grid, kb: KeyBuilder) -> Any:
    """A value in the profile's layout: a W-shaped grid as stated, a bias as a flat list."""
    if _is_weight(key):
        return kb.symbols.stated(grid, _layer(key))
    return [r[0] for r in grid]


def _node(key: str, grid: Grid, kb: KeyBuilder) -> fm.Node:
    shown = _shown(key, grid, kb)
    return mat(shown) if _is_weight(key) else col(shown)


def aggregate_steps(kb: KeyBuilder, agg: Aggregate) -> None:
    """The batch-mean, decay and optimiser Steps with their Answers (see the module docstring)."""
    for key, value in agg.errors.items():
        kb.errors[key] = value if key == "loss" else _shown(key, _grid(value), kb)
    spec, S = agg.spec, kb.symbols
    B = spec.x.shape[0]
    if B > 1:
        _mean_steps(kb, agg, B)
    for layer in range(1, spec.depth + 1):
        key = f"dR_W{layer}"
        if key not in agg.values:
            continue
        lhs = fm.Partial(fm.Var("R"), S.W(layer))
        lam = fm.Var("λ")
        W = mat(S.stated(spec.params[f"W{layer}"].tolist(), layer))
        dW = _node(f"dW{layer}", agg.values[f"dW{layer}"], kb)
        _emit(
            kb,
            agg,
            key,
            Text("Weight decay: gradient of the regularised risk", "权重衰减：正则化风险的梯度"),
            lhs,
            fm.add(fm.Partial(S.loss(), S.W(layer)), fm.mul(lam, S.W(layer))),
            fm.add(dW, fm.mul(number(spec.train.weight_decay), W)),
            (f"dW{layer}",),
        )
    if spec.train is not None:
        for layer in range(1, spec.depth + 1):
            for name in (f"W{layer}", f"b{layer}"):
                _optimiser_steps(kb, agg, name, layer)


def _emit(
    kb: KeyBuilder,
    agg: Aggregate,
    key: str,
    title: Text,
    lhs: fm.Node,
    general: fm.Node,
    numeric: fm.Node,
    deps: tuple[str, ...],
    named: fm.Node | None = None,
) -> None:
    """One step ``lhs = general = numeric = result`` and its answer ``key`` (its label names
    ``named``, else ``lhs``)."""
    value = agg.values[key]
    result = number(value) if key == "loss" else _node(key, value, kb)
    kb.steps.append(
        Step(
            title=title.format(s=kb.symbols.text(lhs)),
            formula=fm.eq(lhs, general),
            substituted=fm.eq(lhs, numeric),
            result=result,
            answer_id=key,
            rule=key,
        )
    )
    shown = value if key == "loss" else _shown(key, value, kb)
    label = _label(key).format(s=kb.symbols.text(named if named is not None else lhs))
    kb.answer(key, label, shown, lhs, deps, 5)


def _label(key: str) -> Text:
    """What an answer of the batch, decay or optimiser steps is called (before its symbol)."""
    if key == "loss":
        return Text("mean loss {s}", "平均损失 {s}")
    if key.startswith(("dW", "db")):
        return Text("mean gradient {s}", "平均梯度 {s}")
    if key.startswith("dR_"):
        return Text("gradient {s}", "梯度 {s}")
    if key.endswith("_new"):
        return Text("updated {s}", "更新后的 {s}")
    return Text("optimiser state {s}", "优化器状态 {s}")


def _mean_steps(kb: KeyBuilder, agg: Aggregate, B: int) -> None:
    """L = (1/B)(L₁ + … + L_B), and the same mean for every ∂L/∂W and ∂L/∂b."""
    S, spec = kb.symbols, agg.spec
    inv = fm.Frac(fm.Num("1"), fm.Num(str(B)))
    per = [fm.Var("L", sub=str(n)) for n in range(1, B + 1)]
    losses = [number(h.loss) for h in agg.hands]
    _emit(
        kb,
        agg,
        "loss",
        Text("Mean loss over the batch", "批量的平均损失"),
        S.loss(),
        fm.mul(inv, fm.Paren(fm.add(*per))),
        fm.mul(inv, fm.Paren(fm.add(*losses))),
        tuple(f"loss_s{n}" for n in range(1, B + 1)),
    )
    for layer in range(1, spec.depth + 1):
        for key, sym in ((f"dW{layer}", S.W(layer)), (f"db{layer}", S.b(layer))):
            terms = [fm.Partial(p, sym) for p in per]
            grids = [_grid(h.values()[key]) for h in agg.hands]
            nodes = [_node(key, g, kb) for g in grids]
            _emit(
                kb,
                agg,
                key,
                Text("Mean gradient over the batch: {s}", "批量的平均梯度：{s}"),
                fm.Partial(S.loss(), sym),
                fm.mul(inv, fm.Paren(fm.add(*terms))),
                fm.mul(inv, fm.Paren(fm.add(*nodes))),
                tuple(f"{key}_s{n}" for n in range(1, B + 1)),
            )


OPTIMISER_TITLES = {
    "new": Text("{o} update of {s}", "用 {o} 更新 {s}"),
    "v": Text("{o}: velocity for {s}", "{o}：{s} 的速度"),
    "v2": Text("{o}: second moment for {s}", "{o}：{s} 的二阶矩"),
    "c": Text("{o}: sum of squared gradients for {s}", "{o}：{s} 的梯度平方和"),
    "s": Text("{o}: running mean of squared gradients for {s}", "{o}：{s} 的梯度平方滑动平均"),
    "m": Text("{o}: first moment for {s}", "{o}：{s} 的一阶矩"),
    "mhat": Text("{o}: bias-corrected first moment for {s}", "{o}：{s} 的偏差修正一阶矩"),
    "vhat": Text("{o}: bias-corrected second moment for {s}", "{o}：{s} 的偏差修正二阶矩"),
}
STATE_SYMBOLS = {"v": "v", "c": "c", "s": "s", "m": "m", "mhat": "m̂", "vhat": "v̂"}


def _optimiser_steps(kb: KeyBuilder, agg: Aggregate, name: str, layer: int) -> None:
    """The optimiser's state(s), then the new value, of the parameter ``name`` (W1, b1 …)."""
    S, train = kb.symbols, agg.spec.train
    P = S.W(layer) if name.startswith("W") else S.b(layer)
    grad_key = agg.gradient_key(name)
    loss_sym = fm.Var("R") if grad_key.startswith("dR") else S.loss()
    g, G = fm.Partial(loss_sym, P), _node(grad_key, agg.values[grad_key], kb)
    theta = _node(name, _grid(_param(agg.spec, name)), kb)
    opts = {k: Fraction(repr(v)) for k, v in train.options.items() if not isinstance(v, bool)}
    eta, lr = fm.Var("η"), number(Fraction(repr(train.lr)))
    zero = fm.Num("0")

    def sym(state: str) -> fm.Node:
        return fm.Var(STATE_SYMBOLS[state], sub=name[0], layer=layer)

    def val(state: str) -> fm.Node:
        return _node(name, agg.values[f"{name}_{state}"], kb)

    def one_minus(key: str) -> tuple[fm.Node, fm.Node]:
        return fm.Paren(fm.sub(fm.Num("1"), fm.Var(_GREEK[key]))), number(1 - opts[key])

    steps: list[tuple[str, fm.Node, fm.Node, tuple[str, ...]]] = []
    if train.optimizer == "momentum":
        mu = fm.Var("μ")
        steps.append(
            (
                "v",
                fm.sub(fm.mul(mu, fm.Var("v", sub="0")), fm.mul(eta, g)),
                fm.sub(fm.mul(number(opts["momentum"]), zero), fm.mul(lr, G)),
                (grad_key,),
            )
        )
        new_general, new_numeric = fm.add(P, sym("v")), fm.add(theta, val("v"))
    elif train.optimizer == "sgd":
        new_general, new_numeric = fm.sub(P, fm.mul(eta, g)), fm.sub(theta, fm.mul(lr, G))
    else:
        new_general, new_numeric = _adaptive_steps(steps, train, opts, g, G, sym, val, one_minus)
        new_general = fm.sub(P, fm.mul(eta, new_general))
        new_numeric = fm.sub(theta, fm.mul(lr, new_numeric))
    for state, general, numeric, deps in steps:
        _emit_state(
            kb,
            agg,
            f"{name}_{state}",
            OPTIMISER_TITLES["v2" if (state, train.optimizer) == ("v", "adam") else state],
            sym(state),
            P,
            general,
            numeric,
            deps,
        )
    new = fm.Var(P.name, sub="new", layer=layer)  # type: ignore[union-attr]
    deps = tuple(f"{name}_{s}" for s, *_ in steps) or (grad_key,)
    _emit_state(
        kb, agg, f"{name}_new", OPTIMISER_TITLES["new"], new, P, new_general, new_numeric, deps
    )


_GREEK = {"beta1": "β₁", "beta2": "β₂", "decay": "γ"}


def _adaptive_steps(
    steps: list[Any],
    train: Any,
    opts: dict[str, Any],
    g: fm.Node,
    G: fm.Node,
    sym: Any,
    val: Any,
    one_minus: Any,
) -> tuple[fm.Node, fm.Node]:
    """AdaGrad, RMSprop and Adam: their states as steps; returns the step ``u/(√r + ε)``."""
    zero, eps, eps_num = fm.Num("0"), fm.Var("ε"), number(opts["eps"])
    gg, GG = fm.had(g, g), fm.had(G, G)
    name = train.optimizer
    if name == "adagrad":
        steps.append(("c", fm.add(fm.Var("c", sub="0"), gg), fm.add(zero, GG), ()))
        top, top_num, r = g, G, "c"
    elif name == "rmsprop":
        keep, keep_num = one_minus("decay")
        general = fm.add(fm.mul(fm.Var("γ"), fm.Var("s", sub="0")), fm.mul(keep, gg))
        steps.append(
            ("s", general, fm.add(fm.mul(number(opts["decay"]), zero), fm.mul(keep_num, GG)), ())
        )
        top, top_num, r = g, G, "s"
    else:
        k1, k1n = one_minus("beta1")
        k2, k2n = one_minus("beta2")
        b1, b2 = fm.Var("β₁"), fm.Var("β₂")
        steps.append(
            (
                "m",
                fm.add(fm.mul(b1, fm.Var("m", sub="0")), fm.mul(k1, g)),
                fm.add(fm.mul(number(opts["beta1"]), zero), fm.mul(k1n, G)),
                (),
            )
        )
        steps.append(
            (
                "v",
                fm.add(fm.mul(b2, fm.Var("v", sub="0")), fm.mul(k2, gg)),
                fm.add(fm.mul(number(opts["beta2"]), zero), fm.mul(k2n, GG)),
                (),
            )
        )
        top, r = sym("m"), "v"
        top_num = val("m")
        if train.options.get("bias_correction", True):
            steps.append(("mhat", fm.Frac(sym("m"), k1), fm.Frac(val("m"), k1n), ()))
            steps.append(("vhat", fm.Frac(sym("v"), k2), fm.Frac(val("v"), k2n), ()))
            top, top_num, r = sym("mhat"), val("mhat"), "vhat"
    general = fm.Frac(top, fm.add(fm.Sqrt(sym(r)), eps))
    return general, fm.Frac(top_num, fm.add(fm.Sqrt(val(r)), eps_num))


def _emit_state(
    kb: KeyBuilder,
    agg: Aggregate,
    key: str,
    title: Text,
    lhs: fm.Node,
    param: fm.Node,
    general: fm.Node,
    numeric: fm.Node,
    deps: tuple[str, ...],
) -> None:
    from .own_statement import OPTIMISER_NAMES

    opt = OPTIMISER_NAMES[agg.spec.train.optimizer]
    named = Text(title.en.replace("{o}", opt), title.zh.replace("{o}", opt))
    title = named.format(s=kb.symbols.text(param), o=opt)
    shown = param if key.endswith("_new") else None
    _emit(kb, agg, key, title, lhs, general, numeric, deps, shown)


__all__ = ["Aggregate", "aggregate_steps", "mean_values"]
