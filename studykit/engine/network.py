"""A stack of dense layers with a recorded forward and backward pass (COURSE.md C6, C7).

Samples are rows: ``z⁽ˡ⁾ = a⁽ˡ⁻¹⁾ W⁽ˡ⁾ᵀ + b⁽ˡ⁾`` for a batch ``[B, n]``, which is the textbook's
``z = W a + b`` applied to each column vector. Backward, per sample:

- ``δ⁽ᴸ⁾ = ∂L/∂ŷ ⊙ f′_L(z⁽ᴸ⁾)`` (a vector-Jacobian product for softmax and maxout),
- ``δ⁽ˡ⁾ = f′_l(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾``,
- ``∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾ (a⁽ˡ⁻¹⁾)ᵀ``, ``∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾``, ``∂L/∂x = (W⁽¹⁾)ᵀ δ⁽¹⁾``,

and over a batch the loss and the parameter gradients are means over samples. With weight decay λ
the objective is the regularised risk ``R = (1/N)Σ L + ½λ Σ_l ‖W⁽ˡ⁾‖_F²``, so ``∂R/∂W += λW``.

Each layer's pass writes its arrays into ``Buffers`` (NumPy's ``out=``). ``trace`` passes empty
ones (None: NumPy makes fresh arrays), so each Trace owns its arrays. ``TrainingStep`` keeps a
``Workspace`` of buffers made once, so a training loop allocates almost nothing, and it returns
only the loss, so nothing a caller holds is ever overwritten. Both run the same code, so they give
the same numbers.
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


@dataclass(frozen=True)
class Buffers:
    """Where one layer's pass writes its arrays (``out=``); None: NumPy makes a fresh one."""

    z: np.ndarray | None = None
    scaled: np.ndarray | None = None  # δ/B
    dW: np.ndarray | None = None
    db: np.ndarray | None = None
    grad_a: np.ndarray | None = None  # ∂L/∂a⁽ˡ⁻¹⁾ = δ W⁽ˡ⁾, for the layer below
    decay: np.ndarray | None = None  # λW
    square: np.ndarray | None = None  # W ⊙ W, for the penalty


FRESH = Buffers()


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
        return self._forward(self._as_batch(x), [FRESH] * len(self.layers))

    def _forward(self, a: np.ndarray, buffers: list[Buffers]) -> list[LayerTrace]:
        steps = []
        for layer, out in zip(self.layers, buffers, strict=True):
            z = np.matmul(a, layer.W.T, out=out.z)
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

    def penalty(self, buffers: list[Buffers] | None = None) -> float:
        """½λ Σ_l ‖W⁽ˡ⁾‖_F²."""
        if not self.weight_decay:
            return 0.0
        squares = (
            np.multiply(layer.W, layer.W, out=out.square)
            for layer, out in zip(self.layers, buffers or [FRESH] * len(self.layers), strict=True)
        )
        return 0.5 * self.weight_decay * float(sum(square.sum() for square in squares))

    # ------------------------------------------------------------------ backward

    def trace(self, x: np.ndarray, t: np.ndarray, input_grad: bool = True) -> Trace:
        """Forward, loss and backward in one pass: every intermediate value recorded.

        ``input_grad=False`` skips ∂L/∂x (a training loop does not need it)."""
        fresh = [FRESH] * len(self.layers)
        return self._trace(self._as_batch(x), self._as_batch(t), input_grad, fresh)

    def _trace(
        self, x: np.ndarray, t: np.ndarray, input_grad: bool, buffers: list[Buffers]
    ) -> Trace:
        steps = self._forward(x, buffers)
        data_loss = float(self.loss.fn(steps[-1].a, t).mean())
        grad_a = self.loss.grad(steps[-1].a, t)
        for index in range(len(self.layers) - 1, -1, -1):
            layer, step = self.layers[index], steps[index]
            step.delta = layer.activation.vjp(step.z, step.a, grad_a, layer.act_params)
            out = buffers[index]
            self._gradients(layer, step, steps[index - 1].a if index else x, grad_a, out)
            if index or input_grad:
                grad_a = np.matmul(step.delta, layer.W, out=out.grad_a)
        return Trace(
            x=x,
            t=t,
            layers=steps,
            loss=data_loss + self.penalty(buffers),
            data_loss=data_loss,
            dx=grad_a if input_grad else None,
        )

    def _gradients(
        self,
        layer: DenseLayer,
        step: LayerTrace,
        a_prev: np.ndarray,
        grad_a: np.ndarray,
        out: Buffers,
    ) -> None:
        """The layer's ∂L/∂W = (δ/B)ᵀ a⁽ˡ⁻¹⁾ (+ λW), ∂L/∂b = Σ_samples δ/B and ∂L/∂θ for
        learnable activation parameters θ: Σ_samples (∂L/∂a ⊙ ∂a/∂θ)/B."""
        batch = len(a_prev)
        scaled = step.delta
        assert scaled is not None
        if batch > 1:
            scaled = np.multiply(scaled, 1.0 / batch, out=out.scaled)
        step.dW = np.matmul(scaled.T, a_prev, out=out.dW)
        if self.weight_decay:
            step.dW += np.multiply(layer.W, self.weight_decay, out=out.decay)
        step.db = scaled.sum(axis=0, out=out.db)
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


class Workspace:
    """Buffers for every layer of ``network``, made once per batch size and then reused."""

    def __init__(self, network: Network) -> None:
        self.network = network
        self.by_batch: dict[int, list[Buffers]] = {}

    def buffers(self, batch: int) -> list[Buffers]:
        if batch not in self.by_batch:
            layers = self.network.layers
            self.by_batch[batch] = [
                self._make(batch, layer, layer is layers[0]) for layer in layers
            ]
        return self.by_batch[batch]

    def _make(self, batch: int, layer: DenseLayer, first: bool) -> Buffers:
        """No ∂L/∂x for the first layer (a training step skips it), no λW without weight decay."""
        W = layer.W
        rows, cols = W.shape
        decayed = bool(self.network.weight_decay)
        return Buffers(
            z=np.empty((batch, rows), W.dtype),
            scaled=np.empty((batch, rows), W.dtype),
            dW=np.empty_like(W),
            db=np.empty_like(layer.b),
            grad_a=None if first else np.empty((batch, cols), W.dtype),
            decay=np.empty_like(W) if decayed else None,
            square=np.empty_like(W) if decayed else None,
        )

    def arrays(self) -> list[np.ndarray]:
        """Every array made so far."""
        return [
            array
            for buffers in self.by_batch.values()
            for out in buffers
            for array in vars(out).values()
            if array is not None
        ]


class TrainingStep:
    """``loss = step(x, t)``: one step of mini-batch training on ``network`` with ``optimizer``.

    The same numbers as ``optimizer.step(network.params(), network.trace(x, t, False).grads())``,
    to the bit, but every array is written into a workspace kept from step to step, so a loop of
    steps allocates almost nothing. Only the loss (a float: the objective before the update)
    comes out, so no caller holds an array that the next step overwrites."""

    def __init__(self, network: Network, optimizer: Optimizer) -> None:
        self.network = network
        self.optimizer = optimizer
        self.workspace = Workspace(network)

    def __call__(self, x: np.ndarray, t: np.ndarray) -> float:
        net = self.network
        x, t = net._as_batch(x), net._as_batch(t)
        trace = net._trace(x, t, False, self.workspace.buffers(len(x)))
        self.optimizer.step(net.params(), trace.grads())
        return trace.loss
