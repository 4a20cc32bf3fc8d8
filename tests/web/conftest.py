"""Web fixtures: the app on this test's project, and API clients signed in by role."""

from __future__ import annotations

import functools
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy.orm import Session
from tests.factories import make_case, make_code, make_coding, make_document, make_participant

from mutualscope.services.users import hash_password
from mutualscope.storage.models import Code, Coding, Document, User
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
        # Jobs still running (a report started by a test) finish before the project closes.
        app.state.jobs.close()
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


CEO_TEXT = (
    "Interviewer: How did it start?\n"
    "CEO: We did it under the radar, <script>alert(1)</script> and all.\n"
)


@dataclass
class Sample:
    """A coded interview: ``coding`` is the coder's, ``owned`` the owner's."""

    document: Document
    code: Code
    other_code: Code
    coding: Coding
    owned: Coding


@pytest.fixture
def sample(session: Session, people: dict[str, User]) -> Sample:
    case = make_case(session, "Case 3")
    ceo = make_participant(session, "Case 3 CEO", role="CEO", case_id=case.id)
    start = CEO_TEXT.index("CEO:")
    document = make_document(
        session,
        text=CEO_TEXT,
        name="case-3-ceo.txt",
        turns=[("Interviewer", 0, start), ("CEO", start, len(CEO_TEXT))],
        participants={"CEO": ceo},
        case_id=case.id,
    )
    parent = make_code(session, "Enablers")
    code = make_code(session, "Freedom", parent=parent, colour="#1f77b4")
    other = make_code(session, "Barriers")
    radar = CEO_TEXT.index("under the radar")
    coding = make_coding(session, document, code, radar, radar + 15, coder=people["coder"])
    owned = make_coding(session, document, other, start, start + 3, coder=people["owner"])
    return Sample(document, code, other, coding, owned)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def server(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn in a thread on a free loopback port."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not instance.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(timeout=10)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def sign_in(page: Page, server: str, name: str) -> None:
    page.goto(f"{server}/signin")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator(".who")).to_contain_text(name)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page of a fresh browser context; the test fails if the page raised a
    JavaScript error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []
