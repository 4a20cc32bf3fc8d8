"""Local assistance beside the data: passage vectors and coding suggestions.

- :class:`PassageEmbedding`: one passage of a speaker turn (the whole turn, or a run of
  whole sentences of a long one) with its vector from a named model, little-endian
  float32 bytes, unit length. Cached by the text's hash and the model's name: text seen
  before is never embedded twice. The database deletes the vectors of a document whose
  text changes and of a turn that moves (migration 0010), so no vector outlives the
  words it was computed from (a withdrawal erases words: their vectors go with them).
- :class:`AssistSuggestion`: a passage suggested for a code, and what a person decided:
  ``open``, ``accepted`` (the ordinary coding it became) or ``rejected`` (never suggested
  for that code again, and a counter-example for later suggestions).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from mutualscope.storage.base import NEVER_REUSED_IDS, Base, utcnow

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

OPEN, ACCEPTED, REJECTED = "open", "accepted", "rejected"
STATUSES = (OPEN, ACCEPTED, REJECTED)
# numpy's name for little-endian float32; numpy itself is imported by the two functions
# that need it, so that every command that opens a project (all mappers are loaded then)
# does not load it.
VECTOR_DTYPE = "<f4"


def vector_bytes(vector: npt.NDArray[np.float32]) -> bytes:
    """A vector as stored: little-endian float32 on every machine and backend."""
    import numpy as np

    return np.ascontiguousarray(vector, dtype=VECTOR_DTYPE).tobytes()


def vectors_from_bytes(blobs: list[bytes], dimensions: int) -> npt.NDArray[np.float32]:
    """Stored vectors back as one (rows, dimensions) float32 matrix."""
    import numpy as np

    if not blobs:
        return np.zeros((0, dimensions), dtype=np.float32)
    matrix = np.frombuffer(b"".join(blobs), dtype=VECTOR_DTYPE).reshape(len(blobs), -1)
    return matrix.astype(np.float32, copy=False)


class PassageEmbedding(Base):
    """A passage's vector: where it is, the model, the hash of its text."""

    __tablename__ = "passage_embedding"

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segment.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    model: Mapped[str] = mapped_column(String(100))
    text_hash: Mapped[str] = mapped_column(String(32))
    vector: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (
        Index("ix_passage_embedding_model_hash", "model", "text_hash"),
        Index("ix_passage_embedding_segment_id", "segment_id"),
        Index("ix_passage_embedding_document_id", "document_id"),
    )


class AssistSuggestion(Base):
    """A suggested coding and the decision on it; accepted ones name their coding."""

    __tablename__ = "assist_suggestion"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    segment_id: Mapped[int | None] = mapped_column(
        ForeignKey("segment.id", ondelete="SET NULL"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text_hash: Mapped[str] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(100))
    method: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(10), default=OPEN)
    coding_id: Mapped[int | None] = mapped_column(
        ForeignKey("coding.id", ondelete="SET NULL"), index=True
    )
    #: Who accepted or rejected it (the audit trail's actor name) and when.
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        Index("ix_assist_suggestion_code_status", "code_id", "status"),
        Index("ix_assist_suggestion_document_id", "document_id"),
        CheckConstraint("status IN ('open', 'accepted', 'rejected')", name="status"),
        NEVER_REUSED_IDS,
    )
