"""The characters an answer may contain, and the normalisation before tokenising.

Normalisation: full-width ASCII (Chinese input methods) becomes ASCII, mathematical
alphanumerics pasted from Word (𝑥, 𝐖, 𝛿) become their plain letters (NFKC, for those
characters only: NFKC would also flatten ² and ⁽²⁾, which carry meaning), ``y`` + a combining
circumflex becomes ``ŷ``, and a formula wrapped in ``$…$``, ``$$…$$``, ``\\(…\\)`` or
``\\[…\\]`` is unwrapped. Invisible and control characters are refused with their position.
"""

from __future__ import annotations

import unicodedata

from .errors import err

GREEK_CHARS = {
    "σ": "sigma", "δ": "delta", "α": "alpha", "β": "beta", "γ": "gamma", "η": "eta",
    "λ": "lambda", "μ": "mu", "ε": "epsilon", "ϵ": "epsilon", "θ": "theta", "τ": "tau",
    "φ": "phi", "ϕ": "phi", "Φ": "Phi", "π": "pi", "ŷ": "yhat",
}  # fmt: skip
OP_CHARS = {
    "+": "+", "-": "-", "−": "-", "–": "-", "*": "*", "×": "*", "·": "*", "⋅": "*", "∗": "*",
    "/": "/", "÷": "/", "@": "@", "⊙": "⊙", "∘": "⊙", "○": "⊙", "^": "^",
}  # fmt: skip
RELATIONS = {"<": "<", ">": ">", "≤": "≤", "≥": "≥", "⩽": "≤", "⩾": "≥", "≦": "≤", "≧": "≥"}
PUNCT = {"(": "(", ")": ")", "[": "[", "]": "]", "{": "{", "}": "}", ",": ",", ";": ";",
         "|": "|", "=": "=", "≈": "=", "、": ",", "&": "&"}  # fmt: skip
#: ⌈x⌉ and ⌊x⌋ read as ceil(x) and floor(x): the opening bracket names the function.
ROUNDING_BRACKETS = {"⌈": "ceil", "⌊": "floor", "⌉": None, "⌋": None}
PRIMES = {"'": 1, "′": 1, "’": 1, "″": 2, "‴": 3}
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾ᵀ"
SUP_PLAIN = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾ᵀ", "0123456789-+()T")
SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉"
SUBSCRIPTS = str.maketrans(SUBSCRIPT_DIGITS, "0123456789")
#: Vulgar fractions → (numerator, denominator).
FRACTIONS = {
    "½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5), "⅖": (2, 5),
    "⅗": (3, 5), "⅘": (4, 5), "⅙": (1, 6), "⅚": (5, 6), "⅛": (1, 8), "⅜": (3, 8), "⅝": (5, 8),
    "⅞": (7, 8),
}  # fmt: skip
#: Words of a piecewise answer typed in Chinese → the English keyword.
CJK_WORDS = {"其他": "otherwise", "其它": "otherwise", "否则": "otherwise", "或": "or", "且": "and"}
INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202a", "\u202b",
             "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e",
             "\u200f"}  # fmt: skip
DIGITS = "0123456789"
SPACES = {" ", "\t", "\n", "\r", "\u00a0", "\u3000", "\u2009", "\u202f", "~"}
_WRAPPERS = (("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]"))


def describe(ch: str) -> str:
    """``'$' (U+0024 DOLLAR SIGN)``."""
    name = unicodedata.name(ch, "")
    return f"{ch!r} (U+{ord(ch):04X}{' ' + name if name else ''})"


def _plain_letter(ch: str) -> str | None:
    """𝑥 → x, 𝛿 → δ: a mathematical alphanumeric symbol as its plain letter or digit."""
    if not unicodedata.name(ch, "").startswith("MATHEMATICAL ") and ch != "ℓ":
        return None
    plain = unicodedata.normalize("NFKC", ch)
    return plain if len(plain) == 1 and (plain.isalnum()) else None


def unwrap(text: str) -> str:
    """``$σ(x)$`` → ``σ(x)`` (also ``$$…$$``, ``\\(…\\)``, ``\\[…\\]``)."""
    body = text.strip()
    for left, right in _WRAPPERS:
        if len(body) > len(left) + len(right) and body.startswith(left) and body.endswith(right):
            inner = body[len(left) : -len(right)]
            if "$" not in inner:
                return inner
    return text


def normalise(text: str) -> str:
    """See the module docstring; raises :class:`AnswerSyntaxError` for invisible characters."""
    out: list[str] = []
    for i, ch in enumerate(unwrap(text)):
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
                c=describe(ch),
            )
        else:
            ch = _plain_letter(ch) or ch
        out.append(ch)
    return "".join(out)
