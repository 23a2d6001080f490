"""Headless Chromium for the browser tests, driven by Playwright with Debian's ``chromium``
(Playwright's own browser download needs the internet). Importing this module skips the test
module, with the reason, where Playwright or Chromium is missing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("STUDYKIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright not installed (pip install playwright)"
)
if not Path(CHROMIUM).exists():
    pytest.skip(
        "no Chromium for Playwright (apt-get install chromium, or set STUDYKIT_CHROMIUM)",
        allow_module_level=True,
    )


def launch(playwright):
    """A headless Chromium from a started ``sync_playwright()``."""
    return playwright.chromium.launch(executable_path=CHROMIUM)
