"""The in-memory attribution of codings: built once, reused, rebuilt on change."""

from __future__ import annotations

from sqlalchemy.orm import Session
from tests.coding_world import build_world, span_of
from tests.factories import make_coding

from mutualscope.services.codebook import add_code
from mutualscope.services.passage_index import build_index, passage_index, project_stamp


def test_index_attributes_codings_to_turn_participant_case_and_organisation(
    session: Session,
) -> None:
    world = build_world(session)
    index = build_index(session)
    assert len(index.passages) == 8
    surplus = index.by_code[world.surplus.id]
    assert [p.participant_id for p in surplus] == [world.ceo.id, world.ceo.id]
    assert {p.case_id for p in surplus} == {world.case3.id}
    assert index.organisation(surplus[0])["size_band"] == "1000-plus"  # type: ignore[index]
    assert index.role(surplus[0]) == "CEO"
    assert index.coders[world.ana.id] == "ana"
    # Passages of a document are in document order.
    starts = [p.start for p in index.by_document[world.ceo_doc.id]]
    assert starts == sorted(starts)


def test_index_is_reused_until_the_project_changes(session: Session) -> None:
    world = build_world(session)
    first = passage_index(session)
    assert passage_index(session) is first
    stamp = project_stamp(session)
    add_code(session, "Social value")  # a change through a service: an audit event
    assert project_stamp(session) != stamp
    assert passage_index(session) is not first
    second = passage_index(session)
    make_coding(session, world.nurse_doc, world.austerity, *span_of(world.nurse_doc, "monthly"))
    third = passage_index(session)
    assert third is not second and len(third.passages) == 9
