"""``studykit derive NAME`` as text, Markdown or LaTeX: function, raw derivative, exam form,
proof and the numbered rule-by-rule steps of a :class:`~.derive.Derivation`."""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..i18n import Text
from .printing import GREEK, latex, markdown, text

LABELS = {
    "function": Text("function", "函数"),
    "raw": Text("SymPy's derivative (raw)", "SymPy 的导数（原始形式）"),
    "simplified": Text("SymPy simplified", "SymPy 化简后"),
    "exam": Text("exam form", "考试形式"),
    "proof": Text("proof that they are equal", "相等的证明"),
    "steps": Text("steps", "步骤"),
    "params": Text("parameters (defaults)", "参数（默认值）"),
    "partial": Text("partial derivative with respect to {p}", "对 {p} 的偏导数"),
    "where": Text("where", "其中"),
    "because": Text("because", "因为"),
    "output": Text("the output", "输出值"),
    "derivative": Text("derivative", "导数"),
    "variables": Text("variables", "变量"),
}


def _fmt(expr: Any, fmt: str) -> str:
    if fmt == "md":
        return markdown(expr)
    if fmt == "latex":
        return f"${latex(expr)}$"
    return text(expr)


def _d(var: Any, expr: Any, fmt: str) -> str:
    """``d/dx [expr]`` in the format."""
    if fmt == "text":
        return f"d/d{text(var)} [{text(expr)}]"
    return _fmt(sp.Derivative(expr, var), fmt)


def step_lines(step: Any, fmt: str, lang: str, number: str, depth: int = 0) -> list[str]:
    """One step (and its sub-steps) as numbered lines: rule, equation, the parts it used."""
    indent = "  " * depth if fmt != "md" else "  " * depth + "- "
    title = step.title.get(lang)
    title = title[0].upper() + title[1:]
    rule = f" ({step.formula})" if step.formula and step.rule not in ("rewrite",) else ""
    note = ""
    if step.rule == "known" and step.note is not None:
        rule = f" ({step.note.get(lang)})"
    elif step.note is not None and step.rule != "piecewise":
        note = f" — {step.note.get(lang)}"
    if step.rule in ("rewrite", "simplify", "substitute"):
        before = step.parts.get("before")
        eq = f"{_fmt(before, fmt)} = {_fmt(_with_output(step), fmt)}" if before is not None else ""
        lines = [f"{indent}{number} {title}{rule}: {eq}{note}"]
        if step.rule == "rewrite" and "a" in step.parts:
            where = LABELS["where"].get(lang)
            lines.append(
                f"{indent}   {where} a = {_fmt(step.parts['a'], fmt)} = "
                f"{_fmt(step.parts['a (in x)'], fmt)} ({LABELS['output'].get(lang)})"
            )
            chain = [_with_output(step), step.parts["exam form (in x)"]]
            if "combined" in step.parts:
                chain.append(step.parts["combined"])
            lines.append(
                f"{indent}   {LABELS['because'].get(lang)} "
                + " = ".join(_fmt(e, fmt) for e in chain)
            )
        return lines
    lines = [
        f"{indent}{number} {title}{rule}: {_d(step.var, step.expr, fmt)} = "
        f"{_fmt(step.result, fmt)}{note}"
    ]
    shown = {k: v for k, v in step.parts.items() if k not in ("cases",)}
    if step.rule == "piecewise":
        lines.append(f"{indent}   {_fmt(step.parts['cases'], fmt)}")
        if step.note is not None:
            lines.append(f"{indent}   {step.note.get(lang)}")
    elif shown and step.rule in ("chain", "product", "quotient", "constant_multiple", "power"):
        where = LABELS["where"].get(lang)
        lines.append(
            f"{indent}   {where} " + ", ".join(f"{k} = {_fmt(v, fmt)}" for k, v in shown.items())
        )
    for i, sub in enumerate(step.substeps, start=1):
        lines += step_lines(sub, fmt, lang, f"{number}{i}.", depth + 1)
    return lines


