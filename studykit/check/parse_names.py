"""Names in an answer, as a part of the parser: variables, aliases, function calls (with
primes, layers, powers ``tanh²(x)`` and bare arguments ``tanh x``) and runs of letters split
into known names (``xw`` → ``x·w``).

A call's name is the symbol the tree prints (:mod:`.names`): ``sigmoid(x)`` → ``Call("σ")``,
``step(x)`` → ``Call("H")``; ``sqrt`` and ``abs`` become :class:`Sqrt` and :class:`Abs`.
"""

from __future__ import annotations

import difflib
from typing import Any

from ..i18n import Text
from ..math.nodes import Abs, Call, Node, Num, Op, Paren, Pow, Sqrt, Var
from .errors import AnswerSyntaxError, err
from .names import GENERIC, INDICES, function_spellings, function_symbol, key_of
from .scope import Scope

_FREE_WORDS = {"alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "mu",
               "tau", "yhat", "lr"}  # fmt: skip
#: Words of a piecewise answer; never variable names.
KEYWORDS = frozenset({"if", "else", "otherwise", "or", "and", "for", "when"})
_ARGUMENT_START = ("num", "name", "{", "(", "sqrt", "frac", "ufrac")
_INDEX_HINT = (
    "use layer numbers like a_1 or W_2; element indices like w_ij are not supported, use the matrix form",
    "请使用 a_1、W_2 这样的层编号；不支持 w_ij 这样的元素下标，请用矩阵形式",
)


def function_of(raw: str, scope: Scope) -> tuple[str, int | None, int] | None:
    """``(printed name, layer, primes)`` if ``raw`` names a function here: ``sigma`` → σ,
    ``f2`` → f of layer 2, ``fprime`` → f′, ``σ1`` → σ."""
    base = raw.rstrip("0123456789")
    digits = raw[len(base) :]
    layer = int(digits) if digits else None
    if base in GENERIC and (scope.layer_functions or base in scope.function_aliases):
        return ("g" if base == "g" else "f"), layer, 1 if base == "fprime" else 0
    symbol = function_symbol(raw)
    if symbol is not None:
        return symbol, None, 0
    symbol = function_symbol(base) if digits else None
    if symbol is not None and symbol not in ("exp", "log"):
        return symbol, None, 0
    return None


