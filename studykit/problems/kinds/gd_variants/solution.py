"""The worked solution and the answer key of a ``gd_variants`` problem, part by part: (a) the
per-sample gradients at the start, (b) BGD: the mean gradient, the risk R and the update(s),
(c) the variant's epoch, (d) the counting, (e) the comparison table. Every answer holds the exact
value (``hand``) and the carried one the steps show (``carried``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from .... import math as fm
from ...model import Answer, Rounding, Step
from .._basic import Text, number_answer, step, vector_answer
from .comparison import CHOICE_TITLES, QUESTIONS, Counting, table_rows
from .routes import HandRoute, Setup, Update
from .statement import V, samples_text
from .steps import batch_steps, mean_step, pass_steps, risk_step, update_steps


@dataclass
class Solution:
    """The steps and the answers, in the order they are shown."""

    steps: list[Step] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)


def solution(
    setup: Setup,
    variant: str,
    hand: HandRoute,
    carried: HandRoute,
    counting: Counting,
    question: str,
    order: list[str],
    rounding: Rounding,
) -> tuple[list[Step], list[Answer]]:
    """Steps and answers of parts (a)–(e); ``order`` is the order of the table's choices."""
    out = Solution()
    _start_gradients(out, setup, hand.bgd[0], carried.bgd[0], rounding)
    if hand.risk is not None and carried.risk is not None:
        out.steps.append(risk_step(setup, carried.bgd[0], carried.risk, rounding))
        out.answers.append(
            number_answer(
                "risk",
                Text("regularised risk R at the start", "初始参数处的正则化风险 R"),
                hand.risk,
                carried.risk,
                rounding,
                steps_carried=4,
            )
        )
    _bgd_updates(out, setup, variant, hand.bgd, carried.bgd, rounding)
    if hand.epoch:
        _epoch(out, setup, variant, hand.epoch, carried.epoch, rounding)
    _counting(out, setup, counting)
    _table(out, counting, question, order)
    return out.steps, out.answers


def _start_gradients(
    out: Solution, setup: Setup, start: Update, start_c: Update, rounding: Rounding
) -> None:
    """(a) ∂Lₙ/∂w = eₙxₙ and ∂Lₙ/∂b = eₙ on every sample at (w₀, b₀), and their BGD means."""
    bias = setup.b0 is not None
    out.steps += pass_steps(setup, start_c, "0", Text("at the start", "初始参数处"), rounding, True)
    per_sample = [("w", start.grad_w, start_c.grad_w, 3)]
    if bias:
        per_sample.append(("b", start.e, start_c.e, 2))
    for p, grads, grads_c, steps_carried in per_sample:
        out.answers.append(
            vector_answer(
                f"grad_{p}",
                Text(
                    "per-sample gradients ∂Lₙ/∂{p} at the start, n = 1…N",
                    "初始参数处各样本的梯度 ∂Lₙ/∂{p}（n = 1…N）",
                ).format(p=p),
                list(grads),
                list(grads_c),
                rounding,
                steps_carried=steps_carried,
                symbol=fm.Partial(V("L", sub="n"), V(p)),
            )
        )
    means = [("w", start.mean_w, start_c.mean_w, 4)]
    if bias:
        assert start.mean_b is not None and start_c.mean_b is not None
        means.append(("b", start.mean_b, start_c.mean_b, 3))
    for p, mean, mean_c, steps_carried in means:
        out.answers.append(
            number_answer(
                f"mean_{p}",
                Text(
                    "BGD: mean gradient ḡ_{p} = (1/N)Σ ∂Lₙ/∂{p}",
                    "BGD：平均梯度 ḡ_{p} = (1/N)Σ ∂Lₙ/∂{p}",
                ).format(p=p),
                mean,
                mean_c,
                rounding,
                steps_carried=steps_carried,
                depends_on=(f"grad_{p}",),
            )
        )
        out.steps.append(mean_step(start_c, p, "", f"mean_{p}", rounding))


def _bgd_updates(
    out: Solution,
    setup: Setup,
    variant: str,
    bgd: list[Update],
    bgd_c: list[Update],
    rounding: Rounding,
) -> None:
    """(b) Each BGD update w ← w − α(ḡ_w + λw), b ← b − αḡ_b; a second one (epoch 2) starts
    again with the forward pass and the mean gradient."""
    bias = setup.b0 is not None
    names = [("1", "bgd"), ("2", "bgd2")][: len(bgd)] if variant == "bgd" else [("BGD", "bgd")]
    for k, (u, u_c, (sub, key)) in enumerate(zip(bgd, bgd_c, names, strict=True)):
        prev = "0" if k == 0 else names[k - 1][0]
        if k > 0:
            epoch_text = Text("epoch {k}", "第 {k} 轮").format(k=k + 1)
            out.steps += pass_steps(setup, u_c, prev, epoch_text, rounding, False)
            out.steps.append(mean_step(u_c, "w", str(k + 1), None, rounding))
            if bias:
                out.steps.append(mean_step(u_c, "b", str(k + 1), None, rounding))
        title = (
            Text("BGD update {k}", "第 {k} 次 BGD 更新").format(k=k + 1)
            if variant == "bgd"
            else Text("One BGD update (for comparison)", "一次 BGD 更新（用于比较）")
        )
        out.steps += update_steps(setup, u_c, prev, sub, title, key, rounding)
        label = (
            Text("{p} after BGD update {k}", "第 {k} 次 BGD 更新后的 {p}").format(k=k + 1, p="{p}")
            if variant == "bgd"
            else Text("{p} after one BGD update", "一次 BGD 更新后的 {p}")
        )
        params = [("w", u.w, u_c.w, 6)]
        if bias:
            assert u.b is not None and u_c.b is not None
            params.append(("b", u.b, u_c.b, 5))
        for p, value, value_c, per_update in params:
            out.answers.append(
                number_answer(
                    f"{key}_{p}",
                    label.format(p=p),
                    value,
                    value_c,
                    rounding,
                    steps_carried=per_update * (k + 1),
                    symbol=V(p, sub=sub),
                    depends_on=(f"mean_{p}",),
                )
            )


