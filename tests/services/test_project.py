"""Opening projects, and the bad inputs: one clear sentence each, nothing changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from mutualscope.errors import ProjectError, SchemaOutOfDate, SchemaTooNew
from mutualscope.services.project import init_project, open_project
from mutualscope.settings import resolve_database
from mutualscope.storage.engine import create_project_engine, release_project_engine
from mutualscope.storage.schema import head_revision

FIRST_REVISION = "0001_initial"


def test_project_init_creates_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "study.db"
    project, created = init_project(path)
    project.close()
    assert created and path.exists()
    project, created = init_project(path)
    project.close()
    assert not created


def test_project_open_missing_file_says_init(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="mutualscope init"):
        open_project(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()


def test_project_open_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n")
    with pytest.raises(ProjectError, match="not an SQLite database"):
        open_project(path)
    with pytest.raises(ProjectError, match="not an SQLite database"):
        init_project(path)
    assert path.read_text() == "these are my notes, not a database\n"


def test_project_open_foreign_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    engine = create_project_engine(resolve_database(path))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE things (id INTEGER)"))
    release_project_engine(engine)
    with pytest.raises(ProjectError, match="not a mutualscope project"):
        open_project(path)


def test_project_open_newer_schema_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    init_project(path)[0].close()
    engine = create_project_engine(resolve_database(path))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    release_project_engine(engine)
    with pytest.raises(SchemaTooNew, match="newer version"):
        open_project(path)


def test_project_init_in_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="does not exist"):
        init_project(tmp_path / "no" / "such" / "folder.db")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_project_init_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ProjectError, match="permission denied"):
            init_project(folder / "x.db")
    finally:
        folder.chmod(0o700)


def test_project_unreachable_postgresql() -> None:
    with pytest.raises(ProjectError, match="Could not connect to the PostgreSQL server"):
        open_project("postgresql://postgres@127.0.0.1:1/nothing")


def test_project_postgresql_out_of_date_is_not_upgraded(backend: str, db_url: str) -> None:
    if backend != "postgresql":
        pytest.skip("PostgreSQL only")
    head = head_revision()
    if head == FIRST_REVISION:
        pytest.skip("only one revision so far")
    engine = create_project_engine(resolve_database(db_url))
    stamp = text("UPDATE alembic_version SET version_num = :rev")
    with engine.begin() as conn:
        conn.execute(stamp, {"rev": FIRST_REVISION})
    try:
        with pytest.raises(SchemaOutOfDate, match="db upgrade"):
            open_project(db_url)
        with engine.connect() as conn:
            still = conn.scalar(text("SELECT version_num FROM alembic_version"))
        assert still == FIRST_REVISION
    finally:
        # Only the stamp was changed: put it back rather than run migrations again.
        with engine.begin() as conn:
            conn.execute(stamp, {"rev": head})
        release_project_engine(engine)


def test_project_session_round_trip(project: object) -> None:
    from mutualscope.services.project import Project

    assert isinstance(project, Project)
    with project.session() as session:
        assert session.execute(text("SELECT 1")).scalar() == 1
