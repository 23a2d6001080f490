"""Problem sets: loading ``problems/*.toml``, deriving the seeds of each variant and generating its
problems.

A set file names a title (en/zh), a seed and a list of ``[[problem]]`` entries (kind, count,
difficulty, calculator, notation, kind-specific ``options``). Variant ``v`` of a set draws every
problem from seeds derived from ``(set seed, v, entry, copy)``, so the variant id printed on a
sheet is enough to regenerate its key. Every malformed file is refused in one line that names
the field.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..i18n import Text
from ..problems.model import NOTATIONS, Problem
from .paper import PAPER_KEYS, FieldError, Paper, TextReader, read_lang, read_paper, read_points

SET_KEYS = (
    "title",
    "seed",
    "description",
    "problem",
    "difficulty",
    "calculator",
    "notation",
    *PAPER_KEYS,
)
ENTRY_KEYS = ("kind", "count", "difficulty", "calculator", "notation", "options", "points", "vary")
MAX_COUNT = 50
MAX_VARIANTS = 500


class SetError(ValueError):
    """A malformed set file: ``field`` says where, ``text`` what is wrong."""

    def __init__(self, field: str, text: Text, source: str = "") -> None:
        self.field, self.text, self.source = field, text, source
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.field}: {self.text.get(lang)}"


@dataclass(frozen=True)
class Entry:
    kind: str
    count: int = 1
    difficulty: int = 1
    calculator: bool = True
    notation: str = "textbook"
    options: tuple[tuple[str, Any], ...] = ()
    points: float | tuple[float, ...] | None = None  # the problem's, or one per part
    vary: tuple[str, ...] = ()  # options drawn afresh per variant (the rest are pinned per slot)
    #: your own network (``spec = "…"``): its path, what each variant redraws, the rounding
    own: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class ProblemSet:
    name: str  # the file stem: mock_exam
    title: Text
    seed: int
    entries: tuple[Entry, ...]
    description: Text | None = None
    paper: Paper = Paper()

    def size(self) -> int:
        return sum(e.count for e in self.entries)


# ----------------------------------------------------------------------------- loading


def _err(field: str, en: str, zh: str, **fmt: Any) -> SetError:
    return SetError(field, Text(en, zh).format(**fmt))


def _unknown(table: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
    import difflib

    for key in table:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = (
                Text(f" (did you mean {close[0]!r}?)", f"（是否想写 {close[0]!r}？）")
                if close
                else Text("", "")
            )
            field = f"{where}.{key}" if where else key
            raise SetError(field, Text("unknown key", "未知的键") + hint)


def _int(value: Any, field: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise _err(
            field,
            "must be an integer from {lo} to {hi}",
            "必须是 {lo} 到 {hi} 之间的整数",
            lo=lo,
            hi=hi,
        )
    return value


def _bool(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise _err(field, "must be true or false", "必须是 true 或 false")
    return value


def _notation(value: Any, field: str) -> str:
    if value not in NOTATIONS:
        raise _err(field, "must be one of {n}", "必须是 {n} 之一", n=", ".join(NOTATIONS))
    return value


def _spec_entry(
    raw: dict[str, Any], where: str, defaults: dict[str, Any], base: Path | None
) -> Entry:
    """A ``spec = "…"`` slot: your own network (``own_sets``)."""
    from .own_sets import SPEC_SLOT_KEYS, spec_slot

    _unknown(raw, SPEC_SLOT_KEYS, where)
    own = spec_slot(raw, where, base)
    return Entry(
        kind="own_network",
        count=_int(raw.get("count", 1), f"{where}.count", 1, MAX_COUNT),
        notation=_notation(raw.get("notation", defaults["notation"]), f"{where}.notation"),
        points=read_points(raw.get("points"), f"{where}.points"),
        own=tuple(sorted(own.items())),
    )


def _entry(
    raw: Any, where: str, defaults: dict[str, Any], check_kinds: bool, base: Path | None = None
) -> Entry:
    if not isinstance(raw, dict):
        raise _err(where, "must be a table", "必须是表")
    if "spec" in raw:
        return _spec_entry(raw, where, defaults, base)
    _unknown(raw, ENTRY_KEYS, where)
    if "kind" not in raw:
        raise _err(f"{where}.kind", "missing", "缺失")
    kind = raw["kind"]
    if not isinstance(kind, str):
        raise _err(f"{where}.kind", "must be a string", "必须是字符串")
    options = raw.get("options", {})
    if not isinstance(options, dict):
        raise _err(f"{where}.options", "must be a table", "必须是表")
    entry = Entry(
        kind=kind,
        count=_int(raw.get("count", 1), f"{where}.count", 1, MAX_COUNT),
        difficulty=_int(raw.get("difficulty", defaults["difficulty"]), f"{where}.difficulty", 1, 3),
        calculator=_bool(raw.get("calculator", defaults["calculator"]), f"{where}.calculator"),
        notation=_notation(raw.get("notation", defaults["notation"]), f"{where}.notation"),
        options=tuple(sorted(options.items())),
        points=read_points(raw.get("points"), f"{where}.points"),
        vary=_vary(raw.get("vary", []), f"{where}.vary"),
    )
    if check_kinds:
        _check_kind(entry, where)
    return entry


def _vary(value: Any, field: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _err(
            field,
            'must be a list of option names, e.g. ["activation"]',
            '必须是选项名列表，例如 ["activation"]',
        )
    return tuple(sorted(set(value)))


def _check_kind(entry: Entry, where: str) -> None:
    from .registry import GenerationError, get_kind

    try:
        kind = get_kind(entry.kind)
    except GenerationError as exc:
        raise SetError(
            f"{where}.kind", Text(str(exc), str(exc).replace("unknown problem kind", "未知题型"))
        ) from None
    for key, value in entry.options:
        allowed = kind.extra_options.get(key)
        if allowed is None:
            raise _err(
                f"{where}.options.{key}", "not an option of {k}", "不是 {k} 的选项", k=entry.kind
            )
        if value not in allowed:
            choices = ", ".join(map(str, allowed))
            raise _err(f"{where}.options.{key}", "choose from {c}", "请从 {c} 中选择", c=choices)
    for key in entry.vary:
        if key not in kind.extra_options:
            names = ", ".join(sorted(kind.extra_options)) or "—"
            raise _err(
                f"{where}.vary",
                "{o} is not an option of {k} (options: {n})",
                "{o} 不是 {k} 的选项（可选：{n}）",
                o=key,
                k=entry.kind,
                n=names,
            )
        if dict(entry.options).get(key) is not None:
            raise _err(
                f"{where}.vary",
                "{o} is fixed in options, so it cannot vary",
                "{o} 已在 options 中固定，不能再变化",
                o=key,
            )


def parse_set(
    data: dict[str, Any], name: str, check_kinds: bool = True, base: Path | None = None
) -> ProblemSet:
    """A validated :class:`ProblemSet` from the parsed TOML ``data``."""
    _unknown(data, SET_KEYS, "")
    if "title" not in data:
        raise _err("title", "missing", "缺失")
    try:
        texts = TextReader(read_lang(data))
        title = texts.read(data["title"], "title")
        description = (
            texts.read(data["description"], "description") if "description" in data else None
        )
        paper = read_paper(data, texts)
    except FieldError as exc:
        raise SetError(exc.field, exc.text) from None
    seed = _int(data.get("seed", 0), "seed", 0, 2**31 - 1)
    defaults = {
        "difficulty": _int(data.get("difficulty", 1), "difficulty", 1, 3),
        "calculator": _bool(data.get("calculator", True), "calculator"),
        "notation": _notation(data.get("notation", "textbook"), "notation"),
    }
    raw = data.get("problem")
    if not isinstance(raw, list) or not raw:
        raise _err("problem", "list at least one [[problem]] table", "至少需要一个 [[problem]] 表")
    try:
        entries = tuple(
            _entry(r, f"problem[{i}]", defaults, check_kinds, base) for i, r in enumerate(raw, 1)
        )
    except FieldError as exc:
        raise SetError(exc.field, exc.text) from None
    return ProblemSet(name, title, seed, entries, description, paper)


def load_set(path: str | Path, check_kinds: bool = True) -> ProblemSet:
    """Read and validate a set file; :class:`SetError` names the file and the field."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SetError(
            "file", Text(f"cannot read ({exc.strerror})", f"无法读取（{exc.strerror}）"), str(path)
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise SetError(
            "toml", Text(f"not valid TOML: {exc}", f"不是有效的 TOML：{exc}"), str(path)
        ) from None
    try:
        return parse_set(data, path.stem, check_kinds, path.parent)
    except SetError as exc:
        raise SetError(exc.field, exc.text, str(path)) from None


