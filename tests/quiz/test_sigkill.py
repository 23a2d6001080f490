"""kill -9 while a problem is half answered: after a restart the quiz offers the same problem,
with the same typed answers, the same check and the same hints."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from studykit.quiz.app import create_app
from studykit.quiz.services import Services

ROOT = Path(__file__).resolve().parents[2]

# The quiz on the real services, driven as a student would: open C7, type into (a) and check
# it, type one box of (b), take a hint on (b), then idle until killed.
_STUDENT = textwrap.dedent(
    """
    import asyncio, json, sys
    from studykit.quiz.app import create_app

    async def main():
        app = create_app(sys.argv[1], lang="en", topic="C7")
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            problem = app.session.problem
            await pilot.press(*"0.5", "tab", *"-1*2+3", "enter")  # (a), checked (right or not)
            await pilot.pause()
            app.screen.query_one("#cell-1-0-0").focus()
            await pilot.pause()
            await pilot.press(*"0.25")
            await pilot.press("ctrl+t")
            await pilot.pause()
            print(json.dumps({"id": problem.id, "checks": app.session.fields["z1"].checks}),
                  flush=True)
            await asyncio.sleep(3600)

    asyncio.run(main())
    """
)


@pytest.mark.slow  # a real quiz process, killed, then a second app
def test_sigkill_half_answered_then_resume_exactly(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"}
    child = subprocess.Popen(
        [sys.executable, "-c", _STUDENT, str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line, "the quiz process did not reach the half-answered problem"
        before = json.loads(line)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert before["checks"] == 1
    import asyncio

    asyncio.run(_restart_and_resume(tmp_path, before["id"]))


async def _restart_and_resume(home: Path, problem_id: str) -> None:
    app = create_app(home, lang="en", services=Services())
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "Question"
        offer = str(app.screen.query(Static).first().render())
        assert "Resume where you left off?" in offer and "steps shown for 1" in offer
        await pilot.press("r")
        await pilot.pause()
        assert app.session.problem.id == problem_id
        values = [app.screen.query_one(f"#cell-{i}-0-{c}", Input).value for i, c in
                  ((0, 0), (0, 1), (1, 0), (1, 1))]  # fmt: skip
        assert values == ["0.5", "-1*2+3", "0.25", ""]
        fields = app.session.fields
        assert fields["z1"].checks == 1 and fields["z1"].text == "[0.5, -1*2+3]"
        assert fields["a1"].hint_level == 1 and fields["a1"].hinted_first
        assert len(app.session.store.attempts(problem_id)) == 1
