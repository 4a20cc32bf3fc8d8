"""Every page of the web app, filled with a small coded project, for the tests that look
at all of them (accessibility, phone widths)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page
from sqlalchemy.orm import Session
from tests.coding_world import World, build_world
from tests.factories import make_organisation
from tests.web.conftest import PASSWORD

from mutualscope.services.codebook import add_code

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = ("serious", "critical")


@dataclass(frozen=True)
class Stop:
    """A page to visit: ``path`` after signing in as ``user`` (None: signed out)."""

    name: str
    path: str
    user: str | None = "owner"
    status: int = 200


def build_tour(session: Session) -> list[Stop]:
    """The pages over a coded project: two cases, three interviews, two coders, and an
    organisation whose turnover and size are not known."""
    world: World = build_world(session)
    make_organisation(session, name="Fictional Fenside Leisure", turnover_gbp=None)
    add_code(session, "Spaces for experimentation", definition="Room to try things", actor="owner")
    return [
        Stop("signin", "/signin", user=None),
        Stop("dashboard", "/"),
        Stop("organisations", "/organisations?sort=turnover_gbp&desc=true"),
        Stop("organisation", f"/organisations/{world.big.id}"),
        Stop("organisation-new", "/organisations/new"),
        Stop("organisation-edit", f"/organisations/{world.big.id}/edit"),
        Stop("cases", "/cases"),
        Stop("documents", "/documents"),
        Stop("transcript", f"/documents/{world.ceo_doc.id}"),
        Stop("protection", f"/documents/{world.ceo_doc.id}/protection"),
        Stop("codebook", "/codebook"),
        Stop("quotes", "/quotes"),
        Stop("matrix", "/matrix"),
        Stop("matrix-cell", "/matrix/cell?row=Funding%20sources%2FSurplus&column=CEO"),
        Stop("search", "/search?q=surplus"),
        Stop("clusters", "/assist/clusters"),
        Stop("agreement", "/agreement?coders=ana&coders=ben"),
        Stop("report", "/report"),
        Stop("users", "/users"),
        Stop("audit", "/audit"),
        Stop("account", "/account"),
        Stop("apidocs", "/api/docs"),
        Stop("not-found", "/documents/999999", status=404),
        Stop("forbidden", "/users", user="viewer", status=403),
    ]


def stop_named(tour: list[Stop], name: str) -> Stop:
    return next(stop for stop in tour if stop.name == name)


@contextmanager
def visitor(browser: Browser, user: str | None, server: str, width: int) -> Iterator[Page]:
    """A fresh browser context ``width`` pixels wide, signed in as ``user``; fails if a
    page raised a JavaScript error."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    if user is not None:
        page.goto(f"{server}/signin")
        page.fill("input[name=name]", user)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector(".who")
    try:
        yield page
    finally:
        context.close()
    assert errors == []


def visit(page: Page, server: str, stop: Stop) -> None:
    response = page.goto(server + stop.path)
    assert response is not None and response.status == stop.status, (stop, response)
    page.wait_for_load_state("networkidle")


def violations(page: Page) -> list[str]:
    """axe's serious and critical violations on the page as it is now, one line each."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE)
    found: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:4]}"
        f" {v['nodes'][0].get('failureSummary', '')}"
        for v in found
        if v["impact"] in BLOCKING
    ]


def overflowing(page: Page, width: int) -> list[str]:
    """The outermost elements reaching past ``width`` that no scrolling box holds."""
    found: list[str] = page.evaluate(
        """(width) => [...document.querySelectorAll("body *")].filter((node) => {
            if (node.getBoundingClientRect().right <= width + 1) return false;
            for (let up = node.parentElement; up; up = up.parentElement) {
              const scrolls = up.scrollWidth > up.clientWidth + 1;
              if (getComputedStyle(up).overflowX !== "visible" && scrolls) return false;
              const wide = up.getBoundingClientRect().right > width + 1;
              if (wide && up !== document.body) return false;
            }
            return true;
          }).map((node) => `${node.tagName.toLowerCase()}.${node.className}`)""",
        width,
    )
    return found
