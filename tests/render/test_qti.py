"""The Canvas QTI 1.2 package of the mock exam, validated against its structure as the working
generators write it (gpoore/text2qti, R/exams ``exams2qti12(flavor = "canvas")``): the files and
their manifest references, the element names and required attributes of the assessment, the
question groups per slot, and Canvas's numerical grading (the exact value or the range) read
back from the XML and checked against the key's tolerance."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from studykit.cli import cli
from studykit.problems.sets import load_set
from studykit.render.writers.parts import flat, set_slots, slots_of

from .delivery_hand import explain_problem

REPO = Path(__file__).resolve().parents[2]
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
CANVAS = "{http://canvas.instructure.com/xsd/cccv1p0}"
#: question types Canvas imports (R/exams lists them from Canvas's quiz_questions API)
CANVAS_TYPES = {
    "numerical_question",
    "multiple_choice_question",
    "short_answer_question",
    "essay_question",
}
VARIANTS = 3


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("qti") / "mock.zip"
    result = CliRunner().invoke(
        cli,
        [
            "export",
            str(REPO / "problems" / "mock_exam.toml"),
            "--format",
            "qti",
            "--variants",
            str(VARIANTS),
            "--out",
            str(out),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    return zipfile.ZipFile(out)


def _metadata(item: ET.Element) -> dict[str, str]:
    return {
        f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry") or ""
        for f in item.iter(f"{QTI}qtimetadatafield")
    }


def test_files_and_manifest_references(package):
    names = set(package.namelist())
    manifest = ET.fromstring(package.read("imsmanifest.xml"))
    assert manifest.tag == f"{CP}manifest" and manifest.get("identifier")
    resources = {r.get("identifier"): r for r in manifest.iter(f"{CP}resource")}
    (quiz,) = [r for r in resources.values() if r.get("type") == "imsqti_xmlv1p2"]
    quiz_id = quiz.get("identifier")
    assert [f.get("href") for f in quiz.findall(f"{CP}file")] == [f"{quiz_id}/{quiz_id}.xml"]
    (dependency,) = quiz.findall(f"{CP}dependency")
    meta = resources[dependency.get("identifierref")]
    assert meta.get("type") == "associatedcontent/imscc_xmlv1p1/learning-application-resource"
    assert meta.get("href") == f"{quiz_id}/assessment_meta.xml"
    referenced = {f.get("href") for r in resources.values() for f in r.findall(f"{CP}file")}
    assert referenced | {"imsmanifest.xml"} == names  # every file listed and present
    images = [r for r in resources.values() if r.get("type") == "webcontent"]
    assert images and all(r.get("href").startswith("images/") for r in images)

    meta_xml = ET.fromstring(package.read(f"{quiz_id}/assessment_meta.xml"))
    assert meta_xml.tag == f"{CANVAS}quiz" and meta_xml.get("identifier") == quiz_id
    assert meta_xml.findtext(f"{CANVAS}shuffle_answers") == "true"
    assert float(meta_xml.findtext(f"{CANVAS}points_possible")) > 0


def _assessment(package: zipfile.ZipFile) -> ET.Element:
    (name,) = [
        n
        for n in package.namelist()
        if n.count("/") == 1 and not n.endswith("meta.xml") and not n.startswith("images/")
    ]
    return ET.fromstring(package.read(name))


def test_assessment_structure_and_question_groups(package):
    root = _assessment(package)
    assert root.tag == f"{QTI}questestinterop"
    (assessment,) = root.findall(f"{QTI}assessment")
    assert assessment.get("ident") and assessment.get("title")
    (top,) = assessment.findall(f"{QTI}section")
    assert top.get("ident") == "root_section"
    groups = top.findall(f"{QTI}section")
    slots = set_slots(load_set(REPO / "problems" / "mock_exam.toml"), list(range(1, 4)))
    assert len(groups) >= len(slots)
    idents = set()
    points, full = 0.0, 0
    for group in groups:
        selection = group.find(f"{QTI}selection_ordering/{QTI}selection")
        assert selection.findtext(f"{QTI}selection_number") == "1"
        per_item = float(selection.findtext(f"{QTI}selection_extension/{QTI}points_per_item"))
        points += per_item
        items = group.findall(f"{QTI}item")
        variants = {i.get("title").split(" ")[0] for i in items}  # the problem id
        assert len(variants) == len(items) and 1 <= len(items) <= VARIANTS  # one drawn
        full += len(items) == VARIANTS
        for item in items:
            assert item.get("ident") and item.get("title") and item.get("ident") not in idents
            idents.add(item.get("ident"))
            meta = _metadata(item)
            assert meta["question_type"] in CANVAS_TYPES
            assert float(meta["points_possible"]) == per_item
            assert "assessment_question_identifierref" in meta
            mattext = item.find(f"{QTI}presentation/{QTI}material/{QTI}mattext")
            assert mattext.get("texttype") == "text/html" and mattext.text
            decvar = item.find(f"{QTI}resprocessing/{QTI}outcomes/{QTI}decvar")
            assert decvar.attrib == {
                "maxvalue": "100",
                "minvalue": "0",
                "varname": "SCORE",
                "vartype": "Decimal",
            }
            if meta["question_type"] != "essay_question":
                sets = item.findall(f"{QTI}resprocessing/{QTI}respcondition/{QTI}setvar")
                assert sets and all(
                    s.get("action") == "Set" and s.get("varname") == "SCORE" and s.text == "100"
                    for s in sets
                )
    assert full >= len(groups) - 2  # only a part that some variants lack has fewer
    meta_name = next(n for n in package.namelist() if n.endswith("assessment_meta.xml"))
    total = float(ET.fromstring(package.read(meta_name)).findtext(f"{CANVAS}points_possible"))
    assert abs(total - points) < 0.05


def _canvas_numeric(item: ET.Element, value: float) -> bool:
    """Canvas's reading of a numerical answer: an exact value, or a range (vargte/varlte)."""
    for condition in item.findall(f"{QTI}resprocessing/{QTI}respcondition"):
        if condition.find(f"{QTI}setvar") is None:
            continue
        var = condition.find(f"{QTI}conditionvar")
        exact = [float(e.text) for e in var.iter(f"{QTI}varequal")]
        low = [float(e.text) for e in var.iter(f"{QTI}vargte")]
        high = [float(e.text) for e in var.iter(f"{QTI}varlte")]
        if value in exact or any(lo <= value <= hi for lo, hi in zip(low, high, strict=True)):
            return True
    return False


