"""Stored findings and their review (SQLite, and PostgreSQL when MUTUALSCOPE_TEST_PG is set)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.factories import make_case, make_document, make_participant

from mutualscope.errors import Conflict, InvalidInput, NotFound
from mutualscope.services.protection.findings import (
    add_findings,
    decide_findings,
    list_findings,
    save_scan,
)
from mutualscope.services.protection.scans import scan_documents
from mutualscope.storage.documents import Document
from mutualscope.storage.protection import ProtectionFinding
from mutualscope.storage.users import AuditEvent

TEXT = (
    "Interviewer: How did it start?\n"
    "SJ: Mark and I went to the board. Call me on 07700 900123. Big Dave agreed.\n"
)


@pytest.fixture
def doc(session: Session) -> Document:
    case = make_case(session, "Case 1")
    make_participant(session, "Case 1 CEO", role="ceo", real_name="Sarah Jenkins", case_id=case.id)
    make_participant(session, "Case 1 Finance Director", role="director", real_name="Mark Oduya")
    first = TEXT.index("SJ:")
    return make_document(
        session,
        text=TEXT,
        name="case-1.txt",
        turns=[("Interviewer", 0, first), ("SJ", first, len(TEXT))],
    )


def _by_text(session: Session) -> dict[str, str]:
    return {f.text: f.status for f in list_findings(session, "case-1.txt")}


def test_save_scan_stores_proposed_findings_with_their_words(
    session: Session, doc: Document
) -> None:
    saved = save_scan(session, scan_documents(session, ["case-1.txt"], model="off"))
    assert saved.new == 4 and saved.found_again == 0
    views = list_findings(session, "case-1.txt")
    assert [(v.kind, v.text, v.status) for v in views] == [
        ("person", "SJ", "proposed"),
        ("person", "Mark", "proposed"),
        ("phone", "07700 900123", "proposed"),
        ("person", "Dave", "proposed"),
    ]
    assert all(TEXT[v.start : v.end] == v.text and not v.stale for v in views)


def test_rescan_keeps_every_decision(session: Session, doc: Document) -> None:
    save_scan(session, scan_documents(session, ["case-1.txt"], model="off"))
    ids = {v.text: v.id for v in list_findings(session, "case-1.txt")}
    decide_findings(session, [ids["Mark"]], status="accepted")
    decide_findings(session, [ids["SJ"]], status="rejected")
    add_findings(session, "case-1.txt", kind="person", words="big dave")
    again = save_scan(session, scan_documents(session, everything=True, model="off"))
    assert (again.new, again.found_again, again.dropped) == (0, 4, 0)
    assert _by_text(session) == {
        "SJ": "rejected",
        "Mark": "accepted",
        "07700 900123": "proposed",
        "Big Dave": "added",
        "Dave": "proposed",
    }


def test_changed_text_moves_reviewed_findings_and_drops_proposed(
    session: Session, doc: Document
) -> None:
    save_scan(session, scan_documents(session, ["case-1.txt"], model="off"))
    ids = {v.text: v.id for v in list_findings(session, "case-1.txt")}
    decide_findings(session, [ids["Mark"]], status="accepted")
    edited = "Interviewer: Hello there, and welcome.\n" + TEXT.split("\n", 1)[1]
    doc.text = edited
    session.commit()
    assert all(v.stale for v in list_findings(session, "case-1.txt"))
    with pytest.raises(Conflict, match=r"earlier text of 'case-1\.txt'"):
        decide_findings(session, [ids["SJ"]], status="rejected")
    saved = save_scan(session, scan_documents(session, ["case-1.txt"], model="off"))
    assert saved.moved == 1 and saved.lost == []
    mark = next(v for v in list_findings(session, "case-1.txt") if v.text == "Mark")
    assert (mark.id, mark.status, edited[mark.start : mark.end]) == (
        ids["Mark"],
        "accepted",
        "Mark",
    )


def test_decisions_are_audited_without_the_words(session: Session, doc: Document) -> None:
    save_scan(session, scan_documents(session, ["case-1.txt"], model="off"))
    ids = [v.id for v in list_findings(session, "case-1.txt")]
    decide_findings(session, ids[:2], status="accepted", actor="ann")
    add_findings(session, "case-1.txt", kind="person", words="Big Dave", actor="ann")
    events = list(
        session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "protection_finding"))
    )
    assert [(e.action, e.actor) for e in events] == [("accept", "ann")] * 2 + [("add", "ann")]
    assert events[0].after is not None and events[0].after["status"] == "accepted"
    for event in events:
        assert "Mark" not in str(event.after) and "Dave" not in str(event.after)
    rows = session.scalars(select(ProtectionFinding).where(ProtectionFinding.id.in_(ids[:2])))
    assert {r.reviewer for r in rows} == {"ann"}


def test_add_by_offsets_and_bad_input(session: Session, doc: Document) -> None:
    start = TEXT.index("Big Dave")
    (added,) = add_findings(session, "case-1.txt", kind="person", start=start, end=start + 8)
    assert (added.text, added.status, added.source) == ("Big Dave", "added", "reviewer")
    with pytest.raises(InvalidInput, match="offsets run from 0 to"):
        add_findings(session, "case-1.txt", kind="person", start=5, end=9999)
    with pytest.raises(InvalidInput, match=r"does not occur in 'case-1\.txt'"):
        add_findings(session, "case-1.txt", kind="person", words="Nobody Here")
    with pytest.raises(InvalidInput, match="Unknown kind 'name'"):
        add_findings(session, "case-1.txt", kind="name", words="Dave")
    with pytest.raises(InvalidInput, match="not both"):
        add_findings(session, "case-1.txt", kind="person", start=1, end=2, words="Dave")
    with pytest.raises(NotFound, match=r"No document 'nope\.txt'"):
        add_findings(session, "nope.txt", kind="person", words="Dave")


def test_decide_unknown_id_changes_nothing(session: Session, doc: Document) -> None:
    save_scan(session, scan_documents(session, ["case-1.txt"], model="off"))
    ids = [v.id for v in list_findings(session, "case-1.txt")]
    with pytest.raises(NotFound, match="No finding 9999"):
        decide_findings(session, [ids[0], 9999], status="accepted")
    session.rollback()
    assert {v.status for v in list_findings(session, "case-1.txt")} == {"proposed"}
    with pytest.raises(InvalidInput, match="--status takes one of"):
        list_findings(session, status="maybe")
