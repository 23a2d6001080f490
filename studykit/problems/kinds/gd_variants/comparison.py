"""BGD, SGD and mini-batch SGD compared: the notes' table (COURSE.md C9) as questions, the numbers
of each variant that answer them, and the counting on a realistic training set.

Every table question is answered twice: by the table (:data:`QUESTIONS`) and by the numbers of
:func:`variant_profile` (:func:`measured_answer`); the updates per epoch by the ceil formula and
by slicing the sample order as ``commands/train.py`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...registry import VerificationError
from .._basic import Text

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
            "makes the most updates per epoch (one per sample), so that it can even learn "
            "online, one sample at a time?",
            "每轮更新次数最多（每个样本一次），因而甚至可以逐个样本在线学习？",
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


def check_table(question: str, n: int, size: int) -> None:
    """The table's answer to ``question`` is the one the numbers of the variants give."""
    if QUESTIONS[question][1] != measured_answer(question, variant_profile(n, size)):
        raise VerificationError(f"comparison table: {question}")


def table_rows(n: int, size: int) -> dict[str, Text]:
    """Each variant's row of the table for N samples and batch size B: samples and updates per
    epoch, cost per update, and what that means for timeliness and stability."""
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
            "SGD: 1 sample per update, {n} updates per epoch, cost O(1) per update; it can "
            "learn online (the course notes rate its timeliness average, like mini-batch "
            "SGD's; BGD's is low), but each gradient is one sample's: the noisiest, least "
            "stable updates",
            "SGD：每次更新用 1 个样本，每轮 {n} 次更新，单次更新代价 O(1)；可以在线学习"
            "（课程笔记中其时效性为“一般”，与小批量 SGD 相同，BGD 为“低”），"
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


# ----------------------------------------------------------------------------- counting


@dataclass(frozen=True)
class Counting:
    """The counting part: N samples, batch size B, E epochs (difficulty 3, else None), the
    updates per epoch K = ceil(N/B) and the size of the last batch N − (K − 1)B."""

    n: int
    size: int
    epochs: int | None
    updates: int
    last: int


def count_updates(n: int, size: int, epochs: int | None) -> Counting:
    """K = ceil(N/B) and the last batch's size, checked against slicing the samples in order."""
    updates = -(-n // size)
    samples = range(n)  # sliced as commands/train.py slices its sample order
    sliced = [samples[i : i + size] for i in range(0, n, size)]
    last = n - (updates - 1) * size
    if len(sliced) != updates or len(sliced[-1]) != last:
        raise VerificationError(f"updates per epoch: {updates} by ceil, {len(sliced)} by slicing")
    return Counting(n, size, epochs, updates, last)
