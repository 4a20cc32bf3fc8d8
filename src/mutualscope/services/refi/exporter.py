"""Exporting the project as a .qdpx archive, or its codebook as a .qdc file."""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from mutualscope import __version__
from mutualscope.errors import InvalidInput
from mutualscope.io.refi import (
    RefiCode,
    RefiCodebook,
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSet,
    RefiTextSource,
    RefiUser,
    write_qdc,
    write_qdpx,
)
from mutualscope.io.refi.elements import guid_key
from mutualscope.services.protection.quoting import QuoteText, has_protected_texts
from mutualscope.services.protection.refi_sources import pseudonymise_project
from mutualscope.services.refi.documents import DATE_VARIABLE, KIND_VARIABLE, LANGUAGE_VARIABLE
from mutualscope.services.refi.people_export import export_cases
from mutualscope.services.refi.state import load_state
from mutualscope.services.refi.variables import VariableRegistry
from mutualscope.storage.models import (
    Code,
    Coding,
    Document,
    DocumentFile,
    Memo,
    ProjectSetting,
    User,
)

#: Namespace for the GUIDs of selections mutualscope makes up (same on every export).
SELECTION_GUIDS = uuid.UUID("9e2d7c41-6a0b-4f3e-b8d5-1c7a0e4f2b96")
QUOTE_NAME_LENGTH = 60


@dataclass
class ExportReport:
    file: str
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: The sources' words: "original" (no pseudonymised text), "pseudonymised", or
    #: "identifiable" (the original words asked for although there is one).
    text: str = "original"

    def rows(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = [
            {"item": k, "count": v, "detail": None} for k, v in self.counts.items()
        ]
        if self.text != "original":
            rows.append({"item": "text", "count": None, "detail": self.text})
        rows += [{"item": "warning", "count": None, "detail": w} for w in self.warnings]
        return rows

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "text": self.text,
            "counts": self.counts,
            "warnings": self.warnings,
        }


def export_qdpx(session: Session, *, path: Path, identifiable: bool = False) -> ExportReport:
    """Write the whole project to ``path`` as a REFI-QDA project (.qdpx): made of the
    pseudonymised texts when the project has them (``protect apply``), unless
    ``identifiable`` (see :func:`pseudonymise_project`). ``report.text`` says which."""
    report = ExportReport(file=str(path))
    project = build_project(session, report)
    words = QuoteText(session, identifiable=identifiable)
    if words.pseudonymised:
        kept = pseudonymise_project(session, project, words)
        report.text = "pseudonymised"
        if kept:
            report.warnings.append(
                f"{len(kept)} document{'s have' if len(kept) != 1 else ' has'} no "
                "pseudonymised text made on current words and "
                f"{'are' if len(kept) != 1 else 'is'} exported with the original words: "
                f"{', '.join(sorted(kept))}. Run `mutualscope protect apply` for them."
            )
    elif identifiable and has_protected_texts(session):
        report.text = "identifiable"
    write_qdpx(project, Path(path))
    return report


def export_qdc(session: Session, *, path: Path) -> ExportReport:
    """Write the codebook (and the sets of codes kept from imports) as a .qdc file."""
    report = ExportReport(file=str(path))
    codes = _codes(session, {}, report)
    if not codes:
        raise InvalidInput(
            "The codebook is empty: a REFI-QDA codebook (.qdc) must hold at least one code."
        )
    known = {guid_key(code.guid) for code in _walk(codes)}
    sets = [
        RefiSet(guid=s.guid, name=s.name, description=s.description, member_codes=s.member_codes)
        for s in _sets(load_state(session), known)
        if s.member_codes
    ]
    write_qdc(RefiCodebook(codes=codes, sets=sets, origin=_origin()), Path(path))
    report.counts["sets"] = len(sets)
    return report


def _origin() -> str:
    return f"mutualscope {__version__}"


