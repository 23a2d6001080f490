"""One training step (forward, backward, SGD update) of a 784-256-128-10 ReLU MLP with softmax
cross-entropy, batch 128: studykit's NumPy engine against PyTorch CPU and against its GEMM floor.

The GEMM floor is the step's matrix products alone, on NumPy's BLAS with the same shapes, layouts
and dtype: three forward (``a W ᵀ``), three weight gradients (``δᵀ a``) and two backward
(``δ W``; none for the input). No engine can beat it without a faster BLAS.

The three are timed interleaved: round after round, each runs a block of steps, in an order that
rotates, so load from elsewhere on the machine hits all of them alike. Each reports its best block.

Run: ``pip install -e '.[bench]' && python benchmarks/engine_vs_torch.py``. The last line reads
``ratio engine/torch float32=… float64=… ratio engine/gemm_floor float32=… float64=…`` (lower is
better; the goal is engine/torch ≤ 1.0, else engine/gemm_floor ≤ 1.6).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from studykit.engine import Network, TrainingStep, make_optimizer
from studykit.spec import spec_from_dict

LAYERS = [784, 256, 128, 10]
BATCH = 128
ROUNDS = 30
STEPS = 10
WARMUP = 2

Step = Callable[[], object]


def engine_step(dtype: str, x: np.ndarray, t: np.ndarray) -> Step:
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
    step = TrainingStep(Network.from_spec(spec), make_optimizer("sgd", 0.01))
    x, t = x.astype(dtype), t.astype(dtype)
    return lambda: step(x, t)


def torch_step(dtype: str, x: np.ndarray, t: np.ndarray) -> Step:
    import torch

    tdtype = getattr(torch, dtype)
    model = torch.nn.Sequential(
        torch.nn.Linear(LAYERS[0], LAYERS[1]),
        torch.nn.ReLU(),
        torch.nn.Linear(LAYERS[1], LAYERS[2]),
        torch.nn.ReLU(),
        torch.nn.Linear(LAYERS[2], LAYERS[3]),
    ).to(tdtype)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    xt = torch.tensor(x, dtype=tdtype)
    labels = torch.tensor(t.argmax(axis=1))

    def step() -> None:
        opt.zero_grad(set_to_none=True)
        loss = torch.nn.functional.cross_entropy(model(xt), labels)
        loss.backward()
        opt.step()

    return step


def gemm_floor(dtype: str, x: np.ndarray) -> Step:
    """The matrix products of one engine step, written into preallocated outputs."""
    rng = np.random.default_rng(1)
    x = x.astype(dtype)
    sizes = list(zip(LAYERS, LAYERS[1:], strict=False))
    W = [(rng.normal(size=(m, n)) / np.sqrt(n)).astype(dtype) for n, m in sizes]
    a = [x] + [np.empty((BATCH, m), dtype) for m in LAYERS[1:]]
    delta = [rng.normal(size=(BATCH, m)).astype(dtype) for m in LAYERS[1:]]
    dW = [np.empty_like(W_l) for W_l in W]
    products = []
    for layer in range(len(W)):  # forward
        products.append((a[layer], W[layer].T, a[layer + 1]))
    for layer in range(len(W) - 1, -1, -1):  # backward: ∂W, then δ for the layer below
        products.append((delta[layer].T, a[layer], dW[layer]))
        if layer:
            products.append((delta[layer], W[layer], delta[layer - 1]))

    def step() -> None:
        for left, right, out in products:
            np.matmul(left, right, out=out)

    return step


def interleaved_best(steps: dict[str, Step]) -> dict[str, float]:
    """Seconds per step: the best block mean of each, blocks alternating round by round."""
    best = dict.fromkeys(steps, float("inf"))
    names = list(steps)
    for round_ in range(ROUNDS):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            step = steps[name]
            for _ in range(WARMUP):
                step()
            start = time.perf_counter()
            for _ in range(STEPS):
                step()
            best[name] = min(best[name], (time.perf_counter() - start) / STEPS)
    return best


def blas_line() -> str:
    from threadpoolctl import threadpool_info

    for pool in threadpool_info():
        if pool["user_api"] == "blas" and "numpy" in pool["filepath"]:
            return (
                f"numpy {np.__version__} BLAS: {pool['internal_api']} {pool['version']} "
                f"({pool.get('architecture', '?')}, {pool.get('threading_layer', '?')}), "
                f"{pool['num_threads']} threads"
            )
    return f"numpy {np.__version__} BLAS: not found by threadpoolctl"


def machine_line() -> str:
    import os
    import platform

    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = [
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            ]
        model = names[0] if names else model
    except OSError:
        pass
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    return f"machine: {model}, {os.cpu_count()} logical CPUs, load average {load}"


def main() -> None:
    import torch

    rng = np.random.default_rng(0)
    x = rng.normal(size=(BATCH, LAYERS[0]))
    t = np.eye(LAYERS[-1])[rng.integers(0, LAYERS[-1], BATCH)]
    print(machine_line())
    print(blas_line())
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    vs_torch, vs_floor = {}, {}
    for dtype in ("float32", "float64"):
        times = interleaved_best(
            {
                "engine": engine_step(dtype, x, t),
                "torch": torch_step(dtype, x, t),
                "gemm_floor": gemm_floor(dtype, x),
            }
        )
        vs_torch[dtype] = times["engine"] / times["torch"]
        vs_floor[dtype] = times["engine"] / times["gemm_floor"]
        print(
            f"{dtype}: engine {times['engine'] * 1e3:.3f} ms/step, torch "
            f"{times['torch'] * 1e3:.3f} ms/step, gemm floor {times['gemm_floor'] * 1e3:.3f} ms"
        )
    print(
        f"ratio engine/torch float32={vs_torch['float32']:.2f} float64={vs_torch['float64']:.2f} "
        f"ratio engine/gemm_floor float32={vs_floor['float32']:.2f} "
        f"float64={vs_floor['float64']:.2f}"
    )


if __name__ == "__main__":
    main()
