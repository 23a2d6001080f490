"""Network spec files (TOML): an exam network, its parameters, data and training settings.

``W{l}`` has shape ``[n_l, n_(l-1)]`` (``[k·n_l, n_(l-1)]`` for a maxout layer with k pieces),
``b{l}`` has ``n_l`` entries. Every malformed file is refused with a :class:`SpecError` that
names the field and what is wrong, in one line (the field checks: ``_spec_fields``).
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ._spec_fields import (
    SpecError,
    array,
    check_keys,
    field_error,
    nesting,
    number,
    positive_int,
    table,
)
from .catalog import ACTIVATIONS, LOSSES, get_activation
from .i18n import Text

__all__ = [
    "DTYPES",
    "INITIALIZERS",
    "MAX_LAYER_WIDTH",
    "MAX_LAYERS",
    "OPTIMIZER_OPTIONS",
    "OPTIMIZERS",
    "ActivationSpec",
    "NetworkSpec",
    "SpecError",
    "TrainSpec",
    "load_spec",
    "parse_spec",
    "spec_from_dict",
]

INITIALIZERS = (
    "zeros",
    "normal",
    "uniform",
    "xavier_normal",
    "xavier_uniform",
    "kaiming_normal",
    "kaiming_uniform",
)
OPTIMIZERS = ("sgd", "momentum", "adagrad", "rmsprop", "adam")
DTYPES = ("float64", "float32")
MAX_LAYER_WIDTH = 4096
MAX_LAYERS = 32


@dataclass(frozen=True)
class ActivationSpec:
    """An activation by catalog name, with every parameter filled in (defaults included)."""

    name: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> str | dict[str, Any]:
        defaults = get_activation(self.name).defaults()
        changed = {
            k: (list(v) if isinstance(v, tuple) else v)
            for k, v in self.params.items()
            if not (k in defaults and _same(v, defaults[k]))
        }
        return {"name": self.name, **changed} if changed else self.name


@dataclass(frozen=True)
class TrainSpec:
    """One optimiser's settings: ``lr`` (η) and the optimiser's own options."""

    lr: float = 0.1
    optimizer: str = "sgd"
    weight_decay: float = 0.0
    options: Mapping[str, Any] = field(default_factory=dict)
    epochs: int = 100
    batch_size: int = 0  # 0 = the whole data set (batch gradient descent)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"lr": self.lr, "optimizer": self.optimizer}
        if self.weight_decay:
            out["weight_decay"] = self.weight_decay
        out.update(self.options)
        return out


@dataclass(frozen=True)
class NetworkSpec:
    """A dense network ``z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾``, ``a⁽ˡ⁾ = f_l(z⁽ˡ⁾)``, its loss and data."""

    layers: tuple[int, ...]
    activations: tuple[ActivationSpec, ...]
    loss: str = "mse"
    params: Mapping[str, np.ndarray] | None = None
    init: str = "xavier_normal"
    seed: int = 0
    dtype: str = "float64"
    x: np.ndarray | None = None  # [B, n_0]
    t: np.ndarray | None = None  # [B, n_L]
    batched: bool = False
    train: TrainSpec | None = None

    @property
    def depth(self) -> int:
        """L, the number of weight layers."""
        return len(self.layers) - 1

    def weight_shape(self, layer: int) -> tuple[int, int]:
        """Shape of ``W{layer}`` (1-based): ``[k·n_l, n_(l-1)]``."""
        act = self.activations[layer - 1]
        k = get_activation(act.name).pieces(act.params)
        return (k * self.layers[layer], self.layers[layer - 1])

    def to_dict(self) -> dict[str, Any]:
        """The TOML structure, JSON-serialisable (numbers as Python floats)."""
        acts = [a.to_dict() for a in self.activations]
        network: dict[str, Any] = {
            "layers": list(self.layers),
            "activation": acts[0] if all(a == acts[0] for a in acts) else acts,
            "loss": self.loss,
        }
        if self.params is None:
            network.update(init=self.init, seed=self.seed)
        if self.dtype != "float64":
            network["dtype"] = self.dtype
        out: dict[str, Any] = {"network": network}
        if self.params is not None:
            out["params"] = {k: np.asarray(v).tolist() for k, v in self.params.items()}
        if self.x is not None and self.t is not None:
            x, t = self.x.tolist(), self.t.tolist()
            out["data"] = {"x": x if self.batched else x[0], "t": t if self.batched else t[0]}
        if self.train is not None:
            out["train"] = self.train.to_dict()
        return out


def _same(a: Any, b: Any) -> bool:
    return np.shape(a) == np.shape(b) and bool(np.all(np.asarray(a) == np.asarray(b)))


# ----------------------------------------------------------------------------- loading


def load_spec(path: str | Path) -> NetworkSpec:
    """Read and validate a spec file; raises :class:`SpecError` (never a traceback)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError("file", Text("no such file", "文件不存在"), str(p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(
            "file", Text("cannot read it: {e}", "无法读取：{e}").format(e=exc), str(p)
        ) from None
    return parse_spec(text, source=str(p))


def parse_spec(text: str, source: str = "") -> NetworkSpec:
    """Validate TOML text as a spec."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(
            "toml", Text("not valid TOML: {e}", "不是合法的 TOML：{e}").format(e=exc), source
        ) from None
    try:
        return spec_from_dict(data)
    except SpecError as exc:
        exc.source = source
        raise


def _activation(value: Any, where: str, width: int) -> ActivationSpec:
    """An activation name or ``{name = …, param = …}``: a catalog activation with every parameter
    filled in (defaults included), per-neuron parameters as lists of ``width`` entries."""
    if isinstance(value, str):
        name, given = value, {}
    elif isinstance(value, Mapping):
        if "name" not in value or not isinstance(value["name"], str):
            raise field_error(
                where, 'an activation table needs name = "…"', '激活函数表需要 name = "…"'
            )
        name, given = value["name"], {k: v for k, v in value.items() if k != "name"}
    else:
        raise field_error(
            where,
            "must be an activation name or a table, got {v!r}",
            "必须是激活函数名或表，得到的是 {v!r}",
            v=value,
        )
    if name not in ACTIVATIONS:
        close = difflib.get_close_matches(name, list(ACTIVATIONS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise field_error(
            where, "unknown activation {n!r}{h}", "未知激活函数 {n!r}{h}", n=name, h=hint
        )
    act = ACTIVATIONS[name]
    check_keys(given, where, tuple(p.name for p in act.params))
    params: dict[str, Any] = {}
    for p in act.params:
        value_p = given.get(p.name, p.default)
        here = f"{where}.{p.name}"
        if p.integer:
            params[p.name] = positive_int(value_p, here, limit=16)
        elif p.per_neuron and isinstance(value_p, list):
            params[p.name] = tuple(array(value_p, here, (width,)).tolist())
        else:
            params[p.name] = number(value_p, here)
    return ActivationSpec(name, params)


def spec_from_dict(data: Mapping[str, Any]) -> NetworkSpec:
    """Validate a TOML-shaped mapping (as read from a file or a problem's JSON): [network],
    then [params], [data] and [train], each field checked in this order."""
    check_keys(data, "", ("network", "params", "data", "train"))
    net = table(data, "network", required=True)
    assert net is not None
    check_keys(net, "network", ("layers", "activation", "loss", "init", "seed", "dtype"))
    layers = _layers(net)
    activations = _activations(net, layers)
    loss = _loss(net, activations[-1].name)
    init, seed, dtype = _initialisation(net)
    spec = NetworkSpec(
        layers=layers, activations=activations, loss=loss, init=init, seed=seed, dtype=dtype
    )
    params = _params(data, spec)
    x, t, batched = _data(data, layers, loss)
    train = None
    train_raw = table(data, "train", required=False)
    if train_raw is not None:
        train = _train(train_raw)
    return NetworkSpec(
        layers=layers,
        activations=activations,
        loss=loss,
        params=params,
        init=init,
        seed=seed,
        dtype=dtype,
        x=x,
        t=t,
        batched=batched,
        train=train,
    )


def _layers(net: Mapping[str, Any]) -> tuple[int, ...]:
    """network.layers: at least two sizes, input first, at most MAX_LAYERS + 1 of them."""
    if "layers" not in net:
        raise field_error(
            "network.layers",
            "missing (the layer sizes, input first)",
            "缺失（各层大小，输入层在前）",
        )
    layers_raw = net["layers"]
    if not isinstance(layers_raw, list) or len(layers_raw) < 2:
        raise field_error(
            "network.layers",
            "must list at least two sizes, e.g. [2, 2, 1]",
            "至少要列出两个层大小，例如 [2, 2, 1]",
        )
    if len(layers_raw) > MAX_LAYERS + 1:
        raise field_error("network.layers", "at most {n} layers", "最多 {n} 层", n=MAX_LAYERS)
    layers = tuple(
        positive_int(v, f"network.layers[{i + 1}]", limit=MAX_LAYER_WIDTH)
        for i, v in enumerate(layers_raw)
    )
    return layers


def _activations(net: Mapping[str, Any], layers: tuple[int, ...]) -> tuple[ActivationSpec, ...]:
    """network.activation: one for every weight layer, or a list of one per weight layer."""
    depth = len(layers) - 1
    act_raw = net.get("activation", "sigmoid")
    if isinstance(act_raw, list):
        if len(act_raw) != depth:
            raise field_error(
                "network.activation",
                "lists {m} activations but the network has {n} weight layers",
                "列出了 {m} 个激活函数，但网络有 {n} 个权重层",
                m=len(act_raw),
                n=depth,
            )
        activations = tuple(
            _activation(v, f"network.activation[{i + 1}]", layers[i + 1])
            for i, v in enumerate(act_raw)
        )
    else:
        activations = tuple(
            _activation(act_raw, "network.activation", layers[i + 1]) for i in range(depth)
        )
    return activations


def _loss(net: Mapping[str, Any], last: str) -> str:
    """network.loss: a catalog loss that fits the output activation ``last``."""
    loss = net.get("loss", "mse")
    if not isinstance(loss, str) or loss not in LOSSES:
        close = difflib.get_close_matches(str(loss), list(LOSSES), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise field_error(
            "network.loss", "unknown loss {n!r}{h}", "未知损失函数 {n!r}{h}", n=loss, h=hint
        )
    if loss == "cross_entropy" and last not in ("softmax", "sigmoid"):
        raise field_error(
            "network.loss",
            "cross_entropy needs probabilities: the output activation must be softmax or sigmoid, not {a}",
            "cross_entropy 需要概率：输出层激活函数必须是 softmax 或 sigmoid，而不是 {a}",
            a=last,
        )
    if loss == "binary_cross_entropy" and last != "sigmoid":
        raise field_error(
            "network.loss",
            "binary_cross_entropy needs a sigmoid output, not {a}",
            "binary_cross_entropy 需要 sigmoid 输出，而不是 {a}",
            a=last,
        )
    return loss


def _initialisation(net: Mapping[str, Any]) -> tuple[str, int, str]:
    """network.init, network.seed and network.dtype."""
    init = net.get("init", "xavier_normal")
    if init not in INITIALIZERS:
        raise field_error(
            "network.init",
            "unknown initializer {n!r}; known: {k}",
            "未知初始化方法 {n!r}；可选：{k}",
            n=init,
            k=", ".join(INITIALIZERS),
        )
    seed = net.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise field_error(
            "network.seed",
            "must be a whole number ≥ 0, got {v!r}",
            "必须是 ≥ 0 的整数，得到的是 {v!r}",
            v=seed,
        )
    dtype = net.get("dtype", "float64")
    if dtype not in DTYPES:
        raise field_error(
            "network.dtype",
            "must be float64 or float32, got {v!r}",
            "必须是 float64 或 float32，得到的是 {v!r}",
            v=dtype,
        )
    return init, seed, dtype


def _params(data: Mapping[str, Any], spec: NetworkSpec) -> dict[str, np.ndarray] | None:
    """[params]: W{l} and b{l} of every layer in the shape the layers give, or None."""
    params_raw = table(data, "params", required=False)
    params = None
    if params_raw is not None:
        expected = {}
        for layer in range(1, spec.depth + 1):
            rows, cols = spec.weight_shape(layer)
            expected[f"W{layer}"] = (rows, cols)
            expected[f"b{layer}"] = (rows,)
        check_keys(params_raw, "params", tuple(expected))
        params = {}
        for key, shape in expected.items():
            if key not in params_raw:
                raise field_error(
                    f"params.{key}", "missing (shape {s})", "缺失（形状 {s}）", s=list(shape)
                )
            params[key] = array(params_raw[key], f"params.{key}", shape)
    return params


def _data(
    data: Mapping[str, Any], layers: tuple[int, ...], loss: str
) -> tuple[np.ndarray | None, np.ndarray | None, bool]:
    """[data]: one sample x, t or a batch of them ([B, n]); targets in [0, 1] for a loss that
    needs probabilities. (None, None, False) without [data]."""
    x = t = None
    batched = False
    data_raw = table(data, "data", required=False)
    if data_raw is not None:
        check_keys(data_raw, "data", ("x", "t"))
        for key in ("x", "t"):
            if key not in data_raw:
                raise field_error(f"data.{key}", "missing", "缺失")
        batched = nesting(data_raw["x"]) == 2
        n_in, n_out = layers[0], layers[-1]
        if batched:
            if not data_raw["x"]:
                raise field_error("data.x", "the batch is empty", "批量为空")
            batch = len(data_raw["x"])
            x = array(data_raw["x"], "data.x", (batch, n_in))
            t = array(data_raw["t"], "data.t", (batch, n_out))
        else:
            x = array(data_raw["x"], "data.x", (n_in,))[None, :]
            t = array(data_raw["t"], "data.t", (n_out,))[None, :]
        if LOSSES[loss].needs_probabilities and (np.any(t < 0) or np.any(t > 1)):
            raise field_error(
                "data.t", "{l} needs targets in [0, 1]", "{l} 的目标值必须在 [0, 1] 内", l=loss
            )
    return x, t, batched


#: Optimiser options and their defaults (torch's, so that results can be compared).
OPTIMIZER_OPTIONS: dict[str, dict[str, Any]] = {
    "sgd": {},
    "momentum": {"momentum": 0.9},
    "adagrad": {"eps": 1e-10},
    "rmsprop": {"decay": 0.99, "eps": 1e-8},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "bias_correction": True},
}


def _train(raw: Mapping[str, Any]) -> TrainSpec:
    """[train]: η > 0, a known optimiser with only its own options (β, γ, μ in [0, 1), ε ≥ 0),
    weight decay ≥ 0, epochs and the batch size (0: the whole data set)."""
    option_names = sorted({k for opts in OPTIMIZER_OPTIONS.values() for k in opts})
    check_keys(
        raw, "train", ("lr", "optimizer", "weight_decay", "epochs", "batch_size", *option_names)
    )
    lr = number(raw.get("lr", 0.1), "train.lr")
    if lr <= 0:
        raise field_error("train.lr", "must be > 0, got {v}", "必须 > 0，得到的是 {v}", v=lr)
    optimizer = raw.get("optimizer", "sgd")
    if optimizer not in OPTIMIZERS:
        raise field_error(
            "train.optimizer",
            "unknown optimizer {n!r}; known: {k}",
            "未知优化器 {n!r}；可选：{k}",
            n=optimizer,
            k=", ".join(OPTIMIZERS),
        )
    weight_decay = number(raw.get("weight_decay", 0.0), "train.weight_decay")
    if weight_decay < 0:
        raise field_error(
            "train.weight_decay", "must be ≥ 0, got {v}", "必须 ≥ 0，得到的是 {v}", v=weight_decay
        )
    options = dict(OPTIMIZER_OPTIONS[optimizer])
    for key in option_names:
        if key in raw:
            if key not in options:
                raise field_error(
                    f"train.{key}", "is not an option of {o}", "不是 {o} 的选项", o=optimizer
                )
            if key == "bias_correction":
                if not isinstance(raw[key], bool):
                    raise field_error(
                        "train.bias_correction", "must be true or false", "必须是 true 或 false"
                    )
                options[key] = raw[key]
            else:
                value = number(raw[key], f"train.{key}")
                if key == "eps" and value < 0:
                    raise field_error(
                        "train.eps", "must be ≥ 0, got {v}", "必须 ≥ 0，得到的是 {v}", v=value
                    )
                if key != "eps" and not 0 <= value < 1:
                    raise field_error(
                        f"train.{key}",
                        "must lie in [0, 1), got {v}",
                        "必须在 [0, 1) 内，得到的是 {v}",
                        v=value,
                    )
                options[key] = value
    epochs = positive_int(raw.get("epochs", 100), "train.epochs", limit=1_000_000)
    batch_size = raw.get("batch_size", 0)
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 0:
        raise field_error(
            "train.batch_size",
            "must be a whole number ≥ 0 (0 = whole data set)",
            "必须是 ≥ 0 的整数（0 = 全部数据）",
        )
    return TrainSpec(
        lr=lr,
        optimizer=optimizer,
        weight_decay=weight_decay,
        options=options,
        epochs=epochs,
        batch_size=batch_size,
    )
