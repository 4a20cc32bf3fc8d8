"""What an embedding model is to the rest of mutualscope, and which one is used."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from mutualscope.errors import InvalidInput

#: The model ``assist`` uses unless told otherwise (docs/assist.md says why this one).
DEFAULT_MODEL = "all-MiniLM-L6-v2-int8"

Vectors = npt.NDArray[np.float32]
#: ``(done, total)`` passages, after each batch.
Progress = Callable[[int, int], None]


class EmbeddingModel(Protocol):
    """Turns texts into unit-length float32 vectors; the same text, the same vector."""

    @property
    def name(self) -> str: ...

    @property
    def dimensions(self) -> int: ...

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> Vectors:
        """One row per text, in order, each of length 1 (cosine = dot product)."""
        ...


def text_hash(text: str) -> str:
    """The key a passage's vector is cached under, with the model's name."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def load_model(name: str | None = None) -> EmbeddingModel:
    """The packaged model called ``name`` (default :data:`DEFAULT_MODEL`), ready to run."""
    chosen = name or DEFAULT_MODEL
    if chosen != DEFAULT_MODEL:
        raise InvalidInput(
            f"Unknown embedding model {chosen!r}: the one model shipped is {DEFAULT_MODEL!r}."
        )
    from mutualscope.io.embeddings.extra import require_assist
    from mutualscope.io.embeddings.minilm import MiniLM

    require_assist()
    return MiniLM.load()
