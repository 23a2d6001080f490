"""Latency of one check (issues #5 and #13: p95 below 150 ms).

In process: p50/p95 per kind and overall, over a mix a student produces in the quiz — numbers,
vectors and matrices (right, and wrong so that the mistake catalog runs), expressions (plain
and LaTeX, equivalent and not), matrix-form gradient formulas on a network, and hostile
inputs. Imports and the first call are warm-up.

Whole process: ``studykit check --derivative sigmoid "s*(1-s)"`` run as a new process, and two
peers measured in the same run, interleaved with it (``python -c pass`` and ``python -c
"import numpy"``, the latter with ``OPENBLAS_NUM_THREADS=1`` as the check sets it): a loaded
machine slows every one of them, so the ratios say more than the milliseconds. The children run
with bytecode caching on (``PYTHONDONTWRITEBYTECODE`` removed), as an installed studykit runs:
the warm-up round writes the ``.pyc`` files.

    python benchmarks/check_latency.py [--repeat 20] [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "check"))

from conftest import SPEC, make_problem, text_of  # noqa: E402

from studykit.check import grade  # noqa: E402
from studykit.check.solver import Perturb, Setting, solve  # noqa: E402
from studykit.i18n import Text  # noqa: E402
from studykit.problems.model import Answer  # noqa: E402
from studykit.spec import spec_from_dict  # noqa: E402


def cases() -> list[tuple[str, Answer, str, dict, object]]:
    problem = make_problem()
    setting = Setting.from_spec(spec_from_dict(SPEC))
    wrong = solve(setting, Perturb(forgot_fprime=frozenset({1, 2})))
    deriv = Answer(
        "d", Text("d", "d"), "sigmoid(x)*(1 - sigmoid(x))", kind="expression", variables=("x",)
    )
    tanh = Answer("t", Text("t", "t"), "1 - tanh(z)**2", kind="expression", variables=("z", "a"))
    formula = Answer(
        "dW1",
        Text("∂L/∂W⁽¹⁾", "∂L/∂W⁽¹⁾"),
        "delta1 * a0^T",
        kind="expression",
        variables=("delta1", "x"),
    )
    out: list[tuple[str, Answer, str, dict, object]] = []
    for key in ("z1", "a2", "delta1", "dW1", "W1_new"):
        answer = problem.answer(key)
        out.append(("number right", answer, text_of(answer.value), {}, problem))
        out.append(("number wrong+diagnosis", answer, text_of(wrong[key]), {}, problem))
    out += [
        ("expression", deriv, "s(1-s)".replace("s", "sigma(x)"), {}, None),
        ("expression", deriv, r"\sigma(x)\left(1-\sigma(x)\right)", {}, None),
        ("expression", deriv, "exp(-x)/(1+exp(-x))^2", {}, None),
        ("expression", deriv, "sigma(x)^2", {}, None),
        ("expression", tanh, "1 - tanh(z)^2", {}, None),
        ("expression", tanh, "(1-tanh(z))(1+tanh(z))", {}, None),
        ("formula", formula, "δ⁽¹⁾ xᵀ", {}, problem),
        ("formula", formula, "x delta1^T", {}, problem),
        ("hostile", deriv, "9**9**9**9", {}, None),
        ("hostile", deriv, "x" * 5000, {}, None),
        ("hostile", deriv, "__import__('os').system('ls')", {}, None),
    ]
    return out


def _percentiles(times: list[float]) -> tuple[float, float]:
    return float(np.percentile(times, 50)), float(np.percentile(times, 95))


def whole_process(runs: int) -> None:
    """p50/p95 of one ``studykit check`` as a new process, against its peers."""
    studykit = str(Path(sys.executable).with_name("studykit"))
    commands = {
        "studykit check": [studykit, "check", "--derivative", "sigmoid", "s*(1-s)"],
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import numpy'": [sys.executable, "-c", "import numpy"],
    }
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs + 1):  # the first round warms the file cache
        for name, command in commands.items():
            start = time.perf_counter()
            done = subprocess.run(command, env=env, capture_output=True)
            elapsed = 1000 * (time.perf_counter() - start)
            assert done.returncode == 0, done.stderr
            times[name].append(elapsed)
    print(f"\nwhole process, {runs} runs each, interleaved")
    print(f"{'command':28} {'p50 ms':>8} {'p95 ms':>8}")
    for name, ts in times.items():
        p50, p95 = _percentiles(ts[1:])
        print(f"{name:28} {p50:8.1f} {p95:8.1f}")
    check = _percentiles(times["studykit check"][1:])
    for peer in ("python -c pass", "python -c 'import numpy'"):
        other = _percentiles(times[peer][1:])
        print(
            f"ratio studykit check / {peer}: p50 {check[0] / other[0]:.2f}, p95 {check[1] / other[1]:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--runs", type=int, default=30, help="whole-process runs (at least 30)")
    args = parser.parse_args()
    all_cases = cases()
    for _, answer, text, earlier, problem in all_cases:  # warm-up
        grade(answer, text, earlier, problem)  # type: ignore[arg-type]
    times: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        for kind, answer, text, earlier, problem in all_cases:
            start = time.perf_counter()
            grade(answer, text, earlier, problem)  # type: ignore[arg-type]
            times.setdefault(kind, []).append(1000 * (time.perf_counter() - start))
    every = [t for ts in times.values() for t in ts]
    print(f"{'kind':24} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, ts in [*times.items(), ("all", every)]:
        print(f"{kind:24} {len(ts):5d} {np.percentile(ts, 50):8.2f} {np.percentile(ts, 95):8.2f}")
    whole_process(max(args.runs, 30))


if __name__ == "__main__":
    main()
