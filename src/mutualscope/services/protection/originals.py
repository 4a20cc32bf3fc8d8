"""Removing the original text once its pseudonymised text is accepted (the archive case):
``protect remove-originals``.

For each chosen document, in one transaction, the pseudonymised text becomes the
document's text and the identifiable words go from everywhere the project keeps them:

- codings, turns, word times and coding suggestions move through the layer's offset map,
  exactly as quotes from the layer do (a coding inside a name covers its whole
  pseudonym); word times of replaced words and the document's passage vectors go;
- the search index is rebuilt from the new text;
- the original uploaded file (.docx, .pdf ...) is removed;
- its findings (which quote the original words) and its ``protected_text`` row go;
- audit events quoting an original of the document (a corrected turn's old words) have
  it replaced by its pseudonym (migration 0013 allows that one change);
- a recording linked to the document (voices and spoken names identify people) is
  removed unless ``keep_recordings``;
- the project's key (original -> pseudonym) stays unless ``drop_key`` (then only with
  every document, since the key is the project's).

A document without a pseudonymised text made on its current words, with proposed
findings nobody reviewed, or with findings accepted after the text was built is refused,
and nothing changes. Participants' labels, speaker labels, memos and document names are
not document text and stay as they are (docs/protection.md says how to handle them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, undefer

from mutualscope.domain.protection.pseudonyms import Layer, OffsetMap, replace_known
from mutualscope.errors import Conflict, InvalidInput
from mutualscope.services.audit import current_actor, record_event
from mutualscope.services.documents import find_document
from mutualscope.services.protection.archive import uncovered_findings
from mutualscope.services.protection.layers import protected_layer
from mutualscope.services.redaction import map_strings
from mutualscope.services.rewrites import (
    linked_recordings,
    move_spans,
    move_text_rows,
    reindex,
    remove_recordings,
    rewriting,
    set_text,
)
from mutualscope.storage.assist import AssistSuggestion, PassageEmbedding
from mutualscope.storage.codebook import Coding
from mutualscope.storage.documents import Document, DocumentFile, Segment
from mutualscope.storage.protection import ProtectedText, ProtectionFinding, Pseudonym
from mutualscope.storage.recordings import RecordingWord
from mutualscope.storage.users import AuditEvent

Span = tuple[int, int]


@dataclass(frozen=True)
class RemovedDocument:
    """What removing one document's original text changes (counts, never words)."""

    document_id: int
    document: str
    replaced: int
    codings: int
    codings_merged: int
    turns: int
    word_times_removed: int
    original_file: bool


@dataclass
class RemovalPlan:
    """What ``remove_originals`` does (or did)."""

    documents: list[RemovedDocument] = field(default_factory=list)
    recordings: list[str] = field(default_factory=list)
    keep_recordings: bool = False
    audit_events_scrubbed: int = 0
    drop_key: bool = False
    key_entries: int = 0

    def counts(self) -> dict[str, Any]:
        """The plan as its audit event records it: ids and counts, no words or names."""
        return {
            "documents": [d.document_id for d in self.documents],
            "replaced": sum(d.replaced for d in self.documents),
            "codings_merged": sum(d.codings_merged for d in self.documents),
            "word_times_removed": sum(d.word_times_removed for d in self.documents),
            "original_files_removed": sum(d.original_file for d in self.documents),
            "recordings": len(self.recordings),
            "recordings_kept": self.keep_recordings,
            "audit_events_scrubbed": self.audit_events_scrubbed,
            "key_dropped": self.drop_key,
            "key_entries": self.key_entries,
        }


@dataclass
class _Work:
    doc: Document
    layer: Layer
    removed_codings: list[int]
    moved_codings: dict[int, Span]
    segments: dict[int, Span]
    removed_words: list[int]
    moved_words: dict[int, Span]
    suggestions: dict[int, Span]
    original_file: bool

    @property
    def originals(self) -> dict[str, str]:
        """Each original of the document -> its pseudonym."""
        return {self.doc.text[a:b]: self.layer.text[c:d] for a, b, c, d in self.layer.offsets.spans}

    def summary(self, codings: int, turns: int) -> RemovedDocument:
        return RemovedDocument(
            self.doc.id, self.doc.name, len(self.layer.offsets.spans), codings,
            len(self.removed_codings), turns, len(self.removed_words), self.original_file,
        )  # fmt: skip


