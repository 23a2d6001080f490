"""The Anki deck: one card per sub-result with the values it needs, figures as media, stable
guids, and the round trip through the real ``anki`` package: a fresh collection imports the
deck; an export with a changed field re-imports with 0 new notes and the field updated."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from studykit.i18n import Text
from studykit.problems.sets import load_set
from studykit.render.formats import get_format
from studykit.render.writers.anki import ANKI_MODEL_ID, deck_id
from studykit.render.writers.parts import Slot, set_slots, slots_of

from .delivery_hand import MODEL, explain_problem
from .hand import backprop_problem

REPO = Path(__file__).resolve().parents[2]
TITLE = Text("Deck", "卡组")


def _writer(lang: str = "en"):
    return get_format("anki").writer_for("textbook", lang)


def test_one_card_per_part_with_the_values_it_needs():
    problem = backprop_problem()
    package = _writer().package("hand", TITLE, [problem])
    notes = package.decks[0].notes
    assert len(notes) == len(problem.answers)
    by_id = {n.fields[2]: n for n in notes}
    dW1 = by_id[f"{problem.id}#dW1"]
    front = dW1.fields[0]
    given, ask = front.split("<b>Given")[1].split("<b>Compute</b>")
    assert "error term δ⁽²⁾" in given  # dW1 depends on delta2 only
    assert "activation a⁽¹⁾" not in given and "gradient" not in given
    assert "gradient ∂L/∂W⁽¹⁾" in ask
    first = by_id[f"{problem.id}#a1"]
    assert "<b>Given" not in first.fields[0]
    assert "Activation of layer 1" in first.fields[1] and "Output" not in first.fields[1]
    assert "Net input of layer 1" in first.fields[1]  # the step before a⁽¹⁾'s own
    assert all("{{c1::" not in n.fields[0] for n in notes)
    assert notes[0].model.model_id == ANKI_MODEL_ID
    assert package.decks[0].deck_id == deck_id("hand")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_explanation_cards_show_the_model_answer_on_the_back(lang):
    problem = explain_problem()
    notes = _writer(lang).package("hand", TITLE, [problem]).decks[0].notes
    card = next(n for n in notes if n.fields[2].endswith("#why"))
    assert MODEL[lang] not in card.fields[0] and MODEL[lang] in card.fields[1]
    assert problem.answers[-1].marking[0].text.get(lang) in card.fields[1]


def test_guids_are_stable_and_differ_by_part_and_language():
    problems = [backprop_problem(), explain_problem()]
    a = [n.guid for n in _writer().package("s", TITLE, problems).decks[0].notes]
    b = [n.guid for n in _writer().package("s", TITLE, problems).decks[0].notes]
    zh = [n.guid for n in _writer("zh").package("s", TITLE, problems).decks[0].notes]
    assert a == b and len(set(a)) == len(a) and not set(a) & set(zh)


def test_diagrams_and_plots_travel_as_media():
    problem_set = load_set(REPO / "problems" / "mock_exam.toml")
    data = _writer().export(problem_set.name, problem_set.title, set_slots(problem_set, [0]))
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as package:
        import json

        media = json.loads(package.read("media"))
        svgs = [package.read(k).decode() for k in media]
    assert len(svgs) >= 2 and all(s.lstrip().startswith("<svg") for s in svgs)
    assert set(media.values()) == {n for n in media.values() if n.endswith(".svg")}


def _import(collection, path: Path):
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    request = ImportAnkiPackageRequest(
        package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=False)
    )
    return collection.import_anki_package(request).log


def test_round_trip_through_anki(tmp_path):
    collection_module = pytest.importorskip(
        "anki.collection", reason="the anki package is not installed (pip install anki)"
    )
    problem_set = load_set(REPO / "problems" / "backward_pass.toml")
    slots = [*set_slots(problem_set, [0]), *slots_of([explain_problem()])]
    first = tmp_path / "first.apkg"
    first.write_bytes(_writer().export(problem_set.name, problem_set.title, slots, 1_700_000_000))
    collection = collection_module.Collection(str(tmp_path / "fresh.anki2"))
    try:
        log = _import(collection, first)
        parts = sum(len(p.answers) for s in slots for p in s.problems)
        assert len(log.new) == parts and collection.note_count() == parts
        media = Path(collection.media.dir())
        assert any(p.suffix == ".svg" for p in media.iterdir())

        changed = replace(slots[0].problems[0], title=Text("Backprop, revised", "反向传播（修订）"))
        slots[0] = Slot(1, slots[0].entry, (changed,))
        second = tmp_path / "second.apkg"
        second.write_bytes(
            _writer().export(problem_set.name, problem_set.title, slots, 1_700_000_600)
        )
        log = _import(collection, second)
        assert len(log.new) == 0 and len(log.updated) == parts  # every note newer: rewritten
        assert collection.note_count() == parts
        ids = collection.find_notes('"Backprop, revised"')
        assert len(ids) == len(changed.answers)
        assert all(
            collection.get_note(i)["Problem"].startswith("<h3>Backprop, revised") for i in ids
        )
    finally:
        collection.close()
