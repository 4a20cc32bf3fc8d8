"""The search index: kept in step with segments by triggers, queried on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.orm import Session
from tests.factories import make_document

from mutualscope.domain.searchquery import parse_query
from mutualscope.domain.words import index_body
from mutualscope.storage.documents import Document, Segment
from mutualscope.storage.fulltext import (
    SEARCH_TABLE,
    defer_index_merge,
    has_pending,
    index_pending,
    rebuild_index,
    refresh_statistics,
    search_passages,
    to_fts5,
    to_tsquery,
)
from mutualscope.storage.passage_text import MAX_PASSAGE_CHARS, split_passage, tsvector_text

TEXT = "Interviewer: Was it risky?\nCEO: We went under the radar, café and all.\n"


def segments_found(session: Session, query: str) -> list[int]:
    conn = session.connection()
    return [p.segment_id for p in search_passages(conn, parse_query(query))]


def index_rows(session: Session) -> int:
    return int(session.execute(text(f"SELECT count(*) FROM {SEARCH_TABLE}")).scalar_one())


def test_index_pending_indexes_segments_written_without_the_index(session: Session) -> None:
    doc = make_document(session, text=TEXT, turns=[("Interviewer", 13, 26), ("CEO", 32, 70)])
    assert has_pending(session.connection())
    assert index_pending(session.connection()) == 2
    assert not has_pending(session.connection())
    ceo = doc.segments[1].id
    assert segments_found(session, '"under the radar"') == [ceo]
    assert segments_found(session, "CAFE") == [ceo]
    assert segments_found(session, "risk*") == [doc.segments[0].id]


def test_deleting_a_document_removes_its_index_rows(session: Session) -> None:
    doc = make_document(session, text=TEXT, turns=[("Interviewer", 13, 26), ("CEO", 32, 70)])
    index_pending(session.connection())
    assert index_rows(session) == 2
    session.execute(delete(Document).where(Document.id == doc.id))
    assert index_rows(session) == 0


def test_moving_a_segment_requeues_it(session: Session) -> None:
    doc = make_document(session, text=TEXT, turns=[("CEO", 32, 70)])
    index_pending(session.connection())
    session.execute(update(Segment).where(Segment.document_id == doc.id).values(start=13, end=26))
    assert segments_found(session, "risky") == []
    index_pending(session.connection())
    assert segments_found(session, "risky") == [doc.segments[0].id]


def test_changing_document_text_reindexes_it(session: Session) -> None:
    doc = make_document(session, text=TEXT, turns=[("CEO", 32, 70)])
    index_pending(session.connection())
    new_text = TEXT.replace("radar", "rules")
    session.execute(update(Document).where(Document.id == doc.id).values(text=new_text))
    index_pending(session.connection())
    assert segments_found(session, "radar") == []
    assert segments_found(session, "rules") == [doc.segments[0].id]


def test_rebuild_index(session: Session) -> None:
    make_document(session, text=TEXT, turns=[("Interviewer", 13, 26), ("CEO", 32, 70)])
    index_pending(session.connection())
    assert rebuild_index(session.connection()) == 2
    assert index_rows(session) == 2


def test_long_turns_are_split_into_passages_at_line_ends() -> None:
    line = "word " * 999 + "end\n"
    body = line * 10
    pieces = split_passage(body, 0, len(body))
    assert len(pieces) > 1
    assert all(b - a <= MAX_PASSAGE_CHARS for a, b in pieces)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(body)
    assert all(body[b - 1] == "\n" for _, b in pieces[:-1])


def test_query_translations() -> None:
    query = parse_query('(innovat* OR "social value") NOT tender')
    assert to_fts5(query) == '(("innovat" * OR "social value")) NOT ("tender")'
    assert to_tsquery(query) == "((('innovat':*) | ('social' <-> 'value')) & !('tender'))"


def test_refresh_statistics_runs_on_both_backends(session: Session) -> None:
    doc = make_document(session, text=TEXT, turns=[("CEO", 32, 70)])
    index_pending(session.connection())
    refresh_statistics(session.connection())
    assert segments_found(session, "radar") == [doc.segments[0].id]


@pytest.mark.parametrize(
    "raw",
    [
        "Under the radar, the CEO said: 2011 h2o 007 café naïve Straße it's x1y",
        " ".join(["the", "cat"] * 300),
        "Ünïcödé ωμέγα Ελλάδα données",
        # A word past 2,047 bytes made the import fail on PostgreSQL ("word is too long").
        "a " + "9" * 3000 + " b " + "é" * 600 + " c " + "é" * 1023 + " d",
    ],
)
def test_tsvector_text_equals_postgresql_to_tsvector(
    session: Session, backend: str, raw: str
) -> None:
    if backend != "postgresql":
        pytest.skip("compares with PostgreSQL's own to_tsvector; set MUTUALSCOPE_TEST_PG")
    body = index_body(raw)
    ours = session.execute(
        text("SELECT CAST(:t AS tsvector) = to_tsvector('simple', :b)"),
        {"t": tsvector_text(body), "b": body},
    ).scalar_one()
    assert ours is True


def test_tsvector_text_positions() -> None:
    assert tsvector_text("under the radar the") == "'under':1 'the':2,4 'radar':3"


def test_direct_indexing_leaves_new_segments_unqueued_on_postgresql(
    session: Session, backend: str
) -> None:
    """defer_index_merge tells migration 0003's trigger that the writer indexes its own
    segments; a writer that does not (a later transaction) still gets them queued."""
    if backend != "postgresql":
        pytest.skip("the queue trigger's switch is PostgreSQL's (migration 0003)")
    defer_index_merge(session.connection())
    make_document(session, text=TEXT, turns=[("Interviewer", 13, 26), ("CEO", 32, 70)])
    assert not has_pending(session.connection())
    session.commit()
    make_document(session, text=TEXT, turns=[("CEO", 32, 70)])
    assert has_pending(session.connection())


def test_document_text_and_files_compressed_with_lz4_where_available(
    session: Session, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("column compression is PostgreSQL's (migration 0003)")
    lz4 = session.execute(
        text(
            "SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression' "
            "AND 'lz4' = ANY(enumvals)"
        )
    ).scalar_one()
    methods = dict(
        session.execute(
            text(
                "SELECT c.relname || '.' || a.attname, a.attcompression FROM pg_attribute a "
                "JOIN pg_class c ON c.oid = a.attrelid WHERE (c.relname, a.attname) IN "
                "(('document', 'text'), ('document_file', 'content'))"
            )
        ).all()
    )
    expected = "l" if lz4 else ""
    assert methods == {"document.text": expected, "document_file.content": expected}
