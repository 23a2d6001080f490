"""C9 gradient-descent variants: BGD, SGD and mini-batch SGD on a tiny data set, by hand.

A linear neuron ``y = w x + b`` (``y = w x``, no bias, at difficulty 1) with the per-sample loss
``Lₙ = ½(yₙ − tₙ)²`` (the engine's ``mse``), so with ``eₙ = yₙ − tₙ``:
``∂Lₙ/∂w = eₙxₙ`` and ``∂Lₙ/∂b = eₙ``. A batch S's gradient is the mean of its per-sample
gradients (as ``Network.trace`` takes it over a batch):

| variant | batch S of one update | updates per epoch |
|---|---|---|
| bgd | all N samples | 1 |
| sgd | one sample, in the stated order | N |
| minibatch | B consecutive samples, in the stated order; the last batch is smaller | ceil(N/B) |

``w ← w − α(1/|S|)Σ_{n∈S} eₙxₙ``, ``b ← b − α(1/|S|)Σ_{n∈S} eₙ``. With weight decay λ (difficulty
≥ 2 or ``weight_decay=True``) the BGD update descends the regularised risk
``R = (1/N)Σ Lₙ + ½λw²``, i.e. COURSE.md's ``W ← W − α((1/N)Σ ∂L/∂W + λW)``; the bias is not
decayed, and the SGD / mini-batch epoch uses the plain loss (as every statement says).

Without a calculator every number must be exact with at most 2 decimals; the targets are then
chosen by a bounded search (:func:`construct_targets`), since blindly drawn ones rarely keep an
epoch of 3–4 updates that short.

Every number of the answer key is computed by two routes that must agree (else
:class:`VerificationError`): the hand route here (Fractions, the formulas above) and the engine
(a 1-1 identity network built from a spec dict, ``Network.trace`` on each batch and the spec's
SGD optimiser with its ``weight_decay``; batches sliced as ``commands/train.py`` slices them).
The counting answers are checked by the ceil formula and by slicing; the comparison-table choice
by the table of the notes and by the numbers (samples, updates, gradient variance) of each variant.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from ... import formula as fm
from ...engine.network import Network
from ...engine.optim import optimizer_from_spec
from ...spec import spec_from_dict
from ..model import Answer, Rounding
from ..registry import Kind, Options, Redraw, VerificationError, register
from ..sampler import MAGNITUDE_BOUND, MIN_GRADIENT
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
    values_node,
    vector_answer,
    verify,
)

VARIANTS = ("bgd", "sgd", "minibatch")

VARIANT_TITLES = {
    "bgd": Text("batch gradient descent (BGD)", "批量梯度下降（BGD）"),
    "sgd": Text("stochastic gradient descent (SGD)", "随机梯度下降（SGD）"),
    "minibatch": Text("mini-batch SGD", "小批量随机梯度下降（mini-batch SGD）"),
}
CHOICE_TITLES = {
    "bgd": Text("BGD (batch gradient descent)", "BGD（批量梯度下降）"),
    "sgd": Text(
        "SGD (stochastic gradient descent, one sample per update)",
        "SGD（随机梯度下降，每次更新用一个样本）",
    ),
    "minibatch": Text("mini-batch SGD (B samples per update)", "小批量 SGD（每次更新用 B 个样本）"),
}

V = fm.Var
ALPHA, LAM = V("α"), V("λ")
HALF = fm.Num("½")

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


# ----------------------------------------------------------------------------- the data


@dataclass(frozen=True)
class Setup:
    """The tiny data set and the hyper-parameters, exactly as the statement shows them."""

    xs: tuple[Fraction, ...]
    ts: tuple[Fraction, ...]
    w0: Fraction
    b0: Fraction | None  # None: no bias, y = w x
    alpha: Fraction
    lam: Fraction  # 0: no weight decay

    @property
    def n(self) -> int:
        return len(self.xs)


@dataclass(frozen=True)
class Update:
    """One update by hand: the batch (0-based), the values it computes, the new w and b."""

    batch: tuple[int, ...]
    w_prev: Value
    b_prev: Value | None
    y: tuple[Value, ...]
    e: tuple[Value, ...]
    grad_w: tuple[Value, ...]
    mean_w: Value
    mean_b: Value | None
    reg_w: Value  # mean_w + λ w_prev (= mean_w without weight decay)
    w: Value
    b: Value | None
    lam: Fraction  # the weight decay this update used (0: none)

    def values(self) -> list[Value]:
        out = [*self.y, *self.e, *self.grad_w, self.mean_w, self.reg_w, self.w]
        if self.b is not None and self.mean_b is not None:
            out += [self.mean_b, self.b]
        return out


def batches(n: int, size: int) -> list[tuple[int, ...]]:
    """The stated batches: k-th = samples k·B+1 … min((k+1)·B, N), ceil(N/B) of them."""
    count = -(-n // size)
    return [tuple(range(k * size, min((k + 1) * size, n))) for k in range(count)]


# ----------------------------------------------------------------------------- hand route


def hand_update(
    setup: Setup,
    w: Value,
    b: Value | None,
    batch: tuple[int, ...],
    rounding: Rounding,
    lam: Fraction = Fraction(0),
) -> Update:
    """One update from the formulas: yₙ = w xₙ + b, eₙ = yₙ − tₙ, ∂Lₙ/∂w = eₙxₙ, ∂Lₙ/∂b = eₙ,
    the batch means, then w ← w − α(ḡ_w + λw), b ← b − αḡ_b (rounded as carried)."""
    q = lambda v: round_value(v, rounding)  # noqa: E731
    y = tuple(q(w * setup.xs[i] + (b if b is not None else 0)) for i in batch)
    e = tuple(q(yi - setup.ts[i]) for yi, i in zip(y, batch, strict=True))
    grad_w = tuple(q(ei * setup.xs[i]) for ei, i in zip(e, batch, strict=True))
    size = len(batch)
    mean_w = q(sum(grad_w, Fraction(0)) / size)
    mean_b = q(sum(e, Fraction(0)) / size) if b is not None else None
    reg_w = q(mean_w + lam * w) if lam else mean_w
    new_w = q(w - setup.alpha * reg_w)
    new_b = q(b - setup.alpha * mean_b) if b is not None and mean_b is not None else None
    return Update(batch, w, b, y, e, grad_w, mean_w, mean_b, reg_w, new_w, new_b, lam)


def hand_run(
    setup: Setup, plan: list[tuple[int, ...]], rounding: Rounding, lam: Fraction = Fraction(0)
) -> list[Update]:
    """The updates of ``plan`` (a list of batches) one after the other from (w₀, b₀)."""
    w: Value = setup.w0
    b: Value | None = setup.b0
    out = []
    for batch in plan:
        update = hand_update(setup, w, b, batch, rounding, lam)
        out.append(update)
        w, b = update.w, update.b
    return out


def hand_risk(setup: Setup, first: Update, rounding: Rounding) -> Value:
    """R(w₀, b₀) = (1/N)Σ ½eₙ² + ½λw₀², from the errors of a full-batch pass."""
    q = lambda v: round_value(v, rounding)  # noqa: E731
    data = q(sum((e * e / 2 for e in first.e), Fraction(0)) / setup.n)
    return q(data + setup.lam * setup.w0 * setup.w0 / 2)


# ----------------------------------------------------------------------------- engine route


def engine_spec(setup: Setup, lam: Value, batch_size: int) -> dict[str, Any]:
    """The tiny problem as a spec file: a 1-1 identity network with the mse loss, SGD."""
    return {
        "network": {"layers": [1, 1], "activation": "identity", "loss": "mse"},
        "params": {"W1": [[float(setup.w0)]], "b1": [float(setup.b0 or 0)]},
        "data": {"x": [[float(x)] for x in setup.xs], "t": [[float(t)] for t in setup.ts]},
        "train": {
            "lr": float(setup.alpha),
            "optimizer": "sgd",
            "weight_decay": float(lam),
            "batch_size": batch_size,
        },
    }


def engine_run(
    setup: Setup, batch_size: int, epochs: int = 1, lam: Value = 0
) -> list[tuple[float, float]]:
    """(w, b) after every update: ``trace`` on each batch (``batch_size`` 0: all N), then the
    spec's optimiser step, weight decay λ from the spec. Without a bias, b (0) is left out of the
    optimiser's parameters and so stays 0."""
    spec = spec_from_dict(engine_spec(setup, lam, batch_size))
    assert spec.x is not None and spec.t is not None and spec.train is not None
    network = Network.from_spec(spec)
    optimizer = optimizer_from_spec(spec.train)
    params = network.params()
    if setup.b0 is None:
        params = {"W1": params["W1"]}
    n = len(spec.x)
    size = spec.train.batch_size or n
    history = []
    for _ in range(epochs):
        for first in range(0, n, size):
            trace = network.trace(spec.x[first : first + size], spec.t[first : first + size])
            optimizer.step(params, trace.grads())
            layer = network.layers[0]
            history.append((float(layer.W[0, 0]), float(layer.b[0])))
    return history


