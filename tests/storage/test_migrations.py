"""Migrations: from empty they equal the models; an old project upgrades with its data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from mutualscope.services.project import open_project
from mutualscope.settings import resolve_database
from mutualscope.storage.engine import create_project_engine, release_project_engine
from mutualscope.storage.fulltext import include_name
from mutualscope.storage.models import Base
from mutualscope.storage.schema import head_revision, script_directory, upgrade_to

FIRST_REVISION = "0001_initial"


def test_migrations_single_head() -> None:
    assert len(script_directory().get_heads()) == 1


def test_migrations_from_empty_equal_the_models(project: object) -> None:
    from mutualscope.services.project import Project

    assert isinstance(project, Project)
    with project.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": include_name}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_migrations_first_revision_project_upgrades_with_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_project_engine(resolve_database(path))
    upgrade_to(engine, FIRST_REVISION)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organisation (name, name_key, region_derived, attributes, guid, "
                "created_at, updated_at) VALUES ('Old Mutual CIC', 'old mutual cic', 0, '{}', "
                "'g-1', '2020-01-01 00:00:00', '2020-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO document (name, kind, text, length, word_count, attributes, guid, "
                "created_at, updated_at) VALUES ('old.txt', 'interview', 'Hello there', 11, 2, "
                "'{}', 'g-2', '2020-01-01 00:00:00', '2020-01-01 00:00:00')"
            )
        )
    release_project_engine(engine)

    project = open_project(path)
    try:
        with project.engine.connect() as conn:
            assert conn.scalar(text("SELECT name FROM organisation")) == "Old Mutual CIC"
            assert conn.scalar(text("SELECT text FROM document")) == "Hello there"
            revision = conn.scalar(text("SELECT version_num FROM alembic_version"))
        assert revision == head_revision()
    finally:
        project.close()
    if head_revision() != FIRST_REVISION:
        backups = list(tmp_path.glob("old.db.*.bak"))
        assert len(backups) == 1
        with sqlite3.connect(backups[0]) as conn:
            (rev,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        assert rev == FIRST_REVISION


def test_migrations_sqlite_has_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = create_project_engine(resolve_database(tmp_path / "x.db"))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    release_project_engine(engine)


def test_migrations_engine_url_is_sqlite(tmp_path: Path) -> None:
    engine = create_engine(resolve_database(tmp_path / "y.db").url)
    assert engine.dialect.name == "sqlite"
    engine.dispose()
