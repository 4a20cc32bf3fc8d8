"""Case studies: each usually one organisation, holding participants and documents."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mutualscope.errors import Conflict, InvalidInput, NotFound
from mutualscope.services.audit import record_event
from mutualscope.storage.cases import Case, Participant
from mutualscope.storage.documents import Document
from mutualscope.storage.organisations import Organisation


@dataclass(frozen=True)
class CaseSummary:
    id: int
    label: str
    organisation: str | None
    description: str | None
    participants: int
    documents: int


def find_case(session: Session, label: str) -> Case:
    """The case with this label (case-insensitive), or NotFound naming the known ones."""
    case = session.scalar(select(Case).where(func.lower(Case.label) == label.strip().lower()))
    if case is None:
        known = ", ".join(session.scalars(select(Case.label).order_by(Case.label)))
        hint = f" Known cases: {known}." if known else " There are no cases yet."
        raise NotFound(f"No case {label!r}.{hint} Add one with `mutualscope cases add`.")
    return case


def find_organisation(session: Session, name: str) -> Organisation:
    """The registry organisation with this name (case-insensitive)."""
    matches = list(
        session.scalars(
            select(Organisation).where(func.lower(Organisation.name) == name.strip().lower())
        )
    )
    if not matches:
        raise NotFound(f"No organisation named {name!r} in the registry.")
    if len(matches) > 1:
        raise Conflict(f"{len(matches)} organisations are named {name!r}; rename one first.")
    return matches[0]


def add_case(
    session: Session,
    *,
    label: str,
    organisation: str | None = None,
    description: str | None = None,
    actor: str | None = None,
) -> Case:
    """Add a case study, optionally linked to a registry organisation by name."""
    label = label.strip()
    if not label:
        raise InvalidInput("A case needs a label, such as 'Case 1'.")
    if session.scalar(select(Case.id).where(func.lower(Case.label) == label.lower())):
        raise Conflict(f"There is already a case {label!r}.")
    org = find_organisation(session, organisation) if organisation else None
    case = Case(label=label, organisation_id=org.id if org else None, description=description)
    session.add(case)
    try:
        session.flush()
        record_event(
            session,
            action="create",
            entity_type="case",
            entity_id=case.id,
            after={"label": label, "organisation": org.name if org else None},
            actor=actor,
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return case


def list_cases(session: Session) -> list[CaseSummary]:
    """Every case with its organisation and counts of participants and documents."""
    people = (
        select(Participant.case_id, func.count().label("n"))
        .group_by(Participant.case_id)
        .subquery()
    )
    docs = select(Document.case_id, func.count().label("n")).group_by(Document.case_id).subquery()
    query = (
        select(
            Case.id,
            Case.label,
            Organisation.name,
            Case.description,
            func.coalesce(people.c.n, 0),
            func.coalesce(docs.c.n, 0),
        )
        .outerjoin(Organisation, Organisation.id == Case.organisation_id)
        .outerjoin(people, people.c.case_id == Case.id)
        .outerjoin(docs, docs.c.case_id == Case.id)
        .order_by(Case.label)
    )
    return [CaseSummary(*row) for row in session.execute(query)]
