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


# ---------------------------------------------------------------------- schema 2


def test_version_1_database_is_migrated_keeping_its_rows(tmp_path: Path) -> None:
    import sqlite3

    from studykit.progress.db import MIGRATIONS

    path = db_path(tmp_path)
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute(
        "INSERT INTO attempts (ts, problem_id, kind, section, skill, answer_id, input, correct)"
        " VALUES ('2025-01-01T00:00:00+00:00', 'p', 'backward', 'C7', 's', 'a', '1', 1)"
    )
    conn.execute(
        "INSERT INTO reviews (ts, skill, problem_id, rating, seconds, correct, total, hints,"
        " solution_shown) VALUES ('2025-01-01T00:00:00+00:00', 's', 'p', 3, 1, 1, 1, 0, 0)"
    )
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()
    with Store.open(tmp_path) as store:
        assert store.notice is None
        assert len(store.attempts()) == 1
        assert store.reviews() == [("p", 3, 3)]  # no inferred rating: the rating itself
        assert store.drafts() == [] and store.exams() == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    conn.close()


def test_draft_round_trip_and_newest_first(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.put_draft("p1", {"id": "p1"}, {"hints": 0}, NOW)
        store.put_draft("p2", {"id": "p2"}, {"hints": 0}, NOW + timedelta(minutes=1))
        store.set_draft_cells("p1", "z", ["0.5"], NOW + timedelta(minutes=2))
        store.set_draft_cells("p1", "W", [["1", ""], ["", "2"]], NOW + timedelta(minutes=2))
        store.set_draft_cells("p1", "z", ["0.55"], NOW + timedelta(minutes=3))
        store.set_draft_state("p2", {"hints": 2}, NOW + timedelta(minutes=4))
    with Store.open(tmp_path) as store:
        p2, p1 = store.drafts()
        assert (p2.problem_id, p2.state, p2.cells) == ("p2", {"hints": 2}, {})
        assert p1.cells == {"z": ["0.55"], "W": [["1", ""], ["", "2"]]}
        assert p1.problem == {"id": "p1"} and p1.updated == NOW + timedelta(minutes=3)
        store.delete_draft("p1")
        assert [d.problem_id for d in store.drafts()] == ["p2"]
        assert store.draft("p1") is None


def test_attempt_and_draft_state_commit_together(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.put_draft("backward:1", {"id": "backward:1"}, {"checks": 0}, NOW)
        store.record_attempt(_attempt(1), NOW, draft_state={"checks": 1})
        assert store.draft("backward:1").state == {"checks": 1}


def test_review_drops_the_draft_in_its_transaction(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.put_draft("backward:1", {"id": "backward:1"}, {}, NOW)
        review_id = store.record_review(_review(), NOW)
        assert review_id > 0 and store.drafts() == []


def test_override_replaces_rating_and_card(tmp_path: Path) -> None:
    from dataclasses import replace

    with Store.open(tmp_path) as store:
        review = replace(_review(due=NOW + timedelta(days=3)), inferred=3)
        review_id = store.record_review(review, NOW)
        store.override_review(review_id, replace(review, rating=1, due=NOW, card={"y": 2}))
        assert store.reviews() == [("backward:1", 1, 3)]
        card = store.card("backward|d=1")
        assert (card.due, card.card) == (NOW, {"y": 2})


def test_mistake_tally_counts_each_answer_field_once(tmp_path: Path) -> None:
    from dataclasses import replace

    with Store.open(tmp_path) as store:
        wrong = replace(_attempt(1, False), mistake="transpose")
        store.record_attempt(wrong)
        store.record_attempt(wrong)  # the same field checked again
        store.record_attempt(replace(wrong, answer_id="dx"))
        store.record_attempt(replace(wrong, problem_id="backward:2"))
        store.record_attempt(replace(_attempt(3, False), mistake="forgot_fprime", section="C5"))
        store.record_attempt(_attempt(4, False))  # no diagnosis
        tally = store.mistake_tally()
    assert [(m.key, m.section, m.count) for m in tally] == [
        ("transpose", "C7", 3),
        ("forgot_fprime", "C5", 1),
    ]


def test_exam_and_its_answers_commit_together(tmp_path: Path) -> None:
    from studykit.progress.store import ExamRecord

    record = ExamRecord("mock_exam", 7, 600.0, 5400.0, 3, 5, [{"kind": "backward", "right": 3}])
    with Store.open(tmp_path) as store:
        store.record_exam(record, [_attempt(1), _attempt(2, False)], NOW)
    with Store.open(tmp_path) as store:
        (saved,) = store.exams()
        assert (saved.name, saved.variant, saved.score, saved.total) == ("mock_exam", 7, 3, 5)
        assert saved.detail == [{"kind": "backward", "right": 3}] and saved.when == NOW
        assert [a.correct for a in store.attempts()] == [True, False]


def test_topic_stats_count_each_field_once_by_its_first_check(tmp_path: Path) -> None:
    from dataclasses import replace

    with Store.open(tmp_path) as store:
        store.record_attempt(_attempt(1, False))
        store.record_attempt(_attempt(1, True))  # the same field, right the second time
        store.record_attempt(_attempt(2, True))
        store.record_attempt(replace(_attempt(3, True), hints=1))  # right after a hint
        stats = store.topic_stats(NOW)["C7"]
    assert (stats.answered, stats.correct) == (3, 1)
