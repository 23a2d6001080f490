"""THE activations (COURSE.md C2): every fact about each one, in one entry.

Builders take an algebra ``m`` (see :mod:`.model`): ``m.sigmoid(u)`` is σ(u), ``m.Phi``/``m.phi``
the standard normal cdf/pdf, ``m.Piecewise((value, condition), …, (value, True))``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..i18n import Text
from .model import Activation, Param, Params
from .numeric import indicator, normal_cdf, normal_pdf, sigmoid, softmax

GELU_TANH_C = math.sqrt(2.0 / math.pi)
GELU_TANH_K = 0.044715
GELU_SIGMOID_K = 1.702

LEFT_SLOPE_AT_ZERO = Text("f′(0) = γ (the left derivative)", "f′(0) = γ（取左导数）")
GAMMA_SLOPE = Text("slope γ for z ≤ 0", "z ≤ 0 时的斜率 γ")


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


def _maxout_formula(m: Any, xs: list, p: Params) -> list:
    k = int(p.get("k", 2))
    return [m.Max(*xs[i : i + k]) for i in range(0, len(xs), k)]


def _maxout_jacobian(m: Any, xs: list, ys: list, p: Params) -> list:
    """Row i: 1 for the arg-max piece of group i (the first on a tie), 0 elsewhere."""
    k = int(p.get("k", 2))
    rows = []
    for i in range(0, len(xs), k):
        group = xs[i : i + k]
        row: list[Any] = [0] * len(xs)
        for j, x in enumerate(group):
            wins = [m.Gt(x, o) for o in group[:j]] + [m.Ge(x, o) for o in group[j + 1 :]]
            row[i + j] = m.Piecewise((1, m.And(*wins)), (0, True))
        rows.append(row)
    return rows


def _softmax_formula(m: Any, xs: list, p: Params) -> list:
    total = sum(m.exp(x) for x in xs)
    return [m.exp(x) / total for x in xs]


def _softmax_jacobian(m: Any, xs: list, ys: list, p: Params) -> list:
    """diag(y) − y yᵀ."""
    n = len(ys)
    return [[(ys[i] if i == j else 0) - ys[i] * ys[j] for j in range(n)] for i in range(n)]


def _gelu_tanh_inner(m: Any, x: Any) -> Any:
    return m.sqrt(2 / m.pi) * (x + m.Rational(44715, 10**6) * x**3)


_A = Activation

ACTIVATION_LIST: list[Activation] = [
    _A(
        name="identity",
        title=Text("identity (linear)", "恒等函数（线性）"),
        symbol="id",
        spellings=("identity", "id", "linear"),
        fn=lambda z, p: z,
        grad=lambda z, a, p: np.ones_like(z),
        vector_jacobian=lambda z, a, g, p: g,
        formula=lambda m, x, p: x,
        exam_form=lambda m, x, a, p: m.Integer(1),
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
        symbol="σ",
        spellings=("sigmoid", "sigma", "logistic", "sig", "σ"),
        fn=lambda z, p: sigmoid(z),
        grad=lambda z, a, p: a * (1 - a),
        formula=lambda m, x, p: 1 / (1 + m.exp(-x)),
        exam_form=lambda m, x, a, p: a * (1 - a),
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
        symbol="tanh",
        spellings=("tanh",),
        fn=lambda z, p: np.tanh(z),
        grad=lambda z, a, p: 1 - a * a,
        formula=lambda m, x, p: (m.exp(x) - m.exp(-x)) / (m.exp(x) + m.exp(-x)),
        exam_form=lambda m, x, a, p: 1 - a**2,
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
        symbol="hardσ",
        spellings=("hard_sigmoid", "hardsigmoid", "hard_logistic"),
        fn=lambda z, p: np.clip(0.25 * z + 0.5, 0.0, 1.0),
        grad=lambda z, a, p: indicator((z > -2) & (z < 2), z) * 0.25,
        formula=lambda m, x, p: m.Max(m.Min(x / 4 + m.Rational(1, 2), 1), 0),
        exam_form=lambda m, x, a, p: m.Piecewise(
            (m.Rational(1, 4), m.And(m.Gt(x, -2), m.Lt(x, 2))), (0, True)
        ),
        kinks=(-2.0, 2.0),
        kink_convention=Text("f′ = 0 at the corners z = ±2", "在拐点 z = ±2 处 f′ = 0"),
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
        symbol="hardtanh",
        spellings=("hard_tanh", "hardtanh"),
        fn=lambda z, p: np.clip(z, -1.0, 1.0),
        grad=lambda z, a, p: indicator((z > -1) & (z < 1), z),
        formula=lambda m, x, p: m.Max(m.Min(x, 1), -1),
        exam_form=lambda m, x, a, p: m.Piecewise((1, m.And(m.Gt(x, -1), m.Lt(x, 1))), (0, True)),
        kinks=(-1.0, 1.0),
        kink_convention=Text("f′ = 0 at the corners z = ±1", "在拐点 z = ±1 处 f′ = 0"),
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
        symbol="ReLU",
        spellings=("relu",),
        fn=lambda z, p: np.maximum(z, 0),
        grad=lambda z, a, p: indicator(z > 0, z),
        vector_jacobian=lambda z, a, g, p: np.where(z > 0, g, 0).astype(g.dtype, copy=False),
        formula=lambda m, x, p: m.Max(0, x),
        exam_form=lambda m, x, a, p: m.Piecewise((1, m.Gt(x, 0)), (0, True)),
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
        symbol="LReLU",
        spellings=("leaky_relu", "leakyrelu", "lrelu"),
        params=(Param("gamma", 0.01, symbol="γ", title=GAMMA_SLOPE, spellings=("alpha", "α")),),
        fn=lambda z, p: np.where(z > 0, z, p["gamma"] * z),
        grad=lambda z, a, p: np.where(z > 0, 1.0, p["gamma"]).astype(z.dtype),
        formula=lambda m, x, p: m.Max(0, x) + p["gamma"] * m.Min(0, x),
        exam_form=lambda m, x, a, p: m.Piecewise((1, m.Gt(x, 0)), (p["gamma"], True)),
        kinks=(0.0,),
        kink_convention=LEFT_SLOPE_AT_ZERO,
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
        zero_centred=None,
        title=Text("parametric ReLU (PReLU)", "带参数的 ReLU (PReLU)"),
        symbol="PReLU",
        spellings=("prelu",),
        params=(
            Param(
                "gamma",
                0.25,
                learnable=True,
                per_neuron=True,
                symbol="γ",
                title=Text("learnable slope γᵢ for z ≤ 0", "z ≤ 0 时可学习的斜率 γᵢ"),
                spellings=("alpha", "α"),
            ),
        ),
        fn=lambda z, p: np.where(z > 0, z, p["gamma"] * z),
        grad=lambda z, a, p: np.where(z > 0, 1.0, p["gamma"]).astype(z.dtype),
        param_grads=lambda z, a, p: {"gamma": np.minimum(z, 0)},
        formula=lambda m, x, p: m.Max(0, x) + p["gamma"] * m.Min(0, x),
        exam_form=lambda m, x, a, p: m.Piecewise((1, m.Gt(x, 0)), (p["gamma"], True)),
        param_exam_forms=lambda m, x, p: {"gamma": m.Min(0, x)},
        kinks=(0.0,),
        kink_convention=LEFT_SLOPE_AT_ZERO,
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
        zero_centred=True,
        title=Text("exponential linear unit ELU", "指数线性单元 ELU"),
        symbol="ELU",
        spellings=("elu",),
        params=(
            Param(
                "gamma",
                1.0,
                symbol="γ",
                title=Text("scale γ of the negative part", "负半轴的系数 γ"),
                spellings=("alpha", "α"),
            ),
        ),
        fn=lambda z, p: np.where(z > 0, z, p["gamma"] * np.expm1(np.minimum(z, 0))),
        grad=lambda z, a, p: np.where(z > 0, 1.0, a + p["gamma"]).astype(z.dtype),
        formula=lambda m, x, p: m.Max(0, x) + m.Min(0, p["gamma"] * (m.exp(x) - 1)),
        exam_form=lambda m, x, a, p: m.Piecewise((1, m.Gt(x, 0)), (a + p["gamma"], True)),
        kinks=(0.0,),
        kink_convention=LEFT_SLOPE_AT_ZERO,
        exam_form_text="1 (z > 0); γeᶻ = a + γ (z ≤ 0)",
        output_range="(−γ, ∞)",
        smooth=False,
        note=Text(
            "negative outputs push the mean activation towards zero: approximately zero-centred",
            "负半轴输出使平均激活值更接近零：近似以零为中心",
        ),
    ),
    _A(
        name="softplus",
        title=Text("softplus", "Softplus 函数"),
        symbol="softplus",
        spellings=("softplus",),
        fn=lambda z, p: np.logaddexp(0, z),
        grad=lambda z, a, p: sigmoid(z),
        formula=lambda m, x, p: m.log(1 + m.exp(x)),
        exam_form=lambda m, x, a, p: m.sigmoid(x),
        exam_form_text="σ(z)",
        output_range="(0, ∞)",
        note=Text("a smooth version of ReLU", "ReLU 的平滑版本"),
    ),
    _A(
        name="swish",
        zero_centred=None,
        title=Text("swish", "Swish 函数"),
        symbol="swish",
        spellings=("swish", "silu"),
        params=(Param("beta", 1.0, symbol="β", title=Text("gate slope β", "门控斜率 β")),),
        fn=lambda z, p: z * sigmoid(p["beta"] * z),
        grad=lambda z, a, p: (s := sigmoid(p["beta"] * z)) + p["beta"] * z * s * (1 - s),
        formula=lambda m, x, p: x / (1 + m.exp(-p["beta"] * x)),
        exam_form=lambda m, x, a, p: (s := m.sigmoid(p["beta"] * x)) + p["beta"] * x * s * (1 - s),
        param_exam_forms=lambda m, x, p: {"beta": x**2 * (s := m.sigmoid(p["beta"] * x)) * (1 - s)},
        exam_form_text="σ(βz) + βzσ(βz)(1−σ(βz))",
        output_range="(≈−0.28/β, ∞)",
        monotone=False,
        note=Text(
            "self-gated, not monotone; β = 0 gives z/2, β → ∞ gives ReLU",
            "自门控、非单调；β = 0 时为 z/2，β → ∞ 时趋于 ReLU",
        ),
    ),
    _A(
        name="mish",
        zero_centred=None,
        sample=False,
        title=Text("Mish", "Mish 函数"),
        symbol="mish",
        spellings=("mish",),
        fn=lambda z, p: z * np.tanh(np.logaddexp(0, z)),
        grad=lambda z, a, p: (t := np.tanh(np.logaddexp(0, z))) + z * (1 - t * t) * sigmoid(z),
        formula=lambda m, x, p: x * m.tanh(m.log(1 + m.exp(x))),
        exam_form=lambda m, x, a, p: (
            (t := m.tanh(m.log(1 + m.exp(x)))) + x * (1 - t**2) * m.sigmoid(x)
        ),
        exam_form_text="tanh(softplus z) + z(1 − tanh²(softplus z))σ(z)",
        output_range="(≈−0.31, ∞)",
        monotone=False,
        note=Text(
            "z·tanh(softplus z): smooth and self-gated like swish, not monotone",
            "z·tanh(softplus z)：与 Swish 一样平滑、自门控，非单调",
        ),
    ),
    _A(
        name="gelu",
        zero_centred=None,
        title=Text("GELU (exact, erf)", "GELU（精确，erf）"),
        symbol="GELU",
        spellings=("gelu",),
        fn=lambda z, p: z * normal_cdf(z),
        grad=lambda z, a, p: normal_cdf(z) + z * normal_pdf(z),
        formula=lambda m, x, p: x * m.Phi(x),
        exam_form=lambda m, x, a, p: m.Phi(x) + x * m.phi(x),
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
        zero_centred=None,
        title=Text("GELU, tanh approximation", "GELU（tanh 近似）"),
        symbol="GELU_tanh",
        spellings=("gelu_tanh",),
        fn=lambda z, p: 0.5 * z * (1 + np.tanh(GELU_TANH_C * (z + GELU_TANH_K * z**3))),
        grad=lambda z, a, p: (
            0.5 * (1 + (t := np.tanh(GELU_TANH_C * (z + GELU_TANH_K * z**3))))
            + 0.5 * z * (1 - t * t) * GELU_TANH_C * (1 + 3 * GELU_TANH_K * z * z)
        ),
        formula=lambda m, x, p: x * (1 + m.tanh(_gelu_tanh_inner(m, x))) / 2,
        exam_form=lambda m, x, a, p: (
            (1 + (t := m.tanh(_gelu_tanh_inner(m, x)))) / 2
            + x / 2 * (1 - t**2) * m.sqrt(2 / m.pi) * (1 + 3 * m.Rational(44715, 10**6) * x**2)
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
        zero_centred=None,
        title=Text("GELU, sigmoid approximation", "GELU（sigmoid 近似）"),
        symbol="GELU_σ",
        spellings=("gelu_sigmoid",),
        fn=lambda z, p: z * sigmoid(GELU_SIGMOID_K * z),
        grad=lambda z, a, p: (s := sigmoid(GELU_SIGMOID_K * z)) + GELU_SIGMOID_K * z * s * (1 - s),
        formula=lambda m, x, p: x / (1 + m.exp(-m.Rational(1702, 1000) * x)),
        exam_form=lambda m, x, a, p: (
            (s := m.sigmoid(m.Rational(1702, 1000) * x)) + m.Rational(1702, 1000) * x * s * (1 - s)
        ),
        exam_form_text="σ(1.702z) + 1.702zσ(1.702z)(1−σ(1.702z))",
        output_range="(≈−0.164, ∞)",
        monotone=False,
        note=Text("zσ(1.702z): swish with β = 1.702", "zσ(1.702z)：β = 1.702 的 Swish"),
    ),
    _A(
        name="dyt",
        title=Text("dynamic tanh DyT", "动态 Tanh (DyT)"),
        symbol="DyT",
        spellings=("dyt",),
        params=(
            Param(
                "alpha", 0.5, learnable=True, symbol="α", title=Text("input scale α", "输入缩放 α")
            ),
            Param(
                "gamma",
                1.0,
                learnable=True,
                per_neuron=True,
                symbol="γ",
                title=Text("output scale γ", "输出缩放 γ"),
            ),
            Param(
                "beta",
                0.0,
                learnable=True,
                per_neuron=True,
                symbol="β",
                title=Text("output shift β", "输出平移 β"),
            ),
        ),
        fn=lambda z, p: p["gamma"] * np.tanh(p["alpha"] * z) + p["beta"],
        grad=lambda z, a, p: p["gamma"] * p["alpha"] * (1 - np.tanh(p["alpha"] * z) ** 2),
        param_grads=lambda z, a, p: {
            "alpha": p["gamma"] * z * (1 - (t := np.tanh(p["alpha"] * z)) ** 2),
            "gamma": t,
            "beta": np.ones_like(z),
        },
        formula=lambda m, x, p: p["gamma"] * m.tanh(p["alpha"] * x) + p["beta"],
        exam_form=lambda m, x, a, p: p["gamma"] * p["alpha"] * (1 - m.tanh(p["alpha"] * x) ** 2),
        param_exam_forms=lambda m, x, p: {
            "alpha": p["gamma"] * x * (1 - m.tanh(p["alpha"] * x) ** 2),
            "gamma": m.tanh(p["alpha"] * x),
            "beta": m.Integer(1),
        },
        exam_form_text="γα(1−tanh²(αz)); ∂/∂α = γz(1−tanh²(αz)), ∂/∂γ = tanh(αz), ∂/∂β = 1",
        output_range="(β−γ, β+γ)",
        saturating=True,
        zero_centred=True,
        note=Text(
            "γ·tanh(αz)+β replaces normalisation layers in Transformers (CVPR 2025); "
            "zero-centred while β = 0",
            "γ·tanh(αz)+β，在 Transformer 中替代归一化层（CVPR 2025）；β = 0 时以零为中心",
        ),
    ),
    _A(
        name="maxout",
        title=Text("maxout", "Maxout 单元"),
        symbol="maxout",
        spellings=("maxout",),
        params=(Param("k", 2, integer=True, symbol="k", title=Text("pieces k", "片段数 k")),),
        fn=_maxout_fn,
        vector_jacobian=_maxout_vjp,
        formula=_maxout_formula,
        exam_form=_maxout_jacobian,
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
        symbol="softmax",
        spellings=("softmax",),
        fn=lambda z, p: softmax(z),
        vector_jacobian=_softmax_vjp,
        formula=_softmax_formula,
        exam_form=_softmax_jacobian,
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
