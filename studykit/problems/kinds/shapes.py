"""C4 shape problems: the shape of each W⁽ˡ⁾ and b⁽ˡ⁾ along a layer chain, and parameter counts.

W⁽ˡ⁾ is [n_l × n_(l−1)] (textbook, bracket) or [n_(l−1) × n_l] (transposed); b⁽ˡ⁾ is [n_l × 1].
A layer pair has n_(l−1)·n_l + n_l parameters. Engine route: spec.NetworkSpec.weight_shape and
the arrays of an engine Network; hand route: the formulas above.
"""

from __future__ import annotations

import random

from ... import math as fm
from ...engine.network import Network
from ...math.text import TextPrinter
from ...spec import spec_from_dict
from ..model import Answer, Problem, Rounding, Step
from ..registry import Kind, Options, VerificationError, register
from ._basic import Text, conventions, make_problem, para, pick, step

WIDTHS = (1024, 784, 512, 256, 128, 100, 64, 32, 16, 10, 8, 4, 3, 2)
#: The notes' chain (fnn-chapter4-notes, deep-learning-course-notes): 174,890 parameters.
NOTES_CHAIN = (512, 256, 128, 64, 32, 10)
#: ``parameter_count``'s ``chain`` option: the notes' chain, or a long one like it.
CHAINS = ("notes", "long")
LONG_WIDTHS = (1024, 784, 512, 256, 128, 100, 64, 32, 16)
V = fm.Var


def _chain(rng: random.Random, difficulty: int) -> list[int]:
    """A layer chain: small nets at difficulty 1, decreasing chains like 512→…→10 above."""
    if difficulty == 1:
        return [rng.randint(2, 5) for _ in range(3)]
    length = {2: 4, 3: 6}[difficulty]
    if rng.random() < 0.7:
        start = rng.randrange(0, len(WIDTHS) - length)
        picks = sorted(rng.sample(range(start, len(WIDTHS)), length))
        return [WIDTHS[i] for i in picks]
    return [pick(rng, [4, 8, 16, 32, 64, 128, 256, 512]) for _ in range(length)]  # expand / keep


def _long_chain(rng: random.Random, name: str) -> list[int]:
    """The notes' chain, or 5–6 decreasing widths from 1024…16 that end in 10 classes."""
    if name == "notes":
        return list(NOTES_CHAIN)
    hidden = sorted(rng.sample(LONG_WIDTHS, rng.randint(4, 5)), reverse=True)
    return [*hidden, 10]


def _engine_total(chain: list[int]) -> int:
    """The number of entries of every parameter array of an engine Network with this chain."""
    spec = spec_from_dict({"network": {"layers": chain, "activation": "relu", "init": "zeros"}})
    return sum(int(a.size) for a in Network.from_spec(spec).params().values())


def engine_shapes(chain: list[int]) -> list[tuple[tuple[int, int], tuple[int, ...]]]:
    """(W shape, b shape) per layer from the spec, and from engine arrays for small chains."""
    spec = spec_from_dict({"network": {"layers": chain, "activation": "relu", "init": "zeros"}})
    if sum(a * b for a, b in zip(chain, chain[1:], strict=False)) > 20_000:
        return [(spec.weight_shape(i), (chain[i],)) for i in range(1, len(chain))]
    return [(layer.W.shape, layer.b.shape) for layer in Network.from_spec(spec).layers]


def _chain_node(chain: list[int]) -> fm.Node:
    return fm.Num(" → ".join(str(n) for n in chain))


def build_weight_shapes(rng: random.Random, options: Options) -> Problem:
    """A layer chain; per layer the shapes of W and b (checked against the engine) and the step
    z = Wa + b that shows them."""
    chain = _chain(rng, options.difficulty)
    transposed = options.notation == "transposed"
    shapes = engine_shapes(chain)
    answers: list[Answer] = []
    steps: list[Step] = []
    for layer in range(1, len(chain)):
        rows, cols = chain[layer], chain[layer - 1]
        if shapes[layer - 1] != ((rows, cols), (rows,)):
            raise VerificationError(f"W{layer}: shape {(rows, cols)} disagrees with the engine")
        shape = [cols, rows] if transposed else [rows, cols]
        answers += [
            Answer(
                id=f"W{layer}",
                label=Text("shape of {w}", "{w} 的形状").format(
                    w=_symbol("W", layer, options.notation)
                ),
                value=shape,
                kind="shape",
                symbol=V("W", layer=layer),
            ),
            Answer(
                id=f"b{layer}",
                label=Text("shape of {b}", "{b} 的形状").format(
                    b=_symbol("b", layer, options.notation)
                ),
                value=[rows, 1],
                kind="shape",
                symbol=V("b", layer=layer),
            ),
        ]
        steps.append(_layer_step(layer, rows, cols, shape, options.notation))
    statement = [
        para(
            Text("A fully connected network has layer sizes ", "一个全连接网络的各层大小为 "),
            _chain_node(chain),
            Text(
                ". Give the shape of every weight matrix and bias vector.",
                "。写出每个权重矩阵和偏置向量的形状。",
            ),
        )
    ]
    return make_problem(
        options,
        Text("Shapes of weights and biases", "权重与偏置的形状"),
        statement,
        answers,
        steps,
        conventions(options, Rounding(None)),
    )


