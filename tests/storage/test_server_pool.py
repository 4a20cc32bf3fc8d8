"""A PostgreSQL connection pool that pings only connections left unused for a while
(PostgreSQL only, MUTUALSCOPE_TEST_PG): one the server dropped while it was idle is
replaced before a request gets it; one in steady use is handed out without a round
trip, so a drop then fails the one request that meets it and the pool starts afresh."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from tests.conftest import pg_server_url

from mutualscope.services.project import Project
from mutualscope.storage import engine as engine_module


@pytest.fixture
def pg_project(backend: str, project: Project) -> Project:
    if backend != "postgresql":
        pytest.skip("the server pool is PostgreSQL's (MUTUALSCOPE_TEST_PG)")
    return project


def _backend_pid(project: Project) -> int:
    with project.engine.connect() as conn:
        pid: int = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        return pid


def _terminate(pid: int) -> None:
    server = pg_server_url()
    assert server is not None
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()


def test_server_pool_replaces_a_connection_dropped_while_idle(
    pg_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _backend_pid(pg_project)
    _terminate(before)
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE", 0.0)  # it has been idle long enough
    assert _backend_pid(pg_project) != before


def test_server_pool_hands_out_a_connection_in_use_without_a_ping(
    pg_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _backend_pid(pg_project)
    _terminate(before)
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE", 3600.0)  # used a moment ago
    with pytest.raises(OperationalError):
        _backend_pid(pg_project)
    assert _backend_pid(pg_project) != before
