"""Label the student-answer corpus (issue #13) with PyTorch autograd, independently of the checker.

Every entry of ``derivative.jsonl``, ``spec.jsonl`` and ``numeric.jsonl`` carries ``python``: a
hand transcription of what the student typed, as a Python expression over NumPy. This script
evaluates that transcription and compares it with PyTorch:

- ``derivative``: f′ of the activation by ``torch.autograd`` at 200 points away from the kinks,
  at the catalog default parameters and at 5 random parameter draws (an answer must hold for every
  γ/α/β, since the checker treats parameters as variables). For softmax the whole Jacobian
  (``torch.autograd.functional.jacobian``) on 60 random logit vectors of sizes 2 to 5.
- ``spec``: the gradient from a torch model of the spec on its own parameters and on 30 random
  networks of the same shape (W ~ U(−2, 2), b ~ U(−1, 1), x ~ U(−3, 3)); shape first, then value.
- ``numeric``: the exact torch value of the problem's part (from the ``spec`` in the stored
  problem JSON, or from ``given`` for problems without a network), accepted with the problem's own
  tolerance ``abs + rel·|value|``. With ``earlier`` values, ``carried_value`` is the torch value
  computed from the student's own earlier δ (a gradient hook), and ``carried_label`` says whether
  the answer matches it (error carried forward).

It never imports ``studykit`` (least of all ``studykit.check``): the activations, losses and the
network are written here in torch.

    python tests/check/corpus/label.py          # (re)write label, label_source, torch values
    python tests/check/corpus/label.py --check  # exit 1 if a stored label no longer matches
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

HERE = Path(__file__).resolve().parent
FILES = {"derivative": "derivative.jsonl", "spec": "spec.jsonl", "numeric": "numeric.jsonl"}
torch.set_default_dtype(torch.float64)

#: mistake ids of studykit/check/mistakes.py (copied as strings, not imported) and the new ids
#: that issue #13 asks the checker to learn.
CATALOGUE = {
    "forgot_fprime", "fprime_of_a", "transpose", "wrong_layer_W", "wrong_layer_a", "mse_factor",
    "update_sign", "updated_weights_backward", "softmax_ce_combined_wrongly", "bias_gradient",
    "early_rounding",
}  # fmt: skip
NEW = {
    "derivative": {
        "sign_flip", "forgot_square", "gave_f_not_fprime", "x_for_sigma", "forgot_chain_factor",
        "missing_product_term", "branches_swapped", "softmax_diagonal_only",
        "default_parameter_only",
    },
    "spec": {"delta_sign", "forgot_bias", "hadamard_for_matmul", "matmul_for_hadamard", "delta_T_a"},
    "numeric": {"scalar_sign_flip", "count_without_biases"},
}  # fmt: skip
ALLOWED = {
    "derivative": NEW["derivative"],
    "spec": CATALOGUE | NEW["spec"],
    "numeric": CATALOGUE | NEW["numeric"],
}
NOTATIONS = {"plain", "unicode", "latex", "notes"}
REQUIRED = {
    "derivative": ("activation",),
    "spec": ("spec", "wrt"),
    "numeric": ("problem", "problem_file", "part"),
}
COMMON = ("id", "mode", "class", "answer", "notation", "python", "label", "mistake")

# ----------------------------------------------------------------------------- activations (torch)

DEFAULTS: dict[str, dict[str, float]] = {
    "leaky_relu": {"gamma": 0.01},
    "prelu": {"gamma": 0.25},
    "elu": {"gamma": 1.0},
    "swish": {"beta": 1.0},
    "dyt": {"alpha": 0.5, "gamma": 1.0, "beta": 0.0},
}
#: where random parameter draws come from: the meaningful range of each parameter
PARAM_RANGES: dict[str, dict[str, tuple[float, float]]] = {
    "leaky_relu": {"gamma": (0.02, 0.5)},
    "prelu": {"gamma": (0.05, 0.9)},
    "elu": {"gamma": (0.2, 3.0)},
    "swish": {"beta": (0.2, 3.0)},
    "dyt": {"alpha": (0.2, 2.0), "gamma": (0.3, 2.5), "beta": (-1.0, 1.0)},
}
KINKS = (0.0, 1.0, -1.0, 2.0, -2.0)  # every kink of every catalog activation
ELEMENTWISE = (
    "identity", "sigmoid", "tanh", "hard_sigmoid", "hard_tanh", "relu", "leaky_relu", "prelu",
    "elu", "softplus", "swish", "gelu", "gelu_tanh", "gelu_sigmoid", "dyt",
)  # fmt: skip


def torch_activation(name: str, z: torch.Tensor, p: dict[str, float]) -> torch.Tensor:
    """f(z) in torch, element-wise except softmax (over a 1-D vector)."""
    if name == "identity":
        return z
    if name == "sigmoid":
        return torch.sigmoid(z)
    if name == "tanh":
        return torch.tanh(z)
    if name == "hard_sigmoid":  # max(min(0.25z + 0.5, 1), 0): not torch's hardsigmoid (z/6 + ½)
        return torch.clamp(0.25 * z + 0.5, 0.0, 1.0)
    if name == "hard_tanh":
        return F.hardtanh(z)
    if name == "relu":
        return F.relu(z)
    if name in ("leaky_relu", "prelu"):
        return F.leaky_relu(z, negative_slope=p["gamma"])
    if name == "elu":
        return F.elu(z, alpha=p["gamma"])
    if name == "softplus":
        return F.softplus(z)
    if name == "swish":
        return z * torch.sigmoid(p["beta"] * z)
    if name == "gelu":
        return F.gelu(z)
    if name == "gelu_tanh":
        return F.gelu(z, approximate="tanh")
    if name == "gelu_sigmoid":
        return z * torch.sigmoid(1.702 * z)
    if name == "dyt":
        return p["gamma"] * torch.tanh(p["alpha"] * z) + p["beta"]
    if name == "softmax":
        return torch.softmax(z, dim=0)
    raise KeyError(f"no torch activation {name!r}")


def torch_derivative(
    name: str, xs: np.ndarray, p: dict[str, float]
) -> tuple[np.ndarray, np.ndarray]:
    """(f(x), f′(x)) by autograd, element-wise."""
    x = torch.tensor(xs, requires_grad=True)
    y = torch_activation(name, x, p)
    (g,) = torch.autograd.grad(y.sum(), x)
    return y.detach().numpy(), g.numpy()


# ----------------------------------------------------------------------------- NumPy namespace


def _np_sigmoid(u: Any) -> Any:
    u = np.asarray(u, float)
    return np.where(
        u >= 0, 1 / (1 + np.exp(-np.abs(u))), np.exp(-np.abs(u)) / (1 + np.exp(-np.abs(u)))
    )


_erf = np.vectorize(math.erf, otypes=[float])


def _step(u: Any) -> Any:
    """H(u) = 1 for u > 0, 0 for u ≤ 0 (ReLU′(0) = 0); the points never sit on a kink."""
    return (np.asarray(u) > 0).astype(float)


def _col(v: Any) -> np.ndarray:
    return np.asarray(v, float).reshape(-1, 1)


def _hadamard(u: Any, v: Any) -> np.ndarray:
    """u ⊙ v as a student means it: defined only for equal shapes (no NumPy broadcasting)."""
    u, v = np.asarray(u, float), np.asarray(v, float)
    if u.shape != v.shape:
        raise ValueError(f"cannot multiply element-wise {u.shape} and {v.shape}")
    return u * v


BASE_NS: dict[str, Any] = {
    "np": np,
    "sigmoid": _np_sigmoid,
    "tanh": np.tanh,
    "exp": np.exp,
    "log": np.log,
    "sqrt": np.sqrt,
    "cosh": np.cosh,
    "sinh": np.sinh,
    "sech": lambda u: 1 / np.cosh(u),
    "erf": _erf,
    "Phi": lambda u: 0.5 * (1 + _erf(np.asarray(u) / math.sqrt(2))),
    "phi": lambda u: np.exp(-0.5 * np.asarray(u) ** 2) / math.sqrt(2 * math.pi),
    "H": _step,
    "step": _step,
    "where": np.where,
    "maximum": np.maximum,
    "minimum": np.minimum,
    "abs": np.abs,
    "pi": math.pi,
    "diag": lambda v: np.diagflat(np.asarray(v, float)),
    "outer": lambda u, v: np.outer(u, v),
    "relu": lambda u: np.maximum(u, 0),
    "had": _hadamard,
    "softmax": lambda v: np.exp(v - np.max(v)) / np.exp(v - np.max(v)).sum(),
}


def evaluate(python: str, names: dict[str, Any]) -> np.ndarray:
    value = eval(python, {"__builtins__": {}}, {**BASE_NS, **names})  # noqa: S307 - our own text
    return np.asarray(value, dtype=float)


# ----------------------------------------------------------------------------- derivative mode

N_POINTS = 200
N_DRAWS = 5


def _points(seed: int = 13) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out: list[float] = []
    while len(out) < N_POINTS:
        v = float(rng.uniform(-4.5, 4.5))
        if min(abs(v - k) for k in KINKS) > 0.05:
            out.append(v)
    return np.array(out)


def _param_draws(name: str, seed: int = 29) -> list[dict[str, float]]:
    defaults = DEFAULTS.get(name, {})
    if not defaults:
        return [{}]
    rng = np.random.default_rng(seed)
    draws = [dict(defaults)]
    for _ in range(N_DRAWS):
        draws.append({k: float(rng.uniform(*PARAM_RANGES[name][k])) for k in defaults})
    return draws


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.all(np.isfinite(a)) and np.allclose(a, b, rtol=1e-6, atol=1e-9))


def label_derivative(e: dict[str, Any]) -> dict[str, Any]:
    name = e["activation"]
    if name == "softmax":
        return _label_softmax(e)
    xs = _points()
    results = []
    for p in _param_draws(name):
        a, ref = torch_derivative(name, xs, p)
        try:
            got = np.broadcast_to(evaluate(e["python"], {"x": xs, "z": xs, "a": a, **p}), xs.shape)
        except (ValueError, TypeError, ZeroDivisionError, FloatingPointError) as exc:
            return {"label": "wrong", "label_source": f"transcription does not evaluate: {exc}"}
        results.append(_close(got, ref))
    where = f"torch autograd of {name}′ at {N_POINTS} points away from the kinks"
    if len(results) > 1:
        where += f", at the default parameters and {N_DRAWS} random parameter draws"
    if all(results):
        return {"label": "correct", "label_source": where}
    if results[0]:
        return {"label": "wrong", "label_source": where + " (right at the defaults only)",
                "default_only": True}  # fmt: skip
    return {"label": "wrong", "label_source": where}


def _label_softmax(e: dict[str, Any]) -> dict[str, Any]:
    rng = np.random.default_rng(41)
    count = 60
    for k in range(count):
        n = 2 + k % 4
        z = rng.uniform(-3, 3, n)
        zt = torch.tensor(z)
        jac = torch.autograd.functional.jacobian(lambda v: torch_activation("softmax", v, {}), zt)
        y = torch.softmax(zt, 0).numpy()
        names = {"z": _col(z), "y": _col(y), "a": _col(y), "n": n, "I": np.eye(n)}
        try:
            got = evaluate(e["python"], names)
        except (ValueError, TypeError) as exc:
            return {"label": "wrong", "label_source": f"transcription does not evaluate: {exc}"}
        if got.shape != (n, n) or not _close(got, jac.numpy()):
            return {
                "label": "wrong",
                "label_source": f"torch autograd Jacobian, differs at n = {n}",
            }
    source = f"torch.autograd.functional.jacobian of softmax on {count} logit vectors (n = 2…5)"
    return {"label": "correct", "label_source": source}


# ----------------------------------------------------------------------------- networks (torch)


def _activation_specs(network: dict[str, Any]) -> list[tuple[str, dict[str, float]]]:
    depth = len(network["layers"]) - 1
    acts = network["activation"]
    acts = acts if isinstance(acts, list) else [acts] * depth
    out = []
    for a in acts:
        if isinstance(a, str):
            out.append((a, dict(DEFAULTS.get(a, {}))))
        else:
            rest = {k: float(v) for k, v in a.items() if k != "name"}
            out.append((a["name"], {**DEFAULTS.get(a["name"], {}), **rest}))
    return out


def torch_loss(loss: str, out: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    if loss == "mse":
        return F.mse_loss(out, t, reduction="sum") / 2
    if loss == "mse_sum":
        return F.mse_loss(out, t, reduction="sum")
    if loss == "mse_mean":
        return F.mse_loss(out, t, reduction="mean")
    if loss == "cross_entropy":
        return -(t * torch.log(out)).sum()
    if loss == "softmax_cross_entropy":
        return F.cross_entropy(out[None, :], t[None, :])
    if loss == "binary_cross_entropy":
        return F.binary_cross_entropy(out, t, reduction="sum")
    raise KeyError(f"no torch loss {loss!r}")


def run_network(
    network: dict[str, Any],
    params: dict[str, np.ndarray],
    x: np.ndarray,
    t: np.ndarray,
    delta_overrides: dict[int, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Forward and backward through a torch model of the network (1-D vectors).

    ``delta_overrides[l]`` replaces ∂L/∂z⁽ˡ⁾ on its way back (a gradient hook), so every earlier
    gradient is computed from it, as a student carrying their own δ⁽ˡ⁾ would.
    """
    acts = _activation_specs(network)
    depth = len(acts)
    tp = {k: torch.tensor(np.asarray(v, float), requires_grad=True) for k, v in params.items()}
    xt = torch.tensor(np.asarray(x, float), requires_grad=True)
    tt = torch.tensor(np.asarray(t, float))
    a = xt
    out: dict[str, Any] = {}
    zs, as_ = [], []
    for l in range(1, depth + 1):
        z = tp[f"W{l}"] @ a + tp[f"b{l}"]
        z.retain_grad()
        if delta_overrides and l in delta_overrides:
            fixed = torch.tensor(np.asarray(delta_overrides[l], float).reshape(z.shape))
            z.register_hook(lambda g, fixed=fixed: fixed)
        name, p = acts[l - 1]
        a = torch_activation(name, z, p)
        a.retain_grad()
        zs.append(z)
        as_.append(a)
    loss = torch_loss(network["loss"], a, tt)
    loss.backward()
    for l in range(1, depth + 1):
        z, a = zs[l - 1], as_[l - 1]
        out[f"z{l}"] = z.detach().numpy()
        out[f"a{l}"] = a.detach().numpy()
        out[f"da{l}"] = a.grad.numpy()
        out[f"delta{l}"] = (
            np.asarray(delta_overrides[l], float).reshape(z.shape)
            if delta_overrides and l in delta_overrides
            else z.grad.numpy()
        )
        out[f"dW{l}"] = tp[f"W{l}"].grad.numpy()
        out[f"db{l}"] = tp[f"b{l}"].grad.numpy()
    out["dx"] = xt.grad.numpy()
    out["loss"] = np.asarray(loss.item())
    last = as_[-1].detach()
    out["y"] = (
        torch.softmax(last, 0) if network["loss"] == "softmax_cross_entropy" else last
    ).numpy()
    return out


