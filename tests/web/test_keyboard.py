"""Coding without a mouse, in real headless Chromium: select words with Shift and the
arrows, open the code picker with `c`, apply a code; reach highlights with Tab and the
arrows, hear their codes, open their codings with Enter; remove a coding and undo it."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from playwright.sync_api import Page, expect
from sqlalchemy import select
from tests.web.conftest import Sample, shot, sign_in

from mutualscope.storage.codebook import Coding

pytestmark = pytest.mark.browser


def codings_of(app: FastAPI, sample: Sample) -> list[tuple[str, str, str | None]]:
    """(code, quoted words, coder) of every coding of the sample document, by start."""
    with app.state.project.session() as session:
        rows = session.scalars(select(Coding).filter_by(document_id=sample.document.id)).all()
        text = sample.document.text
        return sorted(
            ((c.code.name, text[c.start : c.end], c.coder.name if c.coder else None) for c in rows),
            key=lambda row: text.index(row[1]),
        )


def open_transcript(page: Page, server: str, sample: Sample, user: str = "coder") -> None:
    sign_in(page, server, user)
    page.goto(f"{server}/documents/{sample.document.id}")
    expect(page.locator("#transcript")).to_contain_text("How did it start?")


def test_keyboard_select_words_and_code_them(
    page: Page, server: str, app: FastAPI, sample: Sample
) -> None:
    open_transcript(page, server, sample)
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")
    first = page.locator(".turn:not(.between) .turn-text").first
    first.focus()
    expect(first).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.press("Home")
    page.keyboard.press("Shift+Control+ArrowRight")
    assert page.evaluate("getSelection().toString()") == "Interviewer"
    page.keyboard.press("Shift+End")
    assert page.evaluate("getSelection().toString()").strip() == "Interviewer: How did it start?"
    page.keyboard.press("c")
    picker = page.locator("#code-picker")
    expect(picker).to_be_visible()
    expect(page.locator("#picker-search")).to_be_focused()
    page.keyboard.type("barr")
    shot(page, "keyboard-picker")
    page.keyboard.press("Enter")
    expect(picker).to_be_hidden()
    expect(page.locator("#coding-count")).to_have_text("3")
    assert ("Barriers", "Interviewer: How did it start?", "coder") in codings_of(app, sample)
    # The focus comes back to the new highlight, which says its code.
    focused = page.locator("mark.run:focus")
    expect(focused).to_contain_text("How did it start?")
    expect(page.locator("#announcer")).to_have_text("Coded with Barriers.")


def test_keyboard_highlights_say_their_codes_and_open_with_enter(
    page: Page, server: str, app: FastAPI, sample: Sample
) -> None:
    open_transcript(page, server, sample)
    runs = page.locator("mark.run")
    expect(runs).to_have_count(2)
    runs.first.focus()
    described = runs.first.get_attribute("aria-describedby")
    assert described
    expect(page.locator(f"#{described}")).to_have_text(
        "Coded: Barriers by owner. Press Enter for details."
    )
    page.keyboard.press("ArrowDown")
    expect(runs.nth(1)).to_be_focused()
    expect(runs.nth(1)).to_contain_text("under the radar")
    expect(runs.nth(1)).to_have_attribute("title", "Codes: Enablers/Freedom")
    # Its code name stands in the margin, lit while the highlight has the focus.
    label = page.locator(".margin-label.lit")
    expect(label).to_have_text("Freedom")
    page.keyboard.press("Enter")
    panel = page.locator("#coding-panel")
    expect(panel).to_be_visible()
    expect(page.locator("#coding-panel-title")).to_be_focused()
    expect(panel).to_contain_text("Enablers/Freedom")
    expect(panel).to_contain_text("“under the radar”")
    shot(page, "keyboard-panel")
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(runs.nth(1)).to_be_focused()


def test_keyboard_remove_a_coding_then_undo(
    page: Page, server: str, app: FastAPI, sample: Sample
) -> None:
    open_transcript(page, server, sample)
    page.locator("mark.run", has_text="under the radar").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Remove coding").click()
    undo = page.get_by_role("button", name="Undo")
    expect(undo).to_be_focused()
    expect(page.locator("mark.run", has_text="under the radar")).to_have_count(0)
    assert ("Freedom", "under the radar", "coder") not in codings_of(app, sample)
    page.keyboard.press("Enter")
    expect(page.locator("mark.run", has_text="under the radar")).to_have_count(1)
    assert ("Freedom", "under the radar", "coder") in codings_of(app, sample)
    expect(page.locator("#announcer")).to_have_text("The coding Enablers/Freedom is back.")
