"""C9 ``lr_schedule``: the learning rate at epoch t under a decay schedule (large early, small
near the optimum).

- step decay: η_t = η₀·γ^⌊t/s⌋ (multiply by γ every s epochs);
- exponential decay: η_t = η₀·γᵗ (multiply by γ every epoch).

Epochs count from t = 0 (η at epoch 0 is η₀). Difficulty 1 asks η at one epoch, 2 at two, 3 also
the first epoch at which η drops below a threshold. Without a calculator every rate is an exact
decimal; with one, rates are rounded to 6 decimals (each computed from the exact power, not from
an earlier rounded rate).

Hand route: the closed form on Fractions (and, for the threshold, the logarithm rule
⌈ln r / ln γ⌉). Second route: the engine's SGD optimiser, its ``lr`` decayed epoch by epoch
(the recurrence, on floats), taking one step on a parameter with gradient 1 per epoch: the
change of the parameter is the rate it applied.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ... import math as fm
from ...catalog import EXACT, round_half_up
from ...engine.optim import make_optimizer
from ..model import Answer, Problem, Rounding, Step
from ..registry import Kind, Options, Redraw, VerificationError, register
from ._basic import Text, conventions, make_problem, number_answer, para, pick, show, step, verify

SCHEDULES = ("step", "exponential")
DECIMALS = 6
START_RATES = tuple(Fraction(v) for v in ("0.1", "0.2", "0.05", "0.01", "1"))
STEP_FACTORS = tuple(Fraction(v) for v in ("0.5", "0.1", "0.2"))
STEP_EVERY = (5, 10, 20, 30)
EXP_FACTORS = {
    False: tuple(Fraction(v) for v in ("0.5", "0.8", "0.9")),
    True: tuple(Fraction(v) for v in ("0.9", "0.95", "0.98", "0.99", "0.8")),
}
THRESHOLD_RATIOS = (Fraction(1, 10), Fraction(1, 100), Fraction(1, 4), Fraction(1, 20))
V = fm.Var
ETA = V("η")


@dataclass(frozen=True)
class Schedule:
    """η₀, the factor γ and (step decay) the interval s."""

    kind: str
    eta0: Fraction
    gamma: Fraction
    every: int | None

    def decays(self, t: int) -> int:
        """How many times the rate has been multiplied by γ at epoch t."""
        return t // self.every if self.every else t

    def rate(self, t: int) -> Fraction:
        return self.eta0 * self.gamma ** self.decays(t)

    def first_below(self, threshold: Fraction) -> int:
        """The first epoch with η_t < threshold: k = ⌈ln(threshold/η₀)/ln γ⌉ decays (one more
        when γᵏ lands exactly on the threshold), reached at epoch k (·s for step decay)."""
        ratio = threshold / self.eta0
        k = max(0, math.ceil(math.log(ratio) / math.log(self.gamma)))
        while self.gamma**k >= ratio:  # exact check of the float estimate
            k += 1
        while k > 0 and self.gamma ** (k - 1) < ratio:
            k -= 1
        return k * (self.every or 1)


def draw_schedule(rng: random.Random, options: Options, kind: str) -> Schedule:
    eta0 = pick(rng, START_RATES)
    if kind == "step":
        return Schedule(kind, eta0, pick(rng, STEP_FACTORS), pick(rng, STEP_EVERY))
    return Schedule(kind, eta0, pick(rng, EXP_FACTORS[options.calculator]), None)


def draw_epochs(rng: random.Random, schedule: Schedule, count: int, calculator: bool) -> list[int]:
    """``count`` epochs with different numbers of decays, at least one (without a calculator at
    most 4, or 6 for γ = 0.5, so that every rate is a short exact decimal)."""
    most = 4 if schedule.gamma != Fraction(1, 2) else 6
    if calculator:
        most = 8 if schedule.every else 60
    decays = sorted(rng.sample(range(1, most + 1), count))
    if schedule.every is None:
        return decays
    return [k * schedule.every + rng.randrange(schedule.every) for k in decays]


def engine_rates(schedule: Schedule, epochs: list[int]) -> dict[int, float]:
    """The rate the engine's SGD applies at each epoch, its lr decayed by the recurrence."""
    optimizer = make_optimizer("sgd", float(schedule.eta0))
    theta = np.zeros(1)
    applied = {}
    for t in range(max(epochs) + 1):
        if t > 0 and (schedule.every is None or t % schedule.every == 0):
            optimizer.lr *= float(schedule.gamma)
        before = float(theta[0])
        optimizer.step({"theta": theta}, {"theta": np.ones(1)})
        applied[t] = before - float(theta[0])
    return {t: applied[t] for t in epochs}


