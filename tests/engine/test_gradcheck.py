"""Every activation and every loss passes gradcheck (torch.autograd.gradcheck's conventions)."""

from __future__ import annotations

import numpy as np
import pytest

from studykit.catalog import ACTIVATIONS, LOSSES
from studykit.engine import GradcheckError, Network, gradcheck
from studykit.engine.optim import OPTIMIZERS, make_optimizer
from studykit.spec import spec_from_dict

OUTPUT_FOR_LOSS = {
    "cross_entropy": "softmax",
    "binary_cross_entropy": "sigmoid",
    "softmax_cross_entropy": "identity",
}


def random_network(
    hidden: str | dict, output: str, loss: str, seed: int, batch: int = 1, weight_decay: float = 0.0
):
    rng = np.random.default_rng(seed)
    spec = spec_from_dict(
        {
            "network": {
                "layers": [3, 4, 3],
                "activation": [hidden, output],
                "loss": loss,
                "init": "xavier_normal",
                "seed": seed,
            },
            "train": {"lr": 0.1, "weight_decay": weight_decay},
        }
    )
    net = Network.from_spec(spec)
    for layer in net.layers:
        layer.b[:] = rng.normal(0, 0.5, layer.b.shape)
    x = rng.normal(0, 1, (batch, 3))
    if loss in ("cross_entropy", "softmax_cross_entropy"):
        t = np.eye(3)[rng.integers(0, 3, batch)]
    elif loss == "binary_cross_entropy":
        t = rng.uniform(0, 1, (batch, 3))
    else:
        t = rng.normal(0, 1, (batch, 3))
    return net, x, t


def away_from_kinks(net: Network, x: np.ndarray, t: np.ndarray, margin: float = 1e-3) -> bool:
    """Central differences are only valid away from kinks (and ties, for maxout)."""
    trace = net.trace(x, t)
    for layer, step in zip(net.layers, trace.layers, strict=True):
        for kink in layer.activation.kinks:
            if np.any(np.abs(step.z - kink) < margin):
                return False
        if layer.activation.name == "maxout":
            k = layer.act_params["k"]
            grouped = np.sort(step.z.reshape(step.z.shape[0], -1, k), axis=-1)
            if np.any(grouped[..., -1] - grouped[..., -2] < margin):
                return False
    for kink in net.loss.kinks:
        if np.any(np.abs(np.abs(trace.output - t) - abs(kink)) < margin):
            return False
    return True


def checked_network(hidden, output, loss, batch=1, weight_decay=0.0):
    for seed in range(50):
        net, x, t = random_network(hidden, output, loss, seed, batch, weight_decay)
        if away_from_kinks(net, x, t):
            return net, x, t
    raise AssertionError("no sample away from kinks")


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize("batch", [1, 4])
def test_every_activation_passes_gradcheck(name, batch):
    hidden = {"name": name, "k": 2} if name == "maxout" else name
    net, x, t = checked_network(hidden, "identity", "mse", batch)
    result = gradcheck(net, x, t)
    assert result.checked > 0


@pytest.mark.parametrize("name", ["prelu", "dyt"])
def test_learnable_activation_parameters_get_gradients(name):
    net, x, t = checked_network(name, name, "mse", batch=3)
    trace = net.trace(x, t)
    learnable = [k for k in trace.grads() if k[0] not in "Wb"]
    assert learnable, "no gradients for the learnable parameters"
    assert any(np.any(trace.grads()[k] != 0) for k in learnable)
    gradcheck(net, x, t)


@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("batch", [1, 5])
def test_every_loss_passes_gradcheck(loss, batch):
    net, x, t = checked_network("tanh", OUTPUT_FOR_LOSS.get(loss, "identity"), loss, batch)
    gradcheck(net, x, t)


def test_weight_decay_objective_passes_gradcheck():
    net, x, t = checked_network("sigmoid", "identity", "mse", batch=3, weight_decay=0.1)
    trace = net.trace(x, t)
    assert trace.loss > trace.data_loss
    gradcheck(net, x, t)


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
def test_every_optimizer_step_descends_along_the_checked_gradient(optimizer):
    """The gradient an optimiser consumes passes gradcheck, and a small first step lowers the loss
    (every optimiser's first step moves against the sign of the gradient)."""
    net, x, t = checked_network("tanh", "identity", "mse", batch=4, weight_decay=0.01)
    gradcheck(net, x, t)
    before = net.loss_value(x, t)
    step = make_optimizer(optimizer, 1e-3)
    step.step(net.params(), net.trace(x, t).grads())
    assert net.loss_value(x, t) < before


def test_failure_names_the_parameter_and_both_values(monkeypatch):
    net, x, t = checked_network("tanh", "identity", "mse")
    original = Network.trace

    def wrong_trace(self, x, t):
        trace = original(self, x, t)
        trace.layers[1].dW[0, 1] += 0.5
        return trace

    monkeypatch.setattr(Network, "trace", wrong_trace)
    with pytest.raises(GradcheckError) as info:
        gradcheck(net, x, t)
    message = str(info.value)
    assert "W2[1,2]" in message and "analytic" in message and "numerical" in message


def test_float32_trace_agrees_with_float64():
    net, x, t = checked_network("sigmoid", "softmax", "cross_entropy", batch=8)
    g64 = net.trace(x, t).grads()
    net32 = net.copy(np.float32)
    trace32 = net32.trace(x.astype(np.float32), t.astype(np.float32))
    for name, value in trace32.grads().items():
        assert value.dtype == np.float32
        np.testing.assert_allclose(value, g64[name], rtol=1e-4, atol=1e-6)
