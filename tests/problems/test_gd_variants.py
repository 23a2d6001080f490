"""The `gd_variants` kind (COURSE.md C9: BGD, SGD, mini-batch SGD, weight decay, the comparison
table). Every answer is recomputed here in plain Python floats from the numbers the statement
shows; the hand examples are worked out in the comments, not copied from the program."""

from __future__ import annotations

import itertools
import json
import math
from fractions import Fraction as F
from typing import Any

import pytest

from studykit.problems.codec import problem_from_json, to_json
from studykit.problems.kinds import gd_variants as gd
from studykit.problems.model import Rounding
from studykit.problems.registry import GenerationError, Options, VerificationError, generate
from tests.conftest import run_cli
from tests.sweeps import covers_the_range, seed_chunks

from ._basic_refs import accepts, inputs, statement_en

KIND = "gd_variants"
COMBOS = list(itertools.product((1, 2, 3), (False, True), (None, "bgd", "sgd", "minibatch")))
EXACT = Rounding(None)


def options_for(seed: int) -> Options:
    difficulty, calculator, variant = COMBOS[seed % len(COMBOS)]
    extra: dict[str, Any] = {}
    if variant is not None:
        extra["variant"] = variant
    if seed % 5 == 1:
        extra["weight_decay"] = True
    elif seed % 5 == 2:
        extra["weight_decay"] = False
    return Options(difficulty=difficulty, calculator=calculator, extra=extra)


def dump(problem: Any) -> str:
    return json.dumps(to_json(problem), sort_keys=True, ensure_ascii=False)


# ----------------------------------------------------------------------------- the reference

#: The comparison table of the course notes, keyed by words of each question.
TABLE = (
    ("uses all N training samples", "bgd"),
    ("exactly one sample per update", "sgd"),
    ("noisiest", "sgd"),
    ("exact gradient of the training risk", "bgd"),
    ("most updates per epoch", "sgd"),
    ("only one update per epoch", "bgd"),
    ("most expensive single update", "bgd"),
    ("usual compromise", "minibatch"),
)


def variant_of(problem: Any) -> str:
    if "variant" in problem.options:
        return problem.options["variant"]
    title = problem.title.en
    for words, name in (
        ("(BGD)", "bgd"),
        ("(SGD)", "sgd"),
        ("mini-batch", "minibatch"),
    ):
        if words in title:
            return name
    raise AssertionError(title)


