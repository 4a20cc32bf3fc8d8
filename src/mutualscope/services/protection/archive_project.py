"""The REFI-QDA project of an archive: the exporter's project (``refi export``) made of
the archive's texts. Every selection is moved through its document's offset map and
named again from the pseudonymised words; selections on turns left out are dropped;
case names and text variables go through the project's key; memos, notes, descriptions
and the files the transcripts were imported from are left out, since no scan reviewed
them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.io.refi import RefiProject
from mutualscope.services.protection.refi_sources import (
    pseudonymise_names,
    pseudonymise_source,
    safe_value,
    walk_codes,
)
from mutualscope.services.refi.exporter import ExportReport, build_project
from mutualscope.storage.documents import Document

if TYPE_CHECKING:
    from mutualscope.services.protection.archive import ArchivedDocument


def refi_project(
    session: Session, by_doc: dict[int, ArchivedDocument], key: dict[str, str]
) -> RefiProject:
    """The REFI-QDA project of the exporter, made of the archive's texts: every offset
    moved through the layer's map, quotes taken again, notes and originals left out."""
    project = build_project(session, ExportReport(file="project.qdpx"))
    guids = {d.guid.lower(): d.id for d in session.scalars(select(Document))}
    project.description, project.notes, project.project_note_refs = None, [], []
    for source in project.sources:
        item = by_doc[guids[source.guid.lower()]]
        pseudonymise_source(source, item.layer, item.left_out)
        source.name, source.description, source.note_refs = item.file, None, []
        for selection in source.selections:
            selection.description, selection.note_refs = None, []
            for coding in selection.codings:
                coding.note_refs = []
    pseudonymise_names(project, key)
    for case in project.cases:
        case.description = None
    for code in walk_codes(project.codes):
        code.description, code.note_refs = safe_value(code.description, key), []
    for refi_set in project.sets:
        refi_set.member_notes = []
    return project