def build_project(session: Session, report: ExportReport) -> RefiProject:
    state = load_state(session)
    meta = state.get("project", {})
    title = session.scalar(select(ProjectSetting.value).where(ProjectSetting.key == "title"))
    users = {
        i: RefiUser(guid=g, name=n)
        for i, g, n in session.execute(select(User.id, User.guid, User.name))
    }
    user_guid = {i: u.guid for i, u in users.items()}
    notes, targets = _notes(session, user_guid)
    registry = VariableRegistry(state.get("variables", []))
    codes = _codes(session, targets["code_id"], report)
    sources = _sources(session, registry, targets, user_guid, report)
    cases = export_cases(session, registry, report)
    known = {guid_key(c.guid) for c in _walk(codes)}
    known |= {guid_key(s.guid) for s in sources} | {guid_key(n.guid) for n in notes}
    project = RefiProject(
        name=title or meta.get("name") or "mutualscope project",
        origin=_origin(),
        description=meta.get("description"),
        created_at=datetime.now(UTC),
        users=list(users.values()),
        codes=codes,
        variables=registry.variables,
        cases=cases,
        sources=sources,
        notes=notes,
        sets=_sets(state, known),
        project_note_refs=targets["project"][None],
    )
    report.counts.update(
        coders=len(project.users),
        codes=len(known & {guid_key(c.guid) for c in _walk(codes)}),
        documents=len(sources),
        codings=sum(len(s.codings) for src in sources for s in src.selections),
        memos=len(notes),
        cases=len(cases),
        sets=len(project.sets),
    )
    return project


def _walk(codes: list[RefiCode]) -> list[RefiCode]:
    out, stack = [], list(codes)
    while stack:
        code = stack.pop()
        out.append(code)
        stack.extend(code.children)
    return out


def _notes(
    session: Session, user_guid: dict[int, str]
) -> tuple[list[RefiNote], dict[str, dict[int | None, list[str]]]]:
    targets: dict[str, dict[int | None, list[str]]] = {
        k: defaultdict(list) for k in ("project", "document_id", "code_id", "coding_id")
    }
    notes = []
    query = select(
        Memo.guid,
        Memo.title,
        Memo.text,
        Memo.document_id,
        Memo.code_id,
        Memo.coding_id,
        Memo.author_id,
        Memo.created_at,
    ).order_by(Memo.id)
    for guid, title, text, document_id, code_id, coding_id, author_id, created in session.execute(
        query
    ):
        notes.append(
            RefiNote(
                guid=guid,
                name=title,
                text=text,
                creating_user=user_guid.get(author_id) if author_id else None,
                created_at=created,
            )
        )
        if coding_id is not None:
            targets["coding_id"][coding_id].append(guid)
        elif code_id is not None:
            targets["code_id"][code_id].append(guid)
        elif document_id is not None:
            targets["document_id"][document_id].append(guid)
        else:
            targets["project"][None].append(guid)
    return notes, targets


def _codes(
    session: Session, code_notes: dict[int | None, list[str]], report: ExportReport
) -> list[RefiCode]:
    rows = session.execute(
        select(
            Code.id,
            Code.guid,
            Code.name,
            Code.parent_id,
            Code.definition,
            Code.colour,
            Code.codable,
        ).order_by(Code.position, Code.name, Code.id)
    ).all()
    made: dict[int, RefiCode] = {}
    for row_id, guid, name, _parent, definition, colour, codable in rows:
        made[row_id] = RefiCode(
            guid=guid,
            name=name,
            codable=codable,
            color=colour,
            description=definition,
            note_refs=list(code_notes.get(row_id, [])),
        )
        if colour and not _is_rgb(colour):
            report.warnings.append(f"code {name!r}: colour {colour!r} is not #RRGGBB; left out.")
    roots = []
    for row_id, _guid, _name, parent, *_rest in rows:
        if parent is not None and parent in made:
            made[parent].children.append(made[row_id])
        else:
            roots.append(made[row_id])
    return roots


def _is_rgb(colour: str) -> bool:
    value = colour.lstrip("#")
    return (
        colour.startswith("#")
        and len(value) in (3, 6)
        and all(c in "0123456789abcdefABCDEF" for c in value)
    )


def _sets(state: dict[str, Any], known: set[str]) -> list[RefiSet]:
    out = []
    for item in state.get("sets", []):

        def keep(guids: list[str]) -> list[str]:
            return [g for g in guids if guid_key(g) in known]

        out.append(
            RefiSet(
                guid=item["guid"],
                name=item.get("name") or "Unnamed set",
                description=item.get("description"),
                member_codes=keep(item.get("member_codes", [])),
                member_sources=keep(item.get("member_sources", [])),
                member_notes=keep(item.get("member_notes", [])),
            )
        )
    return out


