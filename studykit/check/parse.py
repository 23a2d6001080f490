"""A small grammar for answers, parsed by recursive descent into :mod:`~studykit.check.tree`.

Grammar (after :mod:`~studykit.check.lexer`; a LaTeX ``{…}`` group acts as parentheses)::

    answer   := [anything "="] expr                  only the right-hand side is read
    expr     := term (("+" | "-") term)*
    term     := unary (("*" | "/" | "@" | "⊙") unary | unary)*   juxtaposition = "*"
    unary    := ("-" | "+") unary | power
    power    := postfix ["^" unary]                  right-associative; e^u is exp(u)
    postfix  := atom ("ᵀ" | "^T" | ".T" | "'")*       "'" transposes a matrix name (MATLAB)
    atom     := NUMBER | name | call | "(" expr ")" | "[" rows "]" | "|" expr "|"
              | "\\frac" group group | "\\sqrt" group | "√" atom
    call     := FUNC ["'"…] ["^" NUMBER] "(" expr ("," expr)* ")" | FUNC atom
    rows     := row ((";" | "\\\\") row)*,  row := expr ("," | "&") expr)*
    name     := LETTERS [DIGITS] [layer | subscript]  layer: ^{(2)} ^[2] ⁽²⁾, subscript: _2 ₂

``*`` (and juxtaposition) between two matrices is the matrix product when the inner sizes
agree, else the element-wise product when the shapes are equal (``a1(1-a1)``) — see
:mod:`~studykit.check.evaluate`. A flat list ``[a, b]`` is a column vector.

Names resolve against a :class:`Scope`: bound variables, function names (a whitelist), ``e`` and
``pi``, and aliases (``x`` is ``a0``; in derivative mode ``s``/``a``/``y``/``σ`` mean ``f(x)``).
A run of letters that is no known name is split into known names (``xw`` → ``x·w``).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from ..catalog import SPELLINGS
from ..i18n import Text
from . import limits
from .errors import AnswerSyntaxError, err
from .lexer import Token, tokenize
from .tree import Abs, Bin, Call, Const, Mat, Neg, Node, Num, Pow, T, Var

#: Elementary functions: spelling (lower case) -> canonical name.
ELEMENTARY_FUNCTIONS: dict[str, str] = {
    "exp": "exp", "log": "log", "ln": "log", "sqrt": "sqrt", "abs": "abs", "max": "max",
    "min": "min", "sign": "sign", "sgn": "sign", "step": "step", "heaviside": "step",
    "erf": "erf", "sin": "sin", "cos": "cos",
}  # fmt: skip
#: spelling (lower case) -> canonical function name: the elementary ones and every spelling
#: of a catalog activation (the catalog's ``spellings``).
FUNCTION_ALIASES: dict[str, str] = {**ELEMENTARY_FUNCTIONS, **SPELLINGS}
CASED_FUNCTIONS = {"Phi": "Phi", "phi": "phi"}  # Φ (normal cdf) and φ (normal pdf)
GENERIC = ("f", "g", "fprime")


@dataclass
class Scope:
    """What names mean. ``variables``: name → shape ``(rows, cols)`` or ``None`` (a scalar).

    ``aliases`` map a spelling to a tree (``x`` → ``a0``, ``s`` → ``sigmoid(x)``); ``layer_functions``
    maps a layer (``None`` = plain ``f``) to an activation name; ``free`` accepts unknown
    one-letter names as new scalars; ``forbid_prime`` lists functions whose derivative is the
    question (writing ``σ′(x)`` would answer it by name).
    """

    variables: dict[str, tuple[int, int] | None] = field(default_factory=dict)
    aliases: dict[str, Node] = field(default_factory=dict)
    layer_functions: dict[int | None, str] = field(default_factory=dict)
    free: bool = False
    forbid_prime: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, variables: Mapping[str, object] | Scope | None) -> Scope:
        if isinstance(variables, Scope):
            return variables
        if variables is None:
            return cls(free=True)
        shapes: dict[str, tuple[int, int] | None] = {}
        for name, value in variables.items():
            shape = getattr(value, "shape", value)
            if isinstance(shape, tuple) and len(shape) in (1, 2):
                shapes[name] = (shape[0], shape[1] if len(shape) == 2 else 1)
            else:
                shapes[name] = None
        return cls(variables=shapes)

    def known(self) -> list[str]:
        return sorted(set(self.variables) | set(self.aliases))

    def is_name(self, name: str) -> bool:
        return name in self.variables or name in self.aliases

    def lookup(self, name: str) -> Node:
        if name in self.aliases:
            return self.aliases[name]
        if name not in self.variables and self.free:
            self.variables[name] = None
        return Var(name)

    def is_matrix(self, name: str) -> bool:
        shape = self.variables.get(name)
        return shape is not None and shape != (1, 1)


_ATOM_START = {"num", "name", "(", "[", "{", "frac", "sqrt"}
_FREE_WORDS = {"alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "mu",
               "tau", "yhat", "lr"}  # fmt: skip


def _function(raw: str, scope: Scope) -> tuple[str, int | None, int] | None:
    """``(canonical name, layer, primes)`` if ``raw`` names a function here."""
    if raw in CASED_FUNCTIONS:
        return CASED_FUNCTIONS[raw], None, 0
    low = raw.lower()
    if low in FUNCTION_ALIASES:
        return FUNCTION_ALIASES[low], None, 0
    if scope.layer_functions:
        base = raw.rstrip("0123456789")
        digits = raw[len(base) :]
        if base in GENERIC:
            layer = int(digits) if digits else None
            return "f", layer, 1 if base == "fprime" else 0
    return None


class Parser:
    def __init__(self, tokens: list[Token], scope: Scope) -> None:
        self.tokens = tokens
        self.scope = scope
        self.i = 0
        self.depth = 0
        self.bare: list[str] = []  # names read as bound variables, in order

    # ----------------------------------------------------------------- helpers

    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.tokens[j] if j < len(self.tokens) else None

    def at(self, kind: str, value: object = None, k: int = 0) -> bool:
        t = self.peek(k)
        return t is not None and t.kind == kind and (value is None or t.value == value)

    def take(self) -> Token:
        t = self.tokens[self.i]
        self.i += 1
        return t

    def expect(self, kind: str, what: Text) -> Token:
        t = self.peek()
        if t is None or t.kind != kind:
            pos = t.pos if t else self.end_pos()
            raise err(
                "expected {w} here",
                "此处应为 {wz}",
                hint=self.hint_for(kind),
                pos=pos,
                w=what.en,
                wz=what.zh,
            )
        return self.take()

    def hint_for(self, kind: str) -> tuple[str, str] | None:
        if kind == ")":
            return ("check that every ( has a matching )", "请检查每个 ( 是否都有对应的 )")
        return None

    def end_pos(self) -> int:
        return self.tokens[-1].pos + 1 if self.tokens else 0

    def enter(self) -> None:
        self.depth += 1
        if self.depth > limits.MAX_DEPTH:
            raise err(
                "the answer is nested too deeply (more than {n} levels)",
                "答案嵌套太深（超过 {n} 层）",
                hint=("simplify it first", "请先化简"),
                n=limits.MAX_DEPTH,
            )

    # ----------------------------------------------------------------- grammar

    def parse(self) -> Node:
        node = self.expr()
        t = self.peek()
        if t is not None:
            raise self.unexpected(t)
        return node

    def unexpected(self, t: Token) -> AnswerSyntaxError:
        shown = {"layer": "⁽ⁿ⁾", "T": "ᵀ", "prime": "′", "sub": "_", "partial": "∂"}.get(
            t.kind, str(t.value)
        )
        if t.kind == ")":
            return err("there is a ) without a matching (", "有一个 ) 没有对应的 (", pos=t.pos)
        if t.kind == "partial":
            return err(
                "∂ cannot be read here",
                "此处无法识别 ∂",
                hint=(
                    "write only the result, e.g. delta2 * a1^T (or put it after =)",
                    "只写结果，例如 delta2 * a1^T（或写在 = 之后）",
                ),
                pos=t.pos,
            )
        return err("unexpected {s}", "意外的 {s}", pos=t.pos, s=shown)

    def expr(self) -> Node:
        self.enter()
        node = self.term()
        while self.at("op", "+") or self.at("op", "-"):
            op = self.take().value
            node = Bin(op, node, self.term())
        self.depth -= 1
        return node

    def term(self) -> Node:
        node = self.unary()
        while True:
            t = self.peek()
            if t is None:
                return node
            if t.kind == "op" and t.value in ("*", "/", "@", "⊙"):
                self.take()
                if self.at("op", "*"):
                    raise err("** must be followed by an exponent", "** 后面需要指数", pos=t.pos)
                node = Bin(t.value, node, self.unary())
            elif t.kind in _ATOM_START:
                if isinstance(node, Num) and t.kind == "num":
                    raise err(
                        "two numbers stand next to each other",
                        "两个数字紧挨在一起",
                        hint=(
                            "put * between them, or commas inside [ ] for a vector",
                            "请在中间加 *，或在 [ ] 中用逗号分隔向量元素",
                        ),
                        pos=t.pos,
                    )
                node = Bin("*", node, self.unary())
            else:
                return node

    def unary(self) -> Node:
        if self.at("op", "-"):
            self.take()
            self.enter()
            inner = self.unary()
            self.depth -= 1
            if isinstance(inner, Num):
                return Num(-inner.value)
            return Neg(inner)
        if self.at("op", "+"):
            self.take()
            return self.unary()
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        if self.at("op", "^"):
            caret = self.take()
            if self.peek() is None:
                raise err("^ must be followed by an exponent", "^ 后面需要指数", pos=caret.pos)
            self.enter()
            exponent = self.unary()
            self.depth -= 1
            if isinstance(base, Const) and base.name == "e":
                return Call("exp", (exponent,))
            return Pow(base, exponent)
        return base

    def postfix(self) -> Node:
        node = self.atom()
        while True:
            if self.at("T"):
                self.take()
                node = T(node)
            elif self.at("prime") and isinstance(node, Var | T | Mat) and self.matrixish(node):
                self.take()
                node = T(node)
            elif self.at("prime"):
                t = self.take()
                raise err(
                    "′ after {s} cannot be read",
                    "无法识别 {s} 后面的 ′",
                    hint=(
                        "a prime marks the derivative of a function, e.g. σ′(z); write other derivatives out",
                        "′ 表示函数的导数，例如 σ′(z)；其他导数请直接写出",
                    ),
                    pos=t.pos,
                    s=_shown(node),
                )
            else:
                return node

    def matrixish(self, node: Node) -> bool:
        return isinstance(node, Mat | T) or (
            isinstance(node, Var) and self.scope.is_matrix(node.name)
        )

    def group(self, what: Text) -> Node:
        """``{expr}`` (LaTeX argument) or a single atom."""
        if self.at("{"):
            self.take()
            node = self.expr()
            self.expect("}", Text("}", "}"))
            return node
        if self.peek() is None:
            raise err(
                "expected {w} here", "此处应为 {wz}", pos=self.end_pos(), w=what.en, wz=what.zh
            )
        return self.postfix()

    def atom(self) -> Node:
        t = self.peek()
        if t is None:
            raise err(
                "the answer ends too early",
                "答案不完整",
                hint=("something is missing after the last operator", "最后一个运算符后面缺少内容"),
                pos=self.end_pos(),
            )
        if t.kind == "num":
            self.take()
            return Num(t.value)
        if t.kind == "name":
            return self.name()
        if t.kind in ("(", "{"):
            self.take()
            node = self.expr()
            self.expect(
                ")" if t.kind == "(" else "}", Text(")", "）") if t.kind == "(" else Text("}", "}")
            )
            return node
        if t.kind == "[":
            return self.matrix()
        if t.kind == "|":
            self.take()
            node = self.expr()
            self.expect("|", Text("a closing |", "右侧的 |"))
            return Abs(node)
        if t.kind == "frac":
            self.take()
            num = self.group(Text("the numerator", "分子"))
            den = self.group(Text("the denominator", "分母"))
            return Bin("/", num, den)
        if t.kind == "sqrt":
            self.take()
            if self.at("["):
                raise err("only square roots are supported", "只支持平方根", pos=t.pos)
            return Call("sqrt", (self.group(Text("the argument of √", "√ 的参数")),))
        if t.kind == "op" and t.value in ("*", "/", "^", "@", "⊙"):
            raise err(
                "{s} has nothing on its left",
                "{s} 左边缺少内容",
                pos=t.pos,
                s={"*": "×", "@": "@"}.get(t.value, t.value),
            )
        raise self.unexpected(t)

    def matrix(self) -> Node:
        opening = self.take()
        self.enter()
        rows: list[list[Node]] = [[]]
        nested: list[Node] = []
        while True:
            if self.at("]"):
                break
            if self.at("[") and not rows[-1] and len(rows) == 1:
                nested.append(self.matrix())
                if self.at(","):
                    self.take()
                continue
            rows[-1].append(self.expr())
            if self.at(","):
                self.take()
            elif self.at(";"):
                self.take()
                rows.append([])
            elif not self.at("]"):
                t = self.peek()
                if t is None:
                    raise err(
                        "a [ is never closed",
                        "有一个 [ 没有闭合",
                        hint=("add the matching ]", "请补上对应的 ]"),
                        pos=opening.pos,
                    )
                raise self.unexpected(t)
        self.take()
        self.depth -= 1
        if nested:
            if rows != [[]]:
                raise err("mixed rows and entries in [ ]", "[ ] 中混用了行和元素", pos=opening.pos)
            for row in nested:
                if not (isinstance(row, Mat) and all(len(r) == 1 for r in row.rows)):
                    raise err(
                        "a row of [[…], […]] must be a list of numbers",
                        "[[…], […]] 的每一行必须是数字列表",
                        pos=opening.pos,
                    )
            table = [tuple(r[0] for r in row.rows) for row in nested if isinstance(row, Mat)]
            return self.checked_matrix(table, opening.pos)
        if rows and not rows[-1] and len(rows) > 1:
            rows.pop()
        if rows == [[]]:
            raise err("empty brackets [ ]", "空的方括号 [ ]", pos=opening.pos)
        if len(rows) == 1:
            return self.checked_matrix([(c,) for c in rows[0]], opening.pos)
        return self.checked_matrix([tuple(r) for r in rows], opening.pos)

    def checked_matrix(self, table: list[tuple[Node, ...]], pos: int) -> Mat:
        widths = {len(r) for r in table}
        if len(widths) != 1:
            raise err(
                "the rows of the matrix have different lengths ({w})",
                "矩阵各行长度不同（{w}）",
                pos=pos,
                w=", ".join(str(len(r)) for r in table),
            )
        if len(table) * len(table[0]) > limits.MAX_MATRIX_ENTRIES:
            raise err("the matrix is too large", "矩阵太大", pos=pos)
        return Mat(tuple(table))

    # ----------------------------------------------------------------- names

    def name(self) -> Node:
        t = self.take()
        raw: str = t.value
        layer: int | None = None
        primes = 0
        while True:
            if self.at("layer"):
                layer = self.take().value
            elif self.at("sub"):
                sub = self.take().value
                if sub == "_new":
                    raw += "_new"
                else:
                    layer = int(sub)
            elif self.at("prime"):
                if not self.function_like(raw):
                    break
                primes += self.take().value
            else:
                break
        # a^(2) reads as a layer when a2 is a known name and a^2 would be a power of it
        if (
            layer is None
            and self.at("op", "^")
            and self.at("(", k=1)
            and self.at("num", k=2)
            and self.at(")", k=3)
            and self.scope.is_name(f"{raw}{self.peek(2).value}")  # type: ignore[union-attr]
            and not self.scope.is_name(raw)
        ):
            layer = int(self.peek(2).value)  # type: ignore[union-attr]
            self.i += 4
        full = raw if layer is None else f"{raw}{layer}"
        return self.resolve(full, raw, layer, primes, t.pos)

    def function_like(self, raw: str) -> bool:
        return _function(raw, self.scope) is not None and not (
            self.scope.is_name(raw) and self.scope.is_matrix(raw)
        )

    def resolve(self, full: str, raw: str, layer: int | None, primes: int, pos: int) -> Node:
        scope = self.scope
        # f^2(x) is a call raised to a power even where f alone names the output
        power_call = self.at("op", "^") and self.at("num", k=1) and self.at("(", k=2)
        called = not scope.is_name(full) or self.at("(") or power_call
        fn = _function(raw, scope) if called else None
        if fn is not None and not (
            scope.is_name(full) and not self.at("(") and not self.at("op", "^")
        ):
            name, fn_layer, extra = fn
            return self.call(
                name, fn_layer if fn_layer is not None else layer, primes + extra, full, pos
            )
        if primes:
            raise err("′ after {s} cannot be read", "无法识别 {s} 后面的 ′", pos=pos, s=full)
        if scope.is_name(full):
            self.bare.append(full)
            return scope.lookup(full)
        if full in ("e", "pi"):
            return Const(full)
        letters = raw.rstrip("0123456789")
        if scope.free and (len(letters) == 1 or letters in _FREE_WORDS):
            return scope.lookup(full)
        split = self.split(full)
        if split is not None:
            return split
        raise self.unknown(full, pos)

    def split(self, full: str) -> Node | None:
        """``xw`` → ``x·w`` when every piece is a known name (longest pieces first)."""
        scope = self.scope
        letters = full.rstrip("0123456789")
        digits = full[len(letters) :]
        if len(letters) < 2 or len(letters) > 12:
            return None

        def pieces(rest: str) -> list[str] | None:
            if not rest:
                return []
            for j in range(len(rest), 0, -1):
                head = rest[:j]
                last = j == len(rest)
                candidate = head + digits if last else head
                if scope.is_name(candidate) or head in ("e", "pi") or (scope.free and j == 1):
                    tail = pieces(rest[j:])
                    if tail is not None:
                        return [candidate, *tail]
            return None

        parts = pieces(letters)
        if parts is None or len(parts) < 2:
            return None
        nodes: list[Node] = [
            Const(p) if p in ("e", "pi") and not scope.is_name(p) else scope.lookup(p)
            for p in parts
        ]
        node = nodes[0]
        for n in nodes[1:]:
            node = Bin("*", node, n)
        return node

    def unknown(self, full: str, pos: int) -> AnswerSyntaxError:
        candidates = self.scope.known() + sorted(FUNCTION_ALIASES)
        close = difflib.get_close_matches(full, candidates, n=1, cutoff=0.6)
        known = ", ".join(self.scope.known()[:12])
        if close:
            hint = ("did you mean {c}?", "是不是 {c}？")
        elif known:
            hint = ("names you can use: {k}", "可以使用的名称：{k}")
        else:
            hint = None
        return err(
            "unknown name {n}",
            "未知名称 {n}",
            hint=hint,
            pos=pos,
            n=full,
            c=close[0] if close else "",
            k=known,
        )

    def call(self, func: str, layer: int | None, primes: int, spelled: str, pos: int) -> Node:
        scope = self.scope
        if primes and func in scope.forbid_prime:
            raise err(
                "{s}′ is the derivative you are asked for",
                "{s}′ 正是要求的导数",
                hint=(
                    "write it out, e.g. in terms of the output s = σ(x)",
                    "请把它写出来，例如用输出 s = σ(x) 表示",
                ),
                pos=pos,
                s=spelled,
            )
        power: Node | None = None
        if self.at("op", "^") and self.at("num", k=1) and self.at("(", k=2):
            self.take()
            power = Num(self.take().value)
        if self.at("("):
            self.take()
            self.enter()
            before = len(self.bare)
            args = [self.expr()]
            while self.at(","):
                self.take()
                args.append(self.expr())
            self.expect(")", Text(")", "）"))
            self.depth -= 1
            bound = scope.is_name(spelled)
            if bound and primes == 0 and len(args) == 1 and spelled in self.bare[before:]:
                # σ(1 − σ) with σ bound to the output: a product, not σ applied to (1 − σ)
                node: Node = Bin("*", scope.lookup(spelled), args[0])
            else:
                node = Call(func, tuple(args), primes, layer)
        elif scope.is_name(spelled) and primes == 0:
            self.bare.append(spelled)
            node = scope.lookup(spelled)
        elif self.peek() is not None and self.peek().kind in ("num", "name", "{"):  # type: ignore[union-attr]
            node = Call(func, (self.postfix(),), primes, layer)
        else:
            raise err(
                "{s} needs an argument, e.g. {s}(z)",
                "{s} 需要参数，例如 {s}(z)",
                pos=pos,
                s=spelled + "′" * primes,
            )
        return Pow(node, power) if power is not None else node


def _shown(node: Node) -> str:
    from .tree import to_text

    return to_text(node)


def rhs_tokens(tokens: list[Token]) -> tuple[list[Token], bool]:
    """The tokens after the last top-level ``=`` (``∂L/∂W = δ aᵀ`` → ``δ aᵀ``)."""
    depth = 0
    last = -1
    for j, t in enumerate(tokens):
        if t.kind in ("(", "[", "{"):
            depth += 1
        elif t.kind in (")", "]", "}"):
            depth -= 1
        elif t.kind == "=" and depth == 0:
            last = j
    if last < 0:
        return tokens, False
    rest = tokens[last + 1 :]
    if not rest:
        raise err("nothing after =", "= 后面没有内容", pos=tokens[last].pos)
    return rest, True


def parse_tree(text: str, scope: Scope, allow_latex: bool = True) -> tuple[Node, bool]:
    """The tree of ``text`` and whether only a right-hand side was read."""
    tokens, rhs = rhs_tokens(tokenize(text, allow_latex))
    return Parser(tokens, scope).parse(), rhs


__all__ = ["AnswerSyntaxError", "Scope", "parse_tree", "FUNCTION_ALIASES", "Fraction"]
