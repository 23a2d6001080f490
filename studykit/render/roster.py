"""A class roster (``students.csv``): one student per variant, in the order of the file.

The file needs a header row with a name column and an id column (``name``/``姓名`` and
``id``/``student_id``/``学号``, any case); each bad row or column is refused in one line that
names it.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..i18n import Text

NAME_COLUMNS = ("name", "student", "姓名")
ID_COLUMNS = ("id", "student_id", "student id", "number", "学号")


class RosterError(ValueError):
    """A roster that cannot be read: ``text`` is one line in en and zh."""

    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(text.en)

    def message(self, lang: str = "en") -> str:
        return self.text.get(lang)


def _column(header: list[str], names: tuple[str, ...], what: Text, path: Path) -> int:
    for index, cell in enumerate(header):
        if cell.strip().lower() in names:
            return index
    raise RosterError(
        Text(
            "{p}: row 1: no {w} column (the header needs one of: {n})",
            "{p}：第 1 行：没有{w}列（表头须含以下之一：{n}）",
        ).format(p=path, w=what, n=", ".join(names))
    )


def read_roster(path: str | Path) -> list[str]:
    """``["Ada Lovelace (s1001)", …]``: the student line of each variant, in file order."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8"
        raise RosterError(
            Text("{p}: cannot read ({r})", "{p}：无法读取（{r}）").format(p=path, r=reason)
        ) from None
    rows = [r for r in csv.reader(text.splitlines()) if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise RosterError(
            Text(
                "{p}: needs a header row and at least one student",
                "{p}：需要一行表头和至少一名学生",
            ).format(p=path)
        )
    name = _column(rows[0], NAME_COLUMNS, Text("name", "姓名"), path)
    ident = _column(rows[0], ID_COLUMNS, Text("id", "学号"), path)
    students = []
    for number, row in enumerate(rows[1:], 2):
        for index, what in ((name, Text("name", "姓名")), (ident, Text("id", "学号"))):
            if index >= len(row) or not row[index].strip():
                raise RosterError(
                    Text("{p}: row {r}: the {w} is empty", "{p}：第 {r} 行：{w}为空").format(
                        p=path, r=number, w=what
                    )
                )
        students.append(f"{row[name].strip()} ({row[ident].strip()})")
    return students
