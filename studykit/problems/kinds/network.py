"""Network problems by hand (COURSE.md C6, C7): ``forward``, ``backward``, ``training_step``.

Each problem samples a small network (2-2-1, 2-2-2, 2-3-2, 3-2-1, 2-2-2-1 or cs224n's
``s = uᵀf(Wx + b)``, ``J = −log σ(s)``), solves it by the hand route (exact Fractions without a
calculator, 4-decimal carried rounding with one), checks the sampling rules (sampler.py),
verifies every answer against the NumPy engine and only then builds the statement, the worked
solution and the answer key.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

from ... import math as fm
from ...catalog import get_activation
from ...i18n import Text
from .. import sampler as sp
from ..carried import HandNetwork, NetworkProblemData, activate, solve_by_hand
from ..model import Conventions, Problem, Rounding, Step
from ..network_steps import network_steps
from ..registry import GenerationError, Kind, Options, Redraw, register
from ..solution import (
    KeyBuilder,
    Symbols,
    engine_values,
    layout_engine,
    number,
    verify,
)
from ._basic import make_problem
from .network_options import (
    ACTIVATION_CHOICES,
    LOSS_CHOICES,
    NetChoices,
    check_one_inactive,
    chosen_layers,
    draw_target,
    leaky_params,
    parse_net,
)
from .network_statement import network_statement

NETS: dict[str, tuple[int, ...]] = {
    "2-2-1": (2, 2, 1),
    "2-2-2": (2, 2, 2),
    "2-3-2": (2, 3, 2),
    "3-2-1": (3, 2, 1),
    "2-2-2-1": (2, 2, 2, 1),
    "cs224n": (2, 2, 1),
}
NET_OPTION = {
    "net": NetChoices(tuple(NETS)),
    "activation": ACTIVATION_CHOICES,
    "loss": LOSS_CHOICES,
}
#: the entry of ∂L/∂W⁽¹⁾ the backward problem asks for in element form, "row,column"
ENTRY_CHOICES = tuple(f"{i},{j}" for i in range(1, 4) for j in range(1, 4))
DEFAULT_NETS = {
    1: ("2-2-1", "2-2-2"),
    2: ("2-2-1", "2-2-2", "2-3-2", "3-2-1"),
    3: ("2-3-2", "3-2-1", "2-2-2-1", "cs224n"),
}
# learning rates a student can multiply by in their head
LEARNING_RATES = (Fraction(1, 10), Fraction(1, 2), Fraction(1, 4))


# ----------------------------------------------------------------------------- sampling


def choose_net(rng: random.Random, options: Options) -> str:
    if "net" in options.extra:
        net = str(options.extra["net"])
        if net == "cs224n" and not options.calculator:
            raise GenerationError("net=cs224n needs a calculator (σ(s)); drop --no-calculator")
        if net == "cs224n" and options.extra.get("loss", "binary_cross_entropy") != (
            "binary_cross_entropy"
        ):
            raise GenerationError("net=cs224n has its loss J = −log σ(s); drop loss=")
        return net
    return rng.choice(net_pool(options))


def choose_activations(
    rng: random.Random, net: str, depth: int, n_out: int, options: Options
) -> tuple[tuple[str, ...], tuple[dict[str, Any], ...], str]:
    """Hidden activation (one for all hidden layers), output activation, loss."""
    d = options.difficulty
    if options.calculator:
        hidden = rng.choice(
            {1: ("sigmoid",), 2: ("sigmoid", "tanh"), 3: ("sigmoid", "tanh", "relu")}[d]
        )
        if net == "cs224n":
            out, loss = "sigmoid", "binary_cross_entropy"
        elif d == 3 and n_out == 2 and rng.random() < 0.5:
            out, loss = "softmax", "cross_entropy"
        else:
            out, loss = "sigmoid", "mse"
    else:
        hidden = rng.choice(
            {
                1: ("relu",),
                2: ("relu", "leaky_relu"),
                3: ("relu", "leaky_relu", "hard_tanh", "hard_sigmoid"),
            }[d]
        )
        out, loss = "identity", "mse"
    params: dict[str, Any] = {}
    if hidden == "leaky_relu":
        params = {"gamma": Fraction(1, 2) if rng.random() < 0.5 else Fraction(1, 10)}
    acts = (hidden,) * (depth - 1) + (out,)
    if net != "cs224n" and ("activation" in options.extra or "loss" in options.extra):
        acts, loss = chosen_layers(depth, n_out, options, (acts, loss))
        gamma = leaky_params(rng, "leaky_relu") if "leaky_relu" in acts else {}
        return acts, tuple(gamma if name == "leaky_relu" else {} for name in acts), loss
    return acts, (params,) * (depth - 1) + ({},), loss


def sample_network(
    rng: random.Random, options: Options, with_lr: bool
) -> tuple[NetworkProblemData, HandNetwork]:
    """Draw a network and its data, solve it by hand and apply every sampling rule (Redraw)."""
    calc, d = options.calculator, options.difficulty
    net = choose_net(rng, options)
    sizes = NETS.get(net) or parse_net(net) or ()
    if net == "cs224n" and d == 3:
        sizes = rng.choice(((2, 3, 1), (3, 2, 1)))
    depth = len(sizes) - 1
    acts, act_params, loss = choose_activations(rng, net, depth, sizes[-1], options)
    decimals = sp.CALC_DECIMALS if calc else None
    x = [sp.sample_input(rng, calc, bound=3 if depth == 2 else 2) for _ in range(sizes[0])]
    W, b = [], []
    prev = x
    for layer in range(depth):
        no_bias = net == "cs224n" and layer == depth - 1
        rows, biases, z = _sample_layer(rng, prev, sizes[layer + 1], acts[layer], no_bias, options)
        W.append(rows)
        b.append(biases)
        prev = activate(acts[layer], z, act_params[layer], decimals)
    data = NetworkProblemData(
        sizes, acts, act_params, loss, W, b, x, style="cs224n" if net == "cs224n" else "layers"
    )
    hand = HandNetwork(data, decimals)
    hand.forward()
    for layer, z in enumerate(hand.z):
        sp.check_net_input(z, acts[layer], get_activation(acts[layer]).kinks)
    data.t = draw_target(rng, hand.a[-1], loss, net == "cs224n", calc)
    hand.compute_loss()
    hand.backward()
    minimum = sp.MIN_GRADIENT if calc else 0.0
    sp.check_nonzero(hand.delta[-1], minimum)
    for layer in range(depth - 1):
        sp.check_layer_gradient(hand.delta[layer], hand.fprime[layer], minimum)
    if with_lr:
        data.lr = _choose_lr(rng, hand, calc)
        hand.update()
    values = list(hand.values().values()) + [data.t]
    sp.check_bounded(values)
    if not calc:
        sp.check_exact(values)
    return data, hand


#: From this width on, a row is redrawn at once when it would be a layer's second inactive
#: unit (f′(z) = 0), instead of the whole network later (the nets of width ≤ 3 keep their draws).
WIDE_LAYER = 4

#: Draws of one neuron's weights before the whole network is redrawn.
ROW_TRIES = 12


def _sample_layer(
    rng: random.Random, prev: list[Any], n: int, act: str, no_bias: bool, options: Options
) -> tuple[list[list[Any]], list[Any], list[Any]]:
    """Weights and biases of one layer, each neuron's row redrawn (up to ROW_TRIES times) until
    its net input z_i keeps the rules: bounded, off the kinks, out of saturation."""
    calc, d = options.calculator, options.difficulty
    kinks = get_activation(act).kinks
    rows, biases, zs = [], [], []
    for _ in range(n):
        for _ in range(ROW_TRIES):
            row = sp.sample_vector(rng, len(prev), calc, d)
            bias = (0.0 if calc else Fraction(0)) if no_bias else sp.sample_weight(rng, calc, d)
            z = sum((w * v for w, v in zip(row, prev, strict=True)), bias)
            z = sp.round_carried(z) if calc else z
            try:
                sp.check_net_input([z], act, kinks)
                if n >= WIDE_LAYER:
                    check_one_inactive(act, z, zs)
            except Redraw:
                continue
            break
        else:
            raise Redraw("no row keeps the net input fit")
        rows.append(row)
        biases.append(bias)
        zs.append(z)
    return rows, biases, zs


def _choose_lr(rng: random.Random, hand: HandNetwork, calc: bool) -> Any:
    if calc:
        return rng.choice((0.1, 0.5))
    fits = []
    for lr in LEARNING_RATES:
        products = [lr * g for m in hand.dW for row in m for g in row] + [
            lr * g for v in hand.db for g in v
        ]
        if all(sp.is_hand_exact(p) for p in products):
            fits.append(lr)
    if not fits:
        raise Redraw("no learning rate keeps the update exact")
    return rng.choice(fits)


# ----------------------------------------------------------------------------- building


TASKS = {
    "forward": Text(
        "Compute the forward pass layer by layer (every z and a), then the loss.",
        "逐层计算前向传播（每个 z 和 a），再计算损失函数值。",
    ),
    "backward": Text(
        "Do the forward pass, then backpropagate: every error term δ, ∂L/∂W, ∂L/∂b for every "
        "layer, ∂L/∂x, and the single entry {entry}.",
        "先做前向传播，再反向传播：求每层的误差项 δ、∂L/∂W、∂L/∂b，以及 ∂L/∂x 和单个元素 {entry}。",
    ),
    "training_step": Text(
        "Do one training step: forward pass, backward pass, then the gradient descent update of "
        "every W and b.",
        "完成一次训练：前向传播、反向传播，然后用梯度下降更新每个 W 和 b。",
    ),
}
TITLES = {
    "forward": Text("Forward propagation by hand", "手算前向传播"),
    "backward": Text("Backpropagation by hand", "手算反向传播"),
    "training_step": Text("One training step by hand", "手算一次训练"),
}


def _engine_layout(engine: dict[str, Any], S: Symbols) -> dict[str, Any]:
    out = layout_engine(engine, S)
    if S.cs224n:
        for key in ("dW2", "W2_new"):
            if key in out:
                out[key] = [r[0] for r in out[key]]
    return out


def build_network_problem(kind: str, rng: random.Random, options: Options) -> Problem:
    backward = kind != "forward"
    update = kind == "training_step"
    data, hand = sample_network(rng, options, with_lr=update)
    exact = not options.calculator
    rounding = Rounding(decimals=None) if exact else Rounding(decimals=sp.CALC_DECIMALS)
    spec = data.spec_dict()
    engine = engine_values(spec)
    verify(hand.values(), engine, exact)
    if not backward:  # the hand route computed δ etc. for the rules; a forward problem asks less
        hand = solve_by_hand(data, rounding.decimals, backward=False)
    S = Symbols(options.notation, data.depth, data.style)
    kb = KeyBuilder(S, rounding, _engine_layout(engine, S))
    network_steps(kb, data, hand, backward, update)
    entry = ""
    if kind == "backward":
        entry = _element_answer(kb, data, hand, rng, options.extra.get("entry"))
    statement = network_statement(
        data, S, TASKS[kind].format(entry=entry) if entry else TASKS[kind]
    )
    return make_problem(
        options,
        TITLES[kind],
        statement,
        kb.answers,
        kb.steps,
        Conventions(notation=options.notation, rounding=rounding),
        spec=spec,
    )


def _element_answer(
    kb: KeyBuilder,
    data: NetworkProblemData,
    hand: HandNetwork,
    rng: random.Random,
    wanted: str | None = None,
) -> str:
    """One entry ``dW1[i,j]`` in element form: ∂L/∂w_ij = δ_i a_j (transposed: a_i δ_j); the
    ``entry`` option ("i,j") fixes which, so that every variant of a slot asks the same."""
    S = kb.symbols
    stated = S.stated(hand.dW[0], 1)
    entries = [(i, j) for i, r in enumerate(stated) for j, v in enumerate(r) if v != 0]
    if wanted is None:
        i, j = rng.choice(entries)
    else:
        i, j = (int(k) - 1 for k in wanted.split(","))
        if i >= len(stated) or j >= len(stated[0]):
            shape = f"{len(stated)}×{len(stated[0])}"
            raise GenerationError(f"entry={wanted} lies outside ∂L/∂W⁽¹⁾ [{shape}]")
        if (i, j) not in entries:
            raise Redraw("the asked entry of dW1 is 0")
    neuron, source = (j, i) if S.transposed else (i, j)
    w = fm.Var("w", sub=f"{i + 1}{j + 1}", layer=None if S.cs224n else 1)
    lhs = fm.Partial(S.loss(), w)
    d_sym = fm.Var("δ", sub=str(neuron + 1), layer=1)
    x_sym = fm.Var("x", sub=str(source + 1))
    terms = (x_sym, d_sym) if S.transposed else (d_sym, x_sym)
    d_val, x_val = hand.delta[0][neuron], data.x[source]
    nums = (number(x_val), number(d_val)) if S.transposed else (number(d_val), number(x_val))
    answer_id = f"dW1[{i + 1},{j + 1}]"
    value = stated[i][j]
    kb.steps.append(
        Step(
            title=Text("One entry of ∂L/∂W in element form", "元素形式的 ∂L/∂W 单个元素"),
            formula=fm.eq(lhs, fm.mul(*terms)),
            substituted=fm.eq(lhs, fm.mul(*nums)),
            result=number(value),
            answer_id=answer_id,
            rule="∂L/∂w_ij = δ_i a_j",
        )
    )
    kb.engine[answer_id] = kb.engine["dW1"][i][j]
    label = Text("entry {s}", "元素 {s}").format(s=S.text(lhs))
    kb.answer(answer_id, label, value, lhs, ("delta1",), 3)
    return S.text(lhs)


def net_pool(options: Options) -> tuple[str, ...]:
    """The nets a problem draws from when none is asked for."""
    nets = DEFAULT_NETS[options.difficulty]
    return nets if options.calculator else tuple(n for n in nets if n != "cs224n")


def entry_pool(options: Options) -> tuple[str, ...]:
    """The entries of ∂L/∂W⁽¹⁾ as the notation states it, for the pinned net."""
    net = options.extra.get("net")
    if net is None:
        return ()
    inputs, hidden = NETS[str(net)][:2]
    rows, cols = (inputs, hidden) if options.notation == "transposed" else (hidden, inputs)
    return tuple(f"{i},{j}" for i in range(1, rows + 1) for j in range(1, cols + 1))


def _pins(name: str) -> Any:
    if name == "backward":
        return lambda options: {"net": net_pool(options), "entry": entry_pool(options)}
    return lambda options: {"net": net_pool(options)}


def _kind(name: str, section: str, description: Text) -> Kind:
    extra = {**NET_OPTION, "entry": ENTRY_CHOICES} if name == "backward" else NET_OPTION
    return register(
        Kind(
            name=name,
            section=section,
            title=TITLES[name],
            description=description,
            build=lambda rng, options: build_network_problem(name, rng, options),
            network=True,
            extra_options=extra,
            pins=_pins(name),
        )
    )


FORWARD = _kind(
    "forward",
    "C6",
    Text(
        "Forward pass of a small network (2-2-1 … 2-2-2-1, cs224n): every z, a and the loss.",
        "小型网络（2-2-1 … 2-2-2-1、cs224n）的前向传播：每个 z、a 和损失。",
    ),
)
BACKWARD = _kind(
    "backward",
    "C7",
    Text(
        "Backpropagation: output and hidden δ, ∂L/∂W, ∂L/∂b, ∂L/∂x, one entry δ_i a_j.",
        "反向传播：输出层与隐藏层的 δ、∂L/∂W、∂L/∂b、∂L/∂x，以及单个元素 δ_i a_j。",
    ),
)
TRAINING_STEP = _kind(
    "training_step",
    "C7",
    Text(
        "One full training step: forward, backward, then the SGD update θ ← θ − η∂L/∂θ.",
        "一次完整训练：前向、反向，再做 SGD 更新 θ ← θ − η∂L/∂θ。",
    ),
)
