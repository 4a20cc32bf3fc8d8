"""Every page at a phone's width (375 x 800) in real headless Chromium: nothing wider than
the screen, the navigation folded behind a Menu button that says whether it is open, and
axe still finds nothing serious (a table that scrolls sideways can be reached by keyboard)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy.orm import Session
from tests.web.conftest import shot
from tests.web.tour import (
    Stop,
    build_tour,
    overflowing,
    stop_named,
    violations,
    visit,
    visitor,
)

from mutualscope.storage.users import User

pytestmark = pytest.mark.browser

WIDTH = 375


@pytest.fixture
def tour(session: Session, people: dict[str, User]) -> list[Stop]:
    return build_tour(session)


def test_phone_no_page_is_wider_than_the_screen(
    browser: Browser, server: str, tour: list[Stop]
) -> None:
    wide: dict[str, tuple[int, list[str]]] = {}
    found: dict[str, list[str]] = {}
    for user in dict.fromkeys(stop.user for stop in tour):
        with visitor(browser, user, server, WIDTH) as page:
            for stop in (s for s in tour if s.user == user):
                visit(page, server, stop)
                shot(page, f"phone-{stop.name}")
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > WIDTH:
                    wide[stop.name] = (width, overflowing(page, WIDTH))
                if problems := violations(page):
                    found[stop.name] = problems
    assert wide == {}
    assert found == {}, "\n".join(f"{name}: {line}" for name, v in found.items() for line in v)


def test_phone_navigation_folds_into_a_menu(
    browser: Browser, server: str, tour: list[Stop]
) -> None:
    with visitor(browser, "owner", server, WIDTH) as page:
        visit(page, server, stop_named(tour, "documents"))
        menu = page.get_by_role("button", name="Menu")
        nav = page.get_by_role("navigation", name="Main")
        expect(menu).to_have_attribute("aria-expanded", "false")
        expect(nav).to_be_hidden()
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(nav).to_be_visible()
        expect(nav.get_by_role("link", name="Documents")).to_have_attribute("aria-current", "page")
        shot(page, "phone-menu-open")
        nav.get_by_role("link", name="Codebook").focus()
        page.keyboard.press("Escape")
        expect(menu).to_have_attribute("aria-expanded", "false")
        expect(menu).to_be_focused()
        expect(nav).to_be_hidden()
        nav_links = nav.get_by_role("link")
        page.set_viewport_size({"width": 1280, "height": 800})
        expect(menu).to_be_hidden()
        expect(nav_links.first).to_be_visible()


def test_phone_transcript_highlights_name_their_codes(
    browser: Browser, server: str, tour: list[Stop]
) -> None:
    """No margin on a phone: each highlight shows its code names before it."""
    with visitor(browser, "owner", server, WIDTH) as page:
        visit(page, server, stop_named(tour, "transcript"))
        run = page.locator("mark.run", has_text="We used the surplus")
        expect(run).to_have_attribute("data-names", "Surplus")
        label = run.evaluate("(el) => getComputedStyle(el, '::before').content")
        assert "Surplus" in label
        expect(page.locator(".code-margin")).to_be_hidden()
