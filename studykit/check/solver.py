"""A forward/backward solver that can make a student's mistakes on purpose.

With no :class:`Perturb` it computes what :class:`studykit.engine.network.Network.trace` computes
(a test proves it on random networks); each field of :class:`Perturb` injects one typical BP
mistake, so diagnosis compares an answer with what the mistake *produces*, never with strings.
``overrides`` replaces intermediate values by a student's own (error carried forward).

Samples are rows (``[B, n]``), as in the engine. Result ids: ``z{l} a{l} delta{l} da{l} dW{l}
db{l} dx loss W{l}_new b{l}_new``; for one sample, vectors are 1-D. An id is missing when the
mistake cannot even be carried out (e.g. ``W δ`` with a non-square ``W``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..catalog import LOSSES, get_activation, get_loss
from ..spec import NetworkSpec


@dataclass(frozen=True)
class Perturb:
    forgot_fprime: frozenset[int] = frozenset()  # layers whose δ lacks the f′(z) factor
    fprime_at_a: frozenset[int] = frozenset()  # layers using f′(a) instead of f′(z)
    no_transpose: bool = False  # W δ instead of Wᵀ δ going backwards
    dW_transposed: bool = False  # a δᵀ instead of δ aᵀ
    wrong_W: str = ""  # "T": W⁽ˡ⁾ᵀ δ⁽ˡ⁺¹⁾, "N": W⁽ˡ⁾ δ⁽ˡ⁺¹⁾ instead of W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾
    wrong_a: bool = False  # δ⁽ˡ⁾ a⁽ˡ⁾ᵀ instead of δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ
    loss: str = ""  # another MSE convention: mse, mse_sum, mse_mean
    update_sign: int = 1  # -1: θ + η ∂L/∂θ
    updated_weights: bool = False  # backward pass through already-updated W
    softmax_ce: str = ""  # "separate": −t(1−y); "ce_only": −t/y; "double": (y−t)⊙y(1−y)
    bias: str = ""  # "sum": Σ over the batch; "first": first sample only; "dropped": 0
    round_to: int | None = None  # round every intermediate value to this many decimals


@dataclass
class Setting:
    """The numbers of one problem: parameters, one sample or a batch, learning rate."""

    spec: NetworkSpec
    params: Mapping[str, np.ndarray]
    x: np.ndarray  # [B, n0]
    t: np.ndarray  # [B, nL]
    lr: float = 0.1
    weight_decay: float = 0.0
    single: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_spec(cls, spec: NetworkSpec) -> Setting:
        from ..engine.network import Network

        net = Network.from_spec(spec)
        params = {k: np.array(v, dtype=np.float64) for k, v in net.params().items()}
        if spec.x is None or spec.t is None:
            raise ValueError("the spec has no [data] x and t")
        lr = spec.train.lr if spec.train else 0.1
        wd = spec.train.weight_decay if spec.train else 0.0
        return cls(
            spec,
            params,
            np.asarray(spec.x, float),
            np.asarray(spec.t, float),
            lr,
            wd,
            not spec.batched,
        )


def _round(v: np.ndarray, p: Perturb) -> np.ndarray:
    return np.round(v, p.round_to) if p.round_to is not None else v


def solve(
    s: Setting, p: Perturb | None = None, overrides: Mapping[str, Any] | None = None
) -> dict[str, np.ndarray]:
    """Every intermediate value, with the mistakes of ``p`` and the student's ``overrides``."""
    p = p or Perturb()
    ov = overrides or {}
    spec = s.spec
    L = spec.depth
    B = s.x.shape[0]
    out: dict[str, np.ndarray] = {}

    def put(key: str, value: np.ndarray) -> np.ndarray:
        if key in ov:
            value = np.asarray(ov[key], dtype=np.float64).reshape(value.shape)
        out[key] = value
        return value

    acts, act_params = [], []
    for index, act_spec in enumerate(spec.activations, start=1):
        act = get_activation(act_spec.name)
        params = dict(act_spec.params)
        for q in act.learnable:
            key = f"{q.name}{index}"
            if key in s.params:
                params[q.name] = s.params[key]
        acts.append(act)
        act_params.append(params)

    loss = get_loss(spec.loss)
    if p.loss and spec.loss in ("mse", "mse_sum", "mse_mean"):
        loss = LOSSES[p.loss]

    # forward
    a = _round(s.x, p)
    zs, as_ = [], [a]
    with np.errstate(all="ignore"):
        for l in range(1, L + 1):
            W, b = s.params[f"W{l}"], s.params[f"b{l}"]
            z = put(f"z{l}", _round(a @ W.T + b, p))
            a = put(f"a{l}", _round(np.asarray(acts[l - 1].fn(z, act_params[l - 1]), float), p))
            zs.append(z)
            as_.append(a)
        out["loss"] = np.asarray(float(loss.fn(a, s.t).mean()))
        if s.weight_decay:
            out["loss"] = out["loss"] + 0.5 * s.weight_decay * sum(
                float(np.sum(s.params[f"W{l}"] ** 2)) for l in range(1, L + 1)
            )

        # backward
        g = put(f"da{L}", _round(loss.grad(a, s.t), p))
        scale = 1.0 / B if B > 1 else 1.0
        dW: dict[int, np.ndarray] = {}
        for l in range(L, 0, -1):
            act, params, z, a_l, a_prev = (
                acts[l - 1],
                act_params[l - 1],
                zs[l - 1],
                as_[l],
                as_[l - 1],
            )
            delta = _delta(l, L, act, params, z, a_l, g, s, p, spec.loss)
            if delta is None:
                return _finish(out, s)
            delta = put(f"delta{l}", _round(delta, p))
            grad_W = (a_prev.T @ delta).T if not p.dW_transposed else a_prev.T @ delta
            if p.wrong_a:
                grad_W = delta.T @ a_l if not p.dW_transposed else a_l.T @ delta
            grad_W = grad_W * scale
            if s.weight_decay and not p.dW_transposed and not p.wrong_a:
                grad_W = grad_W + s.weight_decay * s.params[f"W{l}"]
            dW[l] = put(f"dW{l}", _round(grad_W, p))
            if p.bias == "sum":
                db = delta.sum(axis=0)
            elif p.bias == "first":
                db = delta[0].copy()
            elif p.bias == "dropped":
                db = np.zeros(delta.shape[1])
            else:
                db = delta.sum(axis=0) * scale
            db = put(f"db{l}", _round(db, p))
            W = s.params[f"W{l}"]
            if p.updated_weights and dW[l].shape == W.shape:
                W = W - s.lr * dW[l]
            if p.wrong_W and 1 < l <= L:
                Wb = s.params[f"W{l - 1}"]
                if (
                    p.wrong_W == "T"
                    and Wb.shape[0] == delta.shape[1]
                    and Wb.shape[1] == Wb.shape[0]
                ):
                    g_next = delta @ Wb
                elif (
                    p.wrong_W == "N"
                    and Wb.shape[1] == delta.shape[1]
                    and Wb.shape[0] == Wb.shape[1]
                ):
                    g_next = delta @ Wb.T
                else:
                    return _finish(out, s)
            elif p.no_transpose:
                if W.shape[0] != W.shape[1]:
                    return _finish(out, s)
                g_next = delta @ W.T
            else:
                g_next = delta @ W
            key = f"da{l - 1}" if l > 1 else "dx"
            g = put(key, _round(g_next, p))
        for l in range(1, L + 1):
            W, b = s.params[f"W{l}"], s.params[f"b{l}"]
            if dW[l].shape == W.shape:
                put(f"W{l}_new", _round(W - p.update_sign * s.lr * dW[l], p))
            put(f"b{l}_new", _round(b - p.update_sign * s.lr * out[f"db{l}"], p))
    return _finish(out, s)


