"""Importing a .qdpx project or a .qdc codebook into the project, all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mutualscope.errors import Conflict, InvalidInput
from mutualscope.io.refi import (
    RefiCodebook,
    RefiProject,
    is_codebook_file,
    read_qdc,
    read_qdpx,
    walk_codes,
)
from mutualscope.io.refi.elements import guid_key
from mutualscope.services.audit import record_event
from mutualscope.services.collector import collector_paused
from mutualscope.services.refi.bulk import all_ids_by_guid, insert_rows
from mutualscope.services.refi.codebook import import_codes
from mutualscope.services.refi.documents import (
    CodingTargets,
    ImportedSource,
    import_codings,
    import_documents,
)
from mutualscope.services.refi.people import import_cases, import_users, link_speakers
from mutualscope.services.refi.report import ImportReport
from mutualscope.services.refi.state import load_state, merge_by_guid, save_state
from mutualscope.storage.base import new_guid
from mutualscope.storage.models import Case, Code, Coding, Document, Memo, Participant

_CONTENT = {
    "documents": Document,
    "codes": Code,
    "codings": Coding,
    "memos": Memo,
    "cases": Case,
    "participants": Participant,
}


def import_refi(
    session: Session,
    *,
    path: Path,
    merge: bool = False,
    dry_run: bool = False,
    actor: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import ``path`` (.qdpx, or .qdc for a codebook). Without ``merge`` the project
    must hold none of what the file brings. Everything is written in one transaction,
    rolled back on error, when nothing could be imported, or for a dry run.
    ``progress`` hears a line as each stage starts."""
    say = progress or _quiet
    path = Path(path)
    is_codebook = is_codebook_file(path)
    report = ImportReport(file=path.name, kind="qdc" if is_codebook else "qdpx", merge=merge)
    report.dry_run = dry_run
    try:
        say(f"Reading {path.name} ...")
        with collector_paused():
            if is_codebook:
                _import_codebook(session, read_qdc(path), report, merge=merge)
            else:
                _import_project(session, read_qdpx(path), report, merge=merge, say=say)
        if not report.anything_imported:
            raise InvalidInput(
                f"Nothing in {path} could be imported; the project is unchanged.",
                (report.dropped + report.doubtful)[:20],
            )
        memo = Memo(title=f"REFI-QDA import: {path.name}", text=report.to_text())
        session.add(memo)
        record_event(
            session,
            action="refi.import",
            entity_type="project",
            after={"file": path.name, "imported": report.imported, "matched": report.matched},
            actor=actor,
        )
        session.flush()
        if dry_run:
            session.rollback()
        else:
            session.commit()
            report.memo_id = memo.id
        # Rows were written with Core; objects the caller holds may describe old rows.
        session.expire_all()
    except IntegrityError as error:
        session.rollback()
        raise InvalidInput(
            f"{path} could not be stored: it clashes with the project ({error.orig}). "
            "Nothing was imported."
        ) from error
    except BaseException:
        session.rollback()
        raise
    return report


def _refuse_content(session: Session, kinds: tuple[str, ...]) -> None:
    present = []
    for kind in kinds:
        n = session.scalar(select(func.count()).select_from(_CONTENT[kind])) or 0
        if n:
            present.append(f"{n} {kind}")
    if present:
        raise Conflict(
            f"The project already has {', '.join(present)}. Import into an empty project, "
            "or add --merge to add to it (codes are matched by GUID, then by path)."
        )


def _import_codebook(
    session: Session, codebook: RefiCodebook, report: ImportReport, *, merge: bool
) -> None:
    report.origin = codebook.origin
    report.doubtful.extend(codebook.problems)
    if not merge:
        _refuse_content(session, ("codes",))
    import_codes(session, codebook.codes, report, merge=merge)
    _keep_state(session, report, sets=[asdict(s) for s in codebook.sets])


def _quiet(_message: str) -> None:
    pass


