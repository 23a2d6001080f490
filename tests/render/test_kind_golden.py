"""Golden text and Markdown of every problem kind (fixed seed, with and without a calculator,
worked solution and answer key), in English and Chinese. Reviewed by eye once; regenerate with
``UPDATE_GOLDEN=1 pytest tests/render/test_kind_golden.py`` and read the diff."""

from __future__ import annotations

from pathlib import Path

import pytest

from studykit.problems.registry import GenerationError, Options, all_kinds, generate
from studykit.render.formats import get_format
from tests.golden import check_golden

GOLDEN = Path(__file__).parent / "golden"

SEED = 5
KINDS = [kind.name for kind in all_kinds()]
RENDERERS = {"txt": get_format("text").problem_source, "md": get_format("md").problem_source}


def _problems(kind: str) -> list:
    out = []
    for calculator in (True, False):
        try:
            out.append(generate(kind, SEED, Options(difficulty=2, calculator=calculator)))
        except GenerationError:  # a kind that has no no-calculator variant
            continue
    return out


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", KINDS)
def test_kind_golden(kind: str, lang: str, fmt: str) -> None:
    problems = _problems(kind)
    assert problems, f"{kind}: no variant generates"
    rendered = "\n\n".join(
        f"<!-- {p.id} -->\n" + RENDERERS[fmt](p, lang, solution=True) for p in problems
    )
    check_golden(GOLDEN / "kinds" / f"{kind}.{lang}.{fmt}", rendered)


def test_every_kind_has_goldens() -> None:
    """A kind added without its goldens fails here, not silently."""

    names = {p.name.split(".")[0] for p in (GOLDEN / "kinds").glob("*.*.*")}
    assert set(KINDS) <= names, f"no goldens for: {sorted(set(KINDS) - names)}"
    assert names <= set(KINDS), f"goldens for unknown kinds: {sorted(names - set(KINDS))}"
