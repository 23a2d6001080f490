"""Writing the variants of a set on every core: a process pool over variants.

Each worker sets up once (the problem kinds, the Typst compiler with its fonts, the CJK font
lookup) and then writes whole variants; results come back in variant order, so the files and
the class key are the same bytes whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .sheet import Batch, VariantFiles

_BATCH: Batch | None = None  # the worker's batch, set by _setup


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _setup(batch: Batch) -> None:
    """Once per worker: the batch, the compiler and the fonts (the forkserver has imported
    the kinds)."""
    global _BATCH
    _BATCH = batch
    if "pdf" in batch.formats:
        from .fonts import cjk_families
        from .pdf import _compiler

        _compiler()
        if "zh" in batch.langs:
            cjk_families()


def _write(task: tuple[int, str]) -> VariantFiles:
    from .sheet import write_variant

    assert _BATCH is not None
    return write_variant(_BATCH, *task)


PRELOAD = ["studykit.problems.kinds", "studykit.render.sheet", "studykit.render.formats"]


def _context() -> multiprocessing.context.BaseContext:
    """``forkserver`` where there is one: workers fork from a clean server that has imported
    the kinds and the writers once, never from this process (whose Typst compiler threads or
    test-runner threads a fork would copy in a locked state); else ``spawn``."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


Progress = Callable[[], AbstractContextManager[Callable[[], None]]]


Finishers = Callable[[list["VariantFiles"]], list[tuple[Callable[..., Any], tuple]]]


def _call(task: tuple[Callable[..., Any], tuple]) -> Any:
    function, args = task
    return function(*args)


def run_variants(
    batch: Batch,
    tasks: list[tuple[int, str]],
    jobs: int,
    progress: Progress,
    finishers: Finishers = lambda done: [],
) -> tuple[list[VariantFiles], list[Any]]:
    """Write every ``(variant, student)`` task with ``jobs`` workers (in this process for
    one), then run the ``finishers(done)`` tasks (the class key, the print file) side by
    side; results in task order. ``progress()`` opens the progress bar once the workers
    exist."""
    jobs = max(1, min(jobs, len(tasks)))
    if jobs == 1:
        _setup(batch)
        with progress() as tick:
            done = [_done(_write(task), tick) for task in tasks]
        return done, [_call(t) for t in finishers(done)]
    with _context().Pool(jobs, initializer=_setup, initargs=(batch,)) as pool:
        with progress() as tick:
            done = [_done(r, tick) for r in pool.imap(_write, tasks, chunksize=1)]
        return done, pool.map(_call, finishers(done), chunksize=1)


def _done(result: VariantFiles, tick: Callable[[], None]) -> VariantFiles:
    tick()
    return result
