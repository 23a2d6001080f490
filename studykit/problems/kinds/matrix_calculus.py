"""Matrix calculus (COURSE.md C8): ``gradient_shapes`` and ``elementwise_jacobian``.

- ``gradient_shapes``: the shapes of δ⁽ˡ⁾, ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ, ∂L/∂b⁽ˡ⁾ and ∂L/∂x along a
  layer chain, in the notation profile (transposed: ∂L/∂W = a δᵀ is [n_(l−1) × n_l]); checked
  against the engine's gradients of a network of those sizes.
- ``elementwise_jacobian``: ∂a/∂z = diag(f′(z)) for a = f(z), and at difficulty ≥ 2 also
  ∂a/∂x = diag(f′(z)) W for z = Wx + b; checked against the engine's vector-Jacobian products.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ... import math as fm
from ...catalog import exact, get_activation, round_half_up
from ...i18n import Text
from .. import sampler as sp
from ..carried import activate, derivative
from ..model import Answer, Conventions, Display, Para, Problem, Rounding, Step, Tolerance
from ..registry import Kind, Options, VerificationError, register
from ..solution import (
    col,
    jsonable,
    mat,
)
from ._basic import make_problem
from ._givens import activation_givens, activation_paragraph, exam_form, exam_form_at, uses_output

CHAINS = {3: ((512, 256, 128, 64, 32, 10), (784, 128, 10), (6, 5, 4, 3))}
#: layer counts of the drawn chains below difficulty 3 (the same parts in every variant)
DRAWN_LAYERS = {1: 2, 2: 3}


def _gradient_chain(rng: random.Random, difficulty: int) -> tuple[int, ...]:
    """Input and hidden widths 2–6 and an output width 1–4 (100+ chains per length); the
    notes' long chains at difficulty 3."""
    if difficulty == 3:
        return rng.choice(CHAINS[3])
    hidden = [rng.randint(2, 6) for _ in range(DRAWN_LAYERS[difficulty])]
    return (*hidden, rng.randint(1, 4))


def _shape_text(rows: int, cols: int) -> str:
    return f"[{rows}×{cols}]"


def _shape_label(node: fm.Node, notation: str) -> Text:
    return Text("shape of {s}", "{s} 的形状").format(s=fm.to_text(node, notation))


def _engine_shapes(sizes: tuple[int, ...]) -> dict[str, tuple[int, ...]]:
    from ...engine import Network
    from ...spec import spec_from_dict

    spec = spec_from_dict(
        {
            "network": {"layers": list(sizes), "activation": "sigmoid", "loss": "mse", "seed": 0},
            "data": {"x": [0.5] * sizes[0], "t": [0.0] * sizes[-1]},
        }
    )
    trace = Network.from_spec(spec).trace(spec.x, spec.t)
    out: dict[str, tuple[int, ...]] = {"dx": (sizes[0], 1)}
    for layer, step in enumerate(trace.layers, start=1):
        out[f"delta{layer}"] = (step.delta.shape[1], 1)  # type: ignore[union-attr]
        out[f"dW{layer}"] = step.dW.shape  # type: ignore[union-attr]
        out[f"db{layer}"] = (step.db.shape[0], 1)  # type: ignore[union-attr]
    return out


# ----------------------------------------------------------------------------- gradient shapes

#: One shape answer: its id, label, [rows, cols] and the step that derives it.
ShapeAnswer = tuple[str, Text, tuple[int, int], Step]


