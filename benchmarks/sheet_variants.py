"""Time ``studykit sheet problems/mock_exam.toml --format md,pdf --variants 30`` (en).

Run: ``.venv/bin/python benchmarks/sheet_variants.py [SET.toml] [N]``. The target is under
20 s for 30 variants in md and pdf. The peer, measured in the same run, is the Typst compiler
alone on the same sources: ``ratio total/typst_compile`` shows what studykit adds around it.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from studykit.problems.sets import generate_problems, load_set
from studykit.render.pdf import compile_pdf
from studykit.render.sheet import write_set

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else str(REPO / "problems" / "mock_exam.toml")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    problem_set = load_set(path)
    variants = list(range(1, n + 1))
    start = time.perf_counter()
    for v in variants:
        generate_problems(problem_set, v)
    generation = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        files = write_set(problem_set, Path(out), ["md", "pdf"], ["en"], variants)
        total = time.perf_counter() - start
        sources = sorted(Path(out).rglob("*.pdf"))
        write_set(problem_set, Path(out), ["typ"], ["en"], variants, show_progress=False)
        typ = [p.with_suffix(".typ") for p in sources]
        start = time.perf_counter()
        for path in typ:
            compile_pdf(path.read_text(encoding="utf-8"), "en")
        compiler = time.perf_counter() - start
    print(f"{problem_set.name}: {n} variants × {problem_set.size()} problems")
    print(f"  generation alone: {generation:.2f} s")
    print(f"  peer: typst compile of the same {len(typ)} sources alone: {compiler:.2f} s")
    print(f"  md + pdf, sheets and solutions: {len(files)} files in {total:.2f} s")
    print(f"ratio total/typst_compile={total / compiler:.2f}")


if __name__ == "__main__":
    main()
