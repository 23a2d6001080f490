"""Activation plots on sheets: curves from the catalog agree with textbook formulas, the SVG and
TikZ carry one curve per function shown, and a plot never gives an answer away."""

from __future__ import annotations

import math
import xml.dom.minidom

import pytest

from studykit.i18n import Text
from studykit.problems.codec import problem_from_json, to_json
from studykit.problems.registry import Options, generate
from studykit.render import plot
from studykit.render.document import problem_body
from studykit.render.formats import get_format
from studykit.render.sheet import render
from studykit.render.views import SheetDoc


def _body(fmt: str, problem, solution: bool) -> str:
    return problem_body(get_format(fmt).writer_for("textbook", "en"), problem, solution)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@pytest.mark.parametrize(
    ("name", "f", "df"),
    [
        ("sigmoid", _sigmoid, lambda x: _sigmoid(x) * (1 - _sigmoid(x))),
        ("tanh", math.tanh, lambda x: 1 - math.tanh(x) ** 2),
        ("relu", lambda x: max(0.0, x), lambda x: 1.0 if x > 0 else 0.0),  # ReLU′(0) = 0
        ("softplus", lambda x: math.log1p(math.exp(x)), _sigmoid),
    ],
)
def test_curves_match_textbook_formulas(name, f, df):
    x, y, dy = plot.curves(name)
    assert x[0] == plot.X_RANGE[0] and x[-1] == plot.X_RANGE[1] and len(x) == plot.SAMPLES
    for xi, yi, dyi in zip(x, y, dy, strict=True):
        assert yi == pytest.approx(f(xi), abs=1e-12)
        assert dyi == pytest.approx(df(xi), abs=1e-12)


def test_leaky_relu_slope_follows_its_parameter():
    x, _, dy = plot.curves("leaky_relu", {"gamma": 0.3})
    assert set(dy[x < 0].round(12)) == {0.3} and set(dy[x > 0]) == {1.0}


def _svg_doc(plot_spec: dict, derivative: bool) -> xml.dom.minidom.Document:
    return xml.dom.minidom.parseString(plot.svg(plot_spec, "zh", derivative))


def test_svg_one_polyline_per_curve_and_a_dot_per_mark():
    spec = {"activations": [{"name": "tanh"}, {"name": "relu"}], "marks": [0.5, -1.0]}
    for derivative, curves_per_panel in ((False, 1), (True, 2)):
        doc = _svg_doc(spec, derivative)
        assert len(doc.getElementsByTagName("polyline")) == 2 * curves_per_panel
        assert len(doc.getElementsByTagName("circle")) == 2 * 2  # two marks in each panel
    titles = [t.firstChild.data for t in _svg_doc(spec, False).getElementsByTagName("text")]
    from studykit.catalog import get_activation

    assert {get_activation("tanh").title.zh, get_activation("relu").title.zh} <= set(titles)


def test_mark_sits_on_the_curve():
    (panel,) = plot.panels({"activations": [{"name": "sigmoid"}], "marks": [0.8]}, "en", True)
    assert panel.marks == ((0.8, pytest.approx(_sigmoid(0.8), abs=1e-12)),)
    lo, hi = panel.y_range
    assert lo <= -1 and hi >= 1 and all(lo <= y <= hi for _, y in panel.f)


def test_unbounded_curves_are_clipped_to_the_axis_range():
    (panel,) = plot.panels({"activations": [{"name": "relu"}], "marks": []}, "en", False)
    assert panel.y_range[1] == plot.Y_LIMIT
    assert max(y for _, y in panel.f) == pytest.approx(4.0)


def test_tikz_draws_the_same_curves():
    spec = {"activations": [{"name": "swish"}, {"name": "gelu"}], "marks": [1.0]}
    out = plot.tikz(spec, "en", derivative=True)
    assert out.count("plot coordinates") == 4 and out.count(r"\begin{tikzpicture}") == 2
    assert all(ord(c) < 128 for c in out)


def test_derivative_problem_plots_f_in_the_statement_and_f_prime_in_the_solution():
    problem = generate("activation_derivative", 3, Options(difficulty=2))
    assert problem.plot is not None and problem.plot["show"] == "problem"
    assert len(problem.plot["marks"]) == 2  # difficulty 2: two points
    sheet = _body("html", problem, solution=False)
    assert sheet.count("<polyline") == 1  # f only: the f′ curve would give the answer away
    assert _body("html", problem, solution=True).count("<polyline") == 1 + 2


def test_property_question_shows_curves_only_in_the_solution():
    problem = generate("activation_property", 4, Options(difficulty=2))
    n = len(problem.answers[0].choices)
    assert [a["name"] for a in problem.plot["activations"]] and len(
        problem.plot["activations"]
    ) == n
    assert "<polyline" not in _body("html", problem, solution=False)
    assert "tikzpicture" not in _body("tex", problem, solution=False)
    assert _body("html", problem, solution=True).count("<polyline") == 2 * n


def test_plot_survives_json():
    problem = generate("activation_derivative", 7, Options())
    assert problem_from_json(to_json(problem)).plot == problem.plot


def test_problems_without_a_plot_have_none():
    assert generate("backward", 1, Options()).plot is None


def test_pdf_with_plots_compiles():
    problems = tuple(
        generate(kind, seed, Options(difficulty=2))
        for kind in ("activation_derivative", "activation_property")
        for seed in (1, 2)
    )
    doc = SheetDoc(Text("Plots", "图"), problems, "en", "plots", 0, 1)
    pdf = render(doc, "pdf", solution=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
