"""What each participant agreed to: one consent record per participant.

Four scopes, each ``granted``, ``refused`` or ``unknown``: taking part in the interview,
being quoted (reports refuse quotes without it), archiving (deposit of the anonymised
transcripts) and reuse by other researchers. A participant without a record has every
scope unknown. Earlier values are kept in the audit trail, not here.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from mutualscope.storage.base import Base, utcnow

GRANTED, REFUSED, UNKNOWN = "granted", "refused", "unknown"
ANSWERS = (GRANTED, REFUSED, UNKNOWN)
SCOPES = ("interview", "quoting", "archiving", "reuse")


def _one_of_answers(column: str) -> CheckConstraint:
    values = ", ".join(f"'{a}'" for a in ANSWERS)
    return CheckConstraint(f"{column} IN ({values})", name=column)


class ConsentRecord(Base):
    """A participant's consent: the four scopes, when it was given and the signed form."""

    __tablename__ = "consent_record"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True
    )
    interview: Mapped[str] = mapped_column(String(10), default=UNKNOWN)
    quoting: Mapped[str] = mapped_column(String(10), default=UNKNOWN)
    archiving: Mapped[str] = mapped_column(String(10), default=UNKNOWN)
    reuse: Mapped[str] = mapped_column(String(10), default=UNKNOWN)
    given_on: Mapped[date | None] = mapped_column(Date)
    #: Where the signed consent form is kept (a path or a reference), never its content.
    form: Mapped[str | None] = mapped_column(String(500))
    withdrawn_at: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = tuple(_one_of_answers(scope) for scope in SCOPES)
