from __future__ import annotations

import time

import pytest

from mutualscope.web.auth import (
    WebSession,
    anonymous,
    csrf_matches,
    csrf_token,
    decode_session,
    encode_session,
)

SECRET = b"k" * 32


def test_auth_session_round_trips() -> None:
    session = anonymous().signed_in(7, "abc")
    decoded = decode_session(SECRET, encode_session(SECRET, session), max_age=60)
    assert (decoded.user_id, decoded.fingerprint, decoded.nonce) == (7, "abc", session.nonce)
    assert not decoded.changed and not decoded.expired


@pytest.mark.parametrize("cookie", ["", "garbage", "a.b.c", "eyJuIjoxfQ.AAAA", "%%%.%%%"])
def test_auth_forged_cookies_give_a_new_anonymous_session(cookie: str) -> None:
    decoded = decode_session(SECRET, cookie, max_age=60)
    assert decoded.user_id is None and decoded.changed


def test_auth_a_cookie_signed_with_another_key_is_refused() -> None:
    cookie = encode_session(b"x" * 32, anonymous().signed_in(1, "f"))
    assert decode_session(SECRET, cookie, max_age=60).user_id is None


def test_auth_expired_session_keeps_its_nonce() -> None:
    old = WebSession(nonce="n1", user_id=3, fingerprint="f", issued=time.time() - 120)
    decoded = decode_session(SECRET, encode_session(SECRET, old), max_age=60)
    assert decoded.user_id is None and decoded.expired and decoded.nonce == "n1"


def test_auth_csrf_token_is_bound_to_the_nonce() -> None:
    one, two = anonymous(), anonymous()
    assert csrf_matches(SECRET, one, csrf_token(SECRET, one))
    assert not csrf_matches(SECRET, two, csrf_token(SECRET, one))
    assert not csrf_matches(SECRET, one, "é")
