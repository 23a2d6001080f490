"""Buffers: ``trace`` returns fresh arrays, ``TrainingStep`` reuses its own and gives the same
numbers to the bit; float32 stays float32 from the input to the updated parameters."""

from __future__ import annotations

import numpy as np
import pytest

from studykit.catalog import ACTIVATIONS, LOSSES
from studykit.engine import Network, Trace, TrainingStep
from studykit.engine.optim import OPTIMIZERS, make_optimizer
from studykit.spec import spec_from_dict

OUTPUT_FOR_LOSS = {
    "cross_entropy": "softmax",
    "binary_cross_entropy": "sigmoid",
    "softmax_cross_entropy": "identity",
}


def make_network(
    hidden: str = "relu",
    loss: str = "softmax_cross_entropy",
    dtype: str = "float64",
    weight_decay: float = 0.0,
) -> Network:
    act: str | dict = {"name": hidden, "k": 2} if hidden == "maxout" else hidden
    spec = spec_from_dict(
        {
            "network": {
                "layers": [5, 6, 4, 3],
                "activation": [act, act, OUTPUT_FOR_LOSS.get(loss, "identity")],
                "loss": loss,
                "init": "xavier_normal",
                "seed": 2,
                "dtype": dtype,
            },
            "train": {"lr": 0.1, "weight_decay": weight_decay},
        }
    )
    net = Network.from_spec(spec)
    rng = np.random.default_rng(5)
    for layer in net.layers:
        layer.b[:] = rng.normal(0, 0.5, layer.b.shape)
    return net


def batch(loss: str, size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(size, 5))
    if loss in ("cross_entropy", "softmax_cross_entropy"):
        return x, np.eye(3)[rng.integers(0, 3, size)]
    if loss == "binary_cross_entropy":
        return x, rng.uniform(0.05, 0.95, (size, 3))
    return x, rng.normal(size=(size, 3))


def trace_arrays(trace: Trace) -> list[tuple[str, np.ndarray]]:
    out = [("x", trace.x), ("t", trace.t)]
    if trace.dx is not None:
        out.append(("dx", trace.dx))
    for n, step in enumerate(trace.layers, start=1):
        for name in ("z", "a", "delta", "dW", "db"):
            out.append((f"{name}{n}", getattr(step, name)))
        out += [(f"{name}{n}", np.asarray(v)) for name, v in step.dparams.items()]
    return out


def test_a_trace_shares_no_memory_with_a_later_trace_or_training_step():
    net = make_network(weight_decay=0.01)
    x1, t1 = batch("softmax_cross_entropy", 4, 0)
    x2, t2 = batch("softmax_cross_entropy", 4, 1)
    first = net.trace(x1, t1)
    kept = [(name, array.copy()) for name, array in trace_arrays(first)]
    second = net.trace(x2, t2)
    step = TrainingStep(net, make_optimizer("momentum", 0.1))
    for _ in range(3):
        step(x2, t2)
    later = [a for _, a in trace_arrays(second)] + step.workspace.arrays()
    later += list(net.params().values())
    for (name, array), (_, copy) in zip(trace_arrays(first), kept, strict=True):
        np.testing.assert_array_equal(array, copy, err_msg=f"{name} was overwritten")
        for other in later:
            if array is not first.x and array is not first.t:
                assert not np.shares_memory(array, other), f"{name} aliases a later array"


def test_trace_inside_a_batch_keeps_its_own_arrays():
    """The deltas and dW of one trace are distinct arrays (identity's δ is ∂L/∂a, by design)."""
    net = make_network()
    x, t = batch("softmax_cross_entropy", 3, 0)
    trace = net.trace(x, t)
    arrays = [(name, a) for name, a in trace_arrays(trace) if name not in ("x", "t")]
    for i, (name, a) in enumerate(arrays):
        for other_name, b in arrays[i + 1 :]:
            if {name, other_name} != {"z3", "a3"}:  # identity: a is z itself
                assert not np.shares_memory(a, b), (name, other_name)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
@pytest.mark.parametrize("weight_decay", [0.0, 0.05])
def test_training_step_is_trace_plus_optimizer_to_the_bit(optimizer, dtype, weight_decay):
    plain, buffered = (make_network("tanh", "mse", dtype, weight_decay) for _ in range(2))
    plain_opt, buffered_opt = (make_optimizer(optimizer, 0.05) for _ in range(2))
    step = TrainingStep(buffered, buffered_opt)
    sizes = [4, 4, 2, 4, 1, 4, 2]  # a short last batch, as at the end of an epoch
    for seed, size in enumerate(sizes):
        x, t = batch("mse", size, seed)
        trace = plain.trace(x, t, input_grad=False)
        plain_opt.step(plain.params(), trace.grads())
        assert step(x, t) == trace.loss
    for name, value in plain.params().items():
        assert buffered.params()[name].tobytes() == value.tobytes(), name


def test_training_step_reuses_its_arrays():
    net = make_network(weight_decay=0.01)
    step = TrainingStep(net, make_optimizer("adam", 0.01))
    x, t = batch("softmax_cross_entropy", 4, 0)
    step(x, t)
    arrays = [id(a) for a in step.workspace.arrays()]
    assert len(arrays) == 3 * 7 - 1  # z, δ/B, dW, db, ∂L/∂a (not for x), λW, W ⊙ W per layer
    for _ in range(3):
        step(x, t)
    assert [id(a) for a in step.workspace.arrays()] == arrays


def assert_float32(net: Network, optimizer: str, x: np.ndarray, t: np.ndarray) -> None:
    trace = net.trace(x, t)  # float64 data: cast on the way in
    for name, array in trace_arrays(trace):
        assert array.dtype == np.float32, f"{name} is {array.dtype}"
    assert isinstance(trace.loss, float)
    opt = make_optimizer(optimizer, 0.01)
    opt.step(net.params(), trace.grads())
    TrainingStep(net, opt)(x, t)
    for name, param in net.params().items():
        assert param.dtype == np.float32, f"{name} is {param.dtype} after {optimizer}"
    for name, state in opt.state.items():
        for key, array in state.items():
            assert array.dtype == np.float32, f"{optimizer} state {key} of {name}"


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_float32_stays_float32_for_every_activation(activation):
    net = make_network(activation, "mse", "float32", weight_decay=0.01)
    x, t = batch("mse", 3, 0)
    for optimizer in sorted(OPTIMIZERS):
        assert_float32(net, optimizer, x, t)


@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_float32_stays_float32_for_every_loss(loss):
    net = make_network("relu", loss, "float32")
    x, t = batch(loss, 3, 0)
    for optimizer in sorted(OPTIMIZERS):
        assert_float32(net, optimizer, x, t)
