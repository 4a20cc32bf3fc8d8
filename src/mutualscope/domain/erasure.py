"""Erasing spans of a text: each replaced by a marker, and every other offset moved.

``erase_spans(text, [(40, 95)])`` gives the new text, with ``[withdrawn]`` where
``text[40:95]`` was, and an :class:`Erasure` that maps offsets of the old text to the
new: a span outside the erased ones keeps exactly its words. :func:`quoted_spans` finds
where another text (a memo) quotes the erased words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mutualscope.domain.words import fold

WITHDRAWN = "[withdrawn]"
#: A memo quotes someone when it holds this many of their words in a row.
QUOTE_WORDS = 4

Span = tuple[int, int]
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class Erasure:
    """The erased spans of the old text, sorted and apart, and where each marker is in
    the new text."""

    text: str
    old: tuple[Span, ...]
    new: tuple[Span, ...]

    def _shift(self, i: int) -> int:
        """How far an offset after the i-th erased span (counting from 1) moves."""
        return 0 if i == 0 else self.new[i - 1][1] - self.old[i - 1][1]

    def start(self, offset: int) -> int:
        """Where a span starting at ``offset`` starts now: one starting inside an erased
        span starts after its marker."""
        i = bisect_right([s for s, _ in self.old], offset)
        if i and offset < self.old[i - 1][1]:
            return self.new[i - 1][1]
        return offset + self._shift(i)

    def end(self, offset: int) -> int:
        """Where a span ending at ``offset`` ends now: one ending inside an erased span
        ends before its marker."""
        i = bisect_right([s for s, _ in self.old], offset - 1)
        if i and offset <= self.old[i - 1][1]:
            return self.new[i - 1][0]
        return offset + self._shift(i)

    def span(self, start: int, end: int) -> Span | None:
        """The span now, or None when nothing of it is left."""
        new_start, new_end = self.start(start), self.end(end)
        return (new_start, new_end) if new_end > new_start else None

    def touches(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` of the old text overlaps an erased span."""
        i = bisect_right([s for s, _ in self.old], end - 1)
        return bool(i) and start < self.old[i - 1][1]


def erase_spans(text: str, spans: Iterable[Span], marker: str = WITHDRAWN) -> Erasure:
    """``text`` with each span (overlapping or touching ones joined, empty ones left
    alone) replaced by ``marker``."""
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if not 0 <= start < end <= len(text):
            raise ValueError(f"span {start}-{end} is outside a text of {len(text)} characters")
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[str] = []
    new: list[Span] = []
    last = 0
    length = 0
    for start, end in merged:
        pieces.append(text[last:start])
        length += start - last
        new.append((length, length + len(marker)))
        pieces.append(marker)
        length += len(marker)
        last = end
    pieces.append(text[last:])
    return Erasure("".join(pieces), tuple((s, e) for s, e in merged), tuple(new))


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(fold(m.group()).replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(text)]


def quoted_spans(text: str, sources: Sequence[str], *, words: int = QUOTE_WORDS) -> list[Span]:
    """Spans of ``text`` that quote any of ``sources``: runs of at least ``words`` words
    in a row from one source (compared folded: case, accents and curly apostrophes do
    not matter). A source shorter than that ("Yes, I agree.") is too common to look for."""
    known: set[tuple[str, ...]] = set()
    for source in sources:
        found = [w for w, _, _ in _words(source)]
        known.update(tuple(found[i : i + words]) for i in range(len(found) - words + 1))
    if not known:
        return []
    tokens = _words(text)
    folded = [w for w, _, _ in tokens]
    marked = [False] * len(tokens)
    for i in range(len(tokens) - words + 1):
        if tuple(folded[i : i + words]) in known:
            marked[i : i + words] = [True] * words
    spans: list[Span] = []
    for i, (_, start, end) in enumerate(tokens):
        if not marked[i]:
            continue
        if spans and i and marked[i - 1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans
