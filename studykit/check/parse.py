"""A small grammar for answers, parsed by recursive descent into :mod:`studykit.math` nodes.

Grammar (after :mod:`~studykit.check.lexer`; a LaTeX ``{…}`` group acts as parentheses)::

    answer   := [anything "="] (cases | logic)           only the right-hand side is read
    cases    := piece (";" piece)+  | value "if" logic "else" …   (see :mod:`.cases`)
    logic    := relation (("or" | "and") relation)*
    relation := sum (("<" | ">" | "≤" | "≥") sum)*       1 where it holds, else 0
    sum      := hadamard (("+" | "-") hadamard)*
    hadamard := product ("⊙" product)*                   ⊙ binds looser than any product
    product  := unary (("*" | "/" | "@") unary | unary)*  juxtaposition is a product
    unary    := ("-" | "+") unary | power
    power    := postfix ["^" unary]                      right-associative; e^u is exp(u)
    postfix  := atom ("ᵀ" | "^T" | ".T" | "'")*           "'" transposes a matrix name (MATLAB)
    atom     := NUMBER | ½ | name | call | "(" logic ("," logic)* ")" | "[" rows "]"
              | "|" sum "|" | "\\frac" group group | "\\sqrt" group | "√" atom
              | "\\mathbb{1}" ("[" logic "]" | "_{" logic "}") | "\\begin{cases}" … | bmatrix
    call     := FUNC ["'"…] ["^" NUMBER] ("(" logic ("," logic)* ")" | power)   tanh²x = tanh(x)²

Products keep what was typed: juxtaposition ``Op("")``, ``*`` ``Op("·")`` (both the matrix
product, scaling, or element-wise when the shapes are equal — see :mod:`.evaluate`), ``@``
``Op("×")`` (the matrix product only), ``⊙``/``.*`` ``Op("⊙")``. The student's own parentheses
are kept as :class:`Paren` nodes, so that regrouping (:mod:`.grouping`) never crosses them.
A flat list ``[a, b]`` (or ``(a, b)``) is a row, as studykit prints it; ``[a, b]ᵀ`` a column;
``[x > 0]`` an indicator.
"""

from __future__ import annotations

from typing import Any

from ..i18n import Text
from ..math.nodes import Abs, Call, Cases, Frac, Mat, Neg, Node, Num, Op, Paren, Pow, Sqrt, T, Var
from . import limits
from .cases import CaseReading, has_pieces
from .errors import AnswerSyntaxError, err
from .lexer import Token, tokenize
from .names import key_of
from .parse_names import KEYWORDS, NameReading
from .scope import Scope

_ATOM_START = {"num", "name", "(", "[", "{", "frac", "sqrt", "ufrac", "indicator", "begin"}
_SHOWN = {"layer": "⁽ⁿ⁾", "T": "ᵀ", "prime": "′", "sub": "_", "partial": "∂", "rel": "<",
          "&": "&", "begin": "\\begin", "end": "\\end"}  # fmt: skip


