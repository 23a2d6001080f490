"""One training step (forward, backward, SGD update) of a 784-256-128-10 ReLU MLP with softmax
cross-entropy, batch 128, timed side by side: studykit's NumPy engine against PyTorch CPU.

Run: ``pip install -e '.[bench]' && python benchmarks/engine_vs_torch.py``.
The last line reads ``ratio engine/torch float32=… float64=…`` (lower is better; ≤ 1.0 is the goal).
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from studykit.engine import Network, make_optimizer
from studykit.spec import spec_from_dict

LAYERS = [784, 256, 128, 10]
BATCH = 128
REPEATS = 7
STEPS = 30


def engine_step_time(dtype: str, x: np.ndarray, t: np.ndarray) -> float:
    spec = spec_from_dict(
        {
            "network": {
                "layers": LAYERS,
                "activation": ["relu", "relu", "identity"],
                "loss": "softmax_cross_entropy",
                "init": "kaiming_uniform",
                "seed": 0,
                "dtype": dtype,
            }
        }
    )
    net = Network.from_spec(spec)
    opt = make_optimizer("sgd", 0.01)
    x, t = x.astype(dtype), t.astype(dtype)
    params = net.params()

    def step() -> None:
        opt.step(params, net.trace(x, t, input_grad=False).grads())

    return _best_mean(step)


def torch_step_time(dtype: str, x: np.ndarray, t: np.ndarray) -> float:
    import torch

    tdtype = getattr(torch, dtype)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256),
        torch.nn.ReLU(),
        torch.nn.Linear(256, 128),
        torch.nn.ReLU(),
        torch.nn.Linear(128, 10),
    ).to(tdtype)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    xt = torch.tensor(x, dtype=tdtype)
    labels = torch.tensor(t.argmax(axis=1))

    def step() -> None:
        opt.zero_grad(set_to_none=True)
        loss = torch.nn.functional.cross_entropy(model(xt), labels)
        loss.backward()
        opt.step()

    return _best_mean(step)


def _best_mean(step) -> float:
    for _ in range(5):
        step()  # warm up
    means = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for _ in range(STEPS):
            step()
        means.append((time.perf_counter() - start) / STEPS)
    return statistics.median(means)


def main() -> None:
    import torch

    rng = np.random.default_rng(0)
    x = rng.normal(size=(BATCH, LAYERS[0]))
    t = np.eye(10)[rng.integers(0, 10, BATCH)]
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}; numpy {np.__version__}")
    ratios = {}
    for dtype in ("float32", "float64"):
        ours = engine_step_time(dtype, x, t)
        theirs = torch_step_time(dtype, x, t)
        ratios[dtype] = ours / theirs
        print(f"{dtype}: engine {ours * 1e3:.3f} ms/step, torch {theirs * 1e3:.3f} ms/step")
    print(f"ratio engine/torch float32={ratios['float32']:.2f} float64={ratios['float64']:.2f}")


if __name__ == "__main__":
    main()
