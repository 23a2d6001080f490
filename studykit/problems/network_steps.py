"""The worked-solution Steps of a small dense network, phase by phase, each with its Answer:
forward (z, a), the loss, backward (f′, δ), the gradients ∂L/∂W, ∂L/∂b, ∂L/∂x, and the update.
The values come from the hand route (:class:`~.carried.HandNetwork`); this module only writes
them down in the notation profile's symbols (:class:`~.solution.Symbols`)."""

from __future__ import annotations

from typing import Any

from .. import math as fm
from ..catalog import get_activation
from ..i18n import Text
from .carried import HandNetwork, NetworkProblemData
from .loss_steps import exam_derivative, loss_gradient_nodes, loss_nodes
from .model import Step
from .solution import KeyBuilder, Symbols, Value, Vec, col, dims, in_layout, mat, number, row

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
    """Forward, loss, and (optionally) backward and update Steps with their Answers, in order.

    The k-th result a student writes down carries up to ``min(k, 5)`` roundings (the tolerance
    of its answer when no propagated bound is known)."""
    kb.errors.update(in_layout(hand.errors(), kb.symbols))
    L = data.depth
    for layer in range(1, L + 1):
        _forward_steps(kb, data, hand, layer, min(layer, 5))
    _loss_step(kb, data, hand, min(L + 1, 5))
    if not backward:
        return
    depth = L + 1
    for layer in range(L, 0, -1):
        depth += 1
        _delta_step(kb, data, hand, layer, min(depth, 5))
    for layer in range(L, 0, -1):
        depth += 1
        _gradient_steps(kb, data, hand, layer, min(depth, 5))
    depth += 1
    _dx_step(kb, data, hand, min(depth, 5))
    if update:
        depth += 1
        _update_steps(kb, data, hand, min(depth, 5))


def _forward_steps(
    kb: KeyBuilder, data: NetworkProblemData, hand: HandNetwork, layer: int, carried: int
) -> None:
    """z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾ (cs224n's score s = uᵀh has no bias), then a⁽ˡ⁾ = f(z⁽ˡ⁾)."""
    S = kb.symbols
    cs = S.cs224n
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
            Text("score {s}", "输出得分 {s}") if no_bias else Text("net input {s}", "净输入 {s}")
        ).format(s=S.text(S.z(layer))),
        z,
        S.z(layer),
        (f"a{layer - 1}",) if layer > 1 else (),
        carried,
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
        carried,
        scalar=no_bias,
    )


def _loss_step(kb: KeyBuilder, data: NetworkProblemData, hand: HandNetwork, carried: int) -> None:
    """L of the output ŷ = a⁽ᴸ⁾ and the target t."""
    S, L = kb.symbols, data.depth
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
        carried,
    )


def _delta_step(
    kb: KeyBuilder, data: NetworkProblemData, hand: HandNetwork, layer: int, carried: int
) -> None:
    """δ⁽ᴸ⁾ = ∂L/∂ŷ ⊙ f′(z⁽ᴸ⁾) (ŷ − t after softmax + CE or cs224n's σ(s) − 1), or
    δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾."""
    S, L = kb.symbols, data.depth
    cs = S.cs224n
    out = S.a(L)
    y, t = hand.a[-1], data.t or []
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
            numeric = fm.sub(col(y) if not cs else number(y[0]), col(t) if not cs else number(t[0]))
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
        carried,
        scalar=scalar,
    )


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
    """θ ← θ − η ∂L/∂θ for every W and b (layout of the profile; cs224n's u has no bias)."""
    S = kb.symbols
    lr = data.lr
    assert lr is not None
    for layer in range(1, data.depth + 1):
        cs_u = S.cs224n and layer == 2
        W, dW, W_new = (
            S.stated(m, layer)
            for m in (data.W[layer - 1], hand.dW[layer - 1], hand.W_new[layer - 1])
        )
        show = (lambda m: col([r[0] for r in m])) if cs_u else mat
        new = fm.Var(S.W(layer).name, sub="new", layer=None if S.cs224n else layer)  # type: ignore[union-attr]
        value: Any = [r[0] for r in W_new] if cs_u else W_new
        printed = (show(W), show(dW), show(W_new))
        _sgd_step(
            kb, S.W(layer), new, printed, value, dims(len(W), len(W[0])), f"W{layer}", lr, carried
        )
        if cs_u:
            continue
        b, db, b_new = data.b[layer - 1], hand.db[layer - 1], hand.b_new[layer - 1]
        new_b = fm.Var("b", sub="new", layer=None if S.cs224n else layer)
        printed = (col(b), col(db), col(b_new))
        _sgd_step(kb, S.b(layer), new_b, printed, b_new, dims(len(b), 1), f"b{layer}", lr, carried)


def _sgd_step(
    kb: KeyBuilder,
    symbol: fm.Node,
    new: fm.Node,
    printed: tuple[fm.Node, fm.Node, fm.Node],
    value: Any,
    shape: str,
    name: str,
    lr: Value,
    carried: int,
) -> None:
    """``θ_new = θ − η ∂L/∂θ`` with the printed (θ, ∂L/∂θ, θ_new), and its answer ``θ_new``."""
    S = kb.symbols
    before, grad, after = printed
    kb.steps.append(
        Step(
            title=Text("Gradient descent update of {s}", "梯度下降更新 {s}").format(
                s=S.text(symbol)
            ),
            formula=fm.eq(new, fm.sub(symbol, fm.mul(fm.Var("η"), fm.Partial(S.loss(), symbol)))),
            substituted=fm.eq(new, fm.sub(before, fm.mul(number(lr), grad))),
            result=after,
            shape=shape,
            answer_id=f"{name}_new",
            rule="sgd",
        )
    )
    kb.answer(
        f"{name}_new",
        Text("updated {s}", "更新后的 {s}").format(s=S.text(symbol)),
        value,
        new,
        (f"d{name}",),
        carried,
    )
