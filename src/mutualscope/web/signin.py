"""Signing in and out, shared by the sign-in page and the API."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.orm import Session

from mutualscope.services import users as users_service
from mutualscope.storage.users import User
from mutualscope.web.auth import WebSession
from mutualscope.web.errors import ApiError
from mutualscope.web.throttle import SignInThrottle


def client_key(request: Request) -> str:
    return "addr:" + (request.client.host if request.client else "unknown")


def sign_in(request: Request, session: Session, *, name: str, password: str) -> User:
    """Check the password (throttled per name and per address) and start a new session."""
    throttle: SignInThrottle = request.app.state.throttle
    keys = ("name:" + name.strip().casefold(), client_key(request))
    wait = throttle.retry_after(*keys)
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
        throttle.failed(*keys)
        raise ApiError(401, "bad_credentials", "Unknown name or wrong password.")
    throttle.succeeded(keys[0])
    web_session: WebSession = request.state.web_session
    request.state.web_session = web_session.signed_in(
        user.id, users_service.password_fingerprint(user)
    )
    return user


def sign_out(request: Request) -> None:
    web_session: WebSession = request.state.web_session
    request.state.web_session = web_session.signed_out()
