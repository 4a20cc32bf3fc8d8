"""Fixtures of the storage tests: an empty database for each migration test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from tests.conftest import pg_server_url

from mutualscope.settings import resolve_database
from mutualscope.storage.engine import create_project_engine, release_project_engine


@pytest.fixture
def empty_engine(backend: str, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a database with no schema: a SQLite file, or a new PostgreSQL database
    (dropped afterwards), so that a migration test can start from any revision."""
    if backend == "sqlite":
        engine = create_project_engine(resolve_database(tmp_path / "old.db"))
        yield engine
        release_project_engine(engine)
        return
    server = pg_server_url()
    assert server is not None
    name = f"mstest_mig_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    engine = create_project_engine(resolve_database(url))
    try:
        yield engine
    finally:
        release_project_engine(engine)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
