"""The chosen shape, activations and loss of a generated network problem (issue #14):
``--option net=3-4-2``, ``activation=tanh`` (hidden layers) or ``relu,sigmoid`` (every layer),
``loss=cross_entropy``. A combination that is not hand work is refused with the reason
(:class:`~studykit.problems.registry.GenerationError`)."""

from __future__ import annotations

from typing import Any

from ...catalog import ACTIVATIONS, LOSSES
from .. import sampler as sp
from ..registry import GenerationError, Options, Redraw

#: The hand-work limits (the same as for your own network).
MAX_WIDTH = 6
MAX_DEPTH = 4
#: Without a calculator: activations and losses whose values stay rational.
NO_CALCULATOR_ACTIVATIONS = ("identity", "relu", "leaky_relu", "hard_tanh", "hard_sigmoid")
NO_CALCULATOR_LOSSES = ("mse", "mse_sum", "mse_mean", "l1", "smooth_l1")
#: The output a loss takes when only the hidden activation (or nothing) is chosen.
DEFAULT_OUTPUT = {
    "cross_entropy": "softmax",
    "binary_cross_entropy": "sigmoid",
    "softmax_cross_entropy": "identity",
}


def parse_net(text: str) -> tuple[int, ...] | None:
    """``3-4-2`` → (3, 4, 2) within the limits (at least one hidden layer), else None."""
    parts = str(text).split("-")
    if not all(p.isdigit() for p in parts):
        return None
    sizes = tuple(int(p) for p in parts)
    if not 3 <= len(sizes) <= MAX_DEPTH + 1 or not all(1 <= n <= MAX_WIDTH for n in sizes):
        return None
    return sizes


class NetChoices(tuple):  # type: ignore[type-arg]
    """The named nets (listed by ``topics``), and any ``a-b-…`` within the hand-work limits."""

    hint = f"any sizes a-b-… with at most {MAX_WIDTH} neurons a layer and {MAX_DEPTH} weight layers, or "

    def __contains__(self, value: object) -> bool:
        return tuple.__contains__(self, value) or parse_net(str(value)) is not None


class ActivationChoices(tuple):  # type: ignore[type-arg]
    """One catalog activation, or a comma list of them (checked when the problem is made)."""

    def __contains__(self, value: object) -> bool:
        return all(name.strip() in ACTIVATIONS for name in str(value).split(","))


class LossChoices(tuple):  # type: ignore[type-arg]
    def __contains__(self, value: object) -> bool:
        return str(value) in LOSSES


ACTIVATION_CHOICES = ActivationChoices(
    (
        "sigmoid",
        "tanh",
        "relu",
        "leaky_relu",
        "identity",
        "hard_tanh",
        "hard_sigmoid",
        "relu,sigmoid",
    )
)
LOSS_CHOICES = LossChoices(tuple(LOSSES))


def chosen_layers(
    depth: int, n_out: int, options: Options, default: tuple[tuple[str, ...], str]
) -> tuple[tuple[str, ...], str]:
    """Activations of every layer and the loss, from the options over the drawn ``default``
    (its activations and loss); refuses a combination that is not hand work."""
    extra = options.extra
    acts, loss = default
    given = [a.strip() for a in str(extra.get("activation", "")).split(",") if a.strip()]
    if len(given) not in (0, 1, depth):
        raise GenerationError(
            f"activation={extra['activation']}: give one (for the hidden layers) or {depth} "
            "(one per layer)"
        )
    loss = str(extra.get("loss", loss))
    if len(given) == depth:
        acts = tuple(given)
        if "loss" not in extra:
            loss = "cross_entropy" if acts[-1] == "softmax" else "mse"
    else:
        hidden = tuple(given) * (depth - 1) if given else acts[:-1]
        output = acts[-1]
        if "loss" in extra:
            output = DEFAULT_OUTPUT.get(loss, _regression_output(options))
        acts = hidden + (output,)
    refuse_unfit(acts, loss, n_out, options)
    return acts, loss


