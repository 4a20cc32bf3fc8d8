"""REFI-QDA text sources -> documents, and their selections and codings -> codings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain.speakers import detect_turns
from mutualscope.domain.text import count_words
from mutualscope.io.refi.elements import guid_key
from mutualscope.io.refi.model import RefiCoding, RefiProject, RefiSelection, RefiTextSource
from mutualscope.io.refi.offsets import MappedSource, map_source
from mutualscope.services.refi.bulk import all_ids_by_guid, ids_by_guid, insert_rows, unique_label
from mutualscope.services.refi.people import json_value
from mutualscope.services.refi.report import ImportReport
from mutualscope.storage.models import Coding, Document, DocumentFile, Segment

KINDS = ("interview", "focus-group", "evidence", "policy", "other")
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


@dataclass
class CodingTargets:
    """Where notes attached to selections and codings land: coding ids by GUID key."""

    coding_ids: dict[str, int] = field(default_factory=dict)
    selection_coding: dict[str, str] = field(default_factory=dict)
    selection_document: dict[str, int] = field(default_factory=dict)


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
) -> dict[str, ImportedSource]:
    existing = all_ids_by_guid(session, Document) if merge else {}
    taken = {name.casefold() for (name,) in session.execute(select(Document.name))}
    variables = {guid_key(v.guid): v.name for v in refi.variables}
    imported: dict[str, ImportedSource] = {}
    rows: list[dict[str, Any]] = []
    files: list[tuple[str, RefiTextSource]] = []
    pending: dict[str, tuple[RefiTextSource, MappedSource]] = {}
    for source in refi.sources:
        key = guid_key(source.guid)
        if key in pending or key in imported:
            report.dropped.append(f"source {source.name!r}: GUID {source.guid} repeated.")
            continue
        mapped = map_source(source)
        if key in existing:
            stored = session.scalar(select(Document.text).where(Document.id == existing[key]))
            if stored != mapped.text:
                report.dropped.append(
                    f"source {source.name!r} ({source.guid}): the project's document with "
                    "this GUID has a different text; the source and its codings are skipped."
                )
                continue
            imported[key] = ImportedSource(existing[key], source, mapped)
            report.match("documents")
            continue
        if mapped.counting != "code points as written":
            report.mapped.append(f"source {source.name!r}: offsets read with {mapped.counting}.")
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
        rows.append(
            {
                **fields,
                "guid": source.guid,
                "name": unique_label(source.name, taken, 300),
                "text": mapped.text,
                "length": len(mapped.text),
                "word_count": count_words(mapped.text),
                "case_id": document_case.get(key),
                "source_format": _format(source),
                "checksum": hashlib.sha256(original).hexdigest(),
                "created_at": source.created_at or datetime.now(UTC),
            }
        )
        pending[key] = (source, mapped)
        if source.original is not None:
            files.append((source.guid, source))
    insert_rows(session, Document, rows)
    ids = ids_by_guid(session, Document, [r["guid"] for r in rows])
    for key, (source, mapped) in pending.items():
        imported[key] = ImportedSource(ids[key], source, mapped)
    insert_rows(session, DocumentFile, [_file_row(ids[guid_key(g)], s) for g, s in files])
    insert_rows(session, Segment, _segment_rows(ids, pending))
    report.count("documents", len(rows))
    return imported


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


def import_codings(
    session: Session,
    sources: dict[str, ImportedSource],
    codes: dict[str, int],
    users: dict[str, int],
    noted: set[str],
    report: ImportReport,
    *,
    merge: bool,
) -> CodingTargets:
    """Insert the codings of every imported source. ``noted`` holds the GUID keys of the
    codings and selections that notes or descriptions will be attached to: only their
    ids are looked up afterwards."""
    existing = all_ids_by_guid(session, Coding) if merge else {}
    targets = CodingTargets()
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    uncoded = 0
    for imported in sources.values():
        source, mapped = imported.source, imported.mapped
        for selection, reason in mapped.out_of_range:
            ids = ", ".join(c.guid for c in selection.codings) or "no codings"
            report.dropped.append(
                f"selection {selection.guid} ({ids}) in source {source.name!r} "
                f"({source.guid}): {reason}."
            )
        whole = RefiSelection(guid=source.guid, start=0, end=len(mapped.text))
        spans = [(s, mapped.spans[s.guid]) for s in source.selections if s.guid in mapped.spans]
        if source.codings and mapped.text:
            whole.codings = source.codings
            spans.append((whole, (0, len(mapped.text))))
            report.mapped.append(
                f"source {source.name!r}: {len(source.codings)} coding(s) of the whole "
                "source became codings of the whole document text."
            )
        for selection, (start, end) in spans:
            selection_key = guid_key(selection.guid)
            if selection_key in noted:
                targets.selection_document[selection_key] = imported.id
            if not selection.codings:
                uncoded += 1
            for coding in selection.codings:
                row = _coding_row(coding, selection, imported.id, (start, end), codes, users)
                key = guid_key(coding.guid)
                if key in existing:
                    report.match("codings")
                    continue
                if key in seen:
                    report.dropped.append(f"coding {coding.guid}: GUID repeated in the file.")
                    continue
                if row is None:
                    report.dropped.append(
                        f"coding {coding.guid} (selection {selection.guid}, source "
                        f"{source.guid}) points at code {coding.code_guid}, which is missing."
                    )
                    continue
                seen.add(key)
                rows.append(row)
                if selection_key in noted:
                    targets.selection_coding.setdefault(selection_key, key)
    if uncoded:
        report.dropped.append(
            f"{uncoded} selection(s) without codings (their notes and descriptions are "
            "kept as document memos)."
        )
    insert_rows(session, Coding, rows)
    report.count("codings", len(rows))
    wanted = noted | set(targets.selection_coding.values())
    targets.coding_ids = ids_by_guid(
        session, Coding, [r["guid"] for r in rows if guid_key(r["guid"]) in wanted]
    )
    return targets


def _coding_row(
    coding: RefiCoding,
    selection: RefiSelection,
    document_id: int,
    span: tuple[int, int],
    codes: dict[str, int],
    users: dict[str, int],
) -> dict[str, Any] | None:
    code_id = codes.get(guid_key(coding.code_guid))
    if code_id is None:
        return None
    coder = coding.creating_user or selection.creating_user
    return {
        "guid": coding.guid,
        "document_id": document_id,
        "code_id": code_id,
        "start": span[0],
        "end": span[1],
        "coder_id": users.get(guid_key(coder)) if coder else None,
        "created_at": coding.created_at or selection.created_at or datetime.now(UTC),
    }
