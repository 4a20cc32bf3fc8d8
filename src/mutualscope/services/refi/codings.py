"""REFI-QDA selections and their codings -> codings, on the spans the offsets map to;
codings whose words are in doubt are listed for the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.io.refi.elements import guid_key
from mutualscope.io.refi.model import RefiCoding, RefiSelection
from mutualscope.io.refi.offsets import Doubt
from mutualscope.services.refi.bulk import (
    BATCH,
    LOOKUP_BATCH,
    all_ids_by_guid,
    ids_by_guid,
    insert_rows,
)
from mutualscope.services.refi.documents import ImportedSource
from mutualscope.services.refi.report import ImportReport
from mutualscope.storage.models import Coding


@dataclass
class CodingTargets:
    """Where notes attached to selections and codings land: coding ids by GUID key."""

    coding_ids: dict[str, int] = field(default_factory=dict)
    selection_coding: dict[str, str] = field(default_factory=dict)
    selection_document: dict[str, int] = field(default_factory=dict)
    #: GUID keys of the imported codings whose words are in doubt, with their report item.
    doubtful: dict[str, dict[str, Any]] = field(default_factory=dict)


def import_codings(
    session: Session,
    sources: dict[str, ImportedSource],
    codes: dict[str, int],
    users: dict[str, int],
    noted: set[str],
    report: ImportReport,
    *,
    merge: bool,
    code_paths: dict[str, str] | None = None,
    positions: dict[str, tuple[int, int]] | None = None,
) -> CodingTargets:
    """Insert the codings of every imported source, a batch at a time. ``noted`` holds
    the GUID keys of the codings and selections that notes or descriptions will be
    attached to: only their ids (and those of doubtful codings) are looked up afterwards.
    Codings on doubtful selections are listed in the report (``code_paths`` names their
    codes; ``positions`` gives, by selection GUID, the offsets the file wrote when the
    selection's were changed before)."""
    existing = all_ids_by_guid(session, Coding) if merge else {}
    # A coder codes a span with a code once: a coding repeating one already in the
    # project, or one earlier in the file, is folded into it (notes follow it there).
    held = _held_spans(session, [s.id for s in sources.values()]) if merge else {}
    kept: dict[tuple[Any, ...], str] = {}
    folded_into: dict[str, str] = {}
    folded = 0
    targets = CodingTargets()
    rows: list[dict[str, Any]] = []
    looked_up: list[str] = []
    seen: set[str] = set()
    uncoded = inserted = 0
    for imported in sources.values():
        source, mapped = imported.source, imported.mapped
        for selection, reason in mapped.out_of_range:
            ids = ", ".join(c.guid for c in selection.codings) or "no codings"
            report.dropped.append(
                f"selection {selection.guid} ({ids}) in source {source.name!r} "
                f"({source.guid}): {reason}."
            )
        for selection, (start, end) in _spans(imported, report):
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
                span_key = _span_key(row)
                if span_key in held or span_key in kept:
                    folded += 1
                    if span_key in held:
                        targets.coding_ids[key] = held[span_key]
                    else:
                        folded_into[key] = kept[span_key]
                        looked_up.append(kept[span_key])
                    if selection_key in noted:
                        targets.selection_coding.setdefault(selection_key, key)
                    continue
                kept[span_key] = coding.guid
                rows.append(row)
                if selection_key in noted:
                    targets.selection_coding.setdefault(selection_key, key)
                doubt = mapped.doubtful.get(selection.guid)
                if doubt is not None:
                    item = make_doubtful_item(imported, selection, coding, (start, end), doubt)
                    item["code"] = (code_paths or {}).get(guid_key(coding.code_guid), item["code"])
                    if positions and selection.guid in positions:
                        item["start"], item["end"] = positions[selection.guid]
                    report.doubtful_codings.append(item)
                    targets.doubtful[key] = item
                if key in noted or selection_key in noted or doubt is not None:
                    looked_up.append(coding.guid)
                if len(rows) == BATCH:
                    insert_rows(session, Coding, rows)
                    inserted += len(rows)
                    rows = []
    if uncoded:
        report.dropped.append(
            f"{uncoded} selection(s) without codings (their notes and descriptions are "
            "kept as document memos)."
        )
    if folded:
        report.mapped.append(
            f"{folded} coding(s) repeat another coding of the same span with the same code "
            "by the same coder (in the file or the project): each was folded into that one."
        )
    insert_rows(session, Coding, rows)
    report.count("codings", inserted + len(rows))
    targets.coding_ids.update(ids_by_guid(session, Coding, looked_up))
    for key, guid in folded_into.items():
        found = targets.coding_ids.get(guid_key(guid))
        if found is not None:
            targets.coding_ids[key] = found
    return targets


def _span_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["document_id"], row["code_id"], row["start"], row["end"], row["coder_id"])


def _held_spans(session: Session, document_ids: list[int]) -> dict[tuple[Any, ...], int]:
    """``{(document, code, start, end, coder): coding id}`` of the codings the project
    already holds on these documents."""
    columns = (Coding.document_id, Coding.code_id, Coding.start, Coding.end, Coding.coder_id)
    held: dict[tuple[Any, ...], int] = {}
    for start in range(0, len(document_ids), LOOKUP_BATCH):
        chunk = document_ids[start : start + LOOKUP_BATCH]
        for row in session.execute(
            select(Coding.id, *columns).where(Coding.document_id.in_(chunk))
        ):
            held[tuple(row[1:])] = row[0]
    return held


def _spans(
    imported: ImportedSource, report: ImportReport
) -> list[tuple[RefiSelection, tuple[int, int]]]:
    """The mapped selections of a source, and a whole-text selection for the codings of
    the source as a whole."""
    source, mapped = imported.source, imported.mapped
    spans = [(s, mapped.spans[s.guid]) for s in source.selections if s.guid in mapped.spans]
    if source.codings and mapped.length:
        whole = RefiSelection(guid=source.guid, start=0, end=mapped.length)
        whole.codings = source.codings
        spans.append((whole, (0, mapped.length)))
        report.mapped.append(
            f"source {source.name!r}: {len(source.codings)} coding(s) of the whole "
            "source became codings of the whole document text."
        )
    return spans


def make_doubtful_item(
    imported: ImportedSource,
    selection: RefiSelection,
    coding: RefiCoding,
    span: tuple[int, int],
    doubt: Doubt,
) -> dict[str, Any]:
    """A doubtful coding as the report lists it: where it is, its words as stored, why
    they are in doubt and the words each other counting gives."""
    source, mapped = imported.source, imported.mapped
    return {
        "document": source.name,
        "document_guid": source.guid,
        "code": coding.code_guid,
        "coding": coding.guid,
        "selection": selection.guid,
        "start": selection.start,
        "end": selection.end,
        "stored_start": span[0],
        "stored_end": span[1],
        "words": doubt.words,
        "counting": mapped.counting,
        "reason": doubt.reason,
        "alternatives": [
            {"counting": label, "words": words} for label, words in doubt.alternatives
        ],
    }


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
