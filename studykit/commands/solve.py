"""``studykit solve SPEC.toml``: every number of the forward and backward pass, and one update."""

from __future__ import annotations

import json
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


STEP_FORMATS = ("text", "md", "tex", "typ", "pdf", "html", "json")
FILE_FORMATS = ("pdf",)


@click.command("solve")
@click.argument("spec_file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(STEP_FORMATS), default="text")
@click.option(
    "--digits",
    type=click.IntRange(1, 17),
    default=None,
    help="Digits after the decimal point (8); with --steps, the carried rounding (4).",
)
@click.option("--steps", is_flag=True, help="The worked solution, step by step, and its key.")
@click.option("--exact", is_flag=True, help="With --steps: exact fractions (rational networks).")
@click.option(
    "--notation",
    type=click.Choice(["textbook", "bracket", "transposed"]),
    default="textbook",
    show_default=True,
)
@click.option("--out", "out_file", type=click.Path(dir_okay=False), default=None)
@lang_option
def command(
    spec_file: str,
    fmt: str,
    digits: int | None,
    steps: bool,
    exact: bool,
    notation: str,
    out_file: str | None,
    lang: str | None,
) -> None:
    """Forward pass layer by layer, the loss, δ for every layer, every gradient, and (when
    [train] gives lr) the parameters after one step. --steps: the worked solution."""
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
    if steps:
        _worked_solution(spec, spec_file, fmt, digits, exact, notation, out_file, lang)
        return
    if fmt not in ("text", "json") or exact or out_file:
        from ._common import fail

        fail(
            Text(
                "--format {f}, --exact and --out need --steps",
                "--format {f}、--exact 和 --out 需要 --steps",
            ).format(f=fmt),
            lang,
        )
    _numbers(spec, fmt, 8 if digits is None else digits, lang)


def _worked_solution(
    spec: Any,
    spec_file: str,
    fmt: str,
    digits: int | None,
    exact: bool,
    notation: str,
    out_file: str | None,
    lang: str,
) -> None:
    """``solve --steps``: the spec as a Problem, in any document format (or its JSON)."""
    from ..problems.own_network import SolveOptions, SpecRefused, problem_from_spec
    from ..problems.registry import VerificationError
    from ._common import fail

    if exact and digits is not None:
        fail(
            Text("--exact and --digits exclude each other", "--exact 与 --digits 不能同时使用"),
            lang,
        )
    options = SolveOptions(digits=4 if digits is None else digits, exact=exact, notation=notation)
    try:
        with np.errstate(all="ignore"):
            problem = problem_from_spec(spec, options, source=spec_file)
    except SpecRefused as exc:
        fail(Text("{f}: ", "{f}：").format(f=spec_file) + exc.reason, lang)
    except VerificationError as exc:
        fail(f"internal error, the solution failed verification: {exc}", lang, code=1)
    except Exception as exc:  # noqa: BLE001 - a bug must still be one line, never a traceback
        fail(
            Text(
                "internal error while solving ({e}); please report it",
                "求解时出现内部错误（{e}）；请报告此问题",
            ).format(e=type(exc).__name__),
            lang,
            code=1,
        )
    if fmt == "json":
        from ..problems.codec import to_json

        text = json.dumps(to_json(problem), ensure_ascii=False, indent=2)
        _write(text.encode("utf-8"), out_file, text)
        return
    from ..render.formats import get_format

    form = get_format(fmt)
    source = form.problem_source(problem, lang, solution=True)
    if fmt in FILE_FORMATS and out_file is None:
        fail(
            Text("--format {f} needs --out FILE", "--format {f} 需要 --out FILE").format(f=fmt),
            lang,
        )
    _write(form.encode(source, lang), out_file, source)


def _write(data: bytes, out_file: str | None, text: str) -> None:
    if out_file is None:
        click.echo(text)
        return
    from pathlib import Path

    Path(out_file).write_bytes(data)
    click.echo(out_file)


def _numbers(spec: Any, fmt: str, digits: int, lang: str) -> None:
    """Every number of the network at full precision (no worked steps)."""
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
