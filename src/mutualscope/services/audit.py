"""The audit trail: every change made through the services is recorded."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.storage.users import AuditEvent


def record_event(
    session: Session,
    *,
    action: str,
    entity_type: str,
    entity_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor: str | None = None,
) -> AuditEvent:
    """Add an audit event to the session; the calling service commits it with its change."""
    event = AuditEvent(
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        before=before,
        after=after,
        actor=actor,
    )
    session.add(event)
    return event


def list_events(session: Session, *, limit: int = 100) -> list[AuditEvent]:
    """The newest events first."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    return list(session.scalars(query))
