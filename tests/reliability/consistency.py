"""What must hold in a project after any crash: a sound database and no partial document.

:func:`find_problems` opens the project's database directly (not through
:func:`~mutualscope.services.project.open_project`, which may back up or upgrade it) and
returns one line per problem; an empty list means the project is consistent.
"""

from __future__ import annotations

from sqlalchemy import Connection, create_engine, text

from mutualscope.settings import resolve_database
from mutualscope.storage.fulltext import SLOTS

#: Documents that lack a part every imported document has.
PARTIAL_DOCUMENTS = {
    "no turns": "SELECT d.name FROM document d WHERE NOT EXISTS "
    "(SELECT 1 FROM segment s WHERE s.document_id = d.id)",
    "no original file": "SELECT d.name FROM document d WHERE NOT EXISTS "
    "(SELECT 1 FROM document_file f WHERE f.document_id = d.id)",
    "turns outside its text": "SELECT DISTINCT d.name FROM document d "
    'JOIN segment s ON s.document_id = d.id WHERE s.start < 0 OR s."end" > d.length',
    "codings outside its text": "SELECT DISTINCT d.name FROM document d "
    'JOIN coding c ON c.document_id = d.id WHERE c.start < 0 OR c."end" > d.length',
}
# Queued turns (search_pending) are indexed later by design; a turn neither indexed nor
# queued would never be found by search. A turn's passages have ids from its id * SLOTS
# (the index's key: a range lookup, not a scan of the index for each turn).
UNINDEXED_TURNS = (
    'SELECT d.name, s.start, s."end" FROM segment s JOIN document d ON d.id = s.document_id '
    "WHERE NOT EXISTS (SELECT 1 FROM segment_search x "
    f"WHERE x.{{key}} >= CAST(s.id AS BIGINT) * {SLOTS} "
    f"AND x.{{key}} < (CAST(s.id AS BIGINT) + 1) * {SLOTS}) "
    "AND NOT EXISTS (SELECT 1 FROM search_pending p WHERE p.segment_id = s.id)"
)
ORPHANS = {
    "index rows of deleted turns": "SELECT count(*) FROM segment_search x WHERE NOT EXISTS "
    f"(SELECT 1 FROM segment s WHERE s.id = x.{{key}} / {SLOTS})",
}


def _sqlite_problems(conn: Connection) -> list[str]:
    problems = []
    result = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
    if result != ["ok"]:
        problems += [f"integrity_check: {line}" for line in result]
    problems += [
        f"foreign_key_check: {row[0]} row {row[1]} refers to a missing {row[2]}"
        for row in conn.exec_driver_sql("PRAGMA foreign_key_check")
    ]
    try:
        conn.exec_driver_sql("INSERT INTO segment_search(segment_search) VALUES('integrity-check')")
    except Exception as error:
        problems.append(f"search index integrity-check: {error}")
    return problems


def _postgresql_problems(conn: Connection) -> list[str]:
    """B-tree indexes checked by amcheck, and no session of this database left holding a
    transaction open."""
    problems = []
    conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS amcheck")
    indexes = conn.exec_driver_sql(
        "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE a.amname = 'btree' AND n.nspname = current_schema() AND c.relpersistence = 'p'"
    ).scalars()
    for index in list(indexes):
        try:
            with conn.begin_nested():
                conn.execute(
                    text("SELECT bt_index_check(CAST(:i AS regclass), true)"), {"i": index}
                )
        except Exception as error:
            problems.append(f"amcheck {index}: {error}")
    problems += [
        f"a session is left {row.state} (pid {row.pid}): {row.query[:80]}"
        for row in conn.execute(
            text(
                "SELECT pid, state, query FROM pg_stat_activity WHERE datname = "
                "current_database() AND pid <> pg_backend_pid() "
                "AND state LIKE 'idle in transaction%'"
            )
        )
    ]
    return problems


def _unindexed_turns(conn: Connection, key: str) -> list[str]:
    """Documents with a turn that has words but no index entry."""
    names = set()
    for name, start, end in conn.execute(text(UNINDEXED_TURNS.replace("{key}", key))):
        words = conn.execute(
            text("SELECT substr(text, :start, :length) FROM document WHERE name = :name"),
            {"start": start + 1, "length": end - start, "name": name},
        ).scalar_one()
        if words.strip():
            names.add(name)
    return [f"{name}: turns missing from the search index" for name in sorted(names)]


def find_problems(location: str) -> list[str]:
    """Everything wrong with the project at ``location`` (SQLite path or PostgreSQL URL)."""
    target = resolve_database(location)
    engine = create_engine(target.url)
    try:
        with engine.begin() as conn:
            if target.backend == "sqlite":
                problems = _sqlite_problems(conn)
            else:
                problems = _postgresql_problems(conn)
            key = "rowid" if target.backend == "sqlite" else "id"
            for what, query in PARTIAL_DOCUMENTS.items():
                found = conn.execute(text(query.replace("{key}", key))).scalars()
                problems += [f"{name}: {what}" for name in found]
            problems += _unindexed_turns(conn, key)
            for what, query in ORPHANS.items():
                count = conn.execute(text(query.replace("{key}", key))).scalar_one()
                if count:
                    problems.append(f"{count} {what}")
    finally:
        engine.dispose()
    return problems
