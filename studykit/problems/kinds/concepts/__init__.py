"""Explanation kinds: for every section with explanation questions, ``explain_cN`` (answered in
words, keyed by a model answer and marking points) and ``true_false_cN`` (the quick check: which
of the question's statements are true). The ``question`` option names one question by its id;
without it the seed draws one."""

from __future__ import annotations

import functools

from ...explanations import SECTIONS
from ...registry import Kind, register
from .._basic import Text
from .explain import build_explain, questions_of
from .true_false import build_true_false


def register_section(section: str) -> None:
    ids = tuple(q["id"] for q in questions_of(section))
    if not ids:
        return
    label = section.lower()
    register(
        Kind(
            name=f"explain_{label}",
            section=section,
            title=Text("Explain in words ({s})", "简答题（{s}）").format(s=section),
            description=Text(
                "a “why” question answered in words; the key is a model answer with marking "
                "points and their marks",
                "用文字回答的“为什么”问题；答案给出参考答案和带分值的评分要点",
            ),
            build=functools.partial(build_explain, section),
            extra_options={"question": ids},
        )
    )
    register(
        Kind(
            name=f"true_false_{label}",
            section=section,
            title=Text("True or false ({s})", "判断题（{s}）").format(s=section),
            description=Text(
                "which statements of an explanation question are true, each with its reason",
                "判断一道简答题的各条说法是否正确，并给出理由",
            ),
            build=functools.partial(build_true_false, section),
            extra_options={"question": ids},
        )
    )


for _section in SECTIONS:
    register_section(_section)
