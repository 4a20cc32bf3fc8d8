"""ASGI middleware: the session cookie, security headers and the request size limit."""

from __future__ import annotations

import json
from http.cookies import SimpleCookie
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mutualscope.web.auth import COOKIE_NAME, WebSession, decode_session, encode_session
from mutualscope.web.errors import ApiError

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
STATIC_PREFIX = "/static/"
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


def _cookie_value(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            cookie: SimpleCookie = SimpleCookie()
            try:
                cookie.load(value.decode("latin-1"))
            except Exception:
                return None
            morsel = cookie.get(COOKIE_NAME)
            return morsel.value if morsel is not None else None
    return None


def _set_cookie_header(value: str, *, secure: bool, max_age: int) -> bytes:
    parts = [f"{COOKIE_NAME}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if max_age:
        parts.append(f"Max-Age={max_age}")
    if secure:
        parts.append("Secure")
    return "; ".join(parts).encode("latin-1")


class SessionCookieMiddleware:
    """Reads the signed session into ``request.state.web_session``; sends it back when
    a handler replaced it (sign-in, sign-out) or it is new. Adds the security headers to
    every answer.

    Static files get the headers too, and a session to show an error page with (a
    missing file is a 404 page), but never a cookie, and may be cached."""

    def __init__(self, app: ASGIApp, *, secret: bytes, max_age: float) -> None:
        self.app = app
        self.secret = secret
        self.max_age = max_age

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        state["web_session"] = decode_session(self.secret, _cookie_value(scope), self.max_age)
        static = scope["path"].startswith(STATIC_PREFIX)
        secure = scope.get("scheme") == "https"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                web_session: WebSession = state["web_session"]
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                # A response with a policy of its own (the report preview) keeps it.
                headers += [h for h in SECURITY_HEADERS if h[0] not in present]
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                if web_session.changed and not static:
                    header = _set_cookie_header(
                        encode_session(self.secret, web_session),
                        secure=secure,
                        max_age=int(self.max_age) if web_session.signed_in else 0,
                    )
                    headers.append((b"set-cookie", header))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cookie)


class BodyLimitMiddleware:
    """Refuses request bodies over ``max_bytes`` with 413 before reading them."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        too_large = ApiError(
            413,
            "too_large",
            f"The request body is larger than {self.max_bytes // (1024 * 1024)} MB.",
        )
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send, too_large)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise too_large
            return message

        await self.app(scope, counting_receive, send)

    @staticmethod
    async def _refuse(send: Send, error: ApiError) -> None:
        body = json.dumps(error.body()).encode()
        await send(
            {
                "type": "http.response.start",
                "status": error.status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
