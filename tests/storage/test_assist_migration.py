"""Migration 0010 (local assistance): a project at 0009 upgrades with its turns intact,
keeps passage vectors byte for byte, forgets them when their words change; and down again.

Run on SQLite, and on a PostgreSQL database of its own when MUTUALSCOPE_TEST_PG is set
(``empty_engine``: tests/storage/conftest.py).
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import inspect, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from mutualscope.storage.assist import PassageEmbedding, vector_bytes, vectors_from_bytes
from mutualscope.storage.documents import Document, Segment
from mutualscope.storage.schema import downgrade_to, upgrade_to, upgrade_to_head

TEXT = "Speaker 1: Staff own it 😀\nSpeaker 2: We took risks."


def _old_document(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO document (id, name, kind, text, length, word_count, attributes, "
                "guid, created_at, updated_at) VALUES (3, 'old.txt', 'interview', :text, "
                ":length, 9, '{}', 'g-3', '2020-01-01 00:00:00', '2020-01-01 00:00:00')"
            ),
            {"text": TEXT, "length": len(TEXT)},
        )
        second = TEXT.index("We")
        turns = ((5, 0, 11, TEXT.index("\n")), (6, 1, second, len(TEXT)))
        for seg_id, position, start, end in turns:
            conn.execute(
                text(
                    'INSERT INTO segment (id, document_id, position, start, "end") '
                    "VALUES (:id, 3, :position, :start, :end)"
                ),
                {"id": seg_id, "position": position, "start": start, "end": end},
            )


def _vector(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).standard_normal(384).astype(np.float32)
    return vector / np.linalg.norm(vector)


def test_upgrade_from_0009_keeps_turns_and_stores_vectors(empty_engine: Engine) -> None:
    upgrade_to(empty_engine, "0009_consent")
    _old_document(empty_engine)

    upgrade_to_head(empty_engine)

    with Session(empty_engine) as session:
        turns = session.scalars(select(Segment).order_by(Segment.id)).all()
        assert [TEXT[s.start : s.end] for s in turns] == ["Staff own it 😀", "We took risks."]
        vectors = [_vector(1), _vector(2)]
        for turn, vector in zip(turns, vectors, strict=True):
            session.add(
                PassageEmbedding(
                    segment_id=turn.id, document_id=3, start=turn.start, end=turn.end,
                    model="m", text_hash="h", vector=vector_bytes(vector),
                )
            )  # fmt: skip
        session.commit()
        stored = session.scalars(select(PassageEmbedding.vector).order_by(PassageEmbedding.id))
        assert np.array_equal(vectors_from_bytes(list(stored), 384), np.vstack(vectors))

        # A turn that moves loses its vector; the other keeps its own.
        session.execute(update(Segment).where(Segment.id == 6).values(start=TEXT.index("took")))
        session.commit()
        assert session.scalars(select(PassageEmbedding.segment_id)).all() == [5]
        # Any change to the document's text forgets every vector of the document.
        document = session.get(Document, 3)
        assert document is not None
        document.text = TEXT.replace("Staff", "People")
        session.commit()
        assert session.scalars(select(PassageEmbedding)).all() == []


def test_downgrade_to_0009_drops_the_tables_and_keeps_turns(empty_engine: Engine) -> None:
    upgrade_to(empty_engine, "0010_assist")
    _old_document(empty_engine)
    downgrade_to(empty_engine, "0009_consent")
    with empty_engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        assert not tables & {"passage_embedding", "assist_suggestion"}
        assert conn.execute(text("SELECT count(*) FROM segment")).scalar() == 2
        # The triggers went with the tables: the text can still change.
        conn.execute(text("UPDATE document SET text = 'x' WHERE id = 3"))
