"""``studykit solve SPEC.toml``: every number of the forward and backward pass, and one update."""

from __future__ import annotations

from typing import Any

import click
import numpy as np

from ..i18n import Text
from ._common import current_lang, lang_option, load_spec_or_fail, print_json

H = {
    "forward": Text("Forward pass", "前向传播"),
    "layer": Text("Layer {l}", "第 {l} 层"),
    "loss": Text("Loss", "损失"),
    "backward": Text("Backward pass (error terms δ = ∂L/∂z)", "反向传播（误差项 δ = ∂L/∂z）"),
    "grads": Text("Gradients", "梯度"),
    "update": Text(
        "After one {opt} step with learning rate η = {lr}", "用 {opt}、学习率 η = {lr} 更新一步后"
    ),
    "regularised": Text(
        "(regularised risk: mean loss + ½λ‖W‖², λ = {wd})",
        "（正则化风险：平均损失 + ½λ‖W‖²，λ = {wd}）",
    ),
    "batch": Text(
        "batch of {b} samples; loss and gradients are means over it",
        "批量 {b} 个样本；损失和梯度取平均",
    ),
}


_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _sup(layer: int) -> str:
    """⁽ˡ⁾, the textbook layer superscript."""
    return f"⁽{str(layer).translate(_SUP)}⁾"


def _param_label(name: str) -> str:
    """``W2`` → ``W⁽²⁾``, ``gamma1`` → ``gamma⁽¹⁾``."""
    stem = name.rstrip("0123456789")
    return f"{stem}{_sup(int(name[len(stem) :]))}"


def _line(label: str, value: Any, digits: int, indent: str = "  ") -> str:
    """``label = value`` with matrix rows aligned under the first one."""
    array = np.asarray(value, dtype=np.float64)
    head = f"{indent}{label} = "
    if array.ndim == 0:
        return f"{head}{float(array):.{digits}g}"
    with np.printoptions(precision=digits, suppress=True, floatmode="maxprec", linewidth=100):
        return head + np.array2string(array, separator=", ", prefix=" " * len(head))


def solve_spec(spec: Any) -> dict[str, Any]:
    """The engine's trace of the spec's data, and the parameters after one optimiser step."""
    from ..engine import Network, optimizer_from_spec

    network = Network.from_spec(spec)
    trace = network.trace(spec.x, spec.t)
    single = not spec.batched

    def sample(v: np.ndarray) -> np.ndarray:
        return v[0] if single else v

    result: dict[str, Any] = {
        "forward": [{"z": sample(s.z), "a": sample(s.a)} for s in trace.layers],
        "loss": trace.loss,
        "delta": [sample(s.delta) for s in trace.layers],
        "grads": trace.grads(),
        "dx": sample(trace.dx),
    }
    if trace.loss != trace.data_loss:
        result["data_loss"] = trace.data_loss
    if spec.train is not None:
        optimizer = optimizer_from_spec(spec.train)
        params = {k: v.copy() for k, v in network.params().items()}
        optimizer.step(params, trace.grads())
        result["updated"] = params
    return result


@click.command("solve")
@click.argument("spec_file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--digits",
    type=click.IntRange(1, 17),
    default=8,
    help="Digits after the decimal point in text output.",
)
@lang_option
def command(spec_file: str, fmt: str, digits: int, lang: str | None) -> None:
    """Forward pass layer by layer, the loss, δ for every layer, every gradient, and (when
    [train] gives lr) the parameters after one step."""
    lang = current_lang(lang)
    spec = load_spec_or_fail(spec_file, lang)
    if spec.x is None:
        from ._common import fail

        fail(
            Text(
                "{f}: data: missing table [data] with x and t",
                "{f}：data：缺少 [data] 表（x 和 t）",
            ).format(f=spec_file),
            lang,
        )
    with np.errstate(all="ignore"):
        result = solve_spec(spec)
    if fmt == "json":
        print_json(result)
        return
    out = []
    if spec.batched:
        out.append(H["batch"].get(lang, b=spec.x.shape[0]))
    out.append(f"== {H['forward'].get(lang)} ==")
    out.append(_line(f"a{_sup(0)} = x", spec.x if spec.batched else spec.x[0], digits))
    for index, step in enumerate(result["forward"], start=1):
        act = spec.activations[index - 1].name
        out.append(f"{H['layer'].get(lang, l=index)} ({act}):")
        l, prev = _sup(index), _sup(index - 1)
        out.append(_line(f"z{l} = W{l}a{prev} + b{l}", step["z"], digits))
        out.append(_line(f"a{l} = f(z{l})", step["a"], digits))
    out.append(f"== {H['loss'].get(lang)} ({spec.loss}) ==")
    out.append(_line("L", result["loss"], digits))
    if spec.train and spec.train.weight_decay:
        out.append("  " + H["regularised"].get(lang, wd=spec.train.weight_decay))
    out.append(f"== {H['backward'].get(lang)} ==")
    for index in range(len(result["delta"]), 0, -1):
        out.append(_line(f"δ{_sup(index)}", result["delta"][index - 1], digits))
    out.append(_line("∂L/∂x", result["dx"], digits))
    out.append(f"== {H['grads'].get(lang)} ==")
    for name, value in result["grads"].items():
        out.append(_line(f"∂L/∂{_param_label(name)}", value, digits))
    if "updated" in result:
        assert spec.train is not None
        out.append(f"== {H['update'].get(lang, opt=spec.train.optimizer, lr=spec.train.lr)} ==")
        for name, value in result["updated"].items():
            out.append(_line(_param_label(name), value, digits))
    click.echo("\n".join(out))