# ----------------------------------------------------------------------------- spec mode

N_NETWORKS = 30


def load_spec(rel: str) -> dict[str, Any]:
    with open(HERE / rel, "rb") as fh:
        return tomllib.load(fh)


def _random_target(loss: str, n: int, rng: np.random.Generator) -> np.ndarray:
    if loss in ("cross_entropy", "softmax_cross_entropy"):
        t = np.zeros(n)
        t[rng.integers(n)] = 1.0
        return t
    if loss == "binary_cross_entropy":
        return rng.uniform(0, 1, n)
    return rng.uniform(-1, 1, n)


def spec_draws(spec: dict[str, Any], seed: int = 2718) -> list[tuple[dict, np.ndarray, np.ndarray]]:
    net = spec["network"]
    layers = net["layers"]
    own = {k: np.asarray(v, float) for k, v in spec["params"].items()}
    draws = [(own, np.asarray(spec["data"]["x"], float), np.asarray(spec["data"]["t"], float))]
    rng = np.random.default_rng(seed)
    for _ in range(N_NETWORKS):
        params = {}
        for l in range(1, len(layers)):
            params[f"W{l}"] = rng.uniform(-2, 2, (layers[l], layers[l - 1]))
            params[f"b{l}"] = rng.uniform(-1, 1, layers[l])
        x = rng.uniform(-3, 3, layers[0])
        draws.append((params, x, _random_target(net["loss"], layers[-1], rng)))
    return draws


