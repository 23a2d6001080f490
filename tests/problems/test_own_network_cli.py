"""``studykit solve SPEC --steps`` and ``studykit check --spec SPEC --part`` (issue #14)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from studykit.cli import cli
from studykit.problems.codec import problem_from_json
from studykit.problems.selfcheck import self_check

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MAZUR = str(EXAMPLES / "mazur-2-2-2.toml")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_steps_text_has_formula_substitution_result_and_shape() -> None:
    code, out = run("solve", MAZUR, "--steps", "--lang", "en")
    assert code == 0
    # Mazur: net_h1 = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775; out_o1 = 0.75136507 → 0.7514
    assert "z⁽¹⁾ = W⁽¹⁾x + b⁽¹⁾" in out and "= [0.3775, 0.3925]ᵀ" in out
    assert "shape: [2×1] = [2×2][2×1] + [2×1]" in out
    assert "[0.7514, 0.7729]ᵀ" in out


def test_steps_json_has_the_generated_answer_ids_and_self_checks() -> None:
    code, out = run("solve", MAZUR, "--steps", "--format", "json")
    assert code == 0
    data = json.loads(out)
    ids = [a["id"] for a in data["answers"]]
    assert ids[:5] == ["z1", "a1", "z2", "a2", "loss"]
    assert {"delta1", "dW1", "db1", "dx", "W1_new"} <= set(ids)
    assert self_check(problem_from_json(data)) >= 15


def test_steps_zh_and_digits_and_notation() -> None:
    code, out = run(
        "solve", MAZUR, "--steps", "--lang", "zh", "--digits", "6", "--notation", "transposed"
    )
    assert code == 0
    assert "第 1 层的净输入" in out
    assert "0.377500" in out or "0.3775" in out
    assert "0.751365" in out  # σ(1.105906) to 6 decimals (Mazur: 0.75136507)
    assert "Wᵀ" in out or "W⁽¹⁾ᵀ" in out or "(W⁽¹⁾)ᵀ" in out


def test_md_to_a_file(tmp_path: Path) -> None:
    out_file = tmp_path / "m.md"
    code, out = run("solve", MAZUR, "--steps", "--format", "md", "--out", str(out_file))
    assert code == 0 and out_file.read_text(encoding="utf-8").count("$$") > 10


def test_refusals_are_one_line() -> None:
    code, out = run("solve", MAZUR, "--steps", "--exact")
    assert code == 2 and out.count("\n") == 1 and "--exact needs rational values" in out
    code, out = run("solve", MAZUR, "--format", "md")
    assert code == 2 and "need --steps" in out
    code, out = run("solve", MAZUR, "--steps", "--format", "pdf")
    assert code == 2 and "--out" in out


def test_check_part_right_wrong_diagnosed_and_carried_forward() -> None:
    # δ⁽¹⁾ by hand: σ′(z⁽¹⁾) ⊙ W⁽²⁾ᵀδ⁽²⁾ = [0.2413·0.0364, 0.2406·0.0414] ≈ [0.0088, 0.0100]
    code, out = run("check", "--spec", MAZUR, "--part", "delta1", "[0.0088, 0.01]", "--lang", "en")
    assert code == 0 and "✓" in out
    code, out = run("check", "--spec", MAZUR, "--part", "delta1", "[0.0029, 0.067]", "--lang", "en")
    assert code == 1 and "✗" in out
    # δ⁽²⁾ without σ′: ŷ − t = [0.7414, −0.2171]
    code, out = run("check", "--spec", MAZUR, "--part", "f", "[0.7414, -0.2171]", "--lang", "en")
    assert code == 1 and "forgot f′(z)" in out
    # ∂L/∂W⁽²⁾ = δ⁽²⁾a⁽¹⁾ᵀ from that wrong δ⁽²⁾: [0.7414·0.5933, …]
    wrong_dw2 = "[[0.4399, 0.4425], [-0.1288, -0.1296]]"
    code, out = run(
        "check",
        "--spec",
        MAZUR,
        "--part",
        "dW2",
        wrong_dw2,
        "--earlier",
        "delta2=[0.7414, -0.2171]",
    )
    assert code == 0 and "error carried forward" in out
    code, out = run("check", "--spec", MAZUR, "--part", "zz", "1")
    assert code == 2 and "no part zz" in out


@pytest.mark.slow
def test_pdf_en_and_zh(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    import subprocess

    for lang, words in (("en", "Net input of layer 1"), ("zh", "第 1 层的净输入")):
        pdf = tmp_path / f"m-{lang}.pdf"
        code, _ = run(
            "solve", MAZUR, "--steps", "--format", "pdf", "--out", str(pdf), "--lang", lang
        )
        assert code == 0 and pdf.read_bytes()[:5] == b"%PDF-"
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert words in text.replace("\u00a0", " ")
