"""Search query parsing: words, phrases, prefixes, AND/OR/NOT, parentheses."""

from __future__ import annotations

import re

import pytest

from mutualscope.domain.searchquery import (
    AllOf,
    AnyOf,
    QuerySyntaxError,
    Term,
    Without,
    parse_query,
    positive_terms,
    term_pattern,
)


def test_parse_query_words_are_and() -> None:
    assert parse_query("social value") == AllOf((Term(("social",)), Term(("value",))))


def test_parse_query_phrase_and_prefix() -> None:
    assert parse_query('"Under the Radar"') == Term(("under", "the", "radar"))
    assert parse_query("innovat*") == Term(("innovat",), prefix=True)
    assert parse_query('"social val"*') == Term(("social", "val"), prefix=True)


def test_parse_query_hyphenated_word_is_a_phrase() -> None:
    assert parse_query("spin-out") == Term(("spin", "out"))


def test_parse_query_or_binds_looser_than_and() -> None:
    assert parse_query("a b OR c") == AnyOf((AllOf((Term(("a",)), Term(("b",)))), Term(("c",))))


def test_parse_query_not_and_parentheses() -> None:
    assert parse_query("(risk OR surplus) NOT commissioner") == Without(
        AnyOf((Term(("risk",)), Term(("surplus",)))), Term(("commissioner",))
    )


@pytest.mark.parametrize(
    ("minus", "written_out"),
    [
        ("surplus -tender", "surplus NOT tender"),
        ("-tender surplus", "surplus NOT tender"),
        ('surplus -"staff council"', 'surplus NOT "staff council"'),
        ("surplus -tender*", "surplus NOT tender*"),
        ("surplus -(tender OR bid)", "surplus NOT (tender OR bid)"),
        ("surplus grant -tender -bid", "surplus grant NOT tender NOT bid"),
        ("(surplus -tender) OR grant", "(surplus NOT tender) OR grant"),
        ("surplus -spin-out", 'surplus NOT "spin out"'),
    ],
)
def test_parse_query_minus_excludes_like_not(minus: str, written_out: str) -> None:
    assert parse_query(minus) == parse_query(written_out)


def test_parse_query_hyphen_inside_or_alone_is_no_exclusion() -> None:
    assert parse_query("co-operative") == Term(("co", "operative"))
    assert parse_query("surplus - tender") == AllOf((Term(("surplus",)), Term(("tender",))))


def test_parse_query_lowercase_operators_are_words() -> None:
    assert parse_query("risk and reward") == AllOf(
        (Term(("risk",)), Term(("and",)), Term(("reward",)))
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty"),
        ("NOT risk", "position 1: NOT needs a word before it"),
        ('"open', "position 1: unclosed quote"),
        ("(risk OR", "position 9: expected a word"),
        ("risk )", "position 6: unexpected"),
        ("!!!", "no words"),
        ("-tender", "position 1: -tender excludes, and nothing is left to find"),
        ("risk OR -tender", "position 9: -tender excludes, and nothing is left to find"),
        ("risk NOT -tender", "position 10: '-' cannot follow NOT"),
    ],
)
def test_parse_query_errors_say_where(query: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=re.escape(message)):
        parse_query(query)


def test_positive_terms_skip_negated() -> None:
    terms = positive_terms(parse_query("a NOT b OR c"))
    assert terms == [Term(("a",)), Term(("c",))]
    assert positive_terms(parse_query("a -b c")) == [Term(("a",)), Term(("c",))]


def test_term_pattern_matches_raw_text() -> None:
    pattern = re.compile(term_pattern(Term(("under", "the", "radar"))), re.IGNORECASE)
    assert pattern.search("done Under-the\nradar here")
    prefix = re.compile(term_pattern(Term(("innovat",), True)), re.IGNORECASE)
    assert prefix.search("Innovations").group(0) == "Innovations"
    assert not prefix.search("reinnovate")
