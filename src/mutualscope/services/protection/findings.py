"""Stored findings and their review: a scan saved, listed, accepted, rejected, added to.

A saved scan keeps every decision already made: a finding found again keeps its status;
a proposed finding the scan no longer makes is dropped; an accepted, rejected or added
one stays. When a document's text has changed since its findings were made (their
``text_hash`` differs), each reviewed finding is looked for again by its words, nearest
its old place, and moved there; one whose words are gone is dropped and counted.

Audit events name findings by id, kind and offsets, never by their words: those are a
transcript's words, which a withdrawal must be able to erase.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain.protection.findings import Finding, context_of
from mutualscope.domain.protection.kinds import KINDS
from mutualscope.errors import Conflict, InvalidInput, NotFound
from mutualscope.services.audit import current_actor, record_event
from mutualscope.services.documents import find_document
from mutualscope.storage.base import utcnow
from mutualscope.storage.documents import Document
from mutualscope.storage.protection import (
    ACCEPTED,
    ADDED,
    FINDING_STATUSES,
    PROPOSED,
    REJECTED,
    ProtectionFinding,
)

if TYPE_CHECKING:  # the scanner (its detector and place names) is loaded only to scan
    from mutualscope.services.protection.scans import DocumentFinding, ScanResult

ENTITY = "protection_finding"


def text_hash(text: str) -> str:
    """The hash that ties findings and layers to the exact text they were made on."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class FindingView:
    id: int
    document_id: int
    document: str
    start: int
    end: int
    kind: str
    text: str
    confidence: float
    source: str
    rule: str | None
    status: str
    reviewer: str | None
    reviewed_at: datetime | None
    stale: bool
    context: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SavedScan:
    """What saving a scan did: findings new, found again, dropped (proposed ones the
    scan no longer makes), moved (reviewed ones on a changed text) and lost."""

    scan: ScanResult
    new: int = 0
    found_again: int = 0
    dropped: int = 0
    moved: int = 0
    lost: list[str] = field(default_factory=list)


def _view(row: ProtectionFinding, doc: Document, current: str) -> FindingView:
    span = Finding(row.start, row.end, row.kind, row.text, row.confidence, row.source, "")
    return FindingView(
        id=row.id, document_id=doc.id, document=doc.name, start=row.start, end=row.end,
        kind=row.kind, text=row.text, confidence=row.confidence, source=row.source,
        rule=row.rule, status=row.status, reviewer=row.reviewer, reviewed_at=row.reviewed_at,
        stale=row.text_hash != current, context=context_of(doc.text, span),
    )  # fmt: skip


def _nearest(text: str, words: str, near: int) -> int | None:
    starts = [m.start() for m in re.finditer(re.escape(words), text)]
    return min(starts, key=lambda s: abs(s - near)) if starts else None


def _carry_over(
    session: Session, doc: Document, rows: list[ProtectionFinding], current: str, saved: SavedScan
) -> list[ProtectionFinding]:
    """Rows on an earlier text: reviewed ones moved to their words, the rest dropped."""
    kept = [r for r in rows if r.text_hash == current]
    taken = {(r.start, r.end, r.kind) for r in kept}
    for row in rows:
        if row.text_hash == current:
            continue
        start = _nearest(doc.text, row.text, row.start) if row.status != PROPOSED else None
        span = None if start is None else (start, start + len(row.text), row.kind)
        if span is None or span in taken:
            if row.status != PROPOSED:
                saved.lost.append(f"{doc.name}: finding {row.id} ({row.kind}, {row.status})")
            session.delete(row)
            continue
        row.start, row.end, row.text_hash = span[0], span[1], current
        taken.add(span)
        kept.append(row)
        saved.moved += 1
    session.flush()
    return kept


