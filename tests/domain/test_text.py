"""Normalised text: NFC, \\n line ends, no BOM; word counts; positions."""

from __future__ import annotations

import unicodedata

from mutualscope.domain.text import count_words, line_and_column, normalise_text


def test_normalise_text_removes_bom_and_unifies_line_ends() -> None:
    assert normalise_text("\ufeffone\r\ntwo\rthree\u2028four") == "one\ntwo\nthree\nfour"


def test_normalise_text_composes_to_nfc() -> None:
    decomposed = "Cafe\u0301"
    result = normalise_text(decomposed)
    assert result == "Café"
    assert unicodedata.is_normalized("NFC", result)


def test_normalise_text_drops_control_characters_but_keeps_tabs() -> None:
    assert normalise_text("a\x00b\tc\x07") == "ab\tc"


def test_count_words_keeps_apostrophes_inside_words() -> None:
    assert count_words("We didn't ask permission — 2011.") == 5


def test_line_and_column_are_one_based() -> None:
    text = "first\nsecond line"
    assert line_and_column(text, 0) == (1, 1)
    assert line_and_column(text, text.index("line")) == (2, 8)
