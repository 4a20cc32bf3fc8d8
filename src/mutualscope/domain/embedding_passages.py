"""The passages a sentence-embedding model reads: whole short turns, and long turns in
pieces of whole sentences.

A sentence-embedding model reads a few hundred word pieces at most (MiniLM: 256, trained
on 128), and one vector for a long answer blurs its several points together; so a turn
of more than :data:`PIECE_WORDS` words is cut into runs of whole sentences of about that
many words. Offsets are code points into the document's text, like every other offset.
"""

from __future__ import annotations

import re

#: Words in a passage before a long turn is cut, and the size its pieces aim for.
PIECE_WORDS = 60
#: A sentence shorter than this many words is never a piece of its own ("Yes.").
MIN_WORDS = 6

# A sentence ends at . ! ? or … (closing quotes and brackets kept with it) before white
# space, or at a line break.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n")
_WORD = re.compile(r"\S+")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text[start:end]``, without the space between them."""
    stop = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    position = start
    for found in _SENTENCE_END.finditer(text, start, stop):
        _add_trimmed(spans, text, position, found.end())
        position = found.end()
    _add_trimmed(spans, text, position, stop)
    return spans


def _add_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _word_count(text: str, span: tuple[int, int]) -> int:
    return sum(1 for _ in _WORD.finditer(text, span[0], span[1]))


def passage_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The passages of the turn ``text[start:end]``: the turn itself (trimmed) when it has
    at most :data:`PIECE_WORDS` words, else runs of whole sentences of about that many
    words, each of at least :data:`MIN_WORDS` words where the turn allows."""
    sentences = sentence_spans(text, start, end)
    if not sentences:
        return []
    counts = [_word_count(text, s) for s in sentences]
    if sum(counts) <= PIECE_WORDS:
        return [(sentences[0][0], sentences[-1][1])]
    pieces: list[list[int]] = []  # [first sentence, last sentence, words]
    for index, words in enumerate(counts):
        current = pieces[-1] if pieces else None
        if current is not None and (
            current[2] < MIN_WORDS or current[2] + words <= PIECE_WORDS or words < MIN_WORDS
        ):
            current[1] = index
            current[2] += words
        else:
            pieces.append([index, index, words])
    if len(pieces) > 1 and pieces[-1][2] < MIN_WORDS:
        last = pieces.pop()
        pieces[-1][1] = last[1]
    return [(sentences[first][0], sentences[last][1]) for first, last, _ in pieces]
