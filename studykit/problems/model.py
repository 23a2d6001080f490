"""Problems as plain data: statement, conventions, worked solution (a list of Steps), answer key.

Everything here serialises to JSON (``to_json``) and back (``problem_from_json``); renderers,
the checker and the quiz read these objects and compute nothing themselves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from .. import math as fm
from ..i18n import Text

Notation = Literal["textbook", "bracket", "transposed"]
NOTATIONS: tuple[str, ...] = ("textbook", "bracket", "transposed")
AnswerKind = Literal["number", "vector", "matrix", "expression", "choice", "shape", "explain"]

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
                "round every value the solution writes down to {d} decimals (half up) and go on "
                "with the rounded values; an answer passes within half a unit plus what those "
                "roundings can carry into it",
                "解答中写出的每个数值都保留 {d} 位小数（四舍五入），并用四舍五入后的值继续计算；"
                "答案的容差为半个单位加上此前各次舍入可能带来的误差",
            ).format(d=self.decimals)
        return Text("round final answers to {d} decimals", "最终答案保留 {d} 位小数").format(
            d=self.decimals
        )

    def round(self, value: Any) -> Any:
        """``value`` as printed: unchanged when exact, else half up at ``decimals`` (exactly)."""
        if self.decimals is None:
            return value
        from ..catalog import round_half_up

        return round_half_up(value, self.decimals)

    def tolerance(self, steps_carried: int = 1) -> Tolerance:
        """Absolute tolerance that accepts exact and carried-rounding answers: each carried
        rounding adds at most half a unit in the last place; give a little slack on top."""
        if self.decimals is None:
            return Tolerance(abs=1e-9, rel=1e-9)
        unit = 10.0 ** (-self.decimals)
        return Tolerance(abs=unit * (0.5 + steps_carried), rel=0.0, decimals=self.decimals)

    def propagated(self, error: float) -> Tolerance:
        """The tolerance of an answer whose printed value can be ``error`` away from the exact
        one (the bound that rounding every earlier printed value by half a unit carries into
        it, its own rounding included), plus half a unit for a student who rounds a little
        differently: both the exact and the carried answer pass with margin."""
        if self.decimals is None:
            return Tolerance(abs=1e-9, rel=1e-9)
        unit = 10.0 ** (-self.decimals)
        return Tolerance(abs=round_up(error + unit / 2), rel=0.0, decimals=self.decimals)


def round_up(x: float, figures: int = 3) -> float:
    """``x`` rounded up to ``figures`` significant figures (a tolerance that prints cleanly and
    is never smaller than the bound it comes from, float noise aside)."""
    if x <= 0:
        return x
    quantum = 10.0 ** (math.floor(math.log10(x)) - figures + 1)
    return round(math.ceil(x / quantum - 1e-6) * quantum, 12)


@dataclass(frozen=True)
class Tolerance:
    """Accept ``|answer − value| ≤ abs + rel·|value|``."""

    abs: float = 1e-9
    rel: float = 0.0
    decimals: int | None = None

    def accepts(self, answer: float, value: float) -> bool:
        return math.isfinite(answer) and abs(answer - value) <= self.abs + self.rel * abs(value)


CONVENTION_KEYS = frozenset({"notation", "mse", "kinks", "rounding"})
MSE_TEXT = {
    "mse": Text("MSE = ½‖ŷ − t‖²", "均方误差 = ½‖ŷ − t‖²"),
    "mse_sum": Text("MSE = ‖ŷ − t‖²", "均方误差 = ‖ŷ − t‖²"),
    "mse_mean": Text("MSE = (1/n)‖ŷ − t‖²", "均方误差 = (1/n)‖ŷ − t‖²"),
}


@dataclass(frozen=True)
class Conventions:
    """The conventions that change numbers (COURSE.md), printed with every problem."""

    notation: str = "textbook"
    rounding: Rounding = field(default_factory=Rounding)
    mse: str = "mse"  # which MSE: mse (½Σ), mse_sum (Σ), mse_mean
    relu_grad_at_zero: float = 0.0
    adam_bias_correction: bool = True

    def describe(
        self, uses: frozenset[str] = CONVENTION_KEYS, kinked: tuple[str, ...] = ("relu",)
    ) -> list[Text]:
        """The texts of the conventions in ``uses`` (``notation``, ``mse``, ``kinks``,
        ``rounding``); ``kinks`` states f′ at the kinks of each activation in ``kinked``."""
        from ..catalog import ACTIVATIONS

        out = []
        if "notation" in uses:
            out.append(NOTATION_TEXT[self.notation])
        if "mse" in uses:
            out.append(MSE_TEXT[self.mse])
        if "kinks" in uses:
            for name in dict.fromkeys(kinked):
                if name == "relu":
                    value = fm.format_number(self.relu_grad_at_zero)
                    out.append(Text("ReLU′(0) = {v}", "ReLU′(0) = {v}").format(v=value))
                elif ACTIVATIONS[name].kink_convention.en:
                    title = ACTIVATIONS[name].title
                    out.append(
                        Text(f"{title.en}: ", f"{title.zh}：") + ACTIVATIONS[name].kink_convention
                    )
        return out + ([self.rounding.describe()] if "rounding" in uses else [])


@dataclass(frozen=True)
class MarkingPoint:
    """One point a grader ticks in an explanation answer, and what it is worth."""

    text: Text
    marks: int = 1


@dataclass(frozen=True)
class Answer:
    """One entry of the answer key.

    ``value`` is a float, a list (vector) or list of lists (matrix), an expression string in
    SymPy syntax (``kind="expression"``), a choice key (``kind="choice"``) or ``[rows, cols]``
    (``kind="shape"``). ``exact`` is the exact value as text where there is one (``"3/8"``).
    ``alternatives`` are other accepted values (e.g. the one computed with carried rounding).
    ``kind="explain"`` is a written explanation: ``value`` is the model answer and ``marking``
    the points a grader ticks (the quiz lets the student tick them to rate themselves).
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
    #: kind="explain": ``value`` is the model answer ({"en", "zh"}); these are its marking points
    marking: tuple[MarkingPoint, ...] = ()

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


