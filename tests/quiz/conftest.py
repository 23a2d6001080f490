from __future__ import annotations

from pathlib import Path

import pytest

from studykit.progress import Store
from studykit.quiz.session import Session

from .fakes import FakeClock, fake_services


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session(tmp_path: Path, clock: FakeClock) -> Session:
    s = Session(Store.open(tmp_path), fake_services(clock), lang="en")
    yield s
    s.store.close()


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests with ``asyncio.run`` (no pytest-asyncio plugin needed)."""
    import asyncio
    import inspect

    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True
