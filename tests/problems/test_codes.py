"""Variant codes: the QR payload and the short code rebuild the variant's key, through the
``studykit key`` command, and bad codes are refused in one line."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from studykit.problems import codes
from studykit.problems.sets import generate_problems, load_set
from tests.conftest import ROOT, run_cli

SETS = sorted((ROOT / "problems").glob("*.toml"))
MOCK = ROOT / "problems" / "mock_exam.toml"
QR_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_payload_and_short_code_name_the_same_slots(path: Path) -> None:
    problem_set = load_set(path)
    seen = set()
    for variant in (0, 1, 2, 17):
        code = codes.variant_code(problem_set, variant)
        assert set(code.payload) <= QR_ALPHANUMERIC, code.payload
        assert codes.decode_payload(code.payload).slots == code.slots
        assert codes.decode_payload(code.payload.lower()).short == code.short
        assert codes.resolve_short(code.short.lower(), problem_set).slots == code.slots
        assert code.short.startswith(codes.set_prefix(problem_set.name) + f"-{variant:02d}-")
        seen.add(code.short)
    assert len(seen) == 4


def _values(problems) -> list:
    return [a.value for p in problems for a in p.answers]


def run_key(*args: str):
    """``studykit key ARGS`` in this process (the command is the same; a subprocess per run
    would cost a second each)."""
    from click.testing import CliRunner

    from studykit.cli import cli

    return CliRunner().invoke(cli, ["key", *args], env={"LANG": "C.UTF-8"})


def _json_key(*args: str) -> dict:
    result = run_key(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("variant", [1, 7])
def test_key_from_payload_and_from_short_code_match_the_generated_key(variant: int) -> None:
    problem_set = load_set(MOCK)
    expected = generate_problems(problem_set, variant)  # the route through the set file
    code = codes.variant_code(problem_set, variant)
    for key in (_json_key(code.payload), _json_key(code.short, "--set", str(MOCK))):
        assert key["code"] == code.short
        assert [p["value"] for p in key["parts"]] == _values(expected)
        assert [p["problem_id"] for p in key["parts"]] == [
            p.id for p in expected for _ in p.answers
        ]


def test_key_text_lists_every_part_with_its_tolerance() -> None:
    problem_set = load_set(MOCK)
    code = codes.variant_code(problem_set, 3)
    problems = generate_problems(problem_set, 3)
    for lang in ("en", "zh"):
        result = run_key(code.payload, "--solution", "--compact", "--lang", lang)
        assert result.exit_code == 0, result.stderr
        parts = [line for line in result.stdout.splitlines() if line.startswith("  (")]
        assert len(parts) == sum(len(p.answers) for p in problems)
        assert "±" in result.stdout and code.short in result.stdout
        assert "⇒ (a)" in result.stdout  # the compact steps name the part they answer
        if lang == "zh":
            assert "第 1 题" in result.stdout


@pytest.mark.parametrize(
    ("args", "en", "zh"),
    [
        (["SK1:0.0.1:MOCK-01-0000:1.2"], "made by studykit 0.0.1", "由 studykit 0.0.1 生成"),
        (["SK1:0.1.0:MOCK-01-0000:ZZZ.2"], "cannot read the code", "无法读取代码"),
        (["garbage"], "short code", "短代码"),
        (["MOCK-01-0000", "--set", str(MOCK)], "does not match", "不符"),
        (["OTHER-01-0000", "--set", str(MOCK)], "belongs to a set named OTHER", "OTHER"),
        (["MOCK-01", "--set", str(MOCK)], "cannot read the code", "无法读取代码"),
        (["MOCK-01-0000", "--set", "nope.toml"], "cannot read", "无法读取"),
    ],
)
def test_bad_codes_are_one_line_in_both_languages(args: list[str], en: str, zh: str) -> None:
    for lang, expected in (("en", en), ("zh", zh)):
        result = run_key(*args, "--lang", lang)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and expected in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_the_installed_command_reads_a_payload() -> None:
    code = codes.variant_code(load_set(MOCK), 2)
    result = run_cli("key", code.payload)
    assert result.returncode == 0 and code.short in result.stdout, result.stderr


def test_a_typo_in_the_variant_fails_the_check() -> None:
    problem_set = load_set(MOCK)
    short = codes.variant_code(problem_set, 7).short
    typo = short.replace("-07-", "-01-")
    with pytest.raises(codes.CodeError):
        codes.resolve_short(typo, problem_set)


def zbarimg(path: Path) -> list[str]:
    """The QR payloads ``zbarimg`` reads from an image (skips when it is not installed)."""
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg is not installed (Debian: apt-get install zbar-tools)")
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return [line for line in result.stdout.splitlines() if line]


@pytest.mark.slow
@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_segno_qr_image_decodes_with_zbarimg(path: Path, tmp_path: Path) -> None:
    from studykit.render.qr import qr_png

    code = codes.variant_code(load_set(path), 12)
    image = tmp_path / "code.png"
    qr_png(code.payload, str(image), scale=4)
    assert zbarimg(image) == [code.payload]
    assert codes.decode_payload(zbarimg(image)[0]).slots == code.slots


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_qr_on_the_printed_sheet_round_trips_to_the_key(lang: str, tmp_path: Path) -> None:
    """Render 3 variants of the mock exam, rasterise every page, decode the QR codes with
    zbarimg, read the key with ``studykit key`` and compare with the generated key."""
    from studykit.render.sheet import write_set

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed (Debian: poppler-utils)")
    problem_set = load_set(MOCK)
    write_set(problem_set, tmp_path, ["pdf"], [lang], [1, 2, 3], show_progress=False)
    for variant in (1, 2, 3):
        suffix = ".zh" if lang == "zh" else ""
        pdf = tmp_path / "problems" / f"mock_exam-v{variant:02d}{suffix}.pdf"
        subprocess.run(
            ["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / f"v{variant}")], check=True
        )
        pages = sorted(tmp_path.glob(f"v{variant}-*.png"))
        decoded = [zbarimg(page) for page in pages]
        if not any(decoded):
            pytest.xfail("the sheet PDF prints no QR code yet (the exam layout of branch paper)")
        code = codes.variant_code(problem_set, variant)
        assert all(d == [code.payload] for d in decoded), decoded  # the code on every page
        key = _json_key(decoded[0][0])
        assert key["code"] == code.short
        assert [p["value"] for p in key["parts"]] == _values(
            generate_problems(problem_set, variant)
        )
