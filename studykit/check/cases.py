"""Piecewise answers, as a part of the parser. Every form reads into one :class:`Cases` node:

- ``1 (x > 0); 0 (x <= 0)`` — pieces separated by ``;``, each with its condition in
  parentheses at its end (studykit's own reference line prints this form);
- ``1 if x > 0 else 0``, ``1, if x > 0; 0 otherwise``;
- ``\\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}``.

A piece's value is the first row whose condition holds; where no condition holds the value
is 0 (so ``1 (x > 0)`` alone is the step). ``or`` in a condition is kept as ``∨``.
"""

from __future__ import annotations

from typing import Any

from ..i18n import Text
from ..math.nodes import Cases, Node, Word
from .errors import err

OTHERWISE = Word(Text("otherwise", "其他情况"))
_OPEN = ("(", "[", "{", "begin")
_CLOSE = (")", "]", "}", "end")
_LEADING = ("if", "for", "when")
_ELSE = ("otherwise", "else")


def _depths(tokens: list[Any]) -> list[int]:
    """The bracket depth before each token."""
    out, depth = [], 0
    for t in tokens:
        if t.kind in _CLOSE:
            depth -= 1
        out.append(depth)
        if t.kind in _OPEN:
            depth += 1
    return out


def _top(tokens: list[Any], test: Any) -> list[int]:
    return [j for j, (t, d) in enumerate(zip(tokens, _depths(tokens), strict=True))
            if d == 0 and test(t)]  # fmt: skip


def _word(t: Any, *words: str) -> bool:
    return t.kind == "name" and t.value in words


def _split(tokens: list[Any], at: list[int]) -> list[list[Any]]:
    out, start = [], 0
    for j in at:
        out.append(tokens[start:j])
        start = j + 1
    return [*out, tokens[start:]]


def has_pieces(tokens: list[Any]) -> bool:
    """A piecewise answer: a top-level ``;`` or a top-level ``if``/``otherwise``/``else``."""
    return bool(_top(tokens, lambda t: t.kind == ";" or _word(t, "if", *_ELSE)))


def _strip_commas(tokens: list[Any]) -> list[Any]:
    while tokens and tokens[0].kind == ",":
        tokens = tokens[1:]
    while tokens and tokens[-1].kind == ",":
        tokens = tokens[:-1]
    return tokens


def _trailing_condition(tokens: list[Any]) -> tuple[list[Any], list[Any]] | None:
    """``value (condition)``: the last top-level ``(…)`` holding a relation or a keyword."""
    if not tokens or tokens[-1].kind != ")":
        return None
    depths = _depths(tokens)
    start = max(j for j, t in enumerate(tokens) if t.kind == "(" and depths[j] == 0)
    inner = tokens[start + 1 : -1]
    if start == 0 or not _top(inner, lambda t: t.kind == "rel" or _word(t, *_ELSE, "or")):
        return None
    return tokens[:start], inner


