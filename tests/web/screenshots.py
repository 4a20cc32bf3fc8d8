"""Screenshots of the main pages for docs/web.md, taken in headless Chromium from the
demo project (not a test; run it after changing a page):

    mutualscope demo --out demo --no-serve
    python -m tests.web.screenshots demo/mutualscope.db docs/images
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import Page, sync_playwright
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS, free_port

from mutualscope.demo.web import DEMO_PASSWORD, DEMO_USER
from mutualscope.web.app import create_app

PAGES = [
    ("dashboard", "/"),
    ("organisations", "/organisations?sort=turnover_gbp&desc=true"),
    ("documents", "/documents"),
    ("quotes", "/quotes?code=Funding%20sources&subcodes=true"),
    ("codebook", "/codebook"),
    ("matrix", "/matrix"),
    ("search", "/search?q=surplus"),
    ("agreement", "/agreement?coders=ana&coders=ben"),
    ("report", "/report"),
    ("users", "/users"),
    ("apidocs", "/api/docs"),
]
#: After these pages load, the screenshot waits for an action (the report job's link).
ACTIONS = {"report": ("#report-formats button[data-format=html]", ".job-link:not([hidden])")}


def main(database: str, out: Path) -> None:
    app = create_app(database)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.goto(f"{base}/signin")
        page.screenshot(path=str(out / "signin.png"))
        page.fill("input[name=name]", DEMO_USER)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector(".who")
        for name, path in PAGES:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            if name in ACTIONS:
                click, wait = ACTIONS[name]
                page.click(click)
                page.wait_for_selector(wait, timeout=120_000)
            page.screenshot(path=str(out / f"{name}.png"))
        page.goto(f"{base}/documents")
        page.click("text=case-1-ceo-interview.txt")
        page.wait_for_load_state("networkidle")
        page.locator(".hl").nth(3).click()
        page.wait_for_selector("#coding-panel:not([hidden])")
        page.wait_for_timeout(300)
        page.screenshot(path=str(out / "transcript.png"))
        # Select a sentence with the mouse and show the code picker.
        page.evaluate("window.scrollTo(0, 0)")
        piece = page.locator(".turn:not(.between) .turn-text span:not(.hl)").nth(1)
        box = piece.bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + 2, box["y"] + 8)
        page.mouse.down()
        page.mouse.move(box["x"] + min(box["width"], 420), box["y"] + 8, steps=6)
        page.mouse.up()
        page.wait_for_selector("#code-picker:not([hidden])")
        page.keyboard.type("fund")
        page.screenshot(path=str(out / "coding.png"))
        keyboard_and_phone(page, base, out)
        browser.close()
    server.should_exit = True
    thread.join(timeout=10)


def keyboard_and_phone(page: Page, base: str, out: Path) -> None:
    """Coding with the keyboard (a turn's words selected with Shift+arrows, the picker
    open), then the transcript and the folded navigation at a phone's width."""
    page.keyboard.press("Escape")
    page.evaluate("window.scrollTo(0, 0)")
    turn = page.locator(".turn:not(.between) .turn-text").nth(2)
    turn.focus()
    for _ in range(8):
        page.keyboard.press("Shift+Control+ArrowRight")
    page.keyboard.press("c")
    page.wait_for_selector("#code-picker:not([hidden])")
    page.keyboard.type("inno")
    page.screenshot(path=str(out / "keyboard-coding.png"))
    page.keyboard.press("Escape")
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    page.wait_for_load_state("networkidle")
    page.locator("mark.run").first.evaluate("(run) => run.scrollIntoView({block: 'center'})")
    page.screenshot(path=str(out / "phone-transcript.png"))
    page.evaluate("window.scrollTo(0, 0)")
    page.click(".nav-toggle")
    page.screenshot(path=str(out / "phone-menu.png"))
    page.set_viewport_size({"width": 1280, "height": 860})


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