def _with_output(step: Any) -> Any:
    """The rewrite's result with the output written ``a`` (``a(1 − a)``)."""
    if step.rule == "rewrite" and "a" in step.parts:
        return step.result.xreplace({step.parts["a"]: sp.Symbol("a")})
    return step.result


def derivative_lines(d: Any, fmt: str, lang: str, steps: bool, heading: str = "") -> list[str]:
    """Function, raw derivative, exam form, proof (and steps) of one :class:`Derivative`."""
    b = "**" if fmt == "md" else ""
    lines = [heading] if heading else []
    lines.append(f"{b}{LABELS['function'].get(lang)}{b}: {_fmt(d.function, fmt)}")
    lines.append(
        f"{b}{LABELS['raw'].get(lang)}{b}: {_d(d.var, d.function, fmt)} = {_fmt(d.raw, fmt)}"
    )
    if d.raw_simplified is not None and d.raw_simplified != d.raw:
        lines.append(f"{b}{LABELS['simplified'].get(lang)}{b}: {_fmt(d.raw_simplified, fmt)}")
    exam = f"{b}{LABELS['exam'].get(lang)}{b}: {_fmt(d.exam_form, fmt)}"
    if d.exam_form_text:
        exam += f"  ({d.exam_form_text})"
    lines.append(exam)
    lines.append(f"{b}{LABELS['proof'].get(lang)}{b}: {d.proof.describe().get(lang)}")
    if steps and d.steps:
        lines.append(f"{b}{LABELS['steps'].get(lang)}{b}:")
        for i, step in enumerate(d.steps, start=1):
            lines += step_lines(step, fmt, lang, f"{i}.", 1)
    return lines


def derivation_text(d: Any, fmt: str = "text", lang: str = "en", steps: bool = False) -> str:
    """The whole derivation of an activation or loss, as text, Markdown or LaTeX."""
    title = f"{d.title.get(lang)} ({d.name})"
    h1 = {"md": f"# {title}", "latex": rf"\section*{{{title}}}"}.get(fmt, title)
    lines = [h1, ""]
    if d.variables:
        label = LABELS["variables"].get(lang)
        lines.append(
            label + ": " + ", ".join(f"{k} = {v.get(lang)}" for k, v in d.variables.items())
        )
    if d.params:
        values = ", ".join(f"{GREEK.get(k, k)} = {v:g}" for k, v in d.params.items())
        lines.append(f"{LABELS['params'].get(lang)}: {values}")
    for note in d.notes:
        if note.en:
            lines.append(f"• {note.get(lang)}" if fmt == "text" else f"- {note.get(lang)}")
    if d.exam_symbols:
        where = LABELS["where"].get(lang)
        lines.append(
            where
            + " "
            + ", ".join(
                f"{_fmt(sp.Symbol(k), fmt)} = {_fmt(v, fmt)}" for k, v in d.exam_symbols.items()
            )
        )
    lines.append("")
    lines += derivative_lines(d.main, fmt, lang, steps)
    sub = {"md": "## ", "latex": r"\subsection*{"}.get(fmt, "")
    end = "}" if fmt == "latex" else ""
    for name, pd in d.param_derivatives.items():
        heading = sub + LABELS["partial"].get(lang, p=GREEK.get(name, name)) + end
        lines += ["", *derivative_lines(pd, fmt, lang, steps, heading)]
    for extra in d.extra:
        heading = sub + (extra.title.get(lang) or LABELS["derivative"].get(lang)) + end
        if not extra.title.en:
            heading = sub + _d(extra.var, extra.function, fmt) + end
        lines += ["", *derivative_lines(extra, fmt, lang, steps, heading)]
    if fmt == "latex":
        lines = [ln if not ln or ln.startswith("\\") else ln + r"\\" for ln in lines]
    return "\n".join(lines).rstrip() + "\n"