def engine_gradients(setup: Setup) -> dict[str, Any]:
    """Per-sample gradients, the full-batch mean, the regularised ∂R/∂w and R at the start."""
    plain = spec_from_dict(engine_spec(setup, 0, 0))
    assert plain.x is not None and plain.t is not None
    network = Network.from_spec(plain)
    per_sample = [
        network.trace(plain.x[i : i + 1], plain.t[i : i + 1]).grads() for i in range(setup.n)
    ]
    mean = network.trace(plain.x, plain.t).grads()
    decayed = spec_from_dict(engine_spec(setup, setup.lam, 0))
    full = Network.from_spec(decayed).trace(plain.x, plain.t)
    return {
        "grad_w": [float(g["W1"][0, 0]) for g in per_sample],
        "grad_b": [float(g["b1"][0]) for g in per_sample],
        "mean_w": float(mean["W1"][0, 0]),
        "mean_b": float(mean["b1"][0]),
        "reg_w": float(full.grads()["W1"][0, 0]),
        "risk": full.loss,
    }


# ----------------------------------------------------------------------------- comparison table

#: The notes' comparison table, as the question each row answers (COURSE.md C9).
QUESTIONS: dict[str, tuple[Text, str]] = {
    "all_samples": (
        Text(
            "uses all N training samples for every single update?",
            "每次更新都使用全部 N 个训练样本？",
        ),
        "bgd",
    ),
    "one_sample": (
        Text("uses exactly one sample per update?", "每次更新只使用一个样本？"),
        "sgd",
    ),
    "noisiest": (
        Text(
            "has the noisiest, least stable updates (its loss curve zig-zags the most)?",
            "更新的噪声最大、最不稳定（损失曲线抖动最厉害）？",
        ),
        "sgd",
    ),
    "most_stable": (
        Text(
            "follows the exact gradient of the training risk, so its descent is the smoothest "
            "and most stable?",
            "沿训练风险的精确梯度下降，因而下降过程最平稳、最稳定？",
        ),
        "bgd",
    ),
    "most_updates": (
        Text(
            "makes the most updates per epoch, so it reacts soonest to new data (the most "
            "timely; it can even learn online)?",
            "每轮更新次数最多，因而对新数据反应最快（时效性最好，甚至可以在线学习）？",
        ),
        "sgd",
    ),
    "one_update": (
        Text("makes only one update per epoch?", "每轮只更新一次？"),
        "bgd",
    ),
    "costliest": (
        Text(
            "has the most expensive single update (its computation and memory grow with N)?",
            "单次更新的代价最大（计算量和内存随 N 增长）？",
        ),
        "bgd",
    ),
    "compromise": (
        Text(
            "is the usual compromise: averaging over B samples damps the noise, a batch is "
            "computed in one vectorised pass, and there are several updates per epoch?",
            "是常用的折中方案：对 B 个样本取平均可减小噪声，一批样本可向量化地一次算完，"
            "且每轮有多次更新？",
        ),
        "minibatch",
    ),
}


