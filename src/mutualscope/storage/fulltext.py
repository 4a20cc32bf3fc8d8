"""The full-text index over speaker turns, on SQLite (FTS5) and PostgreSQL (tsvector + GIN).

Both backends index the same folded text (:func:`mutualscope.domain.words.index_body`)
and receive the same query translated from one parsed form, so they return the same
passages for the same data. Hits are ordered by passage id (document import order, then
position), never by a backend-specific rank. Migration 0002 creates the tables.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.exc import DBAPIError

from mutualscope.domain.searchquery import AllOf, AnyOf, Query, Term, Without
from mutualscope.storage.bulk import copy_rows, insert_rows, placeholder
from mutualscope.storage.passage_text import Passages, prepare_passages

SEARCH_TABLE = "segment_search"
PENDING_TABLE = "search_pending"
WHOLE_TEXT_LIMIT = 2_000_000  # characters; longer documents are sliced on the server
# Index tables live outside the ORM models; schema comparison must leave them alone.
INDEX_TABLES = frozenset(
    {SEARCH_TABLE, PENDING_TABLE}
    | {f"{SEARCH_TABLE}_{s}" for s in ("data", "idx", "content", "docsize", "config")}
)
SLOTS = 65536  # passages per segment: passage id = segment id * SLOTS + piece
BATCH = 2000
GIN_INDEX = "ix_segment_search_body"
# PostgreSQL merges queued GIN entries once the queue passes this (default 4 MB); while
# importing, a queue this large is merged once at the end rather than hundreds of times.
GIN_PENDING_LIMIT = "256MB"


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """For Alembic: compare and autogenerate everything except the search index tables."""
    return not (type_ == "table" and name in INDEX_TABLES)


@dataclass(frozen=True)
class Passage:
    """An indexed passage that matched: a turn's span (or part of a long turn)."""

    passage_id: int
    segment_id: int
    document_id: int
    start: int
    end: int


