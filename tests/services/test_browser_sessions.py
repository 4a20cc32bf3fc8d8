"""Signed-in browsers kept in the project: started, found by token, ended, cleaned up."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.factories import make_user

from mutualscope.services.browser_sessions import (
    delete_expired_sessions,
    end_session,
    end_user_sessions,
    find_session_user,
    hash_token,
    start_session,
)
from mutualscope.storage.users import BrowserSession

NOON = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_browser_sessions_token_is_stored_only_as_its_hash(session: Session) -> None:
    zoe = make_user(session, "Zoë 😀")
    token = start_session(session, user=zoe, lifetime=60, now=NOON)
    row = session.scalars(select(BrowserSession)).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() == hash_token(token)
    assert token not in row.token_hash and len(token) >= 40
    assert find_session_user(session, token, now=NOON) is zoe
    assert find_session_user(session, token + "x", now=NOON) is None
    assert find_session_user(session, "", now=NOON) is None


def test_browser_sessions_run_out_of_time(session: Session) -> None:
    user = make_user(session)
    token = start_session(session, user=user, lifetime=3600, now=NOON)
    assert find_session_user(session, token, now=NOON + timedelta(minutes=59)) is user
    assert find_session_user(session, token, now=NOON + timedelta(hours=1)) is None


def test_browser_sessions_end_one_browser_or_all(session: Session) -> None:
    ann, ben = make_user(session, "ann"), make_user(session, "ben")
    first = start_session(session, user=ann, lifetime=60, now=NOON)
    second = start_session(session, user=ann, lifetime=60, now=NOON)
    bens = start_session(session, user=ben, lifetime=60, now=NOON)
    end_session(session, first)
    assert find_session_user(session, first, now=NOON) is None
    assert find_session_user(session, second, now=NOON) is ann
    end_user_sessions(session, ann.id)
    session.commit()
    assert find_session_user(session, second, now=NOON) is None
    assert find_session_user(session, bens, now=NOON) is ben


def test_browser_sessions_sign_in_replaces_the_browsers_old_session(session: Session) -> None:
    ann, ben = make_user(session, "ann"), make_user(session, "ben")
    as_ann = start_session(session, user=ann, lifetime=60, now=NOON)
    as_ben = start_session(session, user=ben, lifetime=60, replacing=as_ann, now=NOON)
    assert find_session_user(session, as_ann, now=NOON) is None
    assert find_session_user(session, as_ben, now=NOON) is ben


def test_browser_sessions_inactive_user_has_no_session(session: Session) -> None:
    user = make_user(session, active=True)
    token = start_session(session, user=user, lifetime=60, now=NOON)
    user.active = False
    session.commit()
    assert find_session_user(session, token, now=NOON) is None


def test_browser_sessions_expired_rows_are_removed(session: Session) -> None:
    user = make_user(session)
    start_session(session, user=user, lifetime=60, now=NOON)
    later = start_session(session, user=user, lifetime=3600, now=NOON)
    # Starting a session removes those that ran out before it.
    start_session(session, user=user, lifetime=60, now=NOON + timedelta(minutes=2))
    assert len(session.scalars(select(BrowserSession)).all()) == 2
    delete_expired_sessions(session, now=NOON + timedelta(hours=2))
    session.commit()
    assert session.scalars(select(BrowserSession)).all() == []
    assert find_session_user(session, later, now=NOON) is None
