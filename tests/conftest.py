"""Shared fixtures: a fresh project on SQLite, or on PostgreSQL when MUTUALSCOPE_TEST_PG is set.

Each pytest run on PostgreSQL gets a database of its own (created from the server URL and
dropped at the end), so parallel runs do not clash; tests within a run share it and every
table is emptied after each test.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from mutualscope.cli.main import main
from mutualscope.services.project import Project, init_project, open_project
from mutualscope.storage.models import Base

PG_ENV = "MUTUALSCOPE_TEST_PG"


def pg_server_url() -> str | None:
    return os.environ.get(PG_ENV) or None


@pytest.fixture(scope="session")
def backend() -> str:
    return "postgresql" if pg_server_url() else "sqlite"


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str | None]:
    """A private PostgreSQL database for this test run, migrated once."""
    server = pg_server_url()
    if server is None:
        yield None
        return
    name = f"mstest_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    project, _ = init_project(url)
    project.close()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty SQLite project, copied for each test (faster than migrating)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    project, _ = init_project(path)
    with project.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    project.close()
    return path


def empty_all_tables(project: Project) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with project.engine.begin() as conn:
        names = ", ".join(f'"{t}"' for t in tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def db_url(
    backend: str, pg_database: str | None, sqlite_template: Path, tmp_path: Path
) -> Iterator[str]:
    """The location of a fresh, empty, migrated project for this test."""
    if backend == "postgresql":
        assert pg_database is not None
        yield pg_database
        project = open_project(pg_database)
        try:
            empty_all_tables(project)
        finally:
            project.close()
    else:
        path = tmp_path / "project.db"
        shutil.copyfile(sqlite_template, path)
        yield str(path)


@pytest.fixture
def project(db_url: str) -> Iterator[Project]:
    project = open_project(db_url)
    try:
        yield project
    finally:
        project.close()


@pytest.fixture
def session(project: Project) -> Iterator[Session]:
    with project.session() as session:
        yield session


@pytest.fixture
def cli(db_url: str) -> Callable[..., Result]:
    """Run ``mutualscope --db <this test's project> ARGS...``."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(main, ["--db", db_url, *args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
