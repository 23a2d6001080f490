"""Variant codes: what an exam page prints so that its key can be found again.

Two codes name a variant of a set:

- the **short code** ``MOCK-07-3F9A``, typed by hand: the set's first word, the variant and
  four hex digits of ``SHA-256(set content, variant)``. It is resolved with the set file
  (:func:`resolve_short`); a typo in the variant or an edited set file fails the hash.
- the **payload** for the QR code, ``SK1:0.1.0:MOCK-07-3F9A:<slot>+<slot>…``: the generator
  version, the short code and every slot's ``(kind, seed, options)`` in base 36, kinds and
  option choices by their index (all characters are in the QR alphanumeric set, so the code
  stays small). :func:`decode_payload` rebuilds the slots with nothing else; a payload
  from another generator version is refused, since keys change between versions.

Every bad code is refused with a :class:`CodeError` whose text is one line in en and zh.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .. import __version__
from ..i18n import Text
from .model import NOTATIONS
from .sets import MAX_VARIANTS, ProblemSet, Slot, variant_slots

GENERATOR_VERSION = __version__
PAYLOAD_FORMAT = "SK1"
SHORT_HASH = 4  # hex digits of the short code: 16 bits
_SHORT = re.compile(r"^(?P<prefix>[A-Z][A-Z0-9]*)-(?P<variant>\d{1,3})-(?P<hash>[0-9A-F]+)$")


class CodeError(ValueError):
    """A code that names no variant: ``text`` is one line in en and zh."""

    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(text.en)

    def message(self, lang: str = "en") -> str:
        return self.text.get(lang)


@dataclass(frozen=True)
class VariantCode:
    """The codes of one variant and the slots they stand for."""

    set_name: str
    variant: int
    short: str  # MOCK-07-3F9A
    payload: str  # SK1:0.1.0:…
    slots: tuple[Slot, ...]
    version: str = GENERATOR_VERSION


# ----------------------------------------------------------------------------- short code


def set_prefix(set_name: str) -> str:
    """The first word of the set's name, upper case: ``mock_exam`` → ``MOCK``."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", set_name) if w]
    word = (words[0] if words else "").upper()[:10]
    return word if word[:1].isalpha() else "SET" + word[:7]


def _content_hash(problem_set: ProblemSet, variant: int) -> str:
    """``SHA-256(name, seed, entries, variant)``: what determines the problems, not the
    comments or the title."""
    content = f"{problem_set.name}|{problem_set.seed}|{problem_set.entries!r}|{variant}"
    return hashlib.sha256(content.encode("utf-8")).hexdigest().upper()[:SHORT_HASH]


def short_code(problem_set: ProblemSet, variant: int) -> str:
    return f"{set_prefix(problem_set.name)}-{variant:02d}-{_content_hash(problem_set, variant)}"


def resolve_short(text: str, problem_set: ProblemSet) -> VariantCode:
    """The variant a typed short code names in ``problem_set`` (raises :class:`CodeError`)."""
    m = _SHORT.match(text.strip().upper())
    if not m:
        raise CodeError(
            Text(
                "cannot read the code {c}: it looks like MOCK-07-3F9A (set, variant, check)",
                "无法读取代码 {c}：格式应如 MOCK-07-3F9A（试卷、变体、校验码）",
            ).format(c=text.strip())
        )
    prefix, variant = m.group("prefix"), int(m.group("variant"))
    expected = set_prefix(problem_set.name)
    if prefix != expected:
        raise CodeError(
            Text(
                "the code {c} belongs to a set named {p}…, not to {s} ({e}-…)",
                "代码 {c} 属于名为 {p}… 的试卷，而不是 {s}（{e}-…）",
            ).format(c=m.group(0), p=prefix, s=problem_set.name, e=expected)
        )
    if variant > MAX_VARIANTS or m.group("hash") != _content_hash(problem_set, variant):
        raise CodeError(
            Text(
                "the code {c} does not match {s}: a typo, or the set file changed since printing",
                "代码 {c} 与 {s} 不符：可能抄错了，或试卷文件在打印后被修改",
            ).format(c=m.group(0), s=problem_set.name)
        )
    return variant_code(problem_set, variant)


# ----------------------------------------------------------------------------- payload


