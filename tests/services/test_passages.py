"""The in-memory selection agrees with the SQL query, and sees every change."""

from __future__ import annotations

import random

from sqlalchemy.orm import Session
from tests.coding_world import build_world
from tests.factories import make_coding, make_document

from mutualscope.domain.conditions import parse_condition
from mutualscope.services.passages import PassageFilter, passage_query, select_passages
from mutualscope.services.quotes import find_quotes


def sql_rows(session: Session, filters: PassageFilter) -> list[tuple[int, int | None, int | None]]:
    rows = session.execute(passage_query(filters, with_text=False)).all()
    return [(r.coding_id, r.participant_id, r.case_id) for r in rows]


def index_rows(
    session: Session, filters: PassageFilter
) -> list[tuple[int, int | None, int | None]]:
    _, passages = select_passages(session, filters)
    return [(p.coding_id, p.participant_id, p.case_id) for p in passages]


def test_index_and_sql_attribute_every_coding_alike(session: Session) -> None:
    world = build_world(session)
    rng = random.Random(3)
    gap = make_document(
        session,
        text="Preamble. " + world.ceo_doc.text,
        name="gap.txt",
        turns=[("CEO", 10, 40), ("CEO", 45, 60)],
        participants={"CEO": world.ceo},
        case_id=world.case4.id,
    )
    codes = [world.surplus, world.austerity, world.organisational]
    for document in (world.ceo_doc, world.nurse_doc, gap):
        for _ in range(15):
            start = rng.randrange(len(document.text) - 2)
            end = rng.randint(start + 1, len(document.text))
            make_coding(session, document, rng.choice(codes), start, end, coder=world.ana)
    for filters in [
        PassageFilter(),
        PassageFilter(code_ids=[world.surplus.id, world.austerity.id]),
        PassageFilter(case_id=world.case4.id),
        PassageFilter(role="ceo"),
        PassageFilter(coder_id=world.ben.id, document_ids=[world.ceo_doc.id]),
    ]:
        assert index_rows(session, filters) == sql_rows(session, filters)
    where = PassageFilter(conditions=[parse_condition("org.employees_min>=1000")])
    _, passages = select_passages(session, where)
    assert {p.organisation_id for p in passages} == {world.big.id}


def test_changes_are_seen_at_once(session: Session) -> None:
    world = build_world(session)
    assert len(find_quotes(session, "Austerity")) == 2
    make_coding(session, world.ceo_doc, world.austerity, 0, 5, coder=world.ana)
    assert len(find_quotes(session, "Austerity")) == 3
    start = world.ceo_doc.text.index("We didn't")
    make_coding(session, world.ceo_doc, world.austerity, start, start + 5, coder=world.ana)
    assert "CEO" in {q.role for q in find_quotes(session, "Austerity")}
    # An edit with no audit event and no new row is seen too.
    world.ceo.role = "Director"
    session.commit()
    roles = {q.role for q in find_quotes(session, "Austerity")}
    assert "Director" in roles and "CEO" not in roles