class CaseReading:
    """The piecewise half of :class:`~studykit.check.parse.Parser`."""

    tokens: list[Any]
    i: int
    scope: Any
    bare: list[str]

    def take(self) -> Any: ...
    def enter(self) -> None: ...
    def leave(self) -> None: ...
    def end_pos(self) -> int: ...

    def sub_parse(self, tokens: list[Any], pos: int) -> Node:
        """``tokens`` read as one expression (or condition), with this parser's scope."""
        if not tokens:
            raise err("a piece of the piecewise answer is empty", "分段函数的某一段是空的",
                      pos=pos)  # fmt: skip
        parser = type(self)(tokens, self.scope)  # type: ignore[call-arg]
        parser.bare = self.bare
        parser.splits = self.splits  # type: ignore[attr-defined]
        parser.depth = getattr(self, "depth", 0)  # type: ignore[attr-defined]
        node = parser.logic()  # type: ignore[attr-defined]
        if parser.peek() is not None:  # type: ignore[attr-defined]
            raise parser.unexpected(parser.peek())  # type: ignore[attr-defined]
        return node

    def condition(self, tokens: list[Any], pos: int) -> Node:
        tokens = _strip_commas(tokens)
        while tokens and _word(tokens[0], *_LEADING):
            tokens = tokens[1:]
        if len(tokens) == 1 and _word(tokens[0], *_ELSE):
            return OTHERWISE
        return self.sub_parse(tokens, pos)

    def pieces(self) -> Node:
        """A top-level piecewise answer (see the module docstring)."""
        segments = _split(self.tokens, _top(self.tokens, lambda t: t.kind == ";"))
        segments = [s for s in segments if s]
        if not segments:
            raise err("a ; needs a piece on each side, e.g. 1 (x > 0); 0 (x <= 0)",
                      "; 两边都需要分段，例如 1 (x > 0); 0 (x <= 0)", pos=self.tokens[0].pos)  # fmt: skip
        rows: list[tuple[Node, Node]] = []
        for k, segment in enumerate(segments):
            rows += self.piece(segment, last=k == len(segments) - 1)
        self.i = len(self.tokens)
        return Cases(tuple(rows))

    def piece(self, tokens: list[Any], last: bool) -> list[tuple[Node, Node]]:
        pos = tokens[0].pos
        elses = _top(tokens, lambda t: _word(t, "else"))
        if elses and _top(tokens, lambda t: _word(t, "if")):  # 1 if x > 0 else 0
            rows = []
            for part in _split(tokens, elses):
                rows += self.piece(part, last=True)
            return rows
        ifs = _top(tokens, lambda t: _word(t, *_LEADING))
        if ifs:
            value = self.sub_parse(_strip_commas(tokens[: ifs[0]]), pos)
            return [(value, self.condition(tokens[ifs[0] :], pos))]
        if tokens and _word(tokens[-1], *_ELSE):
            return [(self.sub_parse(_strip_commas(tokens[:-1]), pos), OTHERWISE)]
        split = _trailing_condition(tokens)
        if split is not None:
            return [(self.sub_parse(_strip_commas(split[0]), pos), self.condition(split[1], pos))]
        if last:
            return [(self.sub_parse(_strip_commas(tokens), pos), OTHERWISE)]
        raise err(
            "this piece of the piecewise answer has no condition",
            "分段函数的这一段没有条件",
            hint=("write each piece with its condition: 1 (x > 0); 0 (x <= 0)",
                  "每一段都要写出条件：1 (x > 0); 0 (x <= 0)"),
            pos=pos,
        )  # fmt: skip

    def cases_environment(self, opening: Any) -> Node:
        """``\\begin{cases} value & condition \\\\ … \\end{cases}`` (``opening`` is taken)."""
        start, depth = self.i, 0
        while self.i < len(self.tokens):
            t = self.tokens[self.i]
            if t.kind in _CLOSE and depth == 0:
                break
            depth += (t.kind in _OPEN) - (t.kind in _CLOSE)
            self.i += 1
        if self.i >= len(self.tokens) or self.tokens[self.i].kind != "end":
            raise err("\\begin{cases} is never closed", "\\begin{cases} 没有闭合",
                      hint=("add \\end{cases}", "请补上 \\end{cases}"), pos=opening.pos)  # fmt: skip
        body = self.tokens[start : self.i]
        self.take()
        rows: list[tuple[Node, Node]] = []
        for row in _split(body, _top(body, lambda t: t.kind == ";")):
            if not row:
                continue
            amp = _top(row, lambda t: t.kind == "&")
            if not amp:
                raise err("each row of cases needs a condition after &",
                          "cases 的每一行都需要在 & 后写出条件", pos=row[0].pos)  # fmt: skip
            value = self.sub_parse(_strip_commas(row[: amp[0]]), row[0].pos)
            rows.append((value, self.condition(row[amp[0] + 1 :], row[0].pos)))
        if not rows:
            raise err("empty cases", "cases 是空的", pos=opening.pos)
        return Cases(tuple(rows))
