"""REFI-QDA notes and selection descriptions -> memos, each on what it was attached to."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from mutualscope.io.refi import RefiProject, RefiSelection, walk_codes
from mutualscope.io.refi.elements import guid_key
from mutualscope.services.refi.bulk import all_ids_by_guid, insert_rows
from mutualscope.services.refi.codings import CodingTargets
from mutualscope.services.refi.documents import ImportedSource
from mutualscope.services.refi.doubtful import derive_memo_guid
from mutualscope.services.refi.report import ImportReport
from mutualscope.storage.base import new_guid
from mutualscope.storage.models import Memo


def import_notes(
    session: Session,
    refi: RefiProject,
    codes: dict[str, int],
    sources: dict[str, ImportedSource],
    targets: CodingTargets,
    users: dict[str, int],
    report: ImportReport,
    *,
    merge: bool,
) -> None:
    where: dict[str, tuple[str, int | None]] = {}
    repeated = 0

    def attach(refs: list[str], column: str, target: int | None) -> None:
        nonlocal repeated
        for ref in refs:
            if where.setdefault(guid_key(ref), (column, target)) != (column, target):
                repeated += 1

    attach(refi.project_note_refs, "project", None)
    for _path, code in walk_codes(refi.codes):
        attach(code.note_refs, "code_id", codes.get(guid_key(code.guid)))
    rows: list[dict[str, Any]] = []
    described: list[tuple[ImportedSource, RefiSelection, str, int | None]] = []
    for imported in sources.values():
        source = imported.source
        attach(source.note_refs, "document_id", imported.id)
        for selection in source.selections:
            for coding in selection.codings:
                if coding.note_refs:
                    coding_id = targets.coding_ids.get(guid_key(coding.guid))
                    attach(coding.note_refs, "coding_id", coding_id)
            if not (selection.note_refs or selection.description):
                continue
            sel_key = guid_key(selection.guid)
            coding_key = targets.selection_coding.get(sel_key)
            coding_id = targets.coding_ids.get(coding_key) if coding_key else None
            column, target = ("coding_id", coding_id) if coding_id else ("document_id", None)
            if target is None and sel_key in targets.selection_document:
                target = targets.selection_document[sel_key]
            if target is None:
                continue
            attach(selection.note_refs, column, target)
            if selection.description:
                described.append((imported, selection, column, target))
    existing = all_ids_by_guid(session, Memo) if merge else {}
    for imported, selection, column, target in described:
        guid = derive_memo_guid("description", selection.guid)
        if guid in existing:
            report.match("memos")
            continue
        start, end = imported.mapped.spans.get(selection.guid, (0, 0))
        assert selection.description is not None
        row = _memo_row(f"Selection {start}-{end}", selection.description, column, target)
        row["guid"] = guid
        row["created_at"] = selection.created_at or datetime.now(UTC)
        rows.append(row)
    seen: set[str] = set()
    for note in refi.notes:
        key = guid_key(note.guid)
        if key in existing:
            report.match("memos")
            continue
        if key in seen:
            report.doubtful.append(f"note {note.name!r}: GUID {note.guid} repeated; kept once.")
            continue
        seen.add(key)
        column, target = where.get(key, ("project", None))
        if column != "project" and target is None:
            report.doubtful.append(
                f"note {note.name!r} ({note.guid}) belonged to something not imported; "
                "kept as a project memo."
            )
            column = "project"
        text = note.text or note.description or ""
        if note.description and note.text:
            report.doubtful.append(
                f"note {note.name!r} ({note.guid}): its description was not kept."
            )
        rows.append(
            {
                **_memo_row(note.name, text, column, target),
                "guid": note.guid,
                "author_id": users.get(guid_key(note.creating_user))
                if note.creating_user
                else None,
                "created_at": note.created_at or datetime.now(UTC),
            }
        )
    known_notes = {guid_key(note.guid) for note in refi.notes}
    dangling = sorted(key for key in where if key not in known_notes)
    if dangling:
        report.doubtful.append(
            f"{len(dangling)} note reference(s) to notes not in the file: " + ", ".join(dangling)
        )
    if repeated:
        report.mapped.append(f"{repeated} note reference(s) to a second object: kept on the first.")
    insert_rows(session, Memo, rows)
    report.count("memos", len(rows))


def _memo_row(title: str | None, text: str, column: str, target: int | None) -> dict[str, Any]:
    """A memo row with every column set, so all rows of the bulk insert agree."""
    row: dict[str, Any] = {
        "title": title[:300] if title else None,
        "text": text,
        "guid": new_guid(),
        "author_id": None,
    }
    for name in ("document_id", "code_id", "coding_id"):
        row[name] = target if column == name else None
    return row
