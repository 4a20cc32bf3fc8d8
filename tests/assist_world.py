"""Test helpers for local assistance: a deterministic fake embedding model and a
transcript built from turns, with the offsets worked out."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from sqlalchemy.orm import Session

from mutualscope.domain.words import index_terms
from mutualscope.storage.cases import Participant
from mutualscope.storage.documents import Document
from tests.factories import make_document

DIMENSIONS = 64


class FakeModel:
    """Bag of words: each word a fixed random direction (from its hash), a text the unit
    mean of its words'. Texts sharing words are alike; others are not. Records every
    text it was asked to embed."""

    name = "fake-bag-of-words"
    dimensions = DIMENSIONS

    def __init__(self, synonyms: dict[str, str] | None = None) -> None:
        self.calls: list[str] = []
        #: Words read as another word ("risks" as "risk"), to make paraphrases alike.
        self.synonyms = synonyms or {}

    def _word(self, word: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:8], "little")
        return np.random.default_rng(seed).standard_normal(DIMENSIONS)

    def embed(self, texts: Sequence[str], progress: object = None) -> np.ndarray:
        self.calls.extend(texts)
        rows = []
        for text in texts:
            words = [self.synonyms.get(w, w) for w in index_terms(text)]
            vector = sum((self._word(w) for w in words), np.zeros(DIMENSIONS))
            norm = np.linalg.norm(vector)
            rows.append(vector / norm if norm else vector)
        return np.array(rows, dtype=np.float32).reshape(len(texts), DIMENSIONS)


def make_transcript(
    session: Session,
    turns: Sequence[tuple[str, str]],
    *,
    name: str | None = None,
    participants: dict[str, Participant] | None = None,
    **fields: object,
) -> Document:
    """A document of ``Speaker: words`` lines, one turn per line, the label outside it."""
    text = ""
    spans: list[tuple[str | None, int, int]] = []
    for speaker, words in turns:
        text += f"{speaker}: "
        spans.append((speaker, len(text), len(text) + len(words)))
        text += words + "\n"
    return make_document(
        session, text=text, name=name, turns=spans, participants=participants, **fields
    )


class TableModel:
    """Vectors given by hand for each text (made unit length), for figures worked out
    on paper."""

    name = "table"

    def __init__(self, vectors: dict[str, Sequence[float]]) -> None:
        self.vectors = vectors
        self.dimensions = len(next(iter(vectors.values())))

    def embed(self, texts: Sequence[str], progress: object = None) -> np.ndarray:
        rows = np.array([self.vectors[t] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)
