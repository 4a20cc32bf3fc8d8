"""The pseudonymised layer: per document, the text with its accepted findings replaced
by their pseudonyms, stored beside the original (never over it) with its offset map.

``protect apply`` builds it from the findings accepted or added by a reviewer, and, when
asked, the proposed ones at or above a confidence. A document whose findings were made
on an earlier text is refused until it is scanned again: its offsets would replace the
wrong words. The database drops a layer when its original text changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain.protection.kinds import PERSON
from mutualscope.domain.protection.pseudonyms import (
    Layer,
    OffsetMap,
    Replacement,
    original_key,
    pseudonymise,
    without_overlaps,
)
from mutualscope.errors import Conflict, InvalidInput
from mutualscope.services.audit import current_actor, record_event
from mutualscope.services.documents import find_document
from mutualscope.services.protection.findings import text_hash
from mutualscope.services.protection.pseudonyms import PseudonymBook
from mutualscope.storage.documents import Document
from mutualscope.storage.protection import (
    ACCEPTED,
    ADDED,
    PROPOSED,
    ProtectedText,
    ProtectionFinding,
)

DEFAULT_PROPOSED_CONFIDENCE = 0.5


@dataclass(frozen=True)
class AppliedDocument:
    document_id: int
    document: str
    replaced: int
    by_kind: dict[str, int]
    undecided: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ApplyReport:
    documents: list[AppliedDocument] = field(default_factory=list)
    include_proposed: bool = False

    @property
    def replaced(self) -> int:
        return sum(d.replaced for d in self.documents)


def _chosen(session: Session, refs: Sequence[str], everything: bool) -> list[Document]:
    if everything == bool(refs):
        raise InvalidInput("Name documents (by name or id) or give --all, one or the other.")
    if everything:
        return list(session.scalars(select(Document).order_by(Document.name)))
    return list({d.id: d for d in (find_document(session, r) for r in refs)}.values())


def _wanted(
    rows: list[ProtectionFinding], include_proposed: bool, floor: float
) -> list[ProtectionFinding]:
    """The findings to replace, one per stretch of text (the longest where they overlap)."""
    chosen = [
        row
        for row in rows
        if row.status in (ACCEPTED, ADDED)
        or (include_proposed and row.status == PROPOSED and row.confidence >= floor)
    ]
    kept = {
        (r.start, r.end) for r in without_overlaps(Replacement(r.start, r.end, "") for r in chosen)
    }
    return [row for row in chosen if (row.start, row.end) in kept]


def _name_everyone(book: PseudonymBook, rows: list[ProtectionFinding]) -> None:
    """Give each original its pseudonym in the order the texts name them, so that
    "[Person 1]" is the first person met; a first name alone is preceded by the one full
    name it is part of, so that "Julie" joins "Julie Sharp" wherever each is met first."""
    full_names: dict[str, set[str]] = {}
    for row in rows:
        words = original_key(row.text).split()
        if row.kind == PERSON and len(words) > 1:
            for word in words:
                full_names.setdefault(word, set()).add(row.text)
    for row in rows:
        fits = full_names.get(original_key(row.text), set())
        if row.kind == PERSON and len({original_key(f) for f in fits}) == 1:
            book.replacement(PERSON, next(iter(fits)))
        book.replacement(row.kind, row.text)


def apply_protection(
    session: Session,
    refs: Sequence[str] = (),
    *,
    everything: bool = False,
    include_proposed: bool = False,
    min_confidence: float = DEFAULT_PROPOSED_CONFIDENCE,
    actor: str | None = None,
) -> ApplyReport:
    """Build (or build again) the pseudonymised text of each document."""
    if not 0 <= min_confidence <= 1:
        raise InvalidInput(f"--min-confidence is between 0 and 1, not {min_confidence}.")
    documents = _chosen(session, refs, everything)
    book = PseudonymBook(session)
    report = ApplyReport(include_proposed=include_proposed)
    who = current_actor(session, actor)
    work = []
    for doc in documents:
        current = text_hash(doc.text)
        rows = list(
            session.scalars(
                select(ProtectionFinding)
                .where(ProtectionFinding.document_id == doc.id)
                .order_by(ProtectionFinding.start)
            )
        )
        if any(r.text_hash != current for r in rows):
            raise Conflict(
                f"{doc.name!r} has changed since it was scanned: run "
                f"`mutualscope protect scan --save {doc.name}` and review again; nothing "
                "was applied."
            )
        work.append((doc, current, rows, _wanted(rows, include_proposed, min_confidence)))
    _name_everyone(book, [row for *_, wanted in work for row in wanted])
    for doc, current, rows, wanted in work:
        chosen = [
            (row, Replacement(row.start, row.end, book.replacement(row.kind, row.text)))
            for row in wanted
        ]
        layer = pseudonymise(doc.text, [r for _, r in chosen])
        stored = session.get(ProtectedText, doc.id)
        if stored is None:
            stored = ProtectedText(document_id=doc.id)
            session.add(stored)
        stored.text = layer.text
        stored.spans = [list(s) for s in layer.offsets.spans]
        stored.source_hash = current
        stored.built_by = who
        applied = {(s[0], s[1]) for s in layer.offsets.spans}
        kinds = Counter(row.kind for row, r in chosen if (r.start, r.end) in applied)
        undecided = sum(1 for r in rows if r.status == PROPOSED)
        report.documents.append(
            AppliedDocument(doc.id, doc.name, len(applied), dict(kinds), undecided)
        )
        record_event(
            session, action="apply", entity_type="protected_text", entity_id=doc.id,
            after={"replaced": len(applied), "by_kind": dict(kinds),
                   "include_proposed": include_proposed},
            actor=who,
        )  # fmt: skip
    session.commit()
    return report


def protected_layer(session: Session, document_id: int) -> Layer | None:
    """The document's pseudonymised text and offset map, if built on its current text."""
    stored = session.get(ProtectedText, document_id)
    doc = session.get(Document, document_id)
    if stored is None or doc is None or stored.source_hash != text_hash(doc.text):
        return None
    spans = tuple((a, b, c, d) for a, b, c, d in stored.spans)
    return Layer(stored.text, OffsetMap(spans))


def protected_quote(session: Session, document_id: int, start: int, end: int) -> str | None:
    """The words of ``original[start:end]`` in the pseudonymised layer (None: no layer)."""
    layer = protected_layer(session, document_id)
    if layer is None:
        return None
    new_start, new_end = layer.offsets.span(start, end)
    return layer.text[new_start:new_end]
