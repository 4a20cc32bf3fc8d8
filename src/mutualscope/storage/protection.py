"""Participant protection beside the transcripts: findings under review, the project's
pseudonyms and the pseudonymised layer.

- :class:`ProtectionFinding`: a stretch of a document that may be personal data, found
  by a scan (``proposed``) or added by a reviewer (``added``), and the reviewer's
  decision (``accepted``, ``rejected``). ``text_hash`` is the hash of the document text
  the offsets point into: a finding whose hash differs from the text's is stale. When a
  document's text changes, the database deletes its findings whose words the new text
  no longer holds (migration 0011): a withdrawal leaves none of the erased words here.
- :class:`Pseudonym`: what one original (a name, a place ...) becomes, the same in every
  document of the project. ``key`` is the original as compared (case and possessive
  folded); ``edited`` marks replacements a person chose.
- :class:`ProtectedText`: a document's pseudonymised text, derived from the original and
  never written over it, with the spans it replaced (its offset map). The database
  deletes it when the document's text changes (migration 0011), so no pseudonymised
  text outlives the words it was made from.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from mutualscope.storage.base import NEVER_REUSED_IDS, Base, utcnow

PROPOSED, ACCEPTED, REJECTED, ADDED = "proposed", "accepted", "rejected", "added"
FINDING_STATUSES = (PROPOSED, ACCEPTED, REJECTED, ADDED)
#: Where a stored finding came from: the scan's sources, or a reviewer.
FINDING_SOURCES = ("rule", "gazetteer", "lexicon", "model", "reviewer")


class ProtectionFinding(Base):
    """A possible identifier in a document and the decision on it."""

    __tablename__ = "protection_finding"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(12))
    rule: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(10), default=PROPOSED)
    reviewer: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None] = mapped_column()
    #: sha256 of the document text the offsets point into.
    text_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("document_id", "start", "end", "kind"),
        Index("ix_protection_finding_status", "status"),
        CheckConstraint("status IN ('proposed', 'accepted', 'rejected', 'added')", name="status"),
        CheckConstraint(
            "source IN ('rule', 'gazetteer', 'lexicon', 'model', 'reviewer')", name="source"
        ),
        CheckConstraint('start >= 0 AND "end" > start', name="span_order"),
        NEVER_REUSED_IDS,
    )


class Pseudonym(Base):
    """What an original becomes everywhere in the project."""

    __tablename__ = "pseudonym"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(300))
    original: Mapped[str] = mapped_column(String(300))
    replacement: Mapped[str] = mapped_column(String(200))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("kind", "key"), NEVER_REUSED_IDS)


class ProtectedText(Base):
    """A document's pseudonymised text and its offset map."""

    __tablename__ = "protected_text"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text, deferred=True)
    #: The replaced spans, [original start, original end, new start, new end], in order.
    spans: Mapped[list[list[int]]] = mapped_column(JSON)
    #: sha256 of the original text it was made from.
    source_hash: Mapped[str] = mapped_column(String(64))
    built_by: Mapped[str | None] = mapped_column(String(200))
    built_at: Mapped[datetime] = mapped_column(default=utcnow)