def reference(problem: Any) -> dict[str, Any]:
    """Every answer from the statement's numbers: e = w x + b − t, ∂L/∂w = e x, ∂L/∂b = e,
    batch means, w ← w − α(mean + λw) for BGD, the epoch without decay, ceil(N/B) updates."""
    v = inputs(problem)
    text = statement_en(problem)
    variant = variant_of(problem)
    n = int(v["N"][0])
    xs = [float(v[f"x{chr(0x2080 + i)}"][0]) for i in range(1, n + 1)]
    ts = [float(v[f"t{chr(0x2080 + i)}"][0]) for i in range(1, n + 1)]
    w0 = float(v["w₀"][0])
    bias = "b₀" in v
    b0 = float(v["b₀"][0]) if bias else 0.0
    alpha = float(v["α"][0])
    lam = float(v["λ"][0]) if "λ" in v else 0.0

    def batch_grads(w: float, b: float, batch: list[int]) -> tuple[float, float]:
        errors = [w * xs[i] + b - ts[i] for i in batch]
        gw = sum(e * xs[i] for e, i in zip(errors, batch, strict=True)) / len(batch)
        return gw, sum(errors) / len(batch)

    out: dict[str, Any] = {}
    errors = [w0 * x + b0 - t for x, t in zip(xs, ts, strict=True)]
    out["grad_w"] = [e * x for e, x in zip(errors, xs, strict=True)]
    if bias:
        out["grad_b"] = errors
    out["mean_w"] = sum(out["grad_w"]) / n
    if bias:
        out["mean_b"] = sum(errors) / n
    if lam:
        out["risk"] = sum(e * e / 2 for e in errors) / n + lam * w0 * w0 / 2
    # BGD on R: w ← w − α((1/N)Σ e x + λw), b ← b − α(1/N)Σ e; twice when a 2nd update is asked
    w, b = w0, b0
    for key in ("bgd", "bgd2"):
        if not any(a.id == f"{key}_w" for a in problem.answers):
            continue
        gw, gb = batch_grads(w, b, list(range(n)))
        w, b = w - alpha * (gw + lam * w), (b - alpha * gb if bias else 0.0)
        out[f"{key}_w"] = w
        if bias:
            out[f"{key}_b"] = b
    if variant != "bgd":
        size = 1 if variant == "sgd" else int(v["B"][0])
        w, b = w0, b0
        for first in range(0, n, size):
            gw, gb = batch_grads(w, b, list(range(first, min(first + size, n))))
            w, b = w - alpha * gw, (b - alpha * gb if bias else 0.0)
        out["epoch_w"] = w
        if bias:
            out["epoch_b"] = b
    big_n, big_b = int(v["N"][-1]), int(v["B"][-1])
    out["updates"] = math.ceil(big_n / big_b)
    out["last_batch"] = big_n - (out["updates"] - 1) * big_b
    if "E" in v:
        out["updates_total"] = int(v["E"][0]) * out["updates"]
    right = [name for words, name in TABLE if words in text]
    assert len(right) == 1, text
    choice = problem.answer("choice")
    labels = {"bgd": "BGD (", "sgd": "SGD (", "minibatch": "mini-batch SGD ("}
    keys = [k for k, t in choice.choices if t.en.startswith(labels[right[0]])]
    assert len(keys) == 1, choice.choices
    out["choice"] = keys[0]
    return out


def check_against_reference(problem: Any) -> None:
    ref = reference(problem)
    ids = [a.id for a in problem.answers]
    assert set(ids) <= set(ref), (problem.id, ids)
    for answer in problem.answers:
        expected = ref[answer.id]
        if answer.kind == "choice" or answer.id in ("updates", "last_batch", "updates_total"):
            assert answer.value == expected, (problem.id, answer.id, answer.value, expected)
        else:
            assert accepts(answer, expected), (problem.id, answer.id, answer.value, expected)


def decimals_ok(value: F) -> bool:
    return (value * 100).denominator == 1


# ----------------------------------------------------------------------------- 1000 seeds


@pytest.mark.parametrize("seeds", seed_chunks())
def test_thousand_seeds_generate_deterministically_and_match_the_reference(seeds: range) -> None:
    seen_variants, seen_choices, decayed = set(), set(), 0
    for seed in seeds:
        options = options_for(seed)
        problem = generate(KIND, seed, options)
        if seed % 4 == 0:  # the same (kind, seed, options) gives the same problem
            assert dump(generate(KIND, seed, options)) == dump(problem)
        assert problem.answers and problem.steps and problem.section == "C9"
        for s in problem.steps:
            assert s.title.en and s.title.zh
        for a in problem.answers:
            assert a.label.en and a.label.zh
        check_against_reference(problem)
        seen_variants.add(variant_of(problem))
        seen_choices.add(problem.answer("choice").value)
        decayed += "λ" in inputs(problem)
        if not options.calculator:  # exact numbers with at most 2 decimals, everywhere
            v = inputs(problem)
            for key, values in v.items():
                for value in values:
                    assert isinstance(value, F) and decimals_ok(value), (problem.id, key, value)
            for a in problem.answers:
                if a.kind in ("number", "vector"):
                    exact = a.exact if isinstance(a.exact, list) else [a.exact]
                    assert all(decimals_ok(F(e)) for e in exact), (problem.id, a.id, a.exact)
    if covers_the_range(seeds):  # every hundred seeds (so the thousand) see every case
        assert seen_variants == {"bgd", "sgd", "minibatch"}
        assert seen_choices == {"A", "B", "C"}
        assert 0.3 * len(seeds) < decayed < 0.9 * len(seeds)


