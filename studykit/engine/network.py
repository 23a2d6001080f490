"""A stack of dense layers with a recorded forward and backward pass (COURSE.md C6, C7).

Samples are rows: ``z⁽ˡ⁾ = a⁽ˡ⁻¹⁾ W⁽ˡ⁾ᵀ + b⁽ˡ⁾`` for a batch ``[B, n]``, which is the textbook's
``z = W a + b`` applied to each column vector. Backward, per sample:

- ``δ⁽ᴸ⁾ = ∂L/∂ŷ ⊙ f′_L(z⁽ᴸ⁾)`` (a vector-Jacobian product for softmax and maxout),
- ``δ⁽ˡ⁾ = f′_l(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾``,
- ``∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾ (a⁽ˡ⁻¹⁾)ᵀ``, ``∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾``, ``∂L/∂x = (W⁽¹⁾)ᵀ δ⁽¹⁾``,

and over a batch the loss and the parameter gradients are means over samples. With weight decay λ
the objective is the regularised risk ``R = (1/N)Σ L + ½λ Σ_l ‖W⁽ˡ⁾‖_F²``, so ``∂R/∂W += λW``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..catalog import Activation, Loss, get_activation, get_loss
from ..spec import NetworkSpec
from .init import initialize


@dataclass
class DenseLayer:
    """``a = f(W a_prev + b)``; ``act_params`` holds fixed values and learnable arrays."""

    W: np.ndarray
    b: np.ndarray
    activation: Activation
    act_params: dict[str, Any]

    def learnable(self) -> Iterator[tuple[str, np.ndarray]]:
        for p in self.activation.learnable:
            yield p.name, self.act_params[p.name]


@dataclass
class LayerTrace:
    """Everything one layer computed: z, a (per sample) and δ = ∂ℓ/∂z, ∂L/∂W, ∂L/∂b."""

    z: np.ndarray
    a: np.ndarray
    delta: np.ndarray | None = None
    dW: np.ndarray | None = None
    db: np.ndarray | None = None
    dparams: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass
class Trace:
    """A forward and backward pass; ``loss`` includes the weight-decay penalty, if any."""

    x: np.ndarray
    t: np.ndarray
    layers: list[LayerTrace]
    loss: float
    data_loss: float
    dx: np.ndarray | None = None

    @property
    def output(self) -> np.ndarray:
        return self.layers[-1].a

    def grads(self) -> dict[str, np.ndarray]:
        """``{"W1": ∂L/∂W⁽¹⁾, "b1": …, "gamma2": …}`` in layer order."""
        out: dict[str, np.ndarray] = {}
        for index, layer in enumerate(self.layers, start=1):
            assert layer.dW is not None and layer.db is not None
            out[f"W{index}"] = layer.dW
            out[f"b{index}"] = layer.db
            for name, value in layer.dparams.items():
                out[f"{name}{index}"] = value
        return out


class Network:
    """A dense feed-forward network with a loss; ``params()`` are live views for optimisers."""

    def __init__(self, layers: list[DenseLayer], loss: Loss, weight_decay: float = 0.0) -> None:
        self.layers = layers
        self.loss = loss
        self.weight_decay = weight_decay

    @classmethod
    def from_spec(cls, spec: NetworkSpec, dtype: str | np.dtype | None = None) -> Network:
        """Build from a spec: its ``[params]``, or its initializer and seed."""
        dt = np.dtype(dtype or spec.dtype)
        rng = np.random.default_rng(spec.seed)
        layers = []
        for index, act_spec in enumerate(spec.activations, start=1):
            rows, cols = spec.weight_shape(index)
            if spec.params is not None:
                W = np.array(spec.params[f"W{index}"], dtype=dt)
                b = np.array(spec.params[f"b{index}"], dtype=dt)
            else:
                W = initialize(spec.init, rows, cols, rng).astype(dt)
                b = np.zeros(rows, dtype=dt)
            activation = get_activation(act_spec.name)
            act_params: dict[str, Any] = {}
            for p in activation.params:
                value = act_spec.params.get(p.name, p.default)
                if p.learnable:
                    shape = (spec.layers[index],) if p.per_neuron else ()
                    act_params[p.name] = np.broadcast_to(np.asarray(value, dtype=dt), shape).copy()
                else:
                    act_params[p.name] = value
            layers.append(DenseLayer(W, b, activation, act_params))
        weight_decay = spec.train.weight_decay if spec.train else 0.0
        return cls(layers, get_loss(spec.loss), weight_decay)

    @property
    def dtype(self) -> np.dtype:
        return self.layers[0].W.dtype

    def params(self) -> dict[str, np.ndarray]:
        """Every trainable array by name (``W1``, ``b1``, ``gamma2``, …), not copies."""
        out: dict[str, np.ndarray] = {}
        for index, layer in enumerate(self.layers, start=1):
            out[f"W{index}"] = layer.W
            out[f"b{index}"] = layer.b
            for name, value in layer.learnable():
                out[f"{name}{index}"] = value
        return out

    def copy(self, dtype: str | np.dtype | None = None) -> Network:
        dt = np.dtype(dtype or self.dtype)
        layers = [
            DenseLayer(
                layer.W.astype(dt),
                layer.b.astype(dt),
                layer.activation,
                {
                    k: (v.astype(dt) if isinstance(v, np.ndarray) else v)
                    for k, v in layer.act_params.items()
                },
            )
            for layer in self.layers
        ]
        return Network(layers, self.loss, self.weight_decay)

    # ------------------------------------------------------------------ forward

    def _as_batch(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=self.dtype)
        return x[None, :] if x.ndim == 1 else x

    def forward(self, x: np.ndarray) -> list[LayerTrace]:
        """z⁽ˡ⁾ and a⁽ˡ⁾ for every layer, ``x`` a sample ``[n_0]`` or a batch ``[B, n_0]``."""
        a = self._as_batch(x)
        out = []
        for layer in self.layers:
            z = a @ layer.W.T
            z += layer.b
            a = layer.activation.fn(z, layer.act_params)
            out.append(LayerTrace(z=z, a=a))
        return out

    def predict(self, x: np.ndarray) -> np.ndarray:
        """ŷ = a⁽ᴸ⁾ (softmax applied for a loss on logits)."""
        y = self.forward(x)[-1].a
        if self.loss.on_logits:
            from ..catalog import softmax

            return softmax(y)
        return y

    def penalty(self) -> float:
        """½λ Σ_l ‖W⁽ˡ⁾‖_F²."""
        if not self.weight_decay:
            return 0.0
        return (
            0.5 * self.weight_decay * float(sum(np.sum(layer.W * layer.W) for layer in self.layers))
        )

    # ------------------------------------------------------------------ backward

    def trace(self, x: np.ndarray, t: np.ndarray, input_grad: bool = True) -> Trace:
        """Forward, loss and backward in one pass: every intermediate value recorded.

        ``input_grad=False`` skips ∂L/∂x (a training loop does not need it)."""
        x = self._as_batch(x)
        t = self._as_batch(t)
        steps = self.forward(x)
        batch = x.shape[0]
        data_loss = float(self.loss.fn(steps[-1].a, t).mean())
        grad_a = self.loss.grad(steps[-1].a, t)
        scale = 1.0 / batch
        for index in range(len(self.layers) - 1, -1, -1):
            layer, step = self.layers[index], steps[index]
            a_prev = steps[index - 1].a if index else x
            delta = layer.activation.vjp(step.z, step.a, grad_a, layer.act_params)
            step.delta = delta
            scaled = delta * scale if batch > 1 else delta
            step.dW = scaled.T @ a_prev
            if self.weight_decay:
                step.dW += self.weight_decay * layer.W
            step.db = scaled.sum(axis=0)
            if layer.activation.param_grads is not None:
                partials = layer.activation.param_grads(step.z, step.a, layer.act_params)
                for name, value in layer.learnable():
                    contribution = grad_a * partials[name] * scale
                    step.dparams[name] = (
                        contribution.sum() if value.ndim == 0 else contribution.sum(axis=0)
                    ).astype(self.dtype)
            if index or input_grad:
                grad_a = delta @ layer.W
        return Trace(
            x=x,
            t=t,
            layers=steps,
            loss=data_loss + self.penalty(),
            data_loss=data_loss,
            dx=grad_a if input_grad else None,
        )

    def loss_value(self, x: np.ndarray, t: np.ndarray) -> float:
        """The objective (mean loss + penalty), without the backward pass."""
        y = self.forward(x)[-1].a
        return float(self.loss.fn(y, self._as_batch(t)).mean()) + self.penalty()
