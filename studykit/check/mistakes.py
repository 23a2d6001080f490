"""The catalog of typical backpropagation mistakes, each a way to perturb the solver.

A mistake's ``variants(setting)`` lists the :class:`~studykit.check.solver.Perturb` settings that
carry it out on a given network (e.g. forgetting f′ in every layer, or in one layer only). An
answer is diagnosed as a mistake when it matches what one of those variants computes.
"""

from __future__ import annotations

from collections.abc import Callable

from ..i18n import Text
from .mistake import Mistake
from .solver import Perturb, Setting, variant


def _layers(s: Setting) -> list[int]:
    return list(range(1, s.spec.depth + 1))


def _per_layer(field_name: str) -> Callable[[Setting], list[Perturb]]:
    def variants(s: Setting) -> list[Perturb]:
        layers = _layers(s)
        out = [variant(**{field_name: frozenset(layers)})]
        if len(layers) > 1:
            out += [variant(**{field_name: frozenset({l})}) for l in layers]
        return out

    return variants


def _transposes(s: Setting) -> list[Perturb]:
    every = frozenset(_layers(s))
    return [
        variant(dW_transposed=True),
        variant(no_transpose=every),
        variant(no_transpose=every, dW_transposed=True),
        *(variant(no_transpose=frozenset({l})) for l in _layers(s) if len(every) > 1),
    ]


def _mse(s: Setting) -> list[Perturb]:
    family = ("mse", "mse_sum", "mse_mean")
    if s.spec.loss not in family:
        return []
    return [variant(loss=name) for name in family if name != s.spec.loss]


def _softmax_ce(s: Setting) -> list[Perturb]:
    last = s.spec.activations[-1].name
    if s.spec.loss != "softmax_cross_entropy" and not (
        s.spec.loss == "cross_entropy" and last == "softmax"
    ):
        return []
    return [variant(softmax_ce=k) for k in ("separate", "ce_only", "double")]


def _bias(s: Setting) -> list[Perturb]:
    out = [variant(bias="dropped")]
    if s.x.shape[0] > 1:
        out += [variant(bias="sum"), variant(bias="first")]
    return out


def _rounding(s: Setting) -> list[Perturb]:
    decimals = s.extra.get("decimals", 4)
    if decimals is None:
        return []
    return [variant(round_to=k) for k in (1, 2) if k < decimals]