def test_numerical_questions_grade_with_the_keys_tolerance(package):
    root = _assessment(package)
    slots = set_slots(load_set(REPO / "problems" / "mock_exam.toml"), list(range(1, 4)))
    by_title = {i.get("title"): i for i in root.iter(f"{QTI}item")}
    checked = 0
    for slot in slots:
        for problem in slot.problems:
            for answer in problem.answers:
                if answer.kind not in ("number", "vector", "matrix"):
                    continue
                key = flat(answer.value)
                alternatives = [flat(a) for a in answer.alternatives]
                for e, value in enumerate(key):
                    item = by_title[f"{problem.id} {answer.id} {e + 1}"]
                    tol = answer.tolerance.abs + answer.tolerance.rel * abs(value)
                    assert _canvas_numeric(item, value) and _canvas_numeric(item, value + 0.9 * tol)
                    assert all(_canvas_numeric(item, alt[e]) for alt in alternatives)
                    assert not _canvas_numeric(item, value + 10 * tol)
                    assert not _canvas_numeric(item, value - 10 * tol)
                    checked += 1
    assert checked > 100


def test_choices_and_shapes(package):
    root = _assessment(package)
    slots = set_slots(load_set(REPO / "problems" / "mock_exam.toml"), list(range(1, 4)))
    by_title = {i.get("title"): i for i in root.iter(f"{QTI}item")}
    seen = 0
    for problem in (p for s in slots for p in s.problems):
        for answer in problem.answers:
            item = by_title.get(f"{problem.id} {answer.id}")
            if answer.kind == "choice":
                labels = [r.get("ident") for r in item.iter(f"{QTI}response_label")]
                assert len(labels) == len(answer.choices)
                right = labels[[k for k, _ in answer.choices].index(answer.value)]
                correct = [
                    v.text
                    for c in item.iter(f"{QTI}respcondition")
                    if c.find(f"{QTI}setvar") is not None
                    for v in c.iter(f"{QTI}varequal")
                ]
                assert correct == [right]
                seen += 1
            elif answer.kind == "shape":
                rows, cols = answer.value
                accepted = {v.text for v in item.iter(f"{QTI}varequal")}
                assert f"{rows}x{cols}" in accepted and f"{cols + 1}x{rows}" not in accepted
                if rows != cols:
                    assert f"{cols}x{rows}" not in accepted
                seen += 1
    assert seen > 5


def test_explanations_are_essays_with_the_model_answer_as_feedback():
    from studykit.i18n import Text
    from studykit.render.formats import get_format

    writer = get_format("qti").writer_for("textbook", "zh")
    data = writer.export("hand", Text("H", "H"), slots_of([explain_problem()]))
    package = zipfile.ZipFile(io.BytesIO(data))
    root = _assessment(package)
    essays = [
        i for i in root.iter(f"{QTI}item") if _metadata(i)["question_type"] == "essay_question"
    ]
    assert len(essays) == 1
    feedback = essays[0].find(f"{QTI}itemfeedback/{QTI}flow_mat/{QTI}material/{QTI}mattext").text
    assert "每个神经元得到相同的梯度" in feedback and "对称性保持" in feedback
    assert data == writer.export("hand", Text("H", "H"), slots_of([explain_problem()]))
