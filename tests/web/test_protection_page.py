"""Reviewing personal data on the web: the JSON API (coders and owners review, viewers
read the pseudonymised text only) and the review page in real headless Chromium: marks
in the text, accept, reject, a missed one added by selecting it, the pseudonymised text
built (SQLite, and PostgreSQL when MUTUALSCOPE_TEST_PG is set)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session
from tests.factories import make_case, make_document, make_participant
from tests.web.conftest import shot, sign_in

from mutualscope.services.protection.findings import save_scan
from mutualscope.services.protection.scans import scan_documents
from mutualscope.storage.documents import Document
from mutualscope.storage.users import User

TEXT = (
    "Interviewer: Who helped when you left the PCT?\n"
    "SJ: Mark did, and the caretaker at Wexcombe Lodge lent us a room. "
    "Ring 07700 900123 if you need him.\n"
)


@pytest.fixture
def scanned(session: Session, people: dict[str, User]) -> Document:
    case = make_case(session, "Case 1")
    ceo = make_participant(
        session, "Case 1 CEO", role="ceo", real_name="Sarah Jenkins", case_id=case.id
    )
    make_participant(session, "Case 1 Finance Director", role="director", real_name="Mark Oduya")
    at = TEXT.index("SJ:")
    doc = make_document(
        session, text=TEXT, name="case-1.txt",
        turns=[("Interviewer", 0, at), ("SJ", at, len(TEXT))], participants={"SJ": ceo},
    )  # fmt: skip
    save_scan(session, scan_documents(session, ["case-1.txt"], model="off"))
    return doc


def test_api_review_and_pseudonymised_text(
    client_for: Callable[[str | None], TestClient], scanned: Document
) -> None:
    coder = client_for("coder")
    found = coder.get(f"/api/v1/documents/{scanned.id}/findings").json()["findings"]
    by_text = {f["text"]: f["id"] for f in found}
    assert set(by_text) == {"SJ", "Mark", "07700 900123"}
    accepted = coder.post(f"/api/v1/findings/{by_text['Mark']}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert accepted.json()["reviewer"] == "coder"
    rejected = coder.post(f"/api/v1/findings/{by_text['SJ']}/reject").json()
    assert rejected["status"] == "rejected"
    added = coder.post(
        f"/api/v1/documents/{scanned.id}/findings", json={"kind": "place", "text": "wexcombe lodge"}
    )
    assert added.status_code == 200
    assert [(f["text"], f["status"]) for f in added.json()["findings"]] == [
        ("Wexcombe Lodge", "added")
    ]
    built = coder.post(f"/api/v1/documents/{scanned.id}/protected").json()
    assert built["text"] == TEXT.replace("Mark", "[Director]").replace("Wexcombe Lodge", "[Town A]")
    viewer = client_for("viewer")
    assert viewer.get(f"/api/v1/documents/{scanned.id}/protected").json()["text"] == built["text"]
    assert viewer.get(f"/api/v1/documents/{scanned.id}/findings").status_code == 403
    assert viewer.post(f"/api/v1/findings/{by_text['SJ']}/accept").status_code == 403
    assert viewer.get(f"/documents/{scanned.id}/protection").status_code == 403
    review = f'href="/documents/{scanned.id}/protection"'
    assert review not in viewer.get(f"/documents/{scanned.id}").text
    assert review in coder.get(f"/documents/{scanned.id}").text
    page = coder.get(f"/documents/{scanned.id}/protection", params={"format": "json"}).json()
    assert {f["text"] for f in page["findings"]} == {"SJ", "Mark", "07700 900123", "Wexcombe Lodge"}


def test_api_bad_input(client_for: Callable[[str | None], TestClient], scanned: Document) -> None:
    coder = client_for("coder")
    bad = coder.post(
        f"/api/v1/documents/{scanned.id}/findings", json={"kind": "place", "start": 5, "end": 900}
    )
    assert bad.status_code == 422 and "offsets run from 0 to" in bad.json()["error"]["message"]
    unknown = coder.post(
        f"/api/v1/documents/{scanned.id}/findings", json={"kind": "pet", "text": "Rex"}
    )
    assert unknown.status_code == 422 and "Unknown kind 'pet'" in unknown.json()["error"]["message"]
    assert coder.post("/api/v1/findings/9999/accept").status_code == 404
    assert coder.get("/api/v1/documents/9999/findings").status_code == 404
    assert coder.get(f"/api/v1/documents/{scanned.id}/protected").json()["text"] is None


def _select(page: Page, words: str) -> None:
    """Select ``words`` in the review page's text, across marks if need be."""
    page.evaluate(
        """(words) => {
            const root = document.getElementById("finding-text");
            const nodes = [];
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            let all = "";
            while (walker.nextNode()) {
                nodes.push([walker.currentNode, all.length]);
                all += walker.currentNode.data;
            }
            const from = all.indexOf(words), to = from + words.length;
            const at = (offset) => {
                for (const [node, start] of nodes) {
                    if (offset <= start + node.data.length) return [node, offset - start];
                }
            };
            const range = document.createRange();
            range.setStart(...at(from));
            range.setEnd(...at(to));
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            root.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
        }""",
        words,
    )


@pytest.mark.browser
def test_browser_coder_reviews_personal_data(page: Page, server: str, scanned: Document) -> None:
    sign_in(page, server, "coder")
    page.goto(f"{server}/documents/{scanned.id}")
    page.get_by_role("link", name="Personal data").click()
    expect(page.get_by_role("heading", name="Personal data in case-1.txt")).to_be_visible()
    text = page.locator("#finding-text")
    expect(text.locator("mark.status-proposed")).to_have_count(3)
    expect(page.locator("#finding-summary")).to_have_text("3 finding(s): 3 to review")
    # Clicking a mark in the text brings its line of the list to the keyboard.
    text.locator("mark", has_text="Mark").click()
    expect(page.get_by_role("button", name="Accept “Mark” (person)")).to_be_focused()
    page.keyboard.press("Enter")
    expect(text.locator("mark.status-accepted", has_text="Mark")).to_be_visible()
    expect(page.locator("#finding-announce")).to_have_text("“Mark” accepted.")
    page.get_by_role("button", name="Reject “SJ” (person)").click()
    expect(text.locator("mark.status-rejected", has_text="SJ")).to_be_visible()
    page.get_by_role("button", name="Accept “07700 900123” (phone)").click()
    # A missed one: select its words, say what they are, mark them.
    _select(page, "Wexcombe Lodge")
    expect(page.locator("#add-selection")).to_contain_text("“Wexcombe Lodge”")
    page.get_by_label("Kind of the selected words").select_option("place")
    page.get_by_role("button", name="Mark the selection").click()
    expect(text.locator("mark.status-added", has_text="Wexcombe Lodge")).to_be_visible()
    expect(page.locator("#finding-summary")).to_have_text(
        "4 finding(s): 2 accepted, 1 rejected, 1 added"
    )
    page.get_by_label("Which findings to list").select_option("rejected")
    expect(page.locator("#finding-list li")).to_have_count(1)
    page.get_by_role("button", name="Build the pseudonymised text").click()
    expect(page.locator("#protected-text")).to_have_text(
        "Interviewer: Who helped when you left the PCT?\n"
        "SJ: [Director] did, and the caretaker at [Town A] lent us a room. "
        "Ring [phone] if you need him.\n"
    )
    shot(page, "protection-review")
    # A bad request shows the server's message.
    page.goto(f"{server}/documents/{scanned.id}/protection")
    expect(text.locator("mark.status-added")).to_have_count(1)
