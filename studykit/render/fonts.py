"""Finding a Chinese (CJK) font for PDFs: Typst's embedded fonts have no CJK glyphs."""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

from ..i18n import Text

# Families tried in order; the first installed one typesets Chinese.
CJK_FAMILIES = (
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "Source Han Serif SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "AR PL UMing CN",
    "Songti SC",
    "PingFang SC",
    "SimSun",
    "Microsoft YaHei",
)
# File-name stems -> family, for systems without fc-list.
_FILE_HINTS = {
    "notoserifcjk": "Noto Serif CJK SC",
    "notosanscjk": "Noto Sans CJK SC",
    "sourcehanserif": "Source Han Serif SC",
    "sourcehansans": "Source Han Sans SC",
    "wqy-microhei": "WenQuanYi Micro Hei",
    "wqy-zenhei": "WenQuanYi Zen Hei",
    "simsun": "SimSun",
    "msyh": "Microsoft YaHei",
}
FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.fonts",
    "~/.local/share/fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
)

MISSING = Text(
    "no Chinese (CJK) font found, so the PDF would print boxes: install one, e.g. "
    "`sudo apt-get install fonts-noto-cjk` (or `fonts-wqy-microhei`), then run again",
    "未找到中文（CJK）字体，PDF 中的汉字会显示为方框：请先安装字体，例如 "
    "`sudo apt-get install fonts-noto-cjk`（或 `fonts-wqy-microhei`），然后重试",
)


class MissingCJKFont(RuntimeError):
    def __init__(self, lang: str = "en") -> None:
        super().__init__(MISSING.get(lang))


def _fc_families() -> set[str] | None:
    if shutil.which("fc-list") is None:
        return None
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return {name.strip() for line in out.splitlines() for name in line.split(",")}


def _file_families() -> set[str]:
    found = set()
    for folder in FONT_DIRS:
        root = Path(os.path.expanduser(folder))
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            stem = path.name.lower()
            for hint, family in _FILE_HINTS.items():
                if stem.startswith(hint):
                    found.add(family)
    return found


def cjk_families() -> list[str]:
    """Installed CJK families we know, best first (empty when there is none)."""
    if os.environ.get("STUDYKIT_NO_CJK_FONT"):  # lets tests exercise the missing-font path
        return []
    return list(_installed_cjk())


@cache
def _installed_cjk() -> tuple[str, ...]:
    """Installed CJK families we know, best first (empty when there is none)."""
    installed = _fc_families()
    if installed is None:
        installed = _file_families()
    return tuple(f for f in CJK_FAMILIES if f in installed)
