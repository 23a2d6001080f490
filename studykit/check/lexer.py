"""Tokens of an answer, plain text or the course's LaTeX subset, from a whitelist of characters.

Plain: ``s*(1-s)``, ``1 - tanh(z)^2``, ``delta2 * a1^T``, ``W2.T @ delta2 ⊙ a1(1-a1)``.
LaTeX: ``\\sigma(x)\\left(1-\\sigma(x)\\right)``, ``\\delta^{(2)} (a^{(1)})^\\top``, ``\\frac{1}{2}``.
Unicode: ``σ δ η ŷ ⊙ ᵀ ′ ⁽²⁾ ² ₁ − × ·`` and full-width ASCII (Chinese input methods).

Every character that is not on a list is refused with its position; nothing is evaluated here.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..catalog import SPELLINGS
from . import limits
from .errors import AnswerSyntaxError, err


@dataclass(frozen=True)
class Token:
    kind: str  # num name op ( ) [ ] { } , ; | = T prime layer sub frac sqrt begin end partial
    value: Any
    pos: int


GREEK_CHARS = {
    "σ": "sigma", "δ": "delta", "α": "alpha", "β": "beta", "γ": "gamma", "η": "eta",
    "λ": "lambda", "μ": "mu", "ε": "epsilon", "ϵ": "epsilon", "θ": "theta", "τ": "tau",
    "φ": "phi", "ϕ": "phi", "Φ": "Phi", "π": "pi", "ŷ": "yhat",
}  # fmt: skip
OP_CHARS = {
    "+": "+", "-": "-", "−": "-", "–": "-", "*": "*", "×": "*", "·": "*", "⋅": "*", "∗": "*",
    "/": "/", "÷": "/", "@": "@", "⊙": "⊙", "∘": "⊙", "○": "⊙", "^": "^",
}  # fmt: skip
PUNCT = {"(": "(", ")": ")", "[": "[", "]": "]", "{": "{", "}": "}", ",": ",", ";": ";",
         "|": "|", "=": "=", "≈": "=", "、": ",", "&": ","}  # fmt: skip
PRIMES = {"'": 1, "′": 1, "’": 1, "″": 2, "‴": 3}
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾ᵀ"
SUP_PLAIN = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾ᵀ", "0123456789-+()T")
SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202a", "\u202b",
             "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e",
             "\u200f"}  # fmt: skip
DIGITS = "0123456789"
SPACES = {" ", "\t", "\n", "\r", "\u00a0", "\u3000", "\u2009", "\u202f", "~"}

LATEX_GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "mu", "sigma",
    "tau", "phi", "Phi", "pi",
}  # fmt: skip
LATEX_ALIAS = {"varepsilon": "epsilon", "varphi": "phi", "ell": "l"}
LATEX_FUNCS = {"exp", "log", "ln", "tanh", "max", "min", "sin", "cos"}
LATEX_SKIP = {"left", "right", "bigl", "bigr", "Bigl", "Bigr", "big", "Big", "biggl", "biggr",
              "displaystyle", "limits", "quad", "qquad", ",", ";", "!", ":", " "}  # fmt: skip
LATEX_OPS = {"cdot": "*", "times": "*", "ast": "*", "odot": "⊙", "circ": "⊙"}
LATEX_FONTS = {"mathbf", "boldsymbol", "bm", "mathrm", "mathit", "operatorname", "text",
               "textrm", "mathsf", "mathnormal", "rm", "bf", "vec"}  # fmt: skip
LATEX_MATRIX = {"bmatrix", "pmatrix", "matrix", "Bmatrix", "smallmatrix"}
LATEX_REFUSED = {
    "sum": ("write the sum out term by term or in matrix form", "请逐项写出求和，或用矩阵形式"),
    "prod": ("write the product out", "请写出乘积"),
    "int": ("integrals are not part of these answers", "答案中不需要积分"),
    "lim": ("limits are not part of these answers", "答案中不需要极限"),
    "otimes": ("⊗ is ambiguous: use ⊙ for the element-wise product or δ aᵀ for the outer product",
               "⊗ 有歧义：逐元素乘用 ⊙，外积写成 δ aᵀ"),
    "det": ("determinants are not part of these answers", "答案中不需要行列式"),
}  # fmt: skip
LATEX_KNOWN = (
    LATEX_GREEK | set(LATEX_ALIAS) | LATEX_FUNCS | LATEX_SKIP | set(LATEX_OPS) | LATEX_FONTS
    | {"frac", "dfrac", "tfrac", "sqrt", "hat", "widehat", "top", "intercal", "prime", "begin",
       "end", "partial"}
)  # fmt: skip

_NUMBER = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-z]+[0-9]*")
_UNDERSCORED = re.compile(r"[A-Za-z]+(?:_[A-Za-z]+)+")
#: Function names with an underscore, read as one name (the catalog's spellings).
UNDERSCORED_NAMES = {s for s in SPELLINGS if "_" in s}
_TRANSPOSE_SUP = re.compile(
    r"^(?:[\(\[](\d+)[\)\]])?(T|\\top|\\intercal|\\mathsf\{T\}|\\mathrm\{T\}|\\rm T|\\text\{T\})?$"
)


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"{ch!r} (U+{ord(ch):04X}{' ' + name if name else ''})"


def normalise(text: str) -> str:
    """Full-width ASCII to ASCII; ``y`` + combining circumflex to ``ŷ``. Refuses the invisible."""
    out = []
    for i, ch in enumerate(text):
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            ch = chr(code - 0xFEE0)
        elif ch == "\u0302" and out and out[-1] == "y":
            out[-1] = "ŷ"
            continue
        elif ch in INVISIBLE or (unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs")
                                  and ch not in SPACES):  # fmt: skip
            raise err(
                "invisible or control character {c} cannot be read",
                "无法识别不可见字符或控制字符 {c}",
                hint=("retype the answer without it", "请删除该字符后重新输入"),
                pos=i,
                c=_describe(ch),
            )
        out.append(ch)
    return "".join(out)


def _braced(text: str, start: int) -> int:
    """Index just past the ``}`` matching the ``{`` at ``start``."""
    depth = 0
    for j in range(start, len(text)):
        if text[j] == "{" and (j == 0 or text[j - 1] != "\\"):
            depth += 1
        elif text[j] == "}" and text[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return j + 1
    raise err(
        "a { is never closed",
        "有一个 { 没有闭合",
        hint=("add the matching }", "请补上对应的 }"),
        pos=start,
    )


def _number(text: str, i: int) -> tuple[Token, int]:
    m = _NUMBER.match(text, i)
    assert m
    if m.end() - i > 3 * limits.MAX_DIGITS:
        raise err(
            "a number with {n} digits is too long", "数字有 {n} 位，太长了", pos=i, n=m.end() - i
        )
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
    return Token("num", Fraction(m.group(0)), i), m.end()


class Lexer:
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
            ch = text[i]
            if ch in SPACES:
                i += 1
            elif ch in DIGITS or (ch == "." and i + 1 < len(text) and text[i + 1] in DIGITS):
                token, i = _number(text, i)
                self.tokens.append(token)
            elif ch.isascii() and ch.isalpha():
                m = _UNDERSCORED.match(text, i)
                if not (m and m.group(0).lower() in UNDERSCORED_NAMES):
                    m = _NAME.match(text, i)
                assert m
                self.add("name", m.group(0), i)
                i = m.end()
            elif ch in GREEK_CHARS:
                self.add("name", GREEK_CHARS[ch], i)
                i += 1
            elif ch == "*" and text.startswith("**", i):
                i = self.superscript(i + 2)
            elif ch == "^":
                i = self.superscript(i + 1)
            elif ch == "_":
                i = self.subscript(i + 1)
            elif ch == "." and text.startswith(".*", i):
                self.add("op", "⊙", i)
                i += 2
            elif ch == ".":
                i = self.dot(i)
            elif ch in OP_CHARS:
                self.add("op", OP_CHARS[ch], i)
                i += 1
            elif ch in PUNCT:
                self.add(PUNCT[ch], ch, i)
                i += 1
            elif ch in PRIMES:
                self.add("prime", PRIMES[ch], i)
                i += 1
            elif ch in SUPERSCRIPTS:
                i = self.unicode_superscript(i)
            elif ch in "₀₁₂₃₄₅₆₇₈₉":
                j = i
                while j < len(text) and text[j] in "₀₁₂₃₄₅₆₇₈₉":
                    j += 1
                self.add("sub", text[i:j].translate(SUBSCRIPTS), i)
                i = j
            elif ch == "√":
                self.add("sqrt", None, i)
                i += 1
            elif ch == "∂":
                self.add("partial", None, i)
                i += 1
            elif ch == "\\":
                i = self.command(i)
            else:
                raise self.unknown_char(ch, i)
        return self.tokens

    def unknown_char(self, ch: str, i: int) -> AnswerSyntaxError:
        hints = {
            "⊗": ("use ⊙ for the element-wise product", "逐元素乘请用 ⊙"),
            "∑": ("write the sum out", "请逐项写出求和"),
            "Σ": ("write the sum out", "请逐项写出求和"),
            "!": ("factorials are not part of these answers", "答案中不需要阶乘"),
            "%": ("write percentages as decimals", "百分数请写成小数"),
            "#": ("comments are not allowed", "不允许注释"),
            "\"": ("quotes are not needed", "不需要引号"),
            "$": ("type the formula without $ signs", "请去掉 $ 符号"),
            ":": ("write a ratio as a/b", "比值请写成 a/b"),
        }  # fmt: skip
        hint = hints.get(
            ch,
            (
                "use + − * / ^ ( ) and names like x, a1, delta2",
                "请使用 + − * / ^ ( ) 以及 x、a1、delta2 等名称",
            ),
        )
        return err(
            "cannot read the character {c}", "无法识别字符 {c}", hint=hint, pos=i, c=_describe(ch)
        )

    # ----------------------------------------------------------------- pieces

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
            end = _braced(text, i)
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
        m = re.compile(r"\[(\d+)\]").match(text, i)
        if m:
            self.add("layer", int(m.group(1)), start)
            return m.end()
        if text.startswith("T", i) and not (i + 1 < len(text) and (text[i + 1].isalnum())):
            self.add("T", None, start)
            return i + 1
        for cmd in ("\\top", "\\intercal"):
            if text.startswith(cmd, i) and not (
                i + len(cmd) < len(text) and text[i + len(cmd)].isalpha()
            ):
                self.add("T", None, start)
                return i + len(cmd)
        if text.startswith("\\prime", i):
            self.add("prime", 1, start)
            return i + len("\\prime")
        self.add("op", "^", start)
        return i

    def subscript(self, i: int) -> int:
        text = self.text
        if (
            not self.tokens
            or self.tokens[-1].kind not in ("name", "layer")
            or text[i - 2 : i - 1] in SPACES
        ):
            raise err(
                "_ must follow a name, as in a_1",
                "_ 必须紧跟在名称之后，例如 a_1",
                hint=("names like __import__ are not allowed", "不允许使用 __import__ 这样的名称"),
                pos=i - 1,
            )
        if i < len(text) and text[i] == "{":
            end = _braced(text, i)
            inner = text[i + 1 : end - 1].strip()
        else:
            end = i + 1 if i < len(text) else i
            inner = text[i:end]
        plain = inner.strip("()[]")
        if plain.isdigit() and len(plain) <= 3:
            self.add("sub", plain, i - 1)
            return end
        if inner == "new":
            self.add("sub", "_new", i - 1)
            return end
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

    def unicode_superscript(self, i: int) -> int:
        text = self.text
        j = i
        while j < len(text) and text[j] in SUPERSCRIPTS:
            j += 1
        run = text[i:j].translate(SUP_PLAIN)
        k = 0
        while k < len(run):
            m = re.compile(r"\((\d+)\)").match(run, k)
            if m:
                self.add("layer", int(m.group(1)), i + k)
                k = m.end()
            elif run[k] == "T":
                self.add("T", None, i + k)
                k += 1
            else:
                m = re.compile(r"[-+]?\d+").match(run, k)
                if not m:
                    raise err(
                        "cannot read the superscript {s}", "无法识别上标 {s}", pos=i, s=text[i:j]
                    )
                self.add("op", "^", i + k)
                value = m.group(0)
                if value[0] in "+-":
                    self.add("op", value[0], i + k)
                    value = value[1:]
                self.add("num", Fraction(int(value)), i + k)
                k = m.end()
        return j

    def command(self, i: int) -> int:
        text = self.text
        if not self.allow_latex:
            raise err(
                "LaTeX (a backslash) is not accepted here",
                "此处不接受 LaTeX（反斜杠）",
                hint=("type the answer as plain text, e.g. s*(1-s)", "请输入纯文本，例如 s*(1-s)"),
                pos=i,
            )
        m = re.compile(r"\\([A-Za-z]+|.)").match(text, i)
        if not m:
            raise err("a lone backslash cannot be read", "无法识别单独的反斜杠", pos=i)
        name, end = m.group(1), m.end()
        if name == "\\":
            self.add(";", ";", i)
        elif name in LATEX_SKIP:
            if name in ("left", "right") and text.startswith(".", end):
                end += 1
        elif name in LATEX_GREEK or name in LATEX_ALIAS:
            self.add("name", LATEX_ALIAS.get(name, name), i)
        elif name in LATEX_FUNCS:
            self.add("name", name, i)
        elif name in LATEX_OPS:
            self.add("op", LATEX_OPS[name], i)
        elif name in ("frac", "dfrac", "tfrac"):
            self.add("frac", None, i)
        elif name == "sqrt":
            self.add("sqrt", None, i)
        elif name in ("top", "intercal"):
            self.add("T", None, i)
        elif name == "prime":
            self.add("prime", 1, i)
        elif name == "partial":
            self.add("partial", None, i)
        elif name in LATEX_FONTS or name in ("hat", "widehat"):
            end = self.font(name, end, i)
        elif name in ("begin", "end"):
            end = self.environment(name, end, i)
        elif name in LATEX_REFUSED:
            raise err(
                "\\{n} is not supported", "不支持 \\{n}", hint=LATEX_REFUSED[name], pos=i, n=name
            )
        else:
            close = difflib.get_close_matches(name, sorted(LATEX_KNOWN), n=1)
            hint = ("did you mean \\{c}?", "是不是 \\{c}？") if close else None
            raise err(
                "unknown LaTeX command \\{n}",
                "未知的 LaTeX 命令 \\{n}",
                hint=hint,
                pos=i,
                n=name,
                c=close[0] if close else "",
            )
        return end

    def font(self, name: str, end: int, pos: int) -> int:
        """``\\mathbf{W}`` → ``W``; ``\\hat{y}`` → ``yhat``; other content is lexed as a group."""
        text = self.text
        if name in ("rm", "bf"):
            return end
        while end < len(text) and text[end] == " ":
            end += 1
        if end < len(text) and text[end] == "{":
            close = _braced(text, end)
            inner = text[end + 1 : close - 1]
        elif end < len(text):
            close = end + 1
            inner = text[end]
            if inner == "\\":
                m = re.compile(r"\\[A-Za-z]+").match(text, end)
                if m:
                    close, inner = m.end(), m.group(0)
        else:
            raise err("\\{n} needs an argument", "\\{n} 需要参数", pos=pos, n=name)
        sub = Lexer(inner, self.allow_latex)
        tokens = sub.run()
        if name in ("hat", "widehat"):
            if [t.kind for t in tokens] == ["name"] and tokens[0].value == "y":
                self.add("name", "yhat", pos)
                return close
            raise err("only \\hat{y} is understood", "只支持 \\hat{y}", pos=pos)
        if name == "text" and inner.strip() in ("T",):
            self.add("T", None, pos)
            return close
        if len(tokens) == 1:
            self.tokens.append(Token(tokens[0].kind, tokens[0].value, pos))
        else:
            self.add("(", "(", pos)
            for t in tokens:
                self.add(t.kind, t.value, pos + t.pos)
            self.add(")", ")", pos)
        return close

    def environment(self, name: str, end: int, pos: int) -> int:
        text = self.text
        m = re.compile(r"\s*\{([A-Za-z*]+)\}").match(text, end)
        if not m or m.group(1) not in LATEX_MATRIX:
            env = m.group(1) if m else "?"
            raise err(
                "the environment {e} is not supported",
                "不支持环境 {e}",
                hint=("use bmatrix or pmatrix", "请用 bmatrix 或 pmatrix"),
                pos=pos,
                e=env,
            )
        self.add("[" if name == "begin" else "]", name, pos)
        return m.end()


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
