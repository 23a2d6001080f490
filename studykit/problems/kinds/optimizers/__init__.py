"""C9 optimiser problems: one (or two) updates by hand, and the BGD/SGD/mini-batch comparison.

| optimiser | update (g = ∂L/∂θ + λθ with weight decay λ) |
|---|---|
| sgd | θ ← θ − η g |
| momentum | v ← μ v − η g;  θ ← θ + v |
| adagrad | c ← c + g²;  θ ← θ − η g / √c |
| rmsprop | s ← γ s + (1−γ) g²;  θ ← θ − η g / √s |
| adam | m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ);  θ ← θ − η m̂/√v̂ |

ε is left out of the hand route (it is 1e-8 or smaller); the engine route (engine/optim.py, with ε)
must agree to 1e-6.

Modules: ``updates`` (the two routes, hyper-parameters and gradients), ``statement`` and
``solution``; this module draws, checks and verifies a problem, writes its key and registers
the kind.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

from ...model import Answer, Problem, Rounding
from ...registry import Kind, Options, Redraw, register
from ...sampler import CALC_DECIMALS
from .._basic import (
    Text,
    Value,
    conventions,
    decimal,
    exact_only,
    halves,
    make_problem,
    pick,
    rounding_for,
    vector_answer,
    verify,
)
from .solution import solution_steps
from .statement import TITLES, V, statement
from .updates import (
    OPTIMIZER_CHOICES,
    engine_steps,
    hand_steps,
    hyper_parameters,
    sample_gradients,
)

__all__ = ["OPTIMIZER_CHOICES", "build_optimizer_step", "engine_steps", "hand_steps"]

STATE_LABELS = {
    "v": Text("velocity v", "速度 v"),
    "c": Text("accumulated squared gradient c", "累积平方梯度 c"),
    "s": Text("moving average of squared gradients s", "平方梯度的滑动平均 s"),
    "m": Text("first moment m", "一阶矩 m"),
}
#: Adaptive optimisers' states (g², √v …) are small: the solution writes them to 8 decimals.
STATE_DECIMALS = 8
ADAM_V_LABEL = Text("second moment v", "二阶矩 v")
#: The hand route of every coordinate: ``route[i][t]`` holds step t's values of θᵢ.
Route = list[list[dict[str, Value]]]


def build_optimizer_step(rng: random.Random, options: Options) -> Problem:
    """Draw the problem, run the hand route (exact and carried), check it is fit for hand work,
    verify it by the engine, then write the statement, the steps and the key."""
    name, h, lam, theta0, grads = _draw(rng, options)
    adaptive = name not in ("sgd", "momentum")
    rounding = rounding_for(options, decimals=STATE_DECIMALS if adaptive else CALC_DECIMALS)
    exact = _hand_route(name, h, theta0, grads, lam, Rounding(None))
    carried = _hand_route(name, h, theta0, grads, lam, rounding)
    _check_fit(exact, options)
    history = engine_steps(h, theta0, grads, lam)
    for t in range(len(grads)):
        verify(
            history[t],
            [coord[t]["theta"] for coord in exact],
            f"{name} θ step {t + 1}",
            tol=1e-4,  # ε ≤ 1e-8 over √state ≥ 1e-3: at most 1e-5 of a step
        )
    return make_problem(
        options,
        Text("One update by hand: ", "手算一步更新：") + TITLES[name],
        statement(name, h, rounding, theta0, grads, lam, _theta_rounding(rounding)),
        _answers(name, h, exact, carried, rounding, options),
        solution_steps(h, rounding, theta0, grads, lam, carried),
        conventions(options, rounding, adam_bias_correction=bool(h.get("bias_correction", True))),
    )


def _draw(
    rng: random.Random, options: Options
) -> tuple[str, dict[str, Any], Fraction, list[Fraction], list[list[Fraction]]]:
    """(optimiser, hyper-parameters, λ, θ₀, gradients), in this order from ``rng``; two steps at
    difficulty 3 when they stay exact by hand."""
    name = options.extra.get("optimizer") or pick(rng, OPTIMIZER_CHOICES)
    decay = options.extra.get("weight_decay")
    if decay is None:
        decay = options.difficulty == 3 and rng.random() < 0.5
    n_params = 1 if options.difficulty == 1 else 2
    two_steps = options.difficulty == 3 and (
        options.calculator or name in ("sgd", "momentum") or (name == "adagrad" and not decay)
    )
    n_steps = 2 if two_steps else 1
    h = hyper_parameters(name, options, rng)
    lam = pick(rng, [Fraction(1, 10), Fraction(1, 2), Fraction(1, 100)]) if decay else Fraction(0)
    if options.calculator:
        theta0 = [decimal(rng, -2, 2, 1) for _ in range(n_params)]
    else:
        theta0 = [halves(rng, -3, 3) for _ in range(n_params)]
    grads = sample_gradients(rng, name, options, n_params, n_steps)
    return name, h, lam, theta0, grads


def _hand_route(
    name: str,
    h: dict[str, Any],
    theta0: list[Fraction],
    grads: list[list[Fraction]],
    lam: Fraction,
    rounding: Rounding,
) -> Route:
    """:func:`hand_steps` for every coordinate θᵢ on its own gradients."""
    return [
        hand_steps(name, h, theta0[i], [g[i] for g in grads], lam, rounding)
        for i in range(len(theta0))
    ]


def _check_fit(exact: Route, options: Options) -> None:
    """No calculator: states like v = 0.001·g² need up to 6 decimals, θ at most 3; every value
    at most 50 (else Redraw)."""
    all_values = [v for coord in exact for rec in coord for v in rec.values()]
    exact_only(all_values, options, decimals=6)
    exact_only([rec["theta"] for coord in exact for rec in coord], options, decimals=3)
    if any(abs(float(v)) > 50 for v in all_values):
        raise Redraw("values too large")


def _answers(
    name: str,
    h: dict[str, Any],
    exact: Route,
    carried: Route,
    rounding: Rounding,
    options: Options,
) -> list[Answer]:
    """The optimiser's state and θ after the last step (adaptive states to 8 decimals)."""
    n_steps = len(exact[0])
    final = n_steps - 1
    answers: list[Answer] = []
    for key in _state_keys(name):
        label = ADAM_V_LABEL if (key == "v" and h["engine"] == "adam") else STATE_LABELS[key]
        answers.append(
            vector_answer(
                key,
                label + Text(" after the last step", "（最后一步之后）"),
                [coord[final][key] for coord in exact],
                [coord[final][key] for coord in carried],
                rounding,
                steps_carried=2 * n_steps,
            )
        )
    answers.append(
        vector_answer(
            "theta",
            Text("θ after the update", "更新后的 θ"),
            [coord[final]["theta"] for coord in exact],
            [coord[final]["theta"] for coord in carried],
            _theta_rounding(rounding),
            steps_carried=3 * n_steps,
            symbol=V("θ", sub=str(n_steps)),
        )
    )
    return answers


def _theta_rounding(rounding: Rounding) -> Rounding:
    """θ is given to the usual 4 decimals even when the adaptive states are written to 8."""
    if rounding.decimals is None or rounding.decimals == CALC_DECIMALS:
        return rounding
    return Rounding(decimals=CALC_DECIMALS, carry=True)


def _state_keys(name: str) -> list[str]:
    return {"sgd": [], "momentum": ["v"], "adagrad": ["c"], "rmsprop": ["s"]}.get(name, ["m", "v"])


register(
    Kind(
        name="optimizer_step",
        section="C9",
        title=Text("Optimiser update by hand", "手算优化器更新"),
        description=Text(
            "one or two steps of SGD, momentum, AdaGrad, RMSprop or Adam, optionally with weight decay",
            "SGD、动量法、AdaGrad、RMSprop 或 Adam 的一到两步更新，可带权重衰减",
        ),
        build=build_optimizer_step,
        extra_options={"optimizer": OPTIMIZER_CHOICES, "weight_decay": (False, True)},
    )
)
