"""THE registry of activations and losses (COURSE.md C2, C5): every other package reads it from here.

Each entry holds, side by side (numpy-ml's uniform verbs, micrograd's locality):

- the NumPy forward ``fn`` and its local derivative ``grad`` (or a vector-Jacobian product
  ``vjp`` for the vector-valued softmax and maxout);
- the SymPy ``formula`` and the ``exam_form`` of the derivative, as builders that receive the
  ``sympy`` module, so this module never imports SymPy (``symbolic/`` calls them);
- parameters with defaults, learnable or not; kinks and the convention used at each;
- the bilingual title and properties used by problems and the quiz.

Arrays are batches of row vectors: ``z`` has shape ``[B, n]``. A per-sample loss returns ``[B]``.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .i18n import Text

Params = Mapping[str, Any]
SympyBuilder = Callable[..., Any]

#: ReLU′(0) and the derivative at every other kink (COURSE.md conventions): the left derivative.
KINK_CONVENTION = Text(
    "at a kink: ReLU′(0) = 0, and leaky ReLU, PReLU and ELU take γ at 0 (the left derivative); "
    "hard-logistic and hard-tanh take 0 at their corners; L1 uses sign(0) = 0",
    "在不可导点：ReLU′(0) = 0，Leaky ReLU、PReLU、ELU 在 0 处取 γ（左导数）；"
    "Hard-Logistic 与 Hard-Tanh 在拐点处取 0；L1 损失取 sign(0) = 0",
)


@dataclass(frozen=True)
class Param:
    """A parameter of an activation: ``per_neuron`` ones are vectors of the layer's width."""

    name: str
    default: float
    learnable: bool = False
    per_neuron: bool = False
    integer: bool = False


@dataclass(frozen=True)
class Activation:
    """An activation function ``a = f(z)`` with its derivative.

    ``grad(z, a, p)`` is ``f′(z)`` element-wise; ``vjp(z, a, g, p)`` is ``∂L/∂z`` given
    ``g = ∂L/∂a`` (for element-wise ``f``: ``g ⊙ f′(z)``). ``param_grads(z, a, p)`` gives
    ``∂a/∂θ`` element-wise for each learnable parameter θ.
    """

    name: str
    title: Text
    fn: Callable[[np.ndarray, Params], np.ndarray]
    formula: SympyBuilder  # (sp, x, p) -> expr      | vector: (sp, xs, p) -> list
    exam_form: SympyBuilder  # (sp, x, a, p) -> expr  | vector: (sp, xs, ys, p) -> Matrix
    grad: Callable[[np.ndarray, np.ndarray, Params], np.ndarray] | None = None
    vector_jacobian: Callable[..., np.ndarray] | None = None
    params: tuple[Param, ...] = ()
    param_grads: Callable[[np.ndarray, np.ndarray, Params], dict[str, np.ndarray]] | None = None
    param_exam_forms: SympyBuilder | None = None  # (sp, x, p) -> {name: expr}
    elementwise: bool = True
    kinks: tuple[float, ...] = ()
    exam_form_text: str = ""
    output_range: str = ""
    saturating: bool = False
    zero_centred: bool = False
    sparse: bool = False
    monotone: bool = True
    smooth: bool = True
    note: Text = Text("", "")

    @property
    def learnable(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.learnable)

    def defaults(self) -> dict[str, float]:
        return {p.name: p.default for p in self.params}

    def pieces(self, p: Params) -> int:
        """How many pre-activations feed one output unit (``k`` for maxout, else 1)."""
        return int(p.get("k", 2)) if self.name == "maxout" else 1

    def vjp(self, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray, p: Params) -> np.ndarray:
        """``∂L/∂z`` from ``∂L/∂a``."""
        if self.vector_jacobian is not None:
            return self.vector_jacobian(z, a, grad_a, p)
        assert self.grad is not None
        return grad_a * self.grad(z, a, p)