def _finish(out: dict[str, np.ndarray], s: Setting) -> dict[str, np.ndarray]:
    """For one sample, per-sample vectors (z, a, δ, ∂L/∂a, ∂L/∂x) become 1-D."""
    if s.single:
        for key, value in list(out.items()):
            if key[0] in "zad" and not key.startswith(("dW", "db")) and value.ndim == 2:
                out[key] = value[0]
    return out


def _delta(l: int, L: int, act: Any, params: dict, z: np.ndarray, a: np.ndarray, g: np.ndarray,
           s: Setting, p: Perturb, loss_name: str) -> np.ndarray | None:  # fmt: skip
    if l == L and p.softmax_ce and loss_name == "softmax_cross_entropy":
        y = np.exp(a - a.max(axis=1, keepdims=True))
        y = y / y.sum(axis=1, keepdims=True)
        if p.softmax_ce == "separate":
            return -s.t * (1 - y)
        if p.softmax_ce == "ce_only":
            return -s.t / y
        return (y - s.t) * y * (1 - y)
    if l in p.forgot_fprime:
        return g
    if l in p.fprime_at_a:
        if not act.elementwise:
            return act.vjp(z, a, g, params)
        return g * act.grad(a, act.fn(a, params), params)
    return act.vjp(z, a, g, params)


def variant(**changes: Any) -> Perturb:
    return replace(Perturb(), **changes)
