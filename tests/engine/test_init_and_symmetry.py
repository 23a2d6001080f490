"""Initialisers (C10), the symmetry problem of zero init, a dead ReLU, and the toy data sets."""

from __future__ import annotations

import math

import numpy as np
import pytest

from studykit.engine import Network, make_optimizer
from studykit.engine.data import DATASETS, load_dataset
from studykit.engine.init import initialize
from studykit.spec import spec_from_dict


@pytest.mark.parametrize(
    ("name", "variance"),
    [
        ("xavier_normal", 2 / (300 + 200)),
        ("xavier_uniform", 2 / (300 + 200)),
        ("kaiming_normal", 2 / 300),
        ("kaiming_uniform", 2 / 300),
        ("normal", 0.01),
        ("uniform", 0.01 / 3),
    ],
)
def test_initializer_variance(name, variance):
    W = initialize(name, 200, 300, np.random.default_rng(0))
    assert W.shape == (200, 300)
    assert W.var() == pytest.approx(variance, rel=0.03)
    if name == "xavier_uniform":
        assert np.abs(W).max() <= math.sqrt(6 / 500)
    if name == "kaiming_uniform":
        assert np.abs(W).max() <= math.sqrt(6 / 300)


def _net(init: str, activation: str = "sigmoid") -> Network:
    spec = spec_from_dict(
        {
            "network": {
                "layers": [3, 4, 2],
                "activation": activation,
                "loss": "mse",
                "init": init,
                "seed": 3,
            }
        }
    )
    return Network.from_spec(spec)


def test_zero_init_gives_identical_rows_forever():
    """Symmetry problem: with zero init every hidden neuron gets the same gradient, so training
    never makes them differ."""
    net = _net("zeros")
    rng = np.random.default_rng(0)
    x, t = rng.normal(size=(8, 3)), rng.uniform(size=(8, 2))
    opt = make_optimizer("sgd", 0.5)
    for _ in range(20):
        trace = net.trace(x, t)
        opt.step(net.params(), trace.grads())
    W1 = net.layers[0].W
    assert np.allclose(W1, W1[0]), "hidden rows differ"
    assert np.abs(W1).max() > 1e-4, "W1 did not move at all, the test would prove nothing"


def test_random_init_breaks_symmetry():
    net = _net("xavier_normal")
    rng = np.random.default_rng(0)
    trace = net.trace(rng.normal(size=(8, 3)), rng.uniform(size=(8, 2)))
    dW1 = trace.grads()["W1"]
    assert not np.allclose(dW1, dW1[0])


def test_dead_relu_gets_no_gradient_and_stays_dead():
    net = _net("xavier_normal", "relu")
    net.layers[0].b[1] = -100.0  # neuron 2 of the hidden layer: z < 0 for every input
    rng = np.random.default_rng(1)
    x, t = rng.normal(size=(16, 3)), rng.normal(size=(16, 2))
    opt = make_optimizer("sgd", 0.1)
    W_dead = net.layers[0].W[1].copy()
    for _ in range(10):
        trace = net.trace(x, t)
        assert np.all(trace.grads()["W1"][1] == 0) and trace.grads()["b1"][1] == 0
        assert np.any(trace.grads()["W1"][0] != 0)
        opt.step(net.params(), trace.grads())
    assert np.array_equal(net.layers[0].W[1], W_dead)


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_data_sets_are_deterministic_and_labelled(name):
    a, b = load_dataset(name, 5), load_dataset(name, 5)
    assert np.array_equal(a.x, b.x) and np.array_equal(a.labels, b.labels)
    assert a.x.shape[0] == a.labels.shape[0] and set(np.unique(a.labels)) == set(range(a.classes))
    assert a.targets(a.classes).sum(axis=1).tolist() == [1.0] * len(a.x)


def test_xor_is_learned():
    from studykit.commands.train import train_network

    spec = spec_from_dict(
        {
            "network": {
                "layers": [2, 4, 1],
                "activation": ["tanh", "sigmoid"],
                "loss": "binary_cross_entropy",
                "seed": 1,
            },
            "train": {"lr": 0.1, "optimizer": "adam"},
        }
    )
    result = train_network(
        spec, load_dataset("xor"), epochs=500, batch_size=0, optimizer_name=None, lr=None
    )
    assert result["accuracy"] == 1.0
    assert result["final_loss"] < 0.05 < result["loss_curve"][0]
