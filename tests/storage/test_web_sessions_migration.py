"""Migration 0004 (web sessions): a project at 0003 upgrades with its users, and down again.

Run on SQLite, and on a PostgreSQL database of its own when MUTUALSCOPE_TEST_PG is set.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mutualscope.storage.schema import downgrade_to, upgrade_to, upgrade_to_head
from mutualscope.storage.users import BrowserSession, SignInFailures, User


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
