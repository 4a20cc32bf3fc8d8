"""Signing in and out, shared by the sign-in page and the API."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.orm import Session

from mutualscope.services import users as users_service
from mutualscope.services.browser_sessions import end_session, start_session
from mutualscope.services.sign_in_throttle import (
    ThrottlePolicy,
    record_sign_in_failure,
    record_sign_in_success,
    sign_in_wait,
)
from mutualscope.storage.users import User
from mutualscope.web.auth import WebSession
from mutualscope.web.config import WebSettings
from mutualscope.web.errors import ApiError


def client_address(request: Request) -> str:
    """The browser's address (behind a trusted proxy, the one the proxy names)."""
    return request.client.host if request.client else "unknown"


def sign_in(request: Request, session: Session, *, name: str, password: str) -> User:
    """Check the password (throttled per name from this address, and per address) and
    start a new session for this browser, ending the one it held before."""
    policy: ThrottlePolicy = request.app.state.throttle
    address = client_address(request)
    wait = sign_in_wait(session, name=name, address=address, policy=policy)
    if wait > 0:
        seconds = int(wait) + 1
        raise ApiError(
            429,
            "too_many_attempts",
            f"Too many failed sign-ins: try again in {seconds} seconds.",
            headers={"Retry-After": str(seconds)},
        )
    user = users_service.authenticate(session, name=name, password=password)
    if user is None:
        record_sign_in_failure(session, name=name, address=address, policy=policy)
        raise ApiError(401, "bad_credentials", "Unknown name or wrong password.")
    record_sign_in_success(session, name=name, address=address, policy=policy)
    renew_session(request, session, user)
    return user


def renew_session(request: Request, session: Session, user: User) -> None:
    """Start a new session for this browser, ending the one it held (after signing in,
    or after a new password ended every session of the user)."""
    settings: WebSettings = request.app.state.settings
    web_session: WebSession = request.state.web_session
    token = start_session(
        session, user=user, lifetime=settings.session_max_age, replacing=web_session.token
    )
    request.state.web_session = web_session.with_token(token)


def sign_out(request: Request, session: Session) -> None:
    """End this browser's session (in the project, so copies of its cookie stop working
    too); the user's other browsers stay signed in."""
    web_session: WebSession = request.state.web_session
    if web_session.token is not None:
        end_session(session, web_session.token)
    request.state.web_session = web_session.signed_out()
