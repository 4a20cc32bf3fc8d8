"""The Users page (owners only): its forms post with the page's CSRF token field."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from mutualscope.services.users import authenticate, find_user, get_user


@pytest.fixture
def browser_like(owner: TestClient) -> TestClient:
    """The owner's client sending only what a page's form sends: no X-CSRF-Token header."""
    del owner.headers["x-csrf-token"]
    return owner


def form_token(page_html: str) -> str:
    tokens = set(re.findall(r'name="csrf_token" value="([^"]+)"', page_html))
    assert len(tokens) == 1, tokens
    return tokens.pop()


def test_users_page_lists_users_for_owners_only(
    client_for: Callable[[str | None], TestClient],
) -> None:
    page = client_for("owner").get("/users")
    assert page.status_code == 200
    assert '<a href="/users" aria-current="page">Users</a>' in page.text
    for name in ("owner", "coder", "viewer"):
        assert f'data-user="{name}"' in page.text
    assert "Deactivate coder" in page.text and "Deactivate owner" not in page.text
    for who in ("coder", "viewer"):
        client = client_for(who)
        assert client.get("/users").status_code == 403
        assert 'href="/users"' not in client.get("/").text
    anonymous = client_for(None).get("/users", follow_redirects=False)
    assert anonymous.headers["location"] == "/signin?next=/users"


def test_users_page_add_change_deactivate(browser_like: TestClient, session: Session) -> None:
    token = form_token(browser_like.get("/users").text)
    added = browser_like.post(
        "/users",
        data={
            "csrf_token": token,
            "name": "<b>dora</b>",
            "role": "coder",
            "password": "a long password",
            "password_again": "a long password",
        },
        follow_redirects=False,
    )
    assert (added.status_code, added.headers["location"]) == (303, "/users")
    page = browser_like.get("/users").text
    assert "<b>dora</b>" not in page and "&lt;b&gt;dora&lt;/b&gt;" in page
    assert authenticate(session, name="<b>dora</b>", password="a long password") is not None
    changed = browser_like.post(
        "/users/role", data={"csrf_token": token, "name": "<b>dora</b>", "role": "viewer"}
    )
    assert changed.status_code == 200
    off = browser_like.post(
        "/users/active", data={"csrf_token": token, "name": "<b>dora</b>", "active": "false"}
    )
    assert off.status_code == 200 and "Reactivate &lt;b&gt;dora&lt;/b&gt;" in off.text
    session.expire_all()
    dora = get_user(session, "<b>dora</b>")
    assert (dora.role, dora.active) == ("viewer", False)


def test_users_page_shows_why_a_change_is_refused(
    browser_like: TestClient, session: Session
) -> None:
    token = form_token(browser_like.get("/users").text)
    differ = browser_like.post(
        "/users",
        data={
            "csrf_token": token,
            "name": "erin",
            "role": "viewer",
            "password": "a long password",
            "password_again": "another password",
        },
    )
    assert differ.status_code == 422 and "The two passwords differ" in differ.text
    assert 'value="erin"' in differ.text  # the form keeps what was typed
    no_password = browser_like.post(
        "/users", data={"csrf_token": token, "name": "erin", "role": "coder"}
    )
    assert no_password.status_code == 200
    assert get_user(session, "erin").password_hash is None
    last_owner = browser_like.post(
        "/users/role", data={"csrf_token": token, "name": "owner", "role": "viewer"}
    )
    assert last_owner.status_code == 409 and "only owner" in last_owner.text
    myself = browser_like.post(
        "/users/active", data={"csrf_token": token, "name": "owner", "active": "false"}
    )
    assert myself.status_code == 409 and "deactivate yourself" in myself.text
    session.expire_all()
    owner = get_user(session, "owner")
    assert (owner.role, owner.active) == ("owner", True)


def test_users_page_forms_need_the_token(browser_like: TestClient, session: Session) -> None:
    missing = browser_like.post("/users", data={"name": "frank", "role": "coder"})
    assert missing.status_code == 403 and "CSRF" in missing.text
    forged = browser_like.post(
        "/users", data={"csrf_token": "forged", "name": "frank", "role": "coder"}
    )
    assert forged.status_code == 403
    assert find_user(session, "frank") is None
