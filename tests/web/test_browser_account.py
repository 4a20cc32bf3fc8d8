"""In Chromium: changing your own password (your other browser is signed out), an owner
resetting someone's, and blind coding switched on by an owner hiding other coders'
highlights from a coder."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from tests.web.conftest import PASSWORD, Sample, shot, sign_in

NEW = "another long password"


def test_browser_change_own_password(
    page: Page, browser: Browser, server: str, sample: Sample
) -> None:
    other = browser.new_context().new_page()
    sign_in(other, server, "coder")
    sign_in(page, server, "coder")
    page.click("a.who")
    expect(page.locator("h1")).to_have_text("Your account")
    page.fill("input[name=current]", "wrong password")
    page.fill("input[name=password]", NEW)
    page.fill("input[name=password_again]", NEW)
    page.click("#change-password button[type=submit]")
    expect(page.locator(".problem")).to_contain_text("current password is not right")
    page.fill("input[name=current]", PASSWORD)
    page.fill("input[name=password]", NEW)
    page.fill("input[name=password_again]", NEW)
    page.click("#change-password button[type=submit]")
    expect(page.locator(".notice")).to_contain_text("Your password is changed")
    page.goto(f"{server}/quotes")
    expect(page.locator(".who")).to_contain_text("coder")
    other.goto(f"{server}/quotes")
    expect(other).to_have_url(f"{server}/signin?next=/quotes")
    other.fill("input[name=name]", "coder")
    other.fill("input[name=password]", NEW)
    other.click("button[type=submit]")
    expect(other.locator(".who")).to_contain_text("coder")
    shot(page, "account-password")
    other.context.close()


def test_browser_owner_resets_and_blind_coding(
    page: Page, browser: Browser, server: str, sample: Sample
) -> None:
    sign_in(page, server, "owner")
    page.goto(f"{server}/users")
    row = page.locator("tr[data-user=viewer]")
    row.locator("input[name=password]").fill(NEW)
    row.locator("input[name=password_again]").fill(NEW)
    row.get_by_role("button", name="Reset password").click()
    expect(page).to_have_url(f"{server}/users")
    page.get_by_role("button", name="Start blind coding").click()
    expect(page.locator("#blind-coding")).to_contain_text("On:")
    shot(page, "users-blind-coding")
    coder = browser.new_context().new_page()
    sign_in(coder, server, "coder")
    coder.goto(f"{server}/documents/{sample.document.id}")
    expect(coder.locator("#coding-count")).to_have_text("1")
    coder.goto(f"{server}/quotes")
    expect(coder.locator("li.passage")).to_have_count(1)
    expect(coder.locator("li.passage blockquote")).to_contain_text("under the radar")
    expect(coder.locator("select[name=coder] option")).to_have_text(["coder"])
    coder.goto(f"{server}/agreement?coders=coder&coders=owner")
    expect(coder.locator(".problem")).to_contain_text("blind coding")
    coder.context.close()
    viewer = browser.new_context().new_page()
    viewer.goto(f"{server}/signin")
    viewer.fill("input[name=name]", "viewer")
    viewer.fill("input[name=password]", NEW)
    viewer.click("button[type=submit]")
    expect(viewer.locator(".who")).to_contain_text("viewer")
    viewer.context.close()
