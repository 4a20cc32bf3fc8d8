"""Signing in and out: a session lives in the database, so signing out, a new password or
deactivation ends it for every copy of the cookie and in every server process."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.web.conftest import PASSWORD, Sample, signed_in

from mutualscope.storage.users import BrowserSession, User
from mutualscope.web.app import create_app
from mutualscope.web.auth import COOKIE_NAME

NEW_PASSWORD = "a brand new pass phrase"


def error_code(response: httpx.Response) -> str:
    code: str = response.json()["error"]["code"]
    return code


def copy_of(app: FastAPI, client: TestClient) -> TestClient:
    """Another browser holding a copy of ``client``'s cookie and CSRF token."""
    thief = TestClient(app)
    thief.cookies.set(COOKIE_NAME, client.cookies[COOKIE_NAME])
    thief.headers["x-csrf-token"] = client.headers["x-csrf-token"]
    return thief


@pytest.fixture
def second_worker(db_url: str) -> Iterator[FastAPI]:
    """Another app on the same database, as a second server process would be."""
    other = create_app(db_url)
    try:
        yield other
    finally:
        other.state.jobs.close()
        other.state.project.close()


def test_signin_sign_out_ends_a_copied_cookie(
    app: FastAPI, client_for: Callable[[str | None], TestClient]
) -> None:
    owner = client_for("owner")
    thief = copy_of(app, owner)
    assert thief.get("/api/v1/users").status_code == 200
    assert owner.delete("/api/v1/session").status_code == 204

    read = thief.get("/api/v1/users")
    assert (read.status_code, error_code(read)) == (401, "not_signed_in")
    write = thief.post("/api/v1/users", json={"name": "mallory", "role": "owner"})
    assert write.status_code in (401, 403)
    page = thief.get("/users", follow_redirects=False)
    assert (page.status_code, page.headers["location"]) == (303, "/signin?next=/users")
    assert thief.get("/api/v1/session").json()["signed_in"] is False
    assert "mallory" not in [u["name"] for u in client_for("owner").get("/api/v1/users").json()]


def test_signin_sign_out_form_ends_a_copied_cookie(
    app: FastAPI, client_for: Callable[[str | None], TestClient]
) -> None:
    owner = client_for("owner")
    thief = copy_of(app, owner)
    token = owner.headers.pop("x-csrf-token")
    out = owner.post("/signout", data={"csrf_token": token}, follow_redirects=False)
    assert (out.status_code, out.headers["location"]) == (303, "/signin")
    assert thief.get("/api/v1/users").status_code == 401


def test_signin_sign_out_ends_that_browser_only(
    client_for: Callable[[str | None], TestClient], session: Session
) -> None:
    laptop, desktop = client_for("owner"), client_for("owner")
    assert len(session.scalars(select(BrowserSession)).all()) == 2
    laptop.delete("/api/v1/session")
    assert laptop.get("/api/v1/users").status_code == 401
    assert desktop.get("/api/v1/users").status_code == 200
    session.expire_all()
    assert len(session.scalars(select(BrowserSession)).all()) == 1


def test_signin_second_worker_sees_sign_in_and_sign_out(
    app: FastAPI,
    second_worker: FastAPI,
    client_for: Callable[[str | None], TestClient],
) -> None:
    on_first = client_for("coder")
    on_second = copy_of(second_worker, on_first)
    assert on_second.get("/api/v1/session").json()["user"]["name"] == "coder"
    # Signing out on the second worker ends the session on the first.
    assert on_second.delete("/api/v1/session").status_code == 204
    assert on_first.get("/api/v1/codes").status_code == 401
    assert copy_of(app, on_first).get("/api/v1/codes").status_code == 401


def test_signin_password_change_on_one_worker_ends_sessions_on_another(
    app: FastAPI,
    second_worker: FastAPI,
    client_for: Callable[[str | None], TestClient],
    people: dict[str, User],
) -> None:
    coder_on_first = client_for("coder")
    coder_on_second = copy_of(second_worker, coder_on_first)
    owner_on_second = signed_in(second_worker, "owner")
    answer = owner_on_second.put("/api/v1/users/coder/active", json={"active": False})
    assert answer.status_code == 200, answer.text
    assert coder_on_first.get("/api/v1/codes").status_code == 401
    assert coder_on_second.get("/api/v1/codes").status_code == 401
    # Making them active again does not bring the old sessions back.
    owner_on_second.put("/api/v1/users/coder/active", json={"active": True})
    assert coder_on_first.get("/api/v1/codes").status_code == 401
    assert owner_on_second.get("/api/v1/users").status_code == 200


def test_signin_role_change_takes_effect_on_the_next_request(
    owner: TestClient, coder: TestClient, sample: Sample
) -> None:
    url = f"/api/v1/documents/{sample.document.id}/codings"
    body = {"code_id": sample.code.id, "start": 0, "end": 11}
    first = coder.post(url, json=body)
    assert first.status_code == 201, first.text
    assert owner.put("/api/v1/users/coder/role", json={"role": "viewer"}).status_code == 200
    refused = coder.post(url, json={**body, "end": 12})
    assert (refused.status_code, error_code(refused)) == (403, "permission_denied")
    assert coder.get("/api/v1/session").json()["user"]["role"] == "viewer"


def mutualscope_command() -> str:
    script = Path(sys.executable).with_name("mutualscope")
    assert script.exists(), script
    return str(script)


