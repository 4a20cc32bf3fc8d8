"""Source texts, their original files and their speaker turns."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from mutualscope.storage.base import NEVER_REUSED_IDS, Base, GuidMixin, TimestampMixin

if TYPE_CHECKING:
    from mutualscope.storage.cases import Case, Participant


class Document(GuidMixin, TimestampMixin, Base):
    """A source text stored normalised: Unicode NFC, ``\\n`` line ends, no BOM.

    Offsets everywhere are Python string indices (code points) into ``text``.
    """

    __tablename__ = "document"
    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    # interview | focus-group | evidence | policy | other
    kind: Mapped[str] = mapped_column(String(30), default="interview")
    text: Mapped[str] = deferred(mapped_column(Text))
    length: Mapped[int] = mapped_column(Integer, default=0)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_study.id", ondelete="SET NULL"), index=True
    )
    source_format: Mapped[str | None] = mapped_column(String(20))
    checksum: Mapped[str | None] = mapped_column(String(64), index=True)
    document_date: Mapped[date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(20))
    audio_ref: Mapped[str | None] = mapped_column(String(500))
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)

    case: Mapped[Case | None] = relationship()
    segments: Mapped[list[Segment]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Segment.position",
    )


class DocumentFile(Base):
    """The original file a document was imported from, kept byte for byte."""

    __tablename__ = "document_file"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
    filename: Mapped[str] = mapped_column(String(500))
    media_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))


class Segment(Base):
    """A speaker turn: a span of the document text with its speaker and times."""

    __tablename__ = "segment"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str | None] = mapped_column(String(200))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    time_start: Mapped[float | None] = mapped_column(Float)
    time_end: Mapped[float | None] = mapped_column(Float)
    #: A turn table's cells that vary from turn to turn ({column: value}); None if none.
    attributes: Mapped[dict[str, Any] | None] = mapped_column()

    document: Mapped[Document] = relationship(back_populates="segments")
    participant: Mapped[Participant | None] = relationship()

    __table_args__ = (Index("ix_segment_document_start", "document_id", "start"),)
