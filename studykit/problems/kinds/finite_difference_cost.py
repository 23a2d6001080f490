"""C12 ``finite_difference_cost``: what numerical differentiation costs for n parameters.

Perturbing one parameter θᵢ at a time, the one-sided difference (L(θ + heᵢ) − L(θ))/h needs
n + 1 forward passes (L(θ) once, shared) and the central difference
(L(θ + heᵢ) − L(θ − heᵢ))/2h needs 2n. Counting one multiply-add per weight, a forward pass of
a fully connected net costs M = Σ n_(l−1)·n_l, so the central gradient costs 2n·M multiply-adds:
O(n²), against one forward and one backward pass for backpropagation.

Difficulty 1 gives n; 2 gives a small layer chain (n is its parameter count n₁n₂ + n₂ per
layer pair); 3 a long chain such as the notes' 512→256→128→64→32→10 (n = 174,890), with M and
2n·M. Hand route: the formulas. Second route: the engine — the parameter arrays of a
:class:`~studykit.engine.Network` built from the chain, and for small nets the number of loss
evaluations :func:`studykit.engine.gradcheck.numerical_gradient` actually makes.
"""

from __future__ import annotations

import random

import numpy as np

from ... import math as fm
from ...engine.gradcheck import numerical_gradient
from ...engine.network import Network
from ...spec import spec_from_dict
from ..model import Answer, Problem, Rounding, Step
from ..registry import Kind, Options, VerificationError, register
from ._basic import Text, conventions, make_problem, para, pick, step

NOTES_CHAIN = (512, 256, 128, 64, 32, 10)
GIVEN_N = (10, 50, 100, 250, 1000, 5000, 20000)
SMALL_CHAINS = ((2, 3, 1), (3, 4, 2), (4, 3, 2), (2, 5, 3), (10, 5, 2), (8, 4, 4, 2))
LONG_CHAINS = (
    NOTES_CHAIN,
    (784, 256, 128, 10),
    (1024, 512, 256, 10),
    (256, 128, 64, 32, 10),
    (784, 128, 64, 32, 16, 10),
)
COUNTED_BY_RUNNING = 400  # run the engine's central differences for nets up to this size
V = fm.Var
N = V("n")


def parameter_count(chain: tuple[int, ...]) -> int:
    """Σ (n_(l−1)·n_l + n_l) over the layer pairs."""
    return sum(p * n + n for p, n in zip(chain, chain[1:], strict=False))


def multiply_adds(chain: tuple[int, ...]) -> int:
    """One multiply-add per weight: Σ n_(l−1)·n_l."""
    return sum(p * n for p, n in zip(chain, chain[1:], strict=False))


def engine_counts(chain: tuple[int, ...]) -> dict[str, int]:
    """n and M from the engine's arrays; for a small net, the loss evaluations of its central
    differences over every parameter."""
    spec = spec_from_dict(
        {"network": {"layers": list(chain), "activation": "sigmoid", "init": "zeros"}}
    )
    network = Network.from_spec(spec)
    params = network.params()
    counts = {
        "n": sum(int(a.size) for a in params.values()),
        "M": sum(int(layer.W.size) for layer in network.layers),
    }
    if counts["n"] <= COUNTED_BY_RUNNING:
        x, t = np.zeros((1, chain[0])), np.zeros((1, chain[-1]))
        calls = 0

        def loss() -> float:
            nonlocal calls
            calls += 1
            return network.loss_value(x, t)

        for array in params.values():
            numerical_gradient(loss, array)
        counts["central"] = calls
    return counts


def verify_by_engine(chain: tuple[int, ...] | None, n: int, passes: dict[str, int]) -> None:
    if chain is None:
        return
    engine = engine_counts(chain)
    checks = {"n": n, "M": multiply_adds(chain), "central": passes["central"]}
    for key, value in engine.items():
        if checks[key] != value:
            raise VerificationError(f"{key}: {checks[key]} by the formula, {value} by the engine")


def chain_text(chain: tuple[int, ...]) -> str:
    return " → ".join(str(n) for n in chain)


def statement(n: int, chain: tuple[int, ...] | None, with_cost: bool) -> list:
    if chain is None:
        model = para(
            Text("A model has ", "一个模型有 "),
            fm.eq(N, fm.num(n)),
            Text(" parameters.", " 个参数。"),
        )
    else:
        model = para(
            Text(
                "A fully connected network has the layer sizes {c} (weights and biases are its "
                "parameters; let n be their number).",
                "一个全连接网络的各层大小为 {c}（权重和偏置都是参数，设参数个数为 n）。",
            ).format(c=chain_text(chain))
        )
    blocks = [
        model,
        para(
            Text(
                "Its gradient is estimated by finite differences, perturbing one parameter θᵢ at a "
                "time: the one-sided difference (L(θ + heᵢ) − L(θ))/h or the central difference "
                "(L(θ + heᵢ) − L(θ − heᵢ))/2h. Each evaluation of L is one forward pass; L(θ) is "
                "evaluated once and shared by all parameters.",
                "用有限差分估计它的梯度，每次只扰动一个参数 θᵢ：单侧差分 (L(θ + heᵢ) − L(θ))/h，"
                "或中心差分 (L(θ + heᵢ) − L(θ − heᵢ))/2h。每计算一次 L 就是一次前向传播；L(θ) "
                "只计算一次，供所有参数共用。",
            )
        ),
    ]
    asked = Text(
        "How many forward passes does the whole gradient need with each difference",
        "两种差分分别需要多少次前向传播才能得到完整的梯度",
    )
    if chain is not None:
        asked = Text("Give n. ", "求 n。") + asked
    if with_cost:
        asked = asked + Text(
            "? Counting one multiply-add per weight for a forward pass (biases and activations "
            "ignored), how many multiply-adds does one forward pass take, and how many the "
            "central-difference gradient",
            "？若一次前向传播按每个权重一次乘加计算（忽略偏置和激活函数），一次前向传播需要多少次"
            "乘加，中心差分求梯度共需多少次乘加",
        )
    blocks.append(para(asked + Text("?", "？")))
    return blocks


