"""Scanning the project's documents (SQLite, and PostgreSQL when MUTUALSCOPE_TEST_PG is set)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.factories import make_case, make_document, make_organisation, make_participant

from mutualscope.errors import InvalidInput, NotFound
from mutualscope.services.protection.gazetteer import organisation_aliases, project_gazetteer
from mutualscope.services.protection.scans import scan_documents
from mutualscope.storage.documents import Document

TEXT = (
    "Interviewer: How did it start?\n"
    "SJ: When we left the PCT, Mark and I went to BCH's board. Dr Okafor at "
    "Thameside Wellbeing agreed. Call me on 07700 900123.\n"
    "Interviewer: Thanks, Sarah.\n"
)


@pytest.fixture
def project_with_names(session: Session) -> Document:
    case = make_case(session, "Case 1")
    make_participant(session, "Case 1 CEO", role="ceo", real_name="Sarah Jenkins", case_id=case.id)
    make_participant(session, "Case 1 Finance Director", role="director", real_name="Mark Oduya")
    make_organisation(session, name="Bedford Community Health CIC")
    make_organisation(
        session, name="Thameside Wellbeing CIC", attributes={"known_as": "TW; Thameside"}
    )
    first = TEXT.index("SJ:")
    second = TEXT.index("Interviewer: Thanks")
    return make_document(
        session,
        text=TEXT,
        name="case-1-ceo.txt",
        turns=[
            ("Interviewer", 0, first),
            ("SJ", first, second),
            ("Interviewer", second, len(TEXT)),
        ],
    )


def test_project_gazetteer_holds_the_projects_names(
    session: Session, project_with_names: Document
) -> None:
    names = {(e.text, e.kind) for e in project_gazetteer(session).entries}
    assert {
        ("Sarah Jenkins", "person"),
        ("Sarah", "person"),
        ("Jenkins", "person"),
        ("Mark", "person"),
        ("SJ", "person"),  # a speaker label that may be initials
        ("BCH", "organisation"),
        ("Thameside Wellbeing", "organisation"),
        ("TW", "organisation"),
    } <= names
    assert not {text for text, _ in names} & {"Interviewer", "Case 1", "Case 1 CEO"}


def test_organisation_aliases_from_attributes() -> None:
    assert organisation_aliases({"Short name": "LCP", "aliases": ["Luton Care", " "]}) == [
        "LCP",
        "Luton Care",
    ]
    assert organisation_aliases({"known_as": "A | B;C", "notes": "x"}) == ["A", "B", "C"]
    assert organisation_aliases(None) == []


def test_scan_finds_the_words_with_offsets(session: Session, project_with_names: Document) -> None:
    result = scan_documents(session, ["case-1-ceo.txt"], model="off")
    found = [(f.kind, f.text, f.source) for f in result.findings]
    assert found == [
        ("person", "SJ", "gazetteer"),
        ("person", "Mark", "gazetteer"),
        ("organisation", "BCH", "gazetteer"),
        ("person", "Okafor", "rule"),
        ("organisation", "Thameside Wellbeing", "gazetteer"),
        ("phone", "07700 900123", "rule"),
        ("person", "Sarah", "gazetteer"),
    ]
    for finding in result.findings:
        assert TEXT[finding.start : finding.end] == finding.text
        assert f"[{finding.text}]" in finding.context
    assert result.documents == 1 and result.model is None
    assert [(s.kind, s.findings, s.distinct) for s in result.summary] == [
        ("person", 4, 4),
        ("organisation", 2, 2),
        ("phone", 1, 1),
    ]


def test_scan_all_with_model_and_kinds(session: Session, project_with_names: Document) -> None:
    make_document(session, text="Nothing personal here at all.\n", name="empty.txt")
    result = scan_documents(session, everything=True, kinds={"person"}, model="on")
    assert result.model is not None and result.model.startswith("en_core_web_sm")
    assert {f.kind for f in result.findings} == {"person"}
    assert result.documents == 2


def test_scan_changes_nothing(session: Session, project_with_names: Document) -> None:
    before = session.scalar(select(func.count()).select_from(Document))
    scan_documents(session, everything=True, model="off")
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Document)) == before
    assert session.scalar(select(Document.text).where(Document.name == "case-1-ceo.txt")) == TEXT


def test_scan_bad_input_says_how_to_mend_it(session: Session, project_with_names: Document) -> None:
    with pytest.raises(InvalidInput, match=r"Name one or more .* or give --all"):
        scan_documents(session)
    with pytest.raises(InvalidInput, match="not both"):
        scan_documents(session, ["case-1-ceo.txt"], everything=True)
    with pytest.raises(NotFound, match=r"No document .nope\.txt."):
        scan_documents(session, ["nope.txt"])
    with pytest.raises(InvalidInput, match="Unknown kind name: the kinds are person"):
        scan_documents(session, everything=True, kinds={"name"})
    with pytest.raises(InvalidInput, match="between 0 and 1"):
        scan_documents(session, everything=True, min_confidence=2)
    with pytest.raises(InvalidInput, match="--model takes one of"):
        scan_documents(session, everything=True, model="maybe")
