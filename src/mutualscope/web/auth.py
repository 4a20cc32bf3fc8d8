"""Signed session cookies and the CSRF tokens derived from them.

The cookie holds ``{"n": nonce, "s": session token or null, "t": signed in at}`` signed
with HMAC-SHA256 under the project's session secret. Every visitor has one (signed in or
not) so sign-in forms are CSRF-protected too; the CSRF token is an HMAC of the nonce, and
signing in or out starts a new nonce. The session token names a row of the project's
``web_session`` table (see :mod:`mutualscope.services.browser_sessions`): the cookie
alone lets nobody in once that row is gone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, replace

COOKIE_NAME = "mutualscope_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
#: A signed-in session lasts this long from sign-in (seconds).
DEFAULT_MAX_AGE = 12 * 3600


@dataclass(frozen=True)
class WebSession:
    nonce: str
    #: The signed-in session's token (None for a visitor not signed in).
    token: str | None = None
    issued: float = 0.0
    #: True when the cookie named a session but had run out of time.
    expired: bool = False
    #: True when the cookie must be (re)sent with the response.
    changed: bool = False

    @property
    def signed_in(self) -> bool:
        return self.token is not None

    def with_token(self, token: str) -> WebSession:
        """Signed in: a new nonce, so a CSRF token from before signing in is refused."""
        return WebSession(nonce=new_nonce(), token=token, issued=now(), changed=True)

    def signed_out(self) -> WebSession:
        return WebSession(nonce=new_nonce(), changed=True)

    def without_token(self) -> WebSession:
        """The session ended elsewhere: the cookie keeps its nonce and loses the token."""
        return replace(self, token=None, changed=True)


def now() -> float:
    return time.time()


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def anonymous() -> WebSession:
    return WebSession(nonce=new_nonce(), changed=True)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: bytes, payload: str) -> str:
    return _b64(hmac.new(secret, payload.encode(), hashlib.sha256).digest())


def encode_session(secret: bytes, web_session: WebSession) -> str:
    body = {"n": web_session.nonce, "s": web_session.token, "t": round(web_session.issued)}
    payload = _b64(json.dumps(body, separators=(",", ":")).encode())
    return f"{payload}.{_sign(secret, payload)}"


def decode_session(secret: bytes, cookie: str | None, max_age: float) -> WebSession:
    """The session named by a cookie; a forged or unreadable cookie gives a new anonymous one."""
    if not cookie or cookie.count(".") != 1:
        return anonymous()
    payload, signature = cookie.split(".")
    if not hmac.compare_digest(signature, _sign(secret, payload)):
        return anonymous()
    try:
        body = json.loads(_unb64(payload))
        nonce = str(body["n"])
        # A cookie from before sessions were kept in the project has no "s": signed out.
        token = body.get("s")
        issued = float(body["t"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return anonymous()
    if token is not None and not isinstance(token, str):
        return anonymous()
    result = WebSession(nonce=nonce, token=token, issued=issued)
    if token is not None and now() - issued > max_age:
        # Keep the nonce so the page's CSRF token still matches and the answer is
        # "session expired", not "forged request".
        # The cookie is left as it is, so every request says "expired" until sign-in.
        return replace(result, token=None, expired=True)
    return result


def csrf_token(secret: bytes, web_session: WebSession) -> str:
    return _sign(secret, "csrf:" + web_session.nonce)


def csrf_matches(secret: bytes, web_session: WebSession, token: str) -> bool:
    return hmac.compare_digest(token.encode(), csrf_token(secret, web_session).encode())
