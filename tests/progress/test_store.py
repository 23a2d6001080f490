"""The progress store: round trips, crash safety, corrupt files moved aside, paths."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studykit.progress import SCHEMA_VERSION, Store, data_dir, db_path
from studykit.progress.store import Attempt, Review

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def _attempt(i: int = 0, correct: bool = True, section: str = "C7") -> Attempt:
    return Attempt(f"backward:{i}", "backward", section, "backward|d=1", "delta2", "0.5", correct)


def _review(skill: str = "backward|d=1", due: datetime = NOW) -> Review:
    return Review(
        skill, "backward", "C7", {"d": 1}, "backward:1", 3, 30.0, 2, 2, 0, False, {"x": 1}, due
    )


def test_attempts_round_trip_and_topic_stats(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.record_attempt(_attempt(1, True))
        store.record_attempt(_attempt(2, False))
        store.record_attempt(_attempt(3, True, section="C2"))
        assert [a.correct for a in store.attempts()] == [True, False, True]
        assert len(store.attempts("backward:2")) == 1
        stats = store.topic_stats(NOW)
    assert (stats["C7"].answered, stats["C7"].correct) == (2, 1)
    assert (stats["C2"].answered, stats["C2"].correct) == (1, 1)


def test_reviews_upsert_cards_and_due(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.record_review(_review(due=NOW - timedelta(hours=1)))
        store.record_review(_review("forward|d=1", due=NOW + timedelta(days=2)))
        store.record_review(_review(due=NOW + timedelta(days=1)))  # same skill again
        assert store.review_count() == 3
        assert len(store.cards()) == 2
        assert store.due(NOW) == []
        assert [c.skill for c in store.due(NOW + timedelta(days=1, seconds=1))] == ["backward|d=1"]
        assert store.card("backward|d=1").options == {"d": 1}
        assert store.topic_stats(NOW + timedelta(days=3))["C7"].due == 2


def test_settings_persist(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.set_setting("lang", "zh")
        store.set_setting("difficulty", 2)
    with Store.open(tmp_path) as store:
        assert store.settings() == {"lang": "zh", "difficulty": 2}


def test_schema_version_and_wal(tmp_path: Path) -> None:
    import sqlite3

    Store.open(tmp_path).close()
    conn = sqlite3.connect(db_path(tmp_path))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_corrupt_database_is_moved_aside(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    path.write_bytes(b"this is not an sqlite database" * 200)
    store = Store.open(tmp_path)
    assert store.notice is not None
    moved = list(tmp_path.glob("progress.db.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"this is not")
    assert str(moved[0]) in store.notice.en and str(moved[0]) in store.notice.zh
    store.record_attempt(_attempt())  # the fresh database works
    assert len(store.attempts()) == 1
    store.close()


def test_damaged_page_is_moved_aside(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        for i in range(200):
            store.record_attempt(_attempt(i))
    path = db_path(tmp_path)
    data = bytearray(path.read_bytes())
    data[4096 : 4096 * 3] = b"\xff" * (4096 * 2)  # wreck pages 2 and 3
    path.write_bytes(bytes(data))
    with Store.open(tmp_path) as store:
        assert store.notice is not None
        assert store.attempts() == []
    assert list(tmp_path.glob("progress.db.corrupt-*"))


def test_newer_schema_is_moved_aside_not_crashed(tmp_path: Path) -> None:
    import sqlite3

    Store.open(tmp_path).close()
    conn = sqlite3.connect(db_path(tmp_path))
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    with Store.open(tmp_path) as store:
        assert store.notice is not None


_WRITER = textwrap.dedent(
    """
    import sys, time
    from studykit.progress import Store
    from studykit.progress.store import Attempt
    store = Store.open(sys.argv[1])
    i = 0
    while True:
        store.record_attempt(Attempt(f"p:{i}", "k", "C7", "k|", "a", str(i), True))
        print(i, flush=True)
        i += 1
        time.sleep(0.005)
    """
)


def test_killed_writer_loses_no_committed_answer(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    confirmed = -1
    for line in proc.stdout:
        confirmed = int(line)
        if confirmed >= 30:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store.open(tmp_path) as store:
        assert store.notice is None
        inputs = [int(a.input) for a in store.attempts()]
    assert inputs[: confirmed + 1] == list(range(confirmed + 1))


def test_paths_follow_studykit_home(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("STUDYKIT_HOME", str(tmp_path / "h"))
    assert data_dir() == tmp_path / "h"
    assert db_path() == tmp_path / "h" / "progress.db"
    assert data_dir(tmp_path / "x") == tmp_path / "x"
    monkeypatch.delenv("STUDYKIT_HOME")
    assert "studykit" in str(data_dir())