class NameReading:
    """The name half of :class:`~studykit.check.parse.Parser`."""

    scope: Scope
    bare: list[str]
    splits: set[int]

    # provided by the Parser
    def at(self, kind: str, value: object = None, k: int = 0) -> bool: ...
    def peek(self, k: int = 0) -> Any: ...
    def take(self) -> Any: ...
    def expect(self, kind: str, what: Text) -> Any: ...
    def enter(self) -> None: ...
    def leave(self) -> None: ...
    def logic(self) -> Node: ...
    def power(self) -> Node: ...
    def postfix(self) -> Node: ...
    def group(self, what: Text) -> Node: ...

    def name(self) -> Node:
        t = self.take()
        raw: str = t.value
        layer: int | None = None
        index: str | None = None
        primes = 0
        while True:
            if self.at("layer"):
                layer = self.take().value
            elif self.at("sub"):
                sub = self.take().value
                if sub == "new":
                    raw += "_new"
                elif sub in INDICES:
                    index = sub
                else:
                    layer = int(sub)
            elif self.at("prime") and self.function_like(raw):
                primes += self.take().value
            else:
                break
        if layer is None and self.layer_in_parentheses(raw):
            layer = int(self.peek(2).value)
            for _ in range(4):
                self.take()
        key = raw if layer is None else f"{raw}{layer}"
        if index is not None:
            key = self.indexed_key(key, index, t.pos)
        return self.resolve(key, raw, layer, primes, t.pos)

    def layer_in_parentheses(self, raw: str) -> bool:
        """``a^(2)`` is a layer when ``a2`` is a known name and ``a`` alone is not."""
        return bool(
            self.at("op", "^")
            and self.at("(", k=1)
            and self.at("num", k=2)
            and self.at(")", k=3)
            and str(self.peek(2).value).isdigit()
            and self.scope.is_name(f"{raw}{self.peek(2).value}")
            and not self.scope.is_name(raw)
        )

    def indexed_key(self, key: str, index: str, pos: int) -> str:
        """``y_i`` (the softmax Jacobian's index form) or ``γ_i`` (PReLU's per-neuron slope)."""
        target = self.scope.aliases.get(key)
        if isinstance(target, Var):
            key = key_of(target)
        if key in self.scope.indexed:
            return f"{key}_{index}"
        if key in self.scope.per_neuron:
            return key
        raise err("cannot read the subscript _{s}", "无法识别下标 _{s}", hint=_INDEX_HINT,
                  pos=pos, s=index)  # fmt: skip

    def function_like(self, raw: str) -> bool:
        return function_of(raw, self.scope) is not None and not self.scope.is_matrix(raw)

    def power_ahead(self) -> int:
        """Tokens of a function's power before its argument (``tanh^2(x)``, ``tanh^{2} x``)."""
        if not self.at("op", "^"):
            return 0
        if (
            self.at("num", k=1)
            and self.peek(2) is not None
            and self.peek(2).kind in _ARGUMENT_START
        ):
            return 2
        if self.at("{", k=1) and self.at("num", k=2) and self.at("}", k=3):
            nxt = self.peek(4)
            return 4 if nxt is not None and nxt.kind in _ARGUMENT_START else 0
        return 0

    def resolve(self, key: str, raw: str, layer: int | None, primes: int, pos: int) -> Node:
        scope = self.scope
        fn = function_of(raw, scope) if raw not in KEYWORDS else None
        if raw == "H" and not self.at("("):
            fn = None  # H alone may be a variable; H(x) is the step
        bound = scope.is_name(key)
        if fn is not None and (not bound or self.at("(") or self.power_ahead() or self.bare_arg()):
            name, fn_layer, extra = fn
            return self.call(name, fn_layer if fn_layer is not None else layer,
                             primes + extra, key, pos)  # fmt: skip
        if primes:
            raise err("′ after {s} cannot be read", "无法识别 {s} 后面的 ′", pos=pos, s=key)
        if bound:
            self.bare.append(key)
            return scope.lookup(key)
        if key in ("e", "pi"):
            return Num("e" if key == "e" else "π")
        if raw in KEYWORDS:
            raise err("the word {w} cannot be read here", "此处无法识别 {w}", pos=pos, w=raw,
                      hint=("write a piecewise answer as 1 (x > 0); 0 (x <= 0)",
                            "分段函数请写成 1 (x > 0); 0 (x <= 0)"))  # fmt: skip
        letters = raw.rstrip("0123456789")
        if scope.free and (len(letters) == 1 or letters in _FREE_WORDS):
            return scope.lookup(key)
        split = self.split(key)
        if split is not None:
            return split
        raise self.unknown(key, pos)

    def bare_arg(self) -> bool:
        """A bound function name followed by an argument without parentheses (``tanh x``)."""
        t = self.peek()
        return t is not None and t.kind in ("num", "name", "{") and t.value not in KEYWORDS

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
                candidate = head + digits if j == len(rest) else head
                if scope.is_name(candidate) or head in ("e", "pi") or (scope.free and j == 1):
                    tail = pieces(rest[j:])
                    if tail is not None:
                        return [candidate, *tail]
            return None

        parts = pieces(letters)
        if parts is None or len(parts) < 2:
            return None
        node: Node | None = None
        for p in parts:
            if scope.is_name(p) or p not in ("e", "pi"):
                item = scope.lookup(p)
            else:
                item = Num("e" if p == "e" else "π")
            node = item if node is None else Op("", (node, item))
        self.splits.add(id(node))
        return node

    def unknown(self, full: str, pos: int) -> AnswerSyntaxError:
        candidates = self.scope.known() + function_spellings()
        close = difflib.get_close_matches(full, candidates, n=1, cutoff=0.6)
        if close and close[0].rstrip("0123456789") == full.rstrip("0123456789")[1:]:
            close = []  # dz2 is not "z2": a d in front is a derivative, not a typo
        known = ", ".join(self.scope.known()[:12])
        if close:
            hint: tuple[str, str] | None = ("did you mean {c}?", "是不是 {c}？")
        elif known:
            hint = ("names you can use: {k}", "可以使用的名称：{k}")
        else:
            hint = None
        return err("unknown name {n}", "未知名称 {n}", hint=hint, pos=pos, n=full,
                   c=close[0] if close else "", k=known)  # fmt: skip

    # ----------------------------------------------------------------- calls

    def call(self, func: str, layer: int | None, primes: int, spelled: str, pos: int) -> Node:
        scope = self.scope
        alias = scope.function_aliases.get(func)
        target = alias[0] if alias else func
        if primes and (target in scope.forbid_prime or func in scope.forbid_prime):
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
        power = self.function_power()
        if self.at("("):
            node = self.call_with_parentheses(func, layer, primes, spelled)
        elif scope.is_name(spelled) and primes == 0 and power is None and not self.bare_arg():
            self.bare.append(spelled)
            node = scope.lookup(spelled)
        elif self.bare_arg():
            node = self.make_call(func, (self.power(),), primes, layer)
        else:
            raise err(
                "{s} needs an argument, e.g. {s}(z)",
                "{s} 需要参数，例如 {s}(z)",
                pos=pos,
                s=spelled + "′" * primes,
            )
        return Pow(node, power) if power is not None else node

    def function_power(self) -> Node | None:
        """The power of a call written on its name: ``tanh^2(x)``, ``\\tanh^{2} x``, ``tanh²x``."""
        count = self.power_ahead()
        if not count:
            return None
        tokens = [self.take() for _ in range(count)]
        return Num(next(t.value for t in tokens if t.kind == "num"))

    def call_with_parentheses(
        self, func: str, layer: int | None, primes: int, spelled: str
    ) -> Node:
        self.take()
        self.enter()
        before = len(self.bare)
        args = [self.logic()]
        while self.at(","):
            self.take()
            args.append(self.logic())
        self.expect(")", Text(")", "）"))
        self.leave()
        bound = self.scope.is_name(spelled)
        if bound and primes == 0 and len(args) == 1 and spelled in self.bare[before:]:
            # σ(1 − σ) with σ bound to the output: a product, not σ applied to (1 − σ)
            return Op("", (self.scope.lookup(spelled), Paren(args[0])))
        return self.make_call(func, tuple(args), primes, layer)

    def make_call(self, func: str, args: tuple[Node, ...], primes: int, layer: int | None) -> Node:
        alias = self.scope.function_aliases.get(func)
        if alias is not None and len(args) == 1:
            func, args = alias[0], (*args, *alias[1])
        if func in ("sqrt", "abs"):
            if len(args) != 1 or primes:
                raise err("{f} takes one argument", "{f} 只接受一个参数", f=func)
            return Sqrt(args[0]) if func == "sqrt" else Abs(args[0])
        sup = layer if func in ("f", "g") else None
        return Call(func, args, primes, sup)
