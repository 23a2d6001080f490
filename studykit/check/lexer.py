"""Tokens of an answer, plain text or the course's LaTeX subset, from a whitelist of characters.

Plain: ``s*(1-s)``, ``1 - tanh(z)^2``, ``delta2 * a1^T``, ``W2.T @ delta2 ⊙ a1(1-a1)``,
``1 (x > 0); 0 (x <= 0)``. LaTeX (:mod:`.latex`): ``\\sigma(x)\\left(1-\\sigma(x)\\right)``,
``\\delta^{(2)} (a^{(1)})^\\top``, ``\\begin{cases} … \\end{cases}``. Unicode: ``σ δ η ŷ ⊙ ᵀ ′ ⁽²⁾
² ₁ − × · ≤ ½`` and full-width ASCII (see :mod:`.characters`).

Every character that is not on a list is refused with its position; nothing is evaluated here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..catalog import SPELLINGS
from . import limits
from .characters import (
    CJK_WORDS,
    DIGITS,
    FRACTIONS,
    GREEK_CHARS,
    OP_CHARS,
    PRIMES,
    PUNCT,
    RELATIONS,
    ROUNDING_BRACKETS,
    SPACES,
    SUBSCRIPT_DIGITS,
    SUBSCRIPTS,
    SUP_PLAIN,
    SUPERSCRIPTS,
    describe,
    normalise,
)
from .errors import AnswerSyntaxError, err
from .latex import LatexLexing, braced


@dataclass(frozen=True)
class Token:
    """``kind``: num name op rel ( ) [ ] { } , ; & | = T prime layer sub frac sqrt begin end
    partial ufrac indicator. A ``num`` holds its literal text."""

    kind: str
    value: Any
    pos: int


_NUMBER = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-z]+[0-9]*")
_DIGITS = re.compile(r"[0-9]+")
_UNDERSCORED = re.compile(r"[A-Za-z]+(?:_[A-Za-z]+)+")
#: Function names with an underscore, read as one name (the catalog's spellings).
UNDERSCORED_NAMES = {s for s in SPELLINGS if "_" in s}
_TRANSPOSE_SUP = re.compile(
    r"^(?:[\(\[](\d+)[\)\]])?(T|\\top|\\intercal|\\mathsf\{T\}|\\mathrm\{T\}|\\rm T|\\text\{T\})?$"
)
_LAYER_BRACKET = re.compile(r"\[(\d+)\]")
_LAYER_PAREN = re.compile(r"\((\d+)\)")
_SUP_POWER = re.compile(r"[-+]?\d+")
_INDEX = re.compile(r"^(?:[ijk]|ij|ji)$")
_BARE_SUBSCRIPT = re.compile(r"\d{1,3}|new\b|ij\b|ji\b|[A-Za-z]")
_HINTS = {
    "⊗": ("use ⊙ for the element-wise product", "逐元素乘请用 ⊙"),
    "∑": ("write the sum out", "请逐项写出求和"),
    "Σ": ("write the sum out", "请逐项写出求和"),
    "!": ("factorials are not part of these answers", "答案中不需要阶乘"),
    "%": ("write percentages as decimals", "百分数请写成小数"),
    "#": ("comments are not allowed", "不允许注释"),
    '"': ("quotes are not needed", "不需要引号"),
    "$": ("type the formula without $ signs, or wrap all of it in one pair $…$",
          "请去掉 $ 符号，或只用一对 $…$ 把整个公式括起来"),
    ":": ("write a ratio as a/b, and a condition in parentheses, e.g. 1 (x > 0)",
          "比值请写成 a/b，条件请写在括号里，例如 1 (x > 0)"),
}  # fmt: skip
_CODE_HINT = (
    "Python code is not read here: type the formula itself, e.g. s*(1-s)",
    "此处不读取 Python 代码：请直接输入公式，例如 s*(1-s)",
)


def number_token(text: str, i: int) -> tuple[Token, int]:
    """The number literal at ``i``, within the digit and exponent limits."""
    m = _NUMBER.match(text, i)
    assert m
    mantissa, exponent = m.group(1), m.group(2)
    digits = sum(c.isdigit() for c in mantissa)
    if digits > limits.MAX_DIGITS:
        raise err(
            "a number with {n} digits is too long",
            "数字有 {n} 位，太长了",
            hint=("round it", "请先四舍五入"),
            pos=i,
            n=digits,
        )
    if exponent and abs(int(exponent[1:])) > limits.MAX_DECIMAL_EXPONENT:
        raise err("the number {t} is too large", "数字 {t} 太大了", pos=i, t=m.group(0))
    return Token("num", m.group(0), i), m.end()


class Lexer(LatexLexing):
    """Turns a normalised string into tokens (``allow_latex=False`` refuses backslashes)."""

    def __init__(self, text: str, allow_latex: bool = True) -> None:
        self.text = text
        self.allow_latex = allow_latex
        self.tokens: list[Token] = []

    def add(self, kind: str, value: Any, pos: int) -> None:
        self.tokens.append(Token(kind, value, pos))
        if len(self.tokens) > limits.MAX_TOKENS:
            raise err(
                "the answer is too long (more than {n} symbols)",
                "答案太长（超过 {n} 个符号）",
                hint=("simplify it first", "请先化简"),
                n=limits.MAX_TOKENS,
            )

    def run(self) -> list[Token]:
        text, i = self.text, 0
        while i < len(text):
            i = self.step(text, i)
        return self.tokens

    def step(self, text: str, i: int) -> int:
        """Lex the token at ``i``; the index after it."""
        ch = text[i]
        if ch in SPACES:
            return i + 1
        if ch in DIGITS or (ch == "." and text[i + 1 : i + 2].isdigit()):
            token, end = number_token(text, i)
            self.add(token.kind, token.value, i)
            return end
        if ch.isascii() and ch.isalpha():
            return self.name(text, i)
        if ch in GREEK_CHARS:
            m = _DIGITS.match(text, i + 1)  # δ1, σ2: a Greek letter and a plain digit
            self.add("name", GREEK_CHARS[ch] + (m.group(0) if m else ""), i)
            return m.end() if m else i + 1
        if text.startswith("**", i):
            return self.superscript(i + 2)
        if ch == "^":
            return self.superscript(i + 1)
        if ch == "_":
            return self.subscript(i + 1)
        if text.startswith(".*", i):
            self.add("op", "⊙", i)
            return i + 2
        if ch == ".":
            return self.dot(i)
        if ch in "<>" and text.startswith("=", i + 1):
            self.add("rel", "≤" if ch == "<" else "≥", i)
            return i + 2
        return self.symbol(text, i)

    def symbol(self, text: str, i: int) -> int:
        """One character that is a token by itself."""
        ch = text[i]
        for table, kind in ((OP_CHARS, "op"), (RELATIONS, "rel")):
            if ch in table:
                self.add(kind, table[ch], i)
                return i + 1
        if ch in PUNCT:
            self.add(PUNCT[ch], ch, i)
        elif ch in ROUNDING_BRACKETS:
            self.rounding_bracket(ROUNDING_BRACKETS[ch], i)
        elif ch in PRIMES:
            self.add("prime", PRIMES[ch], i)
        elif ch in SUPERSCRIPTS:
            return self.unicode_superscript(i)
        elif ch in SUBSCRIPT_DIGITS:
            j = i
            while j < len(text) and text[j] in SUBSCRIPT_DIGITS:
                j += 1
            self.add("sub", text[i:j].translate(SUBSCRIPTS), i)
            return j
        elif ch in FRACTIONS:
            self.add("ufrac", FRACTIONS[ch], i)
        elif ch == "√":
            self.add("sqrt", None, i)
        elif ch == "∂":
            self.add("partial", None, i)
        elif ch == "\\":
            return self.command(i)
        else:
            return self.cjk_word(text, i)
        return i + 1

    def rounding_bracket(self, func: str | None, i: int) -> None:
        """``⌈`` opens ``ceil(``, ``⌊`` opens ``floor(``; ``⌉``/``⌋`` close them."""
        if func is None:
            self.add(")", ")", i)
        else:
            self.add("name", func, i)
            self.add("(", "(", i)

    def cjk_word(self, text: str, i: int) -> int:
        for word, keyword in CJK_WORDS.items():
            if text.startswith(word, i):
                self.add("name", keyword, i)
                return i + len(word)
        raise self.unknown_char(text[i], i)

    def unknown_char(self, ch: str, i: int) -> AnswerSyntaxError:
        hint = _HINTS.get(
            ch,
            (
                "use + − * / ^ ( ) and names like x, a1, delta2",
                "请使用 + − * / ^ ( ) 以及 x、a1、delta2 等名称",
            ),
        )
        if ch == ":" and any(t.kind == "name" and t.value == "lambda" for t in self.tokens):
            hint = _CODE_HINT
        return err(
            "cannot read the character {c}", "无法识别字符 {c}", hint=hint, pos=i, c=describe(ch)
        )

    # ----------------------------------------------------------------- pieces

    def name(self, text: str, i: int) -> int:
        m = _UNDERSCORED.match(text, i)
        if not (m and m.group(0).lower() in UNDERSCORED_NAMES):
            m = _NAME.match(text, i)
        assert m
        self.add("name", m.group(0), i)
        return m.end()

    def dot(self, i: int) -> int:
        text = self.text
        if text.startswith(".T", i) and not (
            i + 2 < len(text) and (text[i + 2].isalnum() or text[i + 2] == "_")
        ):
            self.add("T", None, i)
            return i + 2
        raise err(
            "a '.' here would be attribute access, which is not allowed",
            "此处的 '.' 会被当作属性访问，这是不允许的",
            hint=(
                "write a transpose as W^T or Wᵀ, a product with * or ⊙",
                "转置写成 W^T 或 Wᵀ，乘法用 * 或 ⊙",
            ),
            pos=i,
        )

    def superscript(self, i: int) -> int:
        """After ``^``: a layer ``{(2)}``/``[2]``, a transpose ``T``/``{\\top}``, a prime, or a power."""
        text = self.text
        start = i - 1
        while i < len(text) and text[i] == " ":
            i += 1
        if i < len(text) and text[i] == "{":
            end = braced(text, i)
            inner = text[i + 1 : end - 1].strip()
            m = _TRANSPOSE_SUP.match(inner.replace(" ", "") if "\\rm" not in inner else inner)
            if inner and m and (m.group(1) or m.group(2)):
                if m.group(1):
                    self.add("layer", int(m.group(1)), start)
                if m.group(2):
                    self.add("T", None, start)
                return end
            if inner in ("'", "\\prime", "′"):
                self.add("prime", 1, start)
                return end
            self.add("op", "^", start)
            return i
        m = _LAYER_BRACKET.match(text, i)
        if m:
            self.add("layer", int(m.group(1)), start)
            return m.end()
        if text.startswith("T", i) and not text[i + 1 : i + 2].isalnum():
            self.add("T", None, start)
            return i + 1
        for cmd in ("\\top", "\\intercal"):
            if text.startswith(cmd, i) and not text[i + len(cmd) : i + len(cmd) + 1].isalpha():
                self.add("T", None, start)
                return i + len(cmd)
        if text.startswith("\\prime", i):
            self.add("prime", 1, start)
            return i + len("\\prime")
        self.add("op", "^", start)
        return i

    def subscript(self, i: int) -> int:
        """After ``_``: a layer ``_2``/``_{(2)}``, ``_new``, an index ``_i``/``_{ij}``, or the
        condition of an indicator ``\\mathbb{1}_{x>0}``."""
        text = self.text
        last = self.tokens[-1] if self.tokens else None
        if (
            last is None
            or last.kind not in ("name", "layer", "indicator")
            or (text[i - 2 : i - 1] in SPACES)
        ):
            raise err(
                "_ must follow a name, as in a_1",
                "_ 必须紧跟在名称之后，例如 a_1",
                hint=("names like __import__ are not allowed", "不允许使用 __import__ 这样的名称"),
                pos=i - 1,
            )
        if i < len(text) and text[i] == "{":
            end = braced(text, i)
            inner = text[i + 1 : end - 1].strip()
        else:
            m = _BARE_SUBSCRIPT.match(text, i)
            end = m.end() if m else min(i + 1, len(text))
            inner = text[i:end]
        if last.kind == "indicator":
            self.add("(", "(", i)
            for t in Lexer(inner, self.allow_latex).run():
                self.add(t.kind, t.value, i + t.pos)
            self.add(")", ")", i)
            return end
        plain = inner.strip("()[]")
        if plain.isdigit() and len(plain) <= 3:
            self.add("sub", plain, i - 1)
        elif inner == "new" or _INDEX.match(inner.replace(" ", "")):
            self.add("sub", inner.replace(" ", ""), i - 1)
        else:
            raise err(
                "cannot read the subscript _{s}",
                "无法识别下标 _{s}",
                hint=(
                    "use layer numbers like a_1 or W_2; element indices like w_ij are not supported, use the matrix form",
                    "请使用 a_1、W_2 这样的层编号；不支持 w_ij 这样的元素下标，请用矩阵形式",
                ),
                pos=i - 1,
                s=inner or "?",
            )
        return end

    def unicode_superscript(self, i: int) -> int:
        text = self.text
        j = i
        while j < len(text) and text[j] in SUPERSCRIPTS:
            j += 1
        run = text[i:j].translate(SUP_PLAIN)
        k = 0
        while k < len(run):
            m = _LAYER_PAREN.match(run, k)
            if m:
                self.add("layer", int(m.group(1)), i + k)
                k = m.end()
            elif run[k] == "T":
                self.add("T", None, i + k)
                k += 1
            else:
                m = _SUP_POWER.match(run, k)
                if not m:
                    raise err(
                        "cannot read the superscript {s}", "无法识别上标 {s}", pos=i, s=text[i:j]
                    )
                self.add("op", "^", i + k)
                value = m.group(0)
                if value[0] in "+-":
                    self.add("op", value[0], i + k)
                    value = value[1:]
                self.add("num", value, i + k)
                k = m.end()
        return j


def tokenize(text: str, allow_latex: bool = True) -> list[Token]:
    """Check the length and characters, then tokenise (raises :class:`AnswerSyntaxError`)."""
    if len(text) > limits.MAX_LENGTH:
        raise err(
            "the answer is too long ({n} characters; at most {m})",
            "答案太长（{n} 个字符；最多 {m} 个）",
            hint=("simplify it first", "请先化简"),
            n=len(text),
            m=limits.MAX_LENGTH,
        )
    tokens = Lexer(normalise(text), allow_latex).run()
    if not tokens:
        raise err("the answer is empty", "答案为空", hint=("type an answer", "请输入答案"))
    return tokens