def _chosen(session: Session, refs: Sequence[str], everything: bool, lock: bool) -> list[Document]:
    if everything == bool(refs):
        raise InvalidInput("Name documents (by name or id) or give --all, one or the other.")
    query = select(Document).order_by(Document.name)
    if not everything:
        ids = {find_document(session, r).id for r in refs}
        query = query.where(Document.id.in_(ids))
    if lock:
        # Coding, turn and word inserts check their document's row: they wait for this.
        query = query.with_for_update().execution_options(populate_existing=True)
    return list(session.scalars(query.options(undefer(Document.text))))


def _layers(session: Session, docs: list[Document]) -> list[tuple[Document, Layer]]:
    """Each document's layer, or Conflict naming every document that cannot go."""
    problems: list[str] = []
    found = []
    for doc in docs:
        layer = protected_layer(session, doc.id)
        if layer is None:
            problems.append(
                f"{doc.name!r} has no pseudonymised text made on its current words "
                f"(run `mutualscope protect apply {doc.name}`)"
            )
            continue
        late, unreviewed = uncovered_findings(
            session, doc, [(a, b) for a, b, _, _ in layer.offsets.spans]
        )
        if late:
            problems.append(
                f"{doc.name!r} has {late} finding(s) accepted or added after its "
                "pseudonymised text was built (run `mutualscope protect apply` again)"
            )
        if unreviewed:
            problems.append(
                f"{doc.name!r} has {unreviewed} proposed finding(s) nobody reviewed "
                "(`mutualscope protect findings --status proposed`)"
            )
        found.append((doc, layer))
    if problems:
        raise Conflict("; ".join(problems) + ". Nothing was removed.")
    return found


def _codings(
    session: Session, doc_id: int, offsets: OffsetMap
) -> tuple[list[int], dict[int, Span]]:
    """Codings to remove (two that became the same coding keep the first) and to move."""
    removed: list[int] = []
    moved: dict[int, Span] = {}
    kept: set[tuple[int, int, int, int | None]] = set()
    rows = session.execute(
        select(Coding.id, Coding.code_id, Coding.start, Coding.end, Coding.coder_id)
        .where(Coding.document_id == doc_id)
        .order_by(Coding.id)
    )
    for coding_id, code_id, start, end, coder_id in rows:
        span = offsets.span(start, end)
        key = (code_id, *span, coder_id)
        if key in kept:
            removed.append(coding_id)
            continue
        kept.add(key)
        if span != (start, end):
            moved[coding_id] = span
    return removed, moved


def _spans(session: Session, model: Any, doc_id: int, offsets: OffsetMap) -> dict[int, Span]:
    query = select(model.id, model.start, model.end).where(model.document_id == doc_id)
    moved = {}
    for row_id, start, end in session.execute(query):
        span = offsets.span(start, end)
        if span != (start, end):
            moved[row_id] = span
    return moved


def _words(session: Session, doc_id: int, offsets: OffsetMap) -> tuple[list[int], dict[int, Span]]:
    """Word times of replaced words (to remove) and of the others (to move)."""
    removed: list[int] = []
    moved: dict[int, Span] = {}
    replaced = [(a, b) for a, b, _, _ in offsets.spans]
    query = select(RecordingWord.id, RecordingWord.start, RecordingWord.end).where(
        RecordingWord.document_id == doc_id
    )
    for word_id, start, end in session.execute(query):
        if any(start < b and a < end for a, b in replaced):
            removed.append(word_id)
        elif (span := offsets.span(start, end)) != (start, end):
            moved[word_id] = span
    return removed, moved


def _work_out(session: Session, doc: Document, layer: Layer) -> _Work:
    offsets = layer.offsets
    removed, moved = _codings(session, doc.id, offsets)
    removed_words, moved_words = _words(session, doc.id, offsets)
    return _Work(
        doc, layer, removed, moved,
        _spans(session, Segment, doc.id, offsets), removed_words, moved_words,
        _spans(session, AssistSuggestion, doc.id, offsets),
        session.get(DocumentFile, doc.id) is not None,
    )  # fmt: skip


def _refs(work: list[_Work]) -> set[str]:
    return {w.doc.audio_ref for w in work if w.doc.audio_ref}


def _scrubbed(value: Any, key: dict[str, str]) -> tuple[Any, bool]:
    """A JSON value with every original of ``key`` in its strings replaced."""

    def pseudonymised(words: str) -> str | None:
        new = replace_known(words, key)
        return None if new == words else new

    return map_strings(value, pseudonymised)


