"""The typical mistakes of a derivative f′(x) (issue #13), each "title: formula" in en and zh.

An explanation names the right form ``{form}`` (the catalog's exam form of the activation);
:func:`explained` fills it in. How each mistake is *made* is in :mod:`.derivative_mistakes`.
"""

from __future__ import annotations

from ..i18n import Text
from .mistake import Mistake

_M = Mistake

DERIVATIVE_MISTAKES: tuple[Mistake, ...] = (
    _M(
        "default_parameter_only",
        Text("right only for the default parameter", "只在默认参数下正确"),
        Text(
            "Your answer is right for {values}; write it in terms of {names}: f′(x) = {form}.",
            "你的答案在 {values} 时正确；请用 {names} 表示：f′(x) = {form}。",
        ),
    ),
    _M(
        "sign_flip",
        Text("sign flipped", "符号反了"),
        Text(
            "f′(x) = {form}; your answer is its negative. Check the sign of each term.",
            "f′(x) = {form}；你的答案是它的相反数。请检查每一项的符号。",
        ),
    ),
    _M(
        "gave_f_not_fprime",
        Text("gave f instead of f′", "写成了 f 而不是 f′"),
        Text(
            "Your answer is the function f(x) itself; its derivative is f′(x) = {form}.",
            "你的答案是函数 f(x) 本身；它的导数是 f′(x) = {form}。",
        ),
    ),
    _M(
        "x_for_sigma",
        Text("x where the output f(x) was meant", "把输出 f(x) 写成了 x"),
        Text(
            "In f′(x) = {form}, a stands for the output a = f(x), not for the input x.",
            "在 f′(x) = {form} 中，a 表示输出 a = f(x)，而不是输入 x。",
        ),
    ),
    _M(
        "forgot_square",
        Text("forgot the square", "漏了平方"),
        Text(
            "f′(x) = {form}: the derivative of tanh(u) is 1 − tanh²(u), with the square.",
            "f′(x) = {form}：tanh(u) 的导数是 1 − tanh²(u)，带平方。",
        ),
    ),
    _M(
        "forgot_chain_factor",
        Text("forgot the chain-rule factor", "漏了链式法则的因子"),
        Text(
            "f′(x) = {form}: by the chain rule the derivative of the inner argument (β in σ(βx), "
            "α in tanh(αx)) multiplies the outer derivative.",
            "f′(x) = {form}：根据链式法则，内层自变量的导数（σ(βx) 中的 β、tanh(αx) 中的 α）要乘在外层导数上。",
        ),
    ),
    _M(
        "missing_product_term",
        Text("a product-rule term is missing", "漏了乘积法则的一项"),
        Text(
            "f(x) = x·g(x), so f′(x) = g(x) + x·g′(x) = {form}: both terms are needed.",
            "f(x) = x·g(x)，所以 f′(x) = g(x) + x·g′(x) = {form}：两项都需要。",
        ),
    ),
    _M(
        "branches_swapped",
        Text("the two branches are swapped", "两段写反了"),
        Text(
            "f′(x) = {form}: each value belongs to the other condition.",
            "f′(x) = {form}：每个值都应属于另一个条件。",
        ),
    ),
    _M(
        "softmax_diagonal_only",
        Text("only the diagonal of the Jacobian", "只写了雅可比矩阵的对角线"),
        Text(
            "∂yᵢ/∂zⱼ = yᵢ(δᵢⱼ − yⱼ), so the Jacobian is diag(y) − y yᵀ: its off-diagonal entries "
            "−yᵢyⱼ are not 0, and diag(y(1 − y)) is only its diagonal.",
            "∂yᵢ/∂zⱼ = yᵢ(δᵢⱼ − yⱼ)，所以雅可比矩阵是 diag(y) − y yᵀ：非对角元素 −yᵢyⱼ 不为 0，"
            "diag(y(1 − y)) 只是它的对角线。",
        ),
    ),
)
BY_KEY: dict[str, Mistake] = {m.key: m for m in DERIVATIVE_MISTAKES}


def explained(key: str, form: str, **fields: str) -> Mistake:
    """The mistake ``key`` with its explanation filled in for this activation."""
    mistake = BY_KEY[key]
    return mistake.with_explanation(mistake.explanation.format(form=form, **fields))
