"""``studykit check REFERENCE ANSWER``: two scalar expressions, equal or not, and why."""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n import Text
from .api import CheckResult
from .equivalence import Equivalence, compare
from .read import read_answer
from .scope import Scope
from .walk import keys


def equivalence_message(result: Equivalence) -> Text:
    """``equivalent (checked at 240 random points)`` / ``not equivalent: at x = 0.5 …``."""
    if result.equal:
        how = {
            "points": Text("at 240 random points", "在 240 个随机点上验证"),
            "symbolic": Text("by symbolic simplification", "通过符号化简验证"),
        }[result.method]
        return Text("equivalent (checked ", "等价（") + how + Text(")", "）")
    if result.equal is None:
        return Text(
            "could not decide (no valid sample points, and SymPy could not simplify in time)",
            "无法判断（没有有效的取样点，SymPy 也未能及时化简）",
        )
    point = ", ".join(f"{k} = {v:.6g}" for k, v in (result.counterexample or {}).items())
    return Text(
        "not equivalent: at {p} the reference is {r:.6g} but the answer is {a:.6g}",
        "不等价：在 {p} 处参考答案为 {r:.6g}，而答案为 {a:.6g}",
    ).format(p=point, r=result.reference_value, a=result.answer_value)


def status_of(result: Equivalence) -> str:
    return "right" if result.equal else "undecided" if result.equal is None else "wrong"


def check_pair(reference: str, answer: str, declared: Sequence[str]) -> CheckResult:
    ref_scope = Scope(variables={v: None for v in declared}, free=True)
    ref = read_answer(reference, ref_scope)
    if ref.shape_error is not None:
        raise ref.shape_error.as_syntax_error()
    ans = read_answer(answer, Scope(variables=dict(ref_scope.variables)))
    if ans.shape_error is not None:
        raise ans.shape_error.as_syntax_error()
    result = compare(ref.tree, ans.tree, sorted(keys(ref.tree) | keys(ans.tree)))
    return CheckResult(
        status_of(result),
        equivalence_message(result),
        ans.preview,
        ref.preview,
        details={"method": result.method, "counterexample": result.counterexample},
    )