def count_answer(answer_id: str, label: Text, value: int, symbol: fm.Node | None = None) -> Answer:
    return Answer(id=answer_id, label=label, value=value, exact=str(value), symbol=symbol)


def chain_step(chain: tuple[int, ...], n: int) -> Step:
    pairs = [
        fm.add(fm.mul(fm.num(p), fm.num(q)), fm.num(q))
        for p, q in zip(chain, chain[1:], strict=False)
    ]
    return step(
        Text(
            "Parameters: weights and biases of every layer pair", "参数个数：各对相邻层的权重与偏置"
        ),
        fm.eq(N, fm.Sum(fm.add(fm.mul(V("n", sub="l−1"), V("n", sub="l")), V("n", sub="l")), "l")),
        fm.add(*[fm.Paren(p) for p in pairs]) if len(pairs) > 1 else pairs[0],
        fm.num(n),
        answer_id="n",
    )


def pass_steps(n: int) -> list[Step]:
    return [
        step(
            Text("One-sided differences", "单侧差分"),
            fm.add(N, fm.num(1)),
            fm.add(fm.num(n), fm.num(1)),
            fm.num(n + 1),
            answer_id="one_sided",
            note=Text(
                "one pass at θ + heᵢ per parameter, plus L(θ) once",
                "每个参数在 θ + heᵢ 处一次，再加一次 L(θ)",
            ),
        ),
        step(
            Text("Central differences", "中心差分"),
            fm.mul(fm.num(2), N),
            fm.mul(fm.num(2), fm.num(n)),
            fm.num(2 * n),
            answer_id="central",
            note=Text(
                "two passes, at θ + heᵢ and θ − heᵢ, per parameter",
                "每个参数两次：θ + heᵢ 和 θ − heᵢ",
            ),
        ),
    ]


def cost_steps(chain: tuple[int, ...], n: int) -> list[Step]:
    m = multiply_adds(chain)
    products = [fm.mul(fm.num(p), fm.num(q)) for p, q in zip(chain, chain[1:], strict=False)]
    return [
        step(
            Text("One forward pass: one multiply-add per weight", "一次前向传播：每个权重一次乘加"),
            fm.eq(V("M"), fm.Sum(fm.mul(V("n", sub="l−1"), V("n", sub="l")), "l")),
            fm.add(*products) if len(products) > 1 else products[0],
            fm.num(m),
            answer_id="per_pass",
        ),
        step(
            Text("The central-difference gradient", "中心差分求梯度的总计算量"),
            fm.mul(fm.num(2), N, V("M")),
            fm.mul(fm.num(2), fm.num(n), fm.num(m)),
            fm.num(2 * n * m),
            answer_id="total",
            note=Text(
                "2n passes of O(n) each: O(n²). Backpropagation needs one forward and one backward "
                "pass, a few times M",
                "2n 次前向传播、每次 O(n)：共 O(n²)。反向传播只需一次前向传播和一次反向传播，约为 M 的几倍",
            ),
        ),
    ]


def build_finite_difference_cost(rng: random.Random, options: Options) -> Problem:
    """n given (difficulty 1) or counted from a chain; passes (and multiply-adds), checked
    against the engine's arrays and its central differences."""
    chain: tuple[int, ...] | None = None
    if options.difficulty == 1:
        n = pick(rng, GIVEN_N)
    else:
        chain = pick(rng, SMALL_CHAINS if options.difficulty == 2 else LONG_CHAINS)
        n = parameter_count(chain)
    passes = {"one_sided": n + 1, "central": 2 * n}
    verify_by_engine(chain, n, passes)
    with_cost = options.difficulty == 3
    answers: list[Answer] = []
    steps: list[Step] = []
    if chain is not None:
        answers.append(count_answer("n", Text("the number of parameters n", "参数个数 n"), n, N))
        steps.append(chain_step(chain, n))
    answers += [
        count_answer(
            "one_sided",
            Text("forward passes, one-sided differences", "单侧差分的前向传播次数"),
            passes["one_sided"],
        ),
        count_answer(
            "central",
            Text("forward passes, central differences", "中心差分的前向传播次数"),
            passes["central"],
        ),
    ]
    steps += pass_steps(n)
    if with_cost and chain is not None:
        m = multiply_adds(chain)
        answers += [
            count_answer(
                "per_pass",
                Text("multiply-adds of one forward pass", "一次前向传播的乘加次数"),
                m,
                V("M"),
            ),
            count_answer(
                "total",
                Text("multiply-adds of the central-difference gradient", "中心差分梯度的乘加次数"),
                2 * n * m,
            ),
        ]
        steps += cost_steps(chain, n)
    return make_problem(
        options,
        Text("The cost of finite differences", "有限差分的计算量"),
        statement(n, chain, with_cost),
        answers,
        steps,
        conventions(options, Rounding(None)),
    )


register(
    Kind(
        name="finite_difference_cost",
        section="C12",
        title=Text("Cost of numerical differentiation", "数值微分的计算量"),
        description=Text(
            "forward passes for n parameters (n + 1 one-sided, 2n central) and the O(n²) multiply-adds",
            "n 个参数所需的前向传播次数（单侧 n + 1，中心 2n）与 O(n²) 的乘加次数",
        ),
        build=build_finite_difference_cost,
    )
)
