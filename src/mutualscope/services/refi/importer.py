"""Importing a .qdpx project or a .qdc codebook into the project, all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mutualscope.domain.codepaths import join_code_path
from mutualscope.errors import Conflict, InvalidInput
from mutualscope.io.qualcoder import (
    QualCoderProject,
    find_data_file,
    is_qualcoder_project,
    read_qualcoder,
)
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
from mutualscope.services.refi.bulk import insert_rows
from mutualscope.services.refi.codebook import import_codes
from mutualscope.services.refi.codings import import_codings
from mutualscope.services.refi.documents import import_documents
from mutualscope.services.refi.doubtful import build_doubtful_memos
from mutualscope.services.refi.notes import import_notes
from mutualscope.services.refi.people import import_cases, import_users, link_speakers
from mutualscope.services.refi.provenance import (
    checksum_file,
    derive_report_guid,
    find_earlier_import,
)
from mutualscope.services.refi.qualcoder import (
    KnownPlacements,
    describe_moves,
    known_placements,
)
from mutualscope.services.refi.report import DoubtfulImport, ImportReport
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
    accept_doubtful: bool = False,
    actor: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import ``path`` (.qdpx, .qdc for a codebook, or a QualCoder project: its folder
    or its ``data.qda``, opened read-only). Without ``merge`` the project
    must hold none of what the file brings. Everything is written in one transaction,
    rolled back on error, when nothing could be imported, or for a dry run.

    Codings whose words are in doubt (no counting of the file's offsets is clearly
    right for them) are imported, each marked by a memo, only with ``accept_doubtful``;
    otherwise nothing is saved and :class:`DoubtfulImport` carries the report.

    The project remembers each file by its SHA-256: importing a file it already holds
    changes nothing (without ``merge``), or adds only what the project lacks of it
    (with ``merge``), so that a run interrupted at any point and run again leaves the
    project as one run would. ``progress`` hears a line as each stage starts."""
    say = progress or _quiet
    path = Path(path)
    is_codebook = is_codebook_file(path)
    qualcoder = not is_codebook and is_qualcoder_project(path)
    kind = "qdc" if is_codebook else "qualcoder" if qualcoder else "qdpx"
    report = ImportReport(file=path.name, kind=kind, merge=merge)
    report.dry_run = dry_run
    report.accepted_doubtful = accept_doubtful
    try:
        report.checksum = checksum_file(find_data_file(path) if qualcoder else path)
        report.earlier_import = find_earlier_import(session, report.checksum)
        if report.earlier_import is not None and not merge:
            session.rollback()
            return report
        say(f"Reading {path.name} ...")
        with collector_paused():
            if is_codebook:
                _import_codebook(session, read_qdc(path), report, merge=merge)
            elif qualcoder:
                _import_qualcoder(
                    session,
                    read_qualcoder(path),
                    report,
                    merge=merge,
                    say=say,
                    doubtful=accept_doubtful,
                )
            else:
                _import_project(
                    session, read_qdpx(path), report, merge=merge, say=say, doubtful=accept_doubtful
                )
        if not report.anything_imported:
            raise InvalidInput(
                f"Nothing in {path} could be imported; the project is unchanged.",
                (report.dropped + report.doubtful)[:20],
            )
        if report.doubtful_codings and not accept_doubtful:
            why = (
                "their words are not surely where QualCoder stored them"
                if qualcoder
                else "no counting of their offsets is clearly right, so their words are uncertain"
            )
            raise DoubtfulImport(
                f"{len(report.doubtful_codings)} coding(s) in {path.name} are doubtful: {why} "
                "(listed in the report). Nothing was imported.",
                report,
            )
        if report.earlier_import is not None and not report.imported:
            # Everything is there already: a second report or audit event would be the
            # only change, and a re-run must leave the project as one run did.
            session.rollback()
            return report
        memo = Memo(
            guid=derive_report_guid(report.checksum)
            if report.earlier_import is None
            else new_guid(),
            title=f"{report.title}: {path.name}",
            text=report.to_text(),
        )
        session.add(memo)
        record_event(
            session,
            action="refi.import",
            entity_type="project",
            after={
                "file": path.name,
                "sha256": report.checksum,
                "imported": report.imported,
                "matched": report.matched,
                "doubtful_codings": len(report.doubtful_codings),
            },
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


def _import_qualcoder(
    session: Session,
    project: QualCoderProject,
    report: ImportReport,
    *,
    merge: bool,
    say: Callable[[str], None],
    doubtful: bool,
) -> None:
    report.mapped.extend(project.mapped)
    report.mapped.extend(describe_moves(project))
    report.dropped.extend(project.dropped)
    known = known_placements(project)
    _import_project(
        session, project.refi, report, merge=merge, say=say, doubtful=doubtful, known=known
    )


def _import_project(
    session: Session,
    refi: RefiProject,
    report: ImportReport,
    *,
    merge: bool,
    say: Callable[[str], None] = _quiet,
    doubtful: bool = False,
    known: KnownPlacements | None = None,
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
    sources = import_documents(
        session,
        refi,
        plan.document_case,
        report,
        merge=merge,
        choices=known.choices if known else None,
        doubts=known.doubts if known else None,
    )
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
    code_paths = {
        guid_key(code.guid): join_code_path(path) for path, code in walk_codes(refi.codes)
    }
    targets = import_codings(
        session,
        sources,
        codes,
        users,
        noted,
        report,
        merge=merge,
        code_paths=code_paths,
        positions=known.positions if known else None,
    )
    import_notes(session, refi, codes, sources, targets, users, report, merge=merge)
    if doubtful and targets.doubtful:
        rows = build_doubtful_memos(targets.doubtful, targets.coding_ids, report.file)
        insert_rows(session, Memo, rows)
        report.count("memos", len(rows))
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
    known = {str(item["guid"]).lower() for item in state.get("sets", [])}
    new_sets = [s for s in sets if str(s["guid"]).lower() not in known]
    state["sets"] = merge_by_guid(state.get("sets", []), sets)
    if variables:
        state["variables"] = merge_by_guid(state.get("variables", []), variables)
    if project is not None and "project" not in state:
        state["project"] = project
    save_state(session, state)
    if new_sets:
        report.count("sets", len(new_sets))
        report.mapped.append(f"{len(new_sets)} set(s) kept in the project settings for export.")
    if len(new_sets) < len(sets):
        report.match("sets", len(sets) - len(new_sets))
