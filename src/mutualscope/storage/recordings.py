"""Recordings kept with the project, and the times of a transcribed document's words.

A recording is stored once per content, in the database, as a row of facts and its bytes
in chunks of :data:`CHUNK_BYTES`; a document refers to it by checksum
(``document.audio_ref = "sha256:<hex>"``). In the database rather than in files beside
it: the recording is written in the same transaction as its document (an import that
fails or is killed leaves neither), a team server on PostgreSQL has no folder its
clients share, and ``db backup`` copies it with everything else. Chunks, so that neither
storing nor playing a long recording holds it in memory whole, and a player asking for
a range of bytes reads only the chunks it covers.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Float, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from mutualscope.storage.base import NEVER_REUSED_IDS, Base, utcnow

CHUNK_BYTES = 1024 * 1024
#: How ``document.audio_ref`` names a stored recording: this prefix and its SHA-256.
REF_PREFIX = "sha256:"


class Recording(Base):
    """An audio file kept with the project, once per content (its SHA-256)."""

    __tablename__ = "recording"
    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    checksum: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(500))
    media_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    duration: Mapped[float] = mapped_column(Float)  # seconds, as decoded
    codec: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecordingChunk(Base):
    """``CHUNK_BYTES`` of a recording, in order of ``position`` (the last may be shorter)."""

    __tablename__ = "recording_chunk"

    recording_id: Mapped[int] = mapped_column(
        ForeignKey("recording.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))


class RecordingWord(Base):
    """A word of a transcribed document: ``document.text[start:end]``, said from
    ``time_start`` to ``time_end`` seconds into its recording, with the speech model's
    confidence in it (0 to 1; None when not known)."""

    __tablename__ = "recording_word"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    time_start: Mapped[float] = mapped_column(Float)
    time_end: Mapped[float] = mapped_column(Float)
    probability: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (Index("ix_recording_word_document_start", "document_id", "start"),)