# ----------------------------------------------------------------------------- by hand


def setup(xs, ts, w0, b0, alpha, lam=0) -> gd.Setup:
    return gd.Setup(
        tuple(F(x) for x in xs),
        tuple(F(t) for t in ts),
        F(w0),
        None if b0 is None else F(b0),
        F(alpha),
        F(lam),
    )


def test_hand_example_per_sample_bgd_and_sgd() -> None:
    # x = (1, 2), t = (1, 0), w₀ = b₀ = 0, α = ½.
    s = setup([1, 2], [1, 0], 0, 0, F(1, 2))
    # y = (0, 0), e = y − t = (−1, 0): ∂L/∂w = e·x = (−1, 0), ∂L/∂b = e = (−1, 0)
    bgd = gd.hand_run(s, [(0, 1)], EXACT)
    assert bgd[0].e == (-1, 0) and bgd[0].grad_w == (-1, 0)
    # BGD: ḡ_w = (−1 + 0)/2 = −½, ḡ_b = −½; w = 0 − ½·(−½) = ¼, b = ¼
    assert (bgd[0].mean_w, bgd[0].mean_b) == (F(-1, 2), F(-1, 2))
    assert (bgd[0].w, bgd[0].b) == (F(1, 4), F(1, 4))
    # SGD, sample 1: e = −1 → w = 0 − ½·(−1·1) = ½, b = ½;
    # sample 2: y = ½·2 + ½ = 1.5, e = 1.5 → w = ½ − ½·3 = −1, b = ½ − ½·1.5 = −¼
    sgd = gd.hand_run(s, gd.batches(2, 1), EXACT)
    assert [(u.w, u.b) for u in sgd] == [(F(1, 2), F(1, 2)), (F(-1), F(-1, 4))]
    # and the engine route gives the same numbers
    eng = gd.engine_gradients(s)
    assert eng["grad_w"] == pytest.approx([-1, 0]) and eng["grad_b"] == pytest.approx([-1, 0])
    assert (eng["mean_w"], eng["mean_b"]) == pytest.approx((-0.5, -0.5))
    assert gd.engine_run(s, 0) == [pytest.approx((0.25, 0.25))]
    assert gd.engine_run(s, 1) == [pytest.approx((0.5, 0.5)), pytest.approx((-1.0, -0.25))]


def test_hand_example_weight_decay_and_risk() -> None:
    # x = (1, 2), t = (1, 0), w₀ = 1, b₀ = 0, α = ½, λ = 0.1: y = (1, 2), e = (0, 2),
    # ∂L/∂w = (0, 4): ḡ_w = 2, ḡ_b = 1; w = 1 − ½(2 + 0.1·1) = −0.05; b = 0 − ½·1 = −½ (no decay)
    s = setup([1, 2], [1, 0], 1, 0, F(1, 2), F(1, 10))
    route = gd.hand_route(s, "bgd", 2, 1, EXACT)
    u = route.bgd[0]
    assert (u.mean_w, u.reg_w, u.w, u.b) == (2, F(21, 10), F(-1, 20), F(-1, 2))
    # R = (½·0² + ½·2²)/2 + ½·0.1·1² = 1 + 0.05 = 1.05
    assert route.risk == F(21, 20)
    eng = gd.engine_gradients(s)
    assert eng["reg_w"] == pytest.approx(2.1) and eng["risk"] == pytest.approx(1.05)
    assert gd.engine_run(s, 0, 1, 0.1) == [pytest.approx((-0.05, -0.5))]


