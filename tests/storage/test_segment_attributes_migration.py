"""Migration 0007 (segment attributes): a project at 0006 upgrades with its turns and
their search index intact, and down again.

Run on SQLite, and on a PostgreSQL database of its own when MUTUALSCOPE_TEST_PG is set.
"""

from __future__ import annotations

from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from mutualscope.services.search import search_segments
from mutualscope.storage.documents import Segment
from mutualscope.storage.schema import downgrade_to, upgrade_to, upgrade_to_head


def _old_turn(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO document (id, name, kind, text, length, word_count, attributes, "
                "guid, created_at, updated_at) VALUES (3, 'old.csv', 'interview', "
                "'R1: Staff own it 😀', 19, 4, '{}', 'g-3', '2020-01-01 00:00:00', "
                "'2020-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                'INSERT INTO segment (id, document_id, position, start, "end", speaker) '
                "VALUES (5, 3, 0, 4, 19, 'R1')"
            )
        )


def test_upgrade_from_0006_keeps_turns_and_adds_their_attributes(empty_engine: Engine) -> None:
    upgrade_to(empty_engine, "0006_ids_never_reused")
    _old_turn(empty_engine)

    upgrade_to_head(empty_engine)

    with Session(empty_engine) as session:
        old = session.get(Segment, 5)
        assert old is not None and (old.speaker, old.attributes) == ("R1", None)
        old.attributes = {"Sentiment": "positive", "Page": 2, "Note": "“quoted” 😀"}
        session.commit()
        session.expire_all()
        again = session.get(Segment, 5)
        assert again is not None
        assert again.attributes == {"Sentiment": "positive", "Page": 2, "Note": "“quoted” 😀"}
        # The turn is still found by search: its index and triggers are untouched.
        session.add(Segment(document_id=3, position=1, start=4, end=9, speaker="R1"))
        session.commit()
        assert [hit.document for hit in search_segments(session, "staff")] == ["old.csv"] * 2


def test_downgrade_to_0006_drops_the_column_and_keeps_the_turns(empty_engine: Engine) -> None:
    upgrade_to(empty_engine, "0007_segment_attributes")
    _old_turn(empty_engine)
    downgrade_to(empty_engine, "0006_ids_never_reused")
    with empty_engine.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("segment")}
        assert "attributes" not in columns
        assert conn.execute(select(text("speaker")).select_from(text("segment"))).scalar() == "R1"
