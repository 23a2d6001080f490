"""Cold start of the quiz to its first painted screen, in a fresh Python process.

Run: ``python benchmarks/quiz_startup.py [runs]``. Each run starts a new interpreter that imports
the CLI's quiz command, builds the app with the one factory on an empty ``STUDYKIT_HOME`` and
runs it headless until the home screen has been painted; the parent times it from process start.
The target is under 1 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

CHILD = """
import asyncio
from studykit.commands.quiz import command  # what `studykit` imports
from studykit.quiz.app import create_app

async def main():
    app = create_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        print("painted", flush=True)
        app.exit()

asyncio.run(main())
"""


def one_run() -> float:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "STUDYKIT_HOME": home}
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True, env=env
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - start
        proc.wait(timeout=60)
        if line.strip() != "painted":
            raise SystemExit(f"the app did not paint its first screen (exit {proc.returncode})")
        return elapsed


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    times = [one_run() for _ in range(runs)]
    print(
        f"quiz cold start to first paint: median {statistics.median(times):.3f} s, "
        f"best {min(times):.3f} s, worst {max(times):.3f} s over {runs} runs (target < 1 s)"
    )


if __name__ == "__main__":
    main()
