"""Golden JSON of a few fixed problems (reviewed by eye). Regenerate with
``UPDATE_GOLDEN=1 pytest tests/problems/test_network_golden.py``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studykit.problems.codec import to_json
from studykit.problems.registry import Options, generate
from tests.golden import check_golden

GOLDEN = Path(__file__).parent / "golden"
CASES = {
    "network_forward_2-2-1_exact": (
        "forward",
        1,
        Options(calculator=False, extra={"net": "2-2-1"}),
    ),
    "network_backward_2-3-2_calc": ("backward", 3, Options(extra={"net": "2-3-2"})),
    "network_backward_cs224n_transposed": (
        "backward",
        2,
        Options(notation="transposed", extra={"net": "cs224n"}),
    ),
    "network_training_step_2-2-2-1_exact": (
        "training_step",
        4,
        Options(calculator=False, difficulty=2, extra={"net": "2-2-2-1"}),
    ),
    "network_gradient_shapes_transposed": ("gradient_shapes", 0, Options(notation="transposed")),
    "network_elementwise_jacobian_exact": (
        "elementwise_jacobian",
        5,
        Options(calculator=False, difficulty=2),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_json(name):
    kind, seed, options = CASES[name]
    text = json.dumps(to_json(generate(kind, seed, options)), ensure_ascii=False, indent=1) + "\n"
    check_golden(GOLDEN / f"{name}.json", text)