def rule(schedule: Schedule) -> fm.Node:
    """η_t = η₀·γ^floor(t/s) or η_t = η₀·γᵗ."""
    exponent = V("t") if schedule.every is None else fm.Call("floor", (fm.Frac(V("t"), V("s")),))
    return fm.eq(V("η", sub="t"), fm.mul(V("η", sub="0"), fm.Pow(V("γ"), exponent)))


def rate_step(
    schedule: Schedule, t: int, printed: Fraction, rounding: Rounding, answer_id: str
) -> Step:
    decays = schedule.decays(t)
    note = None
    if schedule.every is not None:
        note = Text(
            "floor({t}/{s}) = {k}: by epoch {t} the rate has been multiplied by γ {k} times",
            "floor({t}/{s}) = {k}：到第 {t} 轮学习率已乘以 γ 共 {k} 次",
        ).format(t=t, s=schedule.every, k=decays)
    return step(
        Text("The rate at epoch {t}", "第 {t} 轮的学习率").format(t=t),
        rule(schedule),
        fm.mul(fm.num(schedule.eta0), fm.Pow(fm.num(schedule.gamma), fm.num(decays))),
        show(printed, rounding, places=None if rounding.decimals is None else rounding.decimals),
        answer_id=answer_id,
        note=note,
    )


def threshold_steps(schedule: Schedule, threshold: Fraction, epoch: int) -> list[Step]:
    """η₀γᵏ < h holds for k > ln(h/η₀)/ln γ (ln γ < 0 flips the inequality); the first epoch
    is the smallest such k (times s for step decay)."""
    ratio = threshold / schedule.eta0
    bound = round_half_up(EXACT.log(ratio) / EXACT.log(schedule.gamma), DECIMALS)
    decays = epoch // (schedule.every or 1)
    return [
        step(
            Text("How many decays bring η below the threshold", "需要衰减多少次才能低于阈值"),
            fm.Frac(fm.Call("ln", (fm.num(ratio),)), fm.Call("ln", (fm.num(schedule.gamma),))),
            None,
            fm.num(bound, DECIMALS),
            note=Text(
                "η₀γᵏ < {h} holds when γᵏ < {r}, that is k > ln {r} / ln γ (dividing by ln γ < 0 "
                "turns < around)",
                "η₀γᵏ < {h} 即 γᵏ < {r}，也就是 k > ln {r} / ln γ（除以 ln γ < 0 时不等号反向）",
            ).format(h=fm.format_number(threshold), r=fm.format_number(ratio)),
        ),
        step(
            Text("The first epoch below the threshold", "首次低于阈值的轮次"),
            None if schedule.every is None else fm.mul(fm.num(decays), fm.num(schedule.every)),
            None,
            fm.num(epoch),
            answer_id="first_below",
            note=Text(
                "the smallest whole number of decays above {b} is {k}",
                "大于 {b} 的最小整数衰减次数为 {k}",
            ).format(b=fm.format_number(bound), k=decays)
            + (
                Text(", reached at epoch {k}·{s}", "，在第 {k}·{s} 轮达到").format(
                    k=decays, s=schedule.every
                )
                if schedule.every
                else Text("", "")
            ),
        ),
    ]


def verify_rates(schedule: Schedule, epochs: list[int], rates: list[Fraction]) -> None:
    """The engine's SGD, its lr decayed epoch by epoch, applies the same rates."""
    engine = engine_rates(schedule, epochs)
    verify([engine[t] for t in epochs], [float(r) for r in rates], "learning rates", tol=1e-9)


def verify_first_below(schedule: Schedule, threshold: Fraction, epoch: int) -> None:
    """Epoch by epoch on Fractions (the recurrence), the first rate below the threshold."""
    rate, t = schedule.eta0, 0
    while rate >= threshold:
        t += 1
        if schedule.every is None or t % schedule.every == 0:
            rate *= schedule.gamma
    if t != epoch:
        raise VerificationError(
            f"first epoch below {threshold}: {epoch} by logarithms, {t} by the recurrence"
        )