def _document_texts(conn: Connection, ids: Collection[int]) -> dict[int, str]:
    if not ids:
        return {}
    query = text("SELECT id, text FROM document WHERE id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    return {row.id: row.text for row in conn.execute(query, {"ids": list(ids)})}


def _chunks(values: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _rows(
    doc_id: int, seg_ids: Iterable[int], prepared: Iterable[Passages]
) -> list[tuple[int, str, int, int, int, int]]:
    """Index rows (id, body, segment id, document id, start, stop) of prepared passages."""
    return [
        (seg_id * SLOTS + piece, body, seg_id, doc_id, start, stop)
        for seg_id, passages in zip(seg_ids, prepared, strict=True)
        for piece, body, start, stop in passages
    ]


def _insert(conn: Connection, rows: list[tuple[int, str, int, int, int, int]]) -> None:
    if conn.dialect.name == "sqlite":
        columns = ["rowid", "body", "segment_id", "document_id", "start", "stop"]
        for i in range(0, len(rows), BATCH):
            insert_rows(conn, SEARCH_TABLE, columns, rows[i : i + BATCH])
        return
    # PostgreSQL: the tsvector is written by prepare_passages and COPY parses it, which is
    # many times faster than to_tsvector() on the server, with the same lexemes and positions.
    columns = ["id", "body", "segment_id", "document_id", "start", "stop"]
    copy_rows(conn, SEARCH_TABLE, columns, rows)


def _index(conn: Connection, doc_id: int, doc_text: str, spans: list[tuple[int, int, int]]) -> None:
    prepared = prepare_passages(doc_text, [(s, e) for _, s, e in spans], conn.dialect.name)
    _insert(conn, _rows(doc_id, [i for i, _, _ in spans], prepared))


def index_segments(
    conn: Connection, doc_id: int, seg_ids: list[int], prepared: list[Passages]
) -> None:
    """Index one document's new segments, given their ids and their prepared passages
    (:func:`prepare_passages`, for the connection's backend), in the same order.

    The bulk import path: no reading back of text, and the queue entries the insert
    trigger made for the document's segments are cleared in one statement.
    """
    if not seg_ids:
        return
    _insert(conn, _rows(doc_id, seg_ids, prepared))
    conn.exec_driver_sql(
        f"DELETE FROM {PENDING_TABLE} WHERE segment_id IN "
        f"(SELECT id FROM segment WHERE document_id = {placeholder(conn)})",
        (doc_id,),
    )


def index_pending(conn: Connection, texts: Mapping[int, str] | None = None) -> int:
    """Index every queued segment; ``texts`` may supply document texts already in memory.

    Returns the number of segments indexed. Runs in the caller's transaction.
    """
    pending = conn.execute(
        text(
            f'SELECT s.id, s.document_id, s.start, s."end" FROM {PENDING_TABLE} p '
            "JOIN segment s ON s.id = p.segment_id ORDER BY s.id"
        )
    ).all()
    orphans = conn.execute(
        text(
            f"SELECT count(*) FROM {PENDING_TABLE} p WHERE NOT EXISTS "
            "(SELECT 1 FROM segment s WHERE s.id = p.segment_id)"
        )
    ).scalar_one()
    if not pending and not orphans:
        return 0
    known = dict(texts or {})
    known.update(_document_texts(conn, {r.document_id for r in pending} - known.keys()))
    by_document: dict[int, list[tuple[int, int, int]]] = {}
    for seg_id, doc_id, start, end in pending:
        by_document.setdefault(doc_id, []).append((seg_id, start, end))
    for doc_id, spans in by_document.items():
        _index(conn, doc_id, known[doc_id], spans)
    if orphans:
        conn.execute(
            text(
                f"DELETE FROM {PENDING_TABLE} WHERE NOT EXISTS "
                f"(SELECT 1 FROM segment s WHERE s.id = {PENDING_TABLE}.segment_id)"
            )
        )
    delete = text(f"DELETE FROM {PENDING_TABLE} WHERE segment_id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    for ids in _chunks([r.id for r in pending], 500):
        conn.execute(delete, {"ids": ids})
    return len(pending)


def defer_index_merge(conn: Connection) -> None:
    """Set up the rest of the transaction for bulk indexing with :func:`index_segments`.

    On PostgreSQL, new index entries are queued instead of being merged into the GIN
    index every few megabytes (one large merge at the end, :func:`merge_queued_entries`,
    costs a fraction of many small ones), and inserted segments are not queued for
    indexing, as the writer indexes them itself (migration 0003). No-op on SQLite."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SET LOCAL gin_pending_list_limit = '{GIN_PENDING_LIMIT}'")
        conn.exec_driver_sql("SET LOCAL mutualscope.indexing = 'direct'")


def merge_queued_entries(conn: Connection) -> None:
    """Merge the entries queued by :func:`defer_index_merge` into the GIN index, so that
    searches do not have to read the queue. Needs the index's owner; for anyone else the
    queue is left to autovacuum (searches stay correct, only slower until then)."""
    if conn.dialect.name != "postgresql":
        return
    try:
        with conn.begin_nested():
            conn.exec_driver_sql(f"SELECT gin_clean_pending_list('{GIN_INDEX}'::regclass)")
    except DBAPIError:
        pass


def refresh_statistics(conn: Connection) -> None:
    """After a bulk import on PostgreSQL, refresh the planner's word statistics so that a
    common word is read in passage order and a rare one through the GIN index (before
    autovacuum gets to it, every search would take the slow plan for common words)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"ANALYZE {SEARCH_TABLE}"))


def has_pending(conn: Connection) -> bool:
    return conn.execute(text(f"SELECT 1 FROM {PENDING_TABLE} LIMIT 1")).first() is not None


def rebuild_index(conn: Connection) -> int:
    """Drop every index row and index all segments again. Returns segments indexed."""
    conn.execute(text(f"DELETE FROM {SEARCH_TABLE}"))
    conn.execute(text(f"DELETE FROM {PENDING_TABLE}"))
    conn.execute(text(f"INSERT INTO {PENDING_TABLE} (segment_id) SELECT id FROM segment"))
    return index_pending(conn)


def to_fts5(query: Query) -> str:
    """The query in SQLite FTS5 syntax, fully parenthesised."""
    if isinstance(query, Term):
        return '"' + " ".join(query.words) + '"' + (" *" if query.prefix else "")
    if isinstance(query, Without):
        return f"({to_fts5(query.keep)}) NOT ({to_fts5(query.drop)})"
    joiner = " AND " if isinstance(query, AllOf) else " OR "
    return "(" + joiner.join(to_fts5(item) for item in query.items) + ")"


def to_tsquery(query: Query) -> str:
    """The query in PostgreSQL ``to_tsquery`` syntax: ``<->`` for phrases, ``:*`` prefixes."""
    if isinstance(query, Term):
        words = [f"'{w}'" for w in query.words]
        if query.prefix:
            words[-1] += ":*"
        return "(" + " <-> ".join(words) + ")"
    if isinstance(query, Without):
        return f"({to_tsquery(query.keep)} & !{to_tsquery(query.drop)})"
    joiner = " & " if isinstance(query, AllOf) else " | "
    assert isinstance(query, AllOf | AnyOf)
    return "(" + joiner.join(to_tsquery(item) for item in query.items) + ")"


def search_passages(
    conn: Connection,
    query: Query,
    *,
    case_id: int | None = None,
    roles: Collection[str] | None = None,
    limit: int = 20,
) -> list[Passage]:
    """Passages matching the query, in passage order; filtered by case and speaker role.

    A passage's case is its document's case, or else its speaker's case.
    """
    if conn.dialect.name == "sqlite":
        match = f"{SEARCH_TABLE} MATCH :q"
        params: dict[str, Any] = {"q": to_fts5(query)}
        key = "f.rowid"
    else:
        match = "f.body @@ to_tsquery('simple', :q)"
        params = {"q": to_tsquery(query)}
        key = "f.id"
    joins = ""
    conditions = [match]
    if case_id is not None or roles is not None:
        joins = (
            "JOIN segment s ON s.id = f.segment_id "
            "JOIN document d ON d.id = f.document_id "
            "LEFT JOIN participant p ON p.id = s.participant_id "
        )
    if case_id is not None:
        conditions.append("coalesce(d.case_id, p.case_id) = :case_id")
        params["case_id"] = case_id
    if roles is not None:
        conditions.append("p.role IN :roles")
        params["roles"] = list(roles) or [""]
    sql = (
        f"SELECT {key} AS passage_id, f.segment_id, f.document_id, f.start, f.stop "
        f"FROM {SEARCH_TABLE} f {joins}WHERE {' AND '.join(conditions)} "
        f"ORDER BY {key} LIMIT :limit"
    )
    params["limit"] = limit
    statement = text(sql)
    if roles is not None:
        statement = statement.bindparams(bindparam("roles", expanding=True))
    return [
        Passage(int(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4]))
        for r in conn.execute(statement, params)
    ]


