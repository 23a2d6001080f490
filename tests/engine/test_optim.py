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


def plain_updates(name: str, lr: float, options: dict, theta: np.ndarray, grads: list):
    """The update table written as plain NumPy expressions, one fresh array per operation."""
    b1, b2 = options.get("beta1", 0.9), options.get("beta2", 0.999)
    state = {key: np.zeros_like(theta) for key in ("v", "c", "s", "m")}
    for t, g in enumerate(grads, start=1):
        if name == "sgd":
            theta = theta - lr * g
        elif name == "momentum":
            state["v"] = 0.9 * state["v"] - lr * g
            theta = theta + state["v"]
        elif name == "adagrad":
            state["c"] = state["c"] + g * g
            theta = theta - lr * g / (np.sqrt(state["c"]) + 1e-10)
        elif name == "rmsprop":
            state["s"] = 0.99 * state["s"] + (1 - 0.99) * g * g
            theta = theta - lr * g / (np.sqrt(state["s"]) + 1e-8)
        else:
            state["m"] = b1 * state["m"] + (1 - b1) * g
            state["v"] = b2 * state["v"] + (1 - b2) * g * g
            m, v = state["m"], state["v"]
            if options.get("bias_correction", True):
                m, v = m / (1 - b1**t), v / (1 - b2**t)
            theta = theta - lr * m / (np.sqrt(v) + 1e-8)
    return theta


ALL_OPTIMIZERS = [
    ("sgd", {}),
    ("momentum", {}),
    ("adagrad", {}),
    ("rmsprop", {}),
    ("adam", {}),
    ("adam", {"bias_correction": False, "beta2": 0.9999}),
]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize(("name", "options"), ALL_OPTIMIZERS)
def test_in_place_update_is_the_plain_formula_to_the_bit(name, options, dtype):
    rng = np.random.default_rng(3)
    theta0 = rng.normal(size=(4, 3)).astype(dtype)
    grads = [rng.normal(size=(4, 3)).astype(dtype) for _ in range(5)]
    grads[1][0, 0] = 0.0
    expected = plain_updates(name, 0.05, options, theta0.copy(), grads)
    params = {"w": theta0.copy()}
    live = params["w"]
    opt = make_optimizer(name, 0.05, **options)
    opt.step(params, {"w": grads[0]})
    buffers = [id(a) for a in (*opt.state["w"].values(), *opt.scratch["w"])]
    for g in grads[1:]:
        opt.step(params, {"w": g})
    assert params["w"] is live and live.dtype == dtype
    assert live.tobytes() == expected.astype(dtype).tobytes()
    assert [id(a) for a in (*opt.state["w"].values(), *opt.scratch["w"])] == buffers


def test_scalar_parameter_is_updated_in_place():
    gamma = np.asarray(0.25)
    opt = make_optimizer("adam", 0.1)
    opt.step({"gamma": gamma}, {"gamma": np.float64(0.5)})
    assert gamma.shape == () and float(gamma) == pytest.approx(0.25 - 0.1, rel=1e-6)
