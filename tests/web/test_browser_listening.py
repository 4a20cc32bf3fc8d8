"""Reviewing a recorded transcript in real headless Chromium: play from a clicked word,
the highlight following the recording, keyboard shortcuts, and correcting the transcript
with codings staying on their words."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright
from sqlalchemy.orm import Session
from tests.recorded_world import Recorded, make_recorded_document
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS, shot, sign_in

from mutualscope.services.documents import load_document
from mutualscope.services.transcript_edits import correct_turn
from mutualscope.storage.users import User

pytestmark = pytest.mark.browser

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "images" / "transcript-listening.png"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required", "--mute-audio"],
        )
        yield launched
        launched.close()


@pytest.fixture
def recorded(session: Session, tmp_path: Path, people: dict[str, User]) -> Recorded:
    return make_recorded_document(session, tmp_path, coder=people["coder"], seconds=20)


def _open(page: Page, server: str, recorded: Recorded, who: str = "coder") -> None:
    sign_in(page, server, who)
    page.goto(f"{server}/documents/{recorded.document.id}")
    expect(page.locator("#transcript")).to_have_attribute("data-words", "40")
    until(page, "document.getElementById('audio').readyState >= 1")


def until(page: Page, expression: str, timeout: float = 5.0) -> None:
    """Wait for a JavaScript expression to be true, asking from here: the page's
    Content-Security-Policy forbids the eval that page.wait_for_function polls with."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        time.sleep(0.05)


def _word_box(page: Page, word: str, nth: int = 0) -> dict[str, float]:
    """The middle of the ``nth`` occurrence of ``word`` in the transcript's text."""
    box: dict[str, float] = page.evaluate(
        """([word, nth]) => {
            const pieces = [...document.querySelectorAll('#transcript .turn-text [data-s]')];
            let seen = 0;
            for (const piece of pieces) {
                const node = piece.firstChild;
                let at = node ? node.data.indexOf(word) : -1;
                while (at >= 0) {
                    if (seen++ === nth) {
                        const range = document.createRange();
                        range.setStart(node, at);
                        range.setEnd(node, at + word.length);
                        const r = range.getBoundingClientRect();
                        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
                    }
                    at = node.data.indexOf(word, at + 1);
                }
            }
            throw new Error(`no ${word}`);
        }""",
        [word, nth],
    )
    return box


def _click_word(page: Page, word: str, nth: int = 0) -> None:
    box = _word_box(page, word, nth)
    page.mouse.click(box["x"], box["y"])


def _edit(turn: Locator, action: str) -> None:
    """Open a turn's Edit menu and choose ``action`` (text, split, merge, speaker)."""
    turn.locator('[data-edit="menu"]').click()
    turn.locator(f'[data-edit="{action}"]').click()


def _now_playing(page: Page) -> str:
    text: str = page.evaluate(
        "() => { const h = CSS.highlights.get('now-playing');"
        " return h && h.size ? [...h][0].toString() : ''; }"
    )
    return text


def _word_time(recorded: Recorded, session: Session, word: str, nth: int = 0) -> float:
    from sqlalchemy import select

    from mutualscope.storage.recordings import RecordingWord

    text = recorded.document.text
    at = -1
    for _ in range(nth + 1):
        at = text.index(word, at + 1)
    return float(
        session.scalars(
            select(RecordingWord.time_start).where(
                RecordingWord.document_id == recorded.document.id, RecordingWord.start == at
            )
        ).one()
    )


def test_browser_listening_click_a_word_plays_from_it_and_the_highlight_follows(
    page: Page, server: str, recorded: Recorded, session: Session
) -> None:
    _open(page, server, recorded)
    expected = _word_time(recorded, session, "funding", 1)

    _click_word(page, "funding", 1)

    now = page.evaluate("document.getElementById('audio').currentTime")
    assert expected <= now < expected + 1.0
    expect(page.locator("#transcript")).to_have_attribute(
        "data-playing", str(recorded.document.text.index("funding came"))
    )
    assert _now_playing(page) == "funding"
    until(page, "!document.getElementById('audio').paused")
    # As the recording plays on, the highlight moves to the words after it.
    until(
        page,
        "(() => { const h = CSS.highlights.get('now-playing');"
        " return h.size && ['came', 'from', 'a'].includes([...h][0].toString()); })()",
    )
    # A turn's time plays from the turn's start.
    page.locator("button.time").first.click()
    assert page.evaluate("document.getElementById('audio').currentTime") < 0.6
    assert _now_playing(page) == "How"


