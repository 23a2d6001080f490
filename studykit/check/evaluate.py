"""Numeric evaluation of a parse tree over batches of points, with shape rules and bounds.

Every value is an array of shape ``(P, rows, cols)``: P sample points (or random networks) of a
``rows × cols`` matrix; a scalar is ``1 × 1``. Vectors are columns. The rules a student means:

- ``+ −``: equal shapes, or one side a scalar;
- ``*`` and juxtaposition: scaling if one side is a scalar, else the matrix product when the inner
  sizes agree, else the element-wise product when the shapes are equal (``a1(1-a1)``);
- ``@`` only the matrix product, ``⊙`` only the element-wise product, ``^`` element-wise.

Constant sub-expressions are bounded (``9^9^9^9`` is refused): floats cannot hang, and a
constant above :data:`~studykit.check.limits.MAX_CONSTANT` is an error, not a number.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..catalog import ACTIVATIONS, Activation, normal_cdf, normal_pdf, sigmoid
from ..i18n import Text
from . import limits
from .errors import ShapeError, err
from .tree import Abs, Bin, Call, Const, Mat, Neg, Node, Num, Pow, T, Var, names, to_text

Array = np.ndarray


@dataclass
class Context:
    """Values of the names (``(P, r, c)`` or ``(1, r, c)`` arrays) and the layers' activations."""

    values: Mapping[str, Array]
    layer_functions: Mapping[int | None, tuple[str, Mapping[str, Any]]] = field(
        default_factory=dict
    )
    points: int = 1


def shape_text(shape: tuple[int, ...]) -> str:
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


_ELEMENTARY = {
    "exp": np.exp,
    "log": np.log,
    "sqrt": np.sqrt,
    "abs": np.abs,
    "sign": np.sign,
    "step": lambda v: (v > 0).astype(np.float64),
    "erf": lambda v: np.vectorize(math.erf, otypes=[float])(v) if v.size else v,
    "Phi": normal_cdf,
    "phi": normal_pdf,
    "sin": np.sin,
    "cos": np.cos,
}
_ELEMENTARY_PRIME = {
    "exp": np.exp,
    "log": lambda v: 1.0 / v,
    "sin": np.cos,
    "cos": lambda v: -np.sin(v),
    "Phi": normal_pdf,
}


def _activation_params(act: Activation, extra: list[Array], spelled: str) -> dict[str, Any]:
    params: dict[str, Any] = dict(act.defaults())
    if len(extra) > len(act.params):
        raise err(
            "{f} takes at most {n} argument(s) after the input",
            "{f} 在输入之后最多接受 {n} 个参数",
            f=spelled,
            n=len(act.params),
        )
    for p, value in zip(act.params, extra, strict=False):
        if value.shape[-2:] != (1, 1):
            raise err("the parameters of {f} must be numbers", "{f} 的参数必须是数", f=spelled)
        params[p.name] = value
    return params


