"""Names: the checker's keys and the math tree's variables, one function each way, and the
function names a student may type, mapped to the symbols the tree prints.

Keys are ASCII and are what scopes, values and SymPy symbols use: ``delta2`` ↔
``Var("δ", layer=2)``, ``W1`` ↔ ``Var("W", layer=1)``, ``x1`` ↔ ``Var("x", sub="1")``,
``yhat`` ↔ ``Var("y", hat=True)``, ``W1_new`` ↔ ``Var("W", layer=1, sub="new")`` and
``y_i`` ↔ ``Var("y", sub="i")`` (an index, in the softmax Jacobian's index form).
"""

from __future__ import annotations

import re

from ..catalog import ACTIVATIONS, BY_SYMBOL, SPELLINGS, Activation
from ..math.nodes import Var

#: ASCII name → the Greek letter a formula writes.
GREEK: dict[str, str] = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "eta": "η",
    "theta": "θ", "lambda": "λ", "mu": "μ", "sigma": "σ", "tau": "τ", "phi": "φ", "Phi": "Φ",
    "pi": "π",
}  # fmt: skip
ASCII: dict[str, str] = {letter: name for name, letter in GREEK.items()}
#: Names whose trailing number is a layer (``W2`` is W⁽²⁾); other names take it as a subscript.
LAYERED = frozenset({"delta", "W", "b", "a", "z"})
#: Subscripts that index an entry (``y_i``, ``δ_ij``), not a layer.
INDICES = frozenset({"i", "j", "k", "ij", "ji"})
_KEY = re.compile(r"^(?P<base>[A-Za-z]+?)(?P<digits>\d*)(?:_(?P<sub>[A-Za-z]+))?$")


def var_of(key: str) -> Var:
    """The variable node of a key (see the module docstring)."""
    if key == "yhat":
        return Var("y", hat=True)
    m = _KEY.match(key)
    if not m:
        return Var(key)
    base, digits, sub = m.group("base"), m.group("digits"), m.group("sub")
    name = GREEK.get(base, base)
    layer = int(digits) if digits and base in LAYERED else None
    if digits and layer is None:
        sub = digits if sub is None else digits + "_" + sub
    return Var(name, sub=sub, layer=layer)


def key_of(var: Var) -> str:
    """The key of a variable node: the inverse of :func:`var_of`."""
    base = ASCII.get(var.name, var.name)
    if var.hat:
        return base + "hat"
    key = base + ("" if var.layer is None else str(var.layer))
    if var.sub is not None:
        key += var.sub if var.sub[:1].isdigit() else "_" + var.sub
    return key


# ----------------------------------------------------------------------------- functions

#: Elementary functions a student may type (lower case) → the name the tree prints.
#: ``sqrt`` and ``abs`` become Sqrt and Abs nodes.
ELEMENTARY: dict[str, str] = {
    "exp": "exp", "log": "log", "ln": "log", "sqrt": "sqrt", "abs": "abs", "max": "max",
    "min": "min", "sign": "sign", "sgn": "sign", "step": "H", "heaviside": "H", "erf": "erf",
    "sin": "sin", "cos": "cos", "sinh": "sinh", "cosh": "cosh", "sech": "sech", "diag": "diag",
    "ceil": "ceil", "floor": "floor",
}  # fmt: skip
#: Case-sensitive spellings: Φ (normal cdf), φ (normal pdf) and H (Heaviside step).
CASED: dict[str, str] = {"Phi": "Φ", "phi": "φ", "H": "H"}
#: A layer's own activation: ``f``, ``g`` (Ng's notation) and ``fprime`` (f′).
GENERIC = ("f", "g", "fprime")


def activation_symbol(name: str) -> str:
    """The symbol a formula writes for a catalog activation (``sigmoid`` → ``σ``)."""
    return ACTIVATIONS[name].symbol


def activation_of(symbol: str) -> Activation | None:
    """The catalog activation a call's name stands for (``σ`` → sigmoid), if any."""
    return BY_SYMBOL.get(symbol)


def function_symbol(raw: str) -> str | None:
    """The printed name of a function spelling (``sigmoid``/``sig``/``σ`` → ``σ``, ``ln`` →
    ``log``), or ``None`` if ``raw`` names no function."""
    if raw in CASED:
        return CASED[raw]
    low = raw.lower()
    if low in ELEMENTARY:
        return ELEMENTARY[low]
    if low in SPELLINGS:
        return activation_symbol(SPELLINGS[low])
    return None


def function_spellings() -> list[str]:
    """Every function spelling (for "did you mean …?")."""
    return sorted({*ELEMENTARY, *CASED, *SPELLINGS})
