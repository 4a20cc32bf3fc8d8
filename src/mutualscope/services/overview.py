"""What a project holds, counted: the dashboard's first row."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from mutualscope.storage.models import (
    Case,
    Code,
    Coding,
    Document,
    Memo,
    Organisation,
    Participant,
    User,
)


@dataclass(frozen=True)
class ProjectCounts:
    organisations: int
    cases: int
    participants: int
    documents: int
    words: int
    codes: int
    codings: int
    coders: int
    memos: int
    users: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _count(session: Session, expression: Any) -> int:
    return int(session.scalar(select(expression)) or 0)


def project_counts(session: Session, *, coder: str | None = None) -> ProjectCounts:
    """The project's totals; with ``coder``, its codings and coders are only that
    coder's (a coder on a blind project sees only their own)."""
    codings = select(func.count(Coding.id))
    coders = select(func.count(distinct(Coding.coder_id)))
    if coder is not None:
        mine = Coding.coder_id.in_(select(User.id).where(User.name == coder))
        codings, coders = codings.where(mine), coders.where(mine)
    return ProjectCounts(
        organisations=_count(session, func.count(Organisation.id)),
        cases=_count(session, func.count(Case.id)),
        participants=_count(session, func.count(Participant.id)),
        documents=_count(session, func.count(Document.id)),
        words=_count(session, func.coalesce(func.sum(Document.word_count), 0)),
        codes=_count(session, func.count(Code.id)),
        codings=int(session.scalar(codings) or 0),
        coders=int(session.scalar(coders) or 0),
        memos=_count(session, func.count(Memo.id)),
        users=_count(session, func.count(User.id)),
    )