def build_gradient_shapes(rng: random.Random, options: Options) -> Problem:
    """Every δ⁽ˡ⁾, ∂L/∂W⁽ˡ⁾, ∂L/∂b⁽ˡ⁾ from the last layer back, then ∂L/∂x; each shape checked
    against the engine's gradients (∂L/∂W transposed in the transposed notation)."""
    sizes = _gradient_chain(rng, options.difficulty)
    transposed = options.notation == "transposed"
    engine = _engine_shapes(sizes)
    steps: list[Step] = []
    answers: list[Answer] = []
    exact = Tolerance(abs=0.0)
    shapes = [
        *(
            s
            for layer in range(len(sizes) - 1, 0, -1)
            for s in _layer_shapes(sizes, layer, options)
        ),
        _input_shape(sizes, transposed),
    ]
    for answer_id, label, shape, step in shapes:
        expected = engine[answer_id]
        if answer_id.startswith("dW") and transposed:
            expected = expected[::-1]
        if tuple(shape) != tuple(expected):
            raise VerificationError(f"{answer_id}: shape {shape} ≠ engine {expected}")
        steps.append(step)
        answers.append(Answer(answer_id, label, list(shape), "shape", exact))
    chain = "→".join(map(str, sizes))
    statement = (
        Para(
            (
                Text(
                    "A dense network has layer sizes {c} (input first) and a scalar loss L. Give "
                    "the shape [rows × cols] of every δ⁽ˡ⁾, ∂L/∂W⁽ˡ⁾, ∂L/∂b⁽ˡ⁾ and of ∂L/∂x "
                    "(vectors are columns).",
                    "一个全连接网络的各层大小为 {c}（输入层在前），损失 L 为标量。写出每个 δ⁽ˡ⁾、"
                    "∂L/∂W⁽ˡ⁾、∂L/∂b⁽ˡ⁾ 以及 ∂L/∂x 的形状 [行 × 列]（向量为列向量）。",
                ).format(c=chain),
            )
        ),
    )
    return make_problem(
        options,
        Text("Shapes of the gradients", "梯度的形状"),
        statement,
        answers,
        steps,
        Conventions(notation=options.notation, rounding=Rounding(decimals=None)),
    )


def _layer_shapes(sizes: tuple[int, ...], layer: int, options: Options) -> list[ShapeAnswer]:
    """δ⁽ˡ⁾ is [n_l × 1]; ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾a⁽ˡ⁻¹⁾ᵀ is [n_l × n_(l−1)] (a δᵀ, [n_(l−1) × n_l],
    transposed); ∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾ is [n_l × 1]."""
    transposed = options.notation == "transposed"
    n, m = sizes[layer], sizes[layer - 1]
    delta = fm.Var("δ", layer=layer)
    prev = fm.Var("a", layer=layer - 1) if layer > 1 else fm.Var("x")
    dW = fm.Partial(fm.Var("L"), fm.Var("W", layer=layer))
    if transposed:
        formula, shape = fm.eq(dW, fm.dot(prev, fm.T(delta))), (m, n)
        how = f"{_shape_text(m, n)} = {_shape_text(m, 1)}{_shape_text(1, n)}"
    else:
        formula, shape = fm.eq(dW, fm.dot(delta, fm.T(prev))), (n, m)
        how = f"{_shape_text(n, m)} = {_shape_text(n, 1)}{_shape_text(1, m)}"
    return [
        (
            f"delta{layer}",
            _shape_label(delta, options.notation),
            (n, 1),
            Step(
                title=Text(
                    "Error term of layer {l}: one entry per neuron",
                    "第 {l} 层误差项：每个神经元一个",
                ).format(l=layer),
                formula=fm.eq(delta, fm.Partial(fm.Var("L"), fm.Var("z", layer=layer))),
                shape=_shape_text(n, 1),
                answer_id=f"delta{layer}",
            ),
        ),
        (
            f"dW{layer}",
            _shape_label(dW, options.notation),
            shape,
            Step(
                title=Text(
                    "A scalar by a matrix has the matrix's shape", "标量对矩阵求导，结果与矩阵同形"
                ),
                formula=formula,
                shape=how,
                answer_id=f"dW{layer}",
            ),
        ),
        (
            f"db{layer}",
            _shape_label(fm.Partial(fm.Var("L"), fm.Var("b", layer=layer)), options.notation),
            (n, 1),
            Step(
                title=Text("Gradient of the bias", "偏置的梯度"),
                formula=fm.eq(fm.Partial(fm.Var("L"), fm.Var("b", layer=layer)), delta),
                shape=_shape_text(n, 1),
                answer_id=f"db{layer}",
            ),
        ),
    ]


def _input_shape(sizes: tuple[int, ...], transposed: bool) -> ShapeAnswer:
    """∂L/∂x = W⁽¹⁾ᵀδ⁽¹⁾ (W⁽¹⁾δ⁽¹⁾ transposed) is [n_0 × 1]."""
    W1 = fm.Var("W", layer=1)
    back = (
        fm.dot(W1, fm.Var("δ", layer=1)) if transposed else fm.dot(fm.T(W1), fm.Var("δ", layer=1))
    )
    w_shape = (
        _shape_text(sizes[0], sizes[1]) if transposed else _shape_text(sizes[1], sizes[0]) + "ᵀ"
    )
    return (
        "dx",
        Text("shape of ∂L/∂x", "∂L/∂x 的形状"),
        (sizes[0], 1),
        Step(
            title=Text("Gradient with respect to the input", "对输入的梯度"),
            formula=fm.eq(fm.Partial(fm.Var("L"), fm.Var("x")), back),
            shape=f"{_shape_text(sizes[0], 1)} = {w_shape}{_shape_text(sizes[1], 1)}",
            answer_id="dx",
        ),
    )