def _wrt_key(wrt: str) -> str:
    if wrt in ("x", "a0"):
        return "dx"
    kind, layer = wrt.rstrip("0123456789"), wrt[len(wrt.rstrip("0123456789")) :]
    return {"W": "dW", "b": "db", "z": "delta", "delta": "delta", "a": "da"}[kind] + layer


def spec_namespace(spec: dict, params: dict, x: np.ndarray, t: np.ndarray, values: dict) -> dict:
    depth = len(spec["network"]["layers"]) - 1
    ns: dict[str, Any] = {"x": _col(x), "a0": _col(x), "t": _col(t), "y": _col(values["y"])}
    ns["eta"] = ns["lr"] = 0.1
    for l in range(1, depth + 1):
        ns[f"W{l}"] = np.asarray(params[f"W{l}"], float)
        ns[f"b{l}"] = _col(params[f"b{l}"])
        for key in ("z", "a", "delta"):
            ns[f"{key}{l}"] = _col(values[f"{key}{l}"])
    return ns


def label_spec(e: dict[str, Any]) -> dict[str, Any]:
    spec = load_spec(e["spec"])
    key = _wrt_key(e["wrt"])
    draws = spec_draws(spec)
    for k, (params, x, t) in enumerate(draws):
        values = run_network(spec["network"], params, x, t)
        ref = values[key]
        ref = ref if key.startswith("dW") else _col(ref)
        try:
            got = evaluate(e["python"], spec_namespace(spec, params, x, t, values))
        except (ValueError, TypeError) as exc:
            return {"label": "wrong", "label_source": f"no shape-valid reading: {exc}"}
        if got.size == 1 and ref.size == 1:
            got = got.reshape(ref.shape)
        if got.shape != ref.shape:
            return {
                "label": "wrong",
                "label_source": f"shape {got.shape} but torch's gradient is {ref.shape}",
            }
        if not _close(got, ref):
            which = "the spec's own parameters" if k == 0 else f"random network {k}"
            return {"label": "wrong", "label_source": f"torch autograd differs on {which}"}
    source = f"torch autograd on the spec's parameters and {N_NETWORKS} random networks"
    return {"label": "correct", "label_source": source}


