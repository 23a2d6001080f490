"""Bring your own network (issue #14): a spec file becomes a :class:`Problem` with the worked
solution a generated network problem prints.

``problem_from_spec(spec, options)`` refuses, with the reason, what is not hand work (more than
:data:`MAX_WIDTH` neurons a layer, :data:`MAX_DEPTH` weight layers, :data:`MAX_BATCH` samples;
a learned activation parameter; maxout; softmax anywhere but before cross entropy; ``--exact``
on a network whose values are not rational). Otherwise each sample is solved by the hand route
(:class:`~studykit.problems.carried.HandNetwork`: exact Fractions, or every printed value
rounded half up to ``digits`` and carried) and written by
:func:`~studykit.problems.network_steps.network_steps`; a batch then takes the mean gradient
``∂L/∂W = (1/B) Σₙ ∂Lₙ/∂W``, weight decay adds ``λW``, and one optimiser step follows
(:mod:`.own_steps`). Every value is checked against the NumPy engine, and every printed step
re-evaluates to its printed result (:func:`~studykit.problems.selfcheck.self_check`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..catalog import get_activation
from ..i18n import Text
from .carried import HandNetwork, NetworkProblemData, one_hot, solve_by_hand
from .model import Conventions, Problem, Rounding, problem_id
from .network_steps import network_steps
from .own_statement import own_statement
from .own_steps import Aggregate, aggregate_steps, mean_values
from .registry import VerificationError
from .selfcheck import StepMismatch, self_check
from .solution import KeyBuilder, Symbols, engine_values, layout_engine, verify

#: The hand-work limits: neurons in a layer, weight layers, samples in a batch.
MAX_WIDTH = 6
MAX_DEPTH = 4
MAX_BATCH = 4
#: Activations, losses and optimisers whose values stay rational (``--exact``).
RATIONAL_ACTIVATIONS = ("identity", "relu", "leaky_relu", "hard_tanh", "hard_sigmoid")
RATIONAL_LOSSES = ("mse", "mse_sum", "mse_mean", "l1", "smooth_l1")
RATIONAL_OPTIMIZERS = ("sgd", "momentum")


class SpecRefused(ValueError):
    """A network that is not worked by hand here; ``reason`` says why (en and zh)."""

    def __init__(self, reason: Text) -> None:
        super().__init__(reason.en)
        self.reason = reason


@dataclass(frozen=True)
class SolveOptions:
    """``digits``: carried rounding of every printed value; ``exact``: Fractions throughout."""

    digits: int = 4
    exact: bool = False
    notation: str = "textbook"


def refusal(spec: Any, exact: bool) -> Text | None:
    """Why the spec is not hand work, or None."""
    if spec.x is None or spec.params is None:
        return Text(
            "the spec needs [params] (every W and b) and [data] (x and t)",
            "规格文件需要 [params]（每个 W 和 b）和 [data]（x 和 t）",
        )
    if spec.depth > MAX_DEPTH or max(spec.layers) > MAX_WIDTH:
        return Text(
            "{net} is beyond hand work: at most {d} weight layers of at most {w} neurons",
            "{net} 超出手算范围：最多 {d} 个权重层，每层最多 {w} 个神经元",
        ).format(net="-".join(map(str, spec.layers)), d=MAX_DEPTH, w=MAX_WIDTH)
    if spec.x.shape[0] > MAX_BATCH:
        return Text(
            "a batch of {b} samples is beyond hand work: at most {m}",
            "{b} 个样本的批量超出手算范围：最多 {m} 个",
        ).format(b=spec.x.shape[0], m=MAX_BATCH)
    for layer, act in enumerate(spec.activations, start=1):
        reason = _activation_refusal(act.name, layer, spec)
        if reason is not None:
            return reason
    if spec.loss == "cross_entropy" and spec.activations[-1].name == "softmax":
        if any(abs(float(sum(t)) - 1) > 1e-12 for t in spec.t):
            return Text(
                "softmax with cross entropy needs targets that sum to 1",
                "softmax 与交叉熵要求目标值之和为 1",
            )
    return _exact_refusal(spec) if exact else None


def _activation_refusal(name: str, layer: int, spec: Any) -> Text | None:
    act = get_activation(name)
    if act.learnable:
        return Text(
            "layer {l}: {a} learns its parameter {p}; its gradient is not worked by hand here",
            "第 {l} 层：{a} 的参数 {p} 是学习得到的，这里不手算它的梯度",
        ).format(l=layer, a=name, p=act.learnable[0].shown)
    if name == "maxout":
        return Text(
            "layer {l}: maxout is not worked by hand here", "第 {l} 层：这里不手算 maxout"
        ).format(l=layer)
    if name == "softmax" and (layer != spec.depth or spec.loss != "cross_entropy"):
        return Text(
            "layer {l}: softmax is worked by hand only as the output before cross_entropy "
            "(δ = ŷ − t)",
            "第 {l} 层：softmax 只在输出层且配合 cross_entropy 时手算（δ = ŷ − t）",
        ).format(l=layer)
    return None


def _exact_refusal(spec: Any) -> Text | None:
    """--exact: every activation, the loss and the optimiser keep values rational."""
    for act in spec.activations:
        if act.name not in RATIONAL_ACTIVATIONS:
            return _not_rational(act.name)
    if spec.loss not in RATIONAL_LOSSES:
        return _not_rational(spec.loss)
    if spec.train is not None and spec.train.optimizer not in RATIONAL_OPTIMIZERS:
        return _not_rational(f"{spec.train.optimizer} (√)")
    return None


def _not_rational(what: str) -> Text:
    return Text(
        "--exact needs rational values, but {w} gives irrational ones; use --digits N",
        "--exact 需要有理数值，但 {w} 会给出无理数；请用 --digits N",
    ).format(w=what)


# ----------------------------------------------------------------------------- the problem


def sample_data(spec: Any, n: int, with_lr: bool) -> NetworkProblemData:
    """Sample ``n`` of the spec as the hand route's data (textbook layout, floats)."""
    params = spec.params
    depth = spec.depth
    style = "cs224n" if is_cs224n(spec) else "layers"
    return NetworkProblemData(
        sizes=tuple(spec.layers),
        activations=tuple(a.name for a in spec.activations),
        act_params=tuple(
            {k: v for k, v in a.params.items() if not isinstance(v, tuple | list)}
            for a in spec.activations
        ),
        loss=spec.loss,
        W=[params[f"W{layer}"].tolist() for layer in range(1, depth + 1)],
        b=[params[f"b{layer}"].tolist() for layer in range(1, depth + 1)],
        x=spec.x[n].tolist(),
        t=spec.t[n].tolist(),
        lr=spec.train.lr if with_lr and spec.train is not None else None,
        style=style,
    )


