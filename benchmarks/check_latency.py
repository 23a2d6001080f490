"""Latency of one check (issue #5: p95 below 150 ms). Prints p50/p95 per kind and overall.

A mix a student produces in the quiz: numbers, vectors and matrices (right, and wrong so that
the mistake catalog runs), expressions (plain and LaTeX, equivalent and not), matrix-form
gradient formulas on a network, and hostile inputs. Imports and the first call are warm-up.

    python benchmarks/check_latency.py [--repeat 20]
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
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


if __name__ == "__main__":
    main()