def _audit_scrubs(session: Session, key: dict[str, str]) -> dict[int, dict[str, Any]]:
    """New before/after values of the audit events that quote an original."""
    found: dict[int, dict[str, Any]] = {}
    if not key:
        return found
    for event_id, before, after in session.execute(
        select(AuditEvent.id, AuditEvent.before, AuditEvent.after)
    ):
        values = {}
        for name, value in (("before", before), ("after", after)):
            new, changed = _scrubbed(value, key)
            if changed:
                values[name] = new
        if values:
            found[event_id] = values
    # The trail's JSON writes other characters as escapes, in which the audit trigger
    # (migration 0013) cannot find the pseudonym.
    unwritable = sorted({p for p in key.values() if not p.isascii()}) if found else []
    if unwritable:
        raise Conflict(
            f"The audit trail quotes originals whose pseudonyms it cannot hold: "
            f"{', '.join(unwritable)} (only ASCII letters, digits and signs). Change them "
            "with `mutualscope protect pseudonym`, run `protect apply` again, then remove "
            "the originals. Nothing was removed."
        )
    return found


def _work(
    session: Session, refs: Sequence[str], everything: bool, drop_key: bool, *, lock: bool
) -> list[_Work]:
    if drop_key and not everything:
        raise InvalidInput(
            "--drop-key removes the project's whole key, so it goes with --all only "
            "(every document's original text removed)."
        )
    docs = _chosen(session, refs, everything, lock)
    return [_work_out(session, doc, layer) for doc, layer in _layers(session, docs)]


def _plan(
    session: Session, work: list[_Work], *, keep_recordings: bool, drop_key: bool
) -> RemovalPlan:
    key = {o: p for w in work for o, p in w.originals.items()}
    documents = []
    for w in work:
        codings = session.scalar(
            select(func.count()).select_from(Coding).where(Coding.document_id == w.doc.id)
        )
        turns = session.scalar(
            select(func.count()).select_from(Segment).where(Segment.document_id == w.doc.id)
        )
        documents.append(w.summary(codings or 0, turns or 0))
    return RemovalPlan(
        documents=documents,
        recordings=linked_recordings(session, _refs(work)),
        keep_recordings=keep_recordings,
        audit_events_scrubbed=len(_audit_scrubs(session, key)),
        drop_key=drop_key,
        key_entries=session.scalar(select(func.count()).select_from(Pseudonym)) or 0,
    )


def plan_removal(
    session: Session,
    refs: Sequence[str] = (),
    *,
    everything: bool = False,
    keep_recordings: bool = False,
    drop_key: bool = False,
) -> RemovalPlan:
    """What :func:`remove_originals` would do; refuses as it would; changes nothing."""
    try:
        work = _work(session, refs, everything, drop_key, lock=False)
        return _plan(session, work, keep_recordings=keep_recordings, drop_key=drop_key)
    finally:
        session.rollback()


def _rewrite(session: Session, w: _Work) -> None:
    doc_id = w.doc.id
    session.execute(delete(ProtectionFinding).where(ProtectionFinding.document_id == doc_id))
    session.execute(delete(ProtectedText).where(ProtectedText.document_id == doc_id))
    session.execute(delete(PassageEmbedding).where(PassageEmbedding.document_id == doc_id))
    session.execute(delete(DocumentFile).where(DocumentFile.document_id == doc_id))
    # Notes on a coding merged into its twin stay, as notes on the document.
    move_text_rows(
        session, doc_id, removed_codings=w.removed_codings, moved_codings=w.moved_codings,
        segments=w.segments, removed_words=w.removed_words, moved_words=w.moved_words,
    )  # fmt: skip
    move_spans(session, AssistSuggestion, w.suggestions)
    set_text(session, doc_id, w.layer.text)


def remove_originals(
    session: Session,
    refs: Sequence[str] = (),
    *,
    everything: bool = False,
    keep_recordings: bool = False,
    drop_key: bool = False,
    actor: str | None = None,
) -> RemovalPlan:
    """Make each document's pseudonymised text its only text (see the module's
    description) and commit; returns what was done. Cannot be undone but from a backup."""
    who = current_actor(session, actor)
    session.rollback()
    with rewriting(session):
        work = _work(session, refs, everything, drop_key, lock=True)
        plan = _plan(session, work, keep_recordings=keep_recordings, drop_key=drop_key)
        key = {o: p for w in work for o, p in w.originals.items()}
        for event_id, values in _audit_scrubs(session, key).items():
            # Before the key goes: the audit trigger checks the new words hold a pseudonym.
            session.execute(update(AuditEvent).where(AuditEvent.id == event_id).values(**values))
        for w in work:
            _rewrite(session, w)
        if not keep_recordings:
            remove_recordings(session, _refs(work))
        if drop_key:
            session.execute(delete(Pseudonym))
        session.flush()
        reindex(session.connection(), merge=bool(work))
        record_event(
            session, action="remove-originals", entity_type="document", entity_id=None,
            after=plan.counts(), actor=who,
        )  # fmt: skip
    return plan
