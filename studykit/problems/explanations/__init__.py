"""Explanation ("why") questions: one TOML file per course section, as plain data.

Each question has an ``id``, a ``section``, a bilingual ``topic``, ``question`` and
``model_answer``, 2–5 marking ``points`` (``{en, zh, marks}``), 4–6 true/false ``statements``
(``{en, zh, true, why}``) and optionally an ``example``: the name of a function in
:mod:`.examples` that computes the number or shape that makes the point, with ``example_in``
saying where a problem shows it: ``"statement"`` when it is data to reason from, ``"solution"``
when it states what the question asks (a shape, a limit, a conclusion) and would give it away.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

#: Course sections in syllabus order (COURSE.md C1–C12); a file exists for those with questions.
SECTIONS = tuple(f"C{i}" for i in range(1, 13))


def load_questions() -> list[dict[str, Any]]:
    """Every explanation question, section by section in file order; ``marks`` is the sum of
    the question's marking points."""
    folder = resources.files(__package__)
    questions: list[dict[str, Any]] = []
    for section in SECTIONS:
        path = folder / f"{section}.toml"
        if not path.is_file():
            continue
        for question in tomllib.loads(path.read_text(encoding="utf-8"))["questions"]:
            question["marks"] = sum(point["marks"] for point in question["points"])
            questions.append(question)
    return questions
