"""The worked steps of one update of a ``gd_variants`` problem, with the carried numbers put in:
the forward pass, errors and per-sample gradients, the (batch) mean gradient, the risk, and
``w ← w − α(ḡ_w + λw)``, ``b ← b − αḡ_b``."""

from __future__ import annotations

from .... import math as fm
from ...model import Rounding, Step
from .._basic import Text, Value, show, step, values_node
from .routes import Setup, Update
from .statement import ALPHA, HALF, LAM, V


def column(nodes: list[fm.Node]) -> fm.Node:
    """One node, or a column vector of them."""
    return nodes[0] if len(nodes) == 1 else fm.vector(nodes)


def _output(prev: str, x: fm.Node, bias: bool) -> fm.Node:
    """w_prev·x (+ b_prev): the output of the neuron in symbols."""
    out = fm.dot(V("w", sub=prev), x)
    return fm.add(out, V("b", sub=prev)) if bias else out


def _output_numbers(u: Update, x: Value, bias: bool, rounding: Rounding) -> fm.Node:
    """w_prev·x (+ b_prev) with the numbers of the update put in."""
    if bias and u.b_prev is not None:
        return fm.add(fm.mul(show(u.w_prev, rounding), show(x, rounding)), show(u.b_prev, rounding))
    return fm.mul(show(u.w_prev, rounding), show(x, rounding))


def pass_steps(
    setup: Setup, u: Update, prev: str, where: Text, rounding: Rounding, per_sample: bool
) -> list[Step]:
    """Forward pass, errors and per-sample gradients on every sample at (w_prev, b_prev)."""
    bias = setup.b0 is not None
    num = lambda v: show(v, rounding)  # noqa: E731
    node = lambda vals: values_node(list(vals), rounding)  # noqa: E731
    xs = [setup.xs[i] for i in u.batch]
    ts = [setup.ts[i] for i in u.batch]
    out = [
        step(
            Text("Outputs on every sample ", "各样本的输出（") + where + Text("", "）"),
            fm.eq(V("y", sub="n"), _output(prev, V("x", sub="n"), bias)),
            column([_output_numbers(u, x, bias, rounding) for x in xs]),
            node(u.y),
        ),
        step(
            Text("Errors ", "误差（") + where + Text("", "）"),
            fm.eq(V("e", sub="n"), fm.sub(V("y", sub="n"), V("t", sub="n"))),
            column([fm.sub(num(y), num(t)) for y, t in zip(u.y, ts, strict=True)]),
            node(u.e),
        ),
        step(
            Text("Per-sample gradients of w ", "各样本对 w 的梯度（") + where + Text("", "）"),
            fm.eq(fm.Partial(V("L", sub="n"), V("w")), fm.mul(V("e", sub="n"), V("x", sub="n"))),
            column([fm.mul(num(e), num(x)) for e, x in zip(u.e, xs, strict=True)]),
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


def mean_step(u: Update, which: str, k: str, answer_id: str | None, rounding: Rounding) -> Step:
    """ḡ = (1/N)Σ ∂Lₙ/∂w (or ∂Lₙ/∂b) over all N samples: a BGD update's gradient."""
    num = lambda v: show(v, rounding)  # noqa: E731
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
        fm.mul(fm.Frac(fm.num(1), fm.num(len(grads))), fm.Paren(fm.add(*[num(g) for g in grads]))),
        num(mean),
        answer_id=answer_id,
    )


def risk_step(setup: Setup, start: Update, risk: Value, rounding: Rounding) -> Step:
    """R = (1/N)Σ Lₙ + ½λw₀² at the start."""
    num = lambda v: show(v, rounding)  # noqa: E731
    return step(
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
                fm.Frac(fm.num(1), fm.num(setup.n)),
                fm.Paren(fm.add(*[fm.mul(HALF, fm.Pow(num(e), fm.num(2))) for e in start.e])),
            ),
            fm.mul(HALF, num(setup.lam), fm.Pow(num(setup.w0), fm.num(2))),
        ),
        num(risk),
        answer_id="risk",
    )


def batch_steps(setup: Setup, u: Update, prev: str, title: Text, rounding: Rounding) -> list[Step]:
    """One SGD / mini-batch update: the batch's errors and its mean gradient."""
    bias = setup.b0 is not None
    xs = [setup.xs[i] for i in u.batch]
    ts = [setup.ts[i] for i in u.batch]
    n = str(u.batch[0] + 1) if len(u.batch) == 1 else "n"  # SGD: the sample's own index
    errors = [
        fm.sub(_output_numbers(u, x, bias, rounding), show(t, rounding))
        for x, t in zip(xs, ts, strict=True)
    ]
    outputs = [fm.sub(show(y, rounding), show(t, rounding)) for y, t in zip(u.y, ts, strict=True)]
    return [
        step(
            title + Text(": error" if len(u.batch) == 1 else ": errors", "：误差"),
            fm.eq(V("e", sub=n), fm.sub(_output(prev, V("x", sub=n), bias), V("t", sub=n))),
            fm.eq(column(errors), column(outputs)),  # the output y as written, then y − t
            values_node(list(u.e), rounding),
        ),
        *_batch_gradient_steps(u, xs, n, title, bias, rounding),
    ]


def _batch_gradient_steps(
    u: Update, xs: list[Value], n: str, title: Text, bias: bool, rounding: Rounding
) -> list[Step]:
    """ḡ_w = eₙxₙ for one sample, else (1/|S|)Σ_{n∈S} eₙxₙ; the same for b with eₙ."""
    num = lambda v: show(v, rounding)  # noqa: E731
    size = len(u.batch)
    e_n, x_n = V("e", sub=n), V("x", sub=n)
    mean_w = fm.Sum(fm.mul(V("e", sub="n"), V("x", sub="n")), "n∈S")
    sub_w: fm.Node = fm.Paren(
        fm.add(*[fm.mul(num(e), num(x)) for e, x in zip(u.e, xs, strict=True)])
    )
    if size == 1:
        out = [
            step(
                title + Text(": gradient of w", "：w 的梯度"),
                fm.eq(V("ḡ", sub="w"), fm.mul(e_n, x_n)),
                fm.mul(num(u.e[0]), num(xs[0])),
                num(u.mean_w),
            )
        ]
    else:
        out = [
            step(
                title + Text(": mean gradient of w over the batch", "：该批上 w 的平均梯度"),
                fm.eq(V("ḡ", sub="w"), fm.mul(fm.Frac(fm.num(1), fm.Abs(V("S"))), mean_w)),
                fm.eq(  # each eₙxₙ as written, then their mean
                    fm.mul(fm.Frac(fm.num(1), fm.num(size)), sub_w),
                    fm.mul(
                        fm.Frac(fm.num(1), fm.num(size)),
                        fm.Paren(fm.add(*[num(g) for g in u.grad_w])),
                    ),
                ),
                num(u.mean_w),
            )
        ]
    if not bias or u.mean_b is None:
        return out
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


def update_steps(
    setup: Setup,
    u: Update,
    prev: str,
    sub: str,
    title: Text,
    key: str | None,
    rounding: Rounding,
) -> list[Step]:
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
