"""Documents and their speaker turns: listing, reading, and linking speakers to people.

:func:`load_document` is the one way other features read a document: its text and every
segment with speaker label, participant, role, role group and case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, aliased

from mutualscope.domain.choices import DOCUMENT_KINDS
from mutualscope.domain.speakers import label_key
from mutualscope.domain.text import count_words
from mutualscope.errors import NotFound
from mutualscope.services.audit import record_event
from mutualscope.services.cases import find_case
from mutualscope.services.participants import find_participant, list_roles
from mutualscope.storage.cases import Case, Participant
from mutualscope.storage.documents import Document, Segment

KINDS = DOCUMENT_KINDS


@dataclass(frozen=True)
class DocumentSummary:
    id: int
    name: str
    kind: str
    case: str | None
    source_format: str | None
    words: int
    turns: int
    speakers: int
    checksum: str | None


@dataclass(frozen=True)
class SegmentView:
    """A turn as quotes and codings need it. ``case`` is the document's case, or else
    the participant's (an external commissioner interviewed outside any one case)."""

    id: int
    position: int
    start: int
    end: int
    text: str
    speaker: str | None
    participant_id: int | None
    participant: str | None
    role: str | None
    role_group: str | None
    external: bool | None
    case: str | None
    time_start: float | None
    time_end: float | None
    #: A turn table's cells that vary from turn to turn ({column: value}), if any.
    attributes: dict[str, Any] | None = None


@dataclass(frozen=True)
class DocumentView:
    id: int
    name: str
    kind: str
    case: str | None
    source_format: str | None
    checksum: str | None
    word_count: int
    text: str
    segments: list[SegmentView]
    #: The document's attributes (variables): a turn table's constant columns, REFI-QDA
    #: variables.
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SpeakerSummary:
    label: str | None
    turns: int
    words: int
    participant: str | None
    role: str | None


def find_document(session: Session, ref: str | int) -> Document:
    """A document by id or by name."""
    doc = None
    if isinstance(ref, int) or str(ref).isdigit():
        doc = session.get(Document, int(ref))
    if doc is None:
        doc = session.scalar(select(Document).where(Document.name == str(ref)))
    if doc is None:
        raise NotFound(f"No document {ref!r}. See `mutualscope docs list`.")
    return doc


def list_documents(
    session: Session, *, case: str | None = None, kind: str | None = None
) -> list[DocumentSummary]:
    turns = (
        select(
            Segment.document_id,
            func.count().label("turns"),
            func.count(func.distinct(Segment.speaker)).label("speakers"),
        )
        .group_by(Segment.document_id)
        .subquery()
    )
    query = (
        select(
            Document.id,
            Document.name,
            Document.kind,
            Case.label,
            Document.source_format,
            Document.word_count,
            func.coalesce(turns.c.turns, 0),
            func.coalesce(turns.c.speakers, 0),
            Document.checksum,
        )
        .outerjoin(Case, Case.id == Document.case_id)
        .outerjoin(turns, turns.c.document_id == Document.id)
        .order_by(Document.name)
    )
    if case:
        query = query.where(Document.case_id == find_case(session, case).id)
    if kind:
        query = query.where(Document.kind == kind)
    return [DocumentSummary(*row) for row in session.execute(query)]


def load_segments(session: Session, doc: Document) -> list[SegmentView]:
    """The document's turns in order, each with speaker, participant, role and case."""
    groups = {r.key: r.group for r in list_roles(session)}
    doc_case = aliased(Case)
    person_case = aliased(Case)
    # Columns, not ORM objects: a long transcript has thousands of turns, and their
    # objects (each in a reference cycle with its state) would cost a full garbage
    # collection every few page views.
    query = (
        select(
            Segment.id,
            Segment.position,
            Segment.start,
            Segment.end,
            Segment.speaker,
            Segment.participant_id,
            Participant.label,
            Participant.role,
            Participant.external,
            doc_case.label,
            person_case.label,
            Segment.time_start,
            Segment.time_end,
            Segment.attributes,
        )
        .join(Document, Document.id == Segment.document_id)
        .outerjoin(Participant, Participant.id == Segment.participant_id)
        .outerjoin(doc_case, doc_case.id == Document.case_id)
        .outerjoin(person_case, person_case.id == Participant.case_id)
        .where(Segment.document_id == doc.id)
        .order_by(Segment.position)
    )
    text = doc.text
    return [
        SegmentView(
            id=seg_id,
            position=position,
            start=start,
            end=end,
            text=text[start:end],
            speaker=speaker,
            participant_id=person_id,
            participant=label,
            role=role,
            role_group=groups.get(role, "other") if person_id is not None else None,
            external=external,
            case=case_label or person_case_label,
            time_start=time_start,
            time_end=time_end,
            attributes=attributes,
        )
        for (
            seg_id,
            position,
            start,
            end,
            speaker,
            person_id,
            label,
            role,
            external,
            case_label,
            person_case_label,
            time_start,
            time_end,
            attributes,
        ) in session.execute(query)
    ]


def load_document(session: Session, ref: str | int) -> DocumentView:
    """A document's text and turns, by id or name."""
    doc = find_document(session, ref)
    case = session.get(Case, doc.case_id) if doc.case_id else None
    return DocumentView(
        id=doc.id,
        name=doc.name,
        kind=doc.kind,
        case=case.label if case else None,
        source_format=doc.source_format,
        checksum=doc.checksum,
        word_count=doc.word_count,
        text=doc.text,
        segments=load_segments(session, doc),
        attributes=dict((doc.attributes or {}).get("variables", {})),
    )


def document_speakers(session: Session, ref: str | int) -> list[SpeakerSummary]:
    """Each speaker label in a document with its turns, words and linked participant."""
    view = load_document(session, ref)
    found: dict[str | None, list[SegmentView]] = {}
    for seg in view.segments:
        found.setdefault(seg.speaker, []).append(seg)
    return [
        SpeakerSummary(
            label,
            len(segs),
            sum(count_words(s.text) for s in segs),
            segs[0].participant if len({s.participant for s in segs}) == 1 else "(mixed)",
            segs[0].role if len({s.role for s in segs}) == 1 else None,
        )
        for label, segs in found.items()
    ]


def assign_speaker(
    session: Session,
    *,
    document: str | int,
    label: str,
    participant: str | None,
    actor: str | None = None,
) -> int:
    """Link every turn of a speaker label (any case or spacing) to a participant, or
    unlink with ``participant=None``. Returns the number of turns changed."""
    doc = find_document(session, document)
    person = find_participant(session, participant) if participant else None
    labels = session.scalars(
        select(Segment.speaker).where(Segment.document_id == doc.id).distinct()
    )
    matching = [s for s in labels if s is not None and label_key(s) == label_key(label)]
    if not matching:
        raise NotFound(
            f"No speaker {label!r} in {doc.name}. See `mutualscope docs speakers {doc.id}`."
        )
    try:
        result = session.execute(
            update(Segment)
            .where(Segment.document_id == doc.id, Segment.speaker.in_(matching))
            .values(participant_id=person.id if person else None)
        )
        record_event(
            session,
            action="assign-speaker",
            entity_type="document",
            entity_id=doc.id,
            after={"label": label, "participant": person.label if person else None},
            actor=actor,
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return int(getattr(result, "rowcount", 0) or 0)
