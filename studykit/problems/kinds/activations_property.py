"""C2 ``activation_property``: which activation saturates, is zero-centred, sparse, monotone or
smooth, as a multiple choice. The key comes from the catalog's flags, each checked against the
property measured on the activation's ``fn``/``grad`` (the second route).

Importing ``activations`` first registers ``activation_derivative`` before this kind (the
registry order the module names give as well).
"""

from __future__ import annotations

import functools
import random

import numpy as np

from ...catalog import ACTIVATIONS, Activation, elementwise_names
from ..model import Answer, Problem
from ..registry import Kind, Options, Redraw, VerificationError, register
from ._basic import Text, conventions, make_problem, para, pick, rounding_for, step
from .activations import ELEMENTWISE

PROPERTIES: dict[str, tuple[Text, Text]] = {
    "saturating": (
        Text("saturates on both sides (f′ → 0 as z → ±∞)", "两端饱和（z → ±∞ 时 f′ → 0）"),
        Text("does not saturate on both sides", "不是两端饱和"),
    ),
    "zero_centred": (
        Text(
            "is zero-centred (its outputs take both signs, and their mean is near 0 when the "
            "inputs are centred at 0)",
            "以零为中心（输出有正有负，且输入以 0 为中心时输出的均值接近 0）",
        ),
        Text("is not zero-centred", "不以零为中心"),
    ),
    "sparse": (
        Text(
            "gives sparse activations (exactly 0 for every z < 0; can die: dead ReLU)",
            "产生稀疏激活（z < 0 时恰为 0；可能出现 ReLU 死亡问题）",
        ),
        Text("is not sparse", "不稀疏"),
    ),
    "monotone": (Text("is monotone", "单调"), Text("is not monotone", "不单调")),
    "smooth": (Text("is smooth (no kink)", "光滑（无不可导点）"), Text("has a kink", "有不可导点")),
}


@functools.cache
def measured_by_name(name: str, prop: str) -> bool:
    return measured(ACTIVATIONS[name], prop)


def measured(act: Activation, prop: str) -> bool | None:
    """The property measured on ``fn``/``grad`` (the second route to the catalog's flags).
    Zero-centred: both signs, and |mean| < ¼ std of f(z) for z ~ N(0, 1); not when the mean
    is over 0.6 std; None (neither, left out of the question) in between."""
    p = act.defaults()
    z = np.linspace(-30, 30, 6001)
    a = act.fn(z, p)
    if prop == "monotone":
        return bool(np.all(np.diff(a) >= -1e-12))
    if prop == "smooth":
        return not act.kinks
    if prop == "sparse":
        return bool(np.all(a[z < 0] == 0))
    if prop == "zero_centred":
        weights = np.exp(-(z**2) / 2)
        weights /= weights.sum()
        mean = float(weights @ a)
        ratio = abs(mean) / float(np.sqrt(weights @ (a - mean) ** 2))
        if a.min() < 0 < a.max() and ratio < 0.25:
            return True
        return False if ratio > 0.6 or a.min() >= 0 else None
    ends = act.grad(np.array([-30.0, 30.0]), act.fn(np.array([-30.0, 30.0]), p), p)
    return bool(np.all(np.abs(ends) < 1e-6))


def build_activation_property(rng: random.Random, options: Options) -> Problem:
    """Which listed activation has (from difficulty 2, maybe: lacks) the property: one right
    answer and 2–3 distractors, every catalog flag checked against its measured value."""
    prop = options.extra.get("property") or pick(rng, tuple(PROPERTIES))
    negate = options.difficulty >= 2 and rng.random() < 0.5
    for n in ELEMENTWISE:
        if getattr(ACTIVATIONS[n], prop) != measured_by_name(n, prop):
            raise VerificationError(f"catalog says {n}.{prop} = {getattr(ACTIVATIONS[n], prop)}")
    names = elementwise_names(sampled_only=True)  # the catalog's flag: offered unasked or not
    clear = [n for n in names if getattr(ACTIVATIONS[n], prop) is not None]
    yes = [n for n in clear if getattr(ACTIVATIONS[n], prop) != negate]
    no = [n for n in clear if getattr(ACTIVATIONS[n], prop) == negate]
    n_choices = 3 + min(options.difficulty, 2) - 1
    if not yes or len(no) < n_choices - 1:
        raise Redraw("not enough distractors")
    right = pick(rng, yes)
    wrong: list[str] = []
    while len(wrong) < n_choices - 1:
        c = pick(rng, no)
        if c not in wrong:
            wrong.append(c)
    order = [right, *wrong]
    rng.shuffle(order)
    keys = "ABCDE"
    choices = tuple((keys[i], ACTIVATIONS[n].title) for i, n in enumerate(order))
    key = keys[order.index(right)]
    asked = PROPERTIES[prop][1 if negate else 0]
    statement = [
        para(
            Text("Which of these activation functions ", "下列哪个激活函数")
            + asked
            + Text("?", "？")
        )
    ]
    steps = [
        step(
            ACTIVATIONS[n].title
            + Text(", output range ", "，值域 ")
            + Text(ACTIVATIONS[n].output_range, ACTIVATIONS[n].output_range)
            + Text(", f′ = ", "，f′ = ")
            + Text(ACTIVATIONS[n].exam_form_text, ACTIVATIONS[n].exam_form_text),
            note=ACTIVATIONS[n].note
            + Text(" — ", " —— ")
            + PROPERTIES[prop][0 if getattr(ACTIVATIONS[n], prop) else 1],
            answer_id="choice" if n == right else None,
        )
        for n in order
    ]
    answers = [
        Answer(
            id="choice",
            label=Text("your choice", "你的选择"),
            value=key,
            kind="choice",
            choices=choices,
        )
    ]
    return make_problem(
        options,
        Text("Properties of activation functions", "激活函数的性质"),
        statement,
        answers,
        steps,
        conventions(options, rounding_for(options)),
        plot={  # in the worked solution only: the curves would give the answer away
            "activations": [{"name": n, "params": ACTIVATIONS[n].defaults()} for n in order],
            "marks": [],
            "show": "solution",
        },
    )


register(
    Kind(
        name="activation_property",
        section="C2",
        title=Text("Which activation has which property", "哪个激活函数具有哪种性质"),
        description=Text(
            "saturating, zero-centred, sparse, monotone, smooth: a multiple choice",
            "饱和、零中心、稀疏、单调、光滑：选择题",
        ),
        build=build_activation_property,
        extra_options={"property": tuple(PROPERTIES)},
    )
)
