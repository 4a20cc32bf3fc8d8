"""The project's content keyed by GUID, for comparing a project before and after a
round trip through REFI-QDA (ids differ; GUIDs, texts and offsets must not)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from tests.audit_trail import empty_audit_trail

from mutualscope.storage.models import (
    AuditEvent,
    Base,
    Case,
    Code,
    Coding,
    Document,
    Memo,
    Organisation,
    Participant,
    Segment,
    User,
)

REPORT_TITLE = "REFI-QDA import:"


def _utc(value: datetime | None) -> str | None:
    if value is None:
        return None
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat()


def snapshot(session: Session) -> dict[str, Any]:
    session.expire_all()
    users = {u.id: u.guid.lower() for u in session.scalars(select(User))}
    codes = {c.id: c for c in session.scalars(select(Code))}
    docs = {d.id: d for d in session.scalars(select(Document))}
    cases = {c.id: c for c in session.scalars(select(Case))}
    codings = {c.id: c for c in session.scalars(select(Coding))}
    orgs = {o.id: o.name for o in session.scalars(select(Organisation))}

    def path(code: Code) -> tuple[str, ...]:
        parent = codes.get(code.parent_id) if code.parent_id else None
        return (*path(parent), code.name) if parent else (code.name,)

    return {
        "users": sorted((u.guid.lower(), u.name) for u in session.scalars(select(User))),
        "codes": sorted(
            (c.guid.lower(), path(c), c.definition, c.colour, c.codable) for c in codes.values()
        ),
        "documents": sorted(
            (
                d.guid.lower(),
                d.name,
                d.kind,
                d.text,
                d.length,
                cases[d.case_id].label if d.case_id else None,
            )
            for d in docs.values()
        ),
        "codings": sorted(
            (
                c.guid.lower(),
                docs[c.document_id].guid.lower(),
                codes[c.code_id].guid.lower(),
                c.start,
                c.end,
                docs[c.document_id].text[c.start : c.end],
                users.get(c.coder_id) if c.coder_id else None,
                _utc(c.created_at),
            )
            for c in codings.values()
        ),
        "memos": sorted(
            (
                m.guid.lower(),
                m.title,
                m.text,
                docs[m.document_id].guid.lower() if m.document_id else None,
                codes[m.code_id].guid.lower() if m.code_id else None,
                codings[m.coding_id].guid.lower() if m.coding_id else None,
                users.get(m.author_id) if m.author_id else None,
            )
            for m in session.scalars(select(Memo))
            if not (m.title or "").startswith(REPORT_TITLE)
        ),
        "cases": sorted(
            (
                c.guid.lower(),
                c.label,
                c.description,
                repr(c.attributes.get("variables")),
                orgs.get(c.organisation_id) if c.organisation_id else None,
            )
            for c in cases.values()
        ),
        "participants": sorted(
            (
                p.guid.lower(),
                p.label,
                p.role,
                cases[p.case_id].label if p.case_id else None,
                p.external,
                p.consent,
            )
            for p in session.scalars(select(Participant))
        ),
    }


def wipe(session: Session) -> None:
    """Empty every table (both backends), keeping the schema."""
    for table in reversed(Base.metadata.sorted_tables):
        if table.name != AuditEvent.__tablename__:
            session.execute(delete(table))
    session.commit()


def segments(session: Session) -> list[tuple[Any, ...]]:
    """Speaker turns with their document and participant, by GUID."""
    docs = {d.id: d.guid.lower() for d in session.scalars(select(Document))}
    people = {p.id: p.guid.lower() for p in session.scalars(select(Participant))}
    return sorted(
        (docs[s.document_id], s.start, s.end, s.speaker, people.get(s.participant_id or -1))
        for s in session.scalars(select(Segment))
    )


def wipe_all(session: Session) -> None:
    """Empty every table, the audit trail too: the project as a fresh one."""
    for table in reversed(Base.metadata.sorted_tables):
        if table.name != AuditEvent.__tablename__:
            session.execute(delete(table))
    empty_audit_trail(session.connection())
    session.commit()


def project_state(session: Session) -> dict[str, Any]:
    """Everything a re-run must reproduce: the content by GUID (coded words included),
    the number of rows in every table, and the titles of all memos."""
    state = snapshot(session)
    state["rows"] = {
        table.name: session.scalar(select(func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }
    state["memo titles"] = sorted(t or "" for t in session.scalars(select(Memo.title)))
    session.rollback()
    return state
