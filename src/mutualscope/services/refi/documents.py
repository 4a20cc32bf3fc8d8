"""REFI-QDA text sources -> documents, and their selections and codings -> codings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain.choices import DOCUMENT_KINDS
from mutualscope.domain.speakers import detect_turns
from mutualscope.domain.text import count_words
from mutualscope.io.refi.elements import guid_key
from mutualscope.io.refi.evidence import Choice, choose_countings
from mutualscope.io.refi.model import RefiProject, RefiTextSource
from mutualscope.io.refi.offsets import Doubt, MappedSource, map_source
from mutualscope.services.refi.bulk import (
    BATCH,
    all_ids_by_guid,
    ids_by_guid,
    insert_rows,
    unique_label,
)
from mutualscope.services.refi.people import json_value
from mutualscope.services.refi.report import ImportReport
from mutualscope.storage.models import Document, DocumentFile, Segment

KINDS = DOCUMENT_KINDS
#: Source variables mutualscope writes for its own document fields.
KIND_VARIABLE, DATE_VARIABLE, LANGUAGE_VARIABLE = "Document kind", "Document date", "Language"
_MEDIA_TYPES = {
    ".txt": "text/plain",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}


@dataclass
class ImportedSource:
    id: int
    source: RefiTextSource
    mapped: MappedSource


def _document_fields(
    source: RefiTextSource, variables: dict[str, str], report: ImportReport
) -> dict[str, Any]:
    values = {
        variables.get(guid_key(v.variable_guid), v.variable_guid): json_value(v.value)
        for v in source.variable_values
    }
    kind = str(values.pop(KIND_VARIABLE, "other"))
    fields: dict[str, Any] = {"kind": kind if kind in KINDS else "other"}
    raw_date = values.pop(DATE_VARIABLE, None)
    try:
        fields["document_date"] = datetime.fromisoformat(str(raw_date)).date() if raw_date else None
    except ValueError:
        report.doubtful.append(f"source {source.name!r}: document date {raw_date!r} not a date.")
        fields["document_date"] = None
    language = values.pop(LANGUAGE_VARIABLE, None)
    fields["language"] = str(language)[:20] if language else None
    attributes: dict[str, Any] = {}
    if values:
        attributes["variables"] = values
    fields["attributes"] = attributes
    return fields


def import_documents(
    session: Session,
    refi: RefiProject,
    document_case: dict[str, int],
    report: ImportReport,
    *,
    merge: bool,
    choices: dict[str, Choice] | None = None,
    doubts: dict[str, Doubt] | None = None,
) -> dict[str, ImportedSource]:
    """Map every text source's offsets and store its text as a document, a few MB of text
    at a time; each source's text and file are let go once stored. ``choices`` give the
    counting of sources whose counting is known (else it is chosen from the evidence);
    ``doubts`` (by selection GUID) mark selections known to be doubtful."""
    existing = all_ids_by_guid(session, Document) if merge else {}
    taken = {name.casefold() for (name,) in session.execute(select(Document.name))}
    variables = {guid_key(v.guid): v.name for v in refi.variables}
    imported: dict[str, ImportedSource] = {}
    batch = _Batch()
    choices = dict(choices) if choices is not None else choose_countings(refi.sources)
    for source in refi.sources:
        key = guid_key(source.guid)
        if key in batch.pending or key in imported:
            report.dropped.append(f"source {source.name!r}: GUID {source.guid} repeated.")
            continue
        choice = choices.pop(source.guid, None) or choose_countings([source])[source.guid]
        mapped = map_source(source, choice)
        if doubts:
            _mark(source, mapped, doubts)
        if key in existing:
            stored = session.scalar(select(Document.text).where(Document.id == existing[key]))
            if stored != mapped.text:
                report.dropped.append(
                    f"source {source.name!r} ({source.guid}): the project's document with "
                    "this GUID has a different text; the source and its codings are skipped."
                )
                continue
        # Said for matched documents too: their new codings are placed by it.
        report.offsets.append(
            {
                "document": source.name,
                "guid": source.guid,
                "counting": mapped.counting,
                "basis": choice.basis,
                "reason": mapped.reason,
                "selections": len(source.selections),
                "doubtful": len(mapped.doubtful),
            }
        )
        if key in existing:
            imported[key] = ImportedSource(existing[key], source, mapped)
            report.match("documents")
            _release(source, mapped)
            continue
        row = _document_row(source, mapped, variables, report)
        row["name"] = unique_label(source.name, taken, 300)
        row["case_id"] = document_case.get(key)
        batch.add(key, source, mapped, row)
        if batch.chars >= TEXT_BATCH_CHARS or len(batch.rows) >= BATCH:
            _store(session, batch, imported, report)
            batch = _Batch()
    _store(session, batch, imported, report)
    return imported


def _mark(source: RefiTextSource, mapped: MappedSource, doubts: dict[str, Doubt]) -> None:
    for selection in source.selections:
        doubt = doubts.get(selection.guid)
        span = mapped.spans.get(selection.guid)
        if doubt is not None and span is not None:
            doubt.words = mapped.text[span[0] : span[1]]
            mapped.doubtful[selection.guid] = doubt


#: Text stored per batch of documents (characters).
TEXT_BATCH_CHARS = 8_000_000


@dataclass
class _Batch:
    rows: list[dict[str, Any]] = field(default_factory=list)
    pending: dict[str, tuple[RefiTextSource, MappedSource]] = field(default_factory=dict)
    chars: int = 0

    def add(
        self, key: str, source: RefiTextSource, mapped: MappedSource, row: dict[str, Any]
    ) -> None:
        self.rows.append(row)
        self.pending[key] = (source, mapped)
        self.chars += len(mapped.text)


def _document_row(
    source: RefiTextSource, mapped: MappedSource, variables: dict[str, str], report: ImportReport
) -> dict[str, Any]:
    fields = _document_fields(source, variables, report)
    refi_meta: dict[str, Any] = {
        "selections": {
            f"{s}-{e}": sel.guid
            for sel in source.selections
            if (span := mapped.spans.get(sel.guid)) is not None
            for s, e in [span]
        }
    }
    if source.description:
        refi_meta["description"] = source.description
    if source.representation_guid:
        refi_meta["representation_guid"] = source.representation_guid
    fields["attributes"]["refi"] = refi_meta
    original = source.original or mapped.text.encode("utf-8")
    return {
        **fields,
        "guid": source.guid,
        "text": mapped.text,
        "length": len(mapped.text),
        "word_count": count_words(mapped.text),
        "source_format": _format(source),
        "checksum": hashlib.sha256(original).hexdigest(),
        "created_at": source.created_at or datetime.now(UTC),
    }


def _store(
    session: Session, batch: _Batch, imported: dict[str, ImportedSource], report: ImportReport
) -> None:
    """Insert a batch of documents with their files and speaker turns."""
    if not batch.rows:
        return
    insert_rows(session, Document, batch.rows)
    ids = ids_by_guid(session, Document, [row["guid"] for row in batch.rows])
    files = [
        _file_row(ids[key], source)
        for key, (source, _mapped) in batch.pending.items()
        if source.original is not None
    ]
    insert_rows(session, DocumentFile, files)
    insert_rows(session, Segment, _segment_rows(ids, batch.pending))
    for key, (source, mapped) in batch.pending.items():
        imported[key] = ImportedSource(ids[key], source, mapped)
        _release(source, mapped)
    report.count("documents", len(batch.rows))


def _release(source: RefiTextSource, mapped: MappedSource) -> None:
    """Let go of a stored source's text and file: a large project holds hundreds of MB
    of them, and from here on only the spans (and the mapped length) are needed."""
    source.text = ""
    source.original = None
    mapped.text = ""


def _segment_rows(
    ids: dict[str, int], pending: dict[str, tuple[RefiTextSource, MappedSource]]
) -> list[dict[str, Any]]:
    """Speaker turns found in each new document, as the transcript import finds them,
    so quotes from imported documents are attributed to their speakers."""
    rows = []
    for key, (_source, mapped) in pending.items():
        for position, turn in enumerate(detect_turns(mapped.text)):
            rows.append(
                {
                    "document_id": ids[key],
                    "position": position,
                    "start": turn.start,
                    "end": turn.end,
                    "speaker": turn.speaker[:200] if turn.speaker else None,
                    "participant_id": None,
                    "time_start": turn.time_start,
                    "time_end": turn.time_end,
                }
            )
    return rows


def _format(source: RefiTextSource) -> str:
    """What the kept original is: pdf, docx or txt (inline text counts as txt)."""
    suffix = PurePosixPath(source.original_name or "").suffix.lower().lstrip(".")
    return suffix if suffix in ("pdf", "docx") else "txt"


def _file_row(document_id: int, source: RefiTextSource) -> dict[str, Any]:
    assert source.original is not None
    suffix = PurePosixPath(source.original_name or "").suffix.lower()
    filename = source.name if source.name.lower().endswith(suffix) else source.name + suffix
    return {
        "document_id": document_id,
        "filename": filename[:500],
        "media_type": _MEDIA_TYPES.get(suffix),
        "size": len(source.original),
        "content": source.original,
    }