def english_list(items: list[int]) -> str:
    """1 · 1 and 2 · 1, 2 and 3."""
    words = [str(i) for i in items]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def statement(schedule: Schedule, epochs: list[int], threshold: Fraction | None) -> list:
    if schedule.every is None:
        what = Text(
            "The learning rate decays exponentially: it is multiplied by γ = {g} after every epoch, "
            "starting from η₀ = {e} at epoch 0.",
            "学习率按指数衰减：从第 0 轮的 η₀ = {e} 开始，每过一轮乘以 γ = {g}。",
        )
    else:
        what = Text(
            "The learning rate follows a step decay: it starts at η₀ = {e} at epoch 0 and is "
            "multiplied by γ = {g} every {s} epochs (at epochs {s}, {s2}, …).",
            "学习率按阶梯衰减：第 0 轮为 η₀ = {e}，每 {s} 轮乘以一次 γ = {g}（在第 {s}、{s2}、… 轮）。",
        )
    blocks = [
        para(
            what.format(
                e=fm.format_number(schedule.eta0),
                g=fm.format_number(schedule.gamma),
                s=schedule.every,
                s2=2 * (schedule.every or 0),
            )
        ),
        para(
            Text("Give the learning rate at epoch{s} ", "求第 ").format(
                s="s" if len(epochs) > 1 else ""
            )
            + Text(english_list(epochs), "、".join(map(str, epochs)))
            + Text(".", " 轮的学习率。")
        ),
    ]
    if threshold is not None:
        blocks.append(
            para(
                Text(
                    "At which epoch does the rate first fall below {h}?",
                    "学习率在第几轮首次低于 {h}？",
                ).format(h=fm.format_number(threshold))
            )
        )
    return blocks


def build_lr_schedule(rng: random.Random, options: Options) -> Problem:
    """Draw a schedule and epochs; rates by the closed form, checked against the engine."""
    kind = options.extra.get("schedule") or pick(rng, SCHEDULES)
    schedule = draw_schedule(rng, options, kind)
    count = (
        1
        if options.difficulty == 1
        else (3 if options.difficulty == 3 and not options.calculator else 2)
    )
    epochs = draw_epochs(rng, schedule, count, options.calculator)
    exact = [schedule.rate(t) for t in epochs]
    rounding = Rounding(DECIMALS, carry=False) if options.calculator else Rounding(None)
    if options.calculator and min(exact) < Fraction(1, 10**4):
        raise Redraw("a rate too small for 6 decimals")
    if not options.calculator and any((r * 10**6).denominator != 1 for r in exact):
        raise Redraw("a rate with more than 6 decimals")
    verify_rates(schedule, epochs, exact)
    printed = [r if rounding.decimals is None else round_half_up(r, DECIMALS) for r in exact]
    answers: list[Answer] = []
    steps: list[Step] = []
    for k, (t, e, p) in enumerate(zip(epochs, exact, printed, strict=True), start=1):
        answer_id = f"rate{k}"
        label = Text("η at epoch {t}", "第 {t} 轮的 η").format(t=t)
        exact_value = e if rounding.decimals is None else float(e)  # no 40-digit p/q in the key
        answers.append(
            number_answer(answer_id, label, exact_value, p, rounding, symbol=V("η", sub=str(t)))
        )
        steps.append(rate_step(schedule, t, p, rounding, answer_id))
    threshold = None
    if options.difficulty == 3 and options.calculator:
        threshold = schedule.eta0 * pick(rng, THRESHOLD_RATIOS)
        epoch = schedule.first_below(threshold)
        ratio = threshold / schedule.eta0
        if any(schedule.gamma**k == ratio for k in range(0, 400)):
            raise Redraw("a rate equal to the threshold")
        verify_first_below(schedule, threshold, epoch)
        answers.append(
            Answer(
                "first_below",
                Text("the first epoch with η below the threshold", "首次低于阈值的轮次"),
                epoch,
                exact=str(epoch),
            )
        )
        steps += threshold_steps(schedule, threshold, epoch)
    title = {
        "step": Text("Learning-rate schedule: step decay", "学习率调度：阶梯衰减"),
        "exponential": Text("Learning-rate schedule: exponential decay", "学习率调度：指数衰减"),
    }[kind]
    return make_problem(
        options,
        title,
        statement(schedule, epochs, threshold),
        answers,
        steps,
        conventions(options, rounding),
    )


register(
    Kind(
        name="lr_schedule",
        section="C9",
        title=Text("Learning-rate schedules", "学习率调度"),
        description=Text(
            "step decay η₀γ^floor(t/s) and exponential decay η₀γᵗ: the rate at epoch t, and when it falls below a threshold",
            "阶梯衰减 η₀γ^floor(t/s) 与指数衰减 η₀γᵗ：第 t 轮的学习率，以及何时低于阈值",
        ),
        build=build_lr_schedule,
        extra_options={"schedule": SCHEDULES},
    )
)