class Parser(NameReading, CaseReading):
    def __init__(self, tokens: list[Token], scope: Scope) -> None:
        self.tokens = tokens
        self.scope = scope
        self.i = 0
        self.depth = 0
        self.bare: list[str] = []  # keys read as bound variables, in order
        self.splits: set[int] = set()  # ids of products made by splitting a run of letters

    # ----------------------------------------------------------------- helpers

    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.tokens[j] if j < len(self.tokens) else None

    def at(self, kind: str, value: object = None, k: int = 0) -> bool:
        t = self.peek(k)
        return t is not None and t.kind == kind and (value is None or t.value == value)

    def at_word(self, *words: str) -> bool:
        t = self.peek()
        return t is not None and t.kind == "name" and t.value in words

    def take(self) -> Token:
        t = self.tokens[self.i]
        self.i += 1
        return t

    def expect(self, kind: str, what: Text) -> Token:
        t = self.peek()
        if t is None or t.kind != kind:
            hint = ("check that every ( has a matching )", "请检查每个 ( 是否都有对应的 )")
            raise err("expected {w} here", "此处应为 {wz}", hint=hint if kind == ")" else None,
                      pos=t.pos if t else self.end_pos(), w=what.en, wz=what.zh)  # fmt: skip
        return self.take()

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

    def leave(self) -> None:
        self.depth -= 1

    # ----------------------------------------------------------------- grammar

    def parse(self) -> Node:
        node = self.pieces() if has_pieces(self.tokens) else self.logic()
        t = self.peek()
        if t is not None:
            raise self.unexpected(t)
        return node

    def unexpected(self, t: Token) -> AnswerSyntaxError:
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
        if t.kind == ";":
            return err(
                "a ; here starts a new piece of a piecewise answer",
                "此处的 ; 表示分段函数的下一段",
                hint=("write each piece with its condition: 1 (x > 0); 0 (x <= 0)",
                      "每一段都要写出条件：1 (x > 0); 0 (x <= 0)"),
                pos=t.pos,
            )  # fmt: skip
        return err("unexpected {s}", "意外的 {s}", pos=t.pos, s=_SHOWN.get(t.kind, str(t.value)))

    def logic(self) -> Node:
        self.enter()
        node = self.relation()
        while self.at_word("or", "and"):
            word = self.take().value
            node = Op("∨" if word == "or" else "∧", (node, self.relation()))
        self.leave()
        return node

    def relation(self) -> Node:
        items = [self.sum()]
        ops: list[str] = []
        while self.at("rel"):
            ops.append(self.take().value)
            items.append(self.sum())
        if not ops:
            return items[0]
        if len(set(ops)) == 1:
            return Op(ops[0], tuple(items))
        return Op("∧", tuple(Op(o, (items[k], items[k + 1])) for k, o in enumerate(ops)))

    def sum(self) -> Node:
        node = self.hadamard()
        while self.at("op", "+") or self.at("op", "-"):
            op = "+" if self.take().value == "+" else "−"
            node = Op(op, (node, self.hadamard()))
        return node

    def hadamard(self) -> Node:
        node = self.product()
        while self.at("op", "⊙"):
            t = self.take()
            if self.peek() is None:
                raise err("⊙ must be followed by a factor", "⊙ 后面需要因子", pos=t.pos)
            node = Op("⊙", (node, self.product()))
        return node

    def product(self) -> Node:
        node = self.unary()
        while True:
            t = self.peek()
            if t is None:
                return node
            if t.kind == "op" and t.value in ("*", "/", "@"):
                self.take()
                if self.at("op", "*"):
                    raise err("** must be followed by an exponent", "** 后面需要指数", pos=t.pos)
                right = self.unary()
                node = Frac(node, right) if t.value == "/" else Op(
                    "·" if t.value == "*" else "×", (node, right)
                )  # fmt: skip
            elif t.kind in _ATOM_START and not (t.kind == "name" and t.value in KEYWORDS):
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
                node = Op("", (node, self.unary()))
            else:
                return node

    def unary(self) -> Node:
        if self.at("op", "-"):
            self.take()
            self.enter()
            inner = self.unary()
            self.leave()
            if isinstance(inner, Num) and inner.text[0].isdigit():
                return Num("−" + inner.text)
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
            self.leave()
            if isinstance(base, Num) and base.text == "e":
                return Call("exp", (exponent,))
            return self.on_last(base, lambda b: Pow(b, exponent))
        return base

    def on_last(self, node: Node, fn: Any) -> Node:
        """``fn(node)``; for a run of letters split into names (``yy``), ``fn`` of the last one:
        ``yy^T`` is y·yᵀ and ``xy^2`` is x·y²."""
        if id(node) not in self.splits or not isinstance(node, Op):
            return fn(node)
        new = Op(node.op, (node.args[0], fn(node.args[1])))
        self.splits.add(id(new))
        return new

    def postfix(self) -> Node:
        node = self.atom()
        while True:
            if self.at("T") or (self.at("prime") and self.matrixish(node)):
                self.take()
                node = self.on_last(node, T)
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
                    s=shown(node),
                )
            else:
                return node

    def matrixish(self, node: Node) -> bool:
        inner = node.arg if isinstance(node, Paren) else node
        return isinstance(inner, Mat | T) or (
            isinstance(inner, Var) and self.scope.is_matrix(key_of(inner))
        )

    def group(self, what: Text) -> Node:
        """``{expr}`` (LaTeX argument) or a single atom."""
        if self.at("{"):
            self.take()
            node = self.logic()
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
        if t.kind == "ufrac":
            self.take()
            return Frac(Num(str(t.value[0])), Num(str(t.value[1])))
        if t.kind == "name":
            return self.name()
        if t.kind in ("(", "{"):
            return self.parenthesised()
        if t.kind in ("[", "begin"):
            return self.bracket()
        if t.kind == "|":
            self.take()
            node = self.sum()
            self.expect("|", Text("a closing |", "右侧的 |"))
            return Abs(node)
        return self.special_atom(t)

    def special_atom(self, t: Token) -> Node:
        if t.kind == "frac":
            self.take()
            num = self.group(Text("the numerator", "分子"))
            return Frac(num, self.group(Text("the denominator", "分母")))
        if t.kind == "sqrt":
            self.take()
            if self.at("["):
                raise err("only square roots are supported", "只支持平方根", pos=t.pos)
            return Sqrt(self.group(Text("the argument of √", "√ 的参数")))
        if t.kind == "indicator":
            self.take()
            if not (self.at("[") or self.at("(") or self.at("{")):
                raise err("write the condition of 𝟙 in brackets, e.g. 𝟙[x > 0]",
                          "请把 𝟙 的条件写在括号里，例如 𝟙[x > 0]", pos=t.pos)  # fmt: skip
            return self.atom()
        if t.kind == "op" and t.value in ("*", "/", "^", "@", "⊙"):
            raise err("{s} has nothing on its left", "{s} 左边缺少内容", pos=t.pos,
                      s={"*": "×", "@": "@"}.get(t.value, t.value))  # fmt: skip
        raise self.unexpected(t)

    def parenthesised(self) -> Node:
        """``(…)`` (a Paren; ``(a, b)`` is a row vector) or a LaTeX group ``{…}``."""
        opening = self.take()
        close = ")" if opening.kind == "(" else "}"
        self.enter()
        items = [self.logic()]
        while close == ")" and self.at(","):
            self.take()
            items.append(self.logic())
        self.expect(close, Text(close, "）" if close == ")" else "}"))
        self.leave()
        if len(items) > 1:
            return self.checked_matrix([tuple(items)], opening.pos)
        return Paren(items[0]) if close == ")" else items[0]

    # ----------------------------------------------------------------- matrices

    def bracket(self) -> Node:
        """``[…]`` or ``\\begin{bmatrix}…\\end{bmatrix}``: a matrix; ``[x > 0]`` an indicator."""
        opening = self.take()
        if opening.kind == "begin" and opening.value == "cases":
            return self.cases_environment(opening)
        closing = "]" if opening.kind == "[" else "end"
        self.enter()
        rows: list[list[Node]] = [[]]
        nested: list[Node] = []
        while not self.at(closing):
            if self.at("[") and not rows[-1] and len(rows) == 1:
                nested.append(self.bracket())
                if self.at(","):
                    self.take()
                continue
            rows[-1].append(self.logic())
            if self.at(",") or self.at("&"):
                self.take()
            elif self.at(";"):
                self.take()
                rows.append([])
            elif not self.at(closing):
                t = self.peek()
                if t is None:
                    raise err("a [ is never closed", "有一个 [ 没有闭合",
                              hint=("add the matching ]", "请补上对应的 ]"), pos=opening.pos)  # fmt: skip
                raise self.unexpected(t)
        self.take()
        self.leave()
        return self.matrix_of(rows, nested, opening.pos)

    def matrix_of(self, rows: list[list[Node]], nested: list[Node], pos: int) -> Node:
        if nested:
            if rows != [[]]:
                raise err("mixed rows and entries in [ ]", "[ ] 中混用了行和元素", pos=pos)
            for row in nested:
                if not (isinstance(row, Mat) and len(row.rows) == 1):
                    raise err(
                        "a row of [[…], […]] must be a list of numbers",
                        "[[…], […]] 的每一行必须是数字列表",
                        pos=pos,
                    )
            table = [row.rows[0] for row in nested if isinstance(row, Mat)]
            return self.checked_matrix(table, pos)
        if rows and not rows[-1] and len(rows) > 1:
            rows.pop()
        if rows == [[]]:
            raise err("empty brackets [ ]", "空的方括号 [ ]", pos=pos)
        if rows == [[rows[0][0]]] and is_relation(rows[0][0]):
            return rows[0][0]  # [x > 0]: an Iverson bracket
        return self.checked_matrix([tuple(r) for r in rows], pos)

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


def is_relation(node: Node) -> bool:
    inner = node.arg if isinstance(node, Paren) else node
    return isinstance(inner, Op) and inner.op in ("<", ">", "≤", "≥", "∧", "∨")


def shown(node: Node) -> str:
    from ..math.text import to_text

    return to_text(node)


def rhs_tokens(tokens: list[Token]) -> tuple[list[Token], bool]:
    """The tokens after the last top-level ``=`` (``∂L/∂W = δ aᵀ`` → ``δ aᵀ``)."""
    depth = 0
    last = -1
    for j, t in enumerate(tokens):
        if t.kind in ("(", "[", "{", "begin"):
            depth += 1
        elif t.kind in (")", "]", "}", "end"):
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


__all__ = ["AnswerSyntaxError", "Cases", "Parser", "Scope", "parse_tree", "rhs_tokens"]
