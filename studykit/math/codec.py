"""Nodes as JSON: ``[tag, field…]`` lists, tag = the class name in lower case.

Tuples become lists and words become ``{"en", "zh"}``; :func:`from_json` reads them back.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from ..i18n import Text as Words
from .nodes import NODE_CLASSES, Node

TAGS: dict[str, type] = {cls.__name__.lower(): cls for cls in NODE_CLASSES}
_CLASSES = frozenset(NODE_CLASSES)


def to_json(node: Node) -> Any:
    """``[tag, field…]``: a node as plain JSON data."""
    out: list[Any] = [type(node).__name__.lower()]
    for f in fields(node):  # type: ignore[arg-type]
        out.append(_field_json(getattr(node, f.name)))
    return out


def _field_json(value: Any) -> Any:
    if isinstance(value, Words):
        return {"en": value.en, "zh": value.zh}
    if isinstance(value, tuple):
        return [_field_json(v) for v in value]
    if type(value) in _CLASSES:
        return to_json(value)
    return value


def from_json(data: Any) -> Node:
    """The node that :func:`to_json` wrote."""
    tag, *values = data
    cls = TAGS[tag]
    kwargs = {}
    for f, value in zip(fields(cls), values, strict=True):
        kwargs[f.name] = _field_from_json(f.name, value)
    return cls(**kwargs)


def _field_from_json(name: str, value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"en", "zh"}:
        return Words(value["en"], value["zh"])
    if isinstance(value, list):
        if value and isinstance(value[0], str) and value[0] in TAGS and name != "rows":
            return from_json(value)
        if name == "args":
            return tuple(from_json(v) for v in value)
        if name == "rows":
            return tuple(tuple(_node_or_value(v) for v in row) for row in value)
    return value


def _node_or_value(value: Any) -> Any:
    return from_json(value) if isinstance(value, list) and value and value[0] in TAGS else value
