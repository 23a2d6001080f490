"""C11 vanishing and exploding gradients through a chain of n one-neuron sigmoid layers.

aᵢ = σ(zᵢ), zᵢ = wᵢaᵢ₋₁ + bᵢ. By the chain rule ∂L/∂b₁ = σ′(z₁)w₂σ′(z₂)⋯wₙσ′(zₙ)·∂L/∂aₙ and
∂L/∂bₙ = σ′(zₙ)∂L/∂aₙ, so ∂L/∂b₁ = [∏ᵢ₌₁ⁿ⁻¹ σ′(zᵢ)wᵢ₊₁]·∂L/∂bₙ and, as σ′ ≤ ¼,
|∂L/∂b₁| ≤ (¼)ⁿ⁻¹|w₂⋯wₙ|·|∂L/∂bₙ| (= (¼)ⁿ|w₂⋯wₙ||∂L/∂aₙ|: the course's (¼)ⁿ counts σ′(zₙ) too).
Each layer multiplies the gradient by wσ′: it explodes when |wσ′| > 1.
Engine route: the traced chain network (∂L/∂bᵢ per layer); hand route: the product above.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ... import math as fm
from ...engine.network import Network
from ...spec import spec_from_dict
from ..model import Answer, Para, Problem, Rounding, Step
from ..registry import Kind, Options, Redraw, register
from ._basic import (
    Text,
    Value,
    conventions,
    decimal,
    halves,
    make_problem,
    number_answer,
    para,
    pick,
    round_value,
    rounding_for,
    show,
    step,
    verify,
)

V = fm.Var
QUARTER = Fraction(1, 4)
#: Letter keys, as in every choice question (a word key would show in English on zh sheets).
VERDICT_KEYS = {"vanishes": "A", "explodes": "B"}


def _sigma(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def engine_bias_grads(w: list[Value], b: list[Value], x: Value, t: Value) -> list[float]:
    """∂L/∂bᵢ for every layer of the 1-1-…-1 sigmoid chain, L = ½(aₙ − t)²."""
    n = len(w)
    spec = spec_from_dict(
        {
            "network": {"layers": [1] * (n + 1), "activation": "sigmoid", "loss": "mse"},
            "params": {
                **{f"W{i + 1}": [[float(w[i])]] for i in range(n)},
                **{f"b{i + 1}": [float(b[i])] for i in range(n)},
            },
        }
    )
    trace = Network.from_spec(spec).trace(np.array([float(x)]), np.array([float(t)]))
    return [float(layer.db[0]) for layer in trace.layers]


@dataclass(frozen=True)
class Chain:
    """n sigmoid neurons aᵢ = σ(wᵢaᵢ₋₁ + bᵢ) from a₀ = x with target t; their net inputs zᵢ and
    σ′(zᵢ) (every zᵢ = 0 and σ′ = ¼ exactly when ``centred``)."""

    w: list[Value]
    b: list[Value]
    x: Fraction
    t: Fraction
    centred: bool
    z: list[Value]
    sp: list[Value]

    @property
    def n(self) -> int:
        return len(self.w)


def build_vanishing_gradient(rng: random.Random, options: Options) -> Problem:
    """Draw a chain, take ∂L/∂b₁ / ∂L/∂bₙ by the product of its factors σ′(zᵢ)wᵢ₊₁ and by the
    engine, and ask for the (¼)ⁿ⁻¹ bound, the ratio and the verdict."""
    rounding = rounding_for(options)
    chain = _draw_chain(rng, options)
    n, w, sp = chain.n, chain.w, chain.sp
    factors = [sp[i] * w[i + 1] for i in range(n - 1)]
    ratio: Value = (
        math.prod(factors, start=Fraction(1))
        if chain.centred
        else math.prod(float(f) for f in factors)
    )
    bound = QUARTER ** (n - 1) * math.prod((abs(wi) for wi in w[1:]), start=Fraction(1))
    grads = engine_bias_grads(w, chain.b, chain.x, chain.t)
    if abs(grads[-1]) < 1e-3:
        raise Redraw("no gradient at the output")
    verify(grads[0] / grads[-1], ratio, "∂L/∂b₁ / ∂L/∂bₙ")
    if abs(float(ratio)) > float(bound) * (1 + 1e-12):
        raise Redraw("bound violated: impossible")  # σ′ ≤ ¼ makes this unreachable
    q = lambda v: round_value(v, rounding)  # noqa: E731
    carried_ratio = q(
        math.prod((q(q(s) * wi) for s, wi in zip(sp, w[1:], strict=False)), start=Fraction(1))
    )
    explode = abs(float(ratio)) > 1
    answers = [
        number_answer(
            "bound", Text("bound (¼)ⁿ⁻¹|w₂⋯wₙ|", "上界 (¼)ⁿ⁻¹|w₂⋯wₙ|"), bound, q(bound), rounding
        ),
        number_answer(
            "ratio",
            Text("∂L/∂b₁ / ∂L/∂bₙ", "∂L/∂b₁ / ∂L/∂bₙ"),
            ratio,
            carried_ratio,
            rounding,
            steps_carried=n,
        ),
        _verdict_answer(VERDICT_KEYS["explodes" if explode else "vanishes"]),
    ]
    return make_problem(
        options,
        Text("Vanishing and exploding gradients", "梯度消失与梯度爆炸"),
        _statement(chain),
        answers,
        _steps(chain, q(bound), carried_ratio, explode, rounding),
        conventions(options, rounding),
    )


def _draw_chain(rng: random.Random, options: Options) -> Chain:
    """The regime, weights, input, target and biases, in this order from ``rng``. Exploding (and
    no calculator): bᵢ = −wᵢaᵢ₋₁ so that every zᵢ = 0; else drawn biases and no saturated layer."""
    regime = options.extra.get("regime") or pick(rng, ("vanishing", "exploding"))
    n = options.difficulty + 2
    centred = regime == "exploding" or not options.calculator  # every zᵢ = 0, σ′ = ¼ exactly
    if regime == "exploding":
        w = [Fraction(pick(rng, [5, 6, 8, 10, 12]))] * n
    elif options.calculator:
        w = [decimal(rng, -2, 2, 1) for _ in range(n)]
    else:
        w = [halves(rng, -2, 2) for _ in range(n)]
    x = halves(rng, -2, 2)
    t = Fraction(pick(rng, [0, 1]))
    if centred:
        b = [-w[0] * x] + [-wi / 2 for wi in w[1:]]
        z: list[Value] = [Fraction(0)] * n
        sp: list[Value] = [QUARTER] * n
    else:
        b = [decimal(rng, -1, 1, 1, nonzero=False) for _ in range(n)]
        z, a = [], float(x)
        for wi, bi in zip(w, b, strict=True):
            z.append(float(wi) * a + float(bi))
            a = _sigma(z[-1])
        if any(abs(v) > 3 for v in z):
            raise Redraw("saturated layer")
        sp = [_sigma(v) * (1 - _sigma(v)) for v in z]
    return Chain(list(w), list(b), x, t, centred, z, sp)


def _statement(chain: Chain) -> list[Para]:
    """The chain with its numbers and loss, and the three questions."""
    ws = fm.Op(",", tuple(fm.eq(V("w", sub=str(i + 1)), show(wi)) for i, wi in enumerate(chain.w)))
    bs = fm.Op(",", tuple(fm.eq(V("b", sub=str(i + 1)), show(bi)) for i, bi in enumerate(chain.b)))
    return [
        para(
            Text("A chain of {n} sigmoid neurons: ", "由 {n} 个 sigmoid 神经元组成的链：").format(
                n=chain.n
            ),
            fm.eq(
                V("a", sub="i"),
                fm.Call(
                    "σ", (fm.add(fm.mul(V("w", sub="i"), V("a", sub="i−1")), V("b", sub="i")),)
                ),
            ),
            Text(", with ", "，其中 "),
            fm.eq(V("a", sub="0"), show(chain.x)),
            Text(", ", "，"),
            ws,
            Text(", ", "，"),
            bs,
            Text(", loss L = ½(aₙ − t)², t = {t}.", "，损失 L = ½(aₙ − t)²，t = {t}。").format(
                t=chain.t
            ),
        ),
        para(
            Text(
                "Give the bound on |∂L/∂b₁| / |∂L/∂bₙ| that σ′ ≤ ¼ implies, the actual ratio ∂L/∂b₁ / ∂L/∂bₙ, "
                "and whether the gradient vanishes or explodes towards the input.",
                "求由 σ′ ≤ ¼ 得到的 |∂L/∂b₁| / |∂L/∂bₙ| 的上界、实际比值 ∂L/∂b₁ / ∂L/∂bₙ，并判断梯度向输入层传播时是消失还是爆炸。",
            )
        ),
    ]


def _factors(n: int) -> list[fm.Node]:
    """σ′(z₁)w₂, σ′(z₂)w₃, …, σ′(zₙ₋₁)wₙ."""
    return [
        fm.mul(fm.Call("σ", (V("z", sub=str(i + 1)),), prime=1), V("w", sub=str(i + 2)))
        for i in range(n - 1)
    ]


def _steps(
    chain: Chain, bound_c: Value, ratio_c: Value, explode: bool, rounding: Rounding
) -> list[Step]:
    """The chain rule, the bound, σ′(zᵢ), the actual ratio and the verdict."""
    q = lambda v: round_value(v, rounding)  # noqa: E731
    n, w, sp = chain.n, chain.w, chain.sp
    wprod = fm.mul(*[fm.Abs(V("w", sub=str(i + 1))) for i in range(1, n)])
    steps = [
        step(
            Text("Chain rule through the layers", "沿各层使用链式法则"),
            fm.eq(
                fm.Partial(V("L"), V("b", sub="1")),
                fm.mul(*_factors(n), fm.Partial(V("L"), V("b", sub=str(n)))),
            ),
        ),
        step(
            Text(
                "σ′ ≤ ¼ bounds every factor: |∂L/∂b₁| / |∂L/∂bₙ| ≤ B",
                "σ′ ≤ ¼ 限制了每个因子：|∂L/∂b₁| / |∂L/∂bₙ| ≤ B",
            ),
            fm.eq(V("B"), fm.mul(fm.Pow(fm.Paren(fm.num(QUARTER)), fm.num(n - 1)), wprod)),
            fm.mul(
                fm.Pow(fm.Paren(fm.num(QUARTER)), fm.num(n - 1)),
                *[fm.Abs(show(wi)) for wi in w[1:]],
            ),
            show(bound_c, rounding),
            answer_id="bound",
            note=Text(
                "The course writes (¼)ⁿ: that bound is relative to ∂L/∂aₙ, counting σ′(zₙ) as well.",
                "课程中写作 (¼)ⁿ：那是相对于 ∂L/∂aₙ 的上界，把 σ′(zₙ) 也算在内。",
            ),
        ),
    ]
    steps.append(_sigma_prime_step(chain, rounding))
    steps.append(
        step(
            Text("The actual ratio", "实际比值"),
            fm.eq(
                fm.Frac(
                    fm.Partial(V("L"), V("b", sub="1")), fm.Partial(V("L"), V("b", sub=str(n)))
                ),
                fm.mul(*_factors(n)),
            ),
            fm.mul(
                *[
                    fm.Paren(fm.mul(show(q(s), rounding), show(wi)))
                    for s, wi in zip(sp, w[1:], strict=False)
                ]
            ),
            show(ratio_c, rounding),
            answer_id="ratio",
        )
    )
    steps.append(step(Text("Verdict", "结论"), answer_id="verdict", note=_verdict(explode)))
    return steps


def _sigma_prime_step(chain: Chain, rounding: Rounding) -> Step:
    """σ′(0) = ½·½ = ¼ for a centred chain, else every zᵢ and σ′(zᵢ) = aᵢ(1 − aᵢ)."""
    if chain.centred:
        return step(
            Text("Every zᵢ = 0 here, so every σ′(zᵢ) = ¼", "这里每个 zᵢ = 0，所以每个 σ′(zᵢ) = ¼"),
            fm.eq(
                fm.Call("σ", (fm.num(0),), prime=1),
                fm.mul(fm.num(Fraction(1, 2)), fm.num(Fraction(1, 2))),
            ),
            None,
            fm.num(QUARTER),
        )
    q = lambda v: round_value(v, rounding)  # noqa: E731
    return step(
        Text("Net inputs and σ′(zᵢ) = aᵢ(1 − aᵢ)", "净输入与 σ′(zᵢ) = aᵢ(1 − aᵢ)"),
        fm.Op(",", tuple(V("z", sub=str(i + 1)) for i in range(chain.n))),
        fm.Op(",", tuple(show(q(v), rounding) for v in chain.z)),
        fm.Op(",", tuple(show(q(v), rounding) for v in chain.sp)),
    )


def _verdict(explode: bool) -> Text:
    """|wσ′| > 1 per layer: explodes; below 1 on the whole: vanishes."""
    if explode:
        return Text(
            "|wσ′| > 1 per layer: the gradient explodes towards the input",
            "每层 |wσ′| > 1：梯度向输入层传播时爆炸",
        )
    return Text(
        "|wσ′| < 1 per layer on the whole: the gradient vanishes towards the input",
        "整体上每层 |wσ′| < 1：梯度向输入层传播时消失",
    )


def _verdict_answer(key: str) -> Answer:
    return Answer(
        id="verdict",
        label=Text("vanishes or explodes", "消失还是爆炸"),
        value=key,
        kind="choice",
        choices=(
            (VERDICT_KEYS["vanishes"], Text("the gradient vanishes", "梯度消失")),
            (VERDICT_KEYS["explodes"], Text("the gradient explodes", "梯度爆炸")),
        ),
    )


register(
    Kind(
        name="vanishing_gradient",
        section="C11",
        title=Text("Vanishing and exploding gradients", "梯度消失与梯度爆炸"),
        description=Text(
            "the (¼)ⁿ bound through a sigmoid chain and |wσ′| > 1 explosion, with numbers",
            "sigmoid 链上的 (¼)ⁿ 上界与 |wσ′| > 1 时的梯度爆炸（带数值）",
        ),
        build=build_vanishing_gradient,
        extra_options={"regime": ("vanishing", "exploding")},
    )
)