def _layer_step(layer: int, rows: int, cols: int, shape: list[int], notation: str) -> Step:
    """z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾ (Wᵀ transposed) with the shapes, and why W has its shape."""
    transposed = notation == "transposed"
    rule = (
        Text(
            "W is [inputs × outputs] in the transposed notation (z = Wᵀa + b)",
            "转置记法中 W 为 [输入 × 输出]（z = Wᵀa + b）",
        )
        if transposed
        else Text(
            "W maps {p} inputs to {n} outputs: rows = outputs",
            "W 把 {p} 个输入映射到 {n} 个输出：行数 = 输出数",
        ).format(p=cols, n=rows)
    )
    z = fm.eq(
        V("z", layer=layer),
        fm.add(
            fm.dot(
                fm.T(V("W", layer=layer)) if transposed else V("W", layer=layer),
                V("a", layer=layer - 1),
            ),
            V("b", layer=layer),
        ),
    )
    shapes = Text(
        "{w} is [{r}×{c}] and {b} is [{n}×1] (", "{w} 为 [{r}×{c}]，{b} 为 [{n}×1]（"
    ).format(
        w=_symbol("W", layer, notation),
        b=_symbol("b", layer, notation),
        r=shape[0],
        c=shape[1],
        n=rows,
    )
    return Step(
        title=Text("Layer {l}: {p} → {n}", "第 {l} 层：{p} → {n}").format(l=layer, p=cols, n=rows),
        formula=z,
        shape=f"[{rows}×1] = "
        + (f"[{cols}×{rows}]ᵀ" if transposed else f"[{rows}×{cols}]")
        + f"[{cols}×1] + [{rows}×1]",
        answer_id=f"W{layer}",
        note=shapes + rule + Text(")", "）"),
    )


def _symbol(name: str, layer: int, notation: str) -> str:
    """W⁽¹⁾ (or W^[1] in the bracket notation) as the profile prints it."""
    return TextPrinter(notation, "en").doprint(V(name, layer=layer))


def build_parameter_count(rng: random.Random, options: Options) -> Problem:
    """n_(l−1)·n_l + n_l parameters per layer pair (per layer from difficulty 2) and the total,
    checked against the engine's array shapes (and, for the ``chain`` option — the notes'
    512→256→128→64→32→10 or a long chain like it — the engine network's array sizes)."""
    named = options.extra.get("chain")
    chain = _long_chain(rng, named) if named else _chain(rng, options.difficulty)
    per_layer = [chain[i - 1] * chain[i] + chain[i] for i in range(1, len(chain))]
    engine_counts = [w[0] * w[1] + b[0] for w, b in engine_shapes(chain)]
    if engine_counts != per_layer:
        raise VerificationError(f"parameter counts {engine_counts} != {per_layer}")
    total = sum(per_layer)
    if named and _engine_total(chain) != total:
        raise VerificationError(f"total {total} != the engine's {_engine_total(chain)} entries")
    n1, n2 = V("n", sub="1"), V("n", sub="2")
    answers: list[Answer] = []
    steps = []
    for i, count in enumerate(per_layer, start=1):
        p, n = chain[i - 1], chain[i]
        if options.difficulty >= 2:
            answers.append(
                Answer(
                    id=f"layer{i}",
                    label=Text("parameters of layer {l}", "第 {l} 层的参数个数").format(l=i),
                    value=count,
                    exact=str(count),
                )
            )
        steps.append(
            step(
                Text("Layer {l}: {p} → {n}", "第 {l} 层：{p} → {n}").format(l=i, p=p, n=n),
                fm.add(fm.mul(n1, n2), n2),
                fm.add(fm.mul(fm.num(p), fm.num(n)), fm.num(n)),
                fm.num(count),
                answer_id=f"layer{i}" if options.difficulty >= 2 else None,
                note=Text(
                    "weights n₁n₂ plus one bias per output", "权重 n₁n₂ 加上每个输出一个偏置"
                ),
            )
        )
    answers.append(
        Answer(
            id="total",
            label=Text("total number of parameters", "参数总数"),
            value=total,
            exact=str(total),
        )
    )
    steps.append(
        step(
            Text("Total: sum over layer pairs", "总数：对各层求和"),
            None,
            fm.add(*[fm.num(c) for c in per_layer]),
            fm.num(total),
            answer_id="total",
        )
    )
    statement = [
        para(
            Text("A fully connected network has layer sizes ", "一个全连接网络的各层大小为 "),
            _chain_node(chain),
            Text(
                ". How many trainable parameters (weights and biases) does it have"
                + (", per layer and in total?" if options.difficulty >= 2 else "?"),
                "。它有多少个可训练参数（权重和偏置）"
                + ("？分别给出每层和总数。" if options.difficulty >= 2 else "？"),
            ),
        )
    ]
    return make_problem(
        options,
        Text("Counting parameters", "参数个数"),
        statement,
        answers,
        steps,
        conventions(options, Rounding(None)),
    )


register(
    Kind(
        name="weight_shapes",
        section="C4",
        title=Text("Shapes of W and b", "W 与 b 的形状"),
        description=Text(
            "the shape of every W⁽ˡ⁾ and b⁽ˡ⁾ along a layer chain",
            "沿层链写出每个 W⁽ˡ⁾ 与 b⁽ˡ⁾ 的形状",
        ),
        build=build_weight_shapes,
    )
)
register(
    Kind(
        name="parameter_count",
        section="C4",
        title=Text("Parameter count", "参数个数"),
        description=Text(
            "n₁n₂ + n₂ per layer pair and the total", "每对相邻层 n₁n₂ + n₂ 个参数及总数"
        ),
        build=build_parameter_count,
        extra_options={"chain": CHAINS},
    )
)
