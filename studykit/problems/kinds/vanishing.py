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
from ...catalog import EXACT, round_half_up
from ...engine.network import Network
from ...spec import spec_from_dict
from ..model import Answer, Para, Problem, Rounding, Step, Tolerance, round_up
from ..registry import Kind, Options, Redraw, VerificationError, register
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
    rounding_for,
    show,
    step,
)

V = fm.Var
QUARTER = Fraction(1, 4)
#: Letter keys, as in every choice question (a word key would show in English on zh sheets).
VERDICT_KEYS = {"vanishes": "A", "explodes": "B"}
#: Places of the activations a no-calculator statement gives (as read from a forward pass).
GIVEN_DECIMALS = 2


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
    """n sigmoid neurons aᵢ = σ(wᵢaᵢ₋₁ + bᵢ) from a₀ = x with target t. With a calculator, the
    net inputs zᵢ, the outputs aᵢ and σ′(zᵢ) = aᵢ(1 − aᵢ) as a student prints and carries them;
    without one the statement gives the aᵢ (2 decimals) and σ′ follows from them exactly."""

    w: list[Fraction]
    b: list[Fraction]
    x: Fraction
    t: Fraction
    calculator: bool
    z: list[Fraction]
    a: list[Fraction]
    sp: list[Fraction]

    @property
    def n(self) -> int:
        return len(self.w)


def build_vanishing_gradient(rng: random.Random, options: Options) -> Problem:
    """Draw a chain, take ∂L/∂b₁ / ∂L/∂bₙ by the product of its factors σ′(zᵢ)wᵢ₊₁ (the printed
    σ′) and by the engine, and ask for the (¼)ⁿ⁻¹ bound, the ratio and the verdict."""
    rounding = rounding_for(options)
    chain = _draw_chain(rng, options, rounding)
    n, w = chain.n, chain.w
    ratio_c = rounding.round(
        math.prod((chain.sp[i] * w[i + 1] for i in range(n - 1)), start=Fraction(1))
    )
    bound = QUARTER ** (n - 1) * math.prod((abs(wi) for wi in w[1:]), start=Fraction(1))
    grads = engine_bias_grads(w, chain.b, chain.x, chain.t)
    if abs(grads[-1]) < 1e-3:
        raise Redraw("no gradient at the output")
    ratio = grads[0] / grads[-1]  # the engine's exact ratio
    if abs(float(ratio_c) - ratio) > 0.01 * max(1.0, abs(ratio)):
        raise Redraw("the rounded values drift too far from the exact ratio")
    if abs(ratio) > float(bound) * (1 + 1e-12):
        raise VerificationError("the ratio exceeds the (¼)ⁿ⁻¹ bound")  # σ′ ≤ ¼ forbids it
    explode = abs(ratio) > 1
    unit = 10.0 ** -(rounding.decimals or 8)
    answers = [
        number_answer(
            "bound",
            Text("bound (¼)ⁿ⁻¹|w₂⋯wₙ|", "上界 (¼)ⁿ⁻¹|w₂⋯wₙ|"),
            bound,
            rounding.round(bound),
            rounding,
        ),
        number_answer(
            "ratio",
            Text("∂L/∂b₁ / ∂L/∂bₙ", "∂L/∂b₁ / ∂L/∂bₙ"),
            ratio,
            ratio_c,
            rounding,
            tolerance=Tolerance(abs=round_up(abs(float(ratio_c) - ratio) + unit / 2)),
        ),
        _verdict_answer(VERDICT_KEYS["explodes" if explode else "vanishes"]),
    ]
    return make_problem(
        options,
        Text("Vanishing and exploding gradients", "梯度消失与梯度爆炸"),
        _statement(chain),
        answers,
        _steps(chain, rounding.round(bound), ratio_c, explode, rounding),
        conventions(options, rounding),
        givens={"activations": [{"name": "sigmoid"}], "losses": ["mse"]},
    )


