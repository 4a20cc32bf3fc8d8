"""Words for counting and for the search index, folded the same way everywhere."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

_NON_WORD = re.compile(r"[\W_]+")
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_APOSTROPHE = re.compile(r"['’]")
# ASCII punctuation to spaces in one C-level pass; the regex handles the rest of Unicode.
_ASCII_NON_WORD = bytes(c if chr(c).isalnum() else 32 for c in range(256))


def fold(text: str) -> str:
    """Lower-case and strip diacritics, so "Café" and "cafe" are the same word."""
    text = text.casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def index_body(text: str) -> str:
    """The text as the full-text index sees it: folded words separated by spaces.

    Both backends index this form, not the raw text, so SQLite FTS5 and PostgreSQL's
    parser see identical tokens (no URLs, e-mail addresses or hyphenated compounds that
    the two parsers would split differently) and return the same hits.
    """
    folded = fold(text)
    if folded.isascii():
        return folded.encode("ascii").translate(_ASCII_NON_WORD).decode("ascii").strip()
    return " ".join(_NON_WORD.sub(" ", folded).split())


def index_terms(text: str) -> list[str]:
    """The index tokens of a piece of query text, in order."""
    return index_body(text).split()


def tokenise(text: str) -> list[str]:
    """Words for frequency counts: folded, apostrophes kept inside ("don't")."""
    return [_APOSTROPHE.sub("'", w) for w in _TOKEN.findall(fold(text))]


def count_frequencies(
    texts: Iterable[str], stopwords: frozenset[str], *, min_length: int = 2
) -> Counter[str]:
    """Word counts over texts, leaving out stopwords, numbers and very short words."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(
            w
            for w in tokenise(text)
            if len(w) >= min_length and w not in stopwords and not w.isdigit()
        )
    return counts
