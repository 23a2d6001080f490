"""Cold start of the quiz to its first painted screen, in a fresh Python process, against a peer.

Run: ``python benchmarks/quiz_startup.py [runs]``. Each run starts a new interpreter that imports
the CLI's quiz command, builds the app with the one factory on an empty ``STUDYKIT_HOME`` and
runs it headless until the home screen has been painted; the parent times it from process start.
The peer, measured in the same runs (interleaved), is a bare Textual app with one Static: what
any Textual app costs on this machine. The target is under 1 s (median); the ratio says how much
the quiz adds to Textual itself.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

QUIZ = """
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

BARE_TEXTUAL = """
import asyncio
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("hello")

async def main():
    app = Bare()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print("painted", flush=True)
        app.exit()

asyncio.run(main())
"""


def one_run(code: str) -> float:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "STUDYKIT_HOME": home}
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - start
        proc.wait(timeout=60)
        if line.strip() != "painted":
            raise SystemExit(f"the app did not paint its first screen (exit {proc.returncode})")
        return elapsed


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    quiz, peer = [], []
    for _ in range(runs):  # interleaved, so both see the same machine load
        quiz.append(one_run(QUIZ))
        peer.append(one_run(BARE_TEXTUAL))
    q, p = statistics.median(quiz), statistics.median(peer)
    print(
        f"quiz cold start to first paint: median {q:.3f} s, best {min(quiz):.3f} s, "
        f"worst {max(quiz):.3f} s over {runs} runs (target < 1 s)"
    )
    print(f"bare Textual app (peer): median {p:.3f} s, best {min(peer):.3f} s")
    print(f"ratio quiz/bare_textual={q / p:.2f}")


if __name__ == "__main__":
    main()
