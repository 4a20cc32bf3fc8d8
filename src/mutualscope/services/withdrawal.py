"""Withdrawal: erasing everything a participant said, everywhere the project keeps it.

:func:`plan_withdrawal` says what :func:`withdraw_participant` will do, for a prompt;
the withdrawal then, in one transaction:

- replaces the words of each of their turns with ``[withdrawn]`` in the document text,
  and moves every other turn, coding and word time so that each keeps its words;
- removes the codings of their turns (memos on them become memos on the document) and
  cuts their words out of codings that reached into them;
- removes the times of their words, and any recording their voice is in (a recording
  cannot be edited here: link an edited copy again with ``docs link-audio``);
- replaces the original file a document was imported from with the rewritten text;
- replaces quotes of their words in memos, code definitions and audit events (a corrected
  turn's old words) with ``[withdrawn]`` (:mod:`mutualscope.services.redaction`);
- re-indexes the documents for search, so their words are found nowhere;
- records them as withdrawn (every scope of consent refused), which keeps them out of
  every report, and writes one audit event: who, when and which participant, with the
  counts of what was erased and none of the words.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, undefer

from mutualscope.domain.erasure import WITHDRAWN, Erasure, erase_spans
from mutualscope.domain.text import count_words
from mutualscope.services.audit import record_event
from mutualscope.services.participants import find_participant
from mutualscope.services.redaction import apply_redactions, find_redactions
from mutualscope.services.rewrites import (
    linked_recordings,
    move_text_rows,
    reindex,
    remove_recordings,
    rewriting,
    set_text,
)
from mutualscope.storage.base import utcnow
from mutualscope.storage.cases import Participant
from mutualscope.storage.codebook import Coding
from mutualscope.storage.consent import REFUSED, SCOPES, ConsentRecord
from mutualscope.storage.documents import Document, DocumentFile, Segment
from mutualscope.storage.recordings import RecordingWord


@dataclass
class WithdrawalPlan:
    """What a withdrawal erases (or erased): counts and names, never the words."""

    participant: str
    participant_id: int
    already_withdrawn: bool
    documents: list[str] = field(default_factory=list)
    turns: int = 0
    words: int = 0
    codings_removed: int = 0
    codings_trimmed: int = 0
    memos_redacted: int = 0
    code_definitions_redacted: int = 0
    audit_events_redacted: int = 0
    word_times_removed: int = 0
    recordings_removed: list[str] = field(default_factory=list)
    originals_rewritten: int = 0

    @property
    def erases_anything(self) -> bool:
        return bool(
            self.turns
            or self.memos_redacted
            or self.code_definitions_redacted
            or self.audit_events_redacted
        )

    def counts(self) -> dict[str, Any]:
        """The plan as the audit event records it."""
        return {
            "label": self.participant,
            "documents": len(self.documents),
            "turns": self.turns,
            "words": self.words,
            "codings_removed": self.codings_removed,
            "codings_trimmed": self.codings_trimmed,
            "memos_redacted": self.memos_redacted,
            "code_definitions_redacted": self.code_definitions_redacted,
            "audit_events_redacted": self.audit_events_redacted,
            "word_times_removed": self.word_times_removed,
            "recordings_removed": len(self.recordings_removed),
            "originals_rewritten": self.originals_rewritten,
        }


@dataclass
class _DocumentWork:
    document: Document
    erasure: Erasure
    turn_ids: list[int]
    removed_codings: list[int]
    moved_codings: dict[int, tuple[int, int]]
    trimmed_codings: int
    segments: dict[int, tuple[int, int]]
    removed_words: list[int]
    moved_words: dict[int, tuple[int, int]]


def _their_segments(session: Session, participant_id: int) -> dict[int, list[Segment]]:
    found: dict[int, list[Segment]] = defaultdict(list)
    query = select(Segment).where(Segment.participant_id == participant_id)
    for segment in session.scalars(query.order_by(Segment.document_id, Segment.start)):
        found[segment.document_id].append(segment)
    return found


def _documents(session: Session, ids: list[int], *, lock: bool) -> list[Document]:
    query = select(Document).where(Document.id.in_(ids)).options(undefer(Document.text))
    if lock:
        # Coding, turn and word inserts check their document's row: they wait for this.
        query = query.with_for_update()
    return list(session.scalars(query.order_by(Document.id)))


def _codings(
    session: Session, doc: Document, erasure: Erasure, ours: list[Segment]
) -> tuple[list[int], dict[int, tuple[int, int]], int]:
    """Codings to remove (their turns', and those with nothing left), codings to move,
    and how many of those lose words."""
    starts_in_ours = [(s.start, s.end) for s in ours]
    removed: list[int] = []
    moved: dict[int, tuple[int, int]] = {}
    trimmed = 0
    kept: set[tuple[int, int, int, int | None]] = set()
    rows = session.execute(
        select(Coding.id, Coding.code_id, Coding.start, Coding.end, Coding.coder_id)
        .where(Coding.document_id == doc.id)
        .order_by(Coding.id)
    ).all()
    for coding_id, code_id, start, end, coder_id in rows:
        span = erasure.span(start, end)
        theirs = any(s <= start < e for s, e in starts_in_ours)
        key = (code_id, *span, coder_id) if span else None
        if theirs or span is None or key in kept:
            removed.append(coding_id)
            continue
        kept.add(key)  # type: ignore[arg-type]
        if span != (start, end):
            moved[coding_id] = span
            trimmed += span[1] - span[0] != end - start
    return removed, moved, trimmed


def _work_out(session: Session, person: Participant, *, lock: bool) -> list[_DocumentWork]:
    by_document = _their_segments(session, person.id)
    work = []
    for doc in _documents(session, list(by_document), lock=lock):
        ours = [
            s
            for s in by_document[doc.id]
            if s.end > s.start and doc.text[s.start : s.end] != WITHDRAWN
        ]
        if not ours:
            continue
        erasure = erase_spans(doc.text, [(s.start, s.end) for s in ours])
        removed, moved, trimmed = _codings(session, doc, erasure, ours)
        ours_ids = {s.id for s in ours}
        segments: dict[int, tuple[int, int]] = {}
        for seg_id, start, end in session.execute(
            select(Segment.id, Segment.start, Segment.end).where(Segment.document_id == doc.id)
        ):
            if seg_id in ours_ids:
                new_start = erasure.start(start)
                segments[seg_id] = (new_start - len(WITHDRAWN), new_start)
            else:
                span = erasure.span(start, end) or (erasure.start(start),) * 2
                if span != (start, end):
                    segments[seg_id] = span
        removed_words: list[int] = []
        moved_words: dict[int, tuple[int, int]] = {}
        for word_id, start, end in session.execute(
            select(RecordingWord.id, RecordingWord.start, RecordingWord.end).where(
                RecordingWord.document_id == doc.id
            )
        ):
            if erasure.touches(start, end):
                removed_words.append(word_id)
            elif (moved_to := erasure.span(start, end)) and moved_to != (start, end):
                moved_words[word_id] = moved_to
        work.append(
            _DocumentWork(
                doc,
                erasure,
                sorted(ours_ids),
                removed,
                moved,
                trimmed,
                segments,
                removed_words,
                moved_words,
            )
        )
    return work


def _refs(work: list[_DocumentWork]) -> set[str]:
    return {item.document.audio_ref for item in work if item.document.audio_ref}


def _their_words(work: list[_DocumentWork]) -> list[str]:
    return [item.document.text[start:end] for item in work for start, end in item.erasure.old]


def _plan(session: Session, person: Participant, work: list[_DocumentWork]) -> WithdrawalPlan:
    said = _their_words(work)
    found = find_redactions(session, said)
    originals = session.scalars(
        select(DocumentFile.document_id).where(
            DocumentFile.document_id.in_([item.document.id for item in work])
        )
    ).all()
    return WithdrawalPlan(
        participant=person.label,
        participant_id=person.id,
        already_withdrawn=person.consent == "withdrawn",
        documents=[item.document.name for item in work],
        turns=sum(len(item.erasure.old) for item in work),
        words=sum(count_words(words) for words in said),
        codings_removed=sum(len(item.removed_codings) for item in work),
        codings_trimmed=sum(item.trimmed_codings for item in work),
        memos_redacted=len(found.memos),
        code_definitions_redacted=len(found.definitions),
        audit_events_redacted=len(found.events),
        word_times_removed=sum(len(item.removed_words) for item in work),
        recordings_removed=linked_recordings(session, _refs(work)),
        originals_rewritten=len(originals),
    )


def plan_withdrawal(session: Session, participant: str) -> WithdrawalPlan:
    """What withdrawing ``participant`` would erase; changes nothing."""
    person = find_participant(session, participant)
    try:
        return _plan(session, person, _work_out(session, person, lock=False))
    finally:
        session.rollback()


def _rewrite(session: Session, item: _DocumentWork) -> None:
    """One document: its text, codings, turns, word times and original file."""
    doc = item.document
    # Notes on a removed coding are kept, as notes on the document (then redacted).
    move_text_rows(
        session, doc.id, removed_codings=item.removed_codings, moved_codings=item.moved_codings,
        segments=item.segments, removed_words=item.removed_words, moved_words=item.moved_words,
    )  # fmt: skip
    if item.turn_ids:
        session.execute(
            update(Segment).where(Segment.id.in_(item.turn_ids)).values(attributes=None)
        )
    new_text = item.erasure.text
    set_text(session, doc.id, new_text)
    original = session.get(DocumentFile, doc.id)
    if original is not None:
        content = new_text.encode("utf-8")
        original.filename = str(PurePath(original.filename).with_suffix(".txt"))
        original.media_type = "text/plain; charset=utf-8"
        original.size = len(content)
        original.content = content


def _record_withdrawn(session: Session, person_id: int) -> None:
    refused = dict.fromkeys(SCOPES, REFUSED)
    record = session.get(ConsentRecord, person_id)
    if record is None:
        session.add(ConsentRecord(participant_id=person_id, withdrawn_at=utcnow(), **refused))
    else:
        for scope, answer in refused.items():
            setattr(record, scope, answer)
        record.withdrawn_at = record.withdrawn_at or utcnow()


def withdraw_participant(
    session: Session, participant: str, *, actor: str | None = None
) -> WithdrawalPlan:
    """Erase everything ``participant`` said (see the module's description) and record
    them as withdrawn. Returns what was erased. Running it again erases what has been
    linked to them since (a new transcript), and otherwise changes nothing."""
    person_id = find_participant(session, participant).id
    session.rollback()
    with rewriting(session):
        # The first statement writes, so the transaction holds the write lock (SQLite) or
        # the participant's row (PostgreSQL) before anything is read.
        session.execute(
            update(Participant).where(Participant.id == person_id).values(consent="withdrawn")
        )
        person = session.get(Participant, person_id, populate_existing=True)
        assert person is not None
        work = _work_out(session, person, lock=True)
        plan = _plan(session, person, work)
        plan.already_withdrawn = False
        found = find_redactions(session, _their_words(work))
        for item in work:
            _rewrite(session, item)
        remove_recordings(session, _refs(work))
        apply_redactions(session, found)
        _record_withdrawn(session, person_id)
        session.flush()
        reindex(session.connection(), merge=bool(work))
        record_event(
            session,
            action="withdraw",
            entity_type="participant",
            entity_id=person_id,
            after=plan.counts(),
            actor=actor,
        )
    return plan
