"""The labelled corpus (issue #13) is well-formed, and its labels still match PyTorch.

This checks the corpus, not the checker: rates over the corpus are measured by measure.py.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FILES = {"derivative": "derivative.jsonl", "spec": "spec.jsonl", "numeric": "numeric.jsonl"}
MINIMUM = {"derivative": 150, "spec": 120, "numeric": 100}
COMMON = ("id", "mode", "class", "answer", "notation", "python", "label", "mistake", "label_source")
CONTEXT = {"derivative": ("activation",), "spec": ("spec", "wrt"), "numeric": ("problem", "part")}
ACTIVATIONS = (
    "identity", "sigmoid", "tanh", "hard_sigmoid", "hard_tanh", "relu", "leaky_relu", "prelu",
    "elu", "softplus", "swish", "gelu", "gelu_tanh", "gelu_sigmoid", "dyt", "softmax",
)  # fmt: skip


def entries(mode: str) -> list[dict]:
    text = (HERE / FILES[mode]).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line]


ALL = {mode: entries(mode) for mode in FILES}


def test_ids_are_unique_and_fields_present() -> None:
    ids = [e["id"] for mode in FILES for e in ALL[mode]]
    assert len(ids) == len(set(ids))
    for mode, items in ALL.items():
        for e in items:
            missing = [k for k in COMMON + CONTEXT[mode] if k not in e]
            assert not missing, (e["id"], missing)
            assert e["mode"] == mode
            assert e["notation"] in ("plain", "unicode", "latex", "notes"), e["id"]
            assert e["label"] in ("correct", "wrong"), e["id"]
            assert e["label"] == "wrong" or e["mistake"] is None, e["id"]
            if mode == "numeric":
                assert "torch_value" in e, e["id"]


def test_counts_and_mix() -> None:
    total = sum(len(items) for items in ALL.values())
    assert total >= 450
    for mode, items in ALL.items():
        assert len(items) >= MINIMUM[mode], mode
    correct = sum(e["label"] == "correct" for items in ALL.values() for e in items)
    assert 0.55 <= correct / total <= 0.65
    for mode, items in ALL.items():
        assert {e["notation"] for e in items} == {"plain", "unicode", "latex", "notes"}, mode


def test_every_catalog_activation_and_five_specs() -> None:
    covered = {e["activation"] for e in ALL["derivative"]}
    assert set(ACTIVATIONS) <= covered
    specs = {e["spec"] for e in ALL["spec"]}
    assert len(specs) >= 5
    assert all((HERE / s).exists() for s in specs)
    for s in specs:
        wrts = {e["wrt"][0] for e in ALL["spec"] if e["spec"] == s}
        assert {"W", "b", "z", "x"} <= wrts, s
    assert all((HERE / e["problem_file"]).exists() for e in ALL["numeric"])


def test_labeller_never_imports_the_checker() -> None:
    source = (HERE / "label.py").read_text(encoding="utf-8")
    assert "import studykit" not in source and "from studykit" not in source


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch is not installed")
def test_labels_still_match_torch() -> None:
    done = subprocess.run(
        [sys.executable, str(HERE / "label.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
