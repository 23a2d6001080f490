"""What the names of an answer mean: bound variables and their shapes, aliases, the layers'
activations, and which functions the answer may not name (the derivative asked for)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..math.nodes import Node
from .names import var_of

Shape = tuple[int, int]
#: A layer (``None`` = a plain ``f``) → (activation name, its parameters).
LayerFunctions = Mapping[int | None, tuple[str, Mapping[str, Any]]]


@dataclass
class Scope:
    """``variables``: key → shape ``(rows, cols)`` or ``None`` (a scalar).

    - ``aliases`` map a spelling to a tree (``x`` → the input, ``s`` → ``σ(x)``);
    - ``layer_functions`` give a layer's activation for ``f``/``f1``/``g``;
    - ``function_aliases`` make ``f(u)`` a named call (derivative mode: ``f`` is the function
      asked about), with the extra arguments (parameters) appended;
    - ``free`` accepts unknown one-letter names as new scalars;
    - ``forbid_prime`` lists call names whose derivative is the question (``σ′(x)`` would
      answer it by name);
    - ``indexed`` lists keys that take an index subscript (``y_i``, the softmax Jacobian);
      ``per_neuron`` keys read ``γ_i`` as ``γ`` (PReLU's slope of neuron i).
    """

    variables: dict[str, Shape | None] = field(default_factory=dict)
    aliases: dict[str, Node] = field(default_factory=dict)
    layer_functions: dict[int | None, tuple[str, Mapping[str, Any]]] = field(default_factory=dict)
    function_aliases: dict[str, tuple[str, tuple[Node, ...]]] = field(default_factory=dict)
    free: bool = False
    forbid_prime: set[str] = field(default_factory=set)
    indexed: frozenset[str] = frozenset()
    per_neuron: frozenset[str] = frozenset()

    @classmethod
    def of(cls, variables: Mapping[str, object] | Scope | None) -> Scope:
        """A scope from names → ``None`` / a shape / an array (``None``: a free scope)."""
        if isinstance(variables, Scope):
            return variables
        if variables is None:
            return cls(free=True)
        shapes: dict[str, Shape | None] = {}
        for name, value in variables.items():
            shape = getattr(value, "shape", value)
            if isinstance(shape, tuple) and len(shape) in (1, 2):
                shapes[name] = (shape[0], shape[1] if len(shape) == 2 else 1)
            else:
                shapes[name] = None
        return cls(variables=shapes)

    def copy(self, **changes: Any) -> Scope:
        """A copy whose dictionaries may change without touching this one."""
        fields = {
            "variables": dict(self.variables),
            "aliases": dict(self.aliases),
            "layer_functions": dict(self.layer_functions),
            "function_aliases": dict(self.function_aliases),
            "free": self.free,
            "forbid_prime": set(self.forbid_prime),
            "indexed": self.indexed,
            "per_neuron": self.per_neuron,
        }
        fields.update(changes)
        return Scope(**fields)

    def known(self) -> list[str]:
        return sorted(set(self.variables) | set(self.aliases))

    def is_name(self, key: str) -> bool:
        return key in self.variables or key in self.aliases

    def lookup(self, key: str) -> Node:
        """The tree a bound name stands for (a free scope binds a new scalar)."""
        if key in self.aliases:
            return self.aliases[key]
        if key not in self.variables and self.free:
            self.variables[key] = None
        return var_of(key)

    def is_matrix(self, key: str) -> bool:
        shape = self.variables.get(key)
        return shape is not None and shape != (1, 1)
