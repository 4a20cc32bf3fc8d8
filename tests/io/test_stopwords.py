"""The shipped English stopword list."""

from __future__ import annotations

from mutualscope.io.stopwords import english_stopwords


def test_english_stopwords_has_function_words_and_fillers() -> None:
    words = english_stopwords()
    assert {"the", "and", "don't", "um", "yeah"} <= words
    assert "innovation" not in words
    assert all(w == w.lower() and not w.startswith("#") for w in words)
