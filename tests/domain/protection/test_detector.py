"""One scan: rules, gazetteers and a model's entities combined, overlaps settled."""

from __future__ import annotations

import time

import pytest

from mutualscope.domain.protection.detector import ModelEntity, detect, model_findings
from mutualscope.domain.protection.findings import context_of, resolve_overlaps
from mutualscope.domain.protection.gazetteer import Gazetteer, GazetteerEntry
from mutualscope.domain.protection.kinds import ORGANISATION, PERSON, PLACE

TEXT = (
    "Interviewer: Who helped?\n"
    "Sarah: Dave Patel at Luton Borough Council 😀, and Ngozi from Kettleby. The NHS "
    "and the Department of Health liked it. Ring 07700 900123.\n"
)


def entity(text: str, label: str, occurrence: int = 1) -> ModelEntity:
    start = -1
    for _ in range(occurrence):
        start = TEXT.index(text, start + 1)
    return ModelEntity(start, start + len(text), label)


def test_detect_without_model() -> None:
    gazetteer = Gazetteer([GazetteerEntry("Sarah Jenkins", PERSON, "participant P1")])
    found = detect(TEXT, Gazetteer([]))
    assert [(f.text, f.kind) for f in found] == [
        ("Sarah", PERSON),
        ("Dave Patel", PERSON),
        ("Luton Borough Council", ORGANISATION),
        ("07700 900123", "phone"),
    ]
    assert detect(TEXT, gazetteer)[0].source == "lexicon"  # "Sarah" alone is a given name


def test_detect_offsets_are_code_points_past_an_emoji() -> None:
    found = detect(TEXT, None, [entity("Ngozi", "PERSON")])
    for finding in found:
        assert TEXT[finding.start : finding.end] == finding.text
    assert "Ngozi" in [f.text for f in found]


def test_detect_model_adds_and_agreement_raises_confidence() -> None:
    entities = [
        entity("Ngozi", "PERSON"),
        entity("Kettleby", "GPE"),
        entity("Dave Patel", "PERSON"),
        entity("NHS", "ORG"),
        entity("the Department of Health", "ORG"),
        entity("07700", "CARDINAL"),
    ]
    found = {f.text: f for f in detect(TEXT, None, entities)}
    assert found["Ngozi"].kind == PERSON and found["Ngozi"].source == "model"
    assert found["Kettleby"].kind == PLACE
    assert found["Dave Patel"].confidence > 0.9  # lexicon and model agree
    assert "NHS" not in found and "Department of Health" not in found  # national bodies


def test_model_findings_trimmed_and_filtered() -> None:
    text = "the VAT, Dr Okafor's team, The Luton Trust 🚗, the Social Value Act, Dr."
    entities = [
        ModelEntity(text.index("VAT"), text.index("VAT") + 3, "ORG"),
        ModelEntity(text.index("Dr Okafor's"), text.index("Dr Okafor's") + 11, "PERSON"),
        ModelEntity(text.index("The Luton"), text.index("🚗") + 1, "ORG"),
        ModelEntity(text.index("Social"), text.index("Act") + 3, "ORG"),
        ModelEntity(text.index("Dr."), text.index("Dr.") + 3, "PERSON"),
    ]
    found = [(f.text, f.kind) for f in model_findings(text, entities)]
    assert found == [("Okafor", PERSON), ("Luton Trust", ORGANISATION), ("Dr", PERSON)]
    assert "Dr" not in [f.text for f in detect(text, None, entities)]


def test_detect_kinds_and_threshold() -> None:
    found = detect(TEXT, None, kinds={"phone"})
    assert [f.kind for f in found] == ["phone"]
    assert detect(TEXT, None, min_confidence=0.99) == []


def test_resolve_overlaps_longest_then_surest() -> None:
    found = detect("Luton Borough Council", None)
    assert [(f.text, f.kind) for f in found] == [("Luton Borough Council", ORGANISATION)]
    assert resolve_overlaps([]) == []


def test_context_of_marks_the_finding_on_one_line() -> None:
    finding = detect(TEXT, None, kinds={"phone"})[0]
    assert context_of(TEXT, finding, width=12) == "…ed it. Ring [07700 900123]."


@pytest.mark.parametrize(
    "text",
    [
        "a dot " * 10_000 + "at b dot " * 5_000,  # spoken emails that never end
        "Sarah " * 10_000,  # thousands of findings to settle
        "Luton and " * 10_000 + "Trust",  # an organisation name that never starts
        "director of " * 10_000,
    ],
)
def test_detect_stays_linear_on_repetitive_text(text: str) -> None:
    # Each takes well under a second; a pattern or a merge gone quadratic takes minutes.
    started = time.perf_counter()
    detect(text, None)
    assert time.perf_counter() - started < 15


def test_detect_surname_alone_after_the_full_name() -> None:
    text = (
        "Dave Patel rang. Later Patel said no, and Patel's team agreed. Dr Okafor came; "
        "Okafor was late. A Patel in lower case, patel, is not taken."
    )
    found = [(f.text, f.rule) for f in detect(text, None) if f.kind == "person"]
    assert found == [
        ("Dave Patel", "given name"),
        ("Patel", "surname seen in full"),
        ("Patel", "surname seen in full"),
        ("Okafor", "title"),
        ("Okafor", "surname seen in full"),
        ("Patel", "surname seen in full"),
    ]


def test_detect_surnames_not_spread_from_the_model() -> None:
    text = "Bedford Hall was full. Hall said it was."
    entities = [ModelEntity(0, 12, "PERSON")]
    assert [f.text for f in detect(text, None, entities)] == ["Bedford Hall"]
