"""One transcript edit at a time: the transcript's revision, taking the document, and
finishing an edit (search index, audit event, commit).

Each edit carries the ``revision`` of the transcript its author was looking at
(:func:`transcript_revision`). The edit takes the document first (a row lock on
PostgreSQL, the write lock on SQLite), so edits are judged one at a time against what
the last one left; an edit made on an older revision is refused with Conflict, naming
who changed the transcript and how, and nothing is saved.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mutualscope.errors import Conflict, NotFound
from mutualscope.services.audit import record_event
from mutualscope.services.documents import find_document
from mutualscope.storage.base import utcnow
from mutualscope.storage.documents import Document, Segment
from mutualscope.storage.fulltext import index_pending
from mutualscope.storage.users import AuditEvent

#: Audit actions of transcript edits, and how a message tells each.
ACTIONS = {
    "correct-turn": "corrected the words of a turn",
    "split-turn": "split a turn",
    "merge-turns": "merged two turns",
    "set-turn-speaker": "gave a turn to another speaker",
}


@dataclass(frozen=True)
class Turn:
    id: int
    position: int
    start: int
    end: int
    speaker: str | None
    participant_id: int | None
    time_start: float | None
    time_end: float | None
    attributes: dict[str, Any] | None


@dataclass(frozen=True)
class CodingChange:
    """A coding whose text the edit changed: ``fate`` is "reworded" (words corrected
    inside it), "relabelled" (a speaker label added or removed inside it) or "moved"
    (an end moved past whitespace or a label; its words are the same)."""

    id: int
    code: str
    coder: str | None
    fate: str
    before: str
    after: str


@dataclass(frozen=True)
class TranscriptEdit:
    """What an edit did. ``revision`` is the transcript's revision after it."""

    action: str
    document_id: int
    document: str
    revision: str
    turn_id: int
    new_turn_id: int | None
    summary: str
    codings: list[CodingChange] = field(default_factory=list)


def revision_of(text: str, turns: Sequence[Any]) -> str:
    """A short fingerprint of a transcript's text and turns: it changes with any edit
    of either. ``turns`` need id, position, start, end, speaker, participant_id,
    time_start and time_end."""
    digest = hashlib.sha256(text.encode())
    for t in turns:
        digest.update(
            f"|{t.id}:{t.position}:{t.start}:{t.end}:{t.speaker}:{t.participant_id}"
            f":{t.time_start}:{t.time_end}".encode()
        )
    return digest.hexdigest()[:20]


def load_turns(session: Session, document_id: int) -> list[Turn]:
    rows = session.execute(
        select(
            Segment.id,
            Segment.position,
            Segment.start,
            Segment.end,
            Segment.speaker,
            Segment.participant_id,
            Segment.time_start,
            Segment.time_end,
            Segment.attributes,
        )
        .where(Segment.document_id == document_id)
        .order_by(Segment.position)
    )
    return [Turn(*row) for row in rows]


def transcript_revision(session: Session, document: str | int) -> str:
    """The revision an edit of this transcript must name."""
    doc = find_document(session, document)
    return revision_of(doc.text, load_turns(session, doc.id))


@dataclass
class EditState:
    """The transcript as an edit found it, with the document taken."""

    id: int
    name: str
    text: str
    turns: list[Turn]

    def turn(self, turn_id: int) -> Turn:
        for t in self.turns:
            if t.id == turn_id:
                return t
        raise NotFound(f"No turn {turn_id} in {self.name!r}; the transcript may have changed.")

    def number(self, turn: Turn) -> int:
        """The turn's number as the page and the CLI show it (from 1)."""
        return self.turns.index(turn) + 1


def describe_last_edit(session: Session, document_id: int) -> str:
    """Who last changed the document, how and when, for a message."""
    event = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "document", AuditEvent.entity_id == document_id)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()
    if event is None:
        return "it was changed"
    what = ACTIONS.get(event.action, f"made the change {event.action!r}")
    when = event.at.strftime("%H:%M:%S UTC on %d %B %Y") if event.at else "just now"
    turn = (event.after or {}).get("turn_number")
    where = f" (turn {turn})" if turn else ""
    return f"{event.actor or 'someone'} {what}{where} at {when}"


def begin_edit(session: Session, document: str | int, revision: str | None) -> EditState:
    """Take the document for this transaction and read it as it is now; Conflict if it
    is no longer at ``revision`` (None: whatever it is now, as on the command line)."""
    doc = find_document(session, document)
    doc_id, name = doc.id, doc.name
    # The first write takes the document: PostgreSQL's row lock, SQLite's write lock.
    session.execute(update(Document).where(Document.id == doc_id).values(updated_at=utcnow()))
    session.expire(doc)
    text = session.scalar(select(Document.text).where(Document.id == doc_id)) or ""
    turns = load_turns(session, doc_id)
    if revision is not None and revision != revision_of(text, turns):
        change = describe_last_edit(session, doc_id)
        raise Conflict(
            f"{name!r} changed after you opened it: {change}. Nothing was saved; reload "
            "the transcript to see that change, then make your edit again."
        )
    return EditState(doc_id, name, text, turns)


def finish_edit(
    session: Session,
    state: EditState,
    *,
    action: str,
    turn: Turn,
    new_turn_id: int | None,
    summary: str,
    codings: list[CodingChange],
    before: dict[str, Any],
    after: dict[str, Any],
    actor: str | None,
) -> TranscriptEdit:
    """Index the document's turns again (a trigger queued them when the text or a turn
    changed), record the audit event and commit."""
    text = session.scalar(select(Document.text).where(Document.id == state.id)) or ""
    index_pending(session.connection(), {state.id: text})
    record_event(
        session,
        action=action,
        entity_type="document",
        entity_id=state.id,
        before=before,
        after={
            **after,
            "turn_number": state.number(turn),
            "codings": [{"id": c.id, "fate": c.fate} for c in codings],
        },
        actor=actor,
    )
    revision = revision_of(text, load_turns(session, state.id))
    session.commit()
    return TranscriptEdit(
        action, state.id, state.name, revision, turn.id, new_turn_id, summary, codings
    )
