"""Placing QualCoder codings by the words stored with them."""

from __future__ import annotations

from tests.io.qualcoder.builder import editor_position

from mutualscope.io.qualcoder.placement import (
    DOUBTFUL,
    EDITOR,
    EXACT,
    MOVED,
    NEAR,
    SourceText,
    place,
    words_key,
)

TEXT = "Intro 😀 then 𝔘nder the radar.\r\nCEO: we innovated 👩‍⚕️ a lot.\r\nEnd."


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_place_keeps_python_positions_that_hold_the_words() -> None:
    start, end = _span(TEXT, "we innovated")
    placement = place(SourceText(TEXT), start, end, "we innovated")
    assert (placement.start, placement.end, placement.how) == (start, end, EXACT)


def test_place_reads_editor_positions_after_emoji_and_crlf() -> None:
    start, end = _span(TEXT, "we innovated")
    qt0, qt1 = editor_position(TEXT, start), editor_position(TEXT, end)
    assert (qt0, qt1) != (start, end)  # two astral characters, one CR LF before it
    placement = place(SourceText(TEXT), qt0, qt1, "we innovated")
    assert placement.how == EDITOR
    assert TEXT[placement.start : placement.end] == "we innovated"


def test_place_matches_qt_paragraph_separators_to_crlf() -> None:
    words = "radar.\r\nCEO: we"
    start, end = _span(TEXT, words)
    qt0, qt1 = editor_position(TEXT, start), editor_position(TEXT, end)
    placement = place(SourceText(TEXT), qt0, qt1, "radar.\u2029CEO: we")
    assert placement.how == EDITOR
    assert TEXT[placement.start : placement.end] == words
    assert words_key(TEXT[placement.start : placement.end]) == "radar.\nCEO: we"


def test_place_moves_a_stale_coding_to_its_words_nearby() -> None:
    start, end = _span(TEXT, "a lot")
    placement = place(SourceText(TEXT), start - 9, end - 9, "a lot")
    assert placement.how == MOVED
    assert TEXT[placement.start : placement.end] == "a lot"
    assert placement.reason == "+9 characters"


def test_place_leaves_words_that_occur_twice_nearby_doubtful() -> None:
    text = "yes, and yes, and no"
    placement = place(SourceText(text), 14, 17, "yes")
    assert placement.how == DOUBTFUL
    assert (placement.start, placement.end) == (9, 12)  # the nearer one
    assert "occur 2 times" in placement.reason
    assert placement.alternatives[0][0] == "the same words at 0-3"


def test_place_leaves_words_found_only_far_away_doubtful() -> None:
    text = "x" * (NEAR + 50) + " the words"
    placement = place(SourceText(text), 0, 9, "the words")
    assert placement.how == DOUBTFUL
    assert text[placement.start : placement.end] == "the words"
    assert "occur once" in placement.reason


def test_place_leaves_words_that_are_nowhere_doubtful_at_their_positions() -> None:
    placement = place(SourceText(TEXT), 0, 5, "deleted words")
    assert placement.how == DOUBTFUL
    assert (placement.start, placement.end) == (0, 5)
    assert "nowhere in the source" in placement.reason
    assert placement.alternatives == (("QualCoder's text of the coding", "deleted words"),)


def test_place_without_stored_text_is_doubtful() -> None:
    placement = place(SourceText(TEXT), 0, 5, None)
    assert placement.how == DOUBTFUL
    assert "no text" in placement.reason