def is_cs224n(spec: Any) -> bool:
    """cs224n's ``s = uᵀf(Wx + b)``, ``J = −log σ(s)``: two layers, one sigmoid output with no
    bias, binary cross entropy against t = 1, one sample, no decay, at most plain SGD."""
    train = spec.train
    return (
        spec.depth == 2
        and spec.layers[-1] == 1
        and spec.activations[-1].name == "sigmoid"
        and spec.loss == "binary_cross_entropy"
        and not spec.batched
        and float(spec.t[0][0]) == 1.0
        and float(spec.params["b2"][0]) == 0.0
        and (train is None or (train.optimizer == "sgd" and not train.weight_decay))
    )


def plain_step(spec: Any) -> bool:
    """One sample, no weight decay, SGD or no step: the generated training step, as is."""
    train = spec.train
    return spec.x.shape[0] == 1 and (
        train is None or (train.optimizer == "sgd" and not train.weight_decay)
    )


def problem_from_spec(spec: Any, options: SolveOptions, source: str = "") -> Problem:
    """The worked solution of ``spec`` as a Problem (every renderer and the checker take it).
    Raises :class:`SpecRefused` with the reason when it is not hand work."""
    reason = refusal(spec, options.exact)
    if reason is not None:
        raise SpecRefused(reason)
    decimals = None if options.exact else options.digits
    rounding = Rounding(decimals=decimals)
    plain = plain_step(spec)
    samples = [sample_data(spec, n, plain) for n in range(spec.x.shape[0])]
    try:
        hands = [solve_by_hand(d, decimals) for d in samples]
    except (ValueError, ZeroDivisionError):  # log 0, or 0 in a denominator, once rounded
        raise SpecRefused(
            Text(
                "at {d} decimals a rounded value makes the loss or a derivative undefined "
                "(log 0 or a division by 0); use more --digits",
                "保留 {d} 位小数时，某个舍入后的值使损失或导数无定义（log 0 或除以 0）；"
                "请增加 --digits",
            ).format(d=decimals)
        ) from None
    S = Symbols(options.notation, spec.depth, samples[0].style)
    engine = engine_reference(spec)
    kb = KeyBuilder(S, rounding, {})
    if spec.x.shape[0] == 1:
        update = plain and spec.train is not None
        _sample_steps(kb, samples[0], hands[0], engine["samples"][0], update, "")
    else:
        for n, (data, hand) in enumerate(zip(samples, hands, strict=True), start=1):
            _sample_steps(kb, data, hand, engine["samples"][n - 1], False, f"_s{n}")
    if not plain:
        agg = Aggregate(spec, hands, decimals)
        try:
            verify(mean_values(agg), engine["batch"], options.exact)
        except VerificationError as exc:
            if options.exact:
                raise
            raise SpecRefused(
                Text(
                    "carried rounding at {d} decimals moves a value too far from the exact "
                    "one ({e}); use more --digits",
                    "保留 {d} 位小数的逐步舍入使某个值偏离精确值太多（{e}）；请增加 --digits",
                ).format(d=decimals, e=str(exc).split(":")[0])
            ) from None
        kb.engine.update(layout_engine(engine["batch"], S))
        aggregate_steps(kb, agg)
    statement = own_statement(spec, samples, S)
    opts = {"digits": "exact" if options.exact else options.digits, "notation": options.notation}
    problem = Problem(
        id=problem_id("own", 0, {**opts, "spec": source or "spec"}),
        kind="own_network",
        section="C7",
        seed=0,
        options=opts,
        title=Text("Your network, worked by hand", "你的网络：手算过程"),
        statement=statement,
        conventions=Conventions(notation=options.notation, rounding=rounding),
        answers=tuple(kb.answers),
        steps=tuple(kb.steps),
        difficulty=3,
        calculator=not options.exact,
        spec=spec.to_dict(),
    )
    try:
        self_check(problem)
    except StepMismatch as exc:
        raise VerificationError(f"a printed step does not add up: {exc}") from None
    return problem


