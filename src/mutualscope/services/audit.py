"""The audit trail: every change made through the services is recorded.

Each service adds one event to the transaction of its change (:func:`record_event`), so
the event and the change are committed together or not at all. Events are only ever
inserted: no service updates or deletes one, and since migration 0009 a trigger on each
backend refuses to.

Who made a change: the ``actor`` a service is given; else the name the session acts for
(:func:`act_as`; the web app sets it to the signed-in user); else, for the command line
and scripts, ``MUTUALSCOPE_USER`` or the login name of the person running it.

An event keeps what a change replaced (``before``) and what it made (``after``), but
never words from a transcript: what a withdrawal erases must not survive in the trail.
"""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from mutualscope.errors import InvalidInput
from mutualscope.storage.users import AuditEvent

ACTOR_KEY = "mutualscope.actor"
USER_ENV = "MUTUALSCOPE_USER"
#: Columns of ``mutualscope audit`` and the keys of its JSON objects, in order.
EVENT_FIELDS = ("id", "at", "actor", "action", "kind", "entity_id", "before", "after")


def act_as(session: Session, name: str) -> None:
    """Record ``name`` as the actor of the changes made in this session from now on."""
    session.info[ACTOR_KEY] = name


def command_line_actor() -> str:
    """Who runs a command or script: ``MUTUALSCOPE_USER``, else the login name."""
    named = os.environ.get(USER_ENV, "").strip()
    if named:
        return named
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "unknown"


def current_actor(session: Session, actor: str | None = None) -> str:
    """The name an event made now in ``session`` records as its actor."""
    return actor or session.info.get(ACTOR_KEY) or command_line_actor()


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
        actor=current_actor(session, actor),
    )
    session.add(event)
    return event


def insert_event(
    session: Session,
    *,
    action: str,
    entity_type: str,
    entity_id: int | None = None,
    after: dict[str, Any] | None = None,
    actor: str | None = None,
    at: datetime | None = None,
) -> None:
    """:func:`record_event` as one INSERT on the session's connection, for the paths that
    run many times a second (adding a coding in the web app): no object is made."""
    row: dict[str, Any] = {
        "action": action, "entity_type": entity_type, "entity_id": entity_id,
        "before": None, "after": after, "actor": current_actor(session, actor),
    }  # fmt: skip
    if at is not None:
        row["at"] = at
    session.connection().execute(insert(AuditEvent), row)


def list_events(session: Session, *, limit: int = 100) -> list[AuditEvent]:
    """The newest events first."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    return list(session.scalars(query))


@dataclass(frozen=True)
class EventView:
    """An audit event as shells show it; ``kind`` is what was changed (its entity type)."""

    id: int
    at: datetime
    actor: str | None
    action: str
    kind: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in EVENT_FIELDS}

    @property
    def summary(self) -> str:
        """The values before and after, in one line."""
        parts = []
        if self.before:
            parts.append("before " + json.dumps(self.before, ensure_ascii=False, default=str))
        if self.after:
            parts.append("after " + json.dumps(self.after, ensure_ascii=False, default=str))
        return "; ".join(parts)


def parse_since(text: str) -> datetime:
    """A date (``2026-03-01``, from its midnight UTC) or an ISO date and time."""
    value = text.strip()
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(), tzinfo=UTC)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"--since {text!r} is not a date: give YYYY-MM-DD, or a date and time such as "
            "2026-03-01T14:30."
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def audit_kinds(session: Session) -> list[str]:
    """The kinds of thing the trail holds events about, A to Z."""
    query = select(AuditEvent.entity_type).distinct().order_by(AuditEvent.entity_type)
    return list(session.scalars(query))


def find_events(
    session: Session,
    *,
    since: datetime | None = None,
    user: str | None = None,
    kind: str | None = None,
    action: str | None = None,
    limit: int | None = 1000,
    offset: int = 0,
) -> list[EventView]:
    """Events, newest first, made at or after ``since``, by ``user``, about ``kind`` of
    thing (``coding``, ``participant`` ...) and of ``action`` (``create``, ``withdraw``
    ...); names compare without regard to case."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if user:
        query = query.where(func.lower(AuditEvent.actor) == user.strip().lower())
    if kind:
        query = query.where(func.lower(AuditEvent.entity_type) == kind.strip().lower())
    if action:
        query = query.where(func.lower(AuditEvent.action) == action.strip().lower())
    query = query.offset(max(0, offset))
    if limit is not None:
        query = query.limit(max(0, limit))
    return [
        EventView(
            id=e.id,
            at=e.at if e.at.tzinfo else e.at.replace(tzinfo=UTC),
            actor=e.actor,
            action=e.action,
            kind=e.entity_type,
            entity_id=e.entity_id,
            before=e.before,
            after=e.after,
        )
        for e in session.scalars(query)
    ]
