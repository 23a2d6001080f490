from __future__ import annotations

import xml.dom.minidom
from pathlib import Path

from rich.cells import cell_len

from studykit import math as fm
from studykit.i18n import Text
from studykit.math.mathml import math_element as math
from studykit.math.mathml import to_mathml
from studykit.math.typst import to_typst
from studykit.render import diagram
from tests.golden import check_golden

GOLDEN = Path(__file__).parent / "golden"

SPEC = {"network": {"layers": [2, 2, 1], "activation": "sigmoid", "loss": "mse"}}
WIDE = {
    "network": {
        "layers": [3, 8, 2],
        "activation": ["relu", {"name": "softmax"}],
        "loss": "cross_entropy",
    }
}


def test_box_diagram_golden():
    out = "\n\n".join(
        [
            diagram.box_text(SPEC),
            diagram.box_text(WIDE, "bracket", "zh"),
        ]
    )
    check_golden(GOLDEN / "diagrams.txt", out + "\n")


def test_box_diagram_rows_align():
    lines = diagram.box_text(SPEC).splitlines()[1:-1]
    widths = {cell_len(line) for line in lines}  # terminal columns, measured by rich
    assert len(widths) == 1, lines


def test_svg_is_wellformed_and_elides_wide_layers():
    svg = diagram.svg(WIDE, "textbook", "zh")
    doc = xml.dom.minidom.parseString(svg)
    assert len(doc.getElementsByTagName("circle")) == 3 + 3 + 2  # 8 neurons shown as a₁, a₂, ⋮, a₈
    assert "⋮" in svg and "隐藏层" in svg


D2 = fm.Var("δ", layer=2)
FORMULAS = [
    fm.eq(
        fm.Var("z", layer=1),
        fm.add(fm.dot(fm.Var("W", layer=1), fm.Var("x")), fm.Var("b", layer=1)),
    ),
    fm.eq(
        D2,
        fm.had(
            fm.Paren(fm.sub(fm.Var("y", hat=True), fm.Var("t"))),
            fm.Call("σ", (fm.Var("z", layer=2),), prime=1),
        ),
    ),
    fm.eq(
        fm.Partial(fm.Var("L"), fm.Var("w", sub="12", layer=1)),
        fm.mul(fm.Var("δ", sub="1"), fm.Var("x", sub="2")),
    ),
    fm.matrix([[fm.num(0.5), fm.num(-0.3)], [fm.Num("3/8"), fm.Num("−1/2")]]),
    fm.Sum(fm.Pow(fm.Var("y", sub="i"), fm.num(2)), "i", fm.num(1), fm.Var("n")),
    fm.Cases(
        (
            (fm.num(1), fm.Word(Text("if x > 0", "若 x > 0"))),
            (fm.num(0), fm.Word(Text("otherwise", "否则"))),
        )
    ),
    fm.Norm(fm.sub(fm.Var("y", hat=True), fm.Var("t")), squared=True),
    fm.T(fm.Var("W", layer=2)),
    fm.Call("ReLU", (fm.Var("x"),)),
    fm.Sqrt(fm.Frac(fm.num(6), fm.add(fm.Var("n", sub="in"), fm.Var("n", sub="out")))),
]


def test_to_typst_examples():
    assert to_typst(FORMULAS[0]) == "z^((1)) = W^((1)) x + b^((1))"
    assert to_typst(FORMULAS[1], "bracket") == "δ^([2]) = lr((hat(y) - t)) ⊙ σ'(z^([2]))"
    assert to_typst(FORMULAS[3]) == 'mat(delim: "[", 0.5, -0.3; frac(3, 8), -frac(1, 2))'
    assert to_typst(FORMULAS[8]) == 'upright("ReLU")(x)'
    assert '"若 x > 0"' in to_typst(FORMULAS[5], lang="zh")


def test_typst_formulas_compile():
    import typst

    body = "\n\n".join(f"$ {to_typst(f)} $" for f in FORMULAS)
    assert typst.compile(body.encode(), format="svg")  # raises on any syntax error


def test_mathml_is_wellformed():
    for f in FORMULAS:
        xml.dom.minidom.parseString(math(f, "textbook", "en", display=True))
    assert "<mi>T</mi>" in to_mathml(FORMULAS[7])
    assert "<mfrac><mn>3</mn><mn>8</mn></mfrac>" in to_mathml(FORMULAS[3])
