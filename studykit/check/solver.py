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
    no_transpose: frozenset[int] = frozenset()  # layers going back through W δ, not Wᵀ δ
    dW_transposed: bool = False  # a δᵀ instead of δ aᵀ
    wrong_W: str = ""  # "T": W⁽ˡ⁾ᵀ δ⁽ˡ⁺¹⁾, "N": W⁽ˡ⁾ δ⁽ˡ⁺¹⁾ instead of W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾
    wrong_a: bool = False  # δ⁽ˡ⁾ a⁽ˡ⁾ᵀ instead of δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ
    loss: str = ""  # another MSE convention: mse, mse_sum, mse_mean
    update_sign: int = 1  # -1: θ + η ∂L/∂θ
    updated_weights: bool = False  # backward pass through already-updated W
    softmax_ce: str = ""  # "separate": −t(1−y); "ce_only": −t/y; "double": (y−t)⊙y(1−y)
    bias: str = ""  # "sum": Σ over the batch; "first": first sample only; "dropped": 0
    round_to: int | None = None  # round every intermediate value to this many decimals
    output_sign: int = 1  # -1: ∂L/∂ŷ with the sign of (t − y) instead of (y − t)
    forgot_bias: bool = False  # z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ without + b⁽ˡ⁾


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


def _activations(s: Setting) -> tuple[list[Any], list[dict[str, Any]]]:
    """Each layer's catalog activation and its parameters (learnable ones from the setting)."""
    acts, act_params = [], []
    for index, act_spec in enumerate(s.spec.activations, start=1):
        act = get_activation(act_spec.name)
        params = dict(act_spec.params)
        for q in act.learnable:
            key = f"{q.name}{index}"
            if key in s.params:
                params[q.name] = s.params[key]
        acts.append(act)
        act_params.append(params)
    return acts, act_params


