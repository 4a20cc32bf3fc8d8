"""Bulk adds: all or nothing, repeats skipped and counted, memos kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.coding_world import build_world
from tests.services.test_codings import count, quirky_document

from mutualscope.errors import InvalidInput
from mutualscope.services.coding_batches import CodingSpec, add_codings
from mutualscope.services.codings import list_codings, save_coding
from mutualscope.storage.models import AuditEvent, Coding, Memo


def test_add_codings_is_all_or_nothing(session: Session) -> None:
    build_world(session)
    before = count(session, Coding)
    good = CodingSpec("case4-nurse.txt", "Austerity", coder="dan", match="What changed")
    bad = CodingSpec("case4-nurse.txt", "Austerity", coder="dan", match="absent words")
    with pytest.raises(InvalidInput, match="coding 2"):
        add_codings(session, [good, bad], source="test")
    assert count(session, Coding) == before
    assert add_codings(session, [good], source="test").added == 1
    assert count(session, Coding) == before + 1


def test_add_codings_bulk_skips_and_counts_duplicates(session: Session) -> None:
    doc = quirky_document(session)
    save_coding(session, doc.name, "Barriers", match="the tender", coder="ana")
    specs = [
        CodingSpec(doc.name, "Barriers", coder="ana", match="the tender", memo="seen twice"),
        CodingSpec(doc.name, "Barriers", coder=None, match="the tender"),
        CodingSpec(doc.name, "barriers", coder=None, match="the tender"),
        CodingSpec(doc.name, "Barriers", coder="ben", match="the surplus"),
        CodingSpec(doc.name, "Barriers", coder="ben", match="the surplus", memo="ben's note"),
    ]
    result = add_codings(session, specs, source="codings.yaml")
    assert (result.added, result.duplicates) == (2, 3)
    rows = list_codings(session)
    assert sorted((r["text"], r["coder"] or "") for r in rows) == [
        ("the surplus", "ben"),
        ("the tender", ""),
        ("the tender", "ana"),
    ]
    memos = {m.text: m.coding_id for m in session.scalars(select(Memo))}
    by_coder = {(r["coder"] or "", r["text"]): r["coding_id"] for r in rows}
    assert memos == {
        "seen twice": by_coder[("ana", "the tender")],
        "ben's note": by_coder[("ben", "the surplus")],
    }
    again = add_codings(session, specs, source="codings.yaml")
    assert (again.added, again.duplicates) == (0, 5)
    assert count(session, Coding) == 3
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "import")).all()
    assert [e.after for e in events] == [
        {"source": "codings.yaml", "codings": 2, "duplicates": 3},
        {"source": "codings.yaml", "codings": 0, "duplicates": 5},
    ]