CATALOG: tuple[Mistake, ...] = (
    Mistake(
        "softmax_ce_combined_wrongly",
        Text(
            "softmax and cross entropy differentiated separately and combined wrongly",
            "分别对 softmax 和交叉熵求导后组合错误",
        ),
        Text(
            "For softmax followed by cross entropy, ∂L/∂z = y − t. The softmax Jacobian is "
            "diag(y) − y yᵀ, not diag(y(1 − y)); multiplying −t/y by it gives y − t when Σt = 1.",
            "softmax 后接交叉熵时 ∂L/∂z = y − t。softmax 的雅可比矩阵是 diag(y) − y yᵀ，而不是 "
            "diag(y(1 − y))；用它乘 −t/y，在 Σt = 1 时得到 y − t。",
        ),
        _softmax_ce,
    ),
    Mistake(
        "forgot_fprime",
        Text("forgot f′(z)", "漏乘 f′(z)"),
        Text(
            "The error term needs the activation's derivative: δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ "
            "(and δ⁽ᴸ⁾ = ∂L/∂ŷ ⊙ f′(z⁽ᴸ⁾)). Your numbers match leaving the factor f′(z) out.",
            "误差项需要乘激活函数的导数：δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾"
            "（输出层 δ⁽ᴸ⁾ = ∂L/∂ŷ ⊙ f′(z⁽ᴸ⁾)）。你的结果与漏掉 f′(z) 这一因子时一致。",
        ),
        _per_layer("forgot_fprime"),
    ),
    Mistake(
        "fprime_of_a",
        Text("used f′(a) instead of f′(z)", "用了 f′(a) 而不是 f′(z)"),
        Text(
            "The derivative is taken at the net input z, not at the activation a. For σ the exam "
            "form σ′(z) = a(1 − a) already uses a; σ′(a) = σ(a)(1 − σ(a)) is a different number.",
            "导数应在净输入 z 处计算，而不是在激活值 a 处。对 σ 而言，σ′(z) = a(1 − a) 已经用到了 a；"
            "σ′(a) = σ(a)(1 − σ(a)) 是另一个数。",
        ),
        _per_layer("fprime_at_a"),
    ),
    Mistake(
        "forgot_bias",
        Text("forgot the bias in z", "z 中漏了偏置"),
        Text(
            "The net input is z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾: f′ is taken at z⁽ˡ⁾, bias included.",
            "净输入是 z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾：f′ 要在包含偏置的 z⁽ˡ⁾ 处计算。",
        ),
        lambda s: [variant(forgot_bias=True)],
    ),
    Mistake(
        "hadamard_for_matmul",
        Text("⊙ where the matrix product belongs", "该用矩阵乘法的地方用了 ⊙"),
        Text(
            "(W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ and δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ are matrix products; ⊙ multiplies two arrays of the "
            "same shape entry by entry: δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾.",
            "(W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ 和 δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ 是矩阵乘法；⊙ 只用于形状相同的两个数组逐元素相乘："
            "δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾。",
        ),
    ),
    Mistake(
        "matmul_for_hadamard",
        Text("a matrix product where ⊙ belongs", "该用 ⊙ 的地方用了矩阵乘法"),
        Text(
            "f′(z⁽ˡ⁾) and (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ are both [n_l × 1]: they are multiplied entry by entry, "
            "δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾, not with a transpose and a matrix product.",
            "f′(z⁽ˡ⁾) 和 (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ 都是 [n_l × 1]：二者逐元素相乘，"
            "δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾，而不是加转置后做矩阵乘法。",
        ),
    ),
    Mistake(
        "delta_T_a",
        Text("δᵀa instead of δaᵀ", "写成了 δᵀa 而不是 δaᵀ"),
        Text(
            "∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ is an outer product [n_l × 1][1 × n_(l−1)] with the shape of "
            "W⁽ˡ⁾; (δ⁽ˡ⁾)ᵀa⁽ˡ⁻¹⁾ is an inner product: one number, when the sizes even agree.",
            "∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ 是外积 [n_l × 1][1 × n_(l−1)]，与 W⁽ˡ⁾ 形状相同；"
            "(δ⁽ˡ⁾)ᵀa⁽ˡ⁻¹⁾ 是内积：即使大小一致，也只是一个数。",
        ),
    ),
    Mistake(
        "transpose",
        Text("missing or extra transpose", "漏了或多了转置"),
        Text(
            "Check the shapes: ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ has the shape of W⁽ˡ⁾, and the error goes "
            "back through the transpose: (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾.",
            "检查形状：∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ 与 W⁽ˡ⁾ 形状相同；误差通过转置反向传播：(W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾。",
        ),
        _transposes,
    ),
    Mistake(
        "wrong_layer_W",
        Text("used W⁽ˡ⁾ instead of W⁽ˡ⁺¹⁾ in δ", "在 δ 中用了 W⁽ˡ⁾ 而不是 W⁽ˡ⁺¹⁾"),
        Text(
            "δ⁽ˡ⁾ comes from the layer above: δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾, with the weights "
            "that connect layer l to layer l+1.",
            "δ⁽ˡ⁾ 来自上一层：δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾，用的是连接第 l 层和第 l+1 层的权重。",
        ),
        lambda s: [variant(wrong_W="T"), variant(wrong_W="N")],
    ),
    Mistake(
        "wrong_layer_a",
        Text("used a⁽ˡ⁾ instead of a⁽ˡ⁻¹⁾ in ∂L/∂W", "在 ∂L/∂W 中用了 a⁽ˡ⁾ 而不是 a⁽ˡ⁻¹⁾"),
        Text(
            "∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ: the weight w⁽ˡ⁾ᵢⱼ multiplies the input a⁽ˡ⁻¹⁾ⱼ of the "
            "layer, not its output.",
            "∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ：权重 w⁽ˡ⁾ᵢⱼ 乘的是该层的输入 a⁽ˡ⁻¹⁾ⱼ，而不是该层的输出。",
        ),
        lambda s: [variant(wrong_a=True), variant(wrong_a=True, dW_transposed=True)],
    ),
    Mistake(
        "mse_factor",
        Text("wrong MSE factor (½ vs 1, sum vs mean)", "均方误差的系数错误（½ 与 1，求和与平均）"),
        Text(
            "Use the problem's MSE: ½‖ŷ − t‖² gives ∂L/∂ŷ = ŷ − t; ‖ŷ − t‖² gives 2(ŷ − t); "
            "the mean (1/n)‖ŷ − t‖² gives (2/n)(ŷ − t).",
            "请使用题目规定的均方误差：½‖ŷ − t‖² 的梯度为 ŷ − t；‖ŷ − t‖² 的梯度为 2(ŷ − t)；"
            "平均形式 (1/n)‖ŷ − t‖² 的梯度为 (2/n)(ŷ − t)。",
        ),
        _mse,
    ),
    Mistake(
        "update_sign",
        Text("wrong sign in the update", "更新的符号错误"),
        Text(
            "Gradient descent steps against the gradient: θ ← θ − η ∂L/∂θ.",
            "梯度下降沿梯度的反方向更新：θ ← θ − η ∂L/∂θ。",
        ),
        lambda s: [variant(update_sign=-1)],
    ),
    Mistake(
        "delta_sign",
        Text("sign of (y − t) flipped in δ", "δ 中 (y − t) 的符号反了"),
        Text(
            "The output gradient is ∂L/∂ŷ = ŷ − t for the ½-MSE (and δ⁽ᴸ⁾ = ŷ − t for softmax "
            "with cross entropy), not t − ŷ; every later δ and gradient takes its sign.",
            "输出层梯度是 ∂L/∂ŷ = ŷ − t（½ 均方误差；softmax 加交叉熵时 δ⁽ᴸ⁾ = ŷ − t），"
            "而不是 t − ŷ；之后的每个 δ 和梯度都随之变号。",
        ),
        lambda s: [variant(output_sign=-1)],
    ),
    Mistake(
        "updated_weights_backward",
        Text("used updated weights in the backward pass", "反向传播时用了更新后的权重"),
        Text(
            "Compute every gradient with the weights of the forward pass first, and update all "
            "weights only afterwards.",
            "应先用前向传播时的权重算出全部梯度，最后再统一更新权重。",
        ),
        lambda s: [variant(updated_weights=True)],
    ),
    Mistake(
        "bias_gradient",
        Text(
            "bias gradient dropped or summed wrongly over the batch",
            "偏置梯度漏掉或在批量上求和错误",
        ),
        Text(
            "∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾ for one sample; over a batch it is the mean of the samples' δ⁽ˡ⁾ "
            "(like ∂L/∂W), and the bias is updated too.",
            "单个样本时 ∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾；对一个批量，它是各样本 δ⁽ˡ⁾ 的平均值（与 ∂L/∂W 相同），而且偏置也要更新。",
        ),
        _bias,
    ),
    Mistake(
        "early_rounding",
        Text("rounded too early", "过早四舍五入"),
        Text(
            "Keep the problem's number of decimals in every intermediate value; rounding earlier "
            "steps more coarsely changes the later ones.",
            "每个中间结果都要保留题目规定的小数位数；中间步骤舍入过粗会改变后面的结果。",
        ),
        _rounding,
    ),
)
#: Mistakes of a number that are no perturbation of the network (:mod:`.number_mistakes`).
NUMBER_MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "scalar_sign_flip",
        Text("sign flipped", "符号反了"),
        Text(
            "Your number has the right size but the opposite sign: check the sign of each factor "
            "(e.g. ŷ − t, not t − ŷ; L = −log ŷ ≥ 0).",
            "你的数大小正确但符号相反：请检查每个因子的符号（例如 ŷ − t 而不是 t − ŷ；L = −log ŷ ≥ 0）。",
        ),
    ),
    Mistake(
        "count_without_biases",
        Text("counted the weights only", "只数了权重"),
        Text(
            "A layer pair n₁ → n₂ has n₁n₂ weights and n₂ biases: n₁n₂ + n₂ parameters.",
            "相邻两层 n₁ → n₂ 有 n₁n₂ 个权重和 n₂ 个偏置：共 n₁n₂ + n₂ 个参数。",
        ),
    ),
)


def _all() -> dict[str, Mistake]:
    from .derivative_catalog import DERIVATIVE_MISTAKES

    return {m.key: m for m in (*CATALOG, *NUMBER_MISTAKES, *DERIVATIVE_MISTAKES)}


MISTAKES: dict[str, Mistake] = _all()
