"""Numeric evaluation of a math tree over batches of points, with shape rules and bounds.

Every value is an array of shape ``(P, rows, cols)``: P sample points (or random networks) of a
``rows × cols`` matrix; a scalar is ``1 × 1``. Vectors are columns. The rules a student means:

- ``+ −``: equal shapes, or one side a scalar;
- juxtaposition and ``*`` (``Op("")``, ``Op("·")``): scaling if one side is a scalar, else the
  matrix product when the inner sizes agree, else the element-wise product when the shapes
  are equal (``a1(1-a1)``); the evaluator records which it was (:attr:`Evaluator.resolved`);
- ``@`` (``Op("×")``) only the matrix product, ``⊙`` only the element-wise product;
- ``/`` and ``^`` element-wise; ``x > 0`` is 1 where it holds, else 0; a :class:`Cases` takes
  the first row whose condition holds, and 0 where none does;
- the index form of a Jacobian (``y_i(δ_ij − y_j)``): ``y_i`` is entry (i, j) ↦ yᵢ, ``y_j``
  (i, j) ↦ yⱼ, ``δ_ij`` the identity, and every product is element-wise.

Constant sub-expressions are bounded (``9^9^9^9`` is refused): floats cannot hang, and a
constant above :data:`~studykit.check.limits.MAX_CONSTANT` is an error, not a number.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..catalog import ACTIVATIONS
from ..i18n import Text
from ..math.nodes import (
    Abs,
    Call,
    Cases,
    Frac,
    Mat,
    Neg,
    Node,
    Num,
    Op,
    Paren,
    Pow,
    Sqrt,
    T,
    Var,
    Word,
    number_value,
)
from ..math.text import to_text
from . import functions, limits
from .errors import ShapeError, err
from .names import INDICES, activation_of, key_of
from .walk import is_otherwise, nodes

Array = np.ndarray
Shape = tuple[int, ...]
_CONSTANTS = {"e": math.e, "π": math.pi}
_VERBS = {"+": ("add", "相加"), "−": ("subtract", "相减"), "/": ("divide", "相除"),
          "⊙": ("multiply element-wise", "逐元素相乘")}  # fmt: skip


@dataclass
class Context:
    """Values of the keys (``(P, r, c)`` or ``(1, r, c)`` arrays) and the layers' activations;
    ``index_size`` is n for the index form of an n×n Jacobian."""

    values: Mapping[str, Array]
    layer_functions: Mapping[int | None, tuple[str, Mapping[str, Any]]] = field(
        default_factory=dict
    )
    points: int = 1
    index_size: int | None = None


def shape_text(shape: Shape) -> str:
    return f"{shape[-2]}×{shape[-1]}"


def as_value(value: Any) -> Array:
    """A number, vector (column) or matrix as a ``(1, r, c)`` array."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        return arr.reshape(1, 1, 1)
    if arr.ndim == 1:
        return arr.reshape(1, -1, 1)
    if arr.ndim == 2:
        return arr[None]
    return arr


def short(node: Node, limit: int = 40) -> str:
    text = to_text(node)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def uses_indices(node: Node) -> bool:
    return any(isinstance(n, Var) and n.sub in INDICES for n in nodes(node))


