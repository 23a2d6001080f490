"""``studykit derive NAME --format json``: every expression as SymPy source text that parses
with SymPy's own functions, plus the ``definitions`` the JSON gives for σ (and Φ, φ).

A catalog function other than σ (ELU's exam form uses its output, ``elu(x, gamma)``) is
written out in elementary functions, so nothing in the JSON calls an undefined name."""

from __future__ import annotations

from typing import Any

import sympy as sp

from .algebra import SYMPY
from .functions import CatalogFunction
from .printing import sympy_str

#: The functions the JSON may call besides SymPy's own, each with its argument and its
#: elementary definition (the algebra the catalog's builders are written in).
DEFINED = {"sigmoid": SYMPY.sigmoid, "Phi": SYMPY.Phi, "phi": SYMPY.phi}


def definitions() -> dict[str, dict[str, str]]:
    """``{"sigmoid": {"argument": "u", "expression": "1/(1 + exp(-u))"}, …}``."""
    u = sp.Symbol("u", real=True)
    return {
        name: {"argument": "u", "expression": sp.sstr(build(u), order="none")}
        for name, build in DEFINED.items()
    }


def _elementary(expr: Any) -> Any:
    """Every catalog function call other than the defined ones written out in its formula."""
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(_elementary)
    if not isinstance(expr, sp.Basic):
        return expr

    def undefined(e: Any) -> bool:
        return isinstance(e, CatalogFunction) and type(e).__name__ not in DEFINED

    while any(undefined(e) for e in sp.preorder_traversal(expr)):
        expr = expr.replace(undefined, lambda e: e.raw())
    return expr


def _source(expr: Any) -> str:
    return sympy_str(_elementary(expr))


def _rename(expr: Any, rename: dict) -> Any:
    return sp.sympify(expr).xreplace(rename) if rename else expr


def step_json(step: Any, rename: dict | None = None) -> dict[str, Any]:
    """A step as JSON: rule, what it differentiates (``of``), the expression after it."""
    r = rename or {}
    out: dict[str, Any] = {
        "rule": step.rule,
        "rule_name": {"en": step.title.en, "zh": step.title.zh},
        "of": _source(_rename(step.expr, r)),
        "var": str(_rename(step.var, r)),
        "expression": _source(_rename(step.result, r)),
    }
    if step.parts:
        out["parts"] = {k: _source(_rename(v, r)) for k, v in step.parts.items()}
    if step.given:
        out["given"] = {str(_rename(k, r)): _source(_rename(v, r)) for k, v in step.given.items()}
    if step.note is not None:
        out["note"] = {"en": step.note.en, "zh": step.note.zh}
    if step.substeps:
        out["substeps"] = [step_json(s, r) for s in step.substeps]
    return out


def _given(d: Any) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """What the steps introduce and assume: the symbols the exam form uses that the function
    does not (softmax's ``p1 = e^(x1)/Σ e^(xj)``), and the substitutions the exam form holds
    under (``t3 = 1 − t1 − t2``, that is Σt = 1)."""
    given: dict[Any, Any] = {}
    for step in d.steps:
        for node in step.walk():
            given.update({k: v for k, v in (node.given or {}).items() if isinstance(k, sp.Symbol)})
    own = d.function.free_symbols
    used = getattr(d.exam_form, "free_symbols", set())
    introduced = {k: v for k, v in given.items() if k in used and k not in own}
    assumed = {k: v for k, v in given.items() if k in own}
    return introduced, assumed


def derivative_json(d: Any, rename: dict | None = None) -> dict[str, Any]:
    """One derivative: the function, SymPy's derivative, the exam form, the proof, the steps;
    ``where`` defines the symbols its exam form introduces, ``assumes`` what it holds under."""
    r = rename or {}
    introduced, assumed = _given(d)
    where = {str(_rename(k, r)): _source(_rename(v, r)) for k, v in introduced.items()}
    assumes = {str(_rename(k, r)): _source(_rename(v, r)) for k, v in assumed.items()}
    return (
        {
            "variable": str(_rename(d.var, r)),
            "function": _source(_rename(d.function, r)),
            "derivative": _source(_rename(d.raw, r)),
            "derivative_simplified": _source(_rename(d.raw_simplified, r)),
            "exam_form": _source(_rename(d.exam_form, r)),
            "exam_form_text": d.exam_form_text,
            "proof": {
                "method": d.proof.method,
                "points": d.proof.points,
                "max_error": d.proof.max_error,
                "holds": d.proof.holds,
            },
            "steps": [step_json(s, r) for s in d.steps],
        }
        | ({"where": where} if where else {})
        | ({"assumes": assumes} if assumes else {})
    )


def derivation_json(d: Any) -> dict[str, Any]:
    """``studykit derive NAME --format json``; a loss's prediction ``y`` is renamed ``x``."""
    rename: dict = {}
    if d.kind == "loss":
        for sym in d.main.function.free_symbols:
            if sym.name.startswith("y"):
                rename[sym] = sp.Symbol("x" + sym.name[1:], **sym.assumptions0)
    main = derivative_json(d.main, rename)
    out: dict[str, Any] = {
        "name": d.name,
        "kind": d.kind,
        "title": {"en": d.title.en, "zh": d.title.zh},
        **main,
        "params": dict(d.params),
        "variables": {
            ("x" + k[1:] if rename and k.startswith("y") else k): {"en": v.en, "zh": v.zh}
            for k, v in d.variables.items()
        },
        "notes": [{"en": n.en, "zh": n.zh} for n in d.notes if n.en],
        "definitions": definitions(),
    }
    if d.exam_symbols:
        out["where"] = out.get("where", {}) | {k: _source(v) for k, v in d.exam_symbols.items()}
    if d.param_derivatives:
        out["param_derivatives"] = {
            k: derivative_json(v, rename) for k, v in d.param_derivatives.items()
        }
    if d.extra:
        out["extra"] = [
            {"title": {"en": e.title.en, "zh": e.title.zh}, **derivative_json(e, rename)}
            for e in d.extra
        ]
    return out
