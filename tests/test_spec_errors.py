"""Every malformed spec file is refused with one line naming the field, exit code 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

GOOD = (Path(__file__).resolve().parents[1] / "examples" / "mazur-2-2-2.toml").read_text()

CASES = [
    ("bad toml", GOOD.replace("[params]", "[params"), "toml"),
    ("unknown activation", GOOD.replace('"sigmoid"', '"sigmoud"'), "network.activation"),
    ("suggestion", GOOD.replace('"sigmoid"', '"sigmoud"'), "did you mean 'sigmoid'"),
    ("unknown loss", GOOD.replace('"mse"', '"mse2"'), "network.loss"),
    (
        "wrong shape",
        GOOD.replace(
            "W2 = [[0.40, 0.45], [0.50, 0.55]]", "W2 = [[0.40, 0.45, 0.1], [0.50, 0.55, 0.1]]"
        ),
        "params.W2[1]",
    ),
    ("missing W", GOOD.replace("W2 = [[0.40, 0.45], [0.50, 0.55]]\n", ""), "params.W2"),
    ("nan", GOOD.replace("b1 = [0.35, 0.35]", "b1 = [nan, 0.35]"), "params.b1[1]"),
    ("inf", GOOD.replace("x = [0.05, 0.10]", "x = [inf, 0.10]"), "data.x[1]"),
    ("string number", GOOD.replace("b1 = [0.35, 0.35]", 'b1 = ["0.35", 0.35]'), "params.b1[1]"),
    ("missing layers", GOOD.replace("layers = [2, 2, 2]\n", ""), "network.layers"),
    ("missing target", GOOD.replace("t = [0.01, 0.99]\n", ""), "data.t"),
    ("wrong target size", GOOD.replace("t = [0.01, 0.99]", "t = [0.01]"), "data.t"),
    ("unknown field", GOOD.replace("lr = 0.5", "lerning_rate = 0.5"), "train.lerning_rate"),
    ("negative lr", GOOD.replace("lr = 0.5", "lr = -0.5"), "train.lr"),
    (
        "momentum out of range",
        GOOD.replace("lr = 0.5", 'lr = 0.5\noptimizer = "momentum"\nmomentum = 1.5'),
        "train.momentum: must lie in [0, 1)",
    ),
    (
        "negative eps",
        GOOD.replace("lr = 0.5", 'lr = 0.5\noptimizer = "adam"\neps = -1e-8'),
        "train.eps: must be ≥ 0",
    ),
    (
        "unknown optimizer",
        GOOD.replace("lr = 0.5", 'lr = 0.5\noptimizer = "adamw"'),
        "train.optimizer",
    ),
    (
        "activation list length",
        GOOD.replace('activation = "sigmoid"', 'activation = ["sigmoid"]'),
        "network.activation",
    ),
    (
        "bad activation param",
        GOOD.replace('activation = "sigmoid"', 'activation = {name = "leaky_relu", gamma = "x"}'),
        "network.activation.gamma",
    ),
    (
        "unknown activation param",
        GOOD.replace('activation = "sigmoid"', 'activation = {name = "leaky_relu", slope = 0.1}'),
        "network.activation.slope",
    ),
    (
        "ce needs probabilities",
        GOOD.replace('loss = "mse"', 'loss = "cross_entropy"').replace(
            'activation = "sigmoid"', 'activation = ["sigmoid", "relu"]'
        ),
        "network.loss",
    ),
    ("layer zero", GOOD.replace("layers = [2, 2, 2]", "layers = [2, 0, 2]"), "network.layers[2]"),
    ("bool as number", GOOD.replace("b2 = [0.60, 0.60]", "b2 = [true, 0.60]"), "params.b2[1]"),
]


@pytest.mark.parametrize(("label", "text", "needle"), CASES, ids=[c[0] for c in CASES])
def test_malformed_spec_is_one_clear_line(tmp_path, cli, label, text, needle):
    path = tmp_path / "spec.toml"
    path.write_text(text)
    result = cli("solve", str(path))
    assert result.returncode == 2, (label, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert needle in lines[0]
    assert str(path) in lines[0]


def test_error_in_chinese(tmp_path, cli):
    path = tmp_path / "spec.toml"
    path.write_text(GOOD.replace('"sigmoid"', '"sigmoud"'))
    result = cli("solve", str(path), "--lang", "zh")
    assert result.returncode == 2
    assert "未知激活函数" in result.stderr


def test_missing_file(cli, tmp_path):
    result = cli("solve", str(tmp_path / "nope.toml"))
    assert (
        result.returncode == 2
        and "no such file" in result.stderr
        and "Traceback" not in result.stderr
    )


def test_round_trip_through_to_dict():
    from studykit.spec import parse_spec, spec_from_dict

    spec = parse_spec(GOOD)
    again = spec_from_dict(spec.to_dict())
    assert again.layers == spec.layers and again.activations == spec.activations
    for key in spec.params:
        assert (again.params[key] == spec.params[key]).all()
    assert (again.x == spec.x).all() and (again.t == spec.t).all()