def _import_project(
    session: Session,
    refi: RefiProject,
    report: ImportReport,
    *,
    merge: bool,
    say: Callable[[str], None] = _quiet,
) -> None:
    report.origin = refi.origin
    report.doubtful.extend(refi.problems)
    if not merge:
        _refuse_content(session, tuple(_CONTENT))
    say(f"Coders, {len(refi.codes)} top-level codes and {len(refi.cases)} cases ...")
    users = import_users(session, refi.users, _creators(refi), report)
    codes = import_codes(session, refi.codes, report, merge=merge)
    plan = import_cases(session, refi, report, merge=merge)
    say(f"{len(refi.sources)} documents ...")
    sources = import_documents(session, refi, plan.document_case, report, merge=merge)
    link_speakers(session, plan.speakers, {k: v.id for k, v in sources.items()}, report)
    noted = {
        guid_key(c.guid)
        for source in refi.sources
        for selection in source.selections
        for c in selection.codings
        if c.note_refs
    }
    noted |= {
        guid_key(selection.guid)
        for source in refi.sources
        for selection in source.selections
        if selection.note_refs or selection.description
    }
    say("Codings and memos ...")
    targets = import_codings(session, sources, codes, users, noted, report, merge=merge)
    _import_notes(session, refi, codes, sources, targets, users, report, merge=merge)
    known_sources = {guid_key(s.guid) for s in refi.sources}
    known_sources |= {guid_key(o.guid) for o in refi.other_sources}
    for case in refi.cases:
        missing = [g for g in case.source_refs if guid_key(g) not in known_sources]
        if missing:
            report.doubtful.append(
                f"case {case.name!r} ({case.guid}) refers to source(s) not in the file: "
                + ", ".join(missing)
            )
    for other in refi.other_sources:
        report.dropped.append(
            f"{other.kind} source {other.name!r} ({other.guid}): not imported "
            f"({other.selections} selection(s), {other.codings} coding(s))."
        )
    if refi.links:
        report.dropped.append(f"{refi.links} link(s) between objects (not held by mutualscope).")
    if refi.graphs:
        report.dropped.append(f"{refi.graphs} graph(s) (not held by mutualscope).")
    _keep_state(
        session,
        report,
        sets=[asdict(s) for s in refi.sets],
        variables=[asdict(v) for v in refi.variables],
        project={"name": refi.name, "origin": refi.origin, "description": refi.description},
    )


def _creators(refi: RefiProject) -> set[str]:
    found: set[str] = set()
    for source in refi.sources:
        for selection in source.selections:
            found.update(guid_key(c.creating_user) for c in selection.codings if c.creating_user)
            if selection.creating_user:
                found.add(guid_key(selection.creating_user))
        found.update(guid_key(c.creating_user) for c in source.codings if c.creating_user)
    found.update(guid_key(n.creating_user) for n in refi.notes if n.creating_user)
    return found


def _keep_state(
    session: Session,
    report: ImportReport,
    *,
    sets: list[dict[str, Any]],
    variables: list[dict[str, Any]] | None = None,
    project: dict[str, Any] | None = None,
) -> None:
    if not sets and not variables and project is None:
        return
    state = load_state(session)
    state["sets"] = merge_by_guid(state.get("sets", []), sets)
    if variables:
        state["variables"] = merge_by_guid(state.get("variables", []), variables)
    if project is not None and "project" not in state:
        state["project"] = project
    save_state(session, state)
    if sets:
        report.count("sets", len(sets))
        report.mapped.append(f"{len(sets)} set(s) kept in the project settings for export.")


def _import_notes(
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
                start, end = imported.mapped.spans.get(selection.guid, (0, 0))
                row = _memo_row(f"Selection {start}-{end}", selection.description, column, target)
                row["created_at"] = selection.created_at or datetime.now(UTC)
                rows.append(row)
    existing = all_ids_by_guid(session, Memo) if merge else {}
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
