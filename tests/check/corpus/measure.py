"""Measure today's checker on the labelled corpus (issue #13). A measurement, not a test.

Derivative and spec answers go through the public CLI, exactly as a student types them
(``studykit check --derivative NAME ANSWER`` / ``--spec SPEC --wrt W ANSWER``, ``--format json``,
in-process through click's test runner); numeric answers through ``studykit.check.grade`` on the
stored problem JSON, with the entry's ``earlier`` values. Outcomes:

- accepted: exit 0 / ``Verdict.correct``;
- carried: ``Verdict.correct`` with ``carried_forward`` (error carried forward). It counts as a
  false accept only when the answer does not match the labeller's own ``carried_value``;
- rejected: exit 1 / not correct; unreadable: exit 2 (including click's "No such option" for an
  answer that starts with "-") / ``Verdict.unreadable``.

It prints false accepts, false rejects (by mode, notation and class), the share of wrong
derivatives with a named mistake, the share of catalogued wrong answers with the right one, and
the unreadable counts. It always exits 0.

    python tests/check/corpus/measure.py [--list] [--mode derivative|spec|numeric]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FILES = {"derivative": "derivative.jsonl", "spec": "spec.jsonl", "numeric": "numeric.jsonl"}


def read(mode: str) -> list[dict[str, Any]]:
    path = HERE / FILES[mode]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


# ----------------------------------------------------------------------------- running the checker


def run_cli(args: list[str]) -> dict[str, Any]:
    from click.testing import CliRunner

    from studykit.cli import cli

    result = CliRunner().invoke(cli, ["check", *args, "--format", "json"], env={"LANG": "en"})
    out: dict[str, Any] = {"exit": result.exit_code, "mistake": None, "message": ""}
    try:
        data = json.loads(result.stdout)
    except (ValueError, AttributeError):
        data = None
    if isinstance(data, dict):
        out["message"] = data.get("message", "")
        out["read_as"] = data.get("read_as", "")
        if isinstance(data.get("mistake"), dict):
            out["mistake"] = data["mistake"].get("key")
    else:
        text = (result.output or "").strip().splitlines()
        out["message"] = text[-1] if text else repr(result.exception)
    if result.exit_code == 0:
        out["outcome"] = "accepted"
    elif result.exit_code == 1:
        out["outcome"] = "rejected"
    else:
        out["outcome"] = "unreadable"
    return out


def run_derivative(e: dict[str, Any]) -> dict[str, Any]:
    return run_cli(["--derivative", e["activation"], e["answer"]])


def run_spec(e: dict[str, Any]) -> dict[str, Any]:
    return run_cli(["--spec", str(HERE / e["spec"]), "--wrt", e["wrt"], e["answer"]])


_PROBLEMS: dict[str, Any] = {}


def run_numeric(e: dict[str, Any]) -> dict[str, Any]:
    from studykit.check import grade
    from studykit.problems.codec import problem_from_json

    if e["problem_file"] not in _PROBLEMS:
        data = json.loads((HERE / e["problem_file"]).read_text(encoding="utf-8"))
        _PROBLEMS[e["problem_file"]] = problem_from_json(data)
    problem = _PROBLEMS[e["problem_file"]]
    answer = problem.answer(e["part"])
    verdict = grade(answer, e["answer"], e.get("earlier") or {}, problem)
    if verdict.unreadable:
        outcome = "unreadable"
    elif verdict.correct:
        outcome = "carried" if verdict.carried_forward else "accepted"
    else:
        outcome = "rejected"
    return {
        "outcome": outcome,
        "mistake": verdict.mistake.key if verdict.mistake is not None else None,
        "message": verdict.message.en,
        "read_as": verdict.preview,
    }


RUNNERS = {"derivative": run_derivative, "spec": run_spec, "numeric": run_numeric}


# ----------------------------------------------------------------------------- the report


def pct(k: int, n: int) -> str:
    return f"{k}/{n} ({100.0 * k / n:.1f}%)" if n else "0/0"


def false_accept(e: dict[str, Any], r: dict[str, Any]) -> bool:
    if e["label"] != "wrong":
        return False
    if r["outcome"] == "accepted":
        return True
    return r["outcome"] == "carried" and e.get("carried_label") != "correct"


def false_reject(e: dict[str, Any], r: dict[str, Any]) -> bool:
    return e["label"] == "correct" and r["outcome"] in ("rejected", "unreadable")


def right_mistake(e: dict[str, Any], r: dict[str, Any]) -> bool:
    """The entry's mistake named; for a carried error, accepting it as carried forward is fine."""
    if e.get("earlier") and r["outcome"] == "carried" and e.get("carried_label") == "correct":
        return True
    return r["outcome"] == "rejected" and r["mistake"] == e["mistake"]


