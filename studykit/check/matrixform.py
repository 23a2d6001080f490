"""Hand-derived matrix formulas for a network's gradients, checked by shape, then by value.

Names (column vectors; ``l`` is a layer number, 1-based)::

    x (a0)     the input            a1 … aL   activations      z1 … zL   net inputs
    W1 … WL    weights [n_l×n_(l−1)] b1 … bL  biases           delta1 …  δ⁽ˡ⁾ = ∂L/∂z⁽ˡ⁾
                                                                 (also dz1 …, Ng's notation)
    t          the target           y, yhat, ŷ = aL (softmax(aL) when the loss works on logits)    eta, lr   the learning rate
    f1(z1), f1'(z1), f'(z2) …       a layer's activation and its derivative (f′ without a
                                    layer is inferred from z1/a1 or when all layers agree)
    sigma'(z1), tanh'(z), relu'(z)  a named activation's derivative (ReLU′(0) = 0)

The formula is evaluated on several networks with random parameters; each value is compared
with the engine's (``studykit.engine``), and a wrong one with the mistakes of the catalog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ..catalog import get_loss
from ..i18n import Text
from ..math.nodes import Call, Node
from ..spec import NetworkSpec
from .diagnose import diagnose_batch
from .draws import Draws
from .errors import AnswerSyntaxError, ShapeError
from .evaluate import Context, evaluate, shape_text
from .mistakes import Mistake
from .names import var_of
from .scope import Scope
from .solver import Setting, solve

NETWORKS = 4


def network_scope(spec: NetworkSpec) -> Scope:
    L = spec.depth
    variables: dict[str, tuple[int, int] | None] = {
        "x": (spec.layers[0], 1),
        "t": (spec.layers[-1], 1),
    }
    for l in range(1, L + 1):
        rows, cols = spec.weight_shape(l)
        variables[f"W{l}"] = (rows, cols)
        variables[f"b{l}"] = (rows, 1)
        variables[f"z{l}"] = (rows, 1)
        variables[f"delta{l}"] = (rows, 1)
        variables[f"a{l}"] = (spec.layers[l], 1)
    variables["eta"] = None
    variables["lr"] = None
    output: Node = var_of(f"a{L}")
    if get_loss(spec.loss).on_logits:  # the loss applies softmax itself: ŷ = softmax(a⁽ᴸ⁾)
        output = Call("softmax", (output,))
    aliases: dict[str, Node] = {"a0": var_of("x"), "y": output, "yhat": output}
    aliases.update({f"dz{l}": var_of(f"delta{l}") for l in range(1, L + 1)})
    functions = {l: (a.name, dict(a.params)) for l, a in enumerate(spec.activations, start=1)}
    return Scope(variables=variables, aliases=aliases, layer_functions=functions)  # type: ignore[arg-type]


def _targets(loss: str, n: int, rng: Draws) -> np.ndarray:
    if loss == "softmax_cross_entropy" or loss == "cross_entropy":
        t = np.zeros(n)
        t[rng.integers(n)] = 1.0
        return t
    if loss == "binary_cross_entropy":
        return rng.integers(2, n).astype(float)
    return rng.uniform(-1, 1, n)


def random_settings(spec: NetworkSpec, count: int = NETWORKS, seed: int = 2024) -> list[Setting]:
    """``count`` copies of the network with random parameters, input and target."""
    rng = Draws(seed)
    out = []
    for _ in range(count):
        params = {}
        for l in range(1, spec.depth + 1):
            rows, cols = spec.weight_shape(l)
            params[f"W{l}"] = rng.uniform(-2, 2, (rows, cols))
            params[f"b{l}"] = rng.uniform(-1, 1, rows)
        x = rng.uniform(-3, 3, (1, spec.layers[0]))
        t = _targets(spec.loss, spec.layers[-1], rng)[None, :]
        out.append(Setting(spec, params, x, t, lr=spec.train.lr if spec.train else 0.1))
    return out


def _column(value: np.ndarray) -> np.ndarray:
    value = np.asarray(value, dtype=np.float64)
    return value.reshape(-1, 1) if value.ndim <= 1 else value


def stack(values: list[np.ndarray]) -> np.ndarray:
    return np.stack([_column(v) for v in values])


@dataclass
class NetworkValues:
    settings: list[Setting]
    solutions: list[dict[str, np.ndarray]]
    env: dict[str, np.ndarray] = field(default_factory=dict)

    def target(self, answer_id: str) -> np.ndarray:
        return stack([s[answer_id] for s in self.solutions])


def network_values(spec: NetworkSpec, settings: list[Setting] | None = None) -> NetworkValues:
    settings = settings or random_settings(spec)
    solutions = [solve(s) for s in settings]
    env: dict[str, np.ndarray] = {
        "x": stack([s.x[0] for s in settings]),
        "t": stack([s.t[0] for s in settings]),
        "eta": np.array([s.lr for s in settings]).reshape(-1, 1, 1),
    }
    env["lr"] = env["eta"]
    for l in range(1, spec.depth + 1):
        env[f"W{l}"] = stack([s.params[f"W{l}"] for s in settings])
        env[f"b{l}"] = stack([s.params[f"b{l}"] for s in settings])
        for key in ("z", "a", "delta"):
            env[f"{key}{l}"] = stack([sol[f"{key}{l}"] for sol in solutions])
    return NetworkValues(settings, solutions, env)


WRT = re.compile(r"^(W|b|z|delta|a)(\d+)$")


def target_id(wrt: str, spec: NetworkSpec) -> tuple[str, Text]:
    """The solver id for ``--wrt`` and how to say it: ``W1`` → ``dW1``, ∂L/∂W⁽¹⁾."""
    from ..math.text import to_text

    if wrt in ("x", "a0"):
        return "dx", Text("∂L/∂x", "∂L/∂x")
    if wrt in ("y", "yhat"):
        wrt = f"a{spec.depth}"
    m = WRT.match(wrt)
    if not m or not 1 <= int(m.group(2)) <= spec.depth:
        raise AnswerSyntaxError(
            Text(
                "--wrt {w} is not a parameter or value of this network",
                "--wrt {w} 不是该网络的参数或中间值",
            ).format(w=wrt),
            Text("use W1…W{L}, b1…, z1…, a1…, x", "请使用 W1…W{L}、b1…、z1…、a1…、x").format(
                L=spec.depth
            ),
        )
    kind, layer = m.group(1), m.group(2)
    ident = {
        "W": f"dW{layer}",
        "b": f"db{layer}",
        "z": f"delta{layer}",
        "delta": f"delta{layer}",
        "a": f"da{layer}",
    }[kind]
    label = "∂L/∂" + to_text(var_of(("z" if kind == "delta" else kind) + layer))
    return ident, Text(label, label)


@dataclass
class FormulaCheck:
    correct: bool
    message: Text
    shape: tuple[int, int] | None = None
    expected_shape: tuple[int, int] | None = None
    mistake: Mistake | None = None
    wrong_entries: list[tuple[int, ...]] = field(default_factory=list)


def _mistake_of(tree: Node, ctx: Context, values: NetworkValues, answer_id: str, expected: np.ndarray,
                got: np.ndarray | None, depth: int) -> Mistake | None:  # fmt: skip
    """Solver perturbations first for an answer of the right shape, rewrites of the answer
    first otherwise (and only rewrites when the answer has no value: a shape error)."""
    from .formula_mistakes import rewrite_mistake
    from .mistakes import MISTAKES

    def rewritten() -> Mistake | None:
        return rewrite_mistake(tree, ctx, expected, depth, MISTAKES.get)  # type: ignore[return-value]

    def perturbed() -> Mistake | None:
        return (
            diagnose_batch(values.settings, answer_id, got)
            if got is not None and answer_id
            else None
        )

    if got is not None and got.shape[-2:] == expected.shape[-2:]:
        return perturbed() or rewritten()
    return rewritten() or perturbed()


def check_formula(tree: Node, spec: NetworkSpec, answer_id: str, label: Text, values: NetworkValues | None = None,
                  reference: np.ndarray | None = None) -> FormulaCheck:  # fmt: skip
    """Shape first, then value at random parameters, then the mistake catalog."""
    values = values or network_values(spec)
    scope = network_scope(spec)
    ctx = Context(values.env, scope.layer_functions, len(values.settings))
    expected = reference if reference is not None else values.target(answer_id)
    exp_shape = expected.shape[-2:]
    try:
        got = evaluate(tree, ctx)
    except ShapeError as exc:
        message = exc.text + (
            Text(" — ", "——") + exc.suggestion if exc.suggestion else Text("", "")
        )
        mistake = _mistake_of(tree, ctx, values, answer_id, expected, None, spec.depth)
        return FormulaCheck(False, message, mistake=mistake)
    got = np.broadcast_to(got, (len(values.settings), *got.shape[1:]))
    shape = got.shape[-2:]
    if shape != exp_shape:
        message = Text(
            "your expression is {s} but {w} is {e}", "你的表达式是 {s}，而 {w} 是 {e}"
        ).format(s=shape_text(shape), e=shape_text(exp_shape), w=label.en)
        if shape == exp_shape[::-1]:
            message = message + Text(" — did you mean the transpose?", "——是不是需要转置？")
        mistake = _mistake_of(tree, ctx, values, answer_id, expected, got, spec.depth)
        return FormulaCheck(False, message, shape, exp_shape, mistake)
    close = np.isclose(got, expected, rtol=1e-6, atol=1e-9)
    if close.all():
        return FormulaCheck(
            True,
            Text("correct: {w} = your expression", "正确：{w} = 你的表达式").format(w=label.en),
            shape,
            exp_shape,
        )
    mistake = _mistake_of(tree, ctx, values, answer_id, expected, got, spec.depth)
    wrong = [
        tuple(int(i) for i in idx) for idx in zip(*np.nonzero(~close.all(axis=0)), strict=False)
    ]
    message = Text(
        "not equal to {w}: the shape {s} is right but the values differ",
        "不等于 {w}：形状 {s} 正确，但数值不同",
    ).format(w=label.en, s=shape_text(shape))
    return FormulaCheck(False, message, shape, exp_shape, mistake, wrong)


def check_answer(spec: NetworkSpec, wrt: str, text: str) -> object:
    """``--spec SPEC --wrt W1 ANSWER``: the :class:`~studykit.check.api.CheckResult`."""
    from .api import CheckResult, CheckUsageError
    from .read import read_answer

    try:
        answer_id, label = target_id(wrt, spec)
    except AnswerSyntaxError as exc:
        raise CheckUsageError(
            exc.text + Text(" — ", "——") + (exc.suggestion or Text("", ""))
        ) from None
    values = network_values(spec)
    expected = values.target(answer_id)
    reading = read_answer(text, network_scope(spec), expected_shape=expected.shape[-2:])
    result = check_formula(reading.tree, spec, answer_id, label, values)
    return CheckResult(
        "right" if result.correct else "wrong",
        result.message,
        reading.preview,
        label.en,
        result.mistake,
        details={
            "shape": list(result.shape) if result.shape else None,
            "expected_shape": list(result.expected_shape) if result.expected_shape else None,
        },
    )