@dataclass(frozen=True)
class Loss:
    """A loss ``ℓ(y, t)`` per sample; the batch loss is the mean over samples.

    ``grad(y, t)`` is ``∂ℓ/∂y``. ``on_logits`` losses apply softmax themselves.
    """

    name: str
    title: Text
    fn: Callable[[np.ndarray, np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray, np.ndarray], np.ndarray]
    formula: SympyBuilder  # (sp, ys, ts) -> expr
    exam_grad: SympyBuilder  # (sp, ys, ts) -> list of exprs, ∂ℓ/∂y_i
    formula_text: str = ""
    grad_text: str = ""
    on_logits: bool = False
    needs_probabilities: bool = False
    kinks: tuple[float, ...] = ()
    note: Text = Text("", "")
    extra: dict[str, Any] = field(default_factory=dict)


# ----------------------------------------------------------------------------- numeric helpers


def sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) = 1/(1+e^{−x}), computed without overflow on either side."""
    x = np.asarray(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(x.dtype, copy=False)


def softmax(x: np.ndarray) -> np.ndarray:
    """softmax(x)_i = e^{x_i} / Σ_j e^{x_j}, along the last axis, shifted by the max."""
    shifted = x - x.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


_erf_object = np.frompyfunc(math.erf, 1, 1)


def erf(x: np.ndarray) -> np.ndarray:
    """The error function, element-wise, from the C library's ``erf`` (correct to an ulp)."""
    x = np.asarray(x)
    return _erf_object(x).astype(x.dtype if x.dtype.kind == "f" else np.float64)


def normal_cdf(x: np.ndarray) -> np.ndarray:
    """Φ(x) = ½(1 + erf(x/√2))."""
    return 0.5 * (1.0 + erf(x / math.sqrt(2.0)))


def normal_pdf(x: np.ndarray) -> np.ndarray:
    """φ(x) = e^{−x²/2}/√(2π)."""
    return np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


def _left(mask_value: np.ndarray, x: np.ndarray) -> np.ndarray:
    return mask_value.astype(x.dtype)


GELU_TANH_C = math.sqrt(2.0 / math.pi)
GELU_TANH_K = 0.044715
GELU_SIGMOID_K = 1.702


def _softmax_vjp(z: np.ndarray, a: np.ndarray, g: np.ndarray, p: Params) -> np.ndarray:
    """(diag(y) − y yᵀ) g = y ⊙ (g − yᵀg)."""
    return a * (g - (a * g).sum(axis=-1, keepdims=True))


