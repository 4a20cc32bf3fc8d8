"""Keyword matching as a person would search for a code or a question: its content
words, each as a prefix (``partnerships`` -> ``partnershi*``, so the singular matches
too), scored by how many of them a passage contains. The baseline that suggestions are
measured against, and the full-text half of hybrid search."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from mutualscope.domain.searchquery import AnyOf, Query, Term
from mutualscope.domain.words import index_terms

#: Words no longer than this are matched whole; longer ones lose up to two letters.
SHORT = 4


def keyword_prefixes(text: str, stopwords: Collection[str]) -> list[str]:
    """The prefixes to search for: content words of ``text``, folded, without
    stopwords, numbers and one-letter words, once each, in order."""
    prefixes: list[str] = []
    for word in index_terms(text):
        if len(word) < 2 or word.isdigit() or word in stopwords:
            continue
        prefix = word if len(word) <= SHORT else word[: max(SHORT, len(word) - 2)]
        if prefix not in prefixes:
            prefixes.append(prefix)
    return prefixes


def keyword_query(prefixes: Sequence[str]) -> Query | None:
    """The full-text query finding passages with any of the prefixes."""
    terms = [Term((p,), prefix=True) for p in prefixes]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else AnyOf(tuple(terms))


def keyword_score(text: str, prefixes: Sequence[str]) -> tuple[int, int]:
    """(distinct prefixes found, words matched) in ``text``: more of the words first,
    then more occurrences."""
    words = index_terms(text)
    distinct = 0
    total = 0
    for prefix in prefixes:
        found = sum(1 for w in words if w.startswith(prefix))
        distinct += found > 0
        total += found
    return distinct, total