def test_hand_example_without_bias_and_mini_batches() -> None:
    # y = w x, x = (1, −1, 2), t = (2, 1, 0), w₀ = 1, α = 0.1, B = 2: batches {1, 2}, {3}
    s = setup([1, -1, 2], [2, 1, 0], 1, None, F(1, 10))
    assert gd.batches(3, 2) == [(0, 1), (2,)]
    # batch 1: e = (1 − 2, −1 − 1) = (−1, −2), ∂L/∂w = (−1, 2), mean ½: w = 1 − 0.05 = 0.95
    # batch 2: e = 0.95·2 − 0 = 1.9, ∂L/∂w = 3.8: w = 0.95 − 0.38 = 0.57
    epoch = gd.hand_run(s, gd.batches(3, 2), EXACT)
    assert [u.w for u in epoch] == [F(95, 100), F(57, 100)]
    assert all(u.b is None for u in epoch)
    # the engine keeps b at 0 and agrees
    assert gd.engine_run(s, 2) == [pytest.approx((0.95, 0.0)), pytest.approx((0.57, 0.0))]


def test_carried_rounding_rounds_each_value() -> None:
    # x = (0.3, 1), t = (0, 0), w₀ = 0.7, α = 0.1: y₁ = 0.21, ∂L/∂w = 0.063, 0.7;
    # mean = 0.3815; w = 0.7 − 0.03815 = 0.66185 → 0.6619 (half up) with 4 carried decimals
    s = setup([F(3, 10), 1], [0, 0], F(7, 10), None, F(1, 10))
    assert gd.hand_run(s, [(0, 1)], EXACT)[0].w == F(66185, 100000)
    assert gd.hand_run(s, [(0, 1)], Rounding(4))[0].w == F(6619, 10000)


# ----------------------------------------------------------------------------- counting


@pytest.mark.parametrize(
    ("n", "b", "updates", "last"),
    [(1000, 64, 16, 40), (60000, 128, 469, 96), (500, 100, 5, 100), (3, 2, 2, 1), (4, 3, 2, 1)],
)
def test_updates_per_epoch(n: int, b: int, updates: int, last: int) -> None:
    # 1000/64 = 15.625 → 16 updates, 15·64 = 960, the last has 40; 60000/128 = 468.75 → 469,
    # 468·128 = 59904, the last has 96; 500/100 = 5 exactly; 3/2 → 2 (2 + 1); 4/3 → 2 (3 + 1)
    plan = gd.batches(n, b)
    assert len(plan) == updates and len(plan[-1]) == last
    assert [i for batch in plan for i in batch] == list(range(n))  # in order, none dropped
    profile = gd.variant_profile(n, b)
    assert profile["minibatch"]["updates"] == updates
    assert (profile["bgd"]["updates"], profile["sgd"]["updates"]) == (1, n)