@dataclass(frozen=True)
class PassageDetail:
    """What a search hit shows about its passage: where, who, and the passage's text."""

    passage_id: int
    document: str
    speaker: str | None
    participant: str | None
    role: str | None
    case: str | None
    time_start: float | None
    text: str


def passage_details(conn: Connection, passage_ids: Collection[int]) -> dict[int, PassageDetail]:
    """Details of passages; a passage's case is its document's, else its speaker's."""
    if not passage_ids:
        return {}
    sqlite = conn.dialect.name == "sqlite"
    key = "f.rowid" if sqlite else "f.id"
    # SQLite slices text cheaply; PostgreSQL would decompress a whole document for every
    # passage, so there each document is fetched once and sliced here.
    # (Very long documents are sliced on the server all the same.)
    passage_text = (
        "substr(d.text, f.start + 1, f.stop - f.start)"
        if sqlite
        else f"CASE WHEN d.length > {WHOLE_TEXT_LIMIT} "
        "THEN substr(d.text, f.start + 1, f.stop - f.start) END"
    )
    query = text(
        f"SELECT {key}, d.name, s.speaker, p.label, p.role, coalesce(dc.label, pc.label), "
        f"s.time_start, {passage_text}, f.document_id, f.start, f.stop "
        f"FROM {SEARCH_TABLE} f "
        "JOIN segment s ON s.id = f.segment_id "
        "JOIN document d ON d.id = f.document_id "
        "LEFT JOIN participant p ON p.id = s.participant_id "
        "LEFT JOIN case_study dc ON dc.id = d.case_id "
        "LEFT JOIN case_study pc ON pc.id = p.case_id "
        f"WHERE {key} IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    rows = conn.execute(query, {"ids": list(passage_ids)}).all()
    whole = {row[8] for row in rows if row[7] is None}
    texts = {} if sqlite else _document_texts(conn, whole)
    return {
        int(row[0]): PassageDetail(
            passage_id=int(row[0]),
            document=row[1],
            speaker=row[2],
            participant=row[3],
            role=row[4],
            case=row[5],
            time_start=row[6],
            text=row[7] if row[7] is not None else texts[row[8]][row[9] : row[10]],
        )
        for row in rows
    }
