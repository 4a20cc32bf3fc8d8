"""The text the search index stores for each passage, worked out without a connection.

A speaker turn is indexed as one passage, or as several when it is very long. Each
passage's body is its folded words (:func:`mutualscope.domain.words.index_body`); for
PostgreSQL, in the text form of a ``tsvector``, which ``COPY`` parses many times faster
than the server's ``to_tsvector`` runs. :mod:`mutualscope.storage.fulltext` writes them.
"""

from __future__ import annotations

from collections.abc import Iterable

from mutualscope.domain.words import index_body

MAX_POSITIONS = 255  # to_tsvector keeps at most this many positions of one lexeme
# About 1,700 words: far below PostgreSQL's 16,383 positions per passage, and few words
# come near its 255 positions per lexeme, which would make phrase hits differ.
MAX_PASSAGE_CHARS = 10_000
MAX_WORD_BYTES = 2047  # PostgreSQL's longest lexeme
_SURELY_SHORT = MAX_WORD_BYTES // 4  # characters that cannot pass it in UTF-8


def split_passage(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A turn's span cut into passages of at most MAX_PASSAGE_CHARS, at line or word ends."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_PASSAGE_CHARS:
        limit = start + MAX_PASSAGE_CHARS
        # Cut just after a line end, else after a space, else anywhere.
        cut = text.rfind("\n", start + 1, limit) + 1
        if cut <= start + 1:
            cut = text.rfind(" ", start + 1, limit) + 1
        if cut <= start + 1:
            cut = limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


#: One turn's passages, ready to index: (piece, body, start, stop), with the body in the
#: form the backend stores (folded words for FTS5, tsvector text for PostgreSQL).
Passages = list[tuple[int, str, int, int]]


def prepare_passages(
    doc_text: str, spans: Iterable[tuple[int, int]], backend: str
) -> list[Passages]:
    """The passages of each span of a text, for :func:`mutualscope.storage.fulltext.index_segments`.

    Needs no connection: an import prepares a file's passages in a worker process while
    the file before it is written (this folding is most of an import's own work).
    """
    tsvector = backend == "postgresql"
    prepared: list[Passages] = []
    for start, end in spans:
        if end - start <= MAX_PASSAGE_CHARS:
            body = index_body(doc_text[start:end])
            prepared.append([(0, tsvector_text(body) if tsvector else body, start, end)])
            continue
        pieces: Passages = []
        for piece, (p_start, p_end) in enumerate(split_passage(doc_text, start, end)):
            body = index_body(doc_text[p_start:p_end])
            pieces.append((piece, tsvector_text(body) if tsvector else body, p_start, p_end))
        prepared.append(pieces)
    return prepared


# Position numbers as text, made once: formatting them is a good part of the cost of
# writing an index row, and a passage of MAX_PASSAGE_CHARS rarely has more words.
_POSITION_TEXT = [str(n) for n in range(MAX_PASSAGE_CHARS + 2)]


def tsvector_text(body: str) -> str:
    """PostgreSQL's text form of ``to_tsvector('simple', body)`` for folded index text:
    each word with its 1-based positions, ``'radar':3 'the':2,5 'under':1``. Like
    to_tsvector, a word past MAX_WORD_BYTES is left out and takes no position (a
    tsvector cannot hold it)."""
    words = [
        w for w in body.split() if len(w) <= _SURELY_SHORT or len(w.encode()) <= MAX_WORD_BYTES
    ]
    numbers = _POSITION_TEXT
    if len(words) >= len(numbers):
        numbers = [str(n) for n in range(len(words) + 1)]
    positions: dict[str, list[str]] = {}
    for number, word in enumerate(words, start=1):
        found = positions.get(word)
        if found is None:
            positions[word] = [numbers[number]]
        else:
            found.append(numbers[number])
    return " ".join(
        ["'" + word + "':" + ",".join(found[:MAX_POSITIONS]) for word, found in positions.items()]
    )
