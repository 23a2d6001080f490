"""Shared pieces of the computed examples: captions in both languages, numbers as captions write
them, and the small chains that several examples run through the engine."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ....engine import Network
from ....spec import spec_from_dict

Example = dict[str, Any]

#: The notes' chain (deep-learning-course-notes, fnn-chapter4-notes).
NOTES_CHAIN = (512, 256, 128, 64, 32, 10)


def caption(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def join_items(items: Sequence[str], lang: str) -> str:
    """Items of a caption list: ", " in English, "，" in Chinese."""
    if lang == "zh":
        return "，".join(item.replace(": ", "：") for item in items)
    return ", ".join(items)


def figures(x: float, digits: int = 4) -> str:
    """A number for a caption: ``digits`` significant figures, no trailing zeros."""
    return f"{x:.{digits}g}".replace("-", "−")


def sci(x: float) -> str:
    """A number in scientific notation, ``3.03e−03``, with a Unicode minus sign."""
    return f"{x:.2e}".replace("-", "−")


def vec(values: Any, digits: int = 4) -> str:
    """A (nested) list of numbers as ``[1, −2.5]``, with Unicode minus signs."""
    if isinstance(values, (list, tuple, np.ndarray)):
        return "[" + ", ".join(vec(v, digits) for v in values) + "]"
    return figures(float(values), digits)


def chain_spec(activations: Sequence[str], weights: Sequence[float], biases: Sequence[float]):
    depth = len(activations)
    return spec_from_dict(
        {
            "network": {"layers": [1] * (depth + 1), "activation": list(activations)},
            "params": {
                **{f"W{i + 1}": [[float(weights[i])]] for i in range(depth)},
                **{f"b{i + 1}": [float(biases[i])] for i in range(depth)},
            },
        }
    )


def chain_deltas(
    activations: Sequence[str],
    weights: Sequence[float],
    biases: Sequence[float],
    x: float,
    t: float,
) -> Example:
    spec = chain_spec(activations, weights, biases)
    trace = Network.from_spec(spec).trace(np.array([x]), np.array([t]))
    z = [float(layer.z[0, 0]) for layer in trace.layers]
    delta = [float(layer.delta[0, 0]) for layer in trace.layers]
    ratio = [abs(delta[i] / delta[i + 1]) for i in range(len(delta) - 1)]
    return {
        "activations": list(activations),
        "weights": [float(w) for w in weights],
        "biases": [float(b) for b in biases],
        "x": x,
        "t": t,
        "loss": "½(a⁽ᴸ⁾ − t)²",
        "z": z,
        "delta": delta,
        "abs_delta": [abs(d) for d in delta],
        "ratio": ratio,  # |δ⁽ˡ⁾ / δ⁽ˡ⁺¹⁾| = |f′(z⁽ˡ⁾) w⁽ˡ⁺¹⁾|
    }


def delta_list(values: Sequence[float], lang: str) -> str:
    return join_items([f"|δ⁽{sup(i + 1)}⁾| = {figures(v, 3)}" for i, v in enumerate(values)], lang)


SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def sup(n: int) -> str:
    return str(n).translate(SUPERSCRIPTS)