def _originals(session: Session) -> dict[int, tuple[str, bytes]]:
    """The .docx and .pdf originals (plain-text originals are the text itself)."""
    name = func.lower(DocumentFile.filename)
    query = select(DocumentFile.document_id, DocumentFile.filename, DocumentFile.content).where(
        or_(name.like("%.docx"), name.like("%.pdf"))
    )
    return {doc: (filename, content) for doc, filename, content in session.execute(query)}


def _sources(
    session: Session,
    registry: VariableRegistry,
    targets: dict[str, dict[int | None, list[str]]],
    user_guid: dict[int, str],
    report: ExportReport,
) -> list[RefiTextSource]:
    originals = _originals(session)
    codings: dict[int, list[Any]] = defaultdict(list)
    code_guid = dict(session.execute(select(Code.id, Code.guid)).all())
    query = select(
        Coding.id,
        Coding.guid,
        Coding.document_id,
        Coding.code_id,
        Coding.start,
        Coding.end,
        Coding.coder_id,
        Coding.created_at,
    ).order_by(Coding.document_id, Coding.start, Coding.end, Coding.id)
    for row in session.execute(query):
        codings[row[2]].append(tuple(row))
    sources = []
    docs = select(
        Document.id,
        Document.guid,
        Document.name,
        Document.kind,
        Document.text,
        Document.source_format,
        Document.document_date,
        Document.language,
        Document.attributes,
        Document.created_at,
    ).order_by(Document.id)
    for doc in session.execute(docs):
        attributes = doc.attributes or {}
        meta = attributes.get("refi", {})
        original = originals.get(doc.id)
        is_pdf = original is not None and original[0].lower().endswith(".pdf")
        values = [registry.value(KIND_VARIABLE, doc.kind)]
        if doc.document_date:
            values.append(registry.value(DATE_VARIABLE, doc.document_date))
        if doc.language:
            values.append(registry.value(LANGUAGE_VARIABLE, doc.language))
        values += registry.values(attributes.get("variables", {}))
        sources.append(
            RefiTextSource(
                guid=doc.guid,
                name=doc.name,
                text=doc.text,
                kind="pdf" if is_pdf else "text",
                representation_guid=meta.get("representation_guid") if is_pdf else None,
                description=meta.get("description"),
                created_at=doc.created_at,
                selections=_selections(
                    doc,
                    codings.get(doc.id, []),
                    meta.get("selections", {}),
                    code_guid,
                    user_guid,
                    targets["coding_id"],
                    report,
                ),
                note_refs=list(targets["document_id"].get(doc.id, [])),
                variable_values=values,
                original=original[1] if original else None,
                original_name=original[0] if original else None,
            )
        )
    return sources


def _selections(
    doc: Any,
    rows: list[Any],
    stored: dict[str, str],
    code_guid: dict[int, str],
    user_guid: dict[int, str],
    coding_notes: dict[int | None, list[str]],
    report: ExportReport,
) -> list[RefiSelection]:
    selections: dict[tuple[int, int], RefiSelection] = {}
    text, doc_key = doc.text, doc.guid.lower()
    for coding_id, guid, _doc, code_id, start, end, coder_id, created_at in rows:
        if not 0 <= start < end <= len(text):
            report.warnings.append(
                f"coding {guid} in {doc.name!r}: span {start}-{end} lies outside the "
                "document; left out."
            )
            continue
        selection = selections.get((start, end))
        coder = user_guid.get(coder_id) if coder_id else None
        if selection is None:
            quote = text[start:end]
            name = quote if len(quote) <= QUOTE_NAME_LENGTH else quote[:QUOTE_NAME_LENGTH] + "…"
            selection = RefiSelection(
                guid=stored.get(f"{start}-{end}") or _selection_guid(doc_key, start, end),
                start=start,
                end=end,
                name=name,
                creating_user=coder,
                created_at=created_at,
            )
            selections[(start, end)] = selection
        selection.codings.append(
            RefiCoding(
                guid=guid,
                code_guid=code_guid[code_id],
                creating_user=coder,
                created_at=created_at,
                note_refs=list(coding_notes.get(coding_id, ())),
            )
        )
    return list(selections.values())


_SELECTION_PREFIX = SELECTION_GUIDS.bytes


def _selection_guid(doc_key: str, start: int, end: int) -> str:
    """``uuid5(SELECTION_GUIDS, "doc:start:end")``, computed without building UUIDs."""
    digest = bytearray(
        hashlib.sha1(_SELECTION_PREFIX + f"{doc_key}:{start}:{end}".encode()).digest()[:16]
    )
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
