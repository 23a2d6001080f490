"""The hand route: what a student writes on paper, number by number (the second route beside the
NumPy engine; it never calls the engine).

- forward ``z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾``, ``a⁽ˡ⁾ = f(z⁽ˡ⁾)``, then the loss;
- backward ``δ⁽ᴸ⁾ = ∂L/∂ŷ ⊙ f′(z⁽ᴸ⁾)`` (``ŷ − t`` for softmax + cross entropy and for cs224n's
  ``−log σ(s)``), ``δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ [(W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾]``,
  ``∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ``, ``∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾``, ``∂L/∂x = (W⁽¹⁾)ᵀδ⁽¹⁾``;
- the SGD update ``θ ← θ − η ∂L/∂θ``.

Every value the worked solution prints is rounded to the stated decimals (half up, on its exact
value) and the *printed* value is what later steps use — the bracketed ``(W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾``
included — so a student who follows the steps lands on the key digit for digit. Without a
calculator nothing is rounded and every value is an exact Fraction. f and f′ are the catalog's
formula and exam form (σ′ = a(1 − a) from the printed a, tanh′ = 1 − a², cases on z).

The same route run on :class:`~studykit.problems.bounded.Bound` numbers gives, for every printed
value, a bound on how far rounding has moved it from the exact value: its answer's tolerance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..catalog import EXACT, LOSSES, exact, get_activation, round_half_up
from .bounded import BOUNDS, Bound, bound

Number = Fraction | float


class Exact:
    """The route's arithmetic: exact Fractions, each printed value rounded half up."""

    algebra = EXACT

    def __init__(self, decimals: int | None) -> None:
        self.decimals = decimals

    num = staticmethod(exact)

    def q(self, value: Any) -> Any:
        """``value`` as printed: exact without a calculator, else rounded to the decimals."""
        return value if self.decimals is None else round_half_up(value, self.decimals)


class Bounds(Exact):
    """The same route on :class:`~studykit.problems.bounded.Bound` numbers: each printed value
    with the error that the roundings before it (its own included) can carry into it."""

    algebra = BOUNDS
    num = staticmethod(bound)

    def q(self, value: Any) -> Any:
        return bound(value).rounded(self.decimals)


def activate(
    name: str,
    z: Sequence[Any],
    params: dict[str, Any],
    decimals: int | None,
    arith: Exact | None = None,
) -> list[Any]:
    """``a = f(z)`` by the catalog's formula, each entry as printed (softmax: the vector)."""
    arith = arith or Exact(decimals)
    act = get_activation(name)
    zs = [arith.num(v) for v in z]
    out = (
        [act.formula(arith.algebra, v, params) for v in zs]
        if act.elementwise
        else act.formula(arith.algebra, zs, params)
    )
    return [arith.q(v) for v in out]


def derivative(
    name: str,
    z: Sequence[Any],
    a: Sequence[Any],
    params: dict[str, Any],
    decimals: int | None,
    arith: Exact | None = None,
) -> list[Any]:
    """``f′(z)`` in the catalog's exam form, from the printed ``z`` and ``a``, as printed."""
    arith = arith or Exact(decimals)
    act = get_activation(name)
    return [
        arith.q(act.exam_form(arith.algebra, arith.num(zi), arith.num(ai), params))
        for zi, ai in zip(z, a, strict=True)
    ]


def dot(row: Sequence[Any], column: Sequence[Any], start: Any) -> Any:
    """``start + Σᵢ rowᵢ · columnᵢ``, exactly."""
    total = start
    for w, v in zip(row, column, strict=True):
        total = total + w * v
    return total


# ----------------------------------------------------------------------------- the network


@dataclass
class NetworkProblemData:
    """The numbers of a network problem, textbook layout. ``style`` is "layers" or "cs224n"."""

    sizes: tuple[int, ...]
    activations: tuple[str, ...]
    act_params: tuple[dict[str, Any], ...]
    loss: str  # mse | cross_entropy (after softmax) | binary_cross_entropy (cs224n, t = 1)
    W: list[list[list[Any]]]
    b: list[list[Any]]
    x: list[Any]
    t: list[Any] | None = None
    lr: Number | None = None
    style: str = "layers"

    @property
    def depth(self) -> int:
        return len(self.sizes) - 1

    def spec_dict(self) -> dict[str, Any]:
        """The network as a spec file (``spec_from_dict`` reads it), numbers as floats."""
        acts: list[Any] = []
        for name, params in zip(self.activations, self.act_params, strict=True):
            acts.append(
                {"name": name, **{k: float(v) for k, v in params.items()}} if params else name
            )
        out: dict[str, Any] = {
            "network": {"layers": list(self.sizes), "activation": acts, "loss": self.loss},
            "params": {},
            "data": {"x": [float(v) for v in self.x], "t": [float(v) for v in self.t or []]},
        }
        for layer in range(1, self.depth + 1):
            out["params"][f"W{layer}"] = [[float(v) for v in row] for row in self.W[layer - 1]]
            out["params"][f"b{layer}"] = [float(v) for v in self.b[layer - 1]]
        if self.lr is not None:
            out["train"] = {"optimizer": "sgd", "lr": float(self.lr), "epochs": 1}
        return out