# ----------------------------------------------------------------------------- element-wise Jacobian


@dataclass(frozen=True)
class ElementwiseMap:
    """a = f(z) element-wise for the activation ``act`` (with ``params``) on n entries; from
    difficulty 2 z = Wx + b with W [n × m]. ``fp`` = f′(z), ``J`` = diag(f′(z)), ``JW`` =
    diag(f′(z))W (carried rounding with a calculator)."""

    act: str
    params: dict[str, Any]
    z: list[Any]
    a: list[Any]  # a = f(z) as printed (the exam form of σ and tanh uses it)
    fp: list[Any]
    J: list[list[Any]]
    W: list[list[Any]] | None
    b: list[Any] | None
    x: list[Any] | None
    JW: list[list[Any]] | None
    calculator: bool

    @property
    def n(self) -> int:
        return len(self.z)


def build_elementwise_jacobian(rng: random.Random, options: Options) -> Problem:
    """∂a/∂z = diag(f′(z)) (and ∂a/∂x = diag(f′(z))W from difficulty 2), by the hand route and
    by the engine's vector-Jacobian products."""
    f = _draw_map(rng, options)
    J_engine = _engine_jacobian(f)
    bound = 1e-9 if not f.calculator else 0.01
    if np.max(np.abs(np.asarray(jsonable(f.J)) - J_engine)) > bound:
        raise VerificationError(f"diag(f′(z)) {f.J} ≠ engine {J_engine.tolist()}")
    if f.W is not None:
        JW_engine = J_engine @ np.asarray(jsonable(f.W))
        if np.max(np.abs(np.asarray(jsonable(f.JW)) - JW_engine)) > bound:
            raise VerificationError("diag(f′(z)) W disagrees with the engine")
    rounding = Rounding(decimals=sp.CALC_DECIMALS if f.calculator else None)
    return make_problem(
        options,
        Text("Jacobian of an element-wise map", "逐元素映射的雅可比矩阵"),
        _jacobian_statement(f),
        _jacobian_answers(f, rounding),
        _jacobian_steps(f),
        Conventions(notation=options.notation, rounding=rounding),
        givens={"activations": [activation_givens(f.act, f.params)]},
    )


JACOBIAN_SIZES = (2, 3)


def _draw_map(rng: random.Random, options: Options) -> ElementwiseMap:
    """The activation, n, m and (from difficulty 2) W, b, x, or z on a grid, in this order from
    ``rng``; then the sampler's rules (Redraw): off the kinks, a gradient, exact by hand."""
    calc, d = options.calculator, options.difficulty
    if calc:
        act = rng.choice(("sigmoid", "tanh") if d < 3 else ("sigmoid", "tanh", "relu"))
    else:
        act = rng.choice(("relu", "leaky_relu", "hard_tanh", "hard_sigmoid")[: 1 + d])
    params: dict[str, Any] = {"gamma": Fraction(1, 2)} if act == "leaky_relu" else {}
    n = int(options.extra.get("size") or rng.choice(JACOBIAN_SIZES))
    decimals = sp.CALC_DECIMALS if calc else None
    with_w = d >= 2
    m = rng.choice((2, 3))
    W = sp.sample_matrix(rng, n, m, calc, d) if with_w else None
    b = sp.sample_vector(rng, n, calc, d) if with_w else None
    x = [sp.sample_input(rng, calc, bound=2) for _ in range(m)] if with_w else None
    if with_w:
        z = [
            sum((exact(w) * exact(v) for w, v in zip(row, x, strict=True)), exact(bi))
            for row, bi in zip(W, b, strict=True)
        ]
        z = [float(round_half_up(v, sp.CALC_DECIMALS)) if calc else v for v in z]
    else:
        z = [sp.sample_grid(rng, -3, 3, Fraction(1, 2)) for _ in range(n)]
        z = [float(v) for v in z] if calc else z
    sp.check_net_input(z, act, get_activation(act).kinks)
    a = activate(act, z, params, decimals)
    fp = derivative(act, z, a, params, decimals)
    sp.check_layer_gradient(fp, fp)
    zero = 0.0 if calc else Fraction(0)
    J = [[fp[i] if i == j else zero for j in range(n)] for i in range(n)]
    JW = None
    if with_w:
        assert W is not None
        JW = [  # f′(zᵢ)·wᵢⱼ of the printed numbers, rounded half up on the exact product
            [
                float(round_half_up(exact(fp[i]) * exact(w), sp.CALC_DECIMALS))
                if calc
                else fp[i] * w
                for w in W[i]
            ]
            for i in range(n)
        ]
    if not calc:
        sp.check_exact([J, JW or []])
    return ElementwiseMap(act, params, z, a, fp, J, W, b, x, JW, calc)


