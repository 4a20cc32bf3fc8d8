"""What must hold in a project after any crash: a sound database and no partial document.

:func:`find_problems` opens the project's database directly (not through
:func:`~mutualscope.services.project.open_project`, which may back up or upgrade it) and
returns one line per problem; an empty list means the project is consistent.
"""

from __future__ import annotations

import hashlib
import time

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


def sessions_in_transaction(location: str) -> list[str]:
    """Sessions of the project's PostgreSQL database, other than this check's, that hold a
    transaction open while idle (and so its locks); [] for SQLite."""
    target = resolve_database(location)
    if target.backend != "postgresql":
        return []
    engine = create_engine(target.url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT pid, state, query FROM pg_stat_activity WHERE datname = "
                    "current_database() AND pid <> pg_backend_pid() "
                    "AND state LIKE 'idle in transaction%'"
                )
            )
            return [f"pid {row.pid} {row.state}: {row.query[:60]}" for row in rows]
    finally:
        engine.dispose()


def wait_sessions_closed(location: str, timeout: float) -> list[str]:
    """Wait until no session holds a transaction open; those still holding one at
    ``timeout`` (the server notices a killed client's closed socket almost at once)."""
    deadline = time.monotonic() + timeout
    while True:
        left = sessions_in_transaction(location)
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(0.1)


#: What a project holds, as compared before and after a crash: rows that must be the same
#: (ids and times aside) whatever was interrupted on the way.
SNAPSHOT_QUERIES = {
    "documents": "SELECT name, checksum, length, word_count FROM document",
    "turns": 'SELECT d.name, s.position, s.start, s."end", s.speaker FROM segment s '
    "JOIN document d ON d.id = s.document_id",
    "original files": "SELECT d.name, f.filename, f.size FROM document_file f "
    "JOIN document d ON d.id = f.document_id",
    "codes": "SELECT c.name, p.name FROM code c LEFT JOIN code p ON p.id = c.parent_id",
    "codings": 'SELECT d.name, c.name, g.start, g."end", u.name FROM coding g '
    "JOIN document d ON d.id = g.document_id JOIN code c ON c.id = g.code_id "
    "LEFT JOIN app_user u ON u.id = g.coder_id",
    # Titles only: the memo an import writes of its report gives the time it ran.
    "memos": "SELECT title FROM memo",
    "cases": "SELECT label FROM case_study",
    "participants": "SELECT label, role FROM participant",
    "organisations": "SELECT name, region_code, employees_min, employees_max, turnover_gbp, "
    "year_established, companies_house_number FROM organisation",
    "organisation services": "SELECT o.name, s.service FROM organisation_service s "
    "JOIN organisation o ON o.id = s.organisation_id",
    "users": "SELECT name, role FROM app_user",
}


def project_snapshot(location: str) -> dict[str, tuple[int, str]]:
    """{what: (rows, digest of the rows)} for everything :data:`SNAPSHOT_QUERIES` names;
    two projects with equal snapshots hold the same things."""
    target = resolve_database(location)
    engine = create_engine(target.url)
    snapshot: dict[str, tuple[int, str]] = {}
    try:
        with engine.connect() as conn:
            for what, query in SNAPSHOT_QUERIES.items():
                rows = sorted(repr(tuple(row)) for row in conn.execute(text(query)))
                digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]
                snapshot[what] = (len(rows), digest)
    finally:
        engine.dispose()
    return snapshot


def compare_snapshots(
    got: dict[str, tuple[int, str]], want: dict[str, tuple[int, str]]
) -> list[str]:
    """One line for each kind of row that differs between two snapshots."""
    return [
        f"{what}: {got[what][0]} rows, not the {want[what][0]} of a clean run"
        if got[what][0] != want[what][0]
        else f"{what}: the same number of rows as a clean run ({got[what][0]}), different content"
        for what in want
        if got.get(what) != want[what]
    ]