def variant_profile(n: int, size: int) -> dict[str, dict[str, float]]:
    """Samples per update, updates per epoch and the variance of the batch gradient (relative
    to one sample's, batches drawn without replacement: (N − s)/(s(N − 1))) of each variant."""
    samples = {"bgd": n, "sgd": 1, "minibatch": size}
    return {
        v: {
            "samples": s,
            "updates": len(range(0, n, s)),
            "variance": (n - s) / (s * (n - 1)),
        }
        for v, s in samples.items()
    }


def measured_answer(question: str, profile: dict[str, dict[str, float]]) -> str:
    """The variant a table question picks, read off the numbers of :func:`variant_profile`."""

    def only(test: Any) -> str:
        found = [v for v in VARIANTS if test(profile[v])]
        if len(found) != 1:
            raise VerificationError(f"{question}: {found} fit, not exactly one")
        return found[0]

    def extreme(key: str, sign: int) -> str:
        best = max(sign * profile[v][key] for v in VARIANTS)
        return only(lambda p: sign * p[key] == best)

    n = profile["bgd"]["samples"]
    return {
        "all_samples": lambda: only(lambda p: p["samples"] == n),
        "one_sample": lambda: only(lambda p: p["samples"] == 1),
        "noisiest": lambda: extreme("variance", 1),
        "most_stable": lambda: extreme("variance", -1),
        "most_updates": lambda: extreme("updates", 1),
        "one_update": lambda: only(lambda p: p["updates"] == 1),
        "costliest": lambda: extreme("samples", 1),
        "compromise": lambda: only(lambda p: 1 < p["samples"] < n),
    }[question]()


