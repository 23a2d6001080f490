"""The worked solution of an ``output_layer`` problem: e^z, the sigmoid outputs and their sum, the
softmax and its sum, why each choice fits or not, and ∂L/∂z for the pairing that fits."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from .... import math as fm
from ...model import Rounding, Step
from .._basic import Text, show, step, values_node
from .choices import KEYS, PAIRINGS, RIGHT_PAIRING, fit_note
from .numbers import Logit, Numbers

V = fm.Var
E, L = V("e"), V("L")
ZI, ZJ = V("z", sub="i"), V("z", sub="j")
SIGMA_I = fm.Call("σ", (ZI,))


def steps(
    logits: Sequence[Logit],
    task: str,
    target: Sequence[Fraction] | None,
    order: Sequence[str],
    nums: Numbers,
    rounding: Rounding,
) -> list[Step]:
    """The output steps, one step per choice (in ``order``), then ∂L/∂z when a target is given."""
    sig_sum_node = show(nums.sigmoid_sum_c, rounding)
    out = _output_steps(logits, nums, rounding, sig_sum_node)
    right = RIGHT_PAIRING[task]
    for i, name in enumerate(order):
        pairing = PAIRINGS[name]
        out.append(
            step(
                Text("Choice {k}: ", "选项 {k}：").format(k=KEYS[i]) + pairing.text,
                note=fit_note(pairing, task, sig_sum_node),
                answer_id="choice" if name == right else None,
            )
        )
    if target is not None and nums.grad_c is not None:
        out.append(_gradient_step(task, target, nums, rounding))
    return out


def _sigma_sub(lg: Logit, rounding: Rounding) -> fm.Node:
    """1/(1 + e^(−z)) with the number put in: e^(−z) exactly without a calculator."""
    if lg.ln_of is not None or rounding.decimals is None:
        inverse = 1 / lg.exp
        return fm.Frac(fm.num(1), fm.add(fm.num(1), show(inverse, rounding)))
    return fm.Frac(fm.num(1), fm.add(fm.num(1), fm.Pow(E, show(-lg.value))))


def _exp_sub(lg: Logit) -> fm.Node:
    """e^z with the logit put in; exp(±ln k) for logarithms (no superscript ln)."""
    if lg.ln_of is None or lg.ln_of == 1:
        return fm.Pow(E, lg.node)
    return fm.Call("exp", (lg.node,))


def _output_steps(
    logits: Sequence[Logit], nums: Numbers, rounding: Rounding, sig_sum_node: fm.Node
) -> list[Step]:
    """e^(zᵢ), σ(zᵢ) = 1/(1 + e^(−zᵢ)) and Σ σ(zᵢ), yᵢ = e^(zᵢ)/Σⱼ e^(zⱼ) and Σ yᵢ = 1."""
    exp_note = None
    if any(lg.ln_of is not None and lg.ln_of != 1 for lg in logits):
        exp_note = Text("e^(ln k) = k and e^(−ln k) = 1/k", "e^(ln k) = k，e^(−ln k) = 1/k")
    return [
        step(
            Text("Exponentials of the logits", "logits 的指数"),
            fm.Pow(E, ZI),
            fm.vector([_exp_sub(lg) for lg in logits]),
            values_node(nums.exps_c, rounding),
            note=exp_note,
        ),
        step(
            Text("Sigmoid on every output unit", "每个输出单元上的 sigmoid"),
            fm.eq(SIGMA_I, fm.Frac(fm.num(1), fm.add(fm.num(1), fm.Pow(E, fm.Neg(ZI))))),
            fm.vector([_sigma_sub(lg, rounding) for lg in logits]),
            values_node(nums.sigmoid_c, rounding),
            answer_id="sigmoid",
        ),
        step(
            Text("Sum of the sigmoid outputs", "sigmoid 输出之和"),
            fm.Sum(SIGMA_I, "i"),
            fm.add(*[show(v, rounding) for v in nums.sigmoid_c]),
            sig_sum_node,
            answer_id="sigmoid_sum",
            note=_sigmoid_sum_note(nums),
        ),
        step(
            Text("Softmax over the output layer", "整个输出层上的 softmax"),
            fm.eq(V("y", sub="i"), fm.Frac(fm.Pow(E, ZI), fm.Sum(fm.Pow(E, ZJ), "j"))),
            fm.Frac(values_node(nums.exps_c, rounding), show(sum(nums.exps_c), rounding)),
            values_node(nums.softmax_c, rounding),
            answer_id="softmax",
        ),
        step(
            Text("Sum of the softmax outputs", "softmax 输出之和"),
            fm.Sum(V("y", sub="i"), "i"),
            fm.add(*[show(v, rounding) for v in nums.softmax_c]),
            fm.num(1)
            if nums.softmax_sum_c == 1
            else fm.approx(show(nums.softmax_sum_c, rounding), fm.num(1)),
            answer_id="softmax_sum",
            note=_softmax_sum_note(nums, rounding),
        ),
    ]


def _sigmoid_sum_note(nums: Numbers) -> Text:
    """Nothing ties the σ(zᵢ) together, even when their sum happens to be 1."""
    if nums.sigmoid_sum_c == 1:
        return Text(
            "Here the sum happens to be 1 (σ(−z) = 1 − σ(z)), but nothing ties the σ(zᵢ) "
            "together: in general their sum is not 1.",
            "此处和恰好为 1（σ(−z) = 1 − σ(z)），但各 σ(zᵢ) 之间没有约束：一般情况下其和不为 1。",
        )
    return Text(
        "Each σ(zᵢ) is computed on its own: nothing makes them add to 1.",
        "每个 σ(zᵢ) 都是单独计算的：没有任何约束使它们的和为 1。",
    )


def _softmax_sum_note(nums: Numbers, rounding: Rounding) -> Text:
    """Σᵢ yᵢ = 1 exactly, even when the rounded entries add to 0.9999."""
    if nums.softmax_sum_c != 1:
        return Text(
            "The rounded entries add to {s}; exactly, Σᵢ yᵢ = Σᵢ e^(zᵢ) / Σⱼ e^(zⱼ) = 1.",
            "四舍五入后的各分量之和为 {s}；精确地，Σᵢ yᵢ = Σᵢ e^(zᵢ) / Σⱼ e^(zⱼ) = 1。",
        ).format(s=fm.to_text(show(nums.softmax_sum_c, rounding)))
    return Text(
        "Always exactly 1: numerator and denominator are the same sum Σⱼ e^(zⱼ).",
        "恒为 1：分子与分母是同一个和 Σⱼ e^(zⱼ)。",
    )


def _gradient_step(
    task: str, target: Sequence[Fraction], nums: Numbers, rounding: Rounding
) -> Step:
    """Softmax + CE: ∂L/∂z = y − t; sigmoid + BCE: ∂L/∂zᵢ = σ(zᵢ) − tᵢ."""
    assert nums.grad_c is not None
    t_node = values_node(list(target))
    if task == "multi_class":
        return step(
            Text(
                "Gradient of softmax + cross entropy with respect to the logits",
                "softmax + 交叉熵对 logits 的梯度",
            ),
            fm.eq(fm.Partial(L, V("z")), fm.sub(V("y"), V("t"))),
            fm.sub(values_node(nums.softmax_c, rounding), t_node),
            values_node(nums.grad_c, rounding),
            answer_id="grad",
            note=Text(
                "L = −Σ tᵢ ln yᵢ; the softmax Jacobian diag(y) − y yᵀ times −t/y gives "
                "y − t (Σ tᵢ = 1).",
                "L = −Σ tᵢ ln yᵢ；softmax 的雅可比矩阵 diag(y) − y yᵀ 乘以 −t/y 得 y − t"
                "（Σ tᵢ = 1）。",
            ),
        )
    return step(
        Text(
            "Gradient of sigmoid + binary cross entropy with respect to the logits",
            "sigmoid + 二元交叉熵对 logits 的梯度",
        ),
        fm.eq(
            fm.Partial(L, ZI),
            fm.mul(
                fm.Frac(
                    fm.sub(SIGMA_I, V("t", sub="i")),
                    fm.mul(SIGMA_I, fm.Paren(fm.sub(fm.num(1), SIGMA_I))),
                ),
                SIGMA_I,
                fm.Paren(fm.sub(fm.num(1), SIGMA_I)),
            ),
            fm.sub(SIGMA_I, V("t", sub="i")),
        ),
        fm.sub(values_node(nums.sigmoid_c, rounding), t_node),
        values_node(nums.grad_c, rounding),
        answer_id="grad",
        note=Text(
            "chain rule: ∂L/∂σ · σ′(z) with σ′ = σ(1 − σ); every class on its own.",
            "链式法则：∂L/∂σ · σ′(z)，其中 σ′ = σ(1 − σ)；每个类别各自计算。",
        ),
    )
