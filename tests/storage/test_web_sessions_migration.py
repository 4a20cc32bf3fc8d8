"""Migration 0004 (web sessions): a project at 0003 upgrades with its users, and down again.

Run on SQLite, and on a PostgreSQL database of its own when MUTUALSCOPE_TEST_PG is set.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from tests.conftest import pg_server_url

from mutualscope.settings import resolve_database
from mutualscope.storage.engine import create_project_engine, release_project_engine
from mutualscope.storage.schema import downgrade_to, upgrade_to, upgrade_to_head
from mutualscope.storage.users import BrowserSession, SignInFailures, User


@pytest.fixture
def empty_engine(backend: str, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a database with no schema: a SQLite file, or a new PostgreSQL database."""
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


def test_upgrade_from_0003_keeps_users_and_adds_session_tables(empty_engine: Engine) -> None:
    upgrade_to(empty_engine, "0003_bulk_import")
    with empty_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO app_user (id, name, password_hash, role, active, guid, created_at, "
                "updated_at) VALUES (7, 'Zoë Owner', 'hash', 'owner', true, 'g-7', "
                "'2020-01-01 00:00:00', '2020-01-01 00:00:00')"
            )
        )

    upgrade_to_head(empty_engine)

    with empty_engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    assert {"web_session", "sign_in_throttle"} <= tables
    with Session(empty_engine) as session:
        user = session.scalars(select(User)).one()
        assert (user.id, user.name, user.role) == (7, "Zoë Owner", "owner")
        now = datetime.now(UTC)
        session.add(BrowserSession(token_hash="a" * 64, user_id=7, expires_at=now))
        session.add(SignInFailures(key_hash="b" * 64, failures=1, last_failure=now))
        session.commit()
        session.add(BrowserSession(token_hash="a" * 64, user_id=7, expires_at=now))
        with pytest.raises(IntegrityError):
            session.commit()
        session.rollback()
        # Removing a user removes their sessions with them.
        session.delete(user)
        session.commit()
        assert session.scalars(select(BrowserSession)).all() == []
        assert session.get(SignInFailures, "b" * 64) is not None


def test_downgrade_to_0003_drops_the_session_tables(empty_engine: Engine) -> None:
    upgrade_to(empty_engine, "0004_web_sessions")
    downgrade_to(empty_engine, "0003_bulk_import")
    with empty_engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    assert "app_user" in tables
    assert not {"web_session", "sign_in_throttle"} & tables
