"""Pseudonyms and the pseudonymised layer (SQLite; PostgreSQL when MUTUALSCOPE_TEST_PG is set)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.factories import make_case, make_document, make_participant

from mutualscope.errors import Conflict, InvalidInput, NotFound
from mutualscope.services.protection.findings import add_findings, list_findings, save_scan
from mutualscope.services.protection.layers import (
    apply_protection,
    protected_layer,
    protected_quote,
)
from mutualscope.services.protection.pseudonyms import list_pseudonyms, set_pseudonym
from mutualscope.services.protection.scans import scan_documents
from mutualscope.storage.documents import Document
from mutualscope.storage.protection import ProtectedText

FIRST = (
    "Interviewer: Where did you start?\n"
    "Sarah: At Luton Borough Council, with Julie Sharp. Julie's idea, really.\n"
)
SECOND = (
    "Interviewer: Who else?\nNurse: Sarah Jenkins and Julie, both from Luton Borough Council.\n"
)


@pytest.fixture
def docs(session: Session) -> tuple[Document, Document]:
    case = make_case(session, "Case 3")
    ceo = make_participant(
        session, "C3 CEO", role="ceo", real_name="Sarah Jenkins", case_id=case.id
    )
    at = FIRST.index("Sarah:")
    first = make_document(
        session, text=FIRST, name="one.txt",
        turns=[("Interviewer", 0, at), ("Sarah", at, len(FIRST))], participants={"Sarah": ceo},
    )  # fmt: skip
    second = make_document(session, text=SECOND, name="two.txt")
    for name in ("one.txt", "two.txt"):
        add_findings(session, name, kind="organisation", words="Luton Borough Council")
        add_findings(session, name, kind="person", words="Julie")
    add_findings(session, "one.txt", kind="person", words="Julie Sharp")
    add_findings(session, "one.txt", kind="person", words="Sarah")
    add_findings(session, "two.txt", kind="person", words="Sarah Jenkins")
    return first, second


def test_apply_replaces_consistently_across_documents(
    session: Session, docs: tuple[Document, Document]
) -> None:
    report = apply_protection(session, everything=True)
    assert [d.replaced for d in report.documents] == [4, 3]
    one = protected_layer(session, docs[0].id)
    two = protected_layer(session, docs[1].id)
    assert one is not None and two is not None
    assert one.text == (
        "Interviewer: Where did you start?\n"
        "[CEO, case 3]: At [Organisation 1], with [Person 1]. [Person 1]'s idea, really.\n"
    )
    assert two.text == (
        "Interviewer: Who else?\nNurse: [CEO, case 3] and [Person 1], both from [Organisation 1].\n"
    )
    # The originals are untouched.
    assert session.scalar(select(Document.text).where(Document.id == docs[0].id)) == FIRST


def test_a_coding_quote_in_the_layer_covers_the_replaced_words(
    session: Session, docs: tuple[Document, Document]
) -> None:
    apply_protection(session, ["one.txt"])
    start = FIRST.index("At Luton")
    end = FIRST.index(" Julie's")
    assert (
        protected_quote(session, docs[0].id, start, end) == "At [Organisation 1], with [Person 1]."
    )
    # A coding that begins inside a name takes the whole pseudonym.
    inside = FIRST.index("Sharp")
    assert protected_quote(session, docs[0].id, inside, end) == "[Person 1]."
    assert protected_quote(session, docs[1].id, 0, 5) is None  # no layer built for two.txt


def test_pseudonym_edited_by_hand_is_kept(
    session: Session, docs: tuple[Document, Document]
) -> None:
    apply_protection(session, everything=True)
    view = set_pseudonym(session, "luton borough council", "[a local authority]")
    assert (view.kind, view.replacement, view.edited) == (
        "organisation",
        "[a local authority]",
        True,
    )
    apply_protection(session, everything=True)
    two = protected_layer(session, docs[1].id)
    assert two is not None and two.text.endswith("both from [a local authority].\n")
    key = {(p.original, p.replacement) for p in list_pseudonyms(session)}
    assert ("Julie Sharp", "[Person 1]") in key and ("Julie", "[Person 1]") in key
    assert ("Sarah", "[CEO, case 3]") in key


def test_pseudonym_bad_input(session: Session, docs: tuple[Document, Document]) -> None:
    with pytest.raises(NotFound, match="No pseudonym for 'Nobody' yet"):
        set_pseudonym(session, "Nobody", "[X]")
    with pytest.raises(InvalidInput, match="still holds"):
        set_pseudonym(session, "Julie", "[Julie's colleague]", kind="person")
    with pytest.raises(InvalidInput, match="The replacement is empty"):
        set_pseudonym(session, "Julie", "  ", kind="person")


def test_layer_goes_when_the_original_changes_and_stale_findings_block_apply(
    session: Session, docs: tuple[Document, Document]
) -> None:
    apply_protection(session, everything=True)
    first = docs[0]
    first.text = FIRST.replace("really", "truly")
    session.commit()
    assert session.get(ProtectedText, first.id) is None  # the database trigger
    assert protected_layer(session, docs[1].id) is not None
    with pytest.raises(Conflict, match=r"'one\.txt' has changed since it was scanned"):
        apply_protection(session, ["one.txt"])
    save_scan(session, scan_documents(session, ["one.txt"], model="off"))
    assert {v.status for v in list_findings(session, "one.txt") if v.text == "Julie Sharp"} == {
        "added"
    }
    assert apply_protection(session, ["one.txt"]).replaced == 4


def test_include_proposed_above_a_confidence(session: Session) -> None:
    make_document(session, text="Call me on 07700 900123 or mail jo@example.org.\n", name="p.txt")
    save_scan(session, scan_documents(session, ["p.txt"], model="off"))
    assert apply_protection(session, ["p.txt"]).replaced == 0
    report = apply_protection(session, ["p.txt"], include_proposed=True, min_confidence=0.5)
    assert report.documents[0].by_kind == {"phone": 1, "email": 1}
    doc = session.scalar(select(Document).where(Document.name == "p.txt"))
    assert doc is not None
    layer = protected_layer(session, doc.id)
    assert layer is not None and layer.text == "Call me on [phone] or mail [email].\n"
    with pytest.raises(InvalidInput, match="--all, one or the other"):
        apply_protection(session)
