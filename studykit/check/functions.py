"""The functions an answer may call, evaluated on ``(P, rows, cols)`` arrays.

Activations come from the catalog (by the symbol the tree prints: ``σ``, ``tanh``, ``ReLU`` …,
with their parameters as extra arguments, defaults when omitted); the layer functions ``f``/``g``
are the network's own activations; the rest are elementary (``exp``, ``log``, ``H`` the step
with H(0) = 0, ``Φ``/``φ`` the normal cdf/pdf, ``diag``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..catalog import Activation, normal_cdf, normal_pdf
from ..i18n import Text
from .errors import ShapeError, err
from .names import activation_of

Array = np.ndarray


def _erf(v: Array) -> Array:
    return np.vectorize(math.erf, otypes=[float])(v) if v.size else v


ELEMENTARY: dict[str, Callable[[Array], Array]] = {
    "exp": np.exp,
    "log": np.log,
    "sign": np.sign,
    "H": lambda v: (v > 0).astype(np.float64),
    "erf": _erf,
    "Φ": normal_cdf,
    "φ": normal_pdf,
    "sin": np.sin,
    "cos": np.cos,
    "sinh": np.sinh,
    "cosh": np.cosh,
    "sech": lambda v: 1.0 / np.cosh(v),
    "ceil": np.ceil,
    "floor": np.floor,
}
#: f′ of the elementary functions that have one here.
ELEMENTARY_PRIME: dict[str, Callable[[Array], Array]] = {
    "exp": np.exp,
    "log": lambda v: 1.0 / v,
    "sin": np.cos,
    "cos": lambda v: -np.sin(v),
    "sinh": np.cosh,
    "cosh": np.sinh,
    "Φ": normal_pdf,
}


def activation_params(act: Activation, extra: list[Array], spelled: str) -> dict[str, Any]:
    """The parameters of ``act``: the extra arguments in catalog order, defaults for the rest."""
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


def activation(
    act: Activation, x: Array, params: Mapping[str, Any], prime: int, spelled: str
) -> Array:
    """f(x) or f′(x) of an element-wise catalog activation (softmax: over each column)."""
    if act.name == "softmax":
        if prime:
            raise err(
                "softmax′ is the Jacobian diag(y) − y yᵀ: write it out",
                "softmax′ 是雅可比矩阵 diag(y) − y yᵀ：请把它写出来",
            )
        with np.errstate(all="ignore"):
            e = np.exp(x - x.max(axis=-2, keepdims=True))
            return e / e.sum(axis=-2, keepdims=True)
    if not act.elementwise:
        raise err("{f} is not element-wise and cannot be used here",
                  "{f} 不是逐元素函数，不能在此使用", f=act.name)  # fmt: skip
    if prime > 1:
        raise err("{f}″ is not part of these answers", "答案中不需要 {f}″", f=spelled)
    with np.errstate(all="ignore"):
        a = np.asarray(act.fn(x, dict(params)), dtype=np.float64)
        if not prime:
            return a
        assert act.grad is not None
        return np.asarray(act.grad(x, a, dict(params)), dtype=np.float64)


def diag(v: Array) -> Array:
    """diag(v): a vector becomes the diagonal matrix; a square matrix gives its diagonal."""
    rows, cols = v.shape[-2:]
    if cols == 1 or rows == 1:
        flat = v.reshape(v.shape[0], -1)
        return flat[:, :, None] * np.eye(flat.shape[1])[None]
    if rows == cols:
        return np.diagonal(v, axis1=-2, axis2=-1)[:, :, None].copy()
    raise ShapeError(Text("diag needs a vector or a square matrix", "diag 需要向量或方阵"))


def max_min(name: str, a: Array, b: Array) -> Array:
    sa, sb = a.shape[-2:], b.shape[-2:]
    if sa != sb and (1, 1) not in (sa, sb):
        raise err("{f} needs arguments of one shape", "{f} 的参数形状必须相同", f=name)
    return np.maximum(a, b) if name == "max" else np.minimum(a, b)


def call(name: str, args: list[Array], prime: int, spelled: str) -> Array:
    """A named call (not ``f``/``g``): an activation, ``max``/``min``, ``diag`` or elementary."""
    act = activation_of(name)
    if act is not None:
        return activation(act, args[0], activation_params(act, args[1:], spelled), prime, spelled)
    if name in ("max", "min"):
        if len(args) != 2:
            raise err("{f} takes two arguments, e.g. max(0, z)",
                      "{f} 需要两个参数，例如 max(0, z)", f=name)  # fmt: skip
        if prime:
            raise err("{f}′ is not defined; write the cases out",
                      "{f}′ 没有定义；请分情况写出", f=name)  # fmt: skip
        return max_min(name, args[0], args[1])
    if len(args) != 1:
        raise err("{f} takes one argument", "{f} 只接受一个参数", f=spelled)
    if name == "diag" and not prime:
        return diag(args[0])
    table = ELEMENTARY_PRIME if prime else ELEMENTARY
    if prime > 1 or name not in table:
        raise err("{f}′ is not understood; write the derivative out",
                  "无法识别 {f}′；请直接写出导数", f=spelled)  # fmt: skip
    with np.errstate(all="ignore"):
        return table[name](args[0])