def engine_reference(spec: Any) -> dict[str, Any]:
    """The NumPy engine's values: per sample (the generated problems' route, no decay) and for
    the batch (mean data loss and gradients, ∂R/∂W with decay, the parameters after one step)."""
    from ..engine import Network, optimizer_from_spec

    plain = plain_step(spec)
    samples = [
        engine_values(sample_data(spec, n, plain).spec_dict()) for n in range(spec.x.shape[0])
    ]
    network = Network.from_spec(spec, np.float64)
    trace = network.trace(spec.x, spec.t)
    grads = trace.grads()
    batch: dict[str, Any] = {"loss": trace.data_loss}
    decay = spec.train.weight_decay if spec.train else 0.0
    for layer in range(1, spec.depth + 1):
        W = np.asarray(spec.params[f"W{layer}"], dtype=np.float64)
        batch[f"dW{layer}"] = grads[f"W{layer}"] - decay * W
        batch[f"db{layer}"] = grads[f"b{layer}"]
        if decay:
            batch[f"dR_W{layer}"] = grads[f"W{layer}"]
    if spec.train is not None:
        optimizer = optimizer_from_spec(spec.train)
        params = {k: v.copy() for k, v in network.params().items()}
        optimizer.step(params, grads)
        for name, value in params.items():
            batch[f"{name}_new"] = value
    return {"samples": samples, "batch": batch}


def _sample_steps(
    kb: KeyBuilder,
    data: NetworkProblemData,
    hand: HandNetwork,
    engine: dict[str, Any],
    update: bool,
    suffix: str,
) -> None:
    """One sample's forward, loss, backward (and, for a plain step, update) steps, checked
    against the engine; in a batch their answer ids end in ``_sN`` and titles name the sample."""
    exact = kb.rounding.decimals is None
    verify(hand.values(), engine, exact)
    sample_kb = KeyBuilder(kb.symbols, kb.rounding, layout_engine(engine, kb.symbols))
    network_steps(sample_kb, data, hand, backward=True, update=update)
    if not suffix:
        kb.steps += sample_kb.steps
        kb.answers += sample_kb.answers
        kb.errors.update(sample_kb.errors)
        kb.engine.update(sample_kb.engine)
        return
    n = suffix[2:]
    label = Text("Sample {n}: ", "样本 {n}：").format(n=n)
    for step in sample_kb.steps:
        kb.steps.append(
            replace(
                step,
                title=label + step.title,
                answer_id=None if step.answer_id is None else step.answer_id + suffix,
            )
        )
    for answer in sample_kb.answers:
        kb.answers.append(
            replace(
                answer,
                id=answer.id + suffix,
                label=label + answer.label,
                depends_on=tuple(d + suffix for d in answer.depends_on),
            )
        )
    kb.errors.update({k + suffix: v for k, v in sample_kb.errors.items()})


__all__ = [
    "MAX_BATCH",
    "MAX_DEPTH",
    "MAX_WIDTH",
    "SolveOptions",
    "SpecRefused",
    "one_hot",
    "problem_from_spec",
    "refusal",
]
