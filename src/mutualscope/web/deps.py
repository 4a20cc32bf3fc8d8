"""Typed dependencies: the database session, the signed-in user and the role checks.

Every endpoint takes the user through :func:`allow` (or :data:`CurrentUser` for "any
signed-in user"), so a route without a role check stands out in review and in the role
table test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Annotated, Any

from anyio import CapacityLimiter, to_thread
from anyio.lowlevel import RunVar
from fastapi import Depends, Request
from sqlalchemy.orm import Session

from mutualscope.services import users as users_service
from mutualscope.services.audit import act_as
from mutualscope.services.browser_sessions import find_session_user
from mutualscope.services.project import Project
from mutualscope.storage.users import User
from mutualscope.web.auth import CSRF_FIELD, CSRF_HEADER, WebSession, csrf_matches
from mutualscope.web.config import WebSettings
from mutualscope.web.errors import ApiError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def get_project(request: Request) -> Project:
    project: Project = request.app.state.project
    return project


async def get_settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


#: Threads that only give connections back (closing a session that still holds one).
#: They are not the requests' threads: a request waiting for one of those while it held
#: a connection could leave them all waiting for connections that only such requests
#: hold. Closing never waits for a connection, so these threads cannot be held up so.
_CLOSERS = 4
_closers: RunVar[CapacityLimiter] = RunVar("mutualscope_session_closers")


def _closer_limiter() -> CapacityLimiter:
    """The running event loop's limiter for closing sessions (one per loop)."""
    try:
        return _closers.get()
    except LookupError:
        limiter = CapacityLimiter(_CLOSERS)
        _closers.set(limiter)
        return limiter


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session for the request. Making one does no I/O, so it is made here on the event
    loop; closing it goes to a thread of its own only when it still holds a connection
    (an endpoint that committed has given its connection back already). As a plain
    generator it would cost two trips to the thread pool on every request."""
    session = get_project(request).session()
    try:
        yield session
    finally:
        if session.in_transaction():
            await to_thread.run_sync(session.close, limiter=_closer_limiter())
        else:
            session.close()


def get_web_session(request: Request) -> WebSession:
    web_session: WebSession = request.state.web_session
    return web_session


SessionDep = Annotated[Session, Depends(get_session)]
WebSessionDep = Annotated[WebSession, Depends(get_web_session)]
SettingsDep = Annotated[WebSettings, Depends(get_settings)]


def optional_user(request: Request, session: SessionDep) -> User | None:
    """The signed-in user, or None: one query on the session's token. A session that was
    signed out, ended by a new password or deactivation, or whose user was removed,
    counts as signed out (and the browser's cookie loses its token)."""
    web_session = get_web_session(request)
    if web_session.token is None:
        return None
    user = find_session_user(session, web_session.token)
    # Give the connection back before the request waits for a thread to run its
    # endpoint in: a request holding one while it waits could leave the threads' own
    # session checks waiting for connections that only waiting requests hold (the
    # sessions keep their objects: they do not expire them at commit).
    session.commit()
    if user is None:
        request.state.web_session = web_session.without_token()
        return None
    # Changes made in this request are the signed-in user's in the audit trail.
    act_as(session, user.name)
    return user


OptionalUser = Annotated[User | None, Depends(optional_user)]


async def current_user(request: Request, user: OptionalUser) -> User:
    if user is not None:
        return user
    if get_web_session(request).expired:
        raise ApiError(401, "session_expired", "Your session has expired: sign in again.")
    raise ApiError(401, "not_signed_in", "Sign in first.")


CurrentUser = Annotated[User, Depends(current_user)]


def allow(action: str) -> Callable[[User], Coroutine[Any, Any, User]]:
    """A dependency giving the signed-in user if their role allows ``action``
    (see ``services.users.PERMISSIONS``); otherwise 403 permission_denied."""
    if action not in users_service.PERMISSIONS:
        raise ValueError(f"unknown action {action!r}")

    # Async, like current_user: a plain function would cost a trip to the thread pool
    # on every request for a check that does no I/O.
    async def check(user: CurrentUser) -> User:
        users_service.require(user, action)
        return user

    check.__name__ = f"allow_{action.replace('-', '_')}"
    return check


Reader = Annotated[User, Depends(allow("read"))]
Coder = Annotated[User, Depends(allow("code"))]
MemoWriter = Annotated[User, Depends(allow("memo"))]
Importer = Annotated[User, Depends(allow("import"))]
CodebookEditor = Annotated[User, Depends(allow("edit-codebook"))]
RegistryEditor = Annotated[User, Depends(allow("edit-registry"))]
UserManager = Annotated[User, Depends(allow("manage-users"))]


async def csrf_protect(request: Request) -> None:
    """Refuse a state-changing request whose CSRF token is missing or not this session's.

    Installed for the whole app, so no route can forget it. Scripts send the token from
    ``GET /api/v1/session`` in the X-CSRF-Token header; forms send a csrf_token field.
    """
    if request.method in SAFE_METHODS:
        return
    token = request.headers.get(CSRF_HEADER)
    if token is None and request.headers.get("content-type", "").startswith(FORM_TYPES):
        # FastAPI has already parsed (and cached) the form for the endpoint.
        value = (await request.form()).get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    if not token:
        raise ApiError(403, "csrf_missing", "This request has no CSRF token.")
    if not csrf_matches(request.app.state.secret, get_web_session(request), token):
        raise ApiError(
            403,
            "csrf_invalid",
            "The CSRF token does not match this session (the page may be stale: reload it).",
        )
