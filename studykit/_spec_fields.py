"""The field checks of a spec file: each returns the valid value or raises a :class:`SpecError`
that names the field and says what is wrong, in one line (en and zh). Private: ``spec`` uses
them and re-exports :class:`SpecError`.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from .i18n import Text


class SpecError(ValueError):
    """A malformed spec: ``field`` names where, ``text`` says what is wrong (en and zh)."""

    def __init__(self, field_name: str, text: Text, source: str = "") -> None:
        self.field = field_name
        self.text = text
        self.source = source
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.field}: {self.text.get(lang)}"


def field_error(where: str, en: str, zh: str, **fields: Any) -> SpecError:
    return SpecError(where, Text(en, zh).format(**fields))


def check_keys(mapping: Mapping[str, Any], where: str, allowed: tuple[str, ...]) -> None:
    """Every key of ``mapping`` is allowed; else the error names the closest allowed one."""
    for key in mapping:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint_en = f" (did you mean {close[0]!r}?)" if close else ""
            hint_zh = f"（是不是 {close[0]!r}？）" if close else ""
            raise SpecError(
                f"{where}.{key}" if where else key,
                Text(f"unknown field{hint_en}", f"未知字段{hint_zh}"),
            )


def table(data: Mapping[str, Any], key: str, required: bool) -> Mapping[str, Any] | None:
    value = data.get(key)
    if value is None:
        if required:
            raise field_error(key, "missing table [{k}]", "缺少表 [{k}]", k=key)
        return None
    if not isinstance(value, Mapping):
        raise field_error(key, "must be a table [{k}]", "必须是一个表 [{k}]", k=key)
    return value


def number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise field_error(
            where, "must be a number, got {v!r}", "必须是数字，得到的是 {v!r}", v=value
        )
    if not math.isfinite(value):
        raise field_error(where, "must be finite, got {v}", "必须是有限数，得到的是 {v}", v=value)
    return float(value)


def positive_int(value: Any, where: str, limit: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise field_error(
            where,
            "must be a whole number ≥ 1, got {v!r}",
            "必须是 ≥ 1 的整数，得到的是 {v!r}",
            v=value,
        )
    if limit is not None and value > limit:
        raise field_error(
            where, "must be at most {n}, got {v}", "不能超过 {n}，得到的是 {v}", n=limit, v=value
        )
    return value


def array(value: Any, where: str, shape: tuple[int, ...]) -> np.ndarray:
    """A finite float array of exactly ``shape``."""

    def walk(v: Any, depth: int, path: str) -> Any:
        if depth == len(shape):
            return number(v, path)
        if not isinstance(v, list):
            raise field_error(
                path,
                "must be a list of {n} entries, got {v!r}",
                "必须是含 {n} 个元素的列表，得到的是 {v!r}",
                n=shape[depth],
                v=v,
            )
        if len(v) != shape[depth]:
            raise field_error(
                path,
                "wrong shape: expected {n} entries here (shape {s}), got {m}",
                "形状错误：此处应有 {n} 个元素（形状 {s}），实际为 {m}",
                n=shape[depth],
                s=list(shape),
                m=len(v),
            )
        return [walk(item, depth + 1, f"{path}[{i + 1}]") for i, item in enumerate(v)]

    return np.array(walk(value, 0, where), dtype=np.float64).reshape(shape)


def nesting(value: Any) -> int:
    depth = 0
    while isinstance(value, list):
        depth += 1
        value = value[0] if value else None
    return depth
