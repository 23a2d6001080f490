"""Closed-form network gradients: 200+ random networks against the engine, and hand values."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from studykit.cli import cli
from studykit.engine.network import Network
from studykit.spec import spec_from_dict
from studykit.symbolic.network import (
    NetworkError,
    assemble,
    closed_form,
    closed_form_report,
    compile_delta_form,
    compile_expanded,
    values_from_network,
)

SIZES = [(2, 2, 1), (2, 2, 2), (2, 3, 2), (3, 2, 1), (2, 2, 2, 1), (4, 4, 3), (1, 1)]
HIDDEN = [
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "prelu",
    "elu",
    "softplus",
    "swish",
    "mish",
    "gelu",
    "gelu_tanh",
    "gelu_sigmoid",
    "dyt",
    "hard_sigmoid",
    "hard_tanh",
    "identity",
    {"name": "maxout", "k": 2},
]
# (output activation, loss): every loss, each with an output it accepts.
OUTPUTS = [
    ("sigmoid", "mse"),
    ("identity", "mse_sum"),
    ("tanh", "mse_mean"),
    ("identity", "l1"),
    ("identity", "smooth_l1"),
    ("softmax", "cross_entropy"),
    ("identity", "softmax_cross_entropy"),
    ("sigmoid", "binary_cross_entropy"),
    ("dyt", "mse"),
    ("prelu", "mse"),
]
NETWORKS_PER_STRUCTURE = 8


def _structures() -> list[dict]:
    rng = np.random.default_rng(2024)
    out = []
    forced = 0  # the first structures with a hidden layer take each activation in turn
    for index in range(27):
        layers = list(SIZES[index % len(SIZES)])
        output, loss = OUTPUTS[index % len(OUTPUTS)]
        hidden = [HIDDEN[int(rng.integers(len(HIDDEN)))] for _ in range(len(layers) - 2)]
        if forced < len(HIDDEN) and len(layers) > 2:
            hidden[0] = HIDDEN[forced]
            forced += 1
        if output == "softmax" and layers[-1] == 1:
            layers[-1] = 2
        network = {"layers": layers, "activation": [*hidden, output], "loss": loss, "seed": index}
        out.append({"network": network, "data": {"x": [0.0] * layers[0], "t": [0.0] * layers[-1]}})
    return out


STRUCTURES = _structures()


def _targets(loss: str, n: int, rng: np.random.Generator) -> np.ndarray:
    if loss in ("cross_entropy", "softmax_cross_entropy"):
        t = rng.uniform(0.05, 1.0, n)
        return t / t.sum()
    if loss == "binary_cross_entropy":
        return rng.uniform(0.0, 1.0, n)
    return rng.uniform(-1.5, 1.5, n)


def _randomise(net: Network, rng: np.random.Generator) -> None:
    for layer in net.layers:
        layer.W[...] = rng.uniform(-2, 2, layer.W.shape)
        layer.b[...] = rng.uniform(-1, 1, layer.b.shape)
        for name, value in layer.learnable():
            low = 0.1 if name in ("alpha", "gamma") else -0.5
            value[...] = rng.uniform(low, 1.5, value.shape)


def test_the_structures_cover_every_activation_and_loss():
    from studykit.catalog import ACTIVATIONS, LOSSES

    used_acts = set()
    for s in STRUCTURES:
        for a in s["network"]["activation"]:
            used_acts.add(a["name"] if isinstance(a, dict) else a)
    assert used_acts == set(ACTIVATIONS)
    assert {s["network"]["loss"] for s in STRUCTURES} == set(LOSSES)
    assert len(STRUCTURES) * NETWORKS_PER_STRUCTURE >= 200


@pytest.mark.parametrize("index", range(len(STRUCTURES)))
def test_closed_form_agrees_with_engine_on_random_networks(index):
    spec = spec_from_dict(STRUCTURES[index])
    cf = closed_form(spec)
    delta_fn, expanded_fn = compile_delta_form(cf), compile_expanded(cf)
    rng = np.random.default_rng(index)
    net = Network.from_spec(spec)
    for _ in range(NETWORKS_PER_STRUCTURE):
        _randomise(net, rng)
        x = rng.uniform(-2, 2, (1, spec.layers[0]))
        t = _targets(spec.loss, spec.layers[-1], rng)[None, :]
        engine = net.trace(x, t).grads()
        args = values_from_network(cf, net, x, t)
        for fn in (delta_fn, expanded_fn):
            got = assemble(cf, fn(*args))
            assert set(got) == set(engine)
            for key in engine:
                scale = max(1.0, float(np.max(np.abs(engine[key]), initial=0.0)))
                np.testing.assert_allclose(
                    got[key], engine[key], rtol=1e-10, atol=1e-12 * scale, err_msg=key
                )


# ----------------------------------------------------------------------------- hand-derived values

SPEC_221 = {
    "network": {"layers": [2, 2, 1], "activation": "sigmoid", "loss": "mse"},
    "params": {"W1": [[0.1, 0.2], [0.3, 0.4]], "b1": [0.1, 0.1], "W2": [[0.5, 0.6]], "b2": [0.2]},
    "data": {"x": [1.0, 2.0], "t": [1.0]},
}


def _hand_221() -> dict[str, np.ndarray]:
    """The 2-2-1 example by hand: δ⁽²⁾ = (a − t)a(1 − a), δ⁽¹⁾ᵢ = a⁽¹⁾ᵢ(1 − a⁽¹⁾ᵢ)w⁽²⁾₁ᵢδ⁽²⁾."""
    s = lambda v: 1 / (1 + np.exp(-v))
    a11, a12 = s(0.1 * 1 + 0.2 * 2 + 0.1), s(0.3 * 1 + 0.4 * 2 + 0.1)
    a2 = s(0.5 * a11 + 0.6 * a12 + 0.2)
    d2 = (a2 - 1.0) * a2 * (1 - a2)
    d11, d12 = a11 * (1 - a11) * 0.5 * d2, a12 * (1 - a12) * 0.6 * d2
    return {
        "W1": np.array([[d11 * 1, d11 * 2], [d12 * 1, d12 * 2]]),
        "b1": np.array([d11, d12]),
        "W2": np.array([[d2 * a11, d2 * a12]]),
        "b2": np.array([d2]),
    }


def test_2_2_1_matches_the_hand_calculation():
    report = closed_form_report(spec_from_dict(SPEC_221))
    hand = _hand_221()
    for key, value in hand.items():
        np.testing.assert_allclose(report.grads[key], value, rtol=1e-12)
        np.testing.assert_allclose(report.grads_expanded[key], value, rtol=1e-12)
    assert report.agrees


def test_delta_form_reads_like_the_textbook():
    cf = closed_form(spec_from_dict(SPEC_221))
    assert str(cf.delta_form["W1[1,2]"]) in ("delta1_1*x2", "x2*delta1_1")
    assert str(cf.delta_form["b2[1]"]) == "delta2_1"
    defs = {str(k): v for k, v in cf.definitions}
    assert set(map(str, defs["delta2_1"].free_symbols)) == {"a2_1", "t1"}
    # the expanded form is in inputs, weights and targets only
    names = {s.name for s in cf.expanded["W1[1,1]"].free_symbols}
    assert names and all(n[0] in "xwbt" for n in names)


def test_batch_and_weight_decay_match_central_differences():
    """Mean over a batch plus ½λ‖W‖²: compared with central differences of a NumPy forward."""
    spec = spec_from_dict(
        {
            "network": {"layers": [2, 3, 2], "activation": ["tanh", "sigmoid"], "loss": "mse"},
            "params": {
                "W1": [[0.2, -0.4], [0.7, 0.1], [-0.3, 0.5]],
                "b1": [0.1, -0.2, 0.05],
                "W2": [[0.3, -0.6, 0.9], [0.4, 0.2, -0.1]],
                "b2": [0.0, 0.1],
            },
            "data": {
                "x": [[1.0, -1.0], [0.5, 2.0], [-1.5, 0.3]],
                "t": [[1, 0], [0, 1], [0.5, 0.5]],
            },
            "train": {"lr": 0.1, "weight_decay": 0.01},
        }
    )
    report = closed_form_report(spec)
    params = {k: np.array(v, dtype=float) for k, v in spec.params.items()}

    def objective(p):
        h = np.tanh(spec.x @ p["W1"].T + p["b1"])
        y = 1 / (1 + np.exp(-(h @ p["W2"].T + p["b2"])))
        data = np.mean(0.5 * np.sum((y - spec.t) ** 2, axis=1))
        return data + 0.005 * (np.sum(p["W1"] ** 2) + np.sum(p["W2"] ** 2))

    for key, value in params.items():
        for idx in np.ndindex(*value.shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[key][idx] += 1e-6
            minus[key][idx] -= 1e-6
            expected = (objective(plus) - objective(minus)) / 2e-6
            assert abs(report.grads[key][idx] - expected) < 1e-8, (key, idx)


def test_too_large_network_is_refused():
    spec = spec_from_dict({"network": {"layers": [2, 20, 1]}, "data": {"x": [0, 0], "t": [0]}})
    with pytest.raises(NetworkError):
        closed_form(spec)


def test_cli_json_for_a_spec(tmp_path):
    path = tmp_path / "net.toml"
    path.write_text(
        '[network]\nlayers = [2, 2, 1]\nactivation = "sigmoid"\nloss = "mse"\n\n[params]\n'
        "W1 = [[0.1, 0.2], [0.3, 0.4]]\nb1 = [0.1, 0.1]\nW2 = [[0.5, 0.6]]\nb2 = [0.2]\n\n"
        "[data]\nx = [1.0, 2.0]\nt = [1.0]\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["derive", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["closed_form"]) >= {
        "W1[1,1]",
        "W1[1,2]",
        "W1[2,2]",
        "b1[2]",
        "W2[1,2]",
        "b2[1]",
    }
    hand = _hand_221()
    np.testing.assert_allclose(np.array(data["grads"]["W1"]), hand["W1"], rtol=1e-12)
    np.testing.assert_allclose(np.array(data["grads"]["b2"]), hand["b2"], rtol=1e-12)
    assert data["closed_form"]["W1[1,2]"]["delta_form"] in ("delta1_1*x2", "x2*delta1_1")
    assert "sigmoid(" in data["closed_form"]["W1[1,2]"]["expanded"]
