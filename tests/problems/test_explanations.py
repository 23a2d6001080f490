"""The explanation ("why") questions of issue #18: their schema, their Chinese typography, the
syllabus topics they cover, and every computed example against an independent computation."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

from studykit.problems.explanations import SECTIONS, load_questions
from studykit.problems.explanations import examples as ex

QUESTIONS = load_questions()
BY_ID = {q["id"]: q for q in QUESTIONS}
LANGS = ("en", "zh")

#: Every topic the brief lists, mapped to the question(s) that ask it.
TOPICS: dict[str, tuple[str, ...]] = {
    # C1
    "C1 activation needs: continuous/differentiable a.e., cheap, derivative range, not monotone (swish)": (
        "c1_activation_requirements",
    ),
    # C2
    "C2 saturation and why it matters": ("c2_saturation",),
    "C2 dead ReLU": ("c2_dead_relu",),
    "C2 why leaky ReLU / PReLU / ELU": ("c2_relu_variants",),
    "C2 maxout: the gradient flows to the arg-max piece only": ("c2_maxout",),
    "C2 zero-centred outputs and why they help": ("c2_zero_centred", "c2_tanh_vs_logistic"),
    # C3
    "C3 universal approximation theorem": ("c3_universal_approximation",),
    "C3 memory networks (RNN, Hopfield, Boltzmann) and graph networks (GCN, GAT, MPNN)": (
        "c3_network_families",
    ),
    "C3/C4 dimension roles: reduce, keep, change then restore": ("c4_dimension_roles",),
    "C3 sigmoid outputs against softmax output": ("c3_sigmoid_vs_softmax",),
    # C4 / C7
    "C7 why the Hadamard product ([N_l,1] ⊙ [N_l,1])": ("c7_why_hadamard",),
    "C7 the three-step recipe": ("c7_three_step_recipe",),
    "C7 why transposes appear (shape agreement)": ("c7_why_transposes", "c8_write_every_shape"),
    # C5
    "C5 (1−σ(z))² non-convex in z, −log σ(z) convex (second derivatives)": (
        "c5_mse_sigmoid_nonconvex",
    ),
    "C5 why softmax pairs with cross entropy (∂L/∂z = y − t)": (
        "c5_softmax_cross_entropy",
        "c3_sigmoid_vs_softmax",
    ),
    # C8
    "C8 trace identities": ("c8_trace_identities",),
    "C8 matrix-by-matrix derivative is a 4th-order tensor": ("c8_tensor_shape",),
    "C8 why write every shape": ("c8_write_every_shape",),
    # C9
    "C9 learning-rate schedules (step, exponential)": ("c9_lr_schedules",),
    "C9 saddle points": ("c9_saddle_points",),
    "C9 BGD vs SGD vs mini-batch": ("c9_bgd_sgd_minibatch",),
    "C9 momentum": ("c9_momentum",),
    "C9 why Adam needs bias correction (first-step facts)": ("c9_adam_bias_correction",),
    # C10
    "C10 why zero initialisation fails (symmetry)": ("c10_zero_init_symmetry",),
    "C10 why Xavier/He scale by fan-in/out": ("c10_xavier_he",),
    "C10 random normal and uniform, biases at 0": ("c10_random_init",),
    # C11
    "C11 why gradients vanish (σ′ ≤ ¼) and explode (|wσ′| > 1)": ("c11_vanishing_sigmoid",),
    "C11 why ReLU helps": ("c11_relu_helps",),
    "C11 remedies": ("c11_remedies",),
    # C12
    "C12 O(n²) cost of numerical differentiation": ("c12_numerical_cost",),
    "C12 forward vs central difference, O(h) vs O(h²)": ("c12_forward_vs_central",),
    "C12 symbolic differentiation: pros, cons, expression swell": ("c12_symbolic_pros_cons",),
    "C12 symbolic vs automatic differentiation": ("c12_symbolic_vs_automatic",),
    "C12 forward vs reverse mode": ("c12_forward_vs_reverse_mode",),
    "C12 static vs dynamic computation graphs": ("c12_static_vs_dynamic_graphs",),
}

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
ZH_PUNCT = "，。；：！？、（）“”‘’《》【】「」"
STRAY_SPACE = [
    (re.compile(f"[{CJK}] +[{CJK}]"), "space between two Chinese characters"),
    (re.compile(f" [{ZH_PUNCT}]"), "space before Chinese punctuation"),
    (re.compile(f"[{ZH_PUNCT}] "), "space after Chinese punctuation"),
    (
        re.compile(f"[{CJK}][,.;:!?()]|[,;:!?(][{CJK}]"),
        "ASCII punctuation next to a Chinese character",
    ),
    (
        re.compile(f"[{CJK}][^{CJK}{ZH_PUNCT}\\s…—]|[^{CJK}{ZH_PUNCT}\\s…—][{CJK}]"),
        "no space between Chinese and Latin, digits or math",
    ),
    (re.compile("  "), "double space"),
]
#: Glossary (COURSE.md): an English term in a text means the Chinese text uses the Chinese term.
GLOSSARY = {
    "error term": "误差项",
    "net input": "净输入",
    "learning rate": "学习率",
    "hadamard": "哈达玛积",
    "weight decay": "权重衰减",
    "computation graph": "计算图",
    "cross entropy": "交叉熵",
    "cross-entropy": "交叉熵",
    "backpropagation": "反向传播",
    "activation function": "激活函数",
    "numerical differentiation": "数值微分",
    "symbolic differentiation": "符号微分",
    "automatic differentiation": "自动微分",
    "vanishing gradient": "梯度消失",
    "gradient explodes": "梯度爆炸",
    "exploding gradient": "梯度爆炸",
    "jacobian": "雅可比矩阵",
    "chain rule": "链式法则",
    "initialisation": "初始化",
    "momentum": "动量",
}


def texts(question: dict) -> list[tuple[str, dict]]:
    """Every bilingual text of a question, with a label for messages."""
    out = [(name, question[name]) for name in ("topic", "question", "model_answer")]
    if "example_caption" in question:
        out.append(("example_caption", question["example_caption"]))
    out += [(f"point {i + 1}", p) for i, p in enumerate(question["points"])]
    for i, s in enumerate(question["statements"]):
        out += [(f"statement {i + 1}", s), (f"statement {i + 1} why", s["why"])]
    return out


def sentences_en(text: str) -> int:
    masked = re.sub(r"\b(e\.g|i\.e|vs|etc|cf)\.", "ABBR", text)
    return len([s for s in re.split(r"(?<=[.!?])\s+", masked.strip()) if s])


def sentences_zh(text: str) -> int:
    return len(re.findall(r"[。！？]", text))


def zh_problems(text: str) -> list[str]:
    return [
        f"{why}: …{text[max(0, m.start() - 8) : m.end() + 8]}…"
        for pat, why in STRAY_SPACE
        for m in pat.finditer(text)
    ]


# ----------------------------------------------------------------------------- schema


def test_enough_questions_in_syllabus_order():
    assert len(QUESTIONS) >= 28
    order = [SECTIONS.index(q["section"]) for q in QUESTIONS]
    assert order == sorted(order)


def test_ids_unique_snake_case_and_match_section():
    ids = [q["id"] for q in QUESTIONS]
    assert len(ids) == len(set(ids))
    for q in QUESTIONS:
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", q["id"]), q["id"]
        assert q["section"] in SECTIONS
        assert q["id"].startswith(q["section"].lower() + "_"), q["id"]


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q["id"])
def test_schema(q):
    allowed = {
        "id", "section", "topic", "question", "model_answer", "points", "statements",
        "example", "example_in", "example_caption", "marks",
    }  # fmt: skip
    assert set(q) <= allowed, set(q) - allowed
    for label, text in texts(q):
        for lang in LANGS:
            assert isinstance(text[lang], str) and text[lang].strip() == text[lang] != "", (
                label,
                lang,
            )
    assert 3 <= sentences_en(q["model_answer"]["en"]) <= 8, q["model_answer"]["en"]
    assert 3 <= sentences_zh(q["model_answer"]["zh"]) <= 8, q["model_answer"]["zh"]
    assert q["model_answer"]["zh"].endswith("。")

    assert 2 <= len(q["points"]) <= 5
    for p in q["points"]:
        assert set(p) == {"en", "zh", "marks"}
        assert type(p["marks"]) is int and p["marks"] >= 1
    assert q["marks"] == sum(p["marks"] for p in q["points"])

    assert 4 <= len(q["statements"]) <= 6
    for s in q["statements"]:
        assert set(s) == {"en", "zh", "true", "why"}
        assert type(s["true"]) is bool
        assert set(s["why"]) == {"en", "zh"}
    truths = {s["true"] for s in q["statements"]}
    assert truths == {True, False}, "needs at least one true and one false statement"

    assert ("example" in q) == ("example_caption" in q) == ("example_in" in q)
    if "example" in q:
        assert q["example"] in ex.EXAMPLES
        assert q["example_in"] in ("statement", "solution")


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q["id"])
def test_languages_and_chinese_typography(q):
    for label, text in texts(q):
        assert not re.search(f"[{CJK}]", text["en"]), (label, text["en"])
        assert (
            re.search(f"[{CJK}]", text["zh"])
            or label.startswith("statement")
            or label.startswith("point")
        ), (
            label,
            text["zh"],
        )
        assert not zh_problems(text["zh"]), (label, zh_problems(text["zh"]))


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q["id"])
def test_glossary_terms(q):
    """Where the English model answer uses a glossary term, the Chinese one uses its translation."""
    en, zh = q["model_answer"]["en"].lower(), q["model_answer"]["zh"]
    missing = [f"{term} → {cn}" for term, cn in GLOSSARY.items() if term in en and cn not in zh]
    assert not missing, missing


def test_stray_space_checker_catches_mistakes():
    assert zh_problems("误差 项")
    assert zh_problems("误差项 ，")
    assert zh_problems("误差项， 于是")
    assert zh_problems("误差项,于是")
    assert zh_problems("由δ计算")
    assert not zh_problems("由 δ⁽ˡ⁺¹⁾ 计算误差项，再求 ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ。")


def test_every_topic_is_covered():
    for topic, ids in TOPICS.items():
        assert ids, topic
        for qid in ids:
            assert qid in BY_ID, (topic, qid)


# ----------------------------------------------------------------------------- examples


def sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@pytest.mark.parametrize("name", sorted(ex.EXAMPLES))
def test_example_is_plain_data_with_caption(name):
    data = ex.EXAMPLES[name]()
    json.dumps(data)
    caption = data["caption"]
    assert set(caption) == {"en", "zh"}
    assert not re.search(f"[{CJK}]", caption["en"])
    assert re.search(f"[{CJK}]", caption["zh"])
    assert not zh_problems(caption["zh"]), zh_problems(caption["zh"])


def hand_chain(acts, w, b, x, t):
    """Forward and backward by hand for a 1-1-…-1 chain with L = ½(a_L − t)²."""
    f = {"sigmoid": sig, "relu": lambda z: max(z, 0.0)}
    fp = {"sigmoid": lambda z: sig(z) * (1 - sig(z)), "relu": lambda z: 1.0 if z > 0 else 0.0}
    a, zs = x, []
    for act, wi, bi in zip(acts, w, b, strict=True):
        z = wi * a + bi
        zs.append(z)
        a = f[act](z)
    delta = [0.0] * len(w)
    delta[-1] = (a - t) * fp[acts[-1]](zs[-1])
    for i in range(len(w) - 2, -1, -1):
        delta[i] = fp[acts[i]](zs[i]) * w[i + 1] * delta[i + 1]
    return delta


def test_sigmoid_chain_delta_by_hand():
    data = ex.sigmoid_chain_delta()
    hand = hand_chain(["sigmoid"] * 4, data["weights"], data["biases"], data["x"], data["t"])
    assert data["delta"] == pytest.approx(hand, rel=1e-12)
    abs_d = [abs(d) for d in hand]
    assert abs_d == sorted(abs_d), "|δ| grows towards the output"
    for lower, upper, w in zip(abs_d[:-1], abs_d[1:], data["weights"][1:], strict=True):
        assert lower <= 0.25 * abs(w) * upper
    assert data["first_over_last"] == pytest.approx(abs_d[0] / abs_d[-1])
    assert abs_d[0] / abs_d[-1] < 1 / 64  # quoted in a c11_vanishing_sigmoid statement


def test_relu_chain_delta_by_hand():
    data = ex.relu_chain_delta()
    hand = hand_chain(
        ["relu"] * 3 + ["sigmoid"], data["weights"], data["biases"], data["x"], data["t"]
    )
    assert data["delta"] == pytest.approx(hand, rel=1e-12)
    assert hand[0] == pytest.approx(hand[-1])  # active ReLUs with w = 1 pass δ unchanged
    assert data["first_over_last"] == pytest.approx(1.0)


def test_expression_swell_grows_and_matches_the_model_answer():
    data = ex.expression_swell()
    loss, grad, expanded = data["loss_ops"], data["grad_ops"], data["expanded_grad_ops"]
    assert all(b > a for a, b in zip(grad, grad[1:], strict=False))
    assert all(b > a for a, b in zip(expanded, expanded[1:], strict=False))
    assert len({b - a for a, b in zip(loss, loss[1:], strict=False)}) == 1, (
        "L itself grows linearly"
    )
    assert [g / l for g, l in zip(grad, loss, strict=True)] == sorted(
        g / l for g, l in zip(grad, loss, strict=True)
    )
    answer = BY_ID["c12_symbolic_pros_cons"]["model_answer"]
    for values in (loss, grad, expanded):
        assert ", ".join(map(str, values[:-1])) + f" and {values[-1]}" in answer["en"]
        assert "、".join(map(str, values)) in answer["zh"]


def test_adam_first_step_by_formula():
    data = ex.adam_first_step()
    g, lr = data["g"], data["lr"]
    b1 = 0.9
    expected = {
        "AdaGrad": lr * g / (abs(g) + 1e-10),
        "RMSprop (γ = 0.99)": lr * g / (math.sqrt(0.01) * abs(g) + 1e-8),
    }
    for b2 in (0.999, 0.9999):
        expected[f"Adam (β₂ = {b2}, corrected)"] = lr * g / (abs(g) + 1e-8)
        expected[f"Adam (β₂ = {b2}, uncorrected)"] = (
            lr * (1 - b1) * g / (math.sqrt(1 - b2) * abs(g) + 1e-8)
        )
    got = {row["label"]: row["step"] for row in data["first_step"]}
    assert got == pytest.approx(expected, rel=1e-9)
    in_eta = {row["label"]: row["in_eta"] for row in data["first_step"]}
    # the facts of the issue, ε ignored: η·sign(g), 10η, 10η and ≈ 3.16η
    assert in_eta["AdaGrad"] == pytest.approx(1, rel=1e-6)
    assert in_eta["RMSprop (γ = 0.99)"] == pytest.approx(10, rel=1e-4)
    assert in_eta["Adam (β₂ = 0.9999, uncorrected)"] == pytest.approx(10, rel=1e-3)
    assert in_eta["Adam (β₂ = 0.999, uncorrected)"] == pytest.approx(math.sqrt(10), rel=1e-4)
    assert math.sqrt(10) == pytest.approx(3.16, abs=0.005)
    # constant gradient: the uncorrected step is η(1 − β₁ᵗ)/√(1 − β₂ᵗ), the corrected one η
    for t, step in zip(
        data["history_steps"], data["history_beta2_0999"]["uncorrected"], strict=True
    ):
        assert step == pytest.approx((1 - b1**t) / math.sqrt(1 - 0.999**t), rel=1e-4)
    assert data["history_beta2_0999"]["corrected"] == pytest.approx([1.0] * 4, rel=1e-5)
    # the numbers quoted in the model answer
    hist = dict(zip(data["history_steps"], data["history_beta2_0999"]["uncorrected"], strict=True))
    assert round(hist[10], 1) == 6.5 and round(hist[1000], 2) == 1.26
    answer = BY_ID["c9_adam_bias_correction"]["model_answer"]["en"]
    assert "6.5η at t = 10" in answer and "1.26η at t = 1000" in answer


def hand_train_221(value, steps, lr, act="sigmoid", x=(1.0, 2.0), t=1.0):
    """SGD on a 2-2-1 network by hand (L = ½(a − t)²), every weight ``value``, biases 0."""
    f = {"sigmoid": sig, "tanh": math.tanh}[act]
    fp = {"sigmoid": lambda a: a * (1 - a), "tanh": lambda a: 1 - a * a}[act]
    W1 = [[value, value], [value, value]]
    b1 = [0.0, 0.0]
    W2 = [value, value]
    b2 = 0.0
    history = [[row[:] for row in W1]]
    for _ in range(steps):
        h = [f(W1[i][0] * x[0] + W1[i][1] * x[1] + b1[i]) for i in range(2)]
        out = sig(W2[0] * h[0] + W2[1] * h[1] + b2)
        d2 = (out - t) * out * (1 - out)
        d1 = [fp(h[i]) * W2[i] * d2 for i in range(2)]
        W2 = [W2[i] - lr * d2 * h[i] for i in range(2)]
        b2 -= lr * d2
        W1 = [[W1[i][j] - lr * d1[i] * x[j] for j in range(2)] for i in range(2)]
        b1 = [b1[i] - lr * d1[i] for i in range(2)]
        history.append([row[:] for row in W1])
    return history


@pytest.mark.parametrize(
    ("value", "act", "first_move"), [(0.0, "sigmoid", 2), (0.5, "sigmoid", 1), (0.0, "tanh", None)]
)
def test_zero_init_symmetry_by_hand(value, act, first_move):
    data = ex.zero_init_symmetry(value=value, steps=3, activation=act)
    hand = hand_train_221(value, 3, data["lr"], act)
    assert np.allclose(data["W1_history"], hand, rtol=1e-12, atol=0)
    for W in hand:
        assert W[0] == W[1], "the rows stay equal"
    moved = [W != hand[0] for W in hand]
    assert data["moved"] == moved
    assert (moved.index(True) if any(moved) else None) == first_move


def test_nonconvex_mse_sigmoid_by_finite_differences():
    data = ex.nonconvex_mse_sigmoid()
    sq = lambda z: (1 - sig(z)) ** 2
    ce = lambda z: -math.log(sig(z))
    h = 1e-4
    d2 = lambda f, z: (f(z + h) - 2 * f(z) + f(z - h)) / h**2
    for z, a, b in zip(
        data["z"],
        data["second_derivative_squared"],
        data["second_derivative_cross_entropy"],
        strict=True,
    ):
        assert a == pytest.approx(d2(sq, z), abs=1e-6)
        assert b == pytest.approx(d2(ce, z), abs=1e-6)
        assert b > 0
        assert (a < 0) == (z < -math.log(2))
    assert any(a < 0 for a in data["second_derivative_squared"])
    assert data["forms_agree"] is True
    assert data["inflection_value"] == pytest.approx(-math.log(2))
    z = data["z_wrong"]
    assert data["first_derivative_squared"] == pytest.approx(
        (sq(z + h) - sq(z - h)) / (2 * h), rel=1e-6
    )
    assert data["first_derivative_cross_entropy"] == pytest.approx(sig(z) - 1, rel=1e-9)


def test_finite_difference_cost_and_chain_count():
    hand_total = sum(
        a * b + b for a, b in zip((512, 256, 128, 64, 32), (256, 128, 64, 32, 10), strict=True)
    )
    assert hand_total == 174_890
    chain = ex.chain_parameter_count()
    assert chain["total"] == hand_total
    assert chain["weight_shapes"] == [[256, 512], [128, 256], [64, 128], [32, 64], [10, 32]]
    assert chain["per_pair"] == [131_328, 32_896, 8_256, 2_080, 330]
    rows = ex.finite_difference_cost()["rows"]
    assert rows[-1]["n"] == hand_total
    for row in rows:
        n = row["n"]
        assert (row["one_sided_passes"], row["central_passes"]) == (n + 1, 2 * n)
        assert row["central_multiply_adds"] == 2 * n * n
    assert rows[-1]["central_passes"] == 349_780


def test_sigmoid_saturation_by_hand():
    data = ex.sigmoid_saturation()
    for z, s, t in zip(data["z"], data["sigmoid_prime"], data["tanh_prime"], strict=True):
        assert s == pytest.approx(sig(z) * (1 - sig(z)), rel=1e-12)
        assert t == pytest.approx(1 - math.tanh(z) ** 2, rel=1e-9)
    assert data["sigmoid_prime"] == sorted(data["sigmoid_prime"], reverse=True)
    assert (
        round(data["sigmoid_prime"][data["z"].index(5.0)], 4) == 0.0066
    )  # quoted in c2_saturation


def test_dead_relu_by_hand():
    data = ex.dead_relu()
    w, b = (0.5, -0.5), -5.0
    for x in data["x"]:
        assert w[0] * x[0] + w[1] * x[1] + b < 0
    for zs in data["z_hidden"]:
        assert max(zs) < 0
    assert all(g == 0 for row in data["grad_w1_b1"] for g in row)
    assert data["w1_b1_after"] == [0.5, -0.5, -5.0]
    assert data["b2_after"] != 0


def test_sigmoid_vs_softmax_by_hand():
    data = ex.sigmoid_vs_softmax()
    z = data["z"]
    total = sum(math.exp(v) for v in z)
    assert data["softmax"] == pytest.approx([math.exp(v) / total for v in z], rel=1e-12)
    assert data["sigmoid"] == pytest.approx([sig(v) for v in z], rel=1e-12)
    assert data["softmax_sum"] == pytest.approx(1.0)
    assert data["sigmoid_sum"] == pytest.approx(2.137, abs=1e-3)  # quoted in a statement as ≈ 2.14


def test_softmax_ce_delta_by_finite_differences():
    data = ex.softmax_ce_delta()
    z, t = data["z"], data["t"]

    def loss(zz):
        total = sum(math.exp(v) for v in zz)
        return -sum(ti * math.log(math.exp(v) / total) for ti, v in zip(t, zz, strict=True))

    h = 1e-6
    numeric = []
    for i in range(len(z)):
        up = list(z)
        down = list(z)
        up[i] += h
        down[i] -= h
        numeric.append((loss(up) - loss(down)) / (2 * h))
    assert data["delta"] == pytest.approx(numeric, abs=1e-8)
    assert data["delta"] == pytest.approx(data["y_minus_t"], abs=1e-12)
    assert data["loss"] == pytest.approx(loss(z))


def test_hadamard_shapes_by_hand():
    data = ex.hadamard_shapes()
    assert data["AB"] == [[-7, -10], [-15, -22]]
    assert data["A_hadamard_B"] == [[-1, -4], [-9, -16]]
    assert data["shapes"] == {
        "W2": [2, 3],
        "delta2": [2, 1],
        "W2T_delta2": [3, 1],
        "fprime_z1": [3, 1],
        "delta1": [3, 1],
    }
    W1 = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]
    W2 = [[0.7, 0.8, 0.9], [1.0, 1.1, 1.2]]
    x, t = (1.0, 0.5), (1.0, 0.0)
    a1 = [sig(W1[i][0] * x[0] + W1[i][1] * x[1] + 0.1) for i in range(3)]
    a2 = [sig(sum(W2[k][i] * a1[i] for i in range(3)) + 0.2) for k in range(2)]
    d2 = [(a2[k] - t[k]) * a2[k] * (1 - a2[k]) for k in range(2)]
    d1 = [a1[i] * (1 - a1[i]) * sum(W2[k][i] * d2[k] for k in range(2)) for i in range(3)]
    assert data["delta1"] == pytest.approx(d1, rel=1e-12)
    assert data["hadamard_matches_engine"] is True


def test_trace_identities_numerically():
    data = ex.trace_identities()
    assert all(
        data[k]
        for k in ("grad_tr_AtB_is_B", "cyclic", "frobenius_is_trace", "grad_frobenius_is_2A")
    )
    rng = np.random.default_rng(7)
    A, B = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    C, D = rng.standard_normal((3, 4)), rng.standard_normal((4, 2))
    assert (
        np.trace(A @ C @ D)
        == pytest.approx(np.trace(D @ A @ C))
        == pytest.approx(np.trace(C @ D @ A))
    )
    assert np.sum(A * A) == pytest.approx(np.trace(A.T @ A))
    h, grad = 1e-6, np.zeros_like(A)
    for idx in np.ndindex(A.shape):
        E = np.zeros_like(A)
        E[idx] = h
        grad[idx] = (np.trace((A + E).T @ B) - np.trace((A - E).T @ B)) / (2 * h)
    assert np.allclose(grad, B, atol=1e-8)


def test_tensor_shape_by_counting():
    data = ex.tensor_shape(m=2, n=3, q=2)
    assert data["order"] == 4
    assert sorted(data["tensor_shape"]) == sorted([2, 3, 2, 2])
    assert data["entries"] == 2 * 3 * 2 * 2
    # ∂Yᵢₖ/∂Aᵢ′ⱼ = Bⱼₖ when i = i′, else 0: m·q·n non-zero entries
    assert data["nonzero"] == 2 * 2 * 3
    assert data["scalar_grad_shape"] == [2, 3]


def test_lr_schedules_by_iteration():
    data = ex.lr_schedules()
    eta = {0: 0.1}
    for t in range(1, 51):
        eta[t] = eta[t - 1] * (0.5 if t % 10 == 0 else 1.0)
    exp_eta = {0: 0.1}
    for t in range(1, 51):
        exp_eta[t] = exp_eta[t - 1] * 0.9
    for t, a, b in zip(data["epochs"], data["step_decay"], data["exponential_decay"], strict=True):
        assert a == pytest.approx(eta[t], rel=1e-12)
        assert b == pytest.approx(exp_eta[t], rel=1e-12)
    at = dict(zip(data["epochs"], data["step_decay"], strict=True))
    assert at[25] == pytest.approx(0.025)
    assert dict(zip(data["epochs"], data["exponential_decay"], strict=True))[25] == pytest.approx(
        0.00718, abs=5e-6
    )
    assert data["exponential_half_life"] == pytest.approx(6.58, abs=0.005)


def test_momentum_by_geometric_series():
    data = ex.momentum_constant_gradient()
    eta, g, mu = data["lr"], data["g"], data["mu"]
    for t, size in zip(data["steps"], data["step_sizes"], strict=True):
        assert size == pytest.approx(eta * g * sum(mu**k for k in range(t)), rel=1e-12)
    assert data["limit"] == pytest.approx(10 * eta * g)


def test_init_scale_follows_the_variance_argument():
    data = ex.init_scale()
    n, depth = data["width"], data["depth"]
    std = data["std_z"]
    # first layer: Var(z) = n·Var(w)·E[x²] with E[x²] = 1
    assert std["normal"][0] == pytest.approx(math.sqrt(n * 0.01), rel=0.05)
    assert std["xavier_normal"][0] == pytest.approx(1.0, rel=0.05)
    assert std["kaiming_normal"][0] == pytest.approx(math.sqrt(2), rel=0.05)
    # each ReLU layer multiplies Var(z) by n·Var(w)/2: 1.28, ½ and 1
    for name, factor in (("normal", n * 0.01 / 2), ("xavier_normal", 0.5), ("kaiming_normal", 1.0)):
        predicted = std[name][0] * factor ** ((depth - 1) / 2)
        assert std[name][-1] == pytest.approx(predicted, rel=0.3), name
    assert std["kaiming_normal"][-1] / std["kaiming_normal"][0] == pytest.approx(1, abs=0.3)


def test_difference_error_orders():
    data = ex.difference_error()
    x = data["x"]
    assert data["exact"] == pytest.approx(sig(x) * (1 - sig(x)), rel=1e-12)
    f, c = data["forward_error"], data["central_error"]
    for k in range(len(f) - 1):
        assert f[k] / f[k + 1] == pytest.approx(10, rel=0.15)
        assert c[k] / c[k + 1] == pytest.approx(100, rel=0.15)


def test_ad_modes_by_hand():
    data = ex.ad_modes()
    w, x, b = (data["inputs"][k] for k in ("w", "x", "b"))
    s = sig(w * x + b)
    hand = {"w": s * (1 - s) * x, "x": s * (1 - s) * w, "b": s * (1 - s)}
    for mode in ("forward_mode", "reverse_mode", "symbolic"):
        assert data[mode] == pytest.approx(hand, rel=1e-12), mode
    assert (data["forward_sweeps"], data["reverse_sweeps"]) == (3, 1)