def _store_document(
    session: Session,
    doc: Document,
    found: list[DocumentFinding],
    kinds: Collection[str] | None,
    saved: SavedScan,
) -> None:
    current = text_hash(doc.text)
    rows = list(
        session.scalars(select(ProtectionFinding).where(ProtectionFinding.document_id == doc.id))
    )
    rows = _carry_over(session, doc, rows, current, saved)
    by_span = {(r.start, r.end, r.kind): r for r in rows}
    seen = set()
    for f in found:
        span = (f.start, f.end, f.kind)
        seen.add(span)
        row = by_span.get(span)
        if row is None:
            session.add(
                ProtectionFinding(
                    document_id=doc.id, start=f.start, end=f.end, kind=f.kind, text=f.text,
                    confidence=f.confidence, source=f.source, rule=f.rule, status=PROPOSED,
                    text_hash=current,
                )
            )  # fmt: skip
            saved.new += 1
            continue
        saved.found_again += 1
        if row.source != "reviewer":
            row.confidence, row.source, row.rule = f.confidence, f.source, f.rule
    for span, row in by_span.items():
        if row.status == PROPOSED and span not in seen and (not kinds or row.kind in kinds):
            session.delete(row)
            saved.dropped += 1


def save_scan(session: Session, result: ScanResult, *, actor: str | None = None) -> SavedScan:
    """Store a scan's findings for review, keeping the decisions already made (see the
    module's note)."""
    saved = SavedScan(result)
    by_document: dict[int, list[DocumentFinding]] = {}
    for f in result.findings:
        by_document.setdefault(f.document_id, []).append(f)
    for doc_id in result.document_ids:
        doc = session.get(Document, doc_id)
        if doc is None:
            continue
        found = by_document.get(doc_id, [])
        _store_document(session, doc, found, result.kinds, saved)
        record_event(
            session, action="scan", entity_type="document", entity_id=doc_id,
            after={"findings": len(found), "model": result.model,
                   "kinds": result.kinds or "all"},
            actor=actor,
        )  # fmt: skip
    session.commit()
    return saved


def list_findings(
    session: Session,
    document: str | None = None,
    *,
    status: str | None = None,
    kind: str | None = None,
) -> list[FindingView]:
    """Stored findings in text order, of one document or all."""
    if status is not None and status not in FINDING_STATUSES:
        raise InvalidInput(f"--status takes one of {', '.join(FINDING_STATUSES)}, not {status!r}.")
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"Unknown kind {kind!r}: the kinds are {', '.join(KINDS)}.")
    query = select(ProtectionFinding)
    if document is not None:
        query = query.where(ProtectionFinding.document_id == find_document(session, document).id)
    if status:
        query = query.where(ProtectionFinding.status == status)
    if kind:
        query = query.where(ProtectionFinding.kind == kind)
    rows = list(session.scalars(query))
    docs = {
        d.id: d
        for d in session.scalars(
            select(Document).where(Document.id.in_({r.document_id for r in rows}))
        )
    }
    hashes = {i: text_hash(d.text) for i, d in docs.items()}
    views = [_view(r, docs[r.document_id], hashes[r.document_id]) for r in rows]
    return sorted(views, key=lambda v: (v.document, v.start, v.end, v.kind))


def _findings(session: Session, ids: Sequence[int]) -> list[ProtectionFinding]:
    if not ids:
        raise InvalidInput("Which findings? Give their ids (see `mutualscope protect findings`).")
    rows = {
        r.id: r
        for r in session.scalars(select(ProtectionFinding).where(ProtectionFinding.id.in_(ids)))
    }
    missing = [str(i) for i in ids if i not in rows]
    if missing:
        raise NotFound(f"No finding {', '.join(missing)}. See `mutualscope protect findings`.")
    for row in rows.values():
        doc = session.get(Document, row.document_id)
        if doc is not None and text_hash(doc.text) != row.text_hash:
            raise Conflict(
                f"Finding {row.id} was made on an earlier text of {doc.name!r}: "
                "run `mutualscope protect scan --save` on it again first."
            )
    return [rows[i] for i in dict.fromkeys(ids)]


