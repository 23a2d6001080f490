"""Detection rate per catalog mistake (issue #5 acceptance).

For each mistake: draw random exam problems (nets 2-2-1, 2-2-2, 2-3-2, 3-2-1, 2-2-2-1; weights in
[−2, 2] at 1 decimal, integer inputs in [−3, 3]; sigmoid/tanh/ReLU/leaky ReLU/ELU; MSE in three
conventions or softmax + cross entropy; a batch of 2–3 samples in a quarter of them) on which the
mistake applies, inject one of its variants into the solver, and for every answer it changes by
more than the tolerance, type that answer as a student would (4 decimals) and run the diagnosis
that grade() runs. "first" counts the checker naming this mistake; "listed" counts it among the
mistakes that fit the numbers equally well (when two mistakes give the same numbers, no checker
can tell them apart).

    python benchmarks/diagnosis_rates.py [--problems 1000] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np

from studykit.check.diagnose import candidates
from studykit.check.mistakes import CATALOG
from studykit.check.solver import Setting, solve
from studykit.problems.model import Rounding
from studykit.spec import spec_from_dict

NETS = ([2, 2, 1], [2, 2, 2], [2, 3, 2], [3, 2, 1], [2, 2, 2, 1])
ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu")
TOL = Rounding(4).tolerance(2)


def random_setting(rng: random.Random) -> Setting:
    layers = list(rng.choice(NETS))
    acts = [rng.choice(ACTIVATIONS) for _ in layers[1:]]
    losses = ["mse", "mse_sum", "mse_mean"] + (["softmax_cross_entropy"] if layers[-1] > 1 else [])
    loss = rng.choice(losses)
    if loss == "softmax_cross_entropy":
        acts[-1] = "identity"
    batch = rng.choice((2, 3)) if rng.random() < 0.25 else 1
    params = {}
    for l in range(1, len(layers)):
        params[f"W{l}"] = [
            [rng.randint(-20, 20) / 10 for _ in range(layers[l - 1])] for _ in range(layers[l])
        ]
        params[f"b{l}"] = [rng.randint(-10, 10) / 10 for _ in range(layers[l])]
    xs = [[float(rng.randint(-3, 3)) for _ in range(layers[0])] for _ in range(batch)]
    if loss == "softmax_cross_entropy":
        ts = [
            [1.0 if i == rng.randrange(layers[-1]) else 0.0 for i in range(layers[-1])]
            for _ in range(batch)
        ]
    else:
        ts = [[rng.randint(-10, 10) / 10 for _ in range(layers[-1])] for _ in range(batch)]
    data = {"x": xs if batch > 1 else xs[0], "t": ts if batch > 1 else ts[0]}
    spec = spec_from_dict(
        {
            "network": {"layers": layers, "activation": acts, "loss": loss},
            "params": params,
            "data": data,
            "train": {"lr": 0.5},
        }
    )
    setting = Setting.from_spec(spec)
    setting.extra["decimals"] = 4
    return setting


def changed(value: np.ndarray, correct: np.ndarray) -> bool:
    if np.shape(value) != np.shape(correct):
        return True
    return not np.all(np.abs(np.asarray(value) - np.asarray(correct)) <= TOL.abs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--problems", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(
        f"{'mistake':28} {'problems':>8} {'answers':>8} {'first':>8} {'listed':>8}   confused with (first)"
    )
    start = time.perf_counter()
    for mistake in CATALOG:
        rng = random.Random(f"{args.seed}-{mistake.key}")
        problems = answers = first = listed = draws = 0
        confused: dict[str, int] = {}
        while problems < args.problems and draws < 20 * args.problems:
            draws += 1  # the answer-rewrite mistakes (hadamard_for_matmul …) have no variants
            setting = random_setting(rng)
            variants = mistake.variants(setting)
            if not variants:
                continue
            injected = solve(setting, rng.choice(variants))
            correct = solve(setting)
            problems += 1
            for key, value in injected.items():
                if (
                    key == "loss"
                    or key.startswith("da")
                    or key not in correct
                    or not changed(value, correct[key])
                ):
                    continue
                typed = np.round(np.asarray(value, float), 4)
                answers += 1
                found = candidates(setting, key, typed, TOL)
                keys = [m.key for m in found]
                first += bool(keys) and keys[0] == mistake.key
                listed += mistake.key in keys
                if keys and keys[0] != mistake.key:
                    confused[keys[0]] = confused.get(keys[0], 0) + 1
        if not problems:
            continue
        rate1 = 100 * first / max(answers, 1)
        rate2 = 100 * listed / max(answers, 1)
        top = ", ".join(f"{k} {v}" for k, v in sorted(confused.items(), key=lambda kv: -kv[1])[:3])
        print(
            f"{mistake.key:28} {problems:8d} {answers:8d} {rate1:7.1f}% {rate2:7.1f}%   {top}",
            flush=True,
        )
    print(f"({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
