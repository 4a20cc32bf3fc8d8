"""Signed-in browsers: a row per browser, so a session can be ended from anywhere.

A browser's cookie carries a random token; the project keeps only its SHA-256. Every
request looks the token up (one query on a unique index), so signing out, a new password
or deactivation ends sessions at once in every server process sharing the database, and
a command run beside the server (``users set-password``) ends them too.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from mutualscope.storage.users import BrowserSession, User

#: Bytes of randomness in a session token.
TOKEN_BYTES = 32


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    session: Session,
    *,
    user: User,
    lifetime: float,
    replacing: str | None = None,
    now: datetime | None = None,
) -> str:
    """Start a session for ``user`` lasting ``lifetime`` seconds and return its token
    (for the cookie; the project keeps only its hash). The session the browser held
    before (``replacing``) ends, and sessions that ran out of time are removed."""
    now = now or datetime.now(UTC)
    if replacing:
        session.execute(
            delete(BrowserSession).where(BrowserSession.token_hash == hash_token(replacing))
        )
    delete_expired_sessions(session, now=now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        BrowserSession(
            token_hash=hash_token(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + timedelta(seconds=lifetime),
        )
    )
    session.commit()
    return token


#: Every request asks it, so the statement is built once.
_SESSION_USER = (
    select(User)
    .join(BrowserSession, BrowserSession.user_id == User.id)
    .where(
        BrowserSession.token_hash == bindparam("token_hash"),
        BrowserSession.expires_at > bindparam("now"),
        User.active,
    )
)


def find_session_user(session: Session, token: str, *, now: datetime | None = None) -> User | None:
    """The active user signed in with ``token``, or None when the session has ended, run
    out of time or never was."""
    values = {"token_hash": hash_token(token), "now": now or datetime.now(UTC)}
    return session.scalars(_SESSION_USER, values).first()


def end_session(session: Session, token: str) -> None:
    """Sign one browser out; other browsers of the same user stay signed in."""
    session.execute(delete(BrowserSession).where(BrowserSession.token_hash == hash_token(token)))
    session.commit()


def end_user_sessions(session: Session, user_id: int) -> None:
    """End every session of a user, as part of the caller's transaction (a new password
    or deactivation commits it with the change)."""
    session.execute(delete(BrowserSession).where(BrowserSession.user_id == user_id))


def delete_expired_sessions(session: Session, *, now: datetime | None = None) -> None:
    """Remove the rows of sessions that ran out of time (part of the caller's transaction)."""
    cutoff = now or datetime.now(UTC)
    session.execute(delete(BrowserSession).where(BrowserSession.expires_at <= cutoff))
