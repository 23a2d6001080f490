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
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

import numpy as np

from ... import formula as fm
from ...engine.optim import make_optimizer
from ...spec import OPTIMIZER_OPTIONS
from ..model import Answer, Rounding, Tolerance
from ..registry import Kind, Options, Redraw, register
from ._basic import (
    Text,
    Value,
    conventions,
    decimal,
    exact_only,
    exact_sqrt,
    halves,
    make_problem,
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

OPTIMIZER_CHOICES = ("sgd", "momentum", "adagrad", "rmsprop", "adam", "adam_no_bias", "adam_notes")

TITLES = {
    "sgd": Text("SGD", "随机梯度下降 SGD"),
    "momentum": Text("momentum", "动量法"),
    "adagrad": Text("AdaGrad", "AdaGrad"),
    "rmsprop": Text("RMSprop", "RMSprop"),
    "adam": Text("Adam (with bias correction)", "Adam（带偏差修正）"),
    "adam_no_bias": Text("Adam without bias correction", "Adam（不做偏差修正）"),
    "adam_notes": Text(
        "Adam as in the course notes (no bias correction, β₂ = 0.9999)",
        "课程笔记中的 Adam（不做偏差修正，β₂ = 0.9999）",
    ),
}

V = fm.Var
THETA, G, ETA, LAM = V("θ"), V("g"), V("η"), V("λ")


def _hyper(name: str, options: Options, rng: random.Random) -> dict[str, Any]:
    """Hyper-parameters: PyTorch defaults (spec.OPTIMIZER_OPTIONS) unless the variant says else."""
    engine = "adam" if name.startswith("adam") else name
    h: dict[str, Any] = {"engine": engine, **OPTIMIZER_OPTIONS[engine]}
    if name in ("sgd", "momentum"):
        h["lr"] = pick(rng, [Fraction(1, 10), Fraction(1, 2), Fraction(1, 5), Fraction(1, 4)])
    elif name == "adagrad" or name == "rmsprop":
        h["lr"] = pick(rng, [Fraction(1, 10), Fraction(1, 100), Fraction(1, 2)])
    else:
        h["lr"] = pick(rng, [Fraction(1, 10), Fraction(1, 100), Fraction(1, 1000)])
    if name == "adam_no_bias":
        h["bias_correction"] = False
        if not options.calculator:  # √(1−β₂) must be rational without a calculator
            h["beta2"] = 0.99
    if name == "adam_notes":
        h["bias_correction"] = False
        h["beta2"] = 0.9999
    return h


def _f(x: Any) -> Fraction:
    return Fraction(repr(x)) if isinstance(x, float) else Fraction(x)


def hand_steps(
    name: str,
    h: dict[str, Any],
    theta0: Value,
    grads: list[Value],
    lam: Value,
    rounding: Rounding,
) -> list[dict[str, Value]]:
    """The hand route for one coordinate, written from the formulas above (ε omitted):
    each step's effective gradient, state, step size and new θ, rounded as carried."""
    q = lambda x: round_value(x, rounding)  # noqa: E731
    engine, lr = h["engine"], _f(h["lr"])
    theta: Value = theta0
    state: dict[str, Value] = {
        "v": Fraction(0),
        "c": Fraction(0),
        "s": Fraction(0),
        "m": Fraction(0),
    }
    out = []
    for t, g_raw in enumerate(grads, start=1):
        g = q(g_raw + lam * theta) if lam else g_raw
        if g == 0:
            raise Redraw("zero effective gradient")
        rec: dict[str, Value] = {"g": g}
        if engine == "sgd":
            delta = q(lr * g)
        elif engine == "momentum":
            state["v"] = q(_f(h["momentum"]) * state["v"] - lr * g)
            rec["v"] = state["v"]
            delta = -state["v"]
        elif engine == "adagrad":
            state["c"] = q(state["c"] + g * g)
            rec["c"] = state["c"]
            rec["root"] = q(exact_sqrt(state["c"]))
            _check_root(rec["root"])
            delta = q(lr * g / rec["root"])
        elif engine == "rmsprop":
            gamma = _f(h["decay"])
            state["s"] = q(gamma * state["s"] + (1 - gamma) * g * g)
            rec["s"] = state["s"]
            rec["root"] = q(exact_sqrt(state["s"]))
            _check_root(rec["root"])
            delta = q(lr * g / rec["root"])
        else:
            b1, b2 = _f(h["beta1"]), _f(h["beta2"])
            state["m"] = q(b1 * state["m"] + (1 - b1) * g)
            state["v"] = q(b2 * state["v"] + (1 - b2) * g * g)
            rec["m"], rec["v"] = state["m"], state["v"]
            m_hat, v_hat = state["m"], state["v"]
            if h["bias_correction"]:
                m_hat, v_hat = q(m_hat / (1 - b1**t)), q(v_hat / (1 - b2**t))
                rec["m_hat"], rec["v_hat"] = m_hat, v_hat
            rec["root"] = q(exact_sqrt(v_hat))
            _check_root(rec["root"])
            delta = q(lr * m_hat / rec["root"])
        rec["delta"] = delta
        theta = q(theta - delta)
        rec["theta"] = theta
        out.append(rec)
    return out


def _check_root(root: Value) -> None:
    """√(state) ≥ 10⁻³ keeps ε (≤ 10⁻⁸) below 10⁻⁵ of the step: leaving it out is then fair."""
    if root < Fraction(1, 1000):
        raise Redraw("ε would matter: gradient too small")


def engine_steps(
    h: dict[str, Any], theta0: list[Value], grads: list[list[Value]], lam: Value
) -> list[np.ndarray]:
    """The engine route: engine/optim.py's optimiser, gradient plus λθ for weight decay."""
    opts = {k: v for k, v in h.items() if k not in ("engine", "lr")}
    opt = make_optimizer(h["engine"], float(h["lr"]), **opts)
    theta = np.array([float(v) for v in theta0])
    params = {"theta": theta}
    history = []
    for g in grads:
        grad = np.array([float(v) for v in g]) + float(lam) * theta
        opt.step(params, {"theta": grad})
        history.append(theta.copy())
    return history


def _sample_grads(
    rng: random.Random, name: str, options: Options, n_params: int, n_steps: int
) -> list[list[Fraction]]:
    """grads[t][i]; without a calculator two AdaGrad steps use Pythagorean pairs (√ exact)."""
    if not options.calculator and name == "adagrad" and n_steps == 2:
        columns = []
        for _ in range(n_params):
            a, b = pick(rng, [(3, 4), (4, 3), (6, 8), (8, 6)])
            k = pick(rng, [Fraction(1, 10), Fraction(1, 2), Fraction(1)])
            columns.append([a * k * pick(rng, [1, -1]), b * k * pick(rng, [1, -1])])
        return [[col[t] for col in columns] for t in range(2)]
    if options.calculator:
        return [
            [decimal(rng, -2, 2, 2 if rng.random() < 0.5 else 1) for _ in range(n_params)]
            for _ in range(n_steps)
        ]
    return [[halves(rng, -3, 3) for _ in range(n_params)] for _ in range(n_steps)]


STATE_LABELS = {
    "v": Text("velocity v", "速度 v"),
    "c": Text("accumulated squared gradient c", "累积平方梯度 c"),
    "s": Text("moving average of squared gradients s", "平方梯度的滑动平均 s"),
    "m": Text("first moment m", "一阶矩 m"),
}
ADAM_V_LABEL = Text("second moment v", "二阶矩 v")


def build_optimizer_step(rng: random.Random, options: Options) -> Any:
    name = options.extra.get("optimizer") or pick(rng, OPTIMIZER_CHOICES)
    decay = options.extra.get("weight_decay")
    if decay is None:
        decay = options.difficulty == 3 and rng.random() < 0.5
    n_params = 1 if options.difficulty == 1 else 2
    adaptive = name not in ("sgd", "momentum")
    two_steps = options.difficulty == 3 and (
        options.calculator or name in ("sgd", "momentum") or (name == "adagrad" and not decay)
    )
    n_steps = 2 if two_steps else 1
    h = _hyper(name, options, rng)
    lam = pick(rng, [Fraction(1, 10), Fraction(1, 2), Fraction(1, 100)]) if decay else Fraction(0)
    rounding = rounding_for(options, carry=not adaptive)
    if options.calculator:
        theta0 = [decimal(rng, -2, 2, 1) for _ in range(n_params)]
    else:
        theta0 = [halves(rng, -3, 3) for _ in range(n_params)]
    grads = _sample_grads(rng, name, options, n_params, n_steps)

    exact = [
        hand_steps(name, h, theta0[i], [g[i] for g in grads], lam, Rounding(None))
        for i in range(n_params)
    ]
    carried = [
        hand_steps(name, h, theta0[i], [g[i] for g in grads], lam, rounding)
        for i in range(n_params)
    ]
    all_values = [v for coord in exact for rec in coord for v in rec.values()]
    # no calculator: states like v = 0.001·g² need up to 6 decimals, θ at most 3
    exact_only(all_values, options, decimals=6)
    exact_only([rec["theta"] for coord in exact for rec in coord], options, decimals=3)
    if any(abs(float(v)) > 50 for v in all_values):
        raise Redraw("values too large")

    history = engine_steps(h, theta0, grads, lam)
    for t in range(n_steps):
        verify(
            history[t],
            [exact[i][t]["theta"] for i in range(n_params)],
            f"{name} θ step {t + 1}",
            tol=1e-4,  # ε ≤ 1e-8 over √state ≥ 1e-3: at most 1e-5 of a step
        )

    statement, steps = _text(name, h, options, rounding, theta0, grads, lam, carried)
    final = n_steps - 1
    answers: list[Answer] = []
    for key in _state_keys(name):
        label = ADAM_V_LABEL if (key == "v" and h["engine"] == "adam") else STATE_LABELS[key]
        answers.append(
            vector_answer(
                key,
                label + Text(" after the last step", "（最后一步之后）"),
                [exact[i][final][key] for i in range(n_params)],
                [carried[i][final][key] for i in range(n_params)],
                Rounding(8, carry=False) if adaptive and options.calculator else rounding,
                steps_carried=2 * n_steps,
                tolerance=Tolerance(abs=1e-7, rel=2e-3)
                if adaptive and options.calculator
                else None,
            )
        )
    answers.append(
        vector_answer(
            "theta",
            Text("θ after the update", "更新后的 θ"),
            [exact[i][final]["theta"] for i in range(n_params)],
            [carried[i][final]["theta"] for i in range(n_params)],
            rounding,
            steps_carried=3 * n_steps,
            symbol=V("θ", sub=str(n_steps)),
        )
    )
    return make_problem(
        options,
        Text("One update by hand: ", "手算一步更新：") + TITLES[name],
        statement,
        answers,
        steps,
        conventions(options, rounding, adam_bias_correction=bool(h.get("bias_correction", True))),
    )


def _state_keys(name: str) -> list[str]:
    return {"sgd": [], "momentum": ["v"], "adagrad": ["c"], "rmsprop": ["s"]}.get(name, ["m", "v"])


def _text(
    name: str,
    h: dict[str, Any],
    options: Options,
    rounding: Rounding,
    theta0: list[Value],
    grads: list[list[Value]],
    lam: Value,
    carried: list[list[dict[str, Value]]],
) -> tuple[list[Any], list[Any]]:
    """Statement and worked solution (vectors are updated element-wise)."""
    n = len(theta0)
    col = lambda key, t: [carried[i][t][key] for i in range(n)]  # noqa: E731
    node = lambda vals: values_node(vals, rounding)  # noqa: E731
    hyper = [fm.eq(ETA, show(_f(h["lr"])))]
    engine = h["engine"]
    if engine == "momentum":
        hyper.append(fm.eq(V("μ"), show(_f(h["momentum"]))))
    if engine == "rmsprop":
        hyper.append(fm.eq(V("γ"), show(_f(h["decay"]))))
    if engine == "adam":
        hyper += [
            fm.eq(V("β", sub="1"), show(_f(h["beta1"]))),
            fm.eq(V("β", sub="2"), show(_f(h["beta2"]))),
        ]
    if lam:
        hyper.append(fm.eq(LAM, show(lam)))
    statement: list[Any] = [
        para(
            Text("Apply ", "对参数 θ 应用 ")
            + TITLES[name]
            + Text(" to the parameter θ, starting from ", "，初始值为 "),
            fm.eq(V("θ", sub="0"), node(theta0)),
            Text(
                " with all optimiser state at 0. Hyper-parameters: ", "，优化器状态全为 0。超参数："
            ),
            fm.Op(",", tuple(hyper)),
            Text(".", "。"),
        )
    ]
    for t, g in enumerate(grads, start=1):
        statement.append(
            para(
                Text("Gradient of the loss at step {t}: ", "第 {t} 步损失的梯度：").format(t=t),
                fm.eq(fm.Partial(V("L"), THETA), node(g)),
            )
        )
    if lam:
        statement.append(
            para(
                Text(
                    "Weight decay: the gradient used is g = ∂L/∂θ + λθ, i.e. W ← W − η(∂L/∂W + λW).",
                    "权重衰减：所用梯度为 g = ∂L/∂θ + λθ，即 W ← W − η(∂L/∂W + λW)。",
                )
            )
        )
    if engine in ("adagrad", "rmsprop", "adam"):
        statement.append(
            para(
                Text(
                    "ε (at most 1e-8) is too small to matter: leave it out.",
                    "ε（不超过 1e-8）可以忽略：计算时略去。",
                )
            )
        )
    if engine == "adam" and not h["bias_correction"]:
        statement.append(
            para(
                Text(
                    "No bias correction: use m and v directly in place of m̂ and v̂.",
                    "不做偏差修正：直接用 m 和 v 代替 m̂ 和 v̂。",
                )
            )
        )
    statement.append(
        para(
            Text(
                "Give θ (and the optimiser state) after the last step.",
                "求最后一步之后的 θ（以及优化器状态）。",
            )
        )
    )

    steps: list[Any] = []
    for t in range(len(grads)):
        s, p = str(t + 1), str(t)
        prev = theta0 if t == 0 else col("theta", t - 1)
        g = col("g", t)
        if lam:
            steps.append(
                step(
                    Text(
                        "Step {t}: gradient with weight decay", "第 {t} 步：加上权重衰减的梯度"
                    ).format(t=s),
                    fm.eq(
                        V("g", sub=s), fm.add(fm.Partial(V("L"), THETA), fm.mul(LAM, V("θ", sub=p)))
                    ),
                    fm.add(node(grads[t]), fm.mul(show(lam), node(prev))),
                    node(g),
                )
            )
        gs = V("g", sub=s)
        sq = fm.had(gs, gs)
        if engine == "momentum":
            v = col("v", t)
            v_prev = [Fraction(0)] * n if t == 0 else col("v", t - 1)
            steps.append(
                step(
                    Text("Step {t}: velocity", "第 {t} 步：速度").format(t=s),
                    fm.eq(V("v", sub=s), fm.sub(fm.mul(V("μ"), V("v", sub=p)), fm.mul(ETA, gs))),
                    fm.sub(
                        fm.mul(show(_f(h["momentum"])), node(v_prev)),
                        fm.mul(show(_f(h["lr"])), node(g)),
                    ),
                    node(v),
                    answer_id="v" if t == len(grads) - 1 else None,
                )
            )
            steps.append(
                step(
                    Text("Step {t}: update θ", "第 {t} 步：更新 θ").format(t=s),
                    fm.eq(V("θ", sub=s), fm.add(V("θ", sub=p), V("v", sub=s))),
                    fm.add(node(prev), node(v)),
                    node(col("theta", t)),
                    answer_id="theta" if t == len(grads) - 1 else None,
                )
            )
            continue
        if engine == "adagrad":
            c_prev = [Fraction(0)] * n if t == 0 else col("c", t - 1)
            steps.append(
                step(
                    Text(
                        "Step {t}: accumulate squared gradients", "第 {t} 步：累积平方梯度"
                    ).format(t=s),
                    fm.eq(V("c", sub=s), fm.add(V("c", sub=p), sq)),
                    fm.add(node(c_prev), fm.had(node(g), node(g))),
                    node(col("c", t)),
                    answer_id="c" if t == len(grads) - 1 else None,
                )
            )
            denom_f, denom_val = fm.Sqrt(V("c", sub=s)), col("root", t)
        elif engine == "rmsprop":
            s_prev = [Fraction(0)] * n if t == 0 else col("s", t - 1)
            gamma = show(_f(h["decay"]))
            steps.append(
                step(
                    Text(
                        "Step {t}: moving average of squared gradients",
                        "第 {t} 步：平方梯度的滑动平均",
                    ).format(t=s),
                    fm.eq(
                        V("s", sub=s),
                        fm.add(
                            fm.mul(V("γ"), V("s", sub=p)),
                            fm.mul(fm.Paren(fm.sub(fm.num(1), V("γ"))), sq),
                        ),
                    ),
                    fm.add(
                        fm.mul(gamma, node(s_prev)),
                        fm.mul(show(1 - _f(h["decay"])), fm.had(node(g), node(g))),
                    ),
                    node(col("s", t)),
                    answer_id="s" if t == len(grads) - 1 else None,
                )
            )
            denom_f, denom_val = fm.Sqrt(V("s", sub=s)), col("root", t)
        elif engine == "adam":
            b1, b2 = _f(h["beta1"]), _f(h["beta2"])
            m_prev = [Fraction(0)] * n if t == 0 else col("m", t - 1)
            v_prev = [Fraction(0)] * n if t == 0 else col("v", t - 1)
            steps.append(
                step(
                    Text("Step {t}: first moment", "第 {t} 步：一阶矩").format(t=s),
                    fm.eq(
                        V("m", sub=s),
                        fm.add(
                            fm.mul(V("β", sub="1"), V("m", sub=p)),
                            fm.mul(fm.Paren(fm.sub(fm.num(1), V("β", sub="1"))), gs),
                        ),
                    ),
                    fm.add(fm.mul(show(b1), node(m_prev)), fm.mul(show(1 - b1), node(g))),
                    node(col("m", t)),
                    answer_id="m" if t == len(grads) - 1 else None,
                )
            )
            steps.append(
                step(
                    Text("Step {t}: second moment", "第 {t} 步：二阶矩").format(t=s),
                    fm.eq(
                        V("v", sub=s),
                        fm.add(
                            fm.mul(V("β", sub="2"), V("v", sub=p)),
                            fm.mul(fm.Paren(fm.sub(fm.num(1), V("β", sub="2"))), sq),
                        ),
                    ),
                    fm.add(
                        fm.mul(show(b2), node(v_prev)),
                        fm.mul(show(1 - b2), fm.had(node(g), node(g))),
                    ),
                    node(col("v", t)),
                    answer_id="v" if t == len(grads) - 1 else None,
                )
            )
            if h["bias_correction"]:
                steps.append(
                    step(
                        Text("Step {t}: bias correction", "第 {t} 步：偏差修正").format(t=s),
                        fm.Op(
                            ",",
                            (
                                fm.eq(
                                    V("m̂", sub=s),
                                    fm.Frac(
                                        V("m", sub=s),
                                        fm.sub(fm.num(1), fm.Pow(V("β", sub="1"), fm.num(t + 1))),
                                    ),
                                ),
                                fm.eq(
                                    V("v̂", sub=s),
                                    fm.Frac(
                                        V("v", sub=s),
                                        fm.sub(fm.num(1), fm.Pow(V("β", sub="2"), fm.num(t + 1))),
                                    ),
                                ),
                            ),
                        ),
                        fm.Op(
                            ",",
                            (
                                fm.Frac(
                                    node(col("m", t)),
                                    fm.sub(fm.num(1), fm.Pow(show(b1), fm.num(t + 1))),
                                ),
                                fm.Frac(
                                    node(col("v", t)),
                                    fm.sub(fm.num(1), fm.Pow(show(b2), fm.num(t + 1))),
                                ),
                            ),
                        ),
                        fm.Op(",", (node(col("m_hat", t)), node(col("v_hat", t)))),
                    )
                )
                num_f, num_val = V("m̂", sub=s), col("m_hat", t)
                denom_f, denom_val = fm.Sqrt(V("v̂", sub=s)), col("root", t)
            else:
                num_f, num_val = V("m", sub=s), col("m", t)
                denom_f, denom_val = fm.Sqrt(V("v", sub=s)), col("root", t)
        else:
            steps.append(
                step(
                    Text("Step {t}: update θ", "第 {t} 步：更新 θ").format(t=s),
                    fm.eq(V("θ", sub=s), fm.sub(V("θ", sub=p), fm.mul(ETA, gs))),
                    fm.sub(node(prev), fm.mul(show(_f(h["lr"])), node(g))),
                    node(col("theta", t)),
                    answer_id="theta" if t == len(grads) - 1 else None,
                )
            )
            continue
        if engine != "adam":
            num_f, num_val = gs, g
        steps.append(
            step(
                Text("Step {t}: update θ (element-wise)", "第 {t} 步：更新 θ（逐元素）").format(
                    t=s
                ),
                fm.eq(V("θ", sub=s), fm.sub(V("θ", sub=p), fm.mul(ETA, fm.Frac(num_f, denom_f)))),
                fm.sub(
                    node(prev), fm.mul(show(_f(h["lr"])), fm.Frac(node(num_val), node(denom_val)))
                ),
                node(col("theta", t)),
                answer_id="theta" if t == len(grads) - 1 else None,
            )
        )
    return statement, steps


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