def sign_in_over_http(client: httpx.Client, password: str) -> httpx.Response:
    token = client.get("/api/v1/session").json()["csrf_token"]
    answer = client.post(
        "/api/v1/session",
        json={"name": "owner", "password": password},
        headers={"x-csrf-token": token},
    )
    if answer.status_code == 200:
        client.headers["x-csrf-token"] = answer.json()["csrf_token"]
    return answer


def test_signin_cli_set_password_ends_sessions_in_the_running_server(
    server: str, db_url: str, people: dict[str, User]
) -> None:
    with httpx.Client(base_url=server, timeout=30) as browser:
        assert sign_in_over_http(browser, PASSWORD).status_code == 200
        assert browser.get("/api/v1/users").status_code == 200

        changed = subprocess.run(
            [mutualscope_command(), "--db", db_url, "users", "set-password", "owner",
             "--password-stdin"],
            input=NEW_PASSWORD + "\n",
            capture_output=True,
            text=True,
            timeout=120,
        )  # fmt: skip
        assert changed.returncode == 0, changed.stderr
        assert "Changed the password of owner" in changed.stdout

        ended = browser.get("/api/v1/users")
        assert (ended.status_code, error_code(ended)) == (401, "not_signed_in")
    with httpx.Client(base_url=server, timeout=30) as fresh:
        old = sign_in_over_http(fresh, PASSWORD)
        assert (old.status_code, error_code(old)) == (401, "bad_credentials")
        new = sign_in_over_http(fresh, NEW_PASSWORD)
        assert new.status_code == 200, new.text
        assert new.json()["user"]["name"] == "owner"
        assert fresh.get("/api/v1/users").status_code == 200


def test_signin_stores_only_a_hash_of_the_token(
    client_for: Callable[[str | None], TestClient], session: Session, people: dict[str, User]
) -> None:
    client = client_for("viewer")
    cookie = client.cookies[COOKIE_NAME]
    row = session.scalars(select(BrowserSession)).one()
    assert row.user_id == people["viewer"].id
    assert len(row.token_hash) == 64 and row.token_hash not in cookie
    expires = row.expires_at.replace(tzinfo=row.expires_at.tzinfo or UTC)
    assert timedelta(hours=11) < expires - datetime.now(UTC) <= timedelta(hours=12)
    # Whatever the cookie carries, it is not a key that opens the row by itself.
    assert hashlib.sha256(cookie.encode()).hexdigest() != row.token_hash


def test_signin_removes_expired_sessions(
    client_for: Callable[[str | None], TestClient], session: Session, people: dict[str, User]
) -> None:
    past = datetime.now(UTC) - timedelta(minutes=1)
    session.add(BrowserSession(token_hash="0" * 64, user_id=people["coder"].id, expires_at=past))
    session.commit()
    client_for("owner")
    session.expire_all()
    rows = session.scalars(select(BrowserSession)).all()
    assert [r.user_id for r in rows] == [people["owner"].id]


def client_at(app: FastAPI, address: str) -> TestClient:
    """A browser at ``address`` with the CSRF token of its (anonymous) session."""
    client = TestClient(app, client=(address, 50123))
    client.headers["x-csrf-token"] = client.get("/api/v1/session").json()["csrf_token"]
    return client


def try_password(client: TestClient, name: str, password: str) -> httpx.Response:
    return client.post("/api/v1/session", json={"name": name, "password": password})


def test_signin_bad_passwords_from_one_address_do_not_lock_the_name_elsewhere(
    app: FastAPI, people: dict[str, User]
) -> None:
    attacker = client_at(app, "203.0.113.9")
    for _ in range(8):
        assert try_password(attacker, "owner", "guess guess").status_code in (401, 429)
    blocked = try_password(attacker, "owner", PASSWORD)
    assert (blocked.status_code, error_code(blocked)) == (429, "too_many_attempts")
    assert int(blocked.headers["retry-after"]) > 0

    owner = client_at(app, "198.51.100.7")
    answer = try_password(owner, "owner", PASSWORD)
    assert answer.status_code == 200, answer.text
    assert answer.json()["user"]["name"] == "owner"
    # The attacker's own address still waits, for this name and the others alike.
    assert try_password(attacker, "owner", PASSWORD).status_code == 429


def test_signin_one_address_guessing_many_names_is_throttled(
    app: FastAPI, people: dict[str, User]
) -> None:
    attacker = client_at(app, "203.0.113.10")
    statuses = [try_password(attacker, f"user {n}", "guess guess").status_code for n in range(40)]
    assert statuses[0] == 401 and statuses[-1] == 429
    blocked = try_password(attacker, "viewer", PASSWORD)
    assert (blocked.status_code, error_code(blocked)) == (429, "too_many_attempts")
    assert try_password(client_at(app, "198.51.100.8"), "viewer", PASSWORD).status_code == 200


def test_signin_throttle_is_shared_by_workers(
    app: FastAPI, second_worker: FastAPI, people: dict[str, User]
) -> None:
    first, second = client_at(app, "203.0.113.11"), client_at(second_worker, "203.0.113.11")
    for worker in (first, second, first, second, first, second):
        assert try_password(worker, "coder", "guess guess").status_code == 401
    assert try_password(first, "coder", PASSWORD).status_code == 429
    assert try_password(second, "coder", PASSWORD).status_code == 429