# ----------------------------------------------------------------------------- numeric mode


def _problem(rel: str) -> dict[str, Any]:
    with open(HERE / rel, encoding="utf-8") as fh:
        return json.load(fh)


def _part_value(values: dict[str, np.ndarray], part: str, lr: float | None) -> np.ndarray:
    if "[" in part:  # dW1[1,2]: one entry, 1-based
        base, idx = part.split("[")
        i, j = (int(v) - 1 for v in idx.rstrip("]").split(","))
        return np.asarray(values[base][i, j])
    if part.endswith("_new"):
        name = part[: -len("_new")]
        grad = values["d" + name]
        return values["param:" + name] - lr * grad
    return np.asarray(values[part])


def network_values(problem: dict, overrides: dict[int, np.ndarray] | None = None) -> dict:
    spec = problem["spec"]
    params = {k: np.asarray(v, float) for k, v in spec["params"].items()}
    values = run_network(
        spec["network"], params, spec["data"]["x"], spec["data"]["t"], delta_overrides=overrides
    )
    values.update({f"param:{k}": v for k, v in params.items()})
    return values


def given_values(given: dict[str, Any]) -> dict[str, np.ndarray]:
    """Problems without a network: the numbers their statement gives, computed in torch."""
    kind = given["kind"]
    if kind == "parameter_count":
        layers = given["layers"]
        model = torch.nn.Sequential(
            *[torch.nn.Linear(layers[i], layers[i + 1]) for i in range(len(layers) - 1)]
        )
        return {"total": np.asarray(sum(p.numel() for p in model.parameters()), float)}
    if kind == "activation_value":
        p = {**DEFAULTS.get(given["activation"], {}), **given.get("params", {})}
        _, g = torch_derivative(given["activation"], np.array([given["z"]], float), p)
        return {"d1": np.asarray(g[0])}
    if kind == "cs224n":
        s = torch.tensor(float(given["s"]), requires_grad=True)
        sig = torch.sigmoid(s)
        loss = -torch.log(sig)
        loss.backward()
        return {
            "sigma": sig.detach().numpy(),
            "loss": loss.detach().numpy(),
            "grad": s.grad.numpy(),
        }
    if kind == "output_layer":
        z = torch.tensor(given["z"], dtype=torch.float64)
        sig, soft = torch.sigmoid(z), torch.softmax(z, 0)
        return {
            "sigmoid": sig.numpy(),
            "sigmoid_sum": sig.sum().numpy(),
            "softmax": soft.numpy(),
            "softmax_sum": soft.sum().numpy(),
        }
    raise KeyError(f"unknown given kind {kind!r}")


