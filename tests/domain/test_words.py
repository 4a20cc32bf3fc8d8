"""Folding, index text and word frequencies."""

from __future__ import annotations

from mutualscope.domain.words import count_frequencies, fold, index_body, index_terms, tokenise


def test_fold_lowercases_and_strips_accents() -> None:
    assert fold("Café NAÏVE Straße") == "cafe naive strasse"


def test_index_body_keeps_only_words() -> None:
    body = index_body("Spin-out, e.g. www.example.org (Café 2011)!")
    assert body.split() == ["spin", "out", "e", "g", "www", "example", "org", "cafe", "2011"]
    assert set(body) <= set("abcdefghijklmnopqrstuvwxyz0123456789 ")


def test_index_terms_split_like_the_index() -> None:
    assert index_terms("it's") == ["it", "s"]


def test_tokenise_keeps_apostrophes_for_counting() -> None:
    assert tokenise("We didn’t ask") == ["we", "didn't", "ask"]


def test_count_frequencies_leaves_out_stopwords_numbers_and_single_letters() -> None:
    counts = count_frequencies(["The surplus, the surplus and 2011 a x"], frozenset({"the", "and"}))
    assert counts == {"surplus": 2}