def _regression_output(options: Options) -> str:
    return "sigmoid" if options.calculator else "identity"


def refuse_unfit(acts: tuple[str, ...], loss: str, n_out: int, options: Options) -> None:
    """The reasons a combination is not hand work (GenerationError)."""
    for layer, name in enumerate(acts, start=1):
        act = ACTIVATIONS[name]
        if act.learnable or name == "maxout":
            raise GenerationError(f"activation {name} is not drawn for a network by hand")
        if name == "softmax" and layer != len(acts):
            raise GenerationError("softmax is an output activation, not a hidden one")
        if not options.calculator and name not in NO_CALCULATOR_ACTIVATIONS:
            raise GenerationError(f"{name} needs a calculator; drop --no-calculator")
    out = acts[-1]
    if not options.calculator and loss not in NO_CALCULATOR_LOSSES:
        raise GenerationError(f"loss={loss} needs a calculator (log); drop --no-calculator")
    if out == "softmax" and (loss != "cross_entropy" or n_out < 2):
        raise GenerationError(
            "a softmax output is worked by hand with loss=cross_entropy over at least 2 outputs"
        )
    if loss == "cross_entropy" and out not in ("softmax", "sigmoid"):
        raise GenerationError(f"cross_entropy needs a softmax or sigmoid output, not {out}")
    if loss == "binary_cross_entropy" and out != "sigmoid":
        raise GenerationError(f"binary_cross_entropy needs a sigmoid output, not {out}")


def leaky_params(rng: Any, name: str) -> dict[str, Any]:
    """γ of a leaky ReLU: ½ or 1/10 (products a student can do in their head); one γ for
    every leaky layer (the printed steps name γ once)."""
    from fractions import Fraction

    if name != "leaky_relu":
        return {}
    return {"gamma": Fraction(1, 2) if rng.random() < 0.5 else Fraction(1, 10)}


def draw_target(rng: Any, y: list[Any], loss: str, cs224n: bool, calc: bool) -> list[Any]:
    """A regression target an integer away (exact) or on the other side of ½ (calculator);
    one-hot at the smallest output for cross entropy; t = 1 for cs224n. Off the loss's kinks."""
    if loss in ("cross_entropy", "softmax_cross_entropy"):
        k = min(range(len(y)), key=lambda i: (y[i], i))
        if loss == "cross_entropy":
            check_log_argument([y[k]])
        return [1.0 if i == k else 0.0 for i in range(len(y))]
    if cs224n:
        return [1.0]
    if not calc:
        t = [sp.offset_target(rng, v)[0] for v in y]
    else:
        t = [sp.other_side_target(float(v)) for v in y]
    if loss == "binary_cross_entropy":
        check_log_argument([v if ti else 1 - v for v, ti in zip(y, t, strict=True)])
    kinks = LOSSES[loss].kinks
    sp.check_kinks([float(v) - float(ti) for v, ti in zip(y, t, strict=True)], kinks)
    return t


#: Smallest probability whose −log a student takes: below it the 4-decimal value carries too
#: few digits (−log 0.0028 moves by 0.02 when 0.0028 is rounded).
MIN_PROBABILITY = 0.04


def check_log_argument(values: list[Any]) -> None:
    """Every probability under a log is at least MIN_PROBABILITY, else Redraw."""
    for v in values:
        if float(v) < MIN_PROBABILITY:
            raise Redraw(f"−log {float(v)}: the probability is too small to round")


def check_one_inactive(name: str, z: Any, earlier: list[Any]) -> None:
    """Redraw a unit with f′(z) = 0 (a clipped ReLU or hard unit) when the layer has one already."""
    import numpy as np

    act = ACTIVATIONS[name]
    if act.grad is None or not act.elementwise:
        return

    def inactive(v: Any) -> bool:
        zv = np.array([[float(v)]])
        return bool(act.grad(zv, act.fn(zv, act.defaults()), act.defaults())[0, 0] == 0)

    if inactive(z) and any(inactive(v) for v in earlier):
        raise Redraw("a second inactive unit in the layer")