def _epoch(
    out: Solution,
    setup: Setup,
    variant: str,
    epoch: list[Update],
    epoch_c: list[Update],
    rounding: Rounding,
) -> None:
    """(c) The variant's epoch, update by update, and w (and b) after it."""
    what = Text("SGD", "SGD") if variant == "sgd" else Text("mini-batch SGD", "小批量 SGD")
    for k, u_c in enumerate(epoch_c, start=1):
        last = k == len(epoch_c)
        title = Text(what.en[0].upper() + what.en[1:], what.zh) + Text(
            " update {k} of {m}, sample{plural} {s}", " 第 {k}/{m} 次更新，样本 {s}"
        ).format(
            k=k,
            m=len(epoch_c),
            s=samples_text(u_c.batch),
            plural="s" if len(u_c.batch) > 1 else "",
        )
        out.steps += batch_steps(setup, u_c, str(k - 1), title, rounding)
        out.steps += update_steps(
            setup, u_c, str(k - 1), str(k), title, "epoch" if last else None, rounding
        )
    final, final_c = epoch[-1], epoch_c[-1]
    lead = "一轮 " if variant == "sgd" else "一轮"  # a space between CJK and Latin only
    params = [("w", final.w, final_c.w)]
    if setup.b0 is not None:
        assert final.b is not None and final_c.b is not None
        params.append(("b", final.b, final_c.b))
    for p, value, value_c in params:
        out.answers.append(
            number_answer(
                f"epoch_{p}",
                Text(f"{p} after one epoch of ", lead) + what + Text("", f" 之后的 {p}"),
                value,
                value_c,
                rounding,
                steps_carried=6 * len(epoch),
                symbol=V(p, sub=str(len(epoch))),
            )
        )


def _counting(out: Solution, setup: Setup, counting: Counting) -> None:
    """(d) K = ceil(N/B); from difficulty 2 the last batch N − (K − 1)B; at 3 the E·K updates."""
    big_n, big_b, updates = counting.n, counting.size, counting.updates
    exact = Rounding(None)
    out.steps.append(
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
    out.answers.append(
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
    if counting.epochs is not None or setup.b0 is not None:  # difficulty ≥ 2
        out.steps.append(
            step(
                Text("Samples used by the last update of an epoch", "每轮最后一次更新所用的样本数"),
                fm.sub(V("N"), fm.mul(fm.Paren(fm.sub(V("K"), fm.num(1))), V("B"))),
                fm.sub(fm.num(big_n), fm.mul(fm.num(updates - 1), fm.num(big_b))),
                fm.num(counting.last),
                answer_id="last_batch",
            )
        )
        out.answers.append(
            number_answer(
                "last_batch",
                Text("samples used by the last update of an epoch", "每轮最后一次更新所用的样本数"),
                Fraction(counting.last),
                Fraction(counting.last),
                exact,
            )
        )
    if counting.epochs is not None:
        total = counting.epochs * updates
        out.steps.append(
            step(
                Text("Updates in E epochs", "E 轮的总更新次数"),
                fm.mul(V("E"), V("K")),
                fm.mul(fm.num(counting.epochs), fm.num(updates)),
                fm.num(total),
                answer_id="updates_total",
            )
        )
        out.answers.append(
            number_answer(
                "updates_total",
                Text("updates in E epochs", "E 轮的总更新次数"),
                Fraction(total),
                Fraction(total),
                exact,
            )
        )


def _table(out: Solution, counting: Counting, question: str, order: list[str]) -> None:
    """(e) One step per variant (its row of the table), and the choice the question asks for."""
    rows = table_rows(counting.n, counting.size)
    right = QUESTIONS[question][1]
    keys = "ABC"
    for v in order:
        out.steps.append(step(rows[v], answer_id="choice" if v == right else None))
    out.answers.append(
        Answer(
            id="choice",
            label=Text("comparison table: your choice", "对比表：你的选择"),
            value=keys[order.index(right)],
            kind="choice",
            choices=tuple((keys[i], CHOICE_TITLES[v]) for i, v in enumerate(order)),
        )
    )
