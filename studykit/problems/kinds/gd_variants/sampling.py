"""Drawing a ``gd_variants`` problem: the tiny data set, its hyper-parameters and, without a
calculator, targets that keep every number exact with at most 2 decimals; then the rules that
make it fair for hand work (:func:`unfair`), and the realistic set of the counting part.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from fractions import Fraction

from ...model import Rounding
from ...registry import Options, Redraw
from ...sampler import MAGNITUDE_BOUND, MIN_GRADIENT
from .._basic import Value, decimal, halves, pick
from .routes import HandRoute, Setup, Update, batches, hand_risk, hand_route, hand_run, hand_update

#: No-calculator learning rates and decay factors: powers of ½ and ⅕ keep decimals short.
EXACT_ALPHAS = (Fraction(1, 2), Fraction(1, 4), Fraction(1, 5), Fraction(1, 10))
EXACT_LAMBDAS = (Fraction(1, 2), Fraction(1, 4), Fraction(1, 5), Fraction(1, 10))
CALC_ALPHAS = (Fraction(1, 2), Fraction(1, 4), Fraction(1, 5), Fraction(1, 10), Fraction(1, 20))
CALC_LAMBDAS = (Fraction(1, 2), Fraction(1, 10), Fraction(1, 20), Fraction(1, 100))

#: The counting part: a realistic training set and batch size.
BIG_N = (60, 100, 120, 150, 200, 250, 500, 600, 1000, 1200, 2000, 5000, 10000, 50000, 60000)
BIG_B = (8, 10, 16, 20, 25, 32, 50, 64, 100, 128, 256)
EPOCHS = (2, 3, 5, 10)
#: No-calculator targets: the half-integers in [−3, 3]; how many to try (construct_targets).
TARGETS = tuple(Fraction(k, 2) for k in range(-6, 7))
INTEGER_TARGETS = tuple(Fraction(k) for k in range(-3, 4))
#: No calculator, two BGD updates with weight decay on N = 4 samples: the (α, λ) pairs for which
#: a fair share of integer targets keeps both updates at ≤ 2 decimals (about 4–19 %; most
#: other pairs well under 1 %).
TWO_STEP_PAIRS = (
    (Fraction(1, 5), Fraction(1, 2)),
    (Fraction(1, 5), Fraction(1, 4)),
    (Fraction(1, 2), Fraction(1, 5)),
    (Fraction(1, 2), Fraction(1, 10)),
    (Fraction(1, 2), Fraction(1, 2)),
)
SEARCH_BUDGET = 150
BGD_TRIES = 60


def data_sizes(variant: str, difficulty: int, calculator: bool) -> tuple[int, int]:
    """(N, batch size) of the tiny set. Without a calculator a mean over 3 samples would give
    thirds, so BGD uses N = 2 or 4 and mini-batches hold 1 or 2 samples."""
    if variant == "bgd":
        n = {1: 2, 2: 3, 3: 4}[difficulty] if calculator else {1: 2, 2: 4, 3: 4}[difficulty]
        return n, n
    if variant == "sgd":
        return difficulty + 1, 1
    if difficulty == 1:
        return 4, 2
    if difficulty == 2:
        return 3, 2
    return (4, 3) if calculator else (4, 2)


def sample_setup(
    rng: random.Random, options: Options, n: int, bias: bool, decay: bool, two_bgd_steps: bool
) -> Setup:
    """The data and hyper-parameters: α first, then inputs with α·xₙ² ≤ 1 (a single-sample step
    never overshoots that sample's own fit). Without a calculator the targets are left at 0 for
    :func:`construct_targets`, and two BGD updates with weight decay use :data:`TWO_STEP_PAIRS`."""
    if options.calculator:
        alpha = pick(rng, CALC_ALPHAS)
        lam = pick(rng, CALC_LAMBDAS) if decay else Fraction(0)
        grid = [v for v in (Fraction(k, 2) for k in range(-4, 5)) if v and alpha * v * v <= 1]
        xs = tuple(pick(rng, grid) for _ in range(n))
        ts = tuple(halves(rng, -3, 3, nonzero=False) for _ in range(n))
        w0 = decimal(rng, -1.5, 1.5, 1, nonzero=decay)  # w₀ ≠ 0: the decay term λw₀ matters
        b0 = decimal(rng, -1.5, 1.5, 1, nonzero=False) if bias else None
        return Setup(xs, ts, w0, b0, alpha, lam)
    if two_bgd_steps:
        alpha, lam = pick(rng, TWO_STEP_PAIRS)
    else:
        alpha, lam = pick(rng, EXACT_ALPHAS), pick(rng, EXACT_LAMBDAS)
    grid = [Fraction(k) for k in range(-3, 4) if k and alpha * k * k <= 1]
    xs = tuple(pick(rng, grid) for _ in range(n))
    w0 = Fraction(pick(rng, [k for k in range(-2, 3) if k or not decay]))
    b0 = Fraction(pick(rng, range(-2, 3))) if bias else None
    return Setup(xs, (Fraction(0),) * n, w0, b0, alpha, lam if decay else Fraction(0))


def sample_large_set(rng: random.Random, difficulty: int) -> tuple[int, int, int | None]:
    """The counting part's training set: (N, batch size B < N, epochs E at difficulty 3)."""
    big_n = pick(rng, BIG_N)
    big_b = pick(rng, [b for b in BIG_B if b < big_n])
    big_e = pick(rng, EPOCHS) if difficulty == 3 else None
    return big_n, big_b, big_e


# ----------------------------------------------------------------------------- fairness


def unfair(setup: Setup, hand: HandRoute, calculator: bool) -> str | None:
    """Why the problem is unfit for hand work, or None: samples that agree (SGD would be BGD), a
    sample with zero error at the start, an update whose (batch) gradient is zero, a large value,
    or (no calculator) a value with more than 2 decimals."""
    start = hand.bgd[0]
    bias = setup.b0 is not None
    per_sample = list(zip(start.grad_w, start.e, strict=True)) if bias else list(start.grad_w)
    if all(g == per_sample[0] for g in per_sample):
        return "every sample has the same gradient: SGD would be BGD"
    tiny = MIN_GRADIENT if calculator else 1e-12
    if any(abs(e) < tiny for e in start.e):
        return "a sample is already fitted at the start (zero error)"
    for u in (*hand.bgd, *hand.epoch):
        if abs(u.mean_w) < tiny or (bias and u.mean_b is not None and abs(u.mean_b) < tiny):
            return "an update with a zero gradient would not move"
    if not _fits(hand.values(), exact=not calculator):
        return f"a value above {MAGNITUDE_BOUND} or with more than 2 decimals"
    return None


def check_fair(setup: Setup, hand: HandRoute, options: Options) -> None:
    reason = unfair(setup, hand, options.calculator)
    if reason:
        raise Redraw(reason)


def _fits(values: list[Value], exact: bool = True) -> bool:
    """|v| ≤ MAGNITUDE_BOUND for all, and with ``exact`` every v a Fraction with ≤ 2 decimals
    (its denominator divides 100): the sampler's check_bounded/check_exact in integers, as the
    target search calls it thousands of times."""
    for v in values:
        if isinstance(v, Fraction):
            if abs(v.numerator) > MAGNITUDE_BOUND * v.denominator:
                return False
            if exact and 100 % v.denominator:
                return False
        elif exact or abs(v) > MAGNITUDE_BOUND:
            return False
    return True


# ----------------------------------------------------------------------------- targets


def construct_targets(
    rng: random.Random, setup: Setup, variant: str, size: int, epochs: int, options: Options
) -> Setup:
    """No calculator: targets (half-integers in [−3, 3]) for which every number stays exact with
    at most 2 decimals, since drawn blindly most epochs of 3–4 updates need 3 or more.

    SGD and mini-batch: a depth-first search, batch by batch in the stated order, trying the
    targets of each batch in a random order (from ``rng``) and keeping only those whose update is
    exact; a complete choice must make the whole problem fair (:func:`check_fair`). BGD (one
    batch): random target vectors. Either way a bounded number of tries, then Redraw."""
    if variant == "bgd":
        grid = TARGETS if epochs == 1 else INTEGER_TARGETS
        for _ in range(BGD_TRIES):
            trial = replace(setup, ts=tuple(pick(rng, grid) for _ in range(setup.n)))
            if not unfair(trial, hand_route(trial, variant, size, epochs, Rounding(None)), False):
                return trial
        raise Redraw("no targets keep BGD exact")
    plan = batches(setup.n, size)
    tries = [0]
    start = [setup.w0 * x + (setup.b0 or 0) for x in setup.xs]  # tₙ = yₙ(w₀, b₀): error 0
    allowed = [[t for t in TARGETS if t != y] for y in start]

    def search(
        k: int, ts: tuple[Fraction, ...], w: Value, b: Value | None, done: list[Update]
    ) -> Setup | None:
        if k == len(plan):  # the epoch is exact: now BGD at (w₀, b₀) and the other rules
            trial = replace(setup, ts=ts)
            bgd = hand_run(trial, [tuple(range(trial.n))] * epochs, Rounding(None), trial.lam)
            risk = hand_risk(trial, bgd[0], Rounding(None)) if trial.lam else None
            return None if unfair(trial, HandRoute(bgd, done, risk), False) else trial
        batch = plan[k]
        combos = list(itertools.product(*(allowed[i] for i in batch)))
        rng.shuffle(combos)
        for combo in combos:
            tries[0] += 1
            if tries[0] > SEARCH_BUDGET:
                raise Redraw("no targets found within the search budget")
            chosen = list(ts)
            for i, t in zip(batch, combo, strict=True):
                chosen[i] = t
            trial = replace(setup, ts=tuple(chosen))
            update = hand_update(trial, w, b, batch, Rounding(None))
            moves = update.mean_w != 0 and (update.mean_b is None or update.mean_b != 0)
            if moves and _fits(update.values()):
                found = search(k + 1, tuple(chosen), update.w, update.b, [*done, update])
                if found is not None:
                    return found
        return None

    found = search(0, setup.ts, setup.w0, setup.b0, [])
    if found is None:
        raise Redraw("no targets keep this epoch exact")
    return found
