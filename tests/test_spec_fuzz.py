"""Random mutations of a valid spec file are either accepted or refused with a SpecError —
never any other exception (which would reach the user as a traceback)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studykit.spec import SpecError, parse_spec

GOOD = (Path(__file__).resolve().parents[1] / "examples" / "mazur-2-2-2.toml").read_text()
LINES = GOOD.splitlines()
VALUES = st.sampled_from(
    [
        '"relu"',
        "[]",
        "[[]]",
        "-1",
        "0",
        "1e309",
        "nan",
        "true",
        '"x"',
        "[1, [2]]",
        "{}",
        '{ name = "maxout", k = 3 }',
        '["tanh", "softmax"]',
        "[[1, 2], [3]]",
        "3.5",
        '"float32"',
    ]
)


@st.composite
def mutated(draw) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        action = draw(st.sampled_from(["value", "drop", "dup", "chars"]))
        if action == "value" and "=" in line:
            key = line.split("=", 1)[0]
            lines[index] = f"{key}= {draw(VALUES)}"
        elif action == "drop":
            lines.pop(index)
        elif action == "dup":
            lines.insert(index, line)
        else:
            cut = draw(st.integers(0, len(line)))
            lines[index] = line[:cut] + draw(st.text(max_size=4)) + line[cut:]
    return "\n".join(lines)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_specs_fail_only_with_spec_errors(text):
    try:
        spec = parse_spec(text, source="fuzz.toml")
    except SpecError as exc:
        message = exc.message("en")
        assert message.startswith("fuzz.toml: ") and "\n" not in message.strip()
        assert exc.message("zh")
    else:
        assert len(spec.layers) >= 2
        if spec.x is not None:
            import numpy as np

            from studykit.commands.solve import solve_spec

            with np.errstate(all="ignore"):
                result = solve_spec(spec)
            assert len(result["forward"]) == spec.depth