_B36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _b36(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = _B36[r] + out
        if not n:
            return out


def _kind_names() -> list[str]:
    from .registry import all_kinds

    return sorted(k.name for k in all_kinds())


def _slot_text(slot: Slot, kinds: list[str]) -> str:
    """``<kind>.<seed>[.D<difficulty>][.C][.N<notation>][.X<option>/<choice>]…`` in base 36:
    the kind and the option choices by their index (fixed within a generator version)."""
    from .registry import get_kind

    options = slot.options
    tokens = [_b36(kinds.index(slot.kind)), _b36(slot.seed)]
    if options.difficulty != 1:
        tokens.append(f"D{options.difficulty}")
    if not options.calculator:
        tokens.append("C")
    if options.notation != "textbook":
        tokens.append("N" + _b36(NOTATIONS.index(options.notation)))
    extra = get_kind(slot.kind).extra_options
    names = sorted(extra)
    for name in sorted(options.extra):
        choices = extra[name]
        value = options.extra[name]
        index = next(i for i, c in enumerate(choices) if c == value and type(c) is type(value))
        tokens.append(f"X{_b36(names.index(name))}/{_b36(index)}")
    return ".".join(tokens)


def encode_payload(short: str, slots: tuple[Slot, ...]) -> str:
    """``SK1:<version>:<short code>:<slot>+<slot>…``: only QR alphanumeric characters."""
    kinds = _kind_names()
    body = "+".join(_slot_text(s, kinds) for s in slots)
    return f"{PAYLOAD_FORMAT}:{GENERATOR_VERSION}:{short}:{body}"


def variant_code(problem_set: ProblemSet, variant: int) -> VariantCode:
    """The short code and the QR payload of variant ``variant`` (0 is the set's own sheet)."""
    slots = variant_slots(problem_set, variant)
    short = short_code(problem_set, variant)
    payload = encode_payload(short, slots)
    return VariantCode(problem_set.name, variant, short, payload, slots)


def _unreadable(text: str) -> CodeError:
    shown = text if len(text) <= 24 else text[:21] + "…"
    return CodeError(
        Text(
            "cannot read the code {c}: scan the QR code again or type the short code with --set",
            "无法读取代码 {c}：请重新扫描二维码，或用 --set 输入短代码",
        ).format(c=shown)
    )


def _read_slot(text: str, kinds: list[str], code: str) -> Slot:
    from .registry import Options, get_kind

    try:
        kind_token, seed_token, *tokens = text.split(".")
        kind, seed = kinds[int(kind_token, 36)], int(seed_token, 36)
        difficulty, calculator, notation, extra = 1, True, "textbook", {}
        choices = get_kind(kind).extra_options
        names = sorted(choices)
        for token in tokens:
            if token[:1] == "D" and token[1:] in ("2", "3"):
                difficulty = int(token[1:])
            elif token == "C":
                calculator = False
            elif token[:1] == "N":
                notation = NOTATIONS[int(token[1:], 36)]
            elif token[:1] == "X":
                name_index, value_index = token[1:].split("/")
                name = names[int(name_index, 36)]
                extra[name] = choices[name][int(value_index, 36)]
            else:
                raise ValueError(token)
    except (ValueError, IndexError):
        raise _unreadable(code) from None
    return Slot(kind, seed, Options(difficulty, calculator, notation, extra))


def decode_payload(text: str) -> VariantCode:
    """The variant a QR payload names, rebuilt without the set file (raises
    :class:`CodeError`, also for a payload from another generator version)."""
    text = text.strip().upper()
    parts = text.split(":")
    if len(parts) != 4 or parts[0].upper() != PAYLOAD_FORMAT:
        raise _unreadable(text)
    version = parts[1]
    if version != GENERATOR_VERSION:
        raise CodeError(
            Text(
                "the code was made by studykit {v}, this is {g}: keys change between versions, "
                "so install studykit {v} to read it",
                "该代码由 studykit {v} 生成，当前版本为 {g}：不同版本的答案不同，请安装 studykit {v} 后读取",
            ).format(v=version, g=GENERATOR_VERSION)
        )
    fields = parts[3].split("+") if len(parts) == 4 and parts[3] else []
    m = _SHORT.match(parts[2])
    if not m or not fields:
        raise _unreadable(text)
    kinds = _kind_names()
    slots = tuple(_read_slot(f, kinds, text) for f in fields)
    return VariantCode(
        m.group("prefix").lower(), int(m.group("variant")), m.group(0), text, slots, version
    )


def read_code(text: str, problem_set: ProblemSet | None = None) -> VariantCode:
    """A QR payload, or a short code when the set is given."""
    if text.strip().upper().startswith(PAYLOAD_FORMAT + ":"):
        return decode_payload(text)
    if problem_set is None:
        raise CodeError(
            Text(
                "{c} is a short code: give the set file too, e.g. --set problems/mock_exam.toml",
                "{c} 是短代码：请同时给出试卷文件，例如 --set problems/mock_exam.toml",
            ).format(c=text.strip())
        )
    return resolve_short(text, problem_set)
