"""The registry: organisations, their services, and user-extensible vocabularies.

Text column lengths come from :mod:`mutualscope.domain.limits`, which imports check
before writing, so PostgreSQL (which enforces them) and SQLite (which does not) accept
the same values.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mutualscope.domain import limits
from mutualscope.storage.base import NEVER_REUSED_IDS, Base, GuidMixin, TimestampMixin


class Organisation(GuidMixin, TimestampMixin, Base):
    """A public service mutual (or any organisation studied). Missing values stay NULL."""

    __tablename__ = "organisation"
    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(limits.NAME_CHARS))
    # Lower-cased, punctuation-free name used to match re-imports.
    name_key: Mapped[str] = mapped_column(String(limits.NAME_CHARS), index=True)
    sector: Mapped[str | None] = mapped_column(String(100))
    region_code: Mapped[str | None] = mapped_column(String(9), index=True)
    region_derived: Mapped[bool] = mapped_column(Boolean, default=False)
    employees_min: Mapped[int | None] = mapped_column(Integer)
    employees_max: Mapped[int | None] = mapped_column(Integer)
    turnover_gbp: Mapped[int | None] = mapped_column(BigInteger)
    year_established: Mapped[int | None] = mapped_column(Integer)
    parent_body: Mapped[str | None] = mapped_column(String(limits.PARENT_BODY_CHARS))
    route: Mapped[str | None] = mapped_column(String(100))
    legal_form: Mapped[str | None] = mapped_column(String(100))
    asset_lock: Mapped[bool | None] = mapped_column(Boolean)
    staff_ownership_share: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str | None] = mapped_column(String(limits.STATUS_CHARS))
    website: Mapped[str | None] = mapped_column(String(limits.WEBSITE_CHARS))
    companies_house_number: Mapped[str | None] = mapped_column(
        String(limits.IDENTIFIER_CHARS), index=True
    )
    charity_number: Mapped[str | None] = mapped_column(String(limits.IDENTIFIER_CHARS), index=True)
    society_number: Mapped[str | None] = mapped_column(String(limits.IDENTIFIER_CHARS), index=True)
    ods_code: Mapped[str | None] = mapped_column(String(limits.IDENTIFIER_CHARS), index=True)
    postcode: Mapped[str | None] = mapped_column(String(limits.POSTCODE_CHARS))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)

    services: Mapped[list[OrganisationService]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", lazy="selectin"
    )


class OrganisationService(Base):
    """One service an organisation provides (a multi-valued field)."""

    __tablename__ = "organisation_service"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    service: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)

    organisation: Mapped[Organisation] = relationship(back_populates="services")


class VocabularyTerm(Base):
    """A user-extensible vocabulary entry: services, participant roles, ..."""

    __tablename__ = "vocabulary_term"

    id: Mapped[int] = mapped_column(primary_key=True)
    vocabulary: Mapped[str] = mapped_column(String(50))
    key: Mapped[str] = mapped_column(String(limits.TERM_KEY_CHARS))
    label: Mapped[str] = mapped_column(String(limits.TERM_LABEL_CHARS))
    description: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("vocabulary", "key"),)