def table_rows(n: int, size: int) -> dict[str, Text]:
    k = -(-n // size)
    return {
        "bgd": Text(
            "BGD: all {n} samples per update, 1 update per epoch, cost O(N) per update; the "
            "exact gradient of the training risk: smooth and stable, but slow to react and heavy "
            "for a large N",
            "BGD：每次更新用全部 {n} 个样本，每轮 1 次更新，单次更新代价 O(N)；"
            "使用训练风险的精确梯度：平稳、稳定，但反应慢，N 很大时计算量大",
        ).format(n=n),
        "sgd": Text(
            "SGD: 1 sample per update, {n} updates per epoch, cost O(1) per update; timely "
            "(it can learn online), but each gradient is one sample's: the noisiest, least "
            "stable updates",
            "SGD：每次更新用 1 个样本，每轮 {n} 次更新，单次更新代价 O(1)；时效性好（可在线学习），"
            "但每个梯度只来自一个样本：噪声最大、最不稳定",
        ).format(n=n),
        "minibatch": Text(
            "mini-batch SGD: B = {b} samples per update, {k} updates per epoch, cost O(B) per "
            "update; averaging damps the noise and a batch is one vectorised pass: the usual "
            "compromise",
            "小批量 SGD：每次更新用 B = {b} 个样本，每轮 {k} 次更新，单次更新代价 O(B)；"
            "取平均减小噪声，一批可向量化计算：常用的折中方案",
        ).format(b=size, k=k),
    }


# ----------------------------------------------------------------------------- sampling


def _sizes(variant: str, difficulty: int, calculator: bool) -> tuple[int, int]:
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


def _sample_setup(
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


# ----------------------------------------------------------------------------- the problem


@dataclass(frozen=True)
class HandRoute:
    """Every computed number of one problem, by hand: BGD update(s), the variant's epoch, R."""

    bgd: list[Update]
    epoch: list[Update]
    risk: Value | None

    def values(self) -> list[Value]:
        out = [v for u in (*self.bgd, *self.epoch) for v in u.values()]
        return out + ([self.risk] if self.risk is not None else [])


def hand_route(setup: Setup, variant: str, size: int, epochs: int, rounding: Rounding) -> HandRoute:
    """BGD (weight decay λ) for ``epochs`` updates, then, for SGD and mini-batch, one epoch of
    batches of ``size`` on the plain loss; R(w₀, b₀) when there is weight decay."""
    bgd = hand_run(setup, [tuple(range(setup.n))] * epochs, rounding, setup.lam)
    epoch = hand_run(setup, batches(setup.n, size), rounding) if variant != "bgd" else []
    risk = hand_risk(setup, bgd[0], rounding) if setup.lam else None
    return HandRoute(bgd, epoch, risk)


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


def build_gd_variants(rng: random.Random, options: Options) -> Any:
    variant = options.extra.get("variant") or pick(rng, VARIANTS)
    decay = options.extra.get("weight_decay")
    if decay is None:
        decay = options.difficulty >= 2
    bias = options.difficulty >= 2
    n, size = _sizes(variant, options.difficulty, options.calculator)
    epochs = 2 if variant == "bgd" and options.difficulty == 3 else 1
    rounding = rounding_for(options)
    setup = _sample_setup(rng, options, n, bias, bool(decay), epochs == 2)
    if not options.calculator:
        setup = construct_targets(rng, setup, variant, size, epochs, options)

    # the counting part and the table question
    big_n = pick(rng, BIG_N)
    big_b = pick(rng, [b for b in BIG_B if b < big_n])
    big_e = pick(rng, EPOCHS) if options.difficulty == 3 else None
    question = pick(rng, tuple(QUESTIONS))

    # hand route, exact (Fractions)
    hand = hand_route(setup, variant, size, epochs, Rounding(None))
    check_fair(setup, hand, options)
    start = hand.bgd[0]

    # engine route: every number again, by the NumPy engine
    eng = engine_gradients(setup)
    verify(eng["grad_w"], list(start.grad_w), "per-sample ∂L/∂w", tol=1e-9)
    verify(eng["mean_w"], start.mean_w, "mean ∂L/∂w", tol=1e-9)
    verify(eng["reg_w"], start.reg_w, "regularised ∂R/∂w", tol=1e-9)
    if bias:
        verify(eng["grad_b"], list(start.e), "per-sample ∂L/∂b", tol=1e-9)
        verify(eng["mean_b"], start.mean_b, "mean ∂L/∂b", tol=1e-9)
    if hand.risk is not None:
        verify(eng["risk"], hand.risk, "regularised risk R", tol=1e-9)
    runs = [("BGD", hand.bgd, 0, epochs, setup.lam), (variant, hand.epoch, size, 1, Fraction(0))]
    for label, updates_by_hand, batch_size, count, lam in runs:
        if not updates_by_hand:
            continue
        history = engine_run(setup, batch_size, count, lam)
        if len(history) != len(updates_by_hand):
            raise VerificationError(
                f"{label}: {len(history)} engine updates, {len(updates_by_hand)} by hand"
            )
        for k, (u, (w_e, b_e)) in enumerate(zip(updates_by_hand, history, strict=True), start=1):
            verify(w_e, u.w, f"{label} w after update {k}", tol=1e-9)
            verify(b_e, u.b if u.b is not None else 0, f"{label} b after update {k}", tol=1e-9)

    # counting: the ceil formula and the engine's slicing must agree
    updates = -(-big_n // big_b)
    samples = range(big_n)  # sliced as commands/train.py slices its sample order
    sliced = [samples[i : i + big_b] for i in range(0, big_n, big_b)]
    last = big_n - (updates - 1) * big_b
    if len(sliced) != updates or len(sliced[-1]) != last:
        raise VerificationError(f"updates per epoch: {updates} by ceil, {len(sliced)} by slicing")
    if QUESTIONS[question][1] != measured_answer(question, variant_profile(big_n, big_b)):
        raise VerificationError(f"comparison table: {question}")

    # what the student writes: carried rounding with a calculator
    carried = hand_route(setup, variant, size, epochs, rounding)
    choice_order = list(VARIANTS)
    rng.shuffle(choice_order)
    statement = _statement(setup, variant, size, epochs, big_n, big_b, big_e, question, rounding)
    steps, answers = _solution(
        setup,
        variant,
        hand,
        carried,
        (big_n, big_b, big_e, updates, last),
        question,
        choice_order,
        rounding,
    )
    return make_problem(
        options,
        Text("Gradient descent variants: ", "梯度下降的变体：") + VARIANT_TITLES[variant],
        statement,
        answers,
        steps,
        conventions(options, rounding),
    )


# ----------------------------------------------------------------------------- text


def _col(nodes: list[fm.Node]) -> fm.Node:
    return nodes[0] if len(nodes) == 1 else fm.vector(nodes)


def _samples_text(batch: tuple[int, ...]) -> str:
    return ", ".join(str(i + 1) for i in batch)


def _statement(
    setup: Setup,
    variant: str,
    size: int,
    epochs: int,
    big_n: int,
    big_b: int,
    big_e: int | None,
    question: str,
    rounding: Rounding,
) -> list[Any]:
    """The statement blocks: model and loss, data, start, decay, the task, counting, table."""
    bias = setup.b0 is not None
    model = (
        fm.eq(V("y"), fm.add(fm.dot(V("w"), V("x")), V("b")))
        if bias
        else fm.eq(V("y"), fm.dot(V("w"), V("x")))
    )
    loss = fm.eq(
        V("L", sub="n"),
        fm.mul(HALF, fm.Pow(fm.Paren(fm.sub(V("y", sub="n"), V("t", sub="n"))), fm.num(2))),
    )
    blocks: list[Any] = [
        para(
            Text("A linear neuron ", "线性神经元 "),
            model,
            Text(
                (" (no bias)" if not bias else "")
                + " is trained on the N samples below, with the per-sample loss ",
                ("（无偏置）" if not bias else " ")
                + "用下面的 N 个样本训练，单个样本的损失函数为 ",
            ),
            loss,
            Text(
                " (mean squared error, the ½ convention). The gradient of a batch is the mean of "
                "its per-sample gradients.",
                "（均方误差，½ 约定）。一批样本的梯度是其中各样本梯度的平均值。",
            ),
        ),
        para(Text("Number of samples: ", "样本数："), fm.eq(V("N"), fm.num(setup.n))),
    ]
    for i, (x, t) in enumerate(zip(setup.xs, setup.ts, strict=True), start=1):
        blocks.append(
            para(
                Text("Sample {i}: ", "样本 {i}：").format(i=i),
                fm.Op(
                    ",",
                    (
                        fm.eq(V("x", sub=str(i)), show(x, rounding)),
                        fm.eq(V("t", sub=str(i)), show(t, rounding)),
                    ),
                ),
            )
        )
    start: list[fm.Node] = [fm.eq(V("w", sub="0"), show(setup.w0, rounding))]
    if bias:
        assert setup.b0 is not None
        start.append(fm.eq(V("b", sub="0"), show(setup.b0, rounding)))
    hyper = [Text("Start from ", "初始参数 "), fm.Op(",", tuple(start))]
    hyper += [Text("; learning rate ", "；学习率 "), fm.eq(ALPHA, show(setup.alpha, rounding))]
    if setup.lam:
        hyper += [
            Text("; weight decay ", "；权重衰减系数 "),
            fm.eq(LAM, show(setup.lam, rounding)),
        ]
    blocks.append(para(*hyper, Text(".", "。")))
    if setup.lam:
        decay = Text(
            "Regularisation (weight decay) in BGD: the regularised risk is "
            "R = (1/N)Σ Lₙ + ½λw², so a BGD update is w ← w − α((1/N)Σ ∂Lₙ/∂w + λw).",
            "BGD 中的正则化（权重衰减）：正则化风险为 R = (1/N)Σ Lₙ + ½λw²，"
            "因此一次 BGD 更新为 w ← w − α((1/N)Σ ∂Lₙ/∂w + λw)。",
        )
        if bias:
            decay += Text(
                " The bias is not decayed: b ← b − α(1/N)Σ ∂Lₙ/∂b.",
                "偏置不做权重衰减：b ← b − α(1/N)Σ ∂Lₙ/∂b。",
            )
        if variant != "bgd":
            decay += Text(
                " The epoch below uses the plain loss, without weight decay.",
                "下面的这一轮训练使用不带权重衰减的原始损失。",
            )
        blocks.append(para(decay))
    if variant == "bgd":
        blocks.append(
            para(
                Text(
                    "Batch gradient descent: every update uses the mean gradient over all N "
                    "samples, one update per epoch. Compute the per-sample gradients at the "
                    "start, the mean gradient and the parameters after one BGD update"
                    + (", then a second BGD update (epoch 2)." if epochs == 2 else "."),
                    "批量梯度下降：每次更新使用全部 N 个样本的平均梯度，每轮（epoch）更新一次。"
                    "求初始参数处各样本的梯度、平均梯度以及一次 BGD 更新后的参数"
                    + ("，再做第二次 BGD 更新（第 2 轮）。" if epochs == 2 else "。"),
                )
            )
        )
    else:
        plan = batches(setup.n, size)
        groups = "; ".join("{" + _samples_text(b) + "}" for b in plan)
        how = (
            Text(
                "one epoch of SGD: one update per sample, in the order given (no shuffling), "
                "each from that sample's gradient at the current parameters",
                "一轮 SGD：每个样本更新一次，按给定顺序（不打乱），每次用该样本在当前参数处的梯度",
            )
            if variant == "sgd"
            else Text(
                "one epoch of mini-batch SGD with batch size ",
                "一轮小批量 SGD，批量大小 ",
            )
        )
        parts: list[Any] = [
            Text(
                "Compute the per-sample gradients at the start, the mean gradient and one BGD "
                "update for comparison; then, from the same start, ",
                "求初始参数处各样本的梯度、平均梯度以及一次 BGD 更新（用于比较）；"
                "然后从同一初始参数出发，做",
            )
            + how
        ]
        if variant == "minibatch":
            parts += [
                fm.eq(V("B"), fm.num(size)),
                Text(
                    ": consecutive batches in the order given, samples {g}; each update uses the "
                    "mean gradient of its batch at the current parameters",
                    "：按给定顺序取连续的批，样本分组为 {g}；每次更新用该批在当前参数处的平均梯度",
                ).format(g=groups),
            ]
        parts.append(
            Text(
                ". Give w" + (" and b" if bias else "") + " after the epoch.",
                "。求这一轮之后的 w" + (" 和 b" if bias else "") + "。",
            )
        )
        blocks.append(para(*parts))
    counting: list[Any] = [
        Text("Counting: a training set has ", "计数：某训练集有 "),
        fm.eq(V("N"), fm.num(big_n)),
        Text(
            " samples and mini-batch SGD uses the batch size ", " 个样本，小批量 SGD 的批量大小为 "
        ),
        fm.eq(V("B"), fm.num(big_b)),
        Text(
            ". Batches are taken in order; when B does not divide N the last batch is smaller "
            "(it is kept, not dropped), so an epoch has ceil(N/B) updates.",
            "。按顺序取批；若 B 不能整除 N，最后一批的样本较少（保留，不丢弃），"
            "因此每轮有 ceil(N/B)（向上取整）次更新。",
        ),
    ]
    if big_e is not None:
        counting += [
            Text(" Training runs for ", "共训练 "),
            fm.eq(V("E"), fm.num(big_e)),
            Text(" epochs.", " 轮。"),
        ]
    blocks.append(para(*counting))
    blocks.append(
        para(
            Text(
                "Comparison table (samples per update, cost, timeliness, stability): which variant ",
                "对比表（每次更新的样本数、计算代价、时效性、稳定性）：哪一种方法",
            )
            + QUESTIONS[question][0]
        )
    )
    return blocks


def _solution(
    setup: Setup,
    variant: str,
    hand: HandRoute,
    carried: HandRoute,
    counts: tuple[int, int, int | None, int, int],
    question: str,
    order: list[str],
    rounding: Rounding,
) -> tuple[list[Any], list[Answer]]:
    bias = setup.b0 is not None
    bgd, bgd_c, epoch, epoch_c = hand.bgd, carried.bgd, hand.epoch, carried.epoch
    risk, risk_c = hand.risk, carried.risk
    num = lambda v: show(v, rounding)  # noqa: E731
    steps: list[Any] = []
    answers: list[Answer] = []
    n = setup.n
    dw = fm.Partial(V("L", sub="n"), V("w"))
    db = fm.Partial(V("L", sub="n"), V("b"))
    start, start_c = bgd[0], bgd_c[0]

    # (a) per-sample gradients at the start
    steps += _pass_steps(setup, start_c, "0", Text("at the start", "初始参数处"), rounding, True)
    answers.append(
        vector_answer(
            "grad_w",
            Text(
                "per-sample gradients ∂Lₙ/∂w at the start, n = 1…N",
                "初始参数处各样本的梯度 ∂Lₙ/∂w（n = 1…N）",
            ),
            list(start.grad_w),
            list(start_c.grad_w),
            rounding,
            steps_carried=3,
            symbol=dw,
        )
    )
    if bias:
        answers.append(
            vector_answer(
                "grad_b",
                Text(
                    "per-sample gradients ∂Lₙ/∂b at the start, n = 1…N",
                    "初始参数处各样本的梯度 ∂Lₙ/∂b（n = 1…N）",
                ),
                list(start.e),
                list(start_c.e),
                rounding,
                steps_carried=2,
                symbol=db,
            )
        )

    # (b) BGD: the mean gradient, the risk, the update(s)
    def mean_step(u: Update, which: str, k: str, ans: str | None) -> Any:
        grads = u.grad_w if which == "w" else u.e
        mean = u.mean_w if which == "w" else u.mean_b
        assert mean is not None
        return step(
            Text(
                "Mean gradient of {p} over all N samples (BGD)",
                "全部 N 个样本上 {p} 的平均梯度（BGD）",
            ).format(p=which)
            + (Text(", epoch {k}", "，第 {k} 轮").format(k=k) if k else Text("", "")),
            fm.eq(
                V("ḡ", sub=which),
                fm.mul(
                    fm.Frac(fm.num(1), V("N")),
                    fm.Sum(fm.Partial(V("L", sub="n"), V(which)), "n"),
                ),
            ),
            fm.mul(
                fm.Frac(fm.num(1), fm.num(len(grads))), fm.Paren(fm.add(*[num(g) for g in grads]))
            ),
            num(mean),
            answer_id=ans,
        )

    answers.append(
        number_answer(
            "mean_w",
            Text("BGD: mean gradient ḡ_w = (1/N)Σ ∂Lₙ/∂w", "BGD：平均梯度 ḡ_w = (1/N)Σ ∂Lₙ/∂w"),
            start.mean_w,
            start_c.mean_w,
            rounding,
            steps_carried=4,
            depends_on=("grad_w",),
        )
    )
    steps.append(mean_step(start_c, "w", "", "mean_w"))
    if bias:
        assert start.mean_b is not None and start_c.mean_b is not None
        answers.append(
            number_answer(
                "mean_b",
                Text("BGD: mean gradient ḡ_b = (1/N)Σ ∂Lₙ/∂b", "BGD：平均梯度 ḡ_b = (1/N)Σ ∂Lₙ/∂b"),
                start.mean_b,
                start_c.mean_b,
                rounding,
                steps_carried=3,
                depends_on=("grad_b",),
            )
        )
        steps.append(mean_step(start_c, "b", "", "mean_b"))
    if risk is not None and risk_c is not None:
        steps.append(
            step(
                Text("Regularised risk at the start", "初始参数处的正则化风险"),
                fm.eq(
                    V("R"),
                    fm.add(
                        fm.mul(fm.Frac(fm.num(1), V("N")), fm.Sum(V("L", sub="n"), "n")),
                        fm.mul(HALF, LAM, fm.Pow(V("w", sub="0"), fm.num(2))),
                    ),
                ),
                fm.add(
                    fm.mul(
                        fm.Frac(fm.num(1), fm.num(n)),
                        fm.Paren(
                            fm.add(*[fm.mul(HALF, fm.Pow(num(e), fm.num(2))) for e in start_c.e])
                        ),
                    ),
                    fm.mul(HALF, num(setup.lam), fm.Pow(num(setup.w0), fm.num(2))),
                ),
                num(risk_c),
                answer_id="risk",
            )
        )
        answers.append(
            number_answer(
                "risk",
                Text("regularised risk R at the start", "初始参数处的正则化风险 R"),
                risk,
                risk_c,
                rounding,
                steps_carried=4,
            )
        )
    bgd_names = [("1", "bgd"), ("2", "bgd2")][: len(bgd)] if variant == "bgd" else [("BGD", "bgd")]
    for k, (u, u_c, (sub, key)) in enumerate(zip(bgd, bgd_c, bgd_names, strict=True)):
        prev = "0" if k == 0 else bgd_names[k - 1][0]
        if k > 0:
            epoch_text = Text("epoch {k}", "第 {k} 轮").format(k=k + 1)
            steps += _pass_steps(setup, u_c, prev, epoch_text, rounding, False)
            steps.append(mean_step(u_c, "w", str(k + 1), None))
            if bias:
                steps.append(mean_step(u_c, "b", str(k + 1), None))
        title = (
            Text("BGD update {k}", "第 {k} 次 BGD 更新").format(k=k + 1)
            if variant == "bgd"
            else Text("One BGD update (for comparison)", "一次 BGD 更新（用于比较）")
        )
        steps += _update_steps(setup, u_c, prev, sub, title, key, rounding)
        label = (
            Text("{p} after BGD update {k}", "第 {k} 次 BGD 更新后的 {p}").format(k=k + 1, p="{p}")
            if variant == "bgd"
            else Text("{p} after one BGD update", "一次 BGD 更新后的 {p}")
        )
        answers.append(
            number_answer(
                f"{key}_w",
                label.format(p="w"),
                u.w,
                u_c.w,
                rounding,
                steps_carried=6 * (k + 1),
                symbol=V("w", sub=sub),
                depends_on=("mean_w",),
            )
        )
        if bias:
            assert u.b is not None and u_c.b is not None
            answers.append(
                number_answer(
                    f"{key}_b",
                    label.format(p="b"),
                    u.b,
                    u_c.b,
                    rounding,
                    steps_carried=5 * (k + 1),
                    symbol=V("b", sub=sub),
                    depends_on=("mean_b",),
                )
            )

    # (c) the variant's epoch, update by update
    if epoch:
        what = Text("SGD", "SGD") if variant == "sgd" else Text("mini-batch SGD", "小批量 SGD")
        for k, u_c in enumerate(epoch_c, start=1):
            last = k == len(epoch_c)
            title = Text(what.en[0].upper() + what.en[1:], what.zh) + Text(
                " update {k} of {m}, sample{plural} {s}", " 第 {k}/{m} 次更新，样本 {s}"
            ).format(
                k=k,
                m=len(epoch_c),
                s=_samples_text(u_c.batch),
                plural="s" if len(u_c.batch) > 1 else "",
            )
            steps += _batch_steps(setup, u_c, str(k - 1), title, rounding)
            steps += _update_steps(
                setup, u_c, str(k - 1), str(k), title, "epoch" if last else None, rounding
            )
        final, final_c = epoch[-1], epoch_c[-1]
        lead = "一轮 " if variant == "sgd" else "一轮"  # a space between CJK and Latin only
        steps_c = 6 * len(epoch)
        answers.append(
            number_answer(
                "epoch_w",
                Text("w after one epoch of ", lead) + what + Text("", " 之后的 w"),
                final.w,
                final_c.w,
                rounding,
                steps_carried=steps_c,
                symbol=V("w", sub=str(len(epoch))),
            )
        )
        if bias:
            assert final.b is not None and final_c.b is not None
            answers.append(
                number_answer(
                    "epoch_b",
                    Text("b after one epoch of ", lead) + what + Text("", " 之后的 b"),
                    final.b,
                    final_c.b,
                    rounding,
                    steps_carried=steps_c,
                    symbol=V("b", sub=str(len(epoch))),
                )
            )

    # (d) counting
    big_n, big_b, big_e, updates, last_size = counts
    exact = Rounding(None)
    steps.append(
        step(
            Text("Updates per epoch (the last batch is kept)", "每轮的更新次数（保留最后一批）"),
            fm.eq(V("K"), fm.Call("ceil", (fm.Frac(V("N"), V("B")),))),
            fm.Call("ceil", (fm.Frac(fm.num(big_n), fm.num(big_b)),)),
            fm.num(updates),
            answer_id="updates",
            note=Text(
                "{n}/{b} = {q}: {k} batches of {b}{rest}",
                "{n}/{b} = {q}：{k} 批各 {b} 个样本{restz}",
            ).format(
                n=big_n,
                b=big_b,
                q=fm.format_number(Fraction(big_n, big_b), 4),
                k=big_n // big_b,
                rest=f", and one of {big_n % big_b}" if big_n % big_b else "",
                restz=f"，另有一批 {big_n % big_b} 个" if big_n % big_b else "",
            ),
        )
    )
    answers.append(
        number_answer(
            "updates",
            Text(
                "mini-batch updates per epoch (the large set)", "每轮的小批量更新次数（大训练集）"
            ),
            Fraction(updates),
            Fraction(updates),
            exact,
            symbol=V("K"),
        )
    )
    if big_e is not None or setup.b0 is not None:  # difficulty ≥ 2
        steps.append(
            step(
                Text("Samples used by the last update of an epoch", "每轮最后一次更新所用的样本数"),
                fm.sub(V("N"), fm.mul(fm.Paren(fm.sub(V("K"), fm.num(1))), V("B"))),
                fm.sub(fm.num(big_n), fm.mul(fm.num(updates - 1), fm.num(big_b))),
                fm.num(last_size),
                answer_id="last_batch",
            )
        )
        answers.append(
            number_answer(
                "last_batch",
                Text("samples used by the last update of an epoch", "每轮最后一次更新所用的样本数"),
                Fraction(last_size),
                Fraction(last_size),
                exact,
            )
        )
    if big_e is not None:
        steps.append(
            step(
                Text("Updates in E epochs", "E 轮的总更新次数"),
                fm.mul(V("E"), V("K")),
                fm.mul(fm.num(big_e), fm.num(updates)),
                fm.num(big_e * updates),
                answer_id="updates_total",
            )
        )
        answers.append(
            number_answer(
                "updates_total",
                Text("updates in E epochs", "E 轮的总更新次数"),
                Fraction(big_e * updates),
                Fraction(big_e * updates),
                exact,
            )
        )

    # (e) the comparison table
    rows = table_rows(big_n, big_b)
    right = QUESTIONS[question][1]
    keys = "ABC"
    for v in order:
        steps.append(step(rows[v], answer_id="choice" if v == right else None))
    answers.append(
        Answer(
            id="choice",
            label=Text("comparison table: your choice", "对比表：你的选择"),
            value=keys[order.index(right)],
            kind="choice",
            choices=tuple((keys[i], CHOICE_TITLES[v]) for i, v in enumerate(order)),
        )
    )
    return steps, answers


def _pass_steps(
    setup: Setup, u: Update, prev: str, where: Text, rounding: Rounding, per_sample: bool
) -> list[Any]:
    """Forward pass, errors and per-sample gradients on every sample at (w_prev, b_prev)."""
    bias = setup.b0 is not None
    num = lambda v: show(v, rounding)  # noqa: E731
    node = lambda vals: values_node(list(vals), rounding)  # noqa: E731
    wp, bp = V("w", sub=prev), V("b", sub=prev)
    xs = [setup.xs[i] for i in u.batch]
    ts = [setup.ts[i] for i in u.batch]
    forward = fm.dot(wp, V("x", sub="n"))
    if bias:
        forward = fm.add(forward, bp)
    sub_forward = [
        fm.add(fm.mul(num(u.w_prev), num(x)), num(u.b_prev))
        if bias and u.b_prev is not None
        else fm.mul(num(u.w_prev), num(x))
        for x in xs
    ]
    out = [
        step(
            Text("Outputs on every sample ", "各样本的输出（") + where + Text("", "）"),
            fm.eq(V("y", sub="n"), forward),
            _col(sub_forward),
            node(u.y),
        ),
        step(
            Text("Errors ", "误差（") + where + Text("", "）"),
            fm.eq(V("e", sub="n"), fm.sub(V("y", sub="n"), V("t", sub="n"))),
            _col([fm.sub(num(y), num(t)) for y, t in zip(u.y, ts, strict=True)]),
            node(u.e),
        ),
        step(
            Text("Per-sample gradients of w ", "各样本对 w 的梯度（") + where + Text("", "）"),
            fm.eq(fm.Partial(V("L", sub="n"), V("w")), fm.mul(V("e", sub="n"), V("x", sub="n"))),
            _col([fm.mul(num(e), num(x)) for e, x in zip(u.e, xs, strict=True)]),
            node(u.grad_w),
            answer_id="grad_w" if per_sample else None,
        ),
    ]
    if bias:
        out.append(
            step(
                Text("Per-sample gradients of b ", "各样本对 b 的梯度（") + where + Text("", "）"),
                fm.eq(fm.Partial(V("L", sub="n"), V("b")), V("e", sub="n")),
                None,
                node(u.e),
                answer_id="grad_b" if per_sample else None,
            )
        )
    return out


def _batch_steps(setup: Setup, u: Update, prev: str, title: Text, rounding: Rounding) -> list[Any]:
    """One SGD / mini-batch update: the batch's errors and its mean gradient."""
    bias = setup.b0 is not None
    num = lambda v: show(v, rounding)  # noqa: E731
    node = lambda vals: values_node(list(vals), rounding)  # noqa: E731
    xs = [setup.xs[i] for i in u.batch]
    ts = [setup.ts[i] for i in u.batch]
    wp, bp = V("w", sub=prev), V("b", sub=prev)
    size = len(u.batch)
    n = str(u.batch[0] + 1) if size == 1 else "n"  # SGD: the sample's own index
    e_n, x_n, t_n = V("e", sub=n), V("x", sub=n), V("t", sub=n)
    lhs = fm.dot(wp, x_n)
    if bias:
        lhs = fm.add(lhs, bp)
    errors = [
        fm.sub(
            fm.add(fm.mul(num(u.w_prev), num(x)), num(u.b_prev))
            if bias and u.b_prev is not None
            else fm.mul(num(u.w_prev), num(x)),
            num(t),
        )
        for x, t in zip(xs, ts, strict=True)
    ]
    out = [
        step(
            title + Text(": error" if size == 1 else ": errors", "：误差"),
            fm.eq(e_n, fm.sub(lhs, t_n)),
            _col(errors),
            node(u.e),
        )
    ]
    mean_w = fm.Sum(fm.mul(V("e", sub="n"), V("x", sub="n")), "n∈S")
    sub_w: fm.Node = fm.Paren(
        fm.add(*[fm.mul(num(e), num(x)) for e, x in zip(u.e, xs, strict=True)])
    )
    if size == 1:
        out.append(
            step(
                title + Text(": gradient of w", "：w 的梯度"),
                fm.eq(V("ḡ", sub="w"), fm.mul(e_n, x_n)),
                fm.mul(num(u.e[0]), num(xs[0])),
                num(u.mean_w),
            )
        )
    else:
        out.append(
            step(
                title + Text(": mean gradient of w over the batch", "：该批上 w 的平均梯度"),
                fm.eq(V("ḡ", sub="w"), fm.mul(fm.Frac(fm.num(1), fm.Abs(V("S"))), mean_w)),
                fm.mul(fm.Frac(fm.num(1), fm.num(size)), sub_w),
                num(u.mean_w),
            )
        )
    if bias and u.mean_b is not None:
        if size == 1:
            out.append(
                step(
                    title + Text(": gradient of b", "：b 的梯度"),
                    fm.eq(V("ḡ", sub="b"), e_n),
                    None,
                    num(u.mean_b),
                )
            )
        else:
            out.append(
                step(
                    title + Text(": mean gradient of b over the batch", "：该批上 b 的平均梯度"),
                    fm.eq(
                        V("ḡ", sub="b"),
                        fm.mul(fm.Frac(fm.num(1), fm.Abs(V("S"))), fm.Sum(V("e", sub="n"), "n∈S")),
                    ),
                    fm.mul(
                        fm.Frac(fm.num(1), fm.num(size)),
                        fm.Paren(fm.add(*[num(e) for e in u.e])),
                    ),
                    num(u.mean_b),
                )
            )
    return out


def _update_steps(
    setup: Setup,
    u: Update,
    prev: str,
    sub: str,
    title: Text,
    key: str | None,
    rounding: Rounding,
) -> list[Any]:
    """w ← w − α(ḡ_w + λw) (weight decay) or w − αḡ_w, then b ← b − αḡ_b."""
    num = lambda v: show(v, rounding)  # noqa: E731
    wp, bp = V("w", sub=prev), V("b", sub=prev)
    gw, gb = V("ḡ", sub="w"), V("ḡ", sub="b")
    if u.lam:
        formula = fm.eq(
            V("w", sub=sub), fm.sub(wp, fm.mul(ALPHA, fm.Paren(fm.add(gw, fm.mul(LAM, wp)))))
        )
        substituted = fm.sub(
            num(u.w_prev),
            fm.mul(
                num(setup.alpha),
                fm.Paren(fm.add(num(u.mean_w), fm.mul(num(u.lam), num(u.w_prev)))),
            ),
        )
        substituted = fm.eq(
            substituted, fm.sub(num(u.w_prev), fm.mul(num(setup.alpha), num(u.reg_w)))
        )
        note = Text(
            "weight decay: λw is added to the gradient of w", "权重衰减：在 w 的梯度上加 λw"
        )
    else:
        formula = fm.eq(V("w", sub=sub), fm.sub(wp, fm.mul(ALPHA, gw)))
        substituted = fm.sub(num(u.w_prev), fm.mul(num(setup.alpha), num(u.mean_w)))
        note = None
    out = [
        step(
            title + Text(": new w", "：新的 w"),
            formula,
            substituted,
            num(u.w),
            answer_id=f"{key}_w" if key else None,
            note=note,
        )
    ]
    if u.b is not None and u.b_prev is not None and u.mean_b is not None:
        out.append(
            step(
                title + Text(": new b", "：新的 b"),
                fm.eq(V("b", sub=sub), fm.sub(bp, fm.mul(ALPHA, gb))),
                fm.sub(num(u.b_prev), fm.mul(num(setup.alpha), num(u.mean_b))),
                num(u.b),
                answer_id=f"{key}_b" if key else None,
                note=Text("the bias is not decayed", "偏置不做权重衰减") if u.lam else None,
            )
        )
    return out


register(
    Kind(
        name="gd_variants",
        section="C9",
        title=Text("BGD, SGD and mini-batch SGD", "BGD、SGD 与小批量 SGD"),
        description=Text(
            "per-sample and mean gradients on a tiny data set, a BGD update (with weight decay), "
            "an SGD or mini-batch epoch, updates per epoch, and the comparison table",
            "小数据集上各样本的梯度与平均梯度、一次 BGD 更新（可带权重衰减）、一轮 SGD 或小批量 SGD、"
            "每轮更新次数，以及对比表",
        ),
        build=build_gd_variants,
        extra_options={"variant": VARIANTS, "weight_decay": (False, True)},
    )
)
