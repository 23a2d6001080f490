"""A stack of dense layers with a recorded forward and backward pass (COURSE.md C6, C7).

Samples are rows: ``z⁽ˡ⁾ = a⁽ˡ⁻¹⁾ W⁽ˡ⁾ᵀ + b⁽ˡ⁾`` for a batch ``[B, n]``, which is the textbook's
``z = W a + b`` applied to each column vector. Backward, per sample:

- ``δ⁽ᴸ⁾ = ∂L/∂ŷ ⊙ f′_L(z⁽ᴸ⁾)`` (a vector-Jacobian product for softmax and maxout),
- ``δ⁽ˡ⁾ = f′_l(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾``,
- ``∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾ (a⁽ˡ⁻¹⁾)ᵀ``, ``∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾``, ``∂L/∂x = (W⁽¹⁾)ᵀ δ⁽¹⁾``,

and over a batch the loss and the parameter gradients are means over samples. With weight decay λ
the objective is the regularised risk ``R = (1/N)Σ L + ½λ Σ_l ‖W⁽ˡ⁾‖_F²``, so ``∂R/∂W += λW``.

Every array a pass computes is written (``out=``) into one that a ``Workspace`` hands out by name.
``trace`` uses a new workspace per call, so each Trace owns fresh arrays. ``TrainingStep`` keeps
its workspace from step to step, so a training loop allocates almost nothing; it returns only the
loss, so nothing a caller holds is ever overwritten. Both run the same code: same numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..catalog import Activation, Loss, get_activation, get_loss
from ..spec import NetworkSpec
from .init import initialize

if TYPE_CHECKING:
    from .optim import Optimizer


class Workspace:
    """The arrays a pass writes into: ``ws(name, shape, dtype)`` is an array of that shape.

    ``Workspace()`` makes a fresh one on every request. ``Workspace(reuse=True)`` makes it once
    and hands the same array back on every later request for that name, shape and dtype."""

    def __init__(self, reuse: bool = False) -> None:
        self.reuse = reuse
        self.arrays: dict[tuple[str, tuple[int, ...], np.dtype], np.ndarray] = {}

    def __call__(self, name: str, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
        if not self.reuse:
            return np.empty(shape, dtype)
        key = (name, shape, np.dtype(dtype))
        if key not in self.arrays:
            self.arrays[key] = np.empty(shape, dtype)
        return self.arrays[key]


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
        return self._forward(self._as_batch(x), Workspace())

    def _forward(self, a: np.ndarray, out: Workspace) -> list[LayerTrace]:
        steps = []
        for n, layer in enumerate(self.layers, start=1):
            z = np.matmul(a, layer.W.T, out=out(f"z{n}", (len(a), len(layer.W)), self.dtype))
            z += layer.b
            a = layer.activation.fn(z, layer.act_params)
            steps.append(LayerTrace(z=z, a=a))
        return steps

    def predict(self, x: np.ndarray) -> np.ndarray:
        """ŷ = a⁽ᴸ⁾ (softmax applied for a loss on logits)."""
        y = self.forward(x)[-1].a
        if self.loss.on_logits:
            from ..catalog import softmax

            return softmax(y)
        return y

    def penalty(self, out: Workspace | None = None) -> float:
        """½λ Σ_l ‖W⁽ˡ⁾‖_F²."""
        if not self.weight_decay:
            return 0.0
        out = out or Workspace()
        squares = (
            np.multiply(layer.W, layer.W, out=out(f"W{n}²", layer.W.shape, self.dtype))
            for n, layer in enumerate(self.layers, start=1)
        )
        return 0.5 * self.weight_decay * float(sum(np.sum(square) for square in squares))

    # ------------------------------------------------------------------ backward

    def trace(self, x: np.ndarray, t: np.ndarray, input_grad: bool = True) -> Trace:
        """Forward, loss and backward in one pass: every intermediate value recorded.

        ``input_grad=False`` skips ∂L/∂x (a training loop does not need it)."""
        return self._trace(self._as_batch(x), self._as_batch(t), input_grad, Workspace())

    def _trace(self, x: np.ndarray, t: np.ndarray, input_grad: bool, out: Workspace) -> Trace:
        steps = self._forward(x, out)
        data_loss = float(self.loss.fn(steps[-1].a, t).mean())
        grad_a = self.loss.grad(steps[-1].a, t)
        for index in range(len(self.layers) - 1, -1, -1):
            layer, step = self.layers[index], steps[index]
            step.delta = layer.activation.vjp(step.z, step.a, grad_a, layer.act_params)
            self._gradients(index, step, steps[index - 1].a if index else x, grad_a, out)
            if index or input_grad:
                shape = (len(x), layer.W.shape[1])
                grad_a = np.matmul(step.delta, layer.W, out=out(f"∂a{index}", shape, self.dtype))
        return Trace(
            x=x,
            t=t,
            layers=steps,
            loss=data_loss + self.penalty(out),
            data_loss=data_loss,
            dx=grad_a if input_grad else None,
        )

    def _gradients(
        self, index: int, step: LayerTrace, a_prev: np.ndarray, grad_a: np.ndarray, out: Workspace
    ) -> None:
        """Layer ``index``'s ∂L/∂W = (δ/B)ᵀ a⁽ˡ⁻¹⁾ (+ λW), ∂L/∂b = Σ_samples δ/B and ∂L/∂θ for
        learnable activation parameters θ: Σ_samples (∂L/∂a ⊙ ∂a/∂θ)/B."""
        layer, n, batch = self.layers[index], index + 1, len(a_prev)
        assert step.delta is not None
        scaled = step.delta
        if batch > 1:
            scaled = np.multiply(scaled, 1.0 / batch, out=out(f"δ{n}/B", scaled.shape, self.dtype))
        step.dW = np.matmul(scaled.T, a_prev, out=out(f"dW{n}", layer.W.shape, self.dtype))
        if self.weight_decay:
            decay = out(f"λW{n}", layer.W.shape, self.dtype)
            step.dW += np.multiply(layer.W, self.weight_decay, out=decay)
        step.db = np.sum(scaled, axis=0, out=out(f"db{n}", layer.b.shape, self.dtype))
        if layer.activation.param_grads is not None:
            partials = layer.activation.param_grads(step.z, step.a, layer.act_params)
            for name, value in layer.learnable():
                contribution = grad_a * partials[name] * (1.0 / batch)
                step.dparams[name] = (
                    contribution.sum() if value.ndim == 0 else contribution.sum(axis=0)
                ).astype(self.dtype)

    def loss_value(self, x: np.ndarray, t: np.ndarray) -> float:
        """The objective (mean loss + penalty), without the backward pass."""
        y = self.forward(x)[-1].a
        return float(self.loss.fn(y, self._as_batch(t)).mean()) + self.penalty()


class TrainingStep:
    """``loss = step(x, t)``: one step of mini-batch training on ``network`` with ``optimizer``.

    The same numbers as ``optimizer.step(network.params(), network.trace(x, t, False).grads())``,
    to the bit, but every array is written into a workspace kept from step to step, so a loop of
    steps allocates almost nothing. Only the loss (a float: the objective before the update)
    comes out, so no caller holds an array that the next step overwrites."""

    def __init__(self, network: Network, optimizer: Optimizer) -> None:
        self.network = network
        self.optimizer = optimizer
        self.workspace = Workspace(reuse=True)

    def __call__(self, x: np.ndarray, t: np.ndarray) -> float:
        net = self.network
        trace = net._trace(net._as_batch(x), net._as_batch(t), False, self.workspace)
        self.optimizer.step(net.params(), trace.grads())
        return trace.loss
