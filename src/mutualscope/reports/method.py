"""The method paragraph's figures: case studies, interviews, people interviewed by role,
and the period of the fieldwork, each counted by one query kept as its provenance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from mutualscope.domain.attribution import role_reference
from mutualscope.domain.roles import default_role, role_key
from mutualscope.reports.provenance import Provenance, Sourced
from mutualscope.reports.reader import MarkdownText, escape_markdown
from mutualscope.storage.cases import Case, Participant
from mutualscope.storage.documents import Document, Segment

INTERVIEW_KINDS = ("interview", "focus-group")
RESEARCH_ROLES = ("interviewer",)


def role_label(role: str) -> str:
    """A role as a table names it: the vocabulary's label ("Chief executive (CEO)")."""
    known = default_role(role_key(role))
    return known.label if known is not None else (role_reference(role) or role)


def _month(day: date) -> str:
    return day.strftime("%B %Y")


@dataclass(frozen=True)
class RoleCount:
    role: str
    label: str
    external: bool
    people: int
    interviews: int


@dataclass(frozen=True)
class Method:
    cases: Sourced
    interviews: Sourced
    people: Sourced
    internal: Sourced
    external: Sourced
    roles: list[RoleCount]
    roles_source: str | None
    period: str | None

    def roles_table(self) -> MarkdownText:
        """People interviewed and the interviews they spoke in, by role."""
        lines = [
            "| Role | Inside or outside the case | People | Interviews |",
            "|---|---|---:|---:|",
        ]
        for row in self.roles:
            where = "outside" if row.external else "inside"
            lines.append(
                f"| {escape_markdown(row.label)} | {where} | {row.people:,} | {row.interviews:,} |"
            )
        caption = "[People interviewed, by role]" if self.roles_source else "People interviewed"
        link = f"(#src-{self.roles_source})" if self.roles_source else ""
        lines.append(f"Table: {caption}{link}")
        return MarkdownText("\n".join(lines))


def count_method(session: Session, provenance: Provenance, period: str | None) -> Method:
    """Counts of cases, interviews and interviewees for the method paragraph."""
    number = provenance.number
    cases_q = select(func.count(Case.id))
    cases = number(session.scalar(cases_q) or 0, "case studies in the project", cases_q)
    interviews_q = select(func.count(Document.id)).where(Document.kind.in_(INTERVIEW_KINDS))
    interviews = number(
        session.scalar(interviews_q) or 0, "interviews and focus groups", interviews_q
    )
    speaking = (
        select(
            Participant.role,
            Participant.external,
            func.count(distinct(Participant.id)).label("people"),
            func.count(distinct(Segment.document_id)).label("interviews"),
        )
        .join(Segment, Segment.participant_id == Participant.id)
        .join(Document, Document.id == Segment.document_id)
        .where(Document.kind.in_(INTERVIEW_KINDS), Participant.role.notin_(RESEARCH_ROLES))
        .group_by(Participant.role, Participant.external)
        .order_by(
            Participant.external, func.count(distinct(Participant.id)).desc(), Participant.role
        )
    )
    roles = []
    for row in session.execute(speaking):
        label = role_label(row.role)
        roles.append(
            RoleCount(
                role=row.role,
                label=label,
                external=bool(row.external),
                people=int(row.people),
                interviews=int(row.interviews),
            )
        )
    people_q = (
        select(Participant.external, func.count(distinct(Participant.id)))
        .join(Segment, Segment.participant_id == Participant.id)
        .join(Document, Document.id == Segment.document_id)
        .where(Document.kind.in_(INTERVIEW_KINDS), Participant.role.notin_(RESEARCH_ROLES))
        .group_by(Participant.external)
    )
    by_side = {bool(ext): n for ext, n in session.execute(people_q)}
    internal = number(by_side.get(False, 0), "people interviewed inside the cases", people_q)
    external = number(by_side.get(True, 0), "people interviewed outside the cases", people_q)
    people = provenance.derived(
        internal.value + external.value,
        f"{internal.value + external.value:,}",
        "people interviewed",
        [internal, external],
    )
    return Method(
        cases=cases,
        interviews=interviews,
        people=people,
        internal=internal,
        external=external,
        roles=roles,
        roles_source=provenance.table(
            "People interviewed and the interviews they spoke in, by role", speaking
        )
        if roles
        else None,
        period=period or _fieldwork_period(session),
    )


def _fieldwork_period(session: Session) -> str | None:
    first, last = session.execute(
        select(func.min(Document.document_date), func.max(Document.document_date)).where(
            Document.kind.in_(INTERVIEW_KINDS)
        )
    ).one()
    if first is None or last is None:
        return None
    if (first.year, first.month) == (last.year, last.month):
        return _month(first)
    return f"{_month(first)} to {_month(last)}"