def test_browser_listening_shortcuts_and_not_while_typing(
    page: Page, server: str, recorded: Recorded
) -> None:
    _open(page, server, recorded)
    audio = "document.getElementById('audio')"
    _click_word(page, "member.")
    until(page, f"!{audio}.paused")
    page.keyboard.press("k")
    assert page.evaluate(f"{audio}.paused")
    before = page.evaluate(f"{audio}.currentTime")
    page.keyboard.press("j")
    assert page.evaluate(f"{audio}.currentTime") == pytest.approx(before - 5, abs=0.05)
    page.keyboard.press("]")
    page.keyboard.press("]")
    assert page.evaluate(f"{audio}.playbackRate") == 1.5
    assert page.locator("#player-speed").input_value() == "1.5"
    page.keyboard.press("[")
    assert page.evaluate(f"{audio}.playbackRate") == 1.25
    page.keyboard.press(" ")
    until(page, f"!{audio}.paused")
    page.keyboard.press(" ")
    assert page.evaluate(f"{audio}.paused")
    # Typing in the turn editor types; it does not play.
    turn = page.locator("section[data-turn]").nth(2)
    _edit(turn, "text")
    area = turn.locator(".turn-editor textarea")
    area.press("End")
    area.type(" jk[]")
    assert area.input_value() == "And the staff? jk[]"
    assert page.evaluate(f"{audio}.paused") and page.evaluate(f"{audio}.playbackRate") == 1.25


def test_browser_listening_unsure_words_are_marked_for_eyes_and_screen_readers(
    page: Page, server: str, recorded: Recorded
) -> None:
    _open(page, server, recorded, who="viewer")
    unsure = page.locator("#transcript .unsure")
    expect(unsure).to_have_count(2)
    expect(unsure.first).to_have_text("radar")
    expect(unsure.first).to_have_attribute("aria-description", "unsure: 31% confidence")
    style = unsure.nth(1).evaluate("e => getComputedStyle(e).textDecorationStyle")
    assert style == "dotted"
    # A viewer may listen but not correct.
    expect(page.locator('[data-edit="menu"]')).to_have_count(0)


def test_browser_listening_correct_a_word_and_the_coding_keeps_its_words(
    page: Page, server: str, recorded: Recorded, session: Session
) -> None:
    _open(page, server, recorded)
    funding = page.locator(f".hl.code-{recorded.codes['Funding'].id}")
    expect(funding).to_have_text(["The funding came from a social ", "investment", " fund."])
    turn = page.locator("section[data-turn]").nth(1)
    _edit(turn, "text")
    area = turn.locator(".turn-editor textarea")
    area.fill(area.input_value().replace("investment", "investors'"))
    area.press("Control+Enter")

    expect(page.locator("#edit-status")).to_contain_text("Funding reworded")
    expect(page.locator(".turn-editor")).to_have_count(0)
    funding_text = "".join(funding.all_text_contents())
    assert funding_text == "The funding came from a social investors' fund."
    radar = page.locator(f".hl.code-{recorded.codes['Freedom'].id}")
    assert "".join(radar.all_text_contents()) == "under the radar"
    # The corrected word plays from the old word's time and is no longer unsure.
    expect(page.locator("#transcript .unsure")).to_have_count(1)
    expected = _word_time(recorded, session, "investment")
    _click_word(page, "investors'")
    now = page.evaluate("document.getElementById('audio').currentTime")
    assert expected <= now < expected + 1.0

    # Split the interviewer's question out of the manager's turn and give it back.
    turn = page.locator("section[data-turn]").nth(1)
    _edit(turn, "split")
    expect(page.locator("#edit-status")).to_contain_text("Click the word")
    _click_word(page, "So")
    expect(page.locator("#edit-status")).to_contain_text("Turn 2 split in two")
    expect(page.locator("section[data-turn]")).to_have_count(6)
    question = page.locator("section[data-turn]").nth(2)
    expect(question.locator(".turn-text")).to_have_text(
        "So what about the funding? The funding came from a social investors' fund."
    )
    _edit(question, "speaker")
    question.locator(".speaker-editor input").fill("Speaker 1")
    question.locator(".speaker-editor input").press("Enter")
    expect(page.locator("section[data-turn]").nth(2).locator(".speaker")).to_have_text("Speaker 1")
    shot(page, "listening-after-edits")
    assert "".join(funding.all_text_contents()) == "The funding came from a social investors' fund."


def test_browser_listening_an_edit_after_someone_else_s_is_refused_with_their_name(
    page: Page, server: str, recorded: Recorded, session: Session
) -> None:
    _open(page, server, recorded)
    # The owner corrects another turn after the page was opened.
    first = load_document(session, recorded.document.id).segments[0]
    correct_turn(
        session, document=recorded.document.id, turn=first.id, text="How did it begin?",
        actor="owner",
    )  # fmt: skip
    turn = page.locator("section[data-turn]").nth(3)
    _edit(turn, "merge")
    status = page.locator("#edit-status")
    expect(status).to_contain_text("owner corrected the words of a turn (turn 1)")
    expect(status).to_contain_text("Nothing was saved")
    status.get_by_role("button", name="Reload the transcript").click()
    expect(page.locator("section[data-turn]").first.locator(".turn-text")).to_have_text(
        "How did it begin?"
    )


def test_browser_listening_screenshot(page: Page, server: str, recorded: Recorded) -> None:
    _open(page, server, recorded)
    _click_word(page, "did", 1)
    until(page, "[...CSS.highlights.get('now-playing')][0]?.toString() === 'radar'")
    page.keyboard.press("k")
    page.locator("section[data-turn]").nth(1).locator('[data-edit="menu"]').click()
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), clip={"x": 0, "y": 0, "width": 1280, "height": 720})
