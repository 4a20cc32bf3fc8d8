"""axe-core (vendored in tests/web/vendor, never fetched) on every page of the web app in
headless Chromium: no serious or critical violation, including text contrast; and coding
with the keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy.orm import Session
from tests.web.conftest import shot
from tests.web.tour import Stop, build_tour, stop_named, violations, visit, visitor

from mutualscope.storage.users import User

pytestmark = pytest.mark.browser


@pytest.fixture
def tour(session: Session, people: dict[str, User]) -> list[Stop]:
    return build_tour(session)


def test_accessibility_every_page_has_no_serious_violation(
    browser: Browser, server: str, tour: list[Stop]
) -> None:
    found: dict[str, list[str]] = {}
    for user in dict.fromkeys(stop.user for stop in tour):
        with visitor(browser, user, server, 1280) as page:
            for stop in (s for s in tour if s.user == user):
                visit(page, server, stop)
                shot(page, f"a11y-{stop.name}")
                if problems := violations(page):
                    found[stop.name] = problems
    assert found == {}


def test_accessibility_transcript_states_have_no_serious_violation(
    browser: Browser, server: str, tour: list[Stop]
) -> None:
    """The transcript with a highlight's codings open and with the code picker open."""
    transcript = stop_named(tour, "transcript")
    with visitor(browser, "owner", server, 1280) as page:
        visit(page, server, transcript)
        page.locator("mark.run").first.focus()
        page.keyboard.press("Enter")
        expect(page.locator("#coding-panel")).to_be_visible()
        assert violations(page) == []
        page.keyboard.press("Escape")
        page.locator(".turn:not(.between) .turn-text").nth(1).focus()
        page.keyboard.press("Shift+End")
        page.keyboard.press("c")
        expect(page.locator("#code-picker")).to_be_visible()
        assert violations(page) == []


def test_accessibility_skip_link_and_menu_are_first(
    browser: Browser, server: str, tour: list[Stop]
) -> None:
    with visitor(browser, "owner", server, 1280) as page:
        visit(page, server, tour[1])
        page.keyboard.press("Tab")
        skip = page.locator(".skip-link")
        expect(skip).to_be_focused()
        expect(skip).to_be_in_viewport()
        page.keyboard.press("Enter")
        expect(page.locator("main#main")).to_be_focused()


def test_accessibility_job_progress_is_read_out(
    browser: Browser, server: str, tour: list[Stop]
) -> None:
    """A report job's steps reach the page's polite live region, then its end."""
    with visitor(browser, "owner", server, 1280) as page:
        visit(page, server, stop_named(tour, "report"))
        region = page.locator("#announcer")
        expect(region).to_have_attribute("aria-live", "polite")
        expect(region).to_have_text("")
        heard: list[str] = []
        page.expose_function("heard", lambda text: heard.append(text))
        page.evaluate(
            """() => new MutationObserver(() => window.heard(
                document.getElementById('announcer').textContent
            )).observe(document.getElementById('announcer'), {childList: true})"""
        )
        page.click("#report-formats button[data-format=html]")
        expect(region).to_have_text(re.compile(r"^Done: "), timeout=120_000)
        assert re.match(r"^\d+0?% · ", heard[0]), heard
        assert heard[-1].startswith("Done: ")