def decide_findings(
    session: Session, ids: Sequence[int], *, status: str, actor: str | None = None
) -> list[FindingView]:
    """Accept or reject findings (all of them, or none when one id is wrong)."""
    if status not in (ACCEPTED, REJECTED):
        raise InvalidInput(f"A finding is accepted or rejected, not {status!r}.")
    rows = _findings(session, ids)
    reviewer = current_actor(session, actor)
    for row in rows:
        before = row.status
        if row.status == ADDED and status == ACCEPTED:
            continue
        row.status, row.reviewer, row.reviewed_at = status, reviewer, utcnow()
        record_event(
            session, action="accept" if status == ACCEPTED else "reject", entity_type=ENTITY,
            entity_id=row.id, before={"status": before},
            after={"status": status, "kind": row.kind, "document_id": row.document_id,
                   "start": row.start, "end": row.end},
            actor=reviewer,
        )  # fmt: skip
    session.commit()
    return list_findings_by_id(session, [r.id for r in rows])


def list_findings_by_id(session: Session, ids: Sequence[int]) -> list[FindingView]:
    rows = list(session.scalars(select(ProtectionFinding).where(ProtectionFinding.id.in_(ids))))
    out = []
    for row in rows:
        doc = session.get(Document, row.document_id)
        assert doc is not None
        out.append(_view(row, doc, text_hash(doc.text)))
    return sorted(out, key=lambda v: list(ids).index(v.id))


def _spans_of(text: str, words: str) -> list[tuple[int, int]]:
    folded = " ".join(words.split())
    if not folded:
        raise InvalidInput("--text is empty: give the words to mark, as they are written.")
    pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, folded.split())) + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]


def add_findings(
    session: Session,
    document: str,
    *,
    kind: str,
    start: int | None = None,
    end: int | None = None,
    words: str | None = None,
    actor: str | None = None,
) -> list[FindingView]:
    """Mark a missed identifier: by offsets, or every whole-word occurrence of ``words``
    (case ignored). A span already found becomes accepted; a new one is ``added``."""
    if kind not in KINDS:
        raise InvalidInput(f"Unknown kind {kind!r}: the kinds are {', '.join(KINDS)}.")
    doc = find_document(session, document)
    text = doc.text
    if words is not None and (start is not None or end is not None):
        raise InvalidInput("Give --start and --end, or --text, not both.")
    if words is not None:
        spans = _spans_of(text, words)
        if not spans:
            raise InvalidInput(f"{words!r} does not occur in {doc.name!r} as whole words.")
    else:
        if start is None or end is None:
            raise InvalidInput("Give both --start and --end (code-point offsets), or --text.")
        if not 0 <= start < end <= len(text):
            raise InvalidInput(
                f"--start {start} --end {end} is not a span of {doc.name!r}: offsets run "
                f"from 0 to {len(text)} and the start comes before the end."
            )
        if not text[start:end].strip():
            raise InvalidInput(f"{doc.name!r} has only white space from {start} to {end}.")
        spans = [(start, end)]
    current = text_hash(text)
    reviewer = current_actor(session, actor)
    ids = []
    for s, e in spans:
        row = session.scalar(
            select(ProtectionFinding).where(
                ProtectionFinding.document_id == doc.id, ProtectionFinding.start == s,
                ProtectionFinding.end == e, ProtectionFinding.kind == kind,
            )
        )  # fmt: skip
        if row is None:
            row = ProtectionFinding(
                document_id=doc.id, start=s, end=e, kind=kind, text=text[s:e], confidence=1.0,
                source="reviewer", rule="added", status=ADDED, text_hash=current,
            )  # fmt: skip
            session.add(row)
            before = None
        else:
            before = {"status": row.status}
            row.status = ACCEPTED if row.status != ADDED else ADDED
        row.reviewer, row.reviewed_at = reviewer, utcnow()
        session.flush()
        ids.append(row.id)
        record_event(
            session, action="add", entity_type=ENTITY, entity_id=row.id, before=before,
            after={"status": row.status, "kind": kind, "document_id": doc.id, "start": s,
                   "end": e},
            actor=reviewer,
        )  # fmt: skip
    session.commit()
    return list_findings_by_id(session, ids)
