"""A :class:`~.model.Problem` as JSON and back (``studykit problem --format json``, the quiz's
stored problems in progress); every math node through :mod:`studykit.math.codec`."""

from __future__ import annotations

from typing import Any

from .. import math as fm
from ..i18n import Text
from .model import (
    Answer,
    Conventions,
    Display,
    MarkingPoint,
    Para,
    Problem,
    Rounding,
    Step,
    Tolerance,
)


def _text_json(t: Text) -> dict[str, str]:
    return {"en": t.en, "zh": t.zh}


def _text(d: dict[str, str]) -> Text:
    return Text(d["en"], d["zh"])


def _node(n: fm.Node | None) -> Any:
    return None if n is None else fm.to_json(n)


def _unnode(d: Any) -> fm.Node | None:
    return None if d is None else fm.from_json(d)


def to_json(problem: Problem) -> dict[str, Any]:
    """A JSON-serialisable dict; ``problem_from_json`` reads it back."""
    c = problem.conventions
    return {
        "id": problem.id,
        "kind": problem.kind,
        "section": problem.section,
        "seed": problem.seed,
        "options": problem.options,
        "difficulty": problem.difficulty,
        "calculator": problem.calculator,
        "title": _text_json(problem.title),
        "statement": [
            {"para": [_text_json(p) if isinstance(p, Text) else fm.to_json(p) for p in b.parts]}
            if isinstance(b, Para)
            else {"display": fm.to_json(b.formula)}
            for b in problem.statement
        ],
        "conventions": {
            "notation": c.notation,
            "rounding": {"decimals": c.rounding.decimals, "carry": c.rounding.carry},
            "mse": c.mse,
            "relu_grad_at_zero": c.relu_grad_at_zero,
            "adam_bias_correction": c.adam_bias_correction,
            "text": [_text_json(t) for t in problem.convention_texts()],
        },
        "answers": [
            {
                "id": a.id,
                "label": _text_json(a.label),
                "kind": a.kind,
                "value": a.value,
                "exact": a.exact,
                "alternatives": list(a.alternatives),
                "tolerance": {
                    "abs": a.tolerance.abs,
                    "rel": a.tolerance.rel,
                    "decimals": a.tolerance.decimals,
                },
                "symbol": _node(a.symbol),
                "choices": [[k, _text_json(t)] for k, t in a.choices],
                "variables": list(a.variables),
                "depends_on": list(a.depends_on),
                **(
                    {"marking": [{**_text_json(m.text), "marks": m.marks} for m in a.marking]}
                    if a.marking
                    else {}
                ),
            }
            for a in problem.answers
        ],
        "steps": [
            {
                "title": _text_json(s.title),
                "formula": _node(s.formula),
                "substituted": _node(s.substituted),
                "result": _node(s.result),
                "shape": s.shape,
                "answer_id": s.answer_id,
                "rule": s.rule,
                "note": None if s.note is None else _text_json(s.note),
            }
            for s in problem.steps
        ],
        "spec": problem.spec,
        "plot": problem.plot,
        **({"givens": problem.givens} if problem.givens is not None else {}),
    }


def problem_from_json(d: dict[str, Any]) -> Problem:
    c = d["conventions"]
    return Problem(
        id=d["id"],
        kind=d["kind"],
        section=d["section"],
        seed=d["seed"],
        options=d["options"],
        title=_text(d["title"]),
        statement=tuple(
            Para(tuple(_text(p) if isinstance(p, dict) else fm.from_json(p) for p in b["para"]))
            if "para" in b
            else Display(fm.from_json(b["display"]))
            for b in d["statement"]
        ),
        conventions=Conventions(
            notation=c["notation"],
            rounding=Rounding(**c["rounding"]),
            mse=c["mse"],
            relu_grad_at_zero=c["relu_grad_at_zero"],
            adam_bias_correction=c["adam_bias_correction"],
        ),
        answers=tuple(
            Answer(
                id=a["id"],
                label=_text(a["label"]),
                value=a["value"],
                kind=a["kind"],
                tolerance=Tolerance(**a["tolerance"]),
                exact=a["exact"],
                alternatives=tuple(a["alternatives"]),
                symbol=_unnode(a["symbol"]),
                choices=tuple((k, _text(t)) for k, t in a["choices"]),
                variables=tuple(a["variables"]),
                depends_on=tuple(a["depends_on"]),
                marking=tuple(
                    MarkingPoint(Text(m["en"], m["zh"]), m["marks"]) for m in a.get("marking", ())
                ),
            )
            for a in d["answers"]
        ),
        steps=tuple(
            Step(
                title=_text(s["title"]),
                formula=_unnode(s["formula"]),
                substituted=_unnode(s["substituted"]),
                result=_unnode(s["result"]),
                shape=s["shape"],
                answer_id=s["answer_id"],
                rule=s["rule"],
                note=None if s["note"] is None else _text(s["note"]),
            )
            for s in d["steps"]
        ),
        difficulty=d["difficulty"],
        calculator=d["calculator"],
        spec=d["spec"],
        plot=d.get("plot"),  # absent in problems stored before plots existed
        givens=d.get("givens"),
    )
