"""The course's LaTeX subset, as a part of the lexer: commands, fonts and environments.

``\\sigma`` ``\\frac`` ``\\sqrt`` ``\\left( … \\right)`` ``\\mathbf{W}`` ``\\hat{y}`` ``\\top``
``\\odot`` ``\\lceil … \\rceil`` ``\\le`` ``\\text{if}`` ``\\mathbb{1}[…]`` ``\\begin{bmatrix}`` ``\\begin{cases}``.
A command that is not on a list is refused, with the nearest known one as a hint.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from .errors import err

LATEX_GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "mu", "sigma",
    "tau", "phi", "Phi", "pi",
}  # fmt: skip
LATEX_ALIAS = {"varepsilon": "epsilon", "varphi": "phi", "ell": "l"}
LATEX_FUNCS = {"exp", "log", "ln", "tanh", "max", "min", "sin", "cos", "sinh", "cosh", "sech"}
LATEX_SKIP = {"left", "right", "bigl", "bigr", "Bigl", "Bigr", "big", "Big", "biggl", "biggr",
              "displaystyle", "limits", "quad", "qquad", ",", ";", "!", ":", " "}  # fmt: skip
LATEX_OPS = {"cdot": "*", "times": "*", "ast": "*", "odot": "⊙", "circ": "⊙"}
LATEX_RELATIONS = {"le": "≤", "leq": "≤", "leqslant": "≤", "ge": "≥", "geq": "≥",
                   "geqslant": "≥", "lt": "<", "gt": ">"}  # fmt: skip
LATEX_FONTS = {"mathbf", "boldsymbol", "bm", "mathrm", "mathit", "operatorname", "text",
               "textrm", "mathsf", "mathnormal", "rm", "bf", "vec", "textnormal"}  # fmt: skip
LATEX_MATRIX = {"bmatrix", "pmatrix", "matrix", "Bmatrix", "smallmatrix"}
LATEX_CASES = {"cases", "dcases"}
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
    | set(LATEX_RELATIONS)
    | {"lceil", "rceil", "lfloor", "rfloor"}
    | {"frac", "dfrac", "tfrac", "sqrt", "hat", "widehat", "top", "intercal", "prime", "begin",
       "end", "partial", "mathbb"}
)  # fmt: skip
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
_ENVIRONMENT = re.compile(r"\s*\{([A-Za-z*]+)\}")


def braced(text: str, start: int) -> int:
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


class LatexLexing:
    """The LaTeX half of :class:`~studykit.check.lexer.Lexer` (it provides ``text``,
    ``allow_latex``, ``add`` and ``tokens``)."""

    text: str
    allow_latex: bool
    tokens: list[Any]

    def add(self, kind: str, value: Any, pos: int) -> None:  # pragma: no cover - see Lexer
        raise NotImplementedError

    def command(self, i: int) -> int:
        text = self.text
        if not self.allow_latex:
            raise err(
                "LaTeX (a backslash) is not accepted here",
                "此处不接受 LaTeX（反斜杠）",
                hint=("type the answer as plain text, e.g. s*(1-s)", "请输入纯文本，例如 s*(1-s)"),
                pos=i,
            )
        m = _COMMAND.match(text, i)
        if not m:
            raise err("a lone backslash cannot be read", "无法识别单独的反斜杠", pos=i)
        name, end = m.group(1), m.end()
        if name in ("frac", "dfrac", "tfrac"):
            return self.fraction(end, i)
        simple = self.simple_command(name, i)
        if simple is not None:
            if name in ("left", "right") and text.startswith(".", end):
                end += 1
            return end
        if name in LATEX_FONTS or name in ("hat", "widehat", "mathbb"):
            return self.font(name, end, i)
        if name in ("begin", "end"):
            return self.environment(name, end, i)
        if name in LATEX_REFUSED:
            raise err(
                "\\{n} is not supported", "不支持 \\{n}", hint=LATEX_REFUSED[name], pos=i, n=name
            )
        close = difflib.get_close_matches(name, sorted(LATEX_KNOWN), n=1)
        raise err(
            "unknown LaTeX command \\{n}",
            "未知的 LaTeX 命令 \\{n}",
            hint=("did you mean \\{c}?", "是不是 \\{c}？") if close else None,
            pos=i,
            n=name,
            c=close[0] if close else "",
        )

    def simple_command(self, name: str, i: int) -> bool | None:
        """A command that is one token (or none); ``None`` if ``name`` is not one of them."""
        table: dict[str, tuple[str, Any]] = {
            "\\": (";", ";"), "sqrt": ("sqrt", None), "top": ("T", None),
            "intercal": ("T", None), "prime": ("prime", 1), "partial": ("partial", None),
            "rceil": (")", ")"), "rfloor": (")", ")"),
        }  # fmt: skip
        if name in LATEX_SKIP:
            return True
        if name in ("lceil", "lfloor"):
            self.add("name", name[1:], i)
            self.add("(", "(", i)
        elif name in table:
            self.add(*table[name], i)
        elif name in LATEX_GREEK or name in LATEX_ALIAS:
            self.add("name", LATEX_ALIAS.get(name, name), i)
        elif name in LATEX_FUNCS:
            self.add("name", name, i)
        elif name in LATEX_OPS:
            self.add("op", LATEX_OPS[name], i)
        elif name in LATEX_RELATIONS:
            self.add("rel", LATEX_RELATIONS[name], i)
        else:
            return None
        return True

    def fraction(self, end: int, pos: int) -> int:
        """``\\frac{a}{b}``; ``\\frac12`` and ``\\frac1x`` take one character per argument,
        as TeX does."""
        self.add("frac", None, pos)
        text = self.text
        for _ in range(2):
            while end < len(text) and text[end] == " ":
                end += 1
            if end >= len(text) or not text[end].isalnum() or not text[end].isascii():
                return end  # {…} or a command: lexed as usual
            kind = "num" if text[end].isdigit() else "name"
            self.add("{", "{", end)
            self.add(kind, text[end], end)
            self.add("}", "}", end)
            end += 1
        return end

    def argument(self, name: str, end: int, pos: int) -> tuple[str, int]:
        """The argument of ``\\name`` starting at ``end``: ``{…}``, one character or a command."""
        text = self.text
        while end < len(text) and text[end] == " ":
            end += 1
        if end < len(text) and text[end] == "{":
            close = braced(text, end)
            return text[end + 1 : close - 1], close
        if end < len(text):
            if text[end] == "\\":
                m = re.compile(r"\\[A-Za-z]+").match(text, end)
                if m:
                    return m.group(0), m.end()
            return text[end], end + 1
        raise err("\\{n} needs an argument", "\\{n} 需要参数", pos=pos, n=name)

    def font(self, name: str, end: int, pos: int) -> int:
        """``\\mathbf{W}`` → ``W``; ``\\hat{y}`` → ``yhat``; ``\\mathbb{1}`` → an indicator;
        other content is lexed as a group."""
        if name in ("rm", "bf"):
            return end
        inner, close = self.argument(name, end, pos)
        tokens = type(self)(inner, self.allow_latex).run()  # type: ignore[call-arg]
        if name == "mathbb":
            if [(t.kind, t.value) for t in tokens] != [("num", "1")]:
                raise err("only \\mathbb{1} (an indicator) is understood",
                          "只支持 \\mathbb{1}（指示函数）", pos=pos)  # fmt: skip
            self.add("indicator", None, pos)
            return close
        if name in ("hat", "widehat"):
            if [t.kind for t in tokens] == ["name"] and tokens[0].value == "y":
                self.add("name", "yhat", pos)
                return close
            raise err("only \\hat{y} is understood", "只支持 \\hat{y}", pos=pos)
        if name == "text" and inner.strip() == "T":
            self.add("T", None, pos)
            return close
        if len(tokens) == 1:
            self.add(tokens[0].kind, tokens[0].value, pos)
        else:
            self.add("(", "(", pos)
            for t in tokens:
                self.add(t.kind, t.value, pos + t.pos)
            self.add(")", ")", pos)
        return close

    def environment(self, name: str, end: int, pos: int) -> int:
        m = _ENVIRONMENT.match(self.text, end)
        env = m.group(1) if m else "?"
        if not m or env not in LATEX_MATRIX | LATEX_CASES:
            raise err(
                "the environment {e} is not supported",
                "不支持环境 {e}",
                hint=(
                    "use bmatrix or pmatrix for a matrix, cases for a piecewise function",
                    "矩阵请用 bmatrix 或 pmatrix，分段函数请用 cases",
                ),
                pos=pos,
                e=env,
            )
        kind = "cases" if env in LATEX_CASES else "matrix"
        self.add(name, kind, pos)
        return m.end()
