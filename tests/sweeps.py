"""Many-seed sweeps as parametrised chunks: a few seeds for the fast suite, then the whole
range in ``slow`` chunks that xdist spreads over its workers."""

from __future__ import annotations

import pytest

FAST_SEEDS = 5


def seed_chunks(total: int = 1000, chunk: int = 100, fast: int = FAST_SEEDS) -> list:
    """``range(fast)`` (not slow), then ``range(total)`` cut into ``slow`` ranges of ``chunk``."""
    ranges = [range(start, min(start + chunk, total)) for start in range(0, total, chunk)]
    return [pytest.param(range(fast), id=f"seeds0-{fast - 1}")] + [
        pytest.param(r, id=f"seeds{r.start}-{r.stop - 1}", marks=pytest.mark.slow) for r in ranges
    ]


def covers_the_range(seeds: range) -> bool:
    """Whether ``seeds`` is one of the big chunks (a range-wide assertion applies to it)."""
    return len(seeds) >= 100
