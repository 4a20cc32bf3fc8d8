from __future__ import annotations

import base64
import json
import time

import pytest

from mutualscope.web.auth import (
    WebSession,
    _sign,
    anonymous,
    csrf_matches,
    csrf_token,
    decode_session,
    encode_session,
)

SECRET = b"k" * 32


def test_auth_session_round_trips() -> None:
    session = anonymous().with_token("tök-én")
    decoded = decode_session(SECRET, encode_session(SECRET, session), max_age=60)
    assert (decoded.token, decoded.nonce) == ("tök-én", session.nonce)
    assert decoded.signed_in and not decoded.changed and not decoded.expired


def test_auth_signing_in_and_out_starts_a_new_nonce() -> None:
    visitor = anonymous()
    signed = visitor.with_token("t")
    out = signed.signed_out()
    assert len({visitor.nonce, signed.nonce, out.nonce}) == 3
    assert out.token is None and out.changed


def test_auth_cookie_from_before_session_rows_is_signed_out() -> None:
    """A cookie naming a user id (as signed before sessions were kept in the project)
    gives no session, but keeps its nonce so the page's CSRF token still matches."""
    body = {"n": "old-nonce", "u": 1, "f": "abcdef", "t": round(time.time())}
    payload = base64.urlsafe_b64encode(json.dumps(body).encode()).rstrip(b"=").decode()
    decoded = decode_session(SECRET, f"{payload}.{_sign(SECRET, payload)}", max_age=60)
    assert (decoded.token, decoded.nonce, decoded.expired) == (None, "old-nonce", False)


@pytest.mark.parametrize("cookie", ["", "garbage", "a.b.c", "eyJuIjoxfQ.AAAA", "%%%.%%%"])
def test_auth_forged_cookies_give_a_new_anonymous_session(cookie: str) -> None:
    decoded = decode_session(SECRET, cookie, max_age=60)
    assert decoded.token is None and decoded.changed


def test_auth_a_cookie_signed_with_another_key_is_refused() -> None:
    cookie = encode_session(b"x" * 32, anonymous().with_token("t"))
    assert decode_session(SECRET, cookie, max_age=60).token is None


def test_auth_expired_session_keeps_its_nonce() -> None:
    old = WebSession(nonce="n1", token="t", issued=time.time() - 120)
    decoded = decode_session(SECRET, encode_session(SECRET, old), max_age=60)
    assert decoded.token is None and decoded.expired and decoded.nonce == "n1"


def test_auth_csrf_token_is_bound_to_the_nonce() -> None:
    one, two = anonymous(), anonymous()
    assert csrf_matches(SECRET, one, csrf_token(SECRET, one))
    assert not csrf_matches(SECRET, two, csrf_token(SECRET, one))
    assert not csrf_matches(SECRET, one, "é")
