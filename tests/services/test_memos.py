from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from tests.coding_world import build_world

from mutualscope.errors import InvalidInput, NotFound
from mutualscope.services.codings import add_coding
from mutualscope.services.memos import add_memo, list_memos


def test_memos_on_each_kind_of_target(session: Session) -> None:
    build_world(session)
    coding = add_coding(session, "case3-ceo.txt", "Austerity", match="helped a lot")
    add_memo(session, "Overall impressions", title="Project")
    add_memo(session, "Long interview", document="case3-ceo.txt", author="ana")
    add_memo(session, "Keep distinct from commissioning", code="Austerity")
    add_memo(session, "Ironic?", coding_id=coding.id)
    rows = list_memos(session)
    assert [(r["on"], r["target"]) for r in rows] == [
        ("project", None),
        ("document", "case3-ceo.txt"),
        ("code", "Austerity"),
        ("coding", f"coding {coding.id}"),
    ]
    assert rows[1]["author"] == "ana"
    assert [r["text"] for r in list_memos(session, code="Austerity")] == [
        "Keep distinct from commissioning"
    ]
    assert len(list_memos(session, project_only=True)) == 1


def test_memo_refusals(session: Session) -> None:
    build_world(session)
    with pytest.raises(InvalidInput):
        add_memo(session, "  ")
    with pytest.raises(InvalidInput):
        add_memo(session, "x", document="case3-ceo.txt", code="Austerity")
    with pytest.raises(NotFound):
        add_memo(session, "x", coding_id=9999)
    with pytest.raises(NotFound):
        add_memo(session, "x", code="Nope")