def test_updates_per_epoch_in_generated_problems() -> None:
    seen_uneven = False
    for seed in range(60):
        p = generate(KIND, seed, Options(difficulty=2 + seed % 2, calculator=bool(seed % 3)))
        v = inputs(p)
        big_n, big_b = int(v["N"][-1]), int(v["B"][-1])
        assert p.answer("updates").value == -(-big_n // big_b)
        assert p.answer("last_batch").value == big_n - (-(-big_n // big_b) - 1) * big_b
        seen_uneven |= big_n % big_b != 0
    assert seen_uneven


def test_mini_batch_statement_lists_the_batches() -> None:
    p = generate(KIND, 1, Options(difficulty=2, extra={"variant": "minibatch"}))
    assert "samples {1, 2}; {3}" in statement_en(p)  # N = 3, B = 2: ceil(3/2) = 2 updates
    epoch_steps = [s for s in p.steps if s.answer_id in ("epoch_w", "epoch_b")]
    assert [s.title.en.split(":")[0] for s in epoch_steps] == [
        "Mini-batch SGD update 2 of 2, sample 3"
    ] * 2


# ----------------------------------------------------------------------------- the table


def test_comparison_table_questions_agree_with_the_numbers() -> None:
    for n, b in ((1000, 64), (60, 8), (600, 50)):
        profile = gd.variant_profile(n, b)
        for question, (_, expected) in gd.QUESTIONS.items():
            assert gd.measured_answer(question, profile) == expected
    # independently of the module: SGD's variance (N−1)/(N−1) = 1 is the largest, BGD's 0
    profile = gd.variant_profile(100, 10)
    assert profile["sgd"]["variance"] == 1 and profile["bgd"]["variance"] == 0
    assert 0 < profile["minibatch"]["variance"] < 1


def test_each_question_is_asked_somewhere() -> None:
    asked = set()
    for seed in range(200):
        text = statement_en(generate(KIND, seed, Options(extra={"variant": "bgd"})))
        asked |= {words for words, _ in TABLE if words in text}
    assert asked == {words for words, _ in TABLE}


# ----------------------------------------------------------------------------- verification


def test_an_engine_disagreement_is_never_shipped(monkeypatch: pytest.MonkeyPatch) -> None:
    real = gd.engine_run

    def off_by_a_bit(*args: Any, **kwargs: Any) -> list[tuple[float, float]]:
        return [(w + 1e-3, b) for w, b in real(*args, **kwargs)]

    monkeypatch.setattr(gd, "engine_run", off_by_a_bit)
    with pytest.raises(VerificationError, match="w after update"):
        generate(KIND, 0, Options(extra={"variant": "sgd"}))


def test_a_gradient_disagreement_is_never_shipped(monkeypatch: pytest.MonkeyPatch) -> None:
    real = gd.engine_gradients

    def wrong_risk(s: gd.Setup) -> dict[str, Any]:
        return {**real(s), "risk": real(s)["risk"] + 0.5}

    monkeypatch.setattr(gd, "engine_gradients", wrong_risk)
    with pytest.raises(VerificationError, match="risk"):
        generate(KIND, 0, Options(difficulty=2, extra={"weight_decay": True}))


def test_bad_variant_is_refused() -> None:
    with pytest.raises(GenerationError, match="variant"):
        generate(KIND, 0, Options(extra={"variant": "adam"}))


# ----------------------------------------------------------------------------- JSON and text


def test_json_round_trip() -> None:
    for seed in range(24):
        p = generate(KIND, seed, options_for(seed))
        data = json.loads(json.dumps(to_json(p), ensure_ascii=False))
        back = problem_from_json(data)
        assert back == p
        assert to_json(back) == to_json(p)


def test_statement_is_bilingual_with_the_glossary_terms() -> None:
    p = generate(KIND, 2, Options(difficulty=2, extra={"variant": "sgd", "weight_decay": True}))
    zh = " ".join(part.zh for block in p.statement for part in block.parts if hasattr(part, "zh"))
    for term in ("学习率", "权重衰减", "正则化", "偏置", "损失函数", "均方误差"):
        assert term in zh, term
    assert "梯度下降" in p.title.zh and "随机梯度下降" in p.title.zh
    en = statement_en(p)
    assert "bias is not decayed" in en and "without weight decay" in en


def test_cli_text_zh_and_markdown() -> None:
    base = ("problem", "--kind", KIND, "--seed", "3", "--solution")
    en = run_cli(*base)
    zh = run_cli(*base, "--lang", "zh")
    md = run_cli(*base, "--format", "md")
    for result in (en, zh, md):
        assert result.returncode == 0, result.stderr
    assert "Gradient descent variants" in en.stdout and "Worked solution" in en.stdout
    assert "梯度下降的变体" in zh.stdout and "详细解答" in zh.stdout
    assert md.stdout.startswith("## Gradient descent variants") and "$$" in md.stdout


def test_english_latex_is_ascii_and_decay_always_matters() -> None:
    from studykit.render.formats import get_format

    for seed in range(48):
        p = generate(KIND, seed, options_for(seed))
        out = get_format("tex").problem_source(p, "en", solution=True)
        assert out.isascii(), sorted({c for c in out if ord(c) > 127})
        v = inputs(p)
        if "λ" in v:  # with weight decay, λw₀ ≠ 0 changes the BGD update
            assert v["w₀"][0] != 0
