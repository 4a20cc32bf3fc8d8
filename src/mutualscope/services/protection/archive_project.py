"""The REFI-QDA project of an archive: the exporter's project (``refi export``) made of
the archive's texts. Every selection is moved through its document's offset map and
named again from the pseudonymised words; selections on turns left out are dropped;
case names and text variables go through the project's key; memos, notes, descriptions
and the files the transcripts were imported from are left out, since no scan reviewed
them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain.protection.pseudonyms import replace_known
from mutualscope.io.refi import RefiCode, RefiProject
from mutualscope.services.refi.exporter import ExportReport, build_project
from mutualscope.storage.documents import Document

if TYPE_CHECKING:
    from mutualscope.services.protection.archive import ArchivedDocument

QUOTE_NAME_LENGTH = 60


def _safe(value: Any, key: dict[str, str]) -> Any:
    return replace_known(value, key) if isinstance(value, str) else value


def _walk(codes: list[RefiCode]) -> Iterable[RefiCode]:
    for code in codes:
        yield code
        yield from _walk(code.children)


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
        source.name, source.text, source.kind = item.file, item.layer.text, "text"
        source.original = source.original_name = source.representation_guid = None
        source.description, source.note_refs = None, []
        kept = []
        for selection in source.selections:
            if any(selection.start < b and a < selection.end for a, b in item.left_out):
                continue
            selection.start, selection.end = item.layer.offsets.span(selection.start, selection.end)
            quote = item.layer.text[selection.start : selection.end]
            selection.name = (
                quote if len(quote) <= QUOTE_NAME_LENGTH else quote[:QUOTE_NAME_LENGTH] + "…"
            )
            selection.description, selection.note_refs = None, []
            for coding in selection.codings:
                coding.note_refs = []
            kept.append(selection)
        source.selections = kept
        for value in source.variable_values:
            value.value = _safe(value.value, key)
    for case in project.cases:
        case.name, case.description = replace_known(case.name, key), None
        for value in case.variable_values:
            value.value = _safe(value.value, key)
    for code in _walk(project.codes):
        code.description, code.note_refs = _safe(code.description, key), []
    for refi_set in project.sets:
        refi_set.member_notes = []
    return project