def fit(student: np.ndarray, target: np.ndarray) -> np.ndarray | None:
    """The student's numbers in the target's shape, or None when the shapes do not fit."""
    if student.shape == target.shape:
        return student
    if student.size != target.size:
        return None
    vector_like = lambda v: v.ndim <= 1 or 1 in v.shape  # noqa: E731
    if vector_like(student) and vector_like(target):
        return student.reshape(target.shape)
    return None


def within(student: np.ndarray, target: np.ndarray, tol: dict[str, float]) -> bool | None:
    fitted = fit(student, target)
    if fitted is None:
        return None
    bound = tol["abs"] + tol["rel"] * np.abs(target)
    return bool(np.all(np.abs(fitted - target) <= bound + 1e-12))


def _plain(v: np.ndarray) -> Any:
    v = np.asarray(v, float)
    rounded = np.round(v, 8) + 0.0
    return float(rounded) if v.ndim == 0 else rounded.tolist()


def label_numeric(e: dict[str, Any]) -> dict[str, Any]:
    problem = _problem(e["problem_file"])
    if problem["id"] != e["problem"]:
        raise ValueError(f"{e['id']}: problem id {e['problem']!r} is not {problem['id']!r}")
    answer = next(a for a in problem["answers"] if a["id"] == e["part"])
    tol = answer["tolerance"]
    lr = (problem.get("spec") or {}).get("train", {}).get("lr")
    values = network_values(problem) if problem.get("spec") else given_values(e["given"])
    target = _part_value(values, e["part"], lr)
    try:
        student = evaluate(e["python"], {})
    except (ValueError, TypeError, SyntaxError) as exc:
        raise ValueError(f"{e['id']}: transcription does not evaluate: {exc}") from None
    ok = within(student, target, tol)
    out: dict[str, Any] = {"torch_value": _plain(target)}
    how = f"torch autograd value, tolerance {tol['abs']:.6g} + {tol['rel']:.6g}·|value|"
    if ok is None:
        out.update(label="wrong", label_source=how + f"; shape {student.shape} does not fit")
    else:
        out.update(label="correct" if ok else "wrong", label_source=how)
    if e.get("earlier"):
        overrides = {}
        for key in e["earlier"]:
            if not key.startswith("delta"):
                raise ValueError(f"{e['id']}: only earlier δ values are carried by the labeller")
            overrides[int(key[len("delta") :])] = evaluate(e["earlier_python"][key], {})
        carried = _part_value(network_values(problem, overrides), e["part"], lr)
        c_ok = within(student, carried, tol)
        out["carried_value"] = _plain(carried)
        out["carried_label"] = "correct" if c_ok else "wrong"
    return out


