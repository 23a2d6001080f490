"""Time class-scale papers: ``studykit sheet SET --variants N --format md,pdf --print`` with
the class key, on every core and on one worker, in the same run.

Run: ``.venv/bin/python benchmarks/sheet_variants.py --variants 200 --lang en,zh``. Targets on
the 2-core machine: 200 variants en+zh under 60 s; 30 variants en under 20 s. ``ratio
one_worker/all_workers`` is the speed-up of the process pool (the files are the same bytes).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from studykit.problems.sets import load_set
from studykit.render.pool import default_jobs
from studykit.render.sheet import write_set

REPO = Path(__file__).resolve().parents[1]


def timed(path: str, n: int, langs: list[str], jobs: int) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds of this process (all the work when ``jobs`` is 1; the pool's
    workers are not its children) and the files written."""
    problem_set = load_set(path)
    with tempfile.TemporaryDirectory() as out:
        cpu0, start = os.times(), time.perf_counter()
        files = write_set(
            problem_set,
            Path(out),
            ["md", "pdf"],
            langs,
            list(range(1, n + 1)),
            show_progress=False,
            jobs=jobs,
            class_files=True,
            print_file=True,
        )
        wall, cpu1 = time.perf_counter() - start, os.times()
    cpu = sum(cpu1[:2]) - sum(cpu0[:2])
    return wall, cpu, len(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set_file", nargs="?", default=str(REPO / "problems" / "mock_exam.toml"))
    parser.add_argument("--variants", type=int, default=30)
    parser.add_argument("--lang", default="en,zh", help="en, zh or en,zh")
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--no-serial", action="store_true", help="skip the one-worker run")
    args = parser.parse_args()
    langs = args.lang.split(",")
    print(f"{Path(args.set_file).stem}: {args.variants} variants, {'+'.join(langs)}, md+pdf")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"  with the class key and the print file; {os.cpu_count()} cores, load {load}")
    wall, cpu, files = timed(args.set_file, args.variants, langs, args.jobs)
    per = cpu / (args.variants * len(langs))
    print(f"  {args.jobs} workers: {files} files in {wall:.2f} s")
    print(
        f"    (CPU {cpu:.1f} s in this process and waited-for children, {per:.3f} s per variant×lang)"
    )
    if args.no_serial or args.jobs == 1:
        return
    serial, _, _ = timed(args.set_file, args.variants, langs, 1)
    print(f"  1 worker: {serial:.2f} s")
    print(f"ratio one_worker/all_workers={serial / wall:.2f}")


if __name__ == "__main__":
    main()
