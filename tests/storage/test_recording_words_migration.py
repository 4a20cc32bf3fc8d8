"""Migration 0008 (recordings and word times): a project at 0007 upgrades with its
documents intact and can keep a recording and its words; and down again.

Run on SQLite, and on a PostgreSQL database of its own when MUTUALSCOPE_TEST_PG is set.
"""

from __future__ import annotations

from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from mutualscope.storage.documents import Document
from mutualscope.storage.recordings import Recording, RecordingChunk, RecordingWord
from mutualscope.storage.schema import downgrade_to, upgrade_to, upgrade_to_head


def _old_document(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO document (id, name, kind, text, length, word_count, attributes, "
                "guid, created_at, updated_at) VALUES (3, 'old.vtt', 'interview', "
                "'Speaker 1: Staff own it 😀', 26, 4, '{}', 'g-3', '2020-01-01 00:00:00', "
                "'2020-01-01 00:00:00')"
            )
        )


def test_upgrade_from_0007_keeps_documents_and_stores_recordings(empty_engine: Engine) -> None:
    upgrade_to(empty_engine, "0007_segment_attributes")
    _old_document(empty_engine)

    upgrade_to_head(empty_engine)

    with Session(empty_engine) as session:
        document = session.get(Document, 3)
        assert document is not None and document.audio_ref is None
        recording = Recording(
            checksum="a" * 64, filename="old.m4a", media_type="audio/mp4", size=3, duration=1.5
        )
        session.add(recording)
        session.flush()
        session.add(RecordingChunk(recording_id=recording.id, position=0, content=b"\x00\xffA"))
        session.add(
            RecordingWord(
                document_id=3, position=0, start=11, end=16, time_start=0.5, time_end=0.9,
                probability=0.75,
            )
        )  # fmt: skip
        document.audio_ref = "sha256:" + "a" * 64
        session.commit()
        session.expire_all()
        content = session.scalar(select(RecordingChunk.content))
        word = session.scalar(select(RecordingWord))
        assert content == b"\x00\xffA"
        assert word is not None and document.text[word.start : word.end] == "Staff"
        # Removing the document removes its words, not the recording it refers to.
        session.delete(session.get(Document, 3))
        session.commit()
        assert session.scalar(select(RecordingWord)) is None
        assert session.scalar(select(Recording.filename)) == "old.m4a"


def test_downgrade_to_0007_drops_the_tables_and_keeps_documents(empty_engine: Engine) -> None:
    upgrade_to(empty_engine, "0008_recording_words")
    _old_document(empty_engine)
    downgrade_to(empty_engine, "0007_segment_attributes")
    with empty_engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        assert not tables & {"recording", "recording_chunk", "recording_word"}
        assert conn.execute(select(text("name")).select_from(text("document"))).scalar() == (
            "old.vtt"
        )
