"""The audit trail page (owners only): events listed newest first with who, when and
the values before and after; filters by date, user, kind and action; JSON parity; and the
same in real headless Chromium."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session
from tests.web.conftest import shot, sign_in

from mutualscope.services.codebook import add_code
from mutualscope.services.participants import add_participant
from mutualscope.storage.users import User


@pytest.fixture
def trail(session: Session, people: dict[str, User]) -> None:
    add_code(session, "Growth", definition="<script>alert(1)</script>", actor="owner")
    add_participant(session, label="Case 1 CEO", role="ceo", actor="coder")


def test_audit_page_lists_events_for_owners_only(
    client_for: Callable[[str | None], TestClient], trail: None
) -> None:
    listed = client_for("owner").get("/audit")
    assert listed.status_code == 200
    assert '<a href="/audit" aria-current="page">Audit</a>' in listed.text
    assert listed.text.index("Case 1 CEO") < listed.text.index("Growth")  # newest first
    assert "<script>alert(1)</script>" not in listed.text
    for who in ("coder", "viewer"):
        client = client_for(who)
        assert client.get("/audit").status_code == 403
        assert 'href="/audit"' not in client.get("/").text
    anonymous = client_for(None).get("/audit", follow_redirects=False)
    assert anonymous.headers["location"] == "/signin?next=/audit"


def test_audit_page_filters_and_json(
    client_for: Callable[[str | None], TestClient], trail: None
) -> None:
    owner = client_for("owner")
    events = owner.get("/audit", params={"format": "json", "who": "CODER"}).json()
    assert [(e["actor"], e["action"], e["kind"]) for e in events] == [
        ("coder", "create", "participant")
    ]
    assert events[0]["after"]["label"] == "Case 1 CEO"
    by_kind = owner.get("/audit", params={"kind": "code", "format": "json"}).json()
    assert [e["kind"] for e in by_kind] == ["code"]
    assert owner.get("/audit", params={"since": "2999-01-01", "format": "json"}).json() == []
    bad = owner.get("/audit", params={"since": "yesterday"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.text


@pytest.mark.browser
def test_browser_owner_finds_a_change_in_the_audit_trail(
    page: Page,
    server: str,
    trail: None,
) -> None:
    sign_in(page, server, "owner")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit").click()
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    expect(page.locator("table.audit tbody tr")).to_have_count(2)
    filters = page.locator("#audit-filters")
    filters.get_by_label("Kind").select_option("participant")
    filters.get_by_role("button", name="Show").click()
    rows = page.locator("table.audit tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("coder")
    expect(rows.first).to_contain_text("Case 1 CEO")
    assert "kind=participant" in page.url
    shot(page, "audit")
    filters = page.locator("#audit-filters")
    filters.get_by_label("User").fill("nobody")
    filters.get_by_role("button", name="Show").click()
    expect(page.get_by_text("No events match.")).to_be_visible()
