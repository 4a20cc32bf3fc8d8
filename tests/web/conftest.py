"""Web fixtures: the app on this test's project, and API clients signed in by role."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from mutualscope.services.users import hash_password
from mutualscope.storage.users import User
from mutualscope.web.app import create_app

PASSWORD = "a long test password"
ROLES = ("owner", "coder", "viewer")


@functools.cache
def password_hash() -> str:
    # One argon2 hash for every test user keeps the suite quick; verifying stays real.
    return hash_password(PASSWORD)


@pytest.fixture
def app(db_url: str) -> Iterator[FastAPI]:
    app = create_app(db_url)
    try:
        yield app
    finally:
        app.state.project.close()


@pytest.fixture
def people(session: Session) -> dict[str, User]:
    """One signed-up user per role, named after it."""
    made = {}
    for role in ROLES:
        user = User(name=role, role=role, password_hash=password_hash(), active=True)
        session.add(user)
        made[role] = user
    session.commit()
    return made


def signed_in(app: FastAPI, name: str | None) -> TestClient:
    """A client signed in as ``name`` (or anonymous), sending its CSRF token on changes."""
    client = TestClient(app)
    if name is not None:
        token = client.get("/api/v1/session").json()["csrf_token"]
        response = client.post(
            "/api/v1/session",
            json={"name": name, "password": PASSWORD},
            headers={"x-csrf-token": token},
        )
        assert response.status_code == 200, response.text
        client.headers["x-csrf-token"] = response.json()["csrf_token"]
    else:
        client.headers["x-csrf-token"] = client.get("/api/v1/session").json()["csrf_token"]
    return client


@pytest.fixture
def client_for(app: FastAPI, people: dict[str, User]) -> Callable[[str | None], TestClient]:
    return functools.partial(signed_in, app)


@pytest.fixture
def owner(client_for: Callable[[str | None], TestClient]) -> TestClient:
    return client_for("owner")


@pytest.fixture
def coder(client_for: Callable[[str | None], TestClient]) -> TestClient:
    return client_for("coder")


@pytest.fixture
def viewer(client_for: Callable[[str | None], TestClient]) -> TestClient:
    return client_for("viewer")
