"""THE losses (COURSE.md C5): every fact about each one, in one entry. Builders take an algebra
``m`` (see :mod:`.model`)."""

from __future__ import annotations

import numpy as np

from ..i18n import Text
from .model import Loss
from .numeric import log_softmax, softmax


def _smooth_l1(d: np.ndarray) -> np.ndarray:
    ad = np.abs(d)
    return np.where(ad < 1, 0.5 * d * d, ad - 0.5)


_L = Loss

LOSS_LIST: list[Loss] = [
    _L(
        name="mse",
        title=Text("mean squared error, ½ sum", "均方误差（½ 求和）"),
        fn=lambda y, t: 0.5 * ((y - t) ** 2).sum(axis=-1),
        grad=lambda y, t: y - t,
        formula=lambda m, ys, ts: sum((y - t) ** 2 for y, t in zip(ys, ts, strict=True)) / 2,
        exam_grad=lambda m, ys, ts: [y - t for y, t in zip(ys, ts, strict=True)],
        formula_text="½‖ŷ−t‖²",
        grad_text="ŷ − t",
    ),
    _L(
        name="mse_sum",
        title=Text("squared error, sum", "平方误差（求和）"),
        fn=lambda y, t: ((y - t) ** 2).sum(axis=-1),
        grad=lambda y, t: 2 * (y - t),
        formula=lambda m, ys, ts: sum((y - t) ** 2 for y, t in zip(ys, ts, strict=True)),
        exam_grad=lambda m, ys, ts: [2 * (y - t) for y, t in zip(ys, ts, strict=True)],
        formula_text="‖ŷ−t‖²",
        grad_text="2(ŷ − t)",
    ),
    _L(
        name="mse_mean",
        title=Text("mean squared error, mean", "均方误差（平均）"),
        fn=lambda y, t: ((y - t) ** 2).mean(axis=-1),
        grad=lambda y, t: 2 * (y - t) / y.shape[-1],
        formula=lambda m, ys, ts: sum((y - t) ** 2 for y, t in zip(ys, ts, strict=True)) / len(ys),
        exam_grad=lambda m, ys, ts: [2 * (y - t) / len(ys) for y, t in zip(ys, ts, strict=True)],
        formula_text="(1/n)‖ŷ−t‖²",
        grad_text="(2/n)(ŷ − t)",
    ),
    _L(
        name="l1",
        title=Text("L1 (absolute error)", "L1 损失（绝对误差）"),
        fn=lambda y, t: np.abs(y - t).sum(axis=-1),
        grad=lambda y, t: np.sign(y - t),
        formula=lambda m, ys, ts: sum(m.Abs(y - t) for y, t in zip(ys, ts, strict=True)),
        exam_grad=lambda m, ys, ts: [m.sign(y - t) for y, t in zip(ys, ts, strict=True)],
        formula_text="Σ|ŷ−t|",
        grad_text="sign(ŷ − t)",
        kinks=(0.0,),
    ),
    _L(
        name="smooth_l1",
        title=Text("smooth L1", "Smooth-L1 损失"),
        fn=lambda y, t: _smooth_l1(y - t).sum(axis=-1),
        grad=lambda y, t: np.clip(y - t, -1.0, 1.0),
        formula=lambda m, ys, ts: sum(
            m.Piecewise(
                ((y - t) ** 2 / 2, m.Lt(m.Abs(y - t), 1)), (m.Abs(y - t) - m.Rational(1, 2), True)
            )
            for y, t in zip(ys, ts, strict=True)
        ),
        exam_grad=lambda m, ys, ts: [
            m.Piecewise((y - t, m.Lt(m.Abs(y - t), 1)), (m.sign(y - t), True))
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
        formula=lambda m, ys, ts: -sum(t * m.log(y) for y, t in zip(ys, ts, strict=True)),
        exam_grad=lambda m, ys, ts: [-t / y for y, t in zip(ys, ts, strict=True)],
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
        fn=lambda y, t: -(t * log_softmax(y)).sum(axis=-1),
        grad=lambda y, t: softmax(y) * t.sum(axis=-1, keepdims=True) - t,
        formula=lambda m, ys, ts: (
            -sum(t * (y - m.log(sum(m.exp(v) for v in ys))) for y, t in zip(ys, ts, strict=True))
        ),
        exam_grad=lambda m, ys, ts: [
            m.exp(y) / sum(m.exp(v) for v in ys) * sum(ts) - t for y, t in zip(ys, ts, strict=True)
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
        formula=lambda m, ys, ts: (
            -sum(t * m.log(y) + (1 - t) * m.log(1 - y) for y, t in zip(ys, ts, strict=True))
        ),
        exam_grad=lambda m, ys, ts: [(y - t) / (y * (1 - y)) for y, t in zip(ys, ts, strict=True)],
        formula_text="−Σ [t log y + (1−t) log(1−y)]",
        grad_text="(y − t) / (y(1 − y)); y = σ(s) ⇒ ∂L/∂s = σ(s) − t",
        needs_probabilities=True,
        note=Text(
            "with t = 1 after a sigmoid it is cs224n's J = −log σ(s), ∂J/∂s = σ(s) − 1",
            "t = 1 且输出经过 sigmoid 时即 cs224n 的 J = −log σ(s)，∂J/∂s = σ(s) − 1",
        ),
    ),
]
