from __future__ import annotations

import time
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.web.conftest import PASSWORD

from mutualscope.services import users as users_service
from mutualscope.services.browser_sessions import start_session
from mutualscope.storage.users import User
from mutualscope.web.app import create_app
from mutualscope.web.auth import COOKIE_NAME, WebSession, csrf_token, encode_session
from mutualscope.web.config import WebSettings

NEW_USER = {"name": "dora", "role": "viewer", "password": "long enough pw"}


def error_code(response: object) -> str:
    return response.json()["error"]["code"]  # type: ignore[attr-defined,no-any-return]


def test_security_csrf_missing_or_forged_changes_nothing(
    owner: TestClient, session: Session
) -> None:
    token = owner.headers.pop("x-csrf-token")
    missing = owner.post("/api/v1/users", json=NEW_USER)
    assert (missing.status_code, error_code(missing)) == (403, "csrf_missing")
    forged = owner.post("/api/v1/users", json=NEW_USER, headers={"x-csrf-token": "forged"})
    assert (forged.status_code, error_code(forged)) == (403, "csrf_invalid")
    assert users_service.find_user(session, "dora") is None
    ok = owner.post("/api/v1/users", json=NEW_USER, headers={"x-csrf-token": token})
    assert ok.status_code == 201


def test_security_csrf_token_of_another_session_is_refused(
    client_for: Callable[[str | None], TestClient],
) -> None:
    alice, other = client_for("owner"), client_for("owner")
    response = alice.post(
        "/api/v1/users", json=NEW_USER, headers={"x-csrf-token": other.headers["x-csrf-token"]}
    )
    assert error_code(response) == "csrf_invalid"


def test_security_sign_in_form_needs_csrf(app: FastAPI, people: dict[str, User]) -> None:
    client = TestClient(app)
    response = client.post("/signin", data={"name": "owner", "password": PASSWORD})
    assert response.status_code == 403
    assert "csrf" in response.text.lower()


def test_security_session_cookie_flags(app: FastAPI, people: dict[str, User]) -> None:
    client = TestClient(app)
    token = client.get("/api/v1/session").json()["csrf_token"]
    response = client.post(
        "/api/v1/session",
        json={"name": "owner", "password": PASSWORD},
        headers={"x-csrf-token": token},
    )
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(COOKIE_NAME + "=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure = TestClient(app, base_url="https://testserver").get("/api/v1/session")
    assert "Secure" in secure.headers["set-cookie"]
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_security_expired_session_is_401(
    app: FastAPI, session: Session, people: dict[str, User]
) -> None:
    token = start_session(session, user=people["owner"], lifetime=13 * 3600)
    old = WebSession(nonce="fixed-nonce", token=token, issued=time.time() - 13 * 3600)
    client = TestClient(app)
    client.cookies.set(COOKIE_NAME, encode_session(app.state.secret, old))
    token = csrf_token(app.state.secret, old)
    response = client.post("/api/v1/users", json=NEW_USER, headers={"x-csrf-token": token})
    assert (response.status_code, error_code(response)) == (401, "session_expired")
    page = client.get("/", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].endswith("expired=1")


def test_security_changed_password_ends_sessions(owner: TestClient, session: Session) -> None:
    assert owner.get("/api/v1/users").status_code == 200
    users_service.set_password(session, name="owner", password="a brand new password")
    response = owner.get("/api/v1/users")
    assert (response.status_code, error_code(response)) == (401, "not_signed_in")


def test_security_malformed_json_is_400(owner: TestClient) -> None:
    response = owner.post(
        "/api/v1/users", content=b'{"name": ', headers={"content-type": "application/json"}
    )
    assert (response.status_code, error_code(response)) == (400, "malformed_json")
    wrong_type = owner.post("/api/v1/users", json=["not", "an", "object"])
    assert (wrong_type.status_code, error_code(wrong_type)) == (422, "invalid_input")


def test_security_oversized_body_is_413(db_url: str, people: dict[str, User]) -> None:
    app = create_app(db_url, settings=WebSettings(max_body_bytes=1024))
    try:
        client = TestClient(app)
        token = client.get("/api/v1/session").json()["csrf_token"]
        big = {"name": "x" * 2000, "password": "y"}
        response = client.post("/api/v1/session", json=big, headers={"x-csrf-token": token})
        assert (response.status_code, error_code(response)) == (413, "too_large")

        def chunks() -> object:
            yield b'{"name": "'
            for _ in range(10):
                yield b"x" * 200
            yield b'", "password": "y"}'

        streamed = client.post(
            "/api/v1/session",
            content=chunks(),  # type: ignore[arg-type]
            headers={"x-csrf-token": token, "content-type": "application/json"},
        )
        assert (streamed.status_code, error_code(streamed)) == (413, "too_large")
    finally:
        app.state.jobs.close()
        app.state.project.close()


def test_security_sign_in_is_throttled(app: FastAPI, people: dict[str, User]) -> None:
    client = TestClient(app)
    client.headers["x-csrf-token"] = client.get("/api/v1/session").json()["csrf_token"]
    for _ in range(5):
        wrong = client.post("/api/v1/session", json={"name": "owner", "password": "wrong!!!"})
        assert (wrong.status_code, error_code(wrong)) == (401, "bad_credentials")
    wrong = client.post("/api/v1/session", json={"name": "owner", "password": "wrong!!!"})
    assert wrong.status_code == 401
    blocked = client.post("/api/v1/session", json={"name": "owner", "password": PASSWORD})
    assert (blocked.status_code, error_code(blocked)) == (429, "too_many_attempts")
    assert int(blocked.headers["retry-after"]) > 0


def test_security_sign_in_page_flow(app: FastAPI, people: dict[str, User]) -> None:
    client = TestClient(app)
    page = client.get("/signin?next=//evil.example/")
    assert page.status_code == 200
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    bad = client.post(
        "/signin", data={"name": "owner", "password": "nope!!!!", "csrf_token": token}
    )
    assert bad.status_code == 401 and "wrong password" in bad.text
    good = client.post(
        "/signin",
        data={"name": "owner", "password": PASSWORD, "csrf_token": token, "next": "//evil/"},
        follow_redirects=False,
    )
    assert (good.status_code, good.headers["location"]) == (303, "/")
    assert client.get("/api/v1/session").json()["user"]["name"] == "owner"
    # The token of the signed-out session no longer works once signed in.
    stale = client.post("/signout", data={"csrf_token": token})
    assert stale.status_code == 403


def test_security_unknown_paths_and_methods(owner: TestClient) -> None:
    assert error_code(owner.get("/api/v1/nothing-here")) == "not_found"
    assert owner.patch("/api/v1/session").status_code == 405
