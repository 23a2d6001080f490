"""``studykit train SPEC.toml --data xor|moons|circles|spirals|digits``: a small training lab."""

from __future__ import annotations

import sys
import time
from typing import Any

import click
import numpy as np

from ..i18n import Text
from ._common import current_lang, fail, lang_option, load_spec_or_fail, print_json

T = {
    "shape": Text(
        "{f}: network.layers: the {d} data set has {n} inputs and {c} classes, so layers must start "
        "with {n} and end with {c} (or 1 for two classes), not {layers}",
        "{f}：network.layers：{d} 数据集有 {n} 个输入、{c} 个类别，所以层大小必须以 {n} 开头、以 {c} "
        "结尾（两类时也可为 1），而不是 {layers}",
    ),
    "epoch": Text("training", "训练中"),
    "curve": Text("loss per epoch", "每轮损失"),
    "summary": Text(
        "final loss {loss:.6g}, accuracy {acc:.1%}, {sps:.0f} steps/s ({steps} steps)",
        "最终损失 {loss:.6g}，准确率 {acc:.1%}，每秒 {sps:.0f} 步（共 {steps} 步）",
    ),
    "diverged": Text(
        "the loss became NaN or infinite: try a smaller learning rate",
        "损失变为 NaN 或无穷大：请减小学习率",
    ),
}


def accuracy(predictions: np.ndarray, labels: np.ndarray) -> float:
    """Share of samples whose arg-max output (or output > ½ for one output) is the label."""
    if predictions.shape[1] == 1:
        guessed = (predictions[:, 0] > 0.5).astype(int)
    else:
        guessed = predictions.argmax(axis=1)
    return float((guessed == labels).mean())


def train_network(
    spec: Any,
    data: Any,
    epochs: int,
    batch_size: int,
    optimizer_name: str | None,
    lr: float | None,
    seed: int = 0,
    on_epoch: Any = None,
) -> dict[str, Any]:
    """Mini-batch training; returns the loss curve, final loss, accuracy and steps per second."""
    from dataclasses import replace

    from ..engine import Network, TrainingStep, make_optimizer
    from ..spec import OPTIMIZER_OPTIONS, TrainSpec

    train = spec.train or TrainSpec()
    if optimizer_name and optimizer_name != train.optimizer:
        train = replace(
            train, optimizer=optimizer_name, options=dict(OPTIMIZER_OPTIONS[optimizer_name])
        )
    if lr is not None:
        train = replace(train, lr=lr)
    network = Network.from_spec(spec)
    network.weight_decay = train.weight_decay
    optimizer = make_optimizer(train.optimizer, train.lr, **train.options)
    train_step = TrainingStep(network, optimizer)  # reuses its arrays from batch to batch
    x = data.x.astype(network.dtype)
    t = data.targets(spec.layers[-1]).astype(network.dtype)
    n = len(x)
    size = batch_size or train.batch_size or n
    rng = np.random.default_rng(seed)
    curve, steps = [], 0
    start = time.perf_counter()
    for epoch in range(epochs):
        order = rng.permutation(n) if size < n else np.arange(n)
        for first in range(0, n, size):
            batch = order[first : first + size]
            train_step(x[batch], t[batch])
            steps += 1
        curve.append(network.loss_value(x, t))
        if on_epoch:
            on_epoch(epoch)
        if not np.isfinite(curve[-1]):
            break
    elapsed = time.perf_counter() - start
    return {
        "data": data.name,
        "optimizer": train.optimizer,
        "lr": train.lr,
        "epochs": len(curve),
        "batch_size": size,
        "final_loss": curve[-1],
        "accuracy": accuracy(network.predict(x), data.labels),
        "steps": steps,
        "steps_per_second": steps / elapsed if elapsed > 0 else float("inf"),
        "loss_curve": curve,
    }


@click.command("train")
@click.argument("spec_file", type=click.Path(dir_okay=False))
@click.option(
    "--data",
    "data_name",
    type=click.Choice(["xor", "moons", "circles", "spirals", "digits"]),
    required=True,
)
@click.option(
    "--epochs",
    type=click.IntRange(1, 100_000),
    default=None,
    help="Default: [train] epochs, else 100.",
)
@click.option(
    "--batch-size", type=click.IntRange(0, None), default=None, help="0 = the whole data set."
)
@click.option(
    "--optimizer",
    type=click.Choice(["sgd", "momentum", "adagrad", "rmsprop", "adam"]),
    default=None,
)
@click.option(
    "--lr", type=click.FloatRange(min=0, min_open=True), default=None, help="Learning rate η."
)
@click.option("--seed", type=int, default=0, help="Seed of the data set and the shuffling.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@lang_option
def command(
    spec_file: str,
    data_name: str,
    epochs: int | None,
    batch_size: int | None,
    optimizer: str | None,
    lr: float | None,
    seed: int,
    fmt: str,
    lang: str | None,
) -> None:
    """Train the spec's network on a toy data set; shows a progress bar and the loss curve."""
    from ..engine.data import load_dataset

    lang = current_lang(lang)
    spec = load_spec_or_fail(spec_file, lang)
    data = load_dataset(data_name, seed)
    outputs_ok = spec.layers[-1] == data.classes or (spec.layers[-1] == 1 and data.classes == 2)
    if spec.layers[0] != data.features or not outputs_ok:
        fail(
            T["shape"].format(
                f=spec_file, d=data_name, n=data.features, c=data.classes, layers=list(spec.layers)
            ),
            lang,
        )
    n_epochs = epochs or (spec.train.epochs if spec.train else 100)
    size = batch_size if batch_size is not None else 0

    show_progress = fmt == "text" and sys.stderr.isatty()
    with np.errstate(all="ignore"):
        if show_progress:
            from rich.progress import Progress

            with Progress(transient=True) as progress:
                task = progress.add_task(T["epoch"].get(lang), total=n_epochs)
                result = train_network(
                    spec,
                    data,
                    n_epochs,
                    size,
                    optimizer,
                    lr,
                    seed,
                    lambda _: progress.advance(task),
                )
        else:
            result = train_network(spec, data, n_epochs, size, optimizer, lr, seed)

    if fmt == "json":
        print_json(result)
        return
    if not np.isfinite(result["final_loss"]):
        fail(T["diverged"], lang, code=1)
    import plotext as plt

    plt.clear_figure()
    plt.plot(list(range(1, len(result["loss_curve"]) + 1)), result["loss_curve"])
    plt.title(T["curve"].get(lang))
    plt.xlabel("epoch")
    plt.plotsize(70, 15)
    plt.theme("clear")
    click.echo(plt.build())
    click.echo(
        T["summary"].get(
            lang,
            loss=result["final_loss"],
            acc=result["accuracy"],
            sps=result["steps_per_second"],
            steps=result["steps"],
        )
    )
