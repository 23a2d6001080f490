"""Hand-checked examples: the expected numbers are derived here by hand, not copied from the program."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from studykit.engine import Network
from studykit.spec import parse_spec

CS224N = """
# cs224n lecture 3: x -> h = f(Wx + b) -> s = u^T h -> J = -log sigma(s), with f = ReLU.
[network]
layers = [2, 3, 1]
activation = ["relu", "sigmoid"]
loss = "binary_cross_entropy"

[params]
W1 = [[1.0, -1.0], [2.0, 0.0], [0.0, 1.0]]
b1 = [2.0, -1.0, 0.0]
W2 = [[1.0, -1.0, 0.5]]
b2 = [0.0]

[data]
x = [1.0, 2.0]
t = [1.0]

[train]
lr = 0.1
"""


def sigma(v: float) -> float:
    return 1.0 / (1.0 + math.exp(-v))


def test_cs224n_network_by_hand(tmp_path: Path, cli):
    # Forward, by hand: z = Wx + b = [1-2+2, 2-1, 2] = [1, 1, 2]; h = ReLU(z) = [1, 1, 2] (all > 0)
    h = [1.0, 1.0, 2.0]
    s = 1 * 1 + (-1) * 1 + 0.5 * 2  # = 1
    J = -math.log(sigma(s))
    # Backward: dJ/ds = sigma(s) - 1; dJ/du = (sigma(s)-1) h; delta1 = (sigma(s)-1) u ⊙ 1[z>0]
    ds = sigma(s) - 1
    du = [ds * v for v in h]
    delta1 = [ds * 1.0, ds * -1.0, ds * 0.5]
    dW1 = [[d * 1.0, d * 2.0] for d in delta1]
    # dJ/dx = W1ᵀ δ1 = [δ1₁ + 2δ1₂, −δ1₁ + δ1₃]
    dx = [delta1[0] * 1 + delta1[1] * 2 + delta1[2] * 0, delta1[0] * -1 + delta1[2] * 1]
    # SGD with η = 0.1: u ← u − 0.1·dJ/du
    u_new = [1.0 - 0.1 * du[0], -1.0 - 0.1 * du[1], 0.5 - 0.1 * du[2]]

    path = tmp_path / "cs224n.toml"
    path.write_text(CS224N)
    result = cli("solve", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["forward"][0]["a"] == pytest.approx(h, rel=1e-12)
    assert out["forward"][1]["z"] == pytest.approx([s], rel=1e-12)
    assert out["loss"] == pytest.approx(J, rel=1e-12)
    assert out["delta"][1] == pytest.approx([ds], rel=1e-12)
    assert out["delta"][0] == pytest.approx(delta1, rel=1e-12)
    assert out["grads"]["W2"] == [pytest.approx(du, rel=1e-12)]
    for row, expected in zip(out["grads"]["W1"], dW1, strict=True):
        assert row == pytest.approx(expected, rel=1e-12)
    assert out["grads"]["b1"] == pytest.approx(delta1, rel=1e-12)
    assert out["dx"] == pytest.approx(dx, rel=1e-12)
    assert out["updated"]["W2"] == [pytest.approx(u_new, rel=1e-12)]


MAZUR = Path(__file__).resolve().parents[2] / "examples" / "mazur-2-2-2.toml"


def test_two_two_two_sigmoid_network_by_hand():
    """The classic 2-2-2 sigmoid/MSE example; its published values are loss 0.298371109 and
    w5⁺ = 0.35891648 after one step with η = 0.5. Here every number is derived step by step."""
    spec = parse_spec(MAZUR.read_text())
    x1, x2 = 0.05, 0.10
    w = [0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55]
    b1, b2 = 0.35, 0.60
    t1, t2 = 0.01, 0.99
    net_h1 = w[0] * x1 + w[1] * x2 + b1
    net_h2 = w[2] * x1 + w[3] * x2 + b1
    out_h1, out_h2 = sigma(net_h1), sigma(net_h2)
    net_o1 = w[4] * out_h1 + w[5] * out_h2 + b2
    net_o2 = w[6] * out_h1 + w[7] * out_h2 + b2
    out_o1, out_o2 = sigma(net_o1), sigma(net_o2)
    loss = 0.5 * (t1 - out_o1) ** 2 + 0.5 * (t2 - out_o2) ** 2
    d_o1 = (out_o1 - t1) * out_o1 * (1 - out_o1)
    d_o2 = (out_o2 - t2) * out_o2 * (1 - out_o2)
    d_h1 = (d_o1 * w[4] + d_o2 * w[6]) * out_h1 * (1 - out_h1)
    w5_new = w[4] - 0.5 * d_o1 * out_h1
    w1_new = w[0] - 0.5 * d_h1 * x1

    assert loss == pytest.approx(0.298371109, abs=5e-10)  # the published value
    assert w5_new == pytest.approx(0.35891648, abs=5e-9)

    net = Network.from_spec(spec)
    trace = net.trace(spec.x, spec.t)
    assert trace.loss == pytest.approx(loss, rel=1e-13)
    assert trace.layers[0].a[0] == pytest.approx([out_h1, out_h2], rel=1e-13)
    assert trace.layers[1].delta[0] == pytest.approx([d_o1, d_o2], rel=1e-13)
    assert trace.grads()["W2"][0, 0] == pytest.approx(d_o1 * out_h1, rel=1e-13)
    assert trace.grads()["W1"][0, 0] == pytest.approx(d_h1 * x1, rel=1e-13)

    from studykit.commands.solve import solve_spec

    updated = solve_spec(spec)["updated"]
    assert updated["W2"][0, 0] == pytest.approx(w5_new, rel=1e-13)
    assert updated["W1"][0, 0] == pytest.approx(w1_new, rel=1e-13)


def test_batch_gradient_is_the_mean_of_sample_gradients():
    spec = parse_spec(
        MAZUR.read_text()
        .replace("x = [0.05, 0.10]", "x = [[0.05, 0.10], [1.0, -2.0]]")
        .replace("t = [0.01, 0.99]", "t = [[0.01, 0.99], [0.5, 0.2]]")
    )
    assert spec.batched and spec.x.shape == (2, 2)
    net = Network.from_spec(spec)
    batch = net.trace(spec.x, spec.t)
    singles = [net.trace(spec.x[i], spec.t[i]) for i in range(2)]
    assert batch.loss == pytest.approx((singles[0].loss + singles[1].loss) / 2, rel=1e-14)
    for name, value in batch.grads().items():
        mean = (singles[0].grads()[name] + singles[1].grads()[name]) / 2
        assert value == pytest.approx(mean, rel=1e-13)