class _Run:
    """One forward and backward pass, with the mistakes of ``p`` and the ``overrides``."""

    def __init__(self, s: Setting, p: Perturb, overrides: Mapping[str, Any]) -> None:
        self.s, self.p, self.ov = s, p, overrides
        self.out: dict[str, np.ndarray] = {}
        self.acts, self.act_params = _activations(s)
        self.loss = get_loss(s.spec.loss)
        if p.loss and s.spec.loss in ("mse", "mse_sum", "mse_mean"):
            self.loss = LOSSES[p.loss]

    def put(self, key: str, value: np.ndarray) -> np.ndarray:
        if key in self.ov:
            value = np.asarray(self.ov[key], dtype=np.float64).reshape(value.shape)
        value = _round(value, self.p)
        self.out[key] = value
        return value

    def forward(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        s, p = self.s, self.p
        a = _round(s.x, p)
        zs, as_ = [], [a]
        for l in range(1, s.spec.depth + 1):
            W, b = s.params[f"W{l}"], s.params[f"b{l}"]
            z = self.put(f"z{l}", a @ W.T + (0 if p.forgot_bias else b))
            a = self.put(f"a{l}", np.asarray(self.acts[l - 1].fn(z, self.act_params[l - 1]), float))
            zs.append(z)
            as_.append(a)
        loss = float(self.loss.fn(a, s.t).mean())
        if s.weight_decay:
            loss += (
                0.5
                * s.weight_decay
                * sum(float(np.sum(s.params[f"W{l}"] ** 2)) for l in range(1, s.spec.depth + 1))
            )
        self.out["loss"] = np.asarray(loss)
        return zs, as_

    def weight_gradient(
        self, l: int, delta: np.ndarray, a_prev: np.ndarray, a_l: np.ndarray
    ) -> np.ndarray:
        s, p = self.s, self.p
        grad = (a_prev.T @ delta).T if not p.dW_transposed else a_prev.T @ delta
        if p.wrong_a:
            grad = delta.T @ a_l if not p.dW_transposed else a_l.T @ delta
        grad = grad * (1.0 / s.x.shape[0] if s.x.shape[0] > 1 else 1.0)
        if s.weight_decay and not p.dW_transposed and not p.wrong_a:
            grad = grad + s.weight_decay * s.params[f"W{l}"]
        return self.put(f"dW{l}", grad)

    def bias_gradient(self, l: int, delta: np.ndarray) -> np.ndarray:
        B = delta.shape[0]
        db = {
            "sum": lambda: delta.sum(axis=0),
            "first": lambda: delta[0].copy(),
            "dropped": lambda: np.zeros(delta.shape[1]),
        }.get(self.p.bias, lambda: delta.sum(axis=0) * (1.0 / B if B > 1 else 1.0))()
        return self.put(f"db{l}", db)

    def back(self, l: int, delta: np.ndarray, dW: np.ndarray) -> np.ndarray | None:
        """∂L/∂a⁽ˡ⁻¹⁾ (``None`` when the mistake cannot be carried out on these shapes)."""
        s, p = self.s, self.p
        W = s.params[f"W{l}"]
        if p.updated_weights and dW.shape == W.shape:
            W = W - s.lr * dW
        if p.wrong_W and 1 < l:
            Wb = s.params[f"W{l - 1}"]
            square = Wb.shape[0] == Wb.shape[1]
            if p.wrong_W == "T" and square and Wb.shape[0] == delta.shape[1]:
                return delta @ Wb
            if p.wrong_W == "N" and square and Wb.shape[1] == delta.shape[1]:
                return delta @ Wb.T
            return None
        if l in p.no_transpose:
            return delta @ W.T if W.shape[0] == W.shape[1] else None
        return delta @ W

    def backward(self, zs: list[np.ndarray], as_: list[np.ndarray]) -> dict[int, np.ndarray] | None:
        s, p, L = self.s, self.p, self.s.spec.depth
        g = self.put(f"da{L}", p.output_sign * self.loss.grad(as_[-1], s.t))
        dW: dict[int, np.ndarray] = {}
        for l in range(L, 0, -1):
            delta = _delta(l, L, self.acts[l - 1], self.act_params[l - 1], zs[l - 1], as_[l], g, s, p,
                           s.spec.loss)  # fmt: skip
            if delta is None:
                return None
            delta = self.put(f"delta{l}", delta)
            dW[l] = self.weight_gradient(l, delta, as_[l - 1], as_[l])
            self.bias_gradient(l, delta)
            g_next = self.back(l, delta, dW[l])
            if g_next is None:
                return None
            g = self.put(f"da{l - 1}" if l > 1 else "dx", g_next)
        return dW

    def update(self, dW: dict[int, np.ndarray]) -> None:
        s, p = self.s, self.p
        for l in range(1, s.spec.depth + 1):
            W, b = s.params[f"W{l}"], s.params[f"b{l}"]
            if dW[l].shape == W.shape:
                self.put(f"W{l}_new", W - p.update_sign * s.lr * dW[l])
            self.put(f"b{l}_new", b - p.update_sign * s.lr * self.out[f"db{l}"])


def solve(
    s: Setting, p: Perturb | None = None, overrides: Mapping[str, Any] | None = None
) -> dict[str, np.ndarray]:
    """Every intermediate value, with the mistakes of ``p`` and the student's ``overrides``."""
    run = _Run(s, p or Perturb(), overrides or {})
    with np.errstate(all="ignore"):
        zs, as_ = run.forward()
        dW = run.backward(zs, as_)
        if dW is not None:
            run.update(dW)
    return _finish(run.out, s)


def _finish(out: dict[str, np.ndarray], s: Setting) -> dict[str, np.ndarray]:
    """For one sample, per-sample vectors (z, a, δ, ∂L/∂a, ∂L/∂x) become 1-D."""
    if s.single:
        for key, value in list(out.items()):
            if key[0] in "zad" and not key.startswith(("dW", "db")) and value.ndim == 2:
                out[key] = value[0]
    return out


def _delta(l: int, L: int, act: Any, params: dict, z: np.ndarray, a: np.ndarray, g: np.ndarray,
           s: Setting, p: Perturb, loss_name: str) -> np.ndarray | None:  # fmt: skip
    on_softmax = loss_name == "softmax_cross_entropy" or (
        loss_name == "cross_entropy" and act.name == "softmax"
    )
    if l == L and p.softmax_ce and on_softmax:
        y = a
        if act.name != "softmax":
            y = np.exp(a - a.max(axis=1, keepdims=True))
            y = y / y.sum(axis=1, keepdims=True)
        t = s.t
        if p.softmax_ce == "separate":
            return -t * (1 - y)
        if p.softmax_ce == "ce_only":
            return -t / y
        return (y - t) * y * (1 - y)
    if l in p.forgot_fprime:
        return g
    if l in p.fprime_at_a:
        if not act.elementwise:
            return act.vjp(z, a, g, params)
        return g * act.grad(a, act.fn(a, params), params)
    return act.vjp(z, a, g, params)


def variant(**changes: Any) -> Perturb:
    return replace(Perturb(), **changes)
