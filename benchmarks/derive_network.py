"""Closed-form gradients of a 4-4-3 sigmoid/MSE network: δ recursion + lambdify vs naive diff+subs.

Times, in one run, (a) ``symbolic.network``: derive both forms, compile, evaluate at the spec's
values and cross-check against the engine; (b) the naive way: the loss as one SymPy expression,
``diff`` for every parameter, ``subs`` the values, ``evalf``. Both results are compared with the
engine. The last line prints ``ratio naive/closed_form=…`` (goal: closed form < 1 s, ≥ 10× ahead).

Run: ``python benchmarks/derive_network.py``
"""

from __future__ import annotations

import time

import numpy as np
import sympy as sp

from studykit.engine.network import Network
from studykit.spec import spec_from_dict
from studykit.symbolic.network import closed_form_report


def make_spec(seed: int = 0) -> object:
    rng = np.random.default_rng(seed)
    params = {
        "W1": rng.uniform(-2, 2, (4, 4)).round(1).tolist(),
        "b1": rng.uniform(-1, 1, 4).round(1).tolist(),
        "W2": rng.uniform(-2, 2, (3, 4)).round(1).tolist(),
        "b2": rng.uniform(-1, 1, 3).round(1).tolist(),
    }
    return spec_from_dict(
        {
            "network": {"layers": [4, 4, 3], "activation": "sigmoid", "loss": "mse"},
            "params": params,
            "data": {"x": [1.0, -2.0, 0.5, 3.0], "t": [1.0, 0.0, 0.5]},
        }
    )


def naive(spec: object) -> dict[str, np.ndarray]:
    """One loss expression in every symbol; ``diff`` + ``subs`` + ``evalf`` per parameter."""
    net = Network.from_spec(spec)
    x = [sp.Symbol(f"x{j}") for j in range(4)]
    t = [sp.Symbol(f"t{i}") for i in range(3)]
    values: dict[sp.Symbol, float] = dict(zip(x, spec.x[0], strict=False)) | dict(
        zip(t, spec.t[0], strict=False)
    )
    symbols: dict[str, sp.Matrix] = {}
    a = sp.Matrix(x)
    for index, layer in enumerate(net.layers, start=1):
        W = sp.Matrix(*layer.W.shape, lambda i, j, l=index: sp.Symbol(f"w{l}_{i}{j}"))
        b = sp.Matrix(len(layer.b), 1, lambda i, j, l=index: sp.Symbol(f"b{l}_{i}"))
        symbols[f"W{index}"], symbols[f"b{index}"] = W, b
        values |= {W[i, j]: layer.W[i, j] for i in range(W.rows) for j in range(W.cols)}
        values |= {b[i]: layer.b[i] for i in range(b.rows)}
        a = (W * a + b).applyfunc(lambda z: 1 / (1 + sp.exp(-z)))
    loss = sum((a[i] - t[i]) ** 2 for i in range(3)) / 2
    out = {}
    for name, M in symbols.items():
        grad = np.zeros(M.shape)
        for i in range(M.rows):
            for j in range(M.cols):
                grad[i, j] = float(sp.diff(loss, M[i, j]).subs(values).evalf())
        out[name] = grad if name.startswith("W") else grad[:, 0]
    return out


def main() -> None:
    spec = make_spec()
    engine = Network.from_spec(spec).trace(spec.x, spec.t).grads()

    start = time.perf_counter()
    report = closed_form_report(spec, random_points=3)
    closed_time = time.perf_counter() - start
    assert report.agrees, report.max_rel_error

    start = time.perf_counter()
    slow = naive(spec)
    naive_time = time.perf_counter() - start
    naive_error = max(float(np.max(np.abs(slow[k] - engine[k]))) for k in engine)

    print(f"closed form (derive + compile + evaluate + check): {closed_time:.3f} s")
    print(f"  max relative difference to the engine: {report.max_rel_error:.1e}")
    print(f"naive diff + subs + evalf:                         {naive_time:.3f} s")
    print(f"  max difference to the engine: {naive_error:.1e}")
    print(f"ratio naive/closed_form={naive_time / closed_time:.1f}")


if __name__ == "__main__":
    main()
