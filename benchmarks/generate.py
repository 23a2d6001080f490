"""Verified problems per second, per kind (every kind in the registry, default options).

Run: ``python benchmarks/generate.py [--seconds S]``. The last line is the goal metric:
``backward(2-3-2): N problems/s`` (goal ≥ 500 on a laptop core); the line before it compares
with the peer measured in the same run, the bare engine trace of the same networks.
"""

from __future__ import annotations

import argparse
import time

from studykit.problems.registry import Options, all_kinds, generate


def rate(kind: str, options: Options, seconds: float) -> float:
    """Problems per second: generate seeds 0, 1, 2, … for about ``seconds``."""
    generate(kind, 10_000, options)  # warm caches and imports
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        generate(kind, count, options)
        count += 1
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=1.0, help="time per kind")
    args = parser.parse_args()
    for kind in all_kinds():
        for calculator in (True, False):
            try:
                value = rate(kind.name, Options(calculator=calculator), args.seconds)
            except Exception as exc:  # report and go on: a benchmark, not a test
                print(f"{kind.section:>4} {kind.name:<24} calc={calculator!s:<5}  error: {exc}")
                continue
            print(
                f"{kind.section:>4} {kind.name:<24} calc={calculator!s:<5} {value:8.0f} problems/s"
            )
    exact = rate("backward", Options(calculator=False, extra={"net": "2-3-2"}), args.seconds)
    print(f"backward(2-3-2, no calculator): {exact:.0f} problems/s")
    options = Options(extra={"net": "2-3-2"})
    calc = rate("backward", options, args.seconds)
    trace = engine_rate([generate("backward", s, options).spec for s in range(200)], args.seconds)
    print(f"peer: the engine's trace of the same specs alone: {trace:.0f}/s")
    print(
        f"ratio engine_trace/problem={trace / calc:.1f} (one verified problem costs that many traces)"
    )
    print(f"backward(2-3-2): {calc:.0f} problems/s")


def engine_rate(specs: list, seconds: float) -> float:
    """Engine traces per second (spec parsed, network built, forward and backward)."""
    from studykit.problems.solution import engine_values

    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        engine_values(specs[count % len(specs)])
        count += 1
    return count / elapsed


if __name__ == "__main__":
    main()
