"""Shared fixtures for the checker tests: a small network problem built by hand."""

from __future__ import annotations

import numpy as np
import pytest

from studykit.engine.network import Network
from studykit.i18n import Text
from studykit.problems.model import Answer, Conventions, Problem, Rounding, Tolerance
from studykit.spec import spec_from_dict

SPEC = {
    "network": {"layers": [2, 2, 1], "activation": "sigmoid", "loss": "mse"},
    "params": {
        "W1": [[0.1, -0.2], [0.4, 0.3]],
        "b1": [0.1, -0.1],
        "W2": [[0.5, -0.6]],
        "b2": [0.2],
    },
    "data": {"x": [1.0, 2.0], "t": [1.0]},
    "train": {"lr": 0.5},
}
IDS = ("z1", "a1", "z2", "a2", "delta2", "delta1", "dW2", "db2", "dW1", "db1", "W1_new")


def make_problem(spec: dict | None = None) -> Problem:
    """A forward+backward problem whose answer key comes from the engine (4 decimals)."""
    spec = spec or SPEC
    net_spec = spec_from_dict(spec)
    net = Network.from_spec(net_spec)
    tr = net.trace(net_spec.x, net_spec.t)
    values = {}
    for l, layer in enumerate(tr.layers, start=1):
        values[f"z{l}"] = layer.z[0]
        values[f"a{l}"] = layer.a[0]
        values[f"delta{l}"] = layer.delta[0]
        values[f"dW{l}"] = layer.dW
        values[f"db{l}"] = layer.db
    lr = net_spec.train.lr if net_spec.train else 0.1
    values["W1_new"] = net.layers[0].W - lr * tr.layers[0].dW
    tol = Rounding(4).tolerance(2)
    answers = []
    for key in IDS:
        v = np.asarray(values[key])
        kind = "matrix" if v.ndim == 2 else "vector" if v.size > 1 else "number"
        value = v.tolist() if kind != "number" else float(v.reshape(()))
        answers.append(Answer(key, Text(key, key), value, kind=kind, tolerance=tol))
    return Problem(
        id="test:1",
        kind="backward",
        section="C7",
        seed=1,
        options={},
        title=Text("t", "t"),
        statement=(),
        conventions=Conventions(rounding=Rounding(4)),
        answers=tuple(answers),
        steps=(),
        spec=spec,
    )


@pytest.fixture(scope="session")
def problem() -> Problem:
    return make_problem()


def text_of(value: object, decimals: int = 4) -> str:
    """How a student types a value: 4 decimals, rows separated by ';'."""
    v = np.asarray(value, float)
    fmt = lambda x: f"{x:.{decimals}f}"  # noqa: E731
    if v.ndim == 0 or v.size == 1 and v.ndim < 2:
        return fmt(float(v.reshape(())))
    if v.ndim == 1:
        return "[" + ", ".join(fmt(x) for x in v) + "]"
    return "[" + "; ".join(", ".join(fmt(x) for x in row) for row in v) + "]"


TOL = Tolerance(abs=1e-4)