def _maxout_fn(z: np.ndarray, p: Params) -> np.ndarray:
    k = int(p.get("k", 2))
    return z.reshape(z.shape[:-1] + (z.shape[-1] // k, k)).max(axis=-1)


def _maxout_vjp(z: np.ndarray, a: np.ndarray, g: np.ndarray, p: Params) -> np.ndarray:
    """The gradient flows to the arg-max piece of each group only (the first on a tie)."""
    k = int(p.get("k", 2))
    grouped = z.reshape(z.shape[:-1] + (z.shape[-1] // k, k))
    winner = grouped.argmax(axis=-1)
    out = np.zeros_like(grouped)
    np.put_along_axis(out, winner[..., None], g[..., None], axis=-1)
    return out.reshape(z.shape)


def _sympy_maxout(sp: Any, xs: list, p: Params) -> list:
    k = int(p.get("k", 2))
    return [sp.Max(*xs[i : i + k]) for i in range(0, len(xs), k)]


def _sympy_softmax(sp: Any, xs: list, p: Params) -> list:
    total = sum(sp.exp(x) for x in xs)
    return [sp.exp(x) / total for x in xs]


def _sympy_softmax_jacobian(sp: Any, xs: list, ys: list, p: Params) -> Any:
    """diag(y) − y yᵀ."""
    y = sp.Matrix(ys)
    return sp.diag(*ys) - y * y.T


def _sympy_maxout_jacobian(sp: Any, xs: list, ys: list, p: Params) -> Any:
    k = int(p.get("k", 2))
    rows = []
    for i in range(0, len(xs), k):
        group = xs[i : i + k]
        row = [0] * len(xs)
        for j, x in enumerate(group):
            others = [x > o for o in group[:j]] + [x >= o for o in group[j + 1 :]]
            row[i + j] = sp.Piecewise((1, sp.And(*others)), (0, True))
        rows.append(row)
    return sp.Matrix(rows)


# ----------------------------------------------------------------------------- activations

_A = Activation

_ACTIVATION_LIST: list[Activation] = [
    _A(
        name="identity",
        title=Text("identity (linear)", "恒等函数（线性）"),
        fn=lambda z, p: z,
        grad=lambda z, a, p: np.ones_like(z),
        vector_jacobian=lambda z, a, g, p: g,
        formula=lambda sp, x, p: x,
        exam_form=lambda sp, x, a, p: sp.Integer(1),
        exam_form_text="1",
        output_range="(−∞, ∞)",
        zero_centred=True,
        note=Text(
            "no non-linearity: a stack of linear layers is still linear",
            "没有非线性：多层线性层叠加仍是线性的",
        ),
    ),
    _A(
        name="sigmoid",
        title=Text("logistic sigmoid σ", "Logistic 函数 σ"),
        fn=lambda z, p: sigmoid(z),
        grad=lambda z, a, p: a * (1 - a),
        formula=lambda sp, x, p: 1 / (1 + sp.exp(-x)),
        exam_form=lambda sp, x, a, p: a * (1 - a),
        exam_form_text="σ(1−σ) = a(1−a) ≤ ¼",
        output_range="(0, 1)",
        saturating=True,
        note=Text(
            "squashes to (0, 1), read as a probability; saturates, σ′ ≤ ¼ makes gradients vanish",
            "把输入压缩到 (0, 1)，可解释为概率；会饱和，σ′ ≤ ¼ 导致梯度消失",
        ),
    ),
    _A(
        name="tanh",
        title=Text("hyperbolic tangent tanh", "双曲正切 tanh"),
        fn=lambda z, p: np.tanh(z),
        grad=lambda z, a, p: 1 - a * a,
        formula=lambda sp, x, p: (sp.exp(x) - sp.exp(-x)) / (sp.exp(x) + sp.exp(-x)),
        exam_form=lambda sp, x, a, p: 1 - a**2,
        exam_form_text="1−tanh² = 1−a²",
        output_range="(−1, 1)",
        saturating=True,
        zero_centred=True,
        note=Text(
            "tanh(x) = 2σ(2x)−1: zero-centred, still saturates",
            "tanh(x) = 2σ(2x)−1：以零为中心，但仍会饱和",
        ),
    ),
    _A(
        name="hard_sigmoid",
        title=Text("hard logistic", "Hard-Logistic 函数"),
        fn=lambda z, p: np.clip(0.25 * z + 0.5, 0.0, 1.0),
        grad=lambda z, a, p: _left((z > -2) & (z < 2), z) * 0.25,
        formula=lambda sp, x, p: sp.Max(sp.Min(x / 4 + sp.Rational(1, 2), 1), 0),
        exam_form=lambda sp, x, a, p: sp.Piecewise(
            (0, x <= -2), (sp.Rational(1, 4), x < 2), (0, True)
        ),
        kinks=(-2.0, 2.0),
        exam_form_text="¼ (−2 < z < 2); 0 (|z| ≥ 2)",
        output_range="[0, 1]",
        saturating=True,
        smooth=False,
        note=Text(
            "first-order Taylor expansion of σ at 0, clipped: cheap to compute",
            "σ 在 0 处的一阶泰勒展开再截断：计算代价低",
        ),
    ),
    _A(
        name="hard_tanh",
        title=Text("hard tanh", "Hard-Tanh 函数"),
        fn=lambda z, p: np.clip(z, -1.0, 1.0),
        grad=lambda z, a, p: _left((z > -1) & (z < 1), z),
        formula=lambda sp, x, p: sp.Max(sp.Min(x, 1), -1),
        exam_form=lambda sp, x, a, p: sp.Piecewise((0, x <= -1), (1, x < 1), (0, True)),
        kinks=(-1.0, 1.0),
        exam_form_text="1 (−1 < z < 1); 0 (|z| ≥ 1)",
        output_range="[−1, 1]",
        saturating=True,
        zero_centred=True,
        smooth=False,
        note=Text(
            "first-order Taylor expansion of tanh at 0, clipped",
            "tanh 在 0 处的一阶泰勒展开再截断",
        ),
    ),
    _A(
        name="relu",
        title=Text("rectified linear unit ReLU", "修正线性单元 ReLU"),
        fn=lambda z, p: np.maximum(z, 0),
        grad=lambda z, a, p: _left(z > 0, z),
        vector_jacobian=lambda z, a, g, p: np.where(z > 0, g, 0).astype(g.dtype, copy=False),
        formula=lambda sp, x, p: sp.Max(0, x),
        exam_form=lambda sp, x, a, p: sp.Piecewise((1, x > 0), (0, True)),
        kinks=(0.0,),
        exam_form_text="1 (z > 0); 0 (z ≤ 0)",
        output_range="[0, ∞)",
        sparse=True,
        smooth=False,
        note=Text(
            "cheap, no saturation for z > 0, sparse; a neuron whose z stays ≤ 0 dies (dead ReLU)",
            "计算高效，z > 0 时不饱和，稀疏；z 总是 ≤ 0 的神经元会死亡（ReLU 死亡问题）",
        ),
    ),
    _A(
        name="leaky_relu",
        title=Text("leaky ReLU", "带泄露的 ReLU (Leaky ReLU)"),
        params=(Param("gamma", 0.01),),
        fn=lambda z, p: np.where(z > 0, z, p["gamma"] * z),
        grad=lambda z, a, p: np.where(z > 0, 1.0, p["gamma"]).astype(z.dtype),
        formula=lambda sp, x, p: sp.Max(0, x) + p["gamma"] * sp.Min(0, x),
        exam_form=lambda sp, x, a, p: sp.Piecewise((1, x > 0), (p["gamma"], True)),
        kinks=(0.0,),
        exam_form_text="1 (z > 0); γ (z ≤ 0)",
        output_range="(−∞, ∞)",
        smooth=False,
        note=Text(
            "a small slope γ for z ≤ 0 keeps the gradient alive (no dead ReLU)",
            "z ≤ 0 时保留小斜率 γ，梯度不会消失（避免 ReLU 死亡问题）",
        ),
    ),
    _A(
        name="prelu",
        title=Text("parametric ReLU (PReLU)", "带参数的 ReLU (PReLU)"),
        params=(Param("gamma", 0.25, learnable=True, per_neuron=True),),
        fn=lambda z, p: np.where(z > 0, z, p["gamma"] * z),
        grad=lambda z, a, p: np.where(z > 0, 1.0, p["gamma"]).astype(z.dtype),
        param_grads=lambda z, a, p: {"gamma": np.minimum(z, 0)},
        formula=lambda sp, x, p: sp.Max(0, x) + p["gamma"] * sp.Min(0, x),
        exam_form=lambda sp, x, a, p: sp.Piecewise((1, x > 0), (p["gamma"], True)),
        param_exam_forms=lambda sp, x, p: {"gamma": sp.Min(0, x)},
        kinks=(0.0,),
        exam_form_text="1 (z > 0); γᵢ (z ≤ 0); ∂f/∂γᵢ = min(0, z)",
        output_range="(−∞, ∞)",
        smooth=False,
        note=Text(
            "leaky ReLU whose slope γᵢ is learned per neuron",
            "斜率 γᵢ 可学习（每个神经元一个）的 Leaky ReLU",
        ),
    ),
    _A(
        name="elu",
        title=Text("exponential linear unit ELU", "指数线性单元 ELU"),
        params=(Param("gamma", 1.0),),
        fn=lambda z, p: np.where(z > 0, z, p["gamma"] * np.expm1(np.minimum(z, 0))),
        grad=lambda z, a, p: np.where(z > 0, 1.0, a + p["gamma"]).astype(z.dtype),
        formula=lambda sp, x, p: sp.Max(0, x) + sp.Min(0, p["gamma"] * (sp.exp(x) - 1)),
        exam_form=lambda sp, x, a, p: sp.Piecewise((1, x > 0), (a + p["gamma"], True)),
        kinks=(0.0,),
        exam_form_text="1 (z > 0); γeᶻ = a + γ (z ≤ 0)",
        output_range="(−γ, ∞)",
        smooth=False,
        note=Text(
            "negative outputs push the mean activation towards zero",
            "负半轴输出使平均激活值更接近零",
        ),
    ),
    _A(
        name="softplus",
        title=Text("softplus", "Softplus 函数"),
        fn=lambda z, p: np.logaddexp(0, z),
        grad=lambda z, a, p: sigmoid(z),
        formula=lambda sp, x, p: sp.log(1 + sp.exp(x)),
        exam_form=lambda sp, x, a, p: 1 / (1 + sp.exp(-x)),
        exam_form_text="σ(z)",
        output_range="(0, ∞)",
        note=Text("a smooth version of ReLU", "ReLU 的平滑版本"),
    ),
    _A(
        name="swish",
        title=Text("swish", "Swish 函数"),
        params=(Param("beta", 1.0),),
        fn=lambda z, p: z * sigmoid(p["beta"] * z),
        grad=lambda z, a, p: (s := sigmoid(p["beta"] * z)) + p["beta"] * z * s * (1 - s),
        formula=lambda sp, x, p: x / (1 + sp.exp(-p["beta"] * x)),
        exam_form=lambda sp, x, a, p: (
            (s := 1 / (1 + sp.exp(-p["beta"] * x))) + p["beta"] * x * s * (1 - s)
        ),
        param_exam_forms=lambda sp, x, p: {
            "beta": x**2 * (s := 1 / (1 + sp.exp(-p["beta"] * x))) * (1 - s)
        },
        exam_form_text="σ(βz) + βzσ(βz)(1−σ(βz))",
        output_range="(≈−0.28/β, ∞)",
        monotone=False,
        note=Text(
            "self-gated, not monotone; β = 0 gives z/2, β → ∞ gives ReLU",
            "自门控、非单调；β = 0 时为 z/2，β → ∞ 时趋于 ReLU",
        ),
    ),
    _A(
        name="gelu",
        title=Text("GELU (exact, erf)", "GELU（精确，erf）"),
        fn=lambda z, p: z * normal_cdf(z),
        grad=lambda z, a, p: normal_cdf(z) + z * normal_pdf(z),
        formula=lambda sp, x, p: x * (1 + sp.erf(x / sp.sqrt(2))) / 2,
        exam_form=lambda sp, x, a, p: (
            (1 + sp.erf(x / sp.sqrt(2))) / 2 + x * sp.exp(-(x**2) / 2) / sp.sqrt(2 * sp.pi)
        ),
        exam_form_text="Φ(z) + zφ(z)",
        output_range="(≈−0.17, ∞)",
        monotone=False,
        note=Text(
            "z weighted by the probability Φ(z) that a standard normal is below it; "
            "used in Transformers",
            "用标准正态分布的 Φ(z) 给 z 加权；Transformer 中常用",
        ),
    ),
    _A(
        name="gelu_tanh",
        title=Text("GELU, tanh approximation", "GELU（tanh 近似）"),
        fn=lambda z, p: 0.5 * z * (1 + np.tanh(GELU_TANH_C * (z + GELU_TANH_K * z**3))),
        grad=lambda z, a, p: (
            0.5 * (1 + (t := np.tanh(GELU_TANH_C * (z + GELU_TANH_K * z**3))))
            + 0.5 * z * (1 - t * t) * GELU_TANH_C * (1 + 3 * GELU_TANH_K * z * z)
        ),
        formula=lambda sp, x, p: (
            x * (1 + sp.tanh(sp.sqrt(2 / sp.pi) * (x + sp.Rational(44715, 10**6) * x**3))) / 2
        ),
        exam_form=lambda sp, x, a, p: (
            (1 + (t := sp.tanh(sp.sqrt(2 / sp.pi) * (x + sp.Rational(44715, 10**6) * x**3)))) / 2
            + x / 2 * (1 - t**2) * sp.sqrt(2 / sp.pi) * (1 + 3 * sp.Rational(44715, 10**6) * x**2)
        ),
        exam_form_text="½(1+t) + ½z(1−t²)·√(2/π)(1+3·0.044715z²), t = tanh(√(2/π)(z+0.044715z³))",
        output_range="(≈−0.17, ∞)",
        monotone=False,
        note=Text(
            "0.5z(1+tanh(√(2/π)(z+0.044715z³))): GELU without erf",
            "0.5z(1+tanh(√(2/π)(z+0.044715z³)))：不需要 erf 的 GELU",
        ),
    ),
    _A(
        name="gelu_sigmoid",
        title=Text("GELU, sigmoid approximation", "GELU（sigmoid 近似）"),
        fn=lambda z, p: z * sigmoid(GELU_SIGMOID_K * z),
        grad=lambda z, a, p: (s := sigmoid(GELU_SIGMOID_K * z)) + GELU_SIGMOID_K * z * s * (1 - s),
        formula=lambda sp, x, p: x / (1 + sp.exp(-sp.Rational(1702, 1000) * x)),
        exam_form=lambda sp, x, a, p: (
            (s := 1 / (1 + sp.exp(-sp.Rational(1702, 1000) * x)))
            + sp.Rational(1702, 1000) * x * s * (1 - s)
        ),
        exam_form_text="σ(1.702z) + 1.702zσ(1.702z)(1−σ(1.702z))",
        output_range="(≈−0.17, ∞)",
        monotone=False,
        note=Text("zσ(1.702z): swish with β = 1.702", "zσ(1.702z)：β = 1.702 的 Swish"),
    ),
    _A(
        name="dyt",
        title=Text("dynamic tanh DyT", "动态 Tanh (DyT)"),
        params=(
            Param("alpha", 0.5, learnable=True),
            Param("gamma", 1.0, learnable=True, per_neuron=True),
            Param("beta", 0.0, learnable=True, per_neuron=True),
        ),
        fn=lambda z, p: p["gamma"] * np.tanh(p["alpha"] * z) + p["beta"],
        grad=lambda z, a, p: p["gamma"] * p["alpha"] * (1 - np.tanh(p["alpha"] * z) ** 2),
        param_grads=lambda z, a, p: {
            "alpha": p["gamma"] * z * (1 - (t := np.tanh(p["alpha"] * z)) ** 2),
            "gamma": t,
            "beta": np.ones_like(z),
        },
        formula=lambda sp, x, p: p["gamma"] * sp.tanh(p["alpha"] * x) + p["beta"],
        exam_form=lambda sp, x, a, p: p["gamma"] * p["alpha"] * (1 - sp.tanh(p["alpha"] * x) ** 2),
        param_exam_forms=lambda sp, x, p: {
            "alpha": p["gamma"] * x * (1 - sp.tanh(p["alpha"] * x) ** 2),
            "gamma": sp.tanh(p["alpha"] * x),
            "beta": sp.Integer(1),
        },
        exam_form_text="γα(1−tanh²(αz)); ∂/∂α = γz(1−tanh²(αz)), ∂/∂γ = tanh(αz), ∂/∂β = 1",
        output_range="(β−γ, β+γ)",
        saturating=True,
        zero_centred=True,
        note=Text(
            "γ·tanh(αz)+β replaces normalisation layers in Transformers (CVPR 2025)",
            "γ·tanh(αz)+β，在 Transformer 中替代归一化层（CVPR 2025）",
        ),
    ),
    _A(
        name="maxout",
        title=Text("maxout", "Maxout 单元"),
        params=(Param("k", 2, integer=True),),
        fn=_maxout_fn,
        vector_jacobian=_maxout_vjp,
        formula=_sympy_maxout,
        exam_form=_sympy_maxout_jacobian,
        elementwise=False,
        exam_form_text="∂aᵢ/∂zᵢⱼ = 1 (j = argmaxₖ zᵢₖ); 0 (j ≠ argmaxₖ zᵢₖ)",
        output_range="(−∞, ∞)",
        smooth=False,
        note=Text(
            "each unit is the max of k linear pieces: W has k·n rows",
            "每个单元取 k 个线性片段的最大值：W 有 k·n 行",
        ),
    ),
    _A(
        name="softmax",
        title=Text("softmax", "Softmax 函数"),
        fn=lambda z, p: softmax(z),
        vector_jacobian=_softmax_vjp,
        formula=_sympy_softmax,
        exam_form=_sympy_softmax_jacobian,
        elementwise=False,
        exam_form_text="∂y/∂z = diag(y) − y yᵀ",
        output_range="(0, 1), sums to 1",
        saturating=True,
        note=Text(
            "one distribution over mutually exclusive classes; pairs with cross entropy",
            "给出互斥类别上的一个概率分布；与交叉熵搭配使用",
        ),
    ),
]
ACTIVATIONS: dict[str, Activation] = {a.name: a for a in _ACTIVATION_LIST}


# ----------------------------------------------------------------------------- losses


def _smooth_l1(d: np.ndarray) -> np.ndarray:
    ad = np.abs(d)
    return np.where(ad < 1, 0.5 * d * d, ad - 0.5)


def _log_softmax(y: np.ndarray) -> np.ndarray:
    shifted = y - y.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


_L = Loss

_LOSS_LIST: list[Loss] = [
    _L(
        name="mse",
        title=Text("mean squared error, ½ sum", "均方误差（½ 求和）"),
        fn=lambda y, t: 0.5 * ((y - t) ** 2).sum(axis=-1),
        grad=lambda y, t: y - t,
        formula=lambda sp, ys, ts: sum((y - t) ** 2 for y, t in zip(ys, ts, strict=True)) / 2,
        exam_grad=lambda sp, ys, ts: [y - t for y, t in zip(ys, ts, strict=True)],
        formula_text="½‖ŷ−t‖²",
        grad_text="ŷ − t",
    ),
    _L(
        name="mse_sum",
        title=Text("squared error, sum", "平方误差（求和）"),
        fn=lambda y, t: ((y - t) ** 2).sum(axis=-1),
        grad=lambda y, t: 2 * (y - t),
        formula=lambda sp, ys, ts: sum((y - t) ** 2 for y, t in zip(ys, ts, strict=True)),
        exam_grad=lambda sp, ys, ts: [2 * (y - t) for y, t in zip(ys, ts, strict=True)],
        formula_text="‖ŷ−t‖²",
        grad_text="2(ŷ − t)",
    ),
    _L(
        name="mse_mean",
        title=Text("mean squared error, mean", "均方误差（平均）"),
        fn=lambda y, t: ((y - t) ** 2).mean(axis=-1),
        grad=lambda y, t: 2 * (y - t) / y.shape[-1],
        formula=lambda sp, ys, ts: sum((y - t) ** 2 for y, t in zip(ys, ts, strict=True)) / len(ys),
        exam_grad=lambda sp, ys, ts: [2 * (y - t) / len(ys) for y, t in zip(ys, ts, strict=True)],
        formula_text="(1/n)‖ŷ−t‖²",
        grad_text="(2/n)(ŷ − t)",
    ),
    _L(
        name="l1",
        title=Text("L1 (absolute error)", "L1 损失（绝对误差）"),
        fn=lambda y, t: np.abs(y - t).sum(axis=-1),
        grad=lambda y, t: np.sign(y - t),
        formula=lambda sp, ys, ts: sum(sp.Abs(y - t) for y, t in zip(ys, ts, strict=True)),
        exam_grad=lambda sp, ys, ts: [sp.sign(y - t) for y, t in zip(ys, ts, strict=True)],
        formula_text="Σ|ŷ−t|",
        grad_text="sign(ŷ − t)",
        kinks=(0.0,),
    ),
    _L(
        name="smooth_l1",
        title=Text("smooth L1", "Smooth-L1 损失"),
        fn=lambda y, t: _smooth_l1(y - t).sum(axis=-1),
        grad=lambda y, t: np.clip(y - t, -1.0, 1.0),
        formula=lambda sp, ys, ts: sum(
            sp.Piecewise(
                ((y - t) ** 2 / 2, sp.Abs(y - t) < 1), (sp.Abs(y - t) - sp.Rational(1, 2), True)
            )
            for y, t in zip(ys, ts, strict=True)
        ),
        exam_grad=lambda sp, ys, ts: [
            sp.Piecewise((y - t, sp.Abs(y - t) < 1), (sp.sign(y - t), True))
            for y, t in zip(ys, ts, strict=True)
        ],
        formula_text="Σ ½d² (|d| < 1); |d| − ½ (|d| ≥ 1); d = ŷ − t",
        grad_text="d (|d| < 1); sign(d) (|d| ≥ 1)",
        kinks=(-1.0, 1.0),
    ),
    _L(
        name="cross_entropy",
        title=Text("cross entropy (on probabilities)", "交叉熵（输入为概率）"),
        fn=lambda y, t: -(t * np.log(y)).sum(axis=-1),
        grad=lambda y, t: -t / y,
        formula=lambda sp, ys, ts: -sum(t * sp.log(y) for y, t in zip(ys, ts, strict=True)),
        exam_grad=lambda sp, ys, ts: [-t / y for y, t in zip(ys, ts, strict=True)],
        formula_text="−Σ tᵢ log yᵢ",
        grad_text="−t / y",
        needs_probabilities=True,
    ),
    _L(
        name="softmax_cross_entropy",
        title=Text(
            "softmax + cross entropy (on logits, negative log-likelihood)",
            "Softmax + 交叉熵（输入为 logits，负对数似然）",
        ),
        fn=lambda y, t: -(t * _log_softmax(y)).sum(axis=-1),
        grad=lambda y, t: softmax(y) * t.sum(axis=-1, keepdims=True) - t,
        formula=lambda sp, ys, ts: (
            -sum(t * (y - sp.log(sum(sp.exp(v) for v in ys))) for y, t in zip(ys, ts, strict=True))
        ),
        exam_grad=lambda sp, ys, ts: [
            sp.exp(y) / sum(sp.exp(v) for v in ys) * sum(ts) - t
            for y, t in zip(ys, ts, strict=True)
        ],
        formula_text="−Σ tᵢ log softmax(z)ᵢ",
        grad_text="∂L/∂z = y − t (y = softmax(z), Σt = 1)",
        on_logits=True,
    ),
    _L(
        name="binary_cross_entropy",
        title=Text("binary cross entropy", "二元交叉熵"),
        fn=lambda y, t: -(t * np.log(y) + (1 - t) * np.log1p(-y)).sum(axis=-1),
        grad=lambda y, t: (y - t) / (y * (1 - y)),
        formula=lambda sp, ys, ts: (
            -sum(t * sp.log(y) + (1 - t) * sp.log(1 - y) for y, t in zip(ys, ts, strict=True))
        ),
        exam_grad=lambda sp, ys, ts: [(y - t) / (y * (1 - y)) for y, t in zip(ys, ts, strict=True)],
        formula_text="−Σ [t log y + (1−t) log(1−y)]",
        grad_text="(y − t) / (y(1 − y)); y = σ(s) ⇒ ∂L/∂s = σ(s) − t",
        needs_probabilities=True,
        note=Text(
            "with t = 1 after a sigmoid it is cs224n's J = −log σ(s), ∂J/∂s = σ(s) − 1",
            "t = 1 且输出经过 sigmoid 时即 cs224n 的 J = −log σ(s)，∂J/∂s = σ(s) − 1",
        ),
    ),
]
LOSSES: dict[str, Loss] = {loss.name: loss for loss in _LOSS_LIST}


class UnknownName(KeyError):
    """An activation or loss name that is not in the catalog; the message suggests one."""

    def __str__(self) -> str:
        return str(self.args[0])


def _lookup(table: Mapping[str, Any], name: str, what: str) -> Any:
    if name in table:
        return table[name]
    close = difflib.get_close_matches(name, list(table), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise UnknownName(f"unknown {what} {name!r}{hint}; known: {', '.join(table)}")


def get_activation(name: str) -> Activation:
    """The catalog entry for ``name``; :class:`UnknownName` names the nearest one."""
    return _lookup(ACTIVATIONS, name, "activation")


def get_loss(name: str) -> Loss:
    """The catalog entry for ``name``; :class:`UnknownName` names the nearest one."""
    return _lookup(LOSSES, name, "loss")