def one_hot(t: Sequence[Any]) -> bool:
    """A one-hot target: one entry 1, the others 0."""
    return sorted(t) == [0] * (len(t) - 1) + [1]


def output_shortcut(output: str, loss: str) -> bool:
    """Whether δ⁽ᴸ⁾ = ŷ − t: softmax with cross entropy, sigmoid with binary cross entropy."""
    return (output, loss) in (("softmax", "cross_entropy"), ("sigmoid", "binary_cross_entropy"))


class HandNetwork:
    """Every value a student computes, by the hand route (see the module docstring): printed
    values as Fractions, textbook layout. :meth:`errors` runs the same route on Bound numbers."""

    def __init__(
        self, data: NetworkProblemData, decimals: int | None, arith: Exact | None = None
    ) -> None:
        self.data = data
        self.decimals = decimals  # None: exact Fractions
        self.arith = arith or Exact(decimals)
        self.stages: list[str] = []
        num = self.arith.num
        # the givens, exact (a float weight is the decimal it prints as)
        self.W = [[[num(w) for w in row] for row in m] for m in data.W]
        self.b = [[num(v) for v in b] for b in data.b]
        self.x = [num(v) for v in data.x]
        self.z: list[list[Any]] = []
        self.a: list[list[Any]] = []  # a[0] = x
        self.loss: Any = None
        self.dloss: list[Any] | None = None  # ∂L/∂ŷ (mse), else None: δ⁽ᴸ⁾ = ŷ − t
        self.fprime: list[list[Any]] = []  # fprime[l-1] = f′(z⁽ˡ⁾)
        self.delta: list[list[Any]] = []  # delta[l-1] = δ⁽ˡ⁾
        self.backprop: list[list[Any]] = []  # (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ for hidden layers
        self.dW: list[list[list[Any]]] = []
        self.db: list[list[Any]] = []
        self.dx: list[Any] | None = None
        self.W_new: list[list[list[Any]]] = []
        self.b_new: list[list[Any]] = []

    def q(self, v: Any) -> Any:
        return self.arith.q(v)

    @property
    def t(self) -> list[Any] | None:
        """The target (set after the forward pass when it depends on the prediction)."""
        return None if self.data.t is None else [self.arith.num(v) for v in self.data.t]

    def params(self, layer: int) -> dict[str, Any]:
        return {k: self.arith.num(v) for k, v in self.data.act_params[layer].items()}

    def forward(self) -> None:
        self.stages.append("forward")
        d, zero = self.data, self.arith.num(0)
        self.a, self.z = [self.x], []
        for layer in range(d.depth):
            rows = zip(self.W[layer], self.b[layer], strict=True)
            z = [self.q(dot(row, self.a[-1], bi + zero)) for row, bi in rows]
            self.z.append(z)
            act = d.activations[layer]
            self.a.append(activate(act, z, self.params(layer), self.decimals, self.arith))

    def compute_loss(self) -> None:
        self.stages.append("compute_loss")
        d, y, t, m = self.data, self.a[-1], self.t, self.arith.algebra
        assert t is not None
        self.dloss = None
        if d.loss == "mse":
            self.dloss = [yi - ti for yi, ti in zip(y, t, strict=True)]
            self.loss = self.q(sum((e * e for e in self.dloss), self.arith.num(0)) / 2)
        elif d.loss == "cross_entropy" and one_hot(self.data.t or []):  # −log ŷ_k
            k = next(i for i, ti in enumerate(self.data.t or []) if ti)
            self.loss = self.q(-m.log(y[k]))
        elif d.loss == "binary_cross_entropy" and list(self.data.t or []) == [1]:
            self.loss = self.q(-m.log(y[0]))  # cs224n: J = −log σ(s) with t = 1
        else:  # any catalog loss: ℓ(ŷ, t) and ∂ℓ/∂ŷ in its exam form, each as printed
            self.loss = self.q(LOSSES[d.loss].formula(m, y, t))
        if self.dloss is None and not output_shortcut(d.activations[-1], d.loss):
            self.dloss = [self.q(g) for g in LOSSES[d.loss].exam_grad(m, y, t)]

    def backward(self) -> None:
        self.stages.append("backward")
        L, zero = self.data.depth, self.arith.num(0)
        self.fprime = [[] for _ in range(L)]
        self.delta = [[] for _ in range(L)]
        self.backprop = [[] for _ in range(L)]
        if self.dloss is not None:  # δ⁽ᴸ⁾ = ∂L/∂ŷ ⊙ f′(z⁽ᴸ⁾)
            fp = self._fprime(L - 1)
            self.fprime[-1] = fp
            self.delta[-1] = [self.q(g * f) for g, f in zip(self.dloss, fp, strict=True)]
        else:  # softmax + CE, or sigmoid + BCE: δ⁽ᴸ⁾ = ŷ − t
            assert self.t is not None
            self.delta[-1] = [yi - ti for yi, ti in zip(self.a[-1], self.t, strict=True)]
        for layer in range(L - 2, -1, -1):
            fp = self._fprime(layer)
            columns = [[row[j] for row in self.W[layer + 1]] for j in range(len(fp))]
            back = [self.q(dot(column, self.delta[layer + 1], zero)) for column in columns]
            self.fprime[layer], self.backprop[layer] = fp, back
            self.delta[layer] = [self.q(f * v) for f, v in zip(fp, back, strict=True)]
        self.dW = [
            [[self.q(di * aj) for aj in self.a[layer]] for di in self.delta[layer]]
            for layer in range(L)
        ]
        self.db = [list(delta) for delta in self.delta]
        columns = [[row[j] for row in self.W[0]] for j in range(len(self.x))]
        self.dx = [self.q(dot(column, self.delta[0], zero)) for column in columns]

    def _fprime(self, layer: int) -> list[Any]:
        act = self.data.activations[layer]
        z, a = self.z[layer], self.a[layer + 1]
        return derivative(act, z, a, self.params(layer), self.decimals, self.arith)

    def update(self) -> None:
        self.stages.append("update")
        assert self.data.lr is not None
        eta = self.arith.num(self.data.lr)
        self.W_new = [
            [
                [self.q(w - eta * g) for w, g in zip(wr, gr, strict=True)]
                for wr, gr in zip(W, dW, strict=True)
            ]
            for W, dW in zip(self.W, self.dW, strict=True)
        ]
        self.b_new = [
            [self.q(v - eta * g) for v, g in zip(b, db, strict=True)]
            for b, db in zip(self.b, self.db, strict=True)
        ]

    def values(self) -> dict[str, Any]:
        """Answer id → value (textbook layout) for every quantity computed so far."""
        out: dict[str, Any] = {}
        for layer in range(1, len(self.z) + 1):
            out[f"z{layer}"] = self.z[layer - 1]
            out[f"a{layer}"] = self.a[layer]
        if self.loss is not None:
            out["loss"] = self.loss
        for layer in range(1, len(self.delta) + 1):
            out[f"delta{layer}"] = self.delta[layer - 1]
            out[f"dW{layer}"] = self.dW[layer - 1]
            out[f"db{layer}"] = self.db[layer - 1]
        if self.dx is not None:
            out["dx"] = self.dx
        for layer in range(1, len(self.W_new) + 1):
            out[f"W{layer}_new"] = self.W_new[layer - 1]
            out[f"b{layer}_new"] = self.b_new[layer - 1]
        return out

    def errors(self) -> dict[str, Any]:
        """Answer id → bound on how far rounding moved each printed value from the exact one
        (the same stages, run on Bound numbers)."""
        shadow = type(self)(self.data, self.decimals, Bounds(self.decimals))
        for stage in self.stages:
            getattr(shadow, stage)()
        return {k: _errors(v) for k, v in shadow.values().items()}


def _errors(x: Any) -> Any:
    if isinstance(x, list):
        return [_errors(v) for v in x]
    return x.error if isinstance(x, Bound) else 0.0


def solve_by_hand(
    data: NetworkProblemData, decimals: int | None, backward: bool = True
) -> HandNetwork:
    hand = HandNetwork(data, decimals)
    hand.forward()
    if data.t is not None:
        hand.compute_loss()
    if backward:
        hand.backward()
        if data.lr is not None:
            hand.update()
    return hand
