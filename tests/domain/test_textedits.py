"""The offset map of a text edit: spans keep their words, move, or are cut."""

from __future__ import annotations

import pytest

from mutualscope.domain.textedits import Replacement, TextEdit, tokens, word_replacements

TEXT = "Speaker 1: We did it under the radar 😀 and all.\n\nSpeaker 2: Right."


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_textedits_word_replacements_replace_whole_words_only() -> None:
    old = "under the radar 😀 and all"
    new = "under the Radar 😀 and all of it"
    found = word_replacements(old, new, offset=100)
    assert found == [
        Replacement(110, 115, "Radar"),
        Replacement(125, 125, " of it"),  # 25 code points, not 26 UTF-16 units
    ]
    assert TextEdit(found).apply("x" * 100 + old)[100:] == new
    assert "".join(tokens(old)) == old


def test_textedits_span_after_a_corrected_word_moves_and_keeps_its_words() -> None:
    turn = _span(TEXT, "We did it under the radar 😀 and all.")
    edit = TextEdit(
        word_replacements(
            TEXT[turn[0] : turn[1]], "We did it under the big radar 😀 and all.", turn[0]
        )
    )
    new = edit.apply(TEXT)
    s, e = _span(TEXT, "Right.")
    fate = edit.span(TEXT, s, e)
    assert fate.fate == "moved" and new[fate.start : fate.end] == "Right."
    # A coding on the emoji and the words after it: code points, not UTF-16 units.
    s, e = _span(TEXT, "😀 and all")
    fate = edit.span(TEXT, s, e)
    assert new[fate.start : fate.end] == "😀 and all"


def test_textedits_word_inserted_at_a_span_edge_stays_outside_it() -> None:
    s, e = _span(TEXT, "radar")
    edit = TextEdit([Replacement(s, s, "big "), Replacement(e, e, " screen")])
    fate = edit.span(TEXT, s, e)
    new = edit.apply(TEXT)
    assert new[fate.start : fate.end] == "radar" and fate.fate == "moved"
    assert "under the big radar screen 😀" in new


def test_textedits_word_corrected_inside_a_span_rewords_it() -> None:
    s, e = _span(TEXT, "under the radar")
    r = _span(TEXT, "the")
    edit = TextEdit([Replacement(r[0], r[1], "their")])
    fate = edit.span(TEXT, s, e)
    assert fate.fate == "reworded"
    assert edit.apply(TEXT)[fate.start : fate.end] == "under their radar"


def test_textedits_replacement_across_a_span_end_cuts_it() -> None:
    # A coding that begins half-way through "radar", which is rewritten.
    s, e = _span(TEXT, "dar 😀")
    r = _span(TEXT, "radar")
    fate = TextEdit([Replacement(r[0], r[1], "radius")]).span(TEXT, s, e)
    assert fate.fate == "cut"
    # A coding whose words are all deleted is cut too.
    s, e = _span(TEXT, "radar")
    assert TextEdit([Replacement(s - 1, e, "")]).span(TEXT, s, e).fate == "cut"


def test_textedits_span_ending_in_replaced_whitespace_keeps_its_words() -> None:
    s, e = _span(TEXT, "and all.\n")
    gap = _span(TEXT, "\n\n")
    edit = TextEdit([Replacement(gap[0], gap[1], " ")])
    fate = edit.span(TEXT, s, e)
    new = edit.apply(TEXT)
    assert new[fate.start : fate.end] == "and all." and fate.fate == "moved"


def test_textedits_label_removed_inside_a_span_relabels_it_and_edges_snap() -> None:
    gap = _span(TEXT, "\n\nSpeaker 2: ")
    edit = TextEdit([Replacement(gap[0], gap[1], " ", spoken=False)])
    new = edit.apply(TEXT)
    assert new.endswith("and all. Right.")
    across = edit.span(TEXT, *_span(TEXT, "all.\n\nSpeaker 2: Right"))
    assert across.fate == "relabelled" and new[across.start : across.end] == "all. Right"
    # A coding that took in the next speaker's label begins at their words now.
    labelled = edit.span(TEXT, *_span(TEXT, "Speaker 2: Right."))
    assert new[labelled.start : labelled.end] == "Right." and labelled.fate == "moved"


def test_textedits_overlapping_replacements_are_refused() -> None:
    with pytest.raises(ValueError, match="overlap"):
        TextEdit([Replacement(0, 5, "a"), Replacement(3, 8, "b")])
    with pytest.raises(ValueError, match="overlap"):
        TextEdit([Replacement(3, 3, "a"), Replacement(3, 3, "b")])
