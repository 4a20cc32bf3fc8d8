"""Case studies and the people interviewed in them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mutualscope.storage.base import NEVER_REUSED_IDS, Base, GuidMixin, TimestampMixin

if TYPE_CHECKING:
    from mutualscope.storage.organisations import Organisation


class Case(GuidMixin, TimestampMixin, Base):
    """A case study ("Case 6"), usually of one organisation."""

    __tablename__ = "case_study"
    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(200), unique=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str | None] = mapped_column(Text)
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)

    organisation: Mapped[Organisation | None] = relationship()
    participants: Mapped[list[Participant]] = relationship(back_populates="case")


class Participant(GuidMixin, TimestampMixin, Base):
    """A person interviewed, known by a label and a role; a real name is optional."""

    __tablename__ = "participant"
    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(100), index=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_study.id", ondelete="SET NULL"), index=True
    )
    external: Mapped[bool] = mapped_column(Boolean, default=False)
    real_name: Mapped[str | None] = mapped_column(String(300))
    # given | withdrawn | unknown
    consent: Mapped[str] = mapped_column(String(20), default="given")
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)

    case: Mapped[Case | None] = relationship(back_populates="participants")
