"""The API docs page in real headless Chromium: operations grouped by resource, their
descriptions as formatted text (no literal double backticks)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from tests.web.conftest import shot

pytestmark = pytest.mark.browser


def test_apidocs_page_formats_descriptions(page: Page, server: str) -> None:
    page.goto(f"{server}/api/docs")
    docs = page.locator("#api-docs")
    expect(docs.locator(".op").first).to_be_visible()
    expect(docs.get_by_role("heading", name="documents", level=2)).to_be_visible()
    add = docs.locator(
        ".op", has=page.locator("h3", has_text="/api/v1/documents/{document_id}/codings")
    ).filter(has_text="POST")
    expect(add.locator(".api-description code").first).to_have_text("text[start:end]")
    expect(add.locator(".api-description p").first).to_contain_text(
        "with a code, as the signed-in coder. Offsets outside the text, or an empty span"
    )
    expect(add.locator(".api-params dt")).to_have_text(["document_id"])
    imports = docs.locator(".op", has_text="Import transcripts as a job")
    expect(imports.locator(".api-description p")).to_have_count(2)
    assert "``" not in docs.inner_text()
    shot(page, "apidocs")
