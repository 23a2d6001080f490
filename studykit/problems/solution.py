"""The hand route of a small dense network, its worked-solution Steps, and its verification.

:class:`HandNetwork` redoes, in plain Python, what a student writes on paper:

- forward ``z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾``, ``a⁽ˡ⁾ = f(z⁽ˡ⁾)``, then the loss;
- backward ``δ⁽ᴸ⁾ = ∂L/∂ŷ ⊙ f′(z⁽ᴸ⁾)``, ``δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾``,
  ``∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ``, ``∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾``, ``∂L/∂x = (W⁽¹⁾)ᵀδ⁽¹⁾``;
- the SGD update ``θ ← θ − η ∂L/∂θ``.

With :class:`~fractions.Fraction` values the route is exact (no-calculator problems); with
floats each step's result is rounded to 4 decimals and carried (calculator problems).
:func:`verify` compares it with the NumPy engine (``Network.from_spec(spec).trace``) and raises
:class:`~studykit.problems.registry.VerificationError` on any disagreement.

Matrices are kept in the textbook layout ``[n_l × n_(l−1)]``; the transposed notation profile
(``z = Wᵀa + b``) only changes what is printed and the layout of the W answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np

from .. import math as fm
from ..catalog import get_activation
from ..i18n import Text
from .carried import HandNetwork, NetworkProblemData
from .loss_steps import exam_derivative, loss_gradient_nodes, loss_nodes
from .model import Answer, Rounding, Step, Tolerance
from .registry import VerificationError
from .sampler import flatten, round_carried

Value = Fraction | float
Vec = list[Value]
Matrix = list[list[Value]]

#: Calculator problems: largest |carried-rounding value − engine value| accepted by verify().
CARRIED_DRIFT = 0.01
#: No-calculator problems: the exact route and float64 engine must agree to this.
EXACT_AGREEMENT = 1e-9

# ----------------------------------------------------------------------------- arithmetic


def transpose(m: list[list[Any]]) -> list[list[Any]]:
    return [list(col) for col in zip(*m, strict=True)]


# ----------------------------------------------------------------------------- engine check


def engine_values(spec_dict: dict[str, Any]) -> dict[str, Any]:
    """The same quantities by the NumPy engine, from the spec alone (textbook layout)."""
    from ..engine import Network, make_optimizer
    from ..spec import spec_from_dict

    spec = spec_from_dict(spec_dict)
    net = Network.from_spec(spec, np.float64)
    trace = net.trace(spec.x, spec.t)
    out: dict[str, Any] = {"loss": trace.loss, "dx": trace.dx[0]}
    for layer, step in enumerate(trace.layers, start=1):
        out[f"z{layer}"] = step.z[0]
        out[f"a{layer}"] = step.a[0]
        out[f"delta{layer}"] = step.delta[0]  # type: ignore[index]
        out[f"dW{layer}"] = step.dW
        out[f"db{layer}"] = step.db
    if spec.train is not None:
        optimizer = make_optimizer("sgd", spec.train.lr)
        params = net.params()
        optimizer.step(params, trace.grads())
        for layer in range(1, len(trace.layers) + 1):
            out[f"W{layer}_new"] = params[f"W{layer}"]
            out[f"b{layer}_new"] = params[f"b{layer}"]
    return out


def verify(hand_values: dict[str, Any], engine: dict[str, Any], exact: bool) -> None:
    """Every hand value agrees with the engine: to 1e-9 when exact, within CARRIED_DRIFT when
    rounded values were carried. Raises VerificationError naming the quantity."""
    bound = EXACT_AGREEMENT if exact else CARRIED_DRIFT
    for key, value in hand_values.items():
        mine = [float(v) for v in flatten(value)]
        theirs = np.ravel(np.asarray(engine[key], dtype=np.float64)).tolist()
        if len(mine) != len(theirs) or not all(
            abs(m - e) <= bound * (1 + abs(e) * exact) for m, e in zip(mine, theirs, strict=True)
        ):
            raise VerificationError(f"{key}: hand route {value} ≠ engine {theirs}")


# ----------------------------------------------------------------------------- notation


class Symbols:
    """The symbols of one notation profile (and of cs224n's ``s = uᵀh``)."""

    def __init__(self, notation: str, depth: int, style: str = "layers") -> None:
        self.notation = notation
        self.depth = depth
        self.cs224n = style == "cs224n"
        self.transposed = notation == "transposed"
        self.upper = notation == "bracket"

    def z(self, layer: int) -> fm.Node:
        if self.cs224n:
            return fm.Var("z") if layer == 1 else fm.Var("s")
        return fm.Var("Z" if self.upper else "z", layer=layer)

    def a(self, layer: int) -> fm.Node:
        if layer == 0:
            return fm.Var("x")
        if self.cs224n:
            return fm.Var("h") if layer == 1 else fm.Call("σ", (fm.Var("s"),))
        return fm.Var("A" if self.upper else "a", layer=layer)

    def W(self, layer: int) -> fm.Node:
        if self.cs224n:
            return fm.Var("W") if layer == 1 else fm.Var("u")
        return fm.Var("W", layer=layer)

    def b(self, layer: int) -> fm.Node:
        return fm.Var("b") if self.cs224n else fm.Var("b", layer=layer)

    def delta(self, layer: int) -> fm.Node:
        if self.cs224n:
            return fm.Var("δ", sub="1" if layer == 1 else "2")
        return fm.Var("δ", layer=layer)

    def f(self, layer: int, name: str, prime: int, arg: fm.Node) -> fm.Node:
        if self.cs224n:
            return fm.Call(get_activation(name).symbol, (arg,), prime)
        return fm.Call(get_activation(name).symbol, (arg,), prime, sup=None)

    def loss(self) -> fm.Node:
        return fm.Var("J" if self.cs224n else "L")

    def weight_term(self, layer: int) -> fm.Node:
        """What multiplies a⁽ˡ⁻¹⁾ in the forward pass: W, Wᵀ (transposed profile), uᵀ."""
        if self.cs224n and layer == 2:
            return fm.T(self.W(2))
        return fm.T(self.W(layer)) if self.transposed else self.W(layer)

    def stated(self, m: Matrix, layer: int) -> Matrix:
        """A weight (or weight-gradient) matrix as the profile states it."""
        if self.cs224n and layer == 2:
            return transpose(m)  # u is a column vector
        return transpose(m) if self.transposed else m

    def weight_shape(self, rows: int, cols: int, layer: int) -> tuple[int, int]:
        return (cols, rows) if (self.transposed or (self.cs224n and layer == 2)) else (rows, cols)

    def text(self, node: fm.Node) -> str:
        return fm.to_text(node, self.notation)


# ----------------------------------------------------------------------------- formatting


def number(v: Value) -> fm.Num:
    """A value as the student writes it: exact decimals (``0.5933``, ``−1``, ``3/8``; never
    ``1e-05``)."""
    if type(v) is Fraction:
        return _fraction_number(v.numerator, v.denominator)
    return _float_number(float(v) + 0.0)


@lru_cache(maxsize=8192)
def _float_number(v: float) -> fm.Num:
    text = repr(v)
    if "e" in text:
        text = f"{v:.8f}".rstrip("0").rstrip(".")
    elif text.endswith(".0"):
        text = text[:-2]
    return fm.Num(text.replace("-", "−"))


#: A terminating fraction prints as a decimal up to this many places (``--digits`` goes to 12).
PRINTED_PLACES = 12


@lru_cache(maxsize=8192)
def _fraction_number(numerator: int, denominator: int) -> fm.Num:
    """Cached by the pair of integers: hashing a Fraction is slow."""
    return fm.num(Fraction(numerator, denominator), PRINTED_PLACES)


def col(values: Sequence[Value]) -> fm.Mat:
    return fm.vector([number(v) for v in values])


def row(values: Sequence[Value]) -> fm.Mat:
    """A row vector, e.g. ``(a⁽ˡ⁻¹⁾)ᵀ`` written out."""
    return fm.matrix([[number(v) for v in values]])


def mat(rows: Matrix) -> fm.Mat:
    return fm.matrix([[number(v) for v in row] for row in rows])


def jsonable(value: Any) -> Any:
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return float(value)


def exact_text(value: Any) -> Any:
    if isinstance(value, list):
        return [exact_text(v) for v in value]
    return fm.format_number(value)


def dims(rows: int, cols: int) -> str:
    return f"[{rows}×{cols}]"


def _shape_of(value: Any) -> tuple[int, int]:
    if isinstance(value, list) and value and isinstance(value[0], list):
        return len(value), len(value[0])
    if isinstance(value, list):
        return len(value), 1
    return 1, 1


def rounded_exact(engine_value: Any, decimals: int) -> Any:
    """An engine value (float or nested lists) rounded once, at the end: the exact route."""
    if isinstance(engine_value, list):
        return [rounded_exact(v, decimals) for v in engine_value]
    return round_carried(float(engine_value), decimals)


# ----------------------------------------------------------------------------- the key


@dataclass
class KeyBuilder:
    """Collects Steps and Answers in order; ``answer`` makes the Answer of a computed value."""

    symbols: Symbols
    rounding: Rounding
    engine: dict[str, Any]  # engine values in the profile's layout (for alternatives)
    steps: list[Step] = field(default_factory=list)
    #: answer id → rounding-error bounds of the carried values, in the profile's layout
    errors: dict[str, Any] = field(default_factory=dict)
    answers: list[Answer] = field(default_factory=list)

    def answer(
        self,
        answer_id: str,
        label: Text,
        value: Any,
        symbol: fm.Node,
        depends_on: tuple[str, ...] = (),
        carried: int = 1,
        scalar: bool = False,
    ) -> None:
        exact = self.rounding.decimals is None
        if scalar and isinstance(value, list):
            value = value[0]
        kind = (
            "number"
            if not isinstance(value, list)
            else "matrix"
            if isinstance(value[0], list)
            else "vector"
        )
        alternatives: tuple[Any, ...] = ()
        if answer_id in self.errors:
            bound = max(float(e) for e in flatten(self.errors[answer_id]))
            tolerance: Tolerance = self.rounding.propagated(bound)
        else:
            tolerance = self.rounding.tolerance(carried)
        if not exact and answer_id in self.engine:
            other = self.engine[answer_id]
            other = rounded_exact(
                other[0] if scalar and isinstance(other, list) else other,
                self.rounding.decimals or 4,
            )
            if jsonable(other) != jsonable(value):
                alternatives = (jsonable(other),)
        self.answers.append(
            Answer(
                id=answer_id,
                label=label,
                value=jsonable(value),
                kind=kind,  # type: ignore[arg-type]
                tolerance=tolerance,
                exact=exact_text(value) if exact else None,
                alternatives=alternatives,
                symbol=symbol,
                depends_on=depends_on,
            )
        )


def layout_engine(engine: dict[str, Any], symbols: Symbols) -> dict[str, Any]:
    """Engine values as plain lists in the profile's layout (W answers transposed when stated so)."""
    lists = {key: np.asarray(value, dtype=np.float64).tolist() for key, value in engine.items()}
    return in_layout(lists, symbols)


def in_layout(quantities: dict[str, Any], symbols: Symbols) -> dict[str, Any]:
    """Quantities (plain lists, textbook layout) in the profile's layout: the W answers are
    transposed where the profile states W transposed."""
    out: dict[str, Any] = {}
    for key, v in quantities.items():
        if key.startswith("dW") or (key.startswith("W") and key.endswith("_new")):
            layer = int(key[2:] if key.startswith("dW") else key[1:-4])
            v = symbols.stated(v, layer)
        out[key] = v
    return out


# ----------------------------------------------------------------------------- steps

ONE = fm.Num("1")


def _derivative_numbers(name: str, z: Vec, a: Vec) -> fm.Node:
    if name == "sigmoid":
        return fm.vector([fm.mul(number(v), fm.Paren(fm.sub(ONE, number(v)))) for v in a])
    if name == "tanh":
        return fm.vector([fm.sub(ONE, fm.Pow(number(v), fm.Num("2"))) for v in a])
    return fm.Call(get_activation(name).symbol, (col(z),), 1)


def _activation_formula(S: Symbols, layer: int, act: str) -> fm.Node:
    if S.cs224n and layer == 2:  # σ(s) = 1/(1 + e^(−s))
        e_s = fm.Pow(fm.Var("e"), fm.Neg(fm.Var("s")))
        return fm.Frac(ONE, fm.Paren(fm.add(ONE, e_s)))
    return S.f(layer, act, 0, S.z(layer))


def _sum_or_single(terms: list[fm.Node]) -> fm.Node:
    return terms[0] if len(terms) == 1 else fm.Paren(fm.add(*terms))


def network_steps(
    kb: KeyBuilder, data: NetworkProblemData, hand: HandNetwork, backward: bool, update: bool
) -> None:
    """Forward, loss, and (optionally) backward and update Steps with their Answers, in order."""
    S, L = kb.symbols, data.depth
    kb.errors.update(in_layout(hand.errors(), S))
    cs = S.cs224n
    depth = 0

    def carried() -> int:
        return min(depth, 5)

    # ---- forward
    for layer in range(1, L + 1):
        depth += 1
        W, b, prev, z = data.W[layer - 1], data.b[layer - 1], hand.a[layer - 1], hand.z[layer - 1]
        rows, cols = len(W), len(W[0])
        no_bias = cs and layer == 2
        stated_W = S.stated(W, layer)
        w_term = fm.T(mat(stated_W)) if (S.transposed or no_bias) else mat(stated_W)
        if no_bias:
            w_term = row([r[0] for r in stated_W])  # uᵀ written out as a row
        general = fm.dot(S.weight_term(layer), S.a(layer - 1))
        numeric = fm.dot(w_term, col(prev))
        sr, sc = S.weight_shape(rows, cols, layer)
        w_dims = dims(sr, sc) + ("ᵀ" if (S.transposed or no_bias) else "")
        shape = f"{dims(rows, 1)} = {w_dims}{dims(cols, 1)}"
        if not no_bias:
            general, numeric = fm.add(general, S.b(layer)), fm.add(numeric, col(b))
            shape += f" + {dims(rows, 1)}"
        kb.steps.append(
            Step(
                title=(
                    Text("Score", "输出得分")
                    if no_bias
                    else Text("Net input of layer {l}", "第 {l} 层的净输入").format(l=layer)
                ),
                formula=fm.eq(S.z(layer), general),
                substituted=fm.eq(S.z(layer), numeric),
                result=col(z) if not no_bias else number(z[0]),
                shape=shape,
                answer_id=f"z{layer}",
                rule="forward",
            )
        )
        kb.answer(
            f"z{layer}",
            (
                Text("score {s}", "输出得分 {s}")
                if no_bias
                else Text("net input {s}", "净输入 {s}")
            ).format(s=S.text(S.z(layer))),
            z,
            S.z(layer),
            (f"a{layer - 1}",) if layer > 1 else (),
            carried(),
            scalar=no_bias,
        )
        act = data.activations[layer - 1]
        a = hand.a[layer]
        kb.steps.append(
            Step(
                title=Text("Activation of layer {l}", "第 {l} 层的激活值").format(l=layer),
                formula=fm.eq(S.a(layer), _activation_formula(S, layer, act)),
                substituted=fm.eq(
                    S.a(layer),
                    fm.Call(get_activation(act).symbol, (col(z) if not no_bias else number(z[0]),)),
                ),
                result=col(a) if not no_bias else number(a[0]),
                shape=f"{dims(rows, 1)} = f({dims(rows, 1)})",
                answer_id=f"a{layer}",
                rule="activation",
            )
        )
        kb.answer(
            f"a{layer}",
            Text("activation {s}", "激活值 {s}").format(s=S.text(S.a(layer))),
            a,
            S.a(layer),
            (f"z{layer}",),
            carried(),
            scalar=no_bias,
        )

    # ---- loss
    depth += 1
    y, t = hand.a[-1], data.t or []
    out = S.a(L)
    general, numeric = loss_nodes(
        data.loss, out, L, [number(v) for v in y], t, [number(v) for v in t]
    )
    kb.steps.append(
        Step(
            title=Text("Loss", "损失函数值"),
            formula=fm.eq(S.loss(), general),
            substituted=fm.eq(S.loss(), numeric),
            result=number(hand.loss),  # type: ignore[arg-type]
            answer_id="loss",
            rule=data.loss,
        )
    )
    kb.answer(
        "loss",
        Text("loss {s}", "损失 {s}").format(s=S.text(S.loss())),
        hand.loss,
        S.loss(),
        (f"a{L}",),
        carried(),
    )
    if not backward:
        return

    # ---- backward
    for layer in range(L, 0, -1):
        depth += 1
        act = data.activations[layer - 1]
        n = data.sizes[layer]
        zl, al = hand.z[layer - 1], hand.a[layer]
        if layer == L:
            if hand.dloss is not None:
                fp = hand.fprime[-1]
                if act != "identity":
                    _fprime_step(kb, S, layer, act, zl, al, fp)
                if data.loss == "mse":
                    grad_general: fm.Node = fm.Paren(fm.sub(out, fm.Var("t")))
                    grad_numeric: fm.Node = fm.Paren(fm.sub(col(y), col(t)))
                else:
                    grad_general, grad_numeric = _loss_gradient_step(kb, data, y, t, hand.dloss)
                general = fm.had(grad_general, S.f(layer, act, 1, S.z(layer)))
                numeric = fm.had(grad_numeric, col(fp))
                shape = f"{dims(n, 1)} = {dims(n, 1)} ⊙ {dims(n, 1)}"
                rule = "output delta (MSE)" if data.loss == "mse" else f"output delta ({data.loss})"
            else:
                general = fm.sub(out, fm.Var("t"))
                numeric = fm.sub(
                    col(y) if not cs else number(y[0]), col(t) if not cs else number(t[0])
                )
                shape = f"{dims(n, 1)} = {dims(n, 1)} − {dims(n, 1)}"
                rule = "softmax + cross entropy: δ = ŷ − t" if not cs else "∂J/∂s = σ(s) − 1"
            title = Text("Error term of the output layer", "输出层的误差项")
            deps: tuple[str, ...] = (f"a{L}",) if hand.dloss is None else (f"a{L}", f"z{L}")
        else:
            fp = hand.fprime[layer - 1]
            _fprime_step(kb, S, layer, act, zl, al, fp)
            W_next = data.W[layer]
            stated = S.stated(W_next, layer + 1)
            n_next = data.sizes[layer + 1]
            if cs:
                back_general = fm.dot(S.W(2), S.delta(2))
                back_numeric = fm.dot(col([r[0] for r in stated]), number(hand.delta[1][0]))
            elif S.transposed:
                back_general = fm.dot(S.W(layer + 1), S.delta(layer + 1))
                back_numeric = fm.dot(mat(stated), col(hand.delta[layer]))
            else:
                back_general = fm.dot(fm.T(S.W(layer + 1)), S.delta(layer + 1))
                back_numeric = fm.dot(fm.T(mat(stated)), col(hand.delta[layer]))
            general = fm.had(S.f(layer, act, 1, S.z(layer)), fm.Paren(back_general))
            numeric = fm.eq(
                fm.had(col(fp), fm.Paren(back_numeric)),
                fm.had(col(fp), col(hand.backprop[layer - 1])),
            )
            shape = f"{dims(n, 1)} = {dims(n, 1)} ⊙ ({dims(n, n_next)}{dims(n_next, 1)})"
            rule = "hidden delta"
            title = Text("Error term of hidden layer {l}", "第 {l} 隐藏层的误差项").format(l=layer)
            deps = (f"delta{layer + 1}", f"z{layer}")
        delta = hand.delta[layer - 1]
        scalar = cs and layer == 2
        kb.steps.append(
            Step(
                title=title,
                formula=fm.eq(S.delta(layer), general),
                substituted=fm.eq(S.delta(layer), numeric),
                result=col(delta) if not scalar else number(delta[0]),
                shape=shape,
                answer_id=f"delta{layer}",
                rule=rule,
            )
        )
        kb.answer(
            f"delta{layer}",
            Text("error term {s}", "误差项 {s}").format(s=S.text(S.delta(layer))),
            delta,
            S.delta(layer),
            deps,
            carried(),
            scalar=scalar,
        )
    for layer in range(L, 0, -1):
        depth += 1
        _gradient_steps(kb, data, hand, layer, carried())
    depth += 1
    _dx_step(kb, data, hand, carried())
    if update:
        depth += 1
        _update_steps(kb, data, hand, carried())


def _loss_gradient_step(
    kb: KeyBuilder, data: NetworkProblemData, y: Vec, t: Vec, dloss: Vec
) -> tuple[fm.Node, fm.Node]:
    """The step ``∂L/∂ŷ = …`` in the loss's exam form; returns its symbol and its numbers."""
    L = data.depth
    general, numeric = loss_gradient_nodes(
        data.loss, L, [number(v) for v in y], [number(v) for v in t]
    )
    lhs = fm.Partial(kb.symbols.loss(), kb.symbols.a(L))
    kb.steps.append(
        Step(
            title=Text("Derivative of the loss with respect to the output", "损失对输出的导数"),
            formula=fm.eq(lhs, general),
            substituted=fm.eq(lhs, numeric),
            result=col(dloss),
            rule=data.loss,
        )
    )
    return lhs, col(dloss)


def _fprime_step(kb: KeyBuilder, S: Symbols, layer: int, act: str, z: Vec, a: Vec, fp: Vec) -> None:
    """f′(z⁽ˡ⁾) in its exam form (none for the identity: f′ = 1)."""
    if act == "identity":
        return
    kb.steps.append(
        Step(
            title=Text(
                "Derivative of the activation function at layer {l}", "第 {l} 层激活函数的导数"
            ).format(l=layer),
            formula=fm.eq(
                S.f(layer, act, 1, S.z(layer)), exam_derivative(act, S.z(layer), S.a(layer))
            ),
            substituted=fm.eq(S.f(layer, act, 1, S.z(layer)), _derivative_numbers(act, z, a)),
            result=col(fp),
            rule="derivative",
        )
    )


def _gradient_steps(
    kb: KeyBuilder, data: NetworkProblemData, hand: HandNetwork, layer: int, carried: int
) -> None:
    """∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ (transposed: a⁽ˡ⁻¹⁾(δ⁽ˡ⁾)ᵀ) and ∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾."""
    S = kb.symbols
    cs = S.cs224n
    n, m = data.sizes[layer], data.sizes[layer - 1]
    delta, prev = hand.delta[layer - 1], hand.a[layer - 1]
    stated = S.stated(hand.dW[layer - 1], layer)
    lhs = fm.Partial(S.loss(), S.W(layer))
    if cs and layer == 2:
        general = fm.dot(S.a(1), S.delta(2))
        numeric = fm.dot(col(prev), number(delta[0]))
        shape = f"{dims(m, 1)} = {dims(m, 1)}{dims(1, 1)}"
    elif S.transposed:
        general = fm.dot(S.a(layer - 1), fm.T(S.delta(layer)))
        numeric = fm.dot(col(prev), row(delta))
        shape = f"{dims(m, n)} = {dims(m, 1)}{dims(1, n)}"
    else:
        general = fm.dot(S.delta(layer), fm.T(S.a(layer - 1)))
        numeric = fm.dot(col(delta), row(prev))
        shape = f"{dims(n, m)} = {dims(n, 1)}{dims(1, m)}"
    result = col([r[0] for r in stated]) if cs and layer == 2 else mat(stated)
    kb.steps.append(
        Step(
            title=Text(
                "Gradient of the weight matrix of layer {l}", "第 {l} 层权重矩阵的梯度"
            ).format(l=layer),
            formula=fm.eq(lhs, general),
            substituted=fm.eq(lhs, numeric),
            result=result,
            shape=shape,
            answer_id=f"dW{layer}",
            rule="dW = δ aᵀ",
        )
    )
    value: Any = [r[0] for r in stated] if cs and layer == 2 else stated
    deps = (f"delta{layer}",) + ((f"a{layer - 1}",) if layer > 1 else ())
    kb.answer(
        f"dW{layer}",
        Text("gradient {s}", "梯度 {s}").format(s=S.text(lhs)),
        value,
        lhs,
        deps,
        carried,
    )
    if cs and layer == 2:
        return
    lhs_b = fm.Partial(S.loss(), S.b(layer))
    kb.steps.append(
        Step(
            title=Text("Gradient of the bias of layer {l}", "第 {l} 层偏置的梯度").format(l=layer),
            formula=fm.eq(lhs_b, S.delta(layer)),
            substituted=fm.eq(lhs_b, col(delta)),
            result=col(delta),
            shape=f"{dims(n, 1)} = {dims(n, 1)}",
            answer_id=f"db{layer}",
            rule="db = δ",
        )
    )
    kb.answer(
        f"db{layer}",
        Text("gradient {s}", "梯度 {s}").format(s=S.text(lhs_b)),
        delta,
        lhs_b,
        (f"delta{layer}",),
        carried,
    )


def _dx_step(kb: KeyBuilder, data: NetworkProblemData, hand: HandNetwork, carried: int) -> None:
    """∂L/∂x = (W⁽¹⁾)ᵀδ⁽¹⁾ (transposed profile: W⁽¹⁾δ⁽¹⁾)."""
    S = kb.symbols
    n, m = data.sizes[1], data.sizes[0]
    stated = S.stated(data.W[0], 1)
    lhs = fm.Partial(S.loss(), fm.Var("x"))
    if S.transposed:
        general, numeric = fm.dot(S.W(1), S.delta(1)), fm.dot(mat(stated), col(hand.delta[0]))
    else:
        general, numeric = (
            fm.dot(fm.T(S.W(1)), S.delta(1)),
            fm.dot(fm.T(mat(stated)), col(hand.delta[0])),
        )
    assert hand.dx is not None
    kb.steps.append(
        Step(
            title=Text("Gradient with respect to the input x", "对输入 x 的梯度"),
            formula=fm.eq(lhs, general),
            substituted=fm.eq(lhs, numeric),
            result=col(hand.dx),
            shape=f"{dims(m, 1)} = {dims(m, n)}{dims(n, 1)}",
            answer_id="dx",
            rule="dx = Wᵀ δ",
        )
    )
    kb.answer(
        "dx",
        Text("gradient {s}", "梯度 {s}").format(s=S.text(lhs)),
        hand.dx,
        lhs,
        ("delta1",),
        carried,
    )


def _update_steps(
    kb: KeyBuilder, data: NetworkProblemData, hand: HandNetwork, carried: int
) -> None:
    """θ ← θ − η ∂L/∂θ for every W and b (layout of the profile)."""
    S = kb.symbols
    lr = data.lr
    assert lr is not None
    eta = fm.Var("η")
    for layer in range(1, data.depth + 1):
        cs_u = S.cs224n and layer == 2
        W, dW, W_new = (
            S.stated(m, layer)
            for m in (data.W[layer - 1], hand.dW[layer - 1], hand.W_new[layer - 1])
        )
        show = (lambda m: col([r[0] for r in m])) if cs_u else mat
        new = fm.Var(S.W(layer).name, sub="new", layer=None if S.cs224n else layer)  # type: ignore[union-attr]
        kb.steps.append(
            Step(
                title=Text("Gradient descent update of {s}", "梯度下降更新 {s}").format(
                    s=S.text(S.W(layer))
                ),
                formula=fm.eq(
                    new, fm.sub(S.W(layer), fm.mul(eta, fm.Partial(S.loss(), S.W(layer))))
                ),
                substituted=fm.eq(new, fm.sub(show(W), fm.mul(number(lr), show(dW)))),
                result=show(W_new),
                shape=dims(len(W), len(W[0])),
                answer_id=f"W{layer}_new",
                rule="sgd",
            )
        )
        value: Any = [r[0] for r in W_new] if cs_u else W_new
        kb.answer(
            f"W{layer}_new",
            Text("updated {s}", "更新后的 {s}").format(s=S.text(S.W(layer))),
            value,
            new,
            (f"dW{layer}",),
            carried,
        )
        if cs_u:
            continue
        b, db, b_new = data.b[layer - 1], hand.db[layer - 1], hand.b_new[layer - 1]
        new_b = fm.Var("b", sub="new", layer=None if S.cs224n else layer)
        kb.steps.append(
            Step(
                title=Text("Gradient descent update of {s}", "梯度下降更新 {s}").format(
                    s=S.text(S.b(layer))
                ),
                formula=fm.eq(
                    new_b, fm.sub(S.b(layer), fm.mul(eta, fm.Partial(S.loss(), S.b(layer))))
                ),
                substituted=fm.eq(new_b, fm.sub(col(b), fm.mul(number(lr), col(db)))),
                result=col(b_new),
                shape=dims(len(b), 1),
                answer_id=f"b{layer}_new",
                rule="sgd",
            )
        )
        kb.answer(
            f"b{layer}_new",
            Text("updated {s}", "更新后的 {s}").format(s=S.text(S.b(layer))),
            b_new,
            new_b,
            (f"db{layer}",),
            carried,
        )