# ----------------------------------------------------------------------------- generating


def problem_seed(set_seed: int, variant: int, entry: int, copy: int) -> int:
    """A seed that depends only on its inputs (not on Python's hash seed)."""
    digest = hashlib.sha256(f"{set_seed}:{variant}:{entry}:{copy}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 1_000_000


def variant_seed(problem_set: ProblemSet, variant: int) -> int:
    return problem_seed(problem_set.seed, variant, 0, 0) if variant else problem_set.seed


@dataclass(frozen=True)
class Slot:
    """One problem of a variant, fully resolved: ``(kind, seed, options)`` determines it."""

    kind: str
    seed: int
    options: Any  # registry.Options (imported lazily: loading a set must not load the kinds)
    own: tuple[tuple[str, Any], ...] = ()  # a ``spec =`` slot: its file and what varies
    variant: int = 0


def variant_slots(problem_set: ProblemSet, variant: int = 0) -> tuple[Slot, ...]:
    """The slots of one variant, in sheet order: the seed of copy ``c`` of entry ``e`` is
    ``problem_seed(set seed, variant, e, c)``."""
    from .registry import Options

    out = []
    for e_index, entry in enumerate(problem_set.entries):
        options = Options(entry.difficulty, entry.calculator, entry.notation, dict(entry.options))
        for copy in range(entry.count):
            seed = problem_seed(problem_set.seed, variant, e_index, copy)
            if entry.own:
                out.append(Slot(entry.kind, seed, options, entry.own, variant))
                continue
            pinned = pinned_options(entry, options, f"{problem_set.seed}:{e_index}:{copy}")
            out.append(Slot(entry.kind, seed, pinned))
    return tuple(out)


def pinned_options(entry: Entry, options: Any, slot: str) -> Any:
    """``options`` with every option the kind would draw fixed for the slot (the same in
    every variant, so variants differ in their numbers only), except those in ``vary``."""
    import random
    from dataclasses import replace

    from .registry import get_kind, slot_pins

    kind = get_kind(entry.kind)
    rng = random.Random(f"pin:{slot}")
    extra = dict(options.extra)
    while True:
        pools = slot_pins(kind, replace(options, extra=extra))
        todo = [n for n, pool in pools.items() if pool and n not in extra and n not in entry.vary]
        if not todo:
            return replace(options, extra=extra)
        extra[todo[0]] = rng.choice(sorted(pools[todo[0]], key=str))


def generate_slots(slots: tuple[Slot, ...]) -> tuple[Problem, ...]:
    """The problems of resolved slots (a decoded QR code needs nothing else, except for a
    ``spec =`` slot, whose network is in its file)."""
    from .registry import generate

    return tuple(_own_problem(s) if s.own else generate(s.kind, s.seed, s.options) for s in slots)


def _own_problem(slot: Slot) -> Problem:
    """A ``spec =`` slot's problem (``own_sets.spec_problem``)."""
    from .own_sets import spec_problem

    own = dict(slot.own)
    notation = slot.options.notation
    return spec_problem(own["spec"], own["vary"], own["digits"], notation, slot.seed, slot.variant)


def generate_problems(problem_set: ProblemSet, variant: int = 0) -> tuple[Problem, ...]:
    """The problems of one variant (0 is the set's own sheet)."""
    return generate_slots(variant_slots(problem_set, variant))