class Evaluator:
    """Evaluates one tree; :attr:`resolved` maps ``id(product node)`` to what it was read as:
    ``""`` (matrix product), ``"·"`` (scaling) or ``"⊙"`` (element-wise)."""

    def __init__(self, ctx: Context, index_mode: bool = False) -> None:
        self.ctx = ctx
        self.index_mode = index_mode
        self.resolved: dict[int, str] = {}

    def run(self, node: Node) -> Array:
        return self.eval(node)[0]

    def eval(self, node: Node) -> tuple[Array, bool]:
        """The value and whether it is a constant (no variable in it)."""
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise err("{s} cannot be evaluated here", "此处无法计算 {s}", s=short(node))
        value, constant = method(node)
        if constant and not isinstance(node, Num):
            if not np.isfinite(value).all() or (np.abs(value) > limits.MAX_CONSTANT).any():
                raise err(
                    "{s} is undefined, infinite or too large",
                    "{s} 没有定义、为无穷或太大",
                    hint=(
                        "numbers beyond 10^100, division by 0 and log of 0 or of a negative number are refused",
                        "超过 10^100 的数、除以 0、0 或负数的对数都不被接受",
                    ),
                    s=short(node),
                )
        return value, constant

    def value(self, node: Node) -> Array:
        return self.eval(node)[0]

    # ----------------------------------------------------------------- leaves

    def _Num(self, node: Num) -> tuple[Array, bool]:
        text = node.text.replace("−", "-")
        if text.lstrip("-") in _CONSTANTS:
            number = _CONSTANTS[text.lstrip("-")] * (-1 if text.startswith("-") else 1)
        else:
            exact = number_value(text)
            if exact is None:
                raise err("{s} is not a number", "{s} 不是数", s=node.text)
            number = float(exact)
        return np.full((1, 1, 1), number), True

    def _Var(self, node: Var) -> tuple[Array, bool]:
        if node.sub in INDICES:
            return self.indexed(node), False
        key = key_of(node)
        if key not in self.ctx.values:
            raise err("{n} has no value here", "{n} 在此处没有取值", n=to_text(node))
        return self.ctx.values[key], False

    def indexed(self, node: Var) -> Array:
        """``y_i``, ``y_j`` and Kronecker's ``δ_ij`` as n×n arrays (see the module docstring)."""
        n = self.ctx.index_size
        base = key_of(replace(node, sub=None))
        if n is None:
            raise err("the index _{i} cannot be read here", "此处无法识别下标 _{i}", i=node.sub)
        if base == "delta":
            if node.sub not in ("ij", "ji"):
                raise err("write Kronecker's delta as δ_ij", "克罗内克 δ 请写成 δ_ij")
            return np.eye(n)[None]
        if base not in self.ctx.values or node.sub not in ("i", "j"):
            raise err("{n} has no value here", "{n} 在此处没有取值", n=to_text(node))
        column = self.ctx.values[base]
        entries = np.broadcast_to(column, (column.shape[0], n, n))
        return entries if node.sub == "i" else np.swapaxes(entries, -1, -2)

    def _Word(self, node: Word) -> tuple[Array, bool]:
        raise err("“{w}” can only be the condition of a piece",
                  "“{w}”只能作为分段的条件", w=node.text.en)  # fmt: skip

    # ----------------------------------------------------------------- structure

    def _Paren(self, node: Paren) -> tuple[Array, bool]:
        return self.eval(node.arg)

    def _Neg(self, node: Neg) -> tuple[Array, bool]:
        value, constant = self.eval(node.arg)
        return -value, constant

    def _T(self, node: T) -> tuple[Array, bool]:
        value, constant = self.eval(node.arg)
        return np.swapaxes(value, -1, -2), constant

    def _Abs(self, node: Abs) -> tuple[Array, bool]:
        value, constant = self.eval(node.arg)
        return np.abs(value), constant

    def _Sqrt(self, node: Sqrt) -> tuple[Array, bool]:
        value, constant = self.eval(node.arg)
        with np.errstate(all="ignore"):
            return np.sqrt(value), constant

    def _Frac(self, node: Frac) -> tuple[Array, bool]:
        (a, ca), (b, cb) = self.eval(node.num), self.eval(node.den)
        sa, sb = a.shape[-2:], b.shape[-2:]
        if sb != (1, 1) and sa != sb and not (self.index_mode and sa == (1, 1)):
            raise self.mismatch("/", node.num, node.den, sa, sb)
        with np.errstate(all="ignore"):
            return a / b, ca and cb

    def _Pow(self, node: Pow) -> tuple[Array, bool]:
        (b, cb), (e, ce) = self.eval(node.base), self.eval(node.exp)
        if e.shape[-2:] != (1, 1):
            raise ShapeError(
                Text("the exponent {s} must be a number, not a {m} matrix",
                     "指数 {s} 必须是数，而不是 {m} 矩阵").format(s=to_text(node.exp),
                                                          m=shape_text(e.shape))
            )  # fmt: skip
        if ce and not cb and np.abs(e).max() > limits.MAX_POWER:
            raise err("the exponent {s} is too large (at most {m})", "指数 {s} 太大（最多 {m}）",
                      s=short(node.exp), m=limits.MAX_POWER)  # fmt: skip
        with np.errstate(all="ignore"):
            return np.power(b, e), cb and ce

    def _Mat(self, node: Mat) -> tuple[Array, bool]:
        cells = [[self.eval(c) for c in r] for r in node.rows]
        if len(cells) == 1 and len(cells[0]) == 1 and cells[0][0][0].shape[-2:] != (1, 1):
            return cells[0][0]  # [σ′(z1) ⊙ W2ᵀδ2] xᵀ: square brackets as parentheses
        for row in cells:
            for value, _ in row:
                if value.shape[-2:] != (1, 1):
                    raise ShapeError(
                        Text("entries of [ ] must be numbers, not {m} matrices",
                             "[ ] 中的元素必须是数，而不是 {m} 矩阵").format(m=shape_text(value.shape))
                    )  # fmt: skip
        points = max(v.shape[0] for row in cells for v, _ in row)
        out = np.empty((points, len(node.rows), len(node.rows[0])))
        for i, row in enumerate(cells):
            for j, (value, _) in enumerate(row):
                out[:, i, j] = value[:, 0, 0]
        return out, all(c for row in cells for _, c in row)

    def _Cases(self, node: Cases) -> tuple[Array, bool]:
        pieces = []
        for value, condition in node.rows:
            holds = np.ones((1, 1, 1)) if is_otherwise(condition) else self.value(condition)
            pieces.append((self.value(value), holds))
        shapes = {a.shape[-2:] for pair in pieces for a in pair} - {(1, 1)}
        if len(shapes) > 1:
            a, b = sorted(shapes)[:2]
            raise ShapeError(Text("the pieces have different shapes ({a} and {b})",
                                  "各段的形状不同（{a} 与 {b}）").format(a=shape_text(a), b=shape_text(b)))  # fmt: skip
        points = max(a.shape[0] for pair in pieces for a in pair)
        shape = (points, *(shapes.pop() if shapes else (1, 1)))
        out, covered = np.zeros(shape), np.zeros(shape, dtype=bool)
        for value, holds in pieces:
            take = np.broadcast_to(holds > 0.5, shape) & ~covered
            out = np.where(take, np.broadcast_to(value, shape), out)
            covered |= take
        return out, False

    # ----------------------------------------------------------------- operators

    def _Op(self, node: Op) -> tuple[Array, bool]:
        if node.op in ("<", ">", "≤", "≥"):
            return self.relation(node)
        if node.op in ("∧", "∨"):
            parts = [self.value(a) for a in node.args]
            shapes = {p.shape[-2:] for p in parts} - {(1, 1)}
            if len(shapes) > 1:
                a, b = sorted(shapes)[:2]
                raise self.mismatch("<", node.args[0], node.args[1], a, b)
            combined = np.logical_and.reduce if node.op == "∧" else np.logical_or.reduce
            return combined(np.broadcast_arrays(*(p > 0.5 for p in parts))).astype(
                np.float64
            ), False
        if len(node.args) < 2 or (len(node.args) > 2 and node.op not in ("+", "·", "", "⊙", "×")):
            raise err("{s} cannot be evaluated here", "此处无法计算 {s}", s=short(node))
        out = self.eval(node.args[0])
        for arg in node.args[1:]:  # a chain a + b + c (built by the algebra or from SymPy)
            out = self.binary(node.op, node, out, arg)
        return out

    def binary(self, op: str, node: Op, left: tuple[Array, bool], right_node: Node
               ) -> tuple[Array, bool]:  # fmt: skip
        (a, ca), (b, cb) = left, self.eval(right_node)
        left_node = node.args[0] if len(node.args) == 2 else node
        sa, sb = a.shape[-2:], b.shape[-2:]
        const = ca and cb
        with np.errstate(all="ignore"):
            if op in ("+", "−", "⊙") or (self.index_mode and op in ("", "·")):
                if sa != sb and (1, 1) not in (sa, sb):
                    raise self.mismatch(op if op in "+−" else "⊙", left_node, right_node, sa, sb)
                if op in ("", "·"):
                    self.resolved[id(node)] = op
                return (a + b if op == "+" else a - b if op == "−" else a * b), const
            if op == "×":
                if sa[1] != sb[0]:
                    raise self.mismatch(op, left_node, right_node, sa, sb)
                self.resolved[id(node)] = ""
                return np.matmul(a, b), const
            if op not in ("", "·"):
                raise err("{s} cannot be evaluated here", "此处无法计算 {s}", s=short(node))
            if (1, 1) in (sa, sb):
                self.resolved[id(node)] = op
                return a * b, const
            if sa[1] == sb[0]:
                self.resolved[id(node)] = ""
                return np.matmul(a, b), const
            if sa == sb:
                self.resolved[id(node)] = "⊙"
                return a * b, const
            raise self.mismatch(op, left_node, right_node, sa, sb)

    def relation(self, node: Op) -> tuple[Array, bool]:
        compare = {"<": np.less, ">": np.greater, "≤": np.less_equal, "≥": np.greater_equal}
        values = [self.eval(a) for a in node.args]
        shapes = {v.shape[-2:] for v, _ in values} - {(1, 1)}
        if len(shapes) > 1:
            a, b = sorted(shapes)[:2]
            raise self.mismatch("<", node.args[0], node.args[1], a, b)
        holds = np.ones((1, 1, 1), dtype=bool)
        for (a, _), (b, _) in zip(values, values[1:], strict=False):
            holds = holds & compare[node.op](a, b)
        return holds.astype(np.float64), all(c for _, c in values)

    def mismatch(self, op: str, left: Node, right: Node, sa: Shape, sb: Shape) -> ShapeError:
        what = _VERBS.get(
            op, ("compare", "比较") if op in ("<", ">", "≤", "≥") else ("multiply", "相乘")
        )
        lt, rt = short(left), short(right)
        text = Text(
            "cannot {w} {l} ({sa}) and {r} ({sb})", "无法将 {l}（{sa}）与 {r}（{sb}）{wz}"
        ).format(w=what[0], wz=what[1], l=lt, r=rt, sa=shape_text(sa), sb=shape_text(sb))
        hint = None
        if op in ("", "·", "×"):
            if sa[0] == sb[0]:
                hint = Text("did you mean ({l})ᵀ {r}?", "是不是 ({l})ᵀ {r}？").format(l=lt, r=rt)
            elif sa[1] == sb[1]:
                hint = Text("did you mean {l} ({r})ᵀ?", "是不是 {l} ({r})ᵀ？").format(l=lt, r=rt)
            elif sa == (sb[1], sb[0]):
                hint = Text("did you mean a transpose?", "是不是需要转置？")
        return ShapeError(text, hint)

    # ----------------------------------------------------------------- calls

    def _Call(self, node: Call) -> tuple[Array, bool]:
        evaluated = [self.eval(a) for a in node.args]
        args = [v for v, _ in evaluated]
        constant = all(c for _, c in evaluated)
        spelled = node.name + "′" * node.prime
        if node.name in ("f", "g"):
            name, params = self.layer_function(node)
            act = ACTIVATIONS[name]
            return functions.activation(act, args[0], params, node.prime, spelled), False
        layer_params = self.layer_params(node) if len(args) == 1 else None
        if layer_params is not None:
            act = activation_of(node.name)
            assert act is not None
            return functions.activation(act, args[0], layer_params, node.prime, spelled), constant
        return functions.call(node.name, args, node.prime, spelled), constant

    def layer_params(self, node: Call) -> Mapping[str, Any] | None:
        """``leaky_relu′(z1)`` in a network whose layer 1 is a leaky ReLU with γ = 0.1 uses
        that γ: the parameters of the layer (of its argument, or the only one) with this
        activation."""
        act = activation_of(node.name)
        if act is None or not act.params:
            return None
        layers = {l: p for l, (name, p) in self.ctx.layer_functions.items() if name == act.name}
        if len({tuple(sorted(p.items())) for p in layers.values()}) == 1:
            return next(iter(layers.values()))
        arg = node.args[0]
        while isinstance(arg, Paren):
            arg = arg.arg
        if isinstance(arg, Var) and arg.name in ("a", "z") and arg.layer in layers:
            return layers[arg.layer]
        return None

    def layer_function(self, node: Call) -> tuple[str, Mapping[str, Any]]:
        """The activation that ``f``/``f2``/``g`` stands for (inferred from its argument)."""
        funcs = self.ctx.layer_functions
        if not funcs:
            raise err("{f} is not defined here", "此处没有定义 {f}", f=node.name)
        layer = self.layer_of(node)
        if layer not in funcs:
            raise err("there is no layer {l}", "没有第 {l} 层", l=layer)
        return funcs[layer]

    def layer_of(self, node: Call) -> int | None:
        if node.sup is not None:
            return int(node.sup)
        funcs = self.ctx.layer_functions
        if None in funcs:
            return None
        if len({name for name, _ in funcs.values()}) == 1:
            return next(iter(funcs))
        arg = node.args[0]
        while isinstance(arg, Paren):
            arg = arg.arg
        if isinstance(arg, Var) and arg.name in ("a", "z") and isinstance(arg.layer, int):
            if arg.layer in funcs:
                return arg.layer
        raise err(
            "f′ is ambiguous here: the layers use different activations",
            "此处 f′ 有歧义：各层的激活函数不同",
            hint=("name the layer, e.g. f1′(z1) or f2′(z2)", "请写明层号，例如 f1′(z1) 或 f2′(z2)"),
        )


def evaluate(node: Node, ctx: Context) -> Array:
    """The value of ``node`` (raises :class:`AnswerSyntaxError` or :class:`ShapeError`)."""
    return Evaluator(ctx, uses_indices(node)).run(node)


__all__ = ["Context", "Evaluator", "as_value", "evaluate", "shape_text", "short"]
