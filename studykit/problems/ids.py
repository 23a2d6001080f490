"""Problem ids back to problems: the short id every sheet prints (``backward-103-k7q2m``, see
:func:`~studykit.problems.model.short_id`) or the long one (``backward:103:calculator=True,…``).

A short id holds the kind, the seed and a hash of the long id; the options are found by
enumerating the kind's finite option space (its extra options, each absent or one of its
choices, × difficulty × calculator × notation) and matching the hash. An id that matches no
problem, or more than one, is refused with a one-line message in both languages.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

from ..i18n import Text
from .model import NOTATIONS, Problem, problem_id, short_code
from .registry import KINDS, GenerationError, Options, all_kinds, generate, get_kind

_SHORT = re.compile(r"^(?P<kind>[a-z][a-z0-9_]*)-(?P<seed>-?\d+)-(?P<code>[a-z2-7]+)$")
_LONG = re.compile(r"^(?P<kind>[a-z][a-z0-9_]*):(?P<seed>-?\d+)(?::.*)?$")


class ProblemIdError(ValueError):
    """An id that names no problem, or several: ``text`` is one line in en and zh."""

    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(text.en)


def option_space(kind_name: str) -> Iterator[Options]:
    """Every option set of a kind: each extra option absent or one of its choices."""
    kind = get_kind(kind_name)
    names = sorted(kind.extra_options)
    extras = [(None, *kind.extra_options[n]) for n in names]
    for difficulty, calculator, notation in itertools.product((1, 2, 3), (True, False), NOTATIONS):
        for values in itertools.product(*extras):
            extra = {n: v for n, v in zip(names, values, strict=True) if v is not None}
            yield Options(difficulty, calculator, notation, extra)


def _unknown(text: str) -> ProblemIdError:
    return ProblemIdError(
        Text(
            "no problem has the id {i}: copy it from the sheet, e.g. backward-103-k7q2m",
            "没有编号为 {i} 的题目：请从题目上抄写编号，例如 backward-103-k7q2m",
        ).format(i=text)
    )


def _matches(kind: str, seed: int, test: Any) -> list[Options]:
    return [o for o in option_space(kind) if test(problem_id(kind, seed, o.as_dict()))]


def find_options(text: str) -> tuple[str, int, Options]:
    """The kind, seed and options an id stands for (raises :class:`ProblemIdError`)."""
    text = text.strip()
    m = _SHORT.match(text) or _LONG.match(text)
    all_kinds()
    if not m or m.group("kind") not in KINDS:
        raise _unknown(text)
    kind, seed = m.group("kind"), int(m.group("seed"))
    if m.re is _SHORT:
        found = _matches(kind, seed, lambda long: short_code(long).startswith(m.group("code")))
    else:
        found = _matches(kind, seed, lambda long: long == text)
    if not found:
        raise _unknown(text)
    if len(found) > 1:
        raise ProblemIdError(
            Text(
                "the id {i} fits {n} problems: give the long id from the JSON, e.g. {l}",
                "编号 {i} 对应 {n} 道题目：请给出 JSON 中的完整编号，例如 {l}",
            ).format(i=text, n=len(found), l=problem_id(kind, seed, found[0].as_dict()))
        )
    return kind, seed, found[0]


def find_problem(text: str) -> Problem:
    """The problem a short or long id names (raises :class:`ProblemIdError`)."""
    kind, seed, options = find_options(text)
    try:
        return generate(kind, seed, options)
    except GenerationError as exc:
        raise ProblemIdError(
            Text("the problem {i} cannot be made: {e}", "无法生成题目 {i}：{e}").format(
                i=text, e=exc
            )
        ) from None
