"""Problems as plain data: statement, conventions, worked solution (a list of Steps), answer key.

Everything here serialises to JSON (``to_json``) and back (``problem_from_json``); renderers,
the checker and the quiz read these objects and compute nothing themselves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from .. import math as fm
from ..i18n import Text

Notation = Literal["textbook", "bracket", "transposed"]
NOTATIONS: tuple[str, ...] = ("textbook", "bracket", "transposed")
AnswerKind = Literal["number", "vector", "matrix", "expression", "choice", "shape"]

NOTATION_TEXT = {
    "textbook": Text(
        "notation: textbook, superscript (l), z = W a + b, W is [n_l × n_(l−1)]",
        "记号：教材记法，上标 (l)，z = W a + b，W 为 [n_l × n_(l−1)]",
    ),
    "bracket": Text(
        "notation: bracket, superscript [l], Z[l] = W[l] A[l−1] + b[l]",
        "记号：方括号记法，上标 [l]，Z[l] = W[l] A[l−1] + b[l]",
    ),
    "transposed": Text(
        "notation: transposed, z = Wᵀ a + b, W is [n_(l−1) × n_l], ∂L/∂W = a δᵀ",
        "记号：转置记法，z = Wᵀ a + b，W 为 [n_(l−1) × n_l]，∂L/∂W = a δᵀ",
    ),
}


@dataclass(frozen=True)
class Rounding:
    """How numbers are rounded: ``decimals=None`` means exact (no-calculator problems)."""

    decimals: int | None = 4
    carry: bool = True  # carry the rounded values into later steps, as a student would

    def describe(self) -> Text:
        if self.decimals is None:
            return Text("every value is exact: give it exactly", "所有数值都是精确的：请给出精确值")
        if self.carry:
            return Text(
                "round to {d} decimals and carry the rounded values forward",
                "保留 {d} 位小数，并用四舍五入后的值继续计算",
            ).format(d=self.decimals)
        return Text("round final answers to {d} decimals", "最终答案保留 {d} 位小数").format(
            d=self.decimals
        )

    def tolerance(self, steps_carried: int = 1) -> Tolerance:
        """Absolute tolerance that accepts exact and carried-rounding answers: each carried
        rounding adds at most half a unit in the last place; give a little slack on top."""
        if self.decimals is None:
            return Tolerance(abs=1e-9, rel=1e-9)
        unit = 10.0 ** (-self.decimals)
        return Tolerance(abs=unit * (0.5 + steps_carried), rel=0.0, decimals=self.decimals)


@dataclass(frozen=True)
class Tolerance:
    """Accept ``|answer − value| ≤ abs + rel·|value|``."""

    abs: float = 1e-9
    rel: float = 0.0
    decimals: int | None = None

    def accepts(self, answer: float, value: float) -> bool:
        return math.isfinite(answer) and abs(answer - value) <= self.abs + self.rel * abs(value)


@dataclass(frozen=True)
class Conventions:
    """The conventions that change numbers (COURSE.md), printed with every problem."""

    notation: str = "textbook"
    rounding: Rounding = field(default_factory=Rounding)
    mse: str = "mse"  # which MSE: mse (½Σ), mse_sum (Σ), mse_mean
    relu_grad_at_zero: float = 0.0
    adam_bias_correction: bool = True

    def describe(self) -> list[Text]:
        mse_text = {
            "mse": Text("MSE = ½‖ŷ − t‖²", "均方误差 = ½‖ŷ − t‖²"),
            "mse_sum": Text("MSE = ‖ŷ − t‖²", "均方误差 = ‖ŷ − t‖²"),
            "mse_mean": Text("MSE = (1/n)‖ŷ − t‖²", "均方误差 = (1/n)‖ŷ − t‖²"),
        }[self.mse]
        return [
            NOTATION_TEXT[self.notation],
            mse_text,
            Text("ReLU′(0) = {v}", "ReLU′(0) = {v}").format(
                v=fm.format_number(self.relu_grad_at_zero)
            ),
            self.rounding.describe(),
        ]


@dataclass(frozen=True)
class Answer:
    """One entry of the answer key.

    ``value`` is a float, a list (vector) or list of lists (matrix), an expression string in
    SymPy syntax (``kind="expression"``), a choice key (``kind="choice"``) or ``[rows, cols]``
    (``kind="shape"``). ``exact`` is the exact value as text where there is one (``"3/8"``).
    ``alternatives`` are other accepted values (e.g. the one computed with carried rounding).
    """

    id: str
    label: Text
    value: Any
    kind: AnswerKind = "number"
    tolerance: Tolerance = field(default_factory=Tolerance)
    exact: Any = None
    alternatives: tuple[Any, ...] = ()
    symbol: fm.Node | None = None
    choices: tuple[tuple[str, Text], ...] = ()  # (key, text) for kind="choice"
    variables: tuple[str, ...] = ()  # names an expression answer may use
    depends_on: tuple[str, ...] = ()  # earlier answers it is computed from (error carried forward)

    @property
    def shape(self) -> tuple[int, ...]:
        if self.kind == "vector":
            return (len(self.value),)
        if self.kind == "matrix":
            return (len(self.value), len(self.value[0]))
        return ()


@dataclass(frozen=True)
class Step:
    """One step of a worked solution: what, the general formula, the numbers put in, the result."""

    title: Text
    formula: fm.Node | None = None
    substituted: fm.Node | None = None
    result: fm.Node | None = None
    shape: str | None = None  # "[2×1] = [2×3][3×1]"
    answer_id: str | None = None
    rule: str | None = None
    note: Text | None = None


@dataclass(frozen=True)
class Para:
    """A paragraph of the statement: words and inline formulas."""

    parts: tuple[Text | fm.Node, ...]


@dataclass(frozen=True)
class Display:
    """A displayed formula in the statement."""

    formula: fm.Node


Block = Para | Display


@dataclass(frozen=True)
class Problem:
    """A generated, verified problem. ``id`` encodes ``(kind, seed, options)``."""

    id: str
    kind: str
    section: str
    seed: int
    options: dict[str, Any]
    title: Text
    statement: tuple[Block, ...]
    conventions: Conventions
    answers: tuple[Answer, ...]
    steps: tuple[Step, ...]
    difficulty: int = 1
    calculator: bool = False
    spec: dict[str, Any] | None = None  # the network, as in a spec file (network kinds)
    plot: dict[str, Any] | None = None  # activations to plot on sheets (see render/plot.py)

    def answer(self, answer_id: str) -> Answer:
        for a in self.answers:
            if a.id == answer_id:
                return a
        raise KeyError(answer_id)


def problem_id(kind: str, seed: int, options: dict[str, Any]) -> str:
    """``kind:seed:k=v,…`` with options sorted, so the id determines the problem."""
    opts = ",".join(f"{k}={options[k]}" for k in sorted(options))
    return f"{kind}:{seed}" + (f":{opts}" if opts else "")


SHORT_CODE = 5  # base32 characters of the hash of the long id: 25 bits


def short_code(long_id: str) -> str:
    """A few base32 characters (``a-z2-7``) of the SHA-256 of a long problem id."""
    import base64
    import hashlib

    digest = hashlib.sha256(long_id.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:SHORT_CODE]


def short_id(problem: Problem) -> str:
    """The typeable id every format prints: ``backward-103-k7q2m`` (kind, seed, and a hash of
    the long id :attr:`Problem.id`, which encodes the options). ``problems.ids`` reads it back."""
    return f"{problem.kind}-{problem.seed}-{short_code(problem.id)}"


# ----------------------------------------------------------------------------- JSON


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
            "text": [_text_json(t) for t in c.describe()],
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
    )