def breakdown(title: str, rows: list[tuple[dict, dict]], key: str) -> None:
    correct = [(e, r) for e, r in rows if e["label"] == "correct"]
    groups: dict[str, list[tuple[dict, dict]]] = defaultdict(list)
    for e, r in correct:
        groups[e[key]].append((e, r))
    print(f"  false rejects by {title}:")
    for name in sorted(groups, key=lambda g: (-sum(false_reject(*p) for p in groups[g]), g)):
        items = groups[name]
        fr = sum(false_reject(*p) for p in items)
        unread = sum(r["outcome"] == "unreadable" for e, r in items)
        print(f"    {name:<20} {pct(fr, len(items)):>16}   (unreadable {unread})")


def report(rows: list[tuple[dict, dict]], label: str, listing: bool) -> None:
    correct = [(e, r) for e, r in rows if e["label"] == "correct"]
    wrong = [(e, r) for e, r in rows if e["label"] == "wrong"]
    fa = [(e, r) for e, r in rows if false_accept(e, r)]
    fr = [(e, r) for e, r in rows if false_reject(e, r)]
    fr_wrong = sum(r["outcome"] == "rejected" for e, r in fr)
    print(f"\n== {label}: {len(rows)} answers, {len(correct)} correct, {len(wrong)} wrong")
    print(f"  false accepts: {len(fa)}  (of {len(wrong)} wrong answers)")
    print(
        f"  false rejects: {pct(len(fr), len(correct))} of the correct answers"
        f"  — marked wrong {fr_wrong}, unreadable {len(fr) - fr_wrong}"
    )
    carried = [(e, r) for e, r in rows if r["outcome"] == "carried"]
    if carried:
        print(f"  accepted with error carried forward: {len(carried)}")
    unread = Counter(e["label"] for e, r in rows if r["outcome"] == "unreadable")
    print(
        f"  unreadable: {sum(unread.values())} (correct {unread['correct']}, wrong {unread['wrong']})"
    )
    named = [(e, r) for e, r in wrong if e["mode"] == "derivative"]
    if named:
        k = sum(r["outcome"] == "rejected" and r["mistake"] is not None for e, r in named)
        print(f"  wrong derivatives with a named mistake: {pct(k, len(named))}")
    catalogued = [(e, r) for e, r in wrong if e["mistake"] is not None]
    if catalogued:
        k = sum(right_mistake(e, r) for e, r in catalogued)
        print(f"  catalogued wrong answers with the right named mistake: {pct(k, len(catalogued))}")
        per: dict[str, list[bool]] = defaultdict(list)
        for e, r in catalogued:
            per[e["mistake"]].append(right_mistake(e, r))
        cells = [f"{m} {sum(v)}/{len(v)}" for m, v in sorted(per.items())]
        print("    by mistake: " + ", ".join(cells))
        other = Counter(
            f"{e['mistake']}→{r['mistake']}"
            for e, r in catalogued
            if r["outcome"] == "rejected" and r["mistake"] not in (None, e["mistake"])
        )
        if other:
            print("    named another mistake: " + ", ".join(f"{k} {v}" for k, v in other.items()))
    if len({e["mode"] for e, _ in rows}) > 1:
        breakdown("mode", rows, "mode")
    breakdown("notation", rows, "notation")
    breakdown("class", rows, "class")
    if listing:
        for title, items in (("false accepts", fa), ("false rejects", fr)):
            if items:
                print(f"  {title}:")
            for e, r in items:
                print(f"    {e['id']:<34} {r['outcome']:<10} {e['answer']!r}")
                print(f"      read as {r.get('read_as', '')!r}: {r['message'][:150]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=list(FILES), help="only this mode")
    ap.add_argument("--list", action="store_true", help="list every false accept and reject")
    args = ap.parse_args(argv)
    os.environ.setdefault("LANG", "en")
    modes = [args.mode] if args.mode else list(FILES)
    everything: list[tuple[dict, dict]] = []
    for mode in modes:
        start = time.perf_counter()
        rows = []
        for e in read(mode):
            try:
                r = RUNNERS[mode](e)
            except Exception as exc:  # noqa: BLE001 - a crash is a result to report, not to raise
                r = {"outcome": "unreadable", "mistake": None, "message": f"crash: {exc!r}"}
            rows.append((e, r))
        everything += rows
        report(rows, f"{mode} ({time.perf_counter() - start:.1f} s)", args.list)
    if len(modes) > 1:
        report(everything, "all modes", False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