# ----------------------------------------------------------------------------- driver

LABELLERS = {"derivative": label_derivative, "spec": label_spec, "numeric": label_numeric}
ORDER = (
    "id", "mode", "class", "activation", "params", "form", "spec", "wrt", "problem",
    "problem_file", "part", "given", "earlier", "earlier_python", "answer", "notation", "python",
    "label", "mistake", "label_source", "torch_value", "carried_value", "carried_label", "note",
)  # fmt: skip


def read(mode: str) -> list[dict[str, Any]]:
    path = HERE / FILES[mode]
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def write(mode: str, entries: list[dict[str, Any]]) -> None:
    lines = []
    for e in entries:
        ordered = {k: e[k] for k in ORDER if k in e}
        ordered.update({k: v for k, v in e.items() if k not in ordered})
        lines.append(json.dumps(ordered, ensure_ascii=False))
    (HERE / FILES[mode]).write_text("\n".join(lines) + "\n", encoding="utf-8")


def validate(mode: str, e: dict[str, Any]) -> list[str]:
    problems = [f"missing {k}" for k in COMMON + REQUIRED[mode] if k not in e]
    if e.get("mode") != mode:
        problems.append(f"mode {e.get('mode')!r} in {FILES[mode]}")
    if e.get("notation") not in NOTATIONS:
        problems.append(f"notation {e.get('notation')!r}")
    mistake = e.get("mistake")
    if mistake is not None and mistake not in ALLOWED[mode]:
        problems.append(f"unknown mistake id {mistake!r}")
    if e.get("label") == "correct" and mistake is not None:
        problems.append("a correct answer with a mistake id")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="verify stored labels, write nothing")
    ap.add_argument("--mode", choices=list(FILES), help="only this mode")
    args = ap.parse_args(argv)
    bad = 0
    for mode in [args.mode] if args.mode else list(FILES):
        entries = read(mode)
        counts = {"correct": 0, "wrong": 0}
        for e in entries:
            issues = validate(mode, e)
            result = LABELLERS[mode](e)
            default_only = result.pop("default_only", False)
            if e.get("mistake") == "default_parameter_only" and not default_only:
                issues.append("default_parameter_only, but not right at the defaults only")
            for key, value in result.items():
                if e.get(key) != value:
                    if args.check or key == "label":
                        issues.append(f"{key}: stored {e.get(key)!r}, computed {value!r}")
                    e[key] = value
            counts[result["label"]] += 1
            if issues:
                bad += 1
                print(f"{e.get('id')}: " + "; ".join(issues))
        ids = [e["id"] for e in entries]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            bad += 1
            print(f"{mode}: duplicate ids {sorted(dupes)}")
        if not args.check:
            write(mode, entries)
        print(
            f"{mode}: {len(entries)} entries, {counts['correct']} correct, {counts['wrong']} wrong"
        )
    if bad:
        print(f"{bad} problem(s)" + (" — stored labels do not match" if args.check else ""))
        return 1
    print("labels match" if args.check else "labels written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
