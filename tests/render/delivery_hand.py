"""Hand-built problems for the delivery formats: the 2-2-1 problem of :mod:`.hand` with a
carried-rounding alternative that lies outside the key's tolerance (so that only the carried
route accepts it), and a problem with an explanation part. Numbers are written here, not
computed by the code under test."""

from __future__ import annotations

from dataclasses import replace

from studykit.i18n import Text
from studykit.problems.model import Answer, MarkingPoint, Problem

from .hand import backprop_problem, choice_problem

#: a⁽¹⁾ by the carried route, 0.004 off the key's first entry (the key's tolerance is 0.0015).
CARRIED_SHIFT = 0.004


def carried_problem() -> Problem:
    problem = backprop_problem()
    a1 = problem.answers[0]
    carried = [round(a1.value[0] + CARRIED_SHIFT, 4), a1.value[1]]
    answers = (replace(a1, alternatives=(carried,)), *problem.answers[1:])
    return replace(problem, answers=answers)


MODEL = {
    "en": "Every neuron gets the same gradient: symmetry is never broken.",
    "zh": "每个神经元得到相同的梯度：对称性永远不会被打破。",
}


def explain_problem() -> Problem:
    base = choice_problem()
    explain = Answer(
        "why",
        Text("Why does zero initialisation fail?", "为什么零初始化会失败？"),
        MODEL,
        kind="explain",
        marking=(
            MarkingPoint(Text("same gradient for every neuron", "每个神经元梯度相同"), 2),
            MarkingPoint(Text("symmetry stays", "对称性保持"), 1),
        ),
    )
    return replace(base, id="hand:explain", answers=(*base.answers, explain))
