"""One optimiser step by hand (COURSE.md C9), and against PyTorch when it is installed."""

from __future__ import annotations

import math

import numpy as np
import pytest

from studykit.engine.optim import make_optimizer

THETA = np.array([1.0, -2.0])
GRAD = np.array([0.5, -0.25])


def steps(name: str, n: int, **options) -> np.ndarray:
    theta = {"w": THETA.copy()}
    opt = make_optimizer(name, 0.1, **options)
    for _ in range(n):
        opt.step(theta, {"w": GRAD})
    return theta["w"]


def test_sgd_by_hand():
    assert steps("sgd", 1) == pytest.approx([1.0 - 0.1 * 0.5, -2.0 + 0.1 * 0.25])


def test_momentum_by_hand():
    # v1 = −ηg, θ1 = θ0 + v1; v2 = μv1 − ηg = −(1+μ)ηg, θ2 = θ1 + v2
    g, eta, mu = GRAD, 0.1, 0.9
    expected = THETA - eta * g - (1 + mu) * eta * g
    assert steps("momentum", 2) == pytest.approx(expected)


def test_adagrad_by_hand():
    # c1 = g², θ1 = θ0 − η g/(|g| + ε); c2 = 2g², θ2 = θ1 − η g/(√2|g| + ε)
    g = GRAD
    expected = THETA - 0.1 * g / (np.abs(g) + 1e-10) - 0.1 * g / (math.sqrt(2) * np.abs(g) + 1e-10)
    assert steps("adagrad", 2) == pytest.approx(expected, rel=1e-12)


def test_rmsprop_by_hand():
    g, decay = GRAD, 0.9
    s1 = (1 - decay) * g * g
    expected = THETA - 0.1 * g / (np.sqrt(s1) + 1e-8)
    assert steps("rmsprop", 1, decay=decay) == pytest.approx(expected, rel=1e-12)


def test_adam_first_step_is_eta_times_sign():
    # m̂1 = g, v̂1 = g², so θ1 = θ0 − η g/(|g| + ε) ≈ θ0 − η sign(g)
    assert steps("adam", 1) == pytest.approx(THETA - 0.1 * np.sign(GRAD), rel=1e-6)


def test_adam_without_bias_correction_by_hand():
    b1, b2 = 0.9, 0.9999
    m = (1 - b1) * GRAD
    v = (1 - b2) * GRAD**2
    expected = THETA - 0.1 * m / (np.sqrt(v) + 1e-8)
    assert steps("adam", 1, beta2=b2, bias_correction=False) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("name", "torch_name", "options", "torch_options"),
    [
        ("sgd", "SGD", {}, {}),
        ("momentum", "SGD", {"momentum": 0.9}, {"momentum": 0.9}),
        ("adagrad", "Adagrad", {}, {"eps": 1e-10}),
        ("rmsprop", "RMSprop", {"decay": 0.99}, {"alpha": 0.99}),
        ("adam", "Adam", {}, {}),
    ],
)
def test_against_torch(name, torch_name, options, torch_options):
    torch = pytest.importorskip("torch", reason="PyTorch not installed (pip install -e '.[bench]')")
    rng = np.random.default_rng(0)
    theta0 = rng.normal(size=5)
    grads = [rng.normal(size=5) for _ in range(4)]
    param = torch.tensor(theta0.copy(), dtype=torch.float64, requires_grad=True)
    opt_t = getattr(torch.optim, torch_name)([param], lr=0.05, **torch_options)
    ours = {"w": theta0.copy()}
    opt = make_optimizer(name, 0.05, **options)
    for g in grads:
        param.grad = torch.tensor(g)
        opt_t.step()
        opt.step(ours, {"w": g})
    np.testing.assert_allclose(ours["w"], param.detach().numpy(), rtol=1e-12, atol=1e-14)
