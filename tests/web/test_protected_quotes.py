"""The quotes page, its exports and /api/v1/quotes take the pseudonymised text once
``protect apply`` has built it; only owners may ask for the identifiable words (SQLite,
and PostgreSQL when MUTUALSCOPE_TEST_PG is set)."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page
from sqlalchemy.orm import Session
from tests.factories import make_case, make_code, make_coding, make_document, make_participant
from tests.web.conftest import shot, sign_in

from mutualscope.services.protection.findings import add_findings
from mutualscope.services.protection.layers import apply_protection
from mutualscope.storage.users import User

TEXT = "Interviewer: And the council?\nCEO: Sarah Jones said the budget was cut, twice.\n"
ORIGINAL = "Sarah Jones said the budget was cut"
PSEUDONYMISED = "[CEO, case 3] said the budget was cut"


@pytest.fixture
def protected(session: Session, people: dict[str, User]) -> None:
    case = make_case(session, "Case 3")
    ceo = make_participant(session, "C3 CEO", role="ceo", real_name="Sarah Jones", case_id=case.id)
    at = TEXT.index("CEO:")
    doc = make_document(
        session, text=TEXT, name="one.txt",
        turns=[("Interviewer", 0, at), ("CEO", at, len(TEXT))], participants={"CEO": ceo},
    )  # fmt: skip
    code = make_code(session, "Austerity")
    start = TEXT.index(ORIGINAL)
    make_coding(session, doc, code, start, start + len(ORIGINAL), coder=people["coder"])
    add_findings(session, "one.txt", kind="person", words="Sarah Jones")
    apply_protection(session, ["one.txt"])


def _csv_quotes(content: bytes) -> list[str]:
    return [row["quote"] for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))]


def test_api_and_exports_are_pseudonymised_and_identifiable_for_owners_only(
    protected: None, owner: TestClient, coder: TestClient, viewer: TestClient
) -> None:
    for client in (owner, coder, viewer):
        found = client.get("/api/v1/quotes").json()
        assert [q["text"] for q in found["quotes"]] == [PSEUDONYMISED]
        assert found["warning"] is None
        assert _csv_quotes(client.get("/api/v1/quotes/export").content) == [PSEUDONYMISED]
        assert _csv_quotes(client.get("/quotes/export?format=csv").content) == [PSEUDONYMISED]
        page = client.get("/quotes")
        assert PSEUDONYMISED in page.text and "Sarah Jones" not in page.text
    for client in (coder, viewer):
        for address in (
            "/api/v1/quotes?identifiable=true",
            "/api/v1/quotes/export?identifiable=true",
            "/quotes/export?format=csv&identifiable=true",
            "/quotes?identifiable=true",
        ):
            refused = client.get(address)
            assert refused.status_code == 403, address
            assert "Sarah Jones" not in refused.text
    plain = owner.get("/api/v1/quotes", params={"identifiable": "true"}).json()
    assert [q["text"] for q in plain["quotes"]] == [ORIGINAL]
    exported = owner.get("/api/v1/quotes/export", params={"identifiable": "true"}).content
    assert _csv_quotes(exported) == [ORIGINAL]
    assert ORIGINAL in owner.get("/quotes", params={"identifiable": "true"}).text


def test_owner_ticks_identifiable_text_in_the_browser(
    protected: None, page: Page, server: str
) -> None:
    sign_in(page, server, "owner")
    page.goto(f"{server}/quotes")
    assert page.locator("blockquote").first.inner_text().startswith(f"\u201c{PSEUDONYMISED}")
    page.get_by_label("identifiable text").check()
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**identifiable=true**")
    assert page.locator("blockquote").first.inner_text().startswith(f"\u201c{ORIGINAL}")
    shot(page, "quotes-identifiable")
    page.context.clear_cookies()
    sign_in(page, server, "coder")
    page.goto(f"{server}/quotes")
    assert page.get_by_label("identifiable text").count() == 0
    assert "Sarah Jones" not in page.locator("main").inner_text()


def test_matrix_cell_quotes_are_pseudonymised_too(
    protected: None, owner: TestClient, coder: TestClient, viewer: TestClient
) -> None:
    """A matrix cell lists its passages' words: the pseudonymised ones, as the quotes
    page shows them (the cell page and its JSON showed the original words)."""
    cell = {"row": "Austerity", "column": "CEO"}
    for client in (owner, coder, viewer):
        page = client.get("/matrix/cell", params=cell)
        assert page.status_code == 200
        assert PSEUDONYMISED in page.text and "Sarah Jones" not in page.text
        found = client.get("/api/v1/matrix/cell", params=cell)
        assert found.status_code == 200
        assert "Sarah Jones" not in found.text and PSEUDONYMISED in found.text