def _engine_jacobian(f: ElementwiseMap) -> np.ndarray:
    """The rows of the Jacobian as vector-Jacobian products with unit vectors."""
    activation = get_activation(f.act)
    p = {**activation.defaults(), **{k: float(v) for k, v in f.params.items()}}
    z_arr = np.asarray([float(v) for v in f.z])[None, :]
    a_arr = activation.fn(z_arr, p)
    eye = np.eye(f.n)
    return np.vstack([activation.vjp(z_arr, a_arr, eye[i : i + 1], p) for i in range(f.n)])


def _jacobian_steps(f: ElementwiseMap) -> list[Step]:
    """(z = Wx + b,) f′(z) in exam form, diag(f′(z)) (, the chain rule diag(f′(z))W)."""
    n, fname = f.n, get_activation(f.act).symbol
    zv, av = fm.Var("z"), fm.Var("a")
    steps = []
    if uses_output(f.act):
        steps.append(
            Step(
                title=Text("The outputs a = f(z)", "输出 a = f(z)"),
                formula=fm.eq(av, fm.Call(fname, (zv,))),
                substituted=fm.Call(fname, (col(f.z),)),
                result=col(f.a),
                shape=_shape_text(n, 1),
            )
        )
    entries = [
        exam_form_at(f.act, z, a if uses_output(f.act) else None, f.params)
        for z, a in zip(f.z, f.a, strict=True)
    ]
    steps += [
        Step(
            title=Text("f′ at each entry of z (exam form)", "在 z 的每个分量上求 f′（考试形式）"),
            formula=fm.eq(fm.Call(fname, (zv,), 1), exam_form(f.act, av, f.params)),
            substituted=fm.vector(entries),
            result=col(f.fp),
            shape=_shape_text(n, 1),
        ),
        Step(
            title=Text(
                "An element-wise map has a diagonal Jacobian", "逐元素映射的雅可比矩阵是对角矩阵"
            ),
            formula=fm.eq(fm.Partial(av, zv), fm.Call("diag", (fm.Call(fname, (zv,), 1),))),
            substituted=fm.eq(fm.Partial(av, zv), fm.Call("diag", (col(f.fp),))),
            result=mat(f.J),
            shape=f"{_shape_text(n, n)}",
            answer_id="jacobian",
            rule="∂a_i/∂z_j = f′(z_i) if i = j else 0",
        ),
    ]
    if f.W is None:
        return steps
    assert f.b is not None and f.x is not None and f.JW is not None
    m = len(f.x)
    Wx_b = fm.add(fm.dot(fm.Var("W"), fm.Var("x")), fm.Var("b"))
    net_input = Step(
        title=Text("Net input", "净输入"),
        formula=fm.eq(zv, Wx_b),
        substituted=fm.eq(zv, fm.add(fm.dot(mat(f.W), col(f.x)), col(f.b))),
        result=col(f.z),
        shape=f"{_shape_text(n, 1)} = {_shape_text(n, m)}{_shape_text(m, 1)} + {_shape_text(n, 1)}",
    )
    chain_rule = Step(
        title=Text("Chain rule: ∂a/∂x = ∂a/∂z · ∂z/∂x", "链式法则：∂a/∂x = ∂a/∂z · ∂z/∂x"),
        formula=fm.eq(
            fm.Partial(av, fm.Var("x")),
            fm.dot(fm.Call("diag", (fm.Call(fname, (zv,), 1),)), fm.Var("W")),
        ),
        substituted=fm.eq(fm.Partial(av, fm.Var("x")), fm.dot(mat(f.J), mat(f.W))),
        result=mat(f.JW),
        shape=f"{_shape_text(n, m)} = {_shape_text(n, n)}{_shape_text(n, m)}",
        answer_id="jacobian_x",
    )
    return [net_input, *steps, chain_rule]


def _jacobian_answers(f: ElementwiseMap, rounding: Rounding) -> list[Answer]:
    """∂a/∂z (and ∂a/∂x)."""
    tol = rounding.tolerance(2)
    answers = [
        _matrix_answer(
            "jacobian", Text("Jacobian ∂a/∂z", "雅可比矩阵 ∂a/∂z"), f.J, "z", f.calculator, tol
        )
    ]
    if f.JW is not None:
        answers.append(
            _matrix_answer(
                "jacobian_x",
                Text("Jacobian ∂a/∂x", "雅可比矩阵 ∂a/∂x"),
                f.JW,
                "x",
                f.calculator,
                tol,
                depends_on=("jacobian",),
            )
        )
    return answers


def _matrix_answer(
    answer_id: str,
    label: Text,
    matrix: list[list[Any]],
    wrt: str,
    calculator: bool,
    tol: Tolerance,
    depends_on: tuple[str, ...] = (),
) -> Answer:
    """The Jacobian ∂a/∂``wrt`` as a matrix answer; exact fractions as text without a calculator."""
    return Answer(
        answer_id,
        label,
        jsonable(matrix),
        "matrix",
        tol,
        exact=None if calculator else [[fm.format_number(v) for v in r] for r in matrix],
        symbol=fm.Partial(fm.Var("a"), fm.Var(wrt)),
        depends_on=depends_on,
    )


def _jacobian_statement(f: ElementwiseMap) -> list[Para | Display]:
    """a = f(z) with z = Wx + b and W, b, x (or z itself), then the activation and the task."""
    zv = fm.Var("z")
    statement: list[Para | Display] = []
    if f.W is not None:
        assert f.b is not None and f.x is not None
        stated = f.W  # ∂a/∂x = diag(f′(z)) W needs the matrix that multiplies x, in any profile
        statement += [
            Para(
                (
                    Text("Let a = f(z) with ", "设 a = f(z)，其中 "),
                    fm.eq(
                        zv,
                        fm.add(
                            fm.dot(fm.Var("W"), fm.Var("x")),
                            fm.Var("b"),
                        ),
                    ),
                    Text(",", "，"),
                )
            ),
            Display(fm.eq(fm.Var("W"), mat(stated))),
            Display(fm.eq(fm.Var("b"), col(f.b))),
            Display(fm.eq(fm.Var("x"), col(f.x))),
        ]
    else:
        statement += [
            Para((Text("Let a = f(z) element-wise, with", "设 a = f(z) 逐元素作用，其中"),)),
            Display(fm.eq(zv, col(f.z))),
        ]
    statement.append(activation_paragraph(f.act, f.params))
    task = Text("Give the Jacobian ∂a/∂z{more}.", "写出雅可比矩阵 ∂a/∂z{more}。")
    more = f.W is not None
    statement.append(
        Para(
            (
                Text(
                    task.en.format(more=" and ∂a/∂x" if more else ""),
                    task.zh.format(more=" 和 ∂a/∂x" if more else ""),
                ),
            )
        )
    )
    return statement


GRADIENT_SHAPES = register(
    Kind(
        name="gradient_shapes",
        section="C8",
        title=Text("Shapes of the gradients", "梯度的形状"),
        description=Text(
            "Shapes of δ, ∂L/∂W = δaᵀ, ∂L/∂b and ∂L/∂x along a layer chain, per notation.",
            "沿层链写出 δ、∂L/∂W = δaᵀ、∂L/∂b 与 ∂L/∂x 的形状（随记号变化）。",
        ),
        build=build_gradient_shapes,
    )
)
ELEMENTWISE_JACOBIAN = register(
    Kind(
        name="elementwise_jacobian",
        section="C8",
        title=Text("Jacobian of an element-wise map", "逐元素映射的雅可比矩阵"),
        description=Text(
            "∂a/∂z = diag(f′(z)) for an element-wise activation, and ∂a/∂x = diag(f′(z))W.",
            "逐元素激活函数的 ∂a/∂z = diag(f′(z))，以及 ∂a/∂x = diag(f′(z))W。",
        ),
        build=build_elementwise_jacobian,
        extra_options={"size": JACOBIAN_SIZES},  # n, the length of z (a set pins it per slot)
    )
)