def _draw_chain(rng: random.Random, options: Options, rounding: Rounding) -> Chain:
    """The regime, weights, input, target and biases, in this order from ``rng``, then the
    forward pass. Exploding: large weights and biases that keep every zᵢ near 0 (σ′ near ¼);
    vanishing: drawn biases, no saturated layer."""
    regime = options.extra.get("regime") or pick(rng, ("vanishing", "exploding"))
    n = options.difficulty + 2
    draw = (lambda: decimal(rng, -2, 2, 1)) if options.calculator else (lambda: halves(rng, -2, 2))
    if regime == "exploding":
        w = [Fraction(pick(rng, [-12, -10, -8, -6, 6, 8, 10, 12])) for _ in range(n)]
    else:
        w = [draw() for _ in range(n)]
    x = halves(rng, -2, 2)
    t = Fraction(pick(rng, [0, 1]))
    b: list[Fraction] = []
    z: list[Fraction] = []
    a: list[Fraction] = []
    sp: list[Fraction] = []
    prev = x
    for wi in w:
        if regime == "exploding":  # z = wᵢaᵢ₋₁ + bᵢ lands in [−0.4, 0.4], never exactly 0
            bi = round_half_up(-wi * prev, 1) + decimal(rng, -0.4, 0.4, 1)
        else:
            bi = decimal(rng, -1, 1, 1, nonzero=False)
        zi = rounding.round(wi * prev + bi) if options.calculator else wi * prev + bi
        if abs(zi) > 3:
            raise Redraw("saturated layer")
        ai = EXACT.sigmoid(zi)
        ai = rounding.round(ai) if options.calculator else round_half_up(ai, GIVEN_DECIMALS)
        b.append(bi)
        z.append(zi)
        a.append(ai)
        sp.append(rounding.round(ai * (1 - ai)))
        prev = ai
    return Chain(w, b, x, t, options.calculator, z, a, sp)


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
        *_given_outputs(chain),
        para(
            Text(
                "Give the bound on |∂L/∂b₁| / |∂L/∂bₙ| that σ′ ≤ ¼ implies, the actual ratio ∂L/∂b₁ / ∂L/∂bₙ, "
                "and whether the gradient vanishes or explodes towards the input.",
                "求由 σ′ ≤ ¼ 得到的 |∂L/∂b₁| / |∂L/∂bₙ| 的上界、实际比值 ∂L/∂b₁ / ∂L/∂bₙ，并判断梯度向输入层传播时是消失还是爆炸。",
            )
        ),
    ]


def _given_outputs(chain: Chain) -> list[Para]:
    """Without a calculator: the forward pass's outputs aᵢ, to 2 decimals."""
    if chain.calculator:
        return []
    outputs = fm.Op(
        ",", tuple(fm.eq(V("a", sub=str(i + 1)), show(ai)) for i, ai in enumerate(chain.a))
    )
    return [
        para(
            Text("The forward pass gives ", "前向传播得到 "),
            outputs,
            Text(" (to 2 decimals).", "（保留 2 位小数）。"),
        )
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
                "The bound is often written (¼)ⁿ: that one is relative to ∂L/∂aₙ and counts σ′(zₙ) "
                "as well.",
                "这个上界也常写作 (¼)ⁿ：那是相对于 ∂L/∂aₙ 的上界，把 σ′(zₙ) 也算在内。",
            ),
        ),
    ]
    steps += _forward_steps(chain) + _sigma_prime_steps(chain)
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
                *[fm.Paren(fm.mul(show(s), show(wi))) for s, wi in zip(sp, w[1:], strict=False)]
            ),
            show(ratio_c, rounding),
            answer_id="ratio",
        )
    )
    steps.append(step(Text("Verdict", "结论"), answer_id="verdict", note=_verdict(explode)))
    return steps


def _forward_steps(chain: Chain) -> list[Step]:
    """With a calculator, layer by layer: zᵢ = wᵢaᵢ₋₁ + bᵢ and aᵢ = σ(zᵢ), as printed."""
    if not chain.calculator:
        return []
    out, prev = [], chain.x
    for i in range(chain.n):
        k = str(i + 1)
        z_i, a_prev = V("z", sub=k), V("a", sub=str(i))
        out.append(
            step(
                Text("Layer {i}: net input", "第 {i} 层：净输入").format(i=k),
                fm.eq(z_i, fm.add(fm.mul(V("w", sub=k), a_prev), V("b", sub=k))),
                fm.add(fm.mul(show(chain.w[i]), show(prev)), show(chain.b[i])),
                show(chain.z[i]),
            )
        )
        out.append(
            step(
                Text("Layer {i}: output", "第 {i} 层：输出").format(i=k),
                fm.eq(V("a", sub=k), fm.Call("σ", (z_i,))),
                fm.Call("σ", (show(chain.z[i]),)),
                show(chain.a[i]),
            )
        )
        prev = chain.a[i]
    return out


def _sigma_prime_steps(chain: Chain) -> list[Step]:
    """σ′(zᵢ) = aᵢ(1 − aᵢ) from the printed (or given) outputs."""
    return [
        step(
            Text("σ′ at layer {i}", "第 {i} 层的 σ′").format(i=str(i + 1)),
            fm.eq(
                fm.Call("σ", (V("z", sub=str(i + 1)),), prime=1),
                fm.mul(V("a", sub=str(i + 1)), fm.Paren(fm.sub(fm.num(1), V("a", sub=str(i + 1))))),
            ),
            fm.mul(show(a), fm.Paren(fm.sub(fm.num(1), show(a)))),
            show(sp),
        )
        for i, (a, sp) in enumerate(zip(chain.a[:-1], chain.sp[:-1], strict=True))
    ]


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
