"""A set slot that holds your own network (issue #14): ``spec = "networks/exam2024-q3.toml"``
(relative to the set file) becomes a problem with the worked solution of ``solve --steps``.

``vary = ["params"]`` and/or ``["data"]`` draws new numbers for each variant (variant 0 is the
file's own network), keeping the shapes, the activations and the loss: weights, biases and
inputs from the generator's calculator grids, regression targets on the other side of ½,
one-hot or 0/1 class targets; each draw keeps the sampler's rules (bounded net inputs off the
kinks and out of saturation, non-zero output error terms) or is drawn again.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from ..i18n import Text
from .model import Problem

SPEC_SLOT_KEYS = ("spec", "vary", "digits", "notation", "count", "points")
VARY_CHOICES = ("params", "data")
#: Draws of new numbers before a variant is given up.
VARY_DRAWS = 200


def spec_slot(raw: dict[str, Any], where: str, base: Path | None) -> dict[str, Any]:
    """The checked fields of a ``spec =`` slot: the spec's path (read now, so a bad file is
    refused when the set is loaded), ``vary``, ``digits`` and ``notation``."""
    from ..spec import SpecError, load_spec
    from .own_network import SolveOptions, SpecRefused, problem_from_spec
    from .sets import SetError, _err

    path = raw["spec"]
    if not isinstance(path, str) or not path.strip():
        raise _err(f"{where}.spec", "must be a path to a spec file", "必须是规格文件的路径")
    full = (base / path) if base is not None and not Path(path).is_absolute() else Path(path)
    vary = raw.get("vary", [])
    if not isinstance(vary, list) or any(v not in VARY_CHOICES for v in vary):
        raise _err(f"{where}.vary", "list params and/or data", "请列出 params 和/或 data")
    digits = raw.get("digits", 4)
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 12:
        raise _err(f"{where}.digits", "must be an integer from 1 to 12", "必须是 1 到 12 的整数")
    try:
        spec = load_spec(full)
        problem_from_spec(spec, SolveOptions(digits=digits))
    except SpecError as exc:
        raise SetError(f"{where}.spec", Text(exc.message("en"), exc.message("zh"))) from None
    except SpecRefused as exc:
        raise SetError(f"{where}.spec", exc.reason) from None
    return {"spec": str(full), "vary": tuple(vary), "digits": digits}


def spec_problem(
    path: str, vary: tuple[str, ...], digits: int, notation: str, seed: int, variant: int
) -> Problem:
    """The slot's problem for one variant: the file's numbers (variant 0 or nothing to vary),
    else new ones drawn from ``seed``."""
    from ..spec import load_spec
    from .own_network import SolveOptions, SpecRefused, problem_from_spec
    from .registry import GenerationError, VerificationError

    spec = load_spec(path)
    options = SolveOptions(digits=digits, notation=notation)
    source = Path(path).name
    if variant == 0 or not vary:
        return problem_from_spec(spec, options, source=source)
    rng = random.Random(f"own:{path}:{seed}")
    for _ in range(VARY_DRAWS):
        varied = varied_spec(spec, vary, rng)
        if not fits(varied):
            continue
        try:
            problem = problem_from_spec(varied, options, source=source)
        except (SpecRefused, VerificationError):
            continue
        return replace(problem, seed=seed, id=f"{problem.id}:v{variant}:{seed}")
    raise GenerationError(f"{source}: no fit numbers in {VARY_DRAWS} draws (seed {seed})")


def varied_spec(spec: Any, vary: tuple[str, ...], rng: random.Random) -> Any:
    """The spec with new weights and biases (params) and/or new x and t (data), same shapes."""
    from . import sampler as sp

    changes: dict[str, Any] = {}
    if "params" in vary:
        params = {}
        for name, value in spec.params.items():
            flat = [sp.sample_weight(rng, True, 2) for _ in range(value.size)]
            params[name] = np.asarray(flat, dtype=np.float64).reshape(value.shape)
        if _no_score_bias(spec):
            params[f"b{spec.depth}"] = np.zeros_like(spec.params[f"b{spec.depth}"])
        changes["params"] = params
    if "data" in vary:
        x = [[float(sp.sample_input(rng, True)) for _ in row] for row in spec.x]
        changes["x"] = np.asarray(x, dtype=np.float64)
        changes["t"] = np.asarray([_target(spec, row, rng) for row in spec.t], dtype=np.float64)
    return replace(spec, **changes)


def _no_score_bias(spec: Any) -> bool:
    """cs224n's score s = uᵀh has no bias: keep it at 0 when the file has it at 0."""
    return bool(np.all(spec.params[f"b{spec.depth}"] == 0))


def _target(spec: Any, row: Any, rng: random.Random) -> list[float]:
    n = len(row)
    if spec.loss in ("cross_entropy", "softmax_cross_entropy"):
        k = rng.randrange(n)
        return [1.0 if i == k else 0.0 for i in range(n)]
    if spec.loss == "binary_cross_entropy":
        return (
            [float(v) for v in row]
            if _no_score_bias(spec)
            else [float(rng.randint(0, 1)) for _ in row]
        )
    return [
        float(rng.choice((0, 1)))
        if spec.activations[-1].name == "sigmoid"
        else float(rng.choice((-1, 1)) * rng.randint(1, 4) / 2)
        for _ in row
    ]


def fits(spec: Any) -> bool:
    """The sampler's rules on every sample: net inputs bounded, off the kinks, out of
    saturation; output error terms not (nearly) zero."""
    from ..engine import Network
    from . import sampler as sp
    from .registry import Redraw

    trace = Network.from_spec(spec, np.float64).trace(spec.x, spec.t)
    try:
        for layer, step in enumerate(trace.layers):
            name = spec.activations[layer].name
            from ..catalog import get_activation

            for z in step.z:
                sp.check_net_input(list(z), name, get_activation(name).kinks)
        sp.check_nonzero(np.ravel(trace.layers[-1].delta).tolist(), sp.MIN_GRADIENT)
    except Redraw:
        return False
    return True
