"""The English stopword list shipped in the package."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def english_stopwords() -> frozenset[str]:
    """Function words and transcript fillers ("um", "yeah") left out of word counts."""
    text = resources.files("mutualscope.io").joinpath("data/stopwords-en.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