class Evaluator:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def run(self, node: Node) -> Array:
        value = self.node(node)
        return value

    def node(self, node: Node) -> Array:
        value = self._node(node)
        if not isinstance(node, Var | Num) and not names(node):
            finite = np.isfinite(value)
            if not finite.all() or (np.abs(value) > limits.MAX_CONSTANT).any():
                raise err(
                    "{s} is undefined, infinite or too large",
                    "{s} 没有定义、为无穷或太大",
                    hint=(
                        "numbers beyond 10^100, division by 0 and log of 0 or of a negative number are refused",
                        "超过 10^100 的数、除以 0、0 或负数的对数都不被接受",
                    ),
                    s=_short(to_text(node)),
                )
        return value

    def _node(self, node: Node) -> Array:
        match node:
            case Num(value):
                return np.full((1, 1, 1), float(value))
            case Const(name):
                return np.full((1, 1, 1), math.e if name == "e" else math.pi)
            case Var(name):
                if name not in self.ctx.values:
                    raise err("{n} has no value here", "{n} 在此处没有取值", n=name)
                return self.ctx.values[name]
            case Neg(arg):
                return -self.node(arg)
            case T(arg):
                return np.swapaxes(self.node(arg), -1, -2)
            case Abs(arg):
                return np.abs(self.node(arg))
            case Pow(base, exp):
                return self.power(base, exp)
            case Bin(op, left, right):
                return self.binary(op, left, right)
            case Call():
                return self.call(node)
            case Mat(rows):
                return self.matrix(rows)
        raise TypeError(f"not a parse-tree node: {node!r}")

    def power(self, base: Node, exp: Node) -> Array:
        b = self.node(base)
        e = self.node(exp)
        if e.shape[-2:] != (1, 1):
            raise ShapeError(
                Text(
                    "the exponent {s} must be a number, not a {m} matrix",
                    "指数 {s} 必须是数，而不是 {m} 矩阵",
                ).format(s=to_text(exp), m=shape_text(e.shape))
            )
        if not names(exp) and names(base) and np.abs(e).max() > limits.MAX_POWER:
            raise err(
                "the exponent {s} is too large (at most {m})",
                "指数 {s} 太大（最多 {m}）",
                s=_short(to_text(exp)),
                m=limits.MAX_POWER,
            )
        with np.errstate(all="ignore"):
            return np.power(b, e)

    def binary(self, op: str, left: Node, right: Node) -> Array:
        a, b = self.node(left), self.node(right)
        sa, sb = a.shape[-2:], b.shape[-2:]
        with np.errstate(all="ignore"):
            if op in "+-":
                if sa != sb and (1, 1) not in (sa, sb):
                    raise self.mismatch(op, left, right, sa, sb)
                return a + b if op == "+" else a - b
            if op == "/":
                if sb != (1, 1) and sa != sb:
                    raise self.mismatch(op, left, right, sa, sb)
                return a / b
            if op == "⊙":
                if sa != sb and (1, 1) not in (sa, sb):
                    raise self.mismatch(op, left, right, sa, sb)
                return a * b
            if op == "@":
                if sa[1] != sb[0]:
                    raise self.mismatch(op, left, right, sa, sb)
                return np.matmul(a, b)
            # "*" and juxtaposition
            if (1, 1) in (sa, sb):
                return a * b
            if sa[1] == sb[0]:
                return np.matmul(a, b)
            if sa == sb:
                return a * b
            raise self.mismatch(op, left, right, sa, sb)

    def mismatch(self, op: str, left: Node, right: Node, sa: tuple, sb: tuple) -> ShapeError:
        what = {"+": ("add", "相加"), "-": ("subtract", "相减"), "/": ("divide", "相除"),
                "⊙": ("multiply element-wise", "逐元素相乘")}.get(op, ("multiply", "相乘"))  # fmt: skip
        lt, rt = _short(to_text(left)), _short(to_text(right))
        text = Text(
            "cannot {w} {l} ({sa}) and {r} ({sb})", "无法将 {l}（{sa}）与 {r}（{sb}）{wz}"
        ).format(w=what[0], wz=what[1], l=lt, r=rt, sa=shape_text(sa), sb=shape_text(sb))
        hint = None
        if op in "*@":
            if sa[0] == sb[0]:
                hint = Text("did you mean ({l})ᵀ {r}?", "是不是 ({l})ᵀ {r}？").format(l=lt, r=rt)
            elif sa[1] == sb[1]:
                hint = Text("did you mean {l} ({r})ᵀ?", "是不是 {l} ({r})ᵀ？").format(l=lt, r=rt)
            elif sa == (sb[1], sb[0]):
                hint = Text("did you mean a transpose?", "是不是需要转置？")
        return ShapeError(text, hint)

    def matrix(self, rows: tuple[tuple[Node, ...], ...]) -> Array:
        cells = [[self.node(c) for c in r] for r in rows]
        for r in cells:
            for c in r:
                if c.shape[-2:] != (1, 1):
                    raise ShapeError(
                        Text(
                            "entries of [ ] must be numbers, not {m} matrices",
                            "[ ] 中的元素必须是数，而不是 {m} 矩阵",
                        ).format(m=shape_text(c.shape))
                    )
        points = max(c.shape[0] for r in cells for c in r)
        out = np.empty((points, len(rows), len(rows[0])))
        for i, r in enumerate(cells):
            for j, c in enumerate(r):
                out[:, i, j] = c[:, 0, 0]
        return out

    # ----------------------------------------------------------------- functions

    def layer_of(self, node: Call) -> int | None:
        if node.layer is not None:
            return node.layer
        funcs = self.ctx.layer_functions
        if None in funcs:
            return None
        if len({name for name, _ in funcs.values()}) == 1:
            return next(iter(funcs))
        arg = node.args[0]
        if isinstance(arg, Var) and arg.name[:1] in "az" and arg.name[1:].isdigit():
            layer = int(arg.name[1:])
            if layer in funcs:
                return layer
        raise err(
            "f′ is ambiguous here: the layers use different activations",
            "此处 f′ 有歧义：各层的激活函数不同",
            hint=("name the layer, e.g. f1′(z1) or f2′(z2)", "请写明层号，例如 f1′(z1) 或 f2′(z2)"),
        )

    def call(self, node: Call) -> Array:
        func, spelled = node.func, to_text(node).split("(")[0]
        args = [self.node(a) for a in node.args]
        x = args[0]
        if func == "f":
            funcs = self.ctx.layer_functions
            if not funcs:
                raise err("f is not defined here", "此处没有定义 f")
            layer = self.layer_of(node)
            if layer not in funcs:
                raise err("there is no layer {l}", "没有第 {l} 层", l=layer)
            func, params = funcs[layer]
            act = ACTIVATIONS[func]
            return self.activation(act, x, dict(params), node.prime, spelled)
        if func in ("max", "min"):
            if len(args) != 2:
                raise err(
                    "{f} takes two arguments, e.g. max(0, z)",
                    "{f} 需要两个参数，例如 max(0, z)",
                    f=func,
                )
            fn = np.maximum if func == "max" else np.minimum
            if node.prime:
                raise err(
                    "{f}′ is not defined; write the cases out",
                    "{f}′ 没有定义；请分情况写出",
                    f=func,
                )
            return self.elementwise2(fn, args[0], args[1], node)
        if func == "softmax":
            if node.prime or len(args) != 1:
                raise err(
                    "softmax takes one vector and has no ′ here",
                    "softmax 只接受一个向量，且此处不能加 ′",
                )
            with np.errstate(all="ignore"):
                shifted = x - x.max(axis=-2, keepdims=True)
                e = np.exp(shifted)
                return e / e.sum(axis=-2, keepdims=True)
        if func in ACTIVATIONS:
            act = ACTIVATIONS[func]
            params = _activation_params(act, args[1:], spelled)
            return self.activation(act, x, params, node.prime, spelled)
        if len(args) != 1:
            raise err("{f} takes one argument", "{f} 只接受一个参数", f=func)
        table = _ELEMENTARY_PRIME if node.prime else _ELEMENTARY
        if node.prime > 1 or func not in table:
            raise err(
                "{f}′ is not understood; write the derivative out",
                "无法识别 {f}′；请直接写出导数",
                f=func,
            )
        with np.errstate(all="ignore"):
            return table[func](x)

    def elementwise2(self, fn: Any, a: Array, b: Array, node: Node) -> Array:
        sa, sb = a.shape[-2:], b.shape[-2:]
        if sa != sb and (1, 1) not in (sa, sb):
            raise self.mismatch(",", node, node, sa, sb)
        return fn(a, b)

    def activation(
        self, act: Activation, x: Array, params: dict[str, Any], prime: int, spelled: str
    ) -> Array:
        if not act.elementwise:
            raise err(
                "{f} is not element-wise and cannot be used here",
                "{f} 不是逐元素函数，不能在此使用",
                f=act.name,
            )
        if prime > 1:
            raise err("{f}″ is not part of these answers", "答案中不需要 {f}″", f=spelled)
        with np.errstate(all="ignore"):
            a = act.fn(x, params)
            if not prime:
                return np.asarray(a, dtype=np.float64)
            assert act.grad is not None
            return np.asarray(act.grad(x, a, params), dtype=np.float64)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def evaluate(node: Node, ctx: Context) -> Array:
    """The value of ``node`` (raises :class:`AnswerSyntaxError` or :class:`ShapeError`)."""
    return Evaluator(ctx).run(node)


__all__ = ["Context", "evaluate", "as_value", "shape_text", "sigmoid"]