def step_nodes(step: Step) -> list[fm.Node]:
    """Formula, numbers substituted, result: each printed once, as a chain ``lhs = … = …``.

    A later node that restates the formula's left-hand side (``z = [..]``) loses it; one equal
    to the formula's right-hand side or to an earlier node is not repeated."""
    out: list[fm.Node] = [step.formula] if step.formula is not None else []
    is_eq = isinstance(step.formula, fm.Op) and step.formula.op == "="
    lhs = step.formula.args[0] if is_eq else None
    rhs = step.formula.args[-1] if is_eq else None
    for node in (step.substituted, step.result):
        if node is None:
            continue
        if lhs is not None and isinstance(node, fm.Op) and node.op == "=" and node.args[0] == lhs:
            rest = node.args[1:]
            node = rest[0] if len(rest) == 1 else fm.Op("=", rest)
        if node not in out and node != rhs:
            out.append(node)
    return out


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
    #: what the statement gives besides spec: {"activations": [{"name", **params}], …}; the
    #: self-check and the completeness test read the parameters from here
    givens: dict[str, Any] | None = None

    def activation_names(self) -> list[str]:
        """The activations the problem uses (its network and its givens)."""
        names = []
        acts = ((self.spec or {}).get("network") or {}).get("activation", [])
        for a in acts if isinstance(acts, list) else [acts]:
            names.append(a["name"] if isinstance(a, dict) else a)
        names += [a["name"] for a in (self.givens or {}).get("activations", [])]
        return names

    def loss_names(self) -> list[str]:
        """The losses the problem uses (its network and its givens)."""
        loss = ((self.spec or {}).get("network") or {}).get("loss")
        return ([loss] if loss else []) + list((self.givens or {}).get("losses", []))

    def conventions_used(self) -> frozenset[str]:
        """Which conventions change this problem's numbers: the notation profile where layers
        are written, the MSE scaling where an MSE is used, ReLU′(0) where an activation with a
        kink is used, the rounding where an answer is a value or a formula (not for a choice,
        a shape or an explanation alone). Worked out once per problem (it walks every formula)."""
        return self._conventions_used

    @cached_property
    def _conventions_used(self) -> frozenset[str]:
        from ..catalog import ACTIVATIONS

        uses = set()
        if any(a.kind not in ("choice", "shape", "explain") for a in self.answers):
            uses.add("rounding")
        if self.spec or self._writes_layers():
            uses.add("notation")
        if any(name in MSE_TEXT for name in self.loss_names()):
            uses.add("mse")
        if any(ACTIVATIONS[n].kinks for n in self.activation_names() if n in ACTIVATIONS):
            uses.add("kinks")
        return frozenset(uses)

    def _writes_layers(self) -> bool:
        """Whether a formula of the statement or the solution carries a layer index."""
        from ..math.walk import walk

        nodes = [
            p for b in self.statement for p in getattr(b, "parts", ()) if isinstance(p, fm.Expr)
        ]
        nodes += [b.formula for b in self.statement if isinstance(b, Display)]
        nodes += [
            n for s in self.steps for n in (s.formula, s.substituted, s.result) if n is not None
        ]
        return any(
            isinstance(n, fm.Var | fm.Call)
            and getattr(n, "layer", getattr(n, "sup", None)) is not None
            for node in nodes
            for n in walk(node)
        )

    def convention_texts(self) -> list[Text]:
        from ..catalog import ACTIVATIONS

        names = self.activation_names()
        kinked = tuple(n for n in names if n in ACTIVATIONS and ACTIVATIONS[n].kinks)
        return self.conventions.describe(self.conventions_used(), kinked)

    def answer(self, answer_id: str) -> Answer:
        for a in self.answers:
            if a.id == answer_id:
                return a
        raise KeyError(answer_id)


def part_letter(index: int) -> str:
    """The letter of part ``index``: 0 → ``a`` … 25 → ``z``, then ``aa``, ``ab`` … (a batch
    of your own network can have more than 26 parts)."""
    if index < 26:
        return chr(97 + index)
    return part_letter(index // 26 - 1) + chr(97 + index % 26)


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
