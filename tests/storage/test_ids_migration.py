"""Migration 0006: an id, once given, is never given again (SQLite rebuilds its tables
with AUTOINCREMENT; PostgreSQL's sequences already behave so). The rebuild keeps every
row, id, reference, index and trigger, and a migration that fails half-way changes
nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from tests.factories import make_case, make_code, make_coding, make_document
from tests.fingerprint import fingerprint

from mutualscope.services.search import search_segments
from mutualscope.settings import resolve_database
from mutualscope.storage.codebook import Coding
from mutualscope.storage.engine import create_project_engine, release_project_engine
from mutualscope.storage.memos import Memo
from mutualscope.storage.schema import downgrade_to, schema_state, upgrade_to
from mutualscope.storage.users import AuditEvent, User

PREVIOUS = "0005_codebook_integrity"
THIS = "0006_ids_never_reused"
TEXT = "Interviewer: How did it start?\r\nCEO 𝔘: We did it under the radar 🙂, with staff.\n"


def test_ids_removed_coding_id_is_never_given_again(session: Session) -> None:
    document = make_document(session, text=TEXT)
    code = make_code(session, "Freedom")
    first = make_coding(session, document, code, 0, 11)
    last = make_coding(session, document, code, 12, 20)
    session.execute(delete(Coding).where(Coding.id == last.id))
    session.commit()
    again = make_coding(session, document, code, 12, 20)
    assert again.id > last.id > first.id


@pytest.fixture
def old_project(tmp_path: Path) -> Iterator[Engine]:
    """A SQLite project at revision 0005 holding a document, codes, codings and a memo."""
    engine = create_project_engine(resolve_database(tmp_path / "old.db"))
    upgrade_to(engine, PREVIOUS)
    with Session(engine, expire_on_commit=False) as session:
        case = make_case(session, "Case 3")
        document = make_document(session, text=TEXT, name="case-3-ceo.txt", case_id=case.id)
        parent = make_code(session, "Enablers")
        code = make_code(session, "Freedom", parent=parent)
        coder = User(name="ana", role="coder", active=True)
        session.add(coder)
        session.commit()
        radar = TEXT.index("under the radar")
        kept = make_coding(session, document, code, radar, radar + 15, coder=coder)
        gone = make_coding(session, document, parent, 0, 11, coder=coder)
        session.add(Memo(text="Freedom to experiment", coding_id=kept.id))
        session.commit()
        # The highest coding id is deleted before the upgrade, as a coder would (the
        # services record every coding they add in the audit trail).
        session.add(AuditEvent(action="create", entity_type="coding", entity_id=gone.id))
        session.execute(delete(Coding).where(Coding.id == gone.id))
        session.commit()
    try:
        yield engine
    finally:
        release_project_engine(engine)


def table_sql(path: Path, table: str) -> str:
    connection = sqlite3.connect(path)
    try:
        row = connection.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        return str(row[0])
    finally:
        connection.close()


def schema_objects(path: Path) -> set[tuple[str, str]]:
    connection = sqlite3.connect(path)
    try:
        return {
            (kind, name)
            for kind, name in connection.execute(
                "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger')"
            )
        }
    finally:
        connection.close()


def test_ids_migration_keeps_rows_references_indexes_and_triggers(
    backend: str, old_project: Engine, tmp_path: Path
) -> None:
    if backend != "sqlite":
        pytest.skip("the rebuild is SQLite's")
    path = tmp_path / "old.db"
    before = fingerprint(old_project)
    objects = schema_objects(path)
    with old_project.connect() as conn:
        ids_before = conn.execute(select(Coding.id, Coding.start)).all()
    upgrade_to(old_project, THIS)
    assert schema_state(old_project).current == THIS
    assert fingerprint(old_project) == before
    assert schema_objects(path) == objects
    for table in ("coding", "code", "document", "memo", "app_user", "participant"):
        assert "AUTOINCREMENT" in table_sql(path, table), table
    with Session(old_project) as session:
        assert session.execute(select(Coding.id, Coding.start)).all() == ids_before
        memo = session.scalars(select(Memo)).one()
        assert memo.coding_id == ids_before[0][0]
        # The coding deleted before the upgrade keeps its id to itself.
        document_id, code_id = session.execute(select(Coding.document_id, Coding.code_id)).one()
        added = Coding(document_id=document_id, code_id=code_id, start=0, end=11)
        session.add(added)
        session.commit()
        assert added.id > ids_before[0][0] + 1
        # The search index's trigger on document survived the rebuild.
        hits = search_segments(session, "radar")
        assert [hit.document for hit in hits] == ["case-3-ceo.txt"]
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_keys").fetchone() == (0,)
    finally:
        connection.close()
    with old_project.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_ids_migration_that_fails_half_way_changes_nothing(
    backend: str, old_project: Engine, tmp_path: Path
) -> None:
    if backend != "sqlite":
        pytest.skip("the rebuild is SQLite's")
    path = tmp_path / "old.db"
    before = fingerprint(old_project)
    # A table in the way of the sixth rebuild makes the migration fail after five.
    with old_project.begin() as conn:
        conn.exec_driver_sql('CREATE TABLE "coding__rebuilt" (x INTEGER)')
    with pytest.raises(Exception, match="coding__rebuilt"):
        upgrade_to(old_project, THIS)
    assert schema_state(old_project).current == PREVIOUS
    assert fingerprint(old_project) == before
    for table in ("organisation", "document", "code"):
        assert "AUTOINCREMENT" not in table_sql(path, table), table
    with old_project.begin() as conn:
        conn.exec_driver_sql('DROP TABLE "coding__rebuilt"')
    upgrade_to(old_project, THIS)
    assert fingerprint(old_project) == before


def test_ids_migration_downgrades_with_every_row(
    backend: str, old_project: Engine, tmp_path: Path
) -> None:
    if backend != "sqlite":
        pytest.skip("the rebuild is SQLite's")
    before = fingerprint(old_project)
    upgrade_to(old_project, THIS)
    downgrade_to(old_project, PREVIOUS)
    assert schema_state(old_project).current == PREVIOUS
    assert "AUTOINCREMENT" not in table_sql(tmp_path / "old.db", "coding")
    assert fingerprint(old_project) == before
