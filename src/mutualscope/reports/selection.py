"""Which quotes a report prints for a code: a few, chosen the same way every time.

Written evidence gives "the voices of some of the leaders, staff and others": so the
choice prefers a role and a case not yet heard, then passages that read as whole
sentences of a quotable length, then document order. No randomness, so the same
project always gives the same report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SHORTEST = 40  # characters; shorter passages rarely stand alone as evidence
LONGEST = 700
_OPENERS = "\"'\u201c\u2018(["
_CLOSERS = ".!?\u2026\"'\u201d\u2019)"


@dataclass(frozen=True)
class Candidate:
    """A coded passage that could be quoted; ``key`` orders ties (document, start)."""

    text: str
    role: str | None
    case: str | None
    key: tuple[str, int]
    # Where the passage ends in its document (key[1] is where it starts).
    end: int | None = None


def _overlaps(a: Candidate, b: Candidate) -> bool:
    if a.key[0] != b.key[0] or a.end is None or b.end is None:
        return False
    return a.key[1] < b.end and b.key[1] < a.end


def clean_quote(text: str) -> str:
    """Whitespace collapsed, as a quote is printed."""
    return " ".join(text.split())


def whole_sentences(text: str) -> bool:
    """Starts like a sentence and ends like one."""
    words = text.strip()
    if not words:
        return False
    first, last = words[0], words[-1]
    starts = first.isupper() or first.isdigit() or first in _OPENERS
    return starts and last in _CLOSERS


def quality(text: str) -> int:
    """Higher is better: whole sentences, then a length that reads well on its own."""
    words = clean_quote(text)
    return _quality(words)


def _quality(words: str) -> int:
    score = 2 if whole_sentences(words) else 0
    if SHORTEST <= len(words) <= LONGEST:
        score += 1
    elif len(words) < SHORTEST:
        score -= 2
    return score


def choose_quotes(candidates: Sequence[Candidate], wanted: int) -> list[int]:
    """Indices of up to ``wanted`` candidates, in the order they should be printed."""
    if wanted <= 0:
        return []
    roles: set[str | None] = set()
    cases: set[str | None] = set()
    seen_texts: set[str] = set()
    chosen: list[int] = []
    cleaned = [clean_quote(c.text) for c in candidates]
    remaining = sorted(
        (i for i in range(len(candidates)) if cleaned[i]), key=lambda i: candidates[i].key
    )
    scores = {i: _quality(cleaned[i]) for i in remaining}
    while remaining and len(chosen) < wanted:

        def rank(i: int) -> tuple[int, tuple[str, int]]:
            # A new voice counts for more than polish, but not enough to pick a fragment
            # over a well-formed passage from a voice already heard.
            c = candidates[i]
            novelty = (c.role not in roles) + (c.case not in cases)
            return (-(2 * novelty + scores[i]), c.key)

        best = min(remaining, key=rank)
        remaining.remove(best)
        text = cleaned[best]
        # Two coders' codings of one passage are one passage: never quote it twice.
        if text in seen_texts or any(_overlaps(candidates[best], candidates[i]) for i in chosen):
            continue
        seen_texts.add(text)
        chosen.append(best)
        roles.add(candidates[best].role)
        cases.add(candidates[best].case)
    return chosen
