"""Signed session cookies and the CSRF tokens derived from them.

The cookie holds ``{"n": nonce, "u": user id or null, "f": password fingerprint,
"t": issued at}`` signed with HMAC-SHA256 under the project's session secret. Every visitor
has one (signed in or not) so sign-in forms are CSRF-protected too; the CSRF token is an
HMAC of the nonce, and signing in or out starts a new nonce.
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
    user_id: int | None = None
    fingerprint: str = ""
    issued: float = 0.0
    #: True when the cookie named a user but had run out of time.
    expired: bool = False
    #: True when the cookie must be (re)sent with the response.
    changed: bool = False

    def signed_in(self, user_id: int, fingerprint: str) -> WebSession:
        return WebSession(
            nonce=new_nonce(), user_id=user_id, fingerprint=fingerprint, issued=now(), changed=True
        )

    def signed_out(self) -> WebSession:
        return WebSession(nonce=new_nonce(), changed=True)

    def without_user(self) -> WebSession:
        return replace(self, user_id=None, fingerprint="", changed=True)


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
    body = {
        "n": web_session.nonce,
        "u": web_session.user_id,
        "f": web_session.fingerprint,
        "t": round(web_session.issued),
    }
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
        user_id = body["u"]
        fingerprint = str(body["f"])
        issued = float(body["t"])
    except (ValueError, KeyError, TypeError):
        return anonymous()
    if user_id is not None and not isinstance(user_id, int):
        return anonymous()
    result = WebSession(nonce=nonce, user_id=user_id, fingerprint=fingerprint, issued=issued)
    if user_id is not None and now() - issued > max_age:
        # Keep the nonce so the page's CSRF token still matches and the answer is
        # "session expired", not "forged request".
        # The cookie is left as it is, so every request says "expired" until sign-in.
        return replace(result, user_id=None, fingerprint="", expired=True)
    return result


def csrf_token(secret: bytes, web_session: WebSession) -> str:
    return _sign(secret, "csrf:" + web_session.nonce)


def csrf_matches(secret: bytes, web_session: WebSession, token: str) -> bool:
    return hmac.compare_digest(token.encode(), csrf_token(secret, web_session).encode())
