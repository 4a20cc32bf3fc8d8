"""Writing .qdpx projects and .qdc codebooks that validate against the shipped schemas.

Sources are written as UTF-8 text without a byte-order mark, named by GUID in
``sources/``, so the offsets in ``project.qde`` count exactly the code points of
those files. Originals (.docx, .pdf) go beside them.
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path, PurePosixPath

from lxml import etree

from mutualscope.errors import InvalidInput
from mutualscope.io.refi.model import (
    RefiCase,
    RefiCode,
    RefiCodebook,
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSet,
    RefiTextSource,
    RefiVariableValue,
)
from mutualscope.io.refi.xml import (
    CODEBOOK_NS,
    CODEBOOK_XSD,
    PROJECT_NS,
    PROJECT_XSD,
    schema_errors,
    summarise_errors,
)

#: Namespace for the GUIDs of files that need one of their own (a source's .docx).
FILE_GUIDS = uuid.UUID("0d8b6f7e-4c1a-4a57-9f3e-6b2d8e1c5a90")
_RGB = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")
# Characters XML 1.0 cannot carry; replaced rather than failing the whole export.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_VALUE_TAGS = {
    "Text": "TextValue",
    "Boolean": "BooleanValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Date": "DateValue",
    "DateTime": "DateTimeValue",
}


def xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def timestamp(value: datetime) -> str:
    """xsd:dateTime; naive values are UTC (SQLite hands timestamps back without a zone)."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.isoformat().replace("+00:00", "Z")


class _Builder:
    def __init__(self, ns: str) -> None:
        self.ns = ns

    def element(
        self, parent: etree._Element | None, tag: str, **attrs: str | None
    ) -> etree._Element:
        clean = {k: xml_text(v) for k, v in attrs.items() if v is not None}
        name = f"{{{self.ns}}}{tag}"
        if parent is None:
            return etree.Element(name, clean, nsmap={None: self.ns})
        return etree.SubElement(parent, name, clean)

    def text_child(self, parent: etree._Element, tag: str, text: str | None) -> None:
        if text is not None:
            self.element(parent, tag).text = xml_text(text)


def project_xml(project: RefiProject) -> bytes:
    """``project.qde`` for ``project``, validated against Project-mrt2019.xsd."""
    b = _Builder(PROJECT_NS)
    root = b.element(
        None,
        "Project",
        name=project.name,
        origin=project.origin,
        creatingUserGUID=project.creating_user,
        creationDateTime=timestamp(project.created_at) if project.created_at else None,
    )
    if project.users:
        users = b.element(root, "Users")
        for user in project.users:
            b.element(users, "User", guid=user.guid, name=user.name, id=user.id)
    if project.codes:
        _codes(b, b.element(b.element(root, "CodeBook"), "Codes"), project.codes, notes=True)
    if project.variables:
        variables = b.element(root, "Variables")
        for variable in project.variables:
            item = b.element(
                variables,
                "Variable",
                guid=variable.guid,
                name=variable.name,
                typeOfVariable=variable.type,
            )
            b.text_child(item, "Description", variable.description)
    if project.cases:
        cases = b.element(root, "Cases")
        for case in project.cases:
            _case(b, cases, case)
    if project.sources:
        sources = b.element(root, "Sources")
        for source in project.sources:
            _source(b, sources, source)
    if project.notes:
        notes = b.element(root, "Notes")
        for note in project.notes:
            _note(b, notes, note)
    if project.sets:
        _sets(b, b.element(root, "Sets"), project.sets, member="targetGUID")
    b.text_child(root, "Description", project.description)
    for guid in project.project_note_refs:
        b.element(root, "NoteRef", targetGUID=guid)
    return _serialise(root, PROJECT_XSD)


def codebook_xml(codebook: RefiCodebook) -> bytes:
    """A .qdc document for ``codebook``, validated against the codebook schema."""
    b = _Builder(CODEBOOK_NS)
    root = b.element(None, "CodeBook", origin=codebook.origin)
    _codes(b, b.element(root, "Codes"), codebook.codes, notes=False)
    if codebook.sets:
        _sets(b, b.element(root, "Sets"), codebook.sets, member="guid")
    return _serialise(root, CODEBOOK_XSD)


def _serialise(root: etree._Element, xsd: str) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    errors = schema_errors(data, xsd)
    if errors:
        raise InvalidInput(f"The export does not validate against {xsd}.", summarise_errors(errors))
    return data


def _codes(b: _Builder, parent: etree._Element, codes: list[RefiCode], *, notes: bool) -> None:
    for code in codes:
        color = code.color if code.color and _RGB.match(code.color) else None
        item = b.element(
            parent,
            "Code",
            guid=code.guid,
            name=code.name,
            isCodable="true" if code.codable else "false",
            color=color,
        )
        b.text_child(item, "Description", code.description)
        if notes:
            for guid in code.note_refs:
                b.element(item, "NoteRef", targetGUID=guid)
        _codes(b, item, code.children, notes=notes)


def _value(b: _Builder, parent: etree._Element, value: RefiVariableValue) -> None:
    item = b.element(parent, "VariableValue")
    b.element(item, "VariableRef", targetGUID=value.variable_guid)
    raw = value.value
    if raw is None:
        return
    if isinstance(raw, bool):
        text = "true" if raw else "false"
    elif isinstance(raw, datetime):
        text = timestamp(raw)
    elif isinstance(raw, date | Decimal | int):
        text = str(raw) if not isinstance(raw, date) else raw.isoformat()
    else:
        text = str(raw)
    b.text_child(item, _VALUE_TAGS.get(value.type, "TextValue"), text)


def _case(b: _Builder, parent: etree._Element, case: RefiCase) -> None:
    item = b.element(parent, "Case", guid=case.guid, name=case.name)
    b.text_child(item, "Description", case.description)
    for guid in case.code_refs:
        b.element(item, "CodeRef", targetGUID=guid)
    for value in case.variable_values:
        _value(b, item, value)
    for guid in case.source_refs:
        b.element(item, "SourceRef", targetGUID=guid)
    for guid in case.selection_refs:
        b.element(item, "SelectionRef", targetGUID=guid)


def file_guid(source_guid: str, purpose: str) -> str:
    return str(uuid.uuid5(FILE_GUIDS, f"{source_guid.lower()}:{purpose}"))


def source_files(source: RefiTextSource) -> tuple[str, str | None]:
    """The archive names of a source's plain text and of its original (.docx/.pdf)."""
    text_guid = source.representation_guid if source.kind == "pdf" else source.guid
    text_name = f"{text_guid or file_guid(source.guid, 'text')}.txt"
    original = None
    if source.original is not None and source.original_name:
        suffix = PurePosixPath(source.original_name).suffix.lower()
        if suffix in (".docx", ".pdf"):
            original = f"{file_guid(source.guid, suffix)}{suffix}"
    return text_name, original


def _source(b: _Builder, parent: etree._Element, source: RefiTextSource) -> None:
    text_name, original = source_files(source)
    common = {
        "creatingUser": source.creating_user,
        "creationDateTime": timestamp(source.created_at) if source.created_at else None,
    }
    if source.kind == "pdf":
        outer = b.element(
            parent,
            "PDFSource",
            guid=source.guid,
            name=source.name,
            path=f"internal://{original}" if original else None,
            **common,
        )
        b.text_child(outer, "Description", source.description)
        inner = b.element(
            outer,
            "Representation",
            guid=source.representation_guid or file_guid(source.guid, "text"),
            name=source.name,
            plainTextPath=f"internal://{text_name}",
        )
        _selections(b, inner, source.selections)
        tail = outer
    else:
        inner = b.element(
            parent,
            "TextSource",
            guid=source.guid,
            name=source.name,
            richTextPath=f"internal://{original}" if original else None,
            plainTextPath=f"internal://{text_name}",
            **common,
        )
        b.text_child(inner, "Description", source.description)
        _selections(b, inner, source.selections)
        tail = inner
    for coding in source.codings:
        _coding(b, tail, coding)
    for guid in source.note_refs:
        b.element(tail, "NoteRef", targetGUID=guid)
    for value in source.variable_values:
        _value(b, tail, value)


def _selections(b: _Builder, parent: etree._Element, selections: list[RefiSelection]) -> None:
    for selection in selections:
        item = b.element(
            parent,
            "PlainTextSelection",
            guid=selection.guid,
            name=selection.name,
            startPosition=str(selection.start),
            endPosition=str(selection.end),
            creatingUser=selection.creating_user,
            creationDateTime=timestamp(selection.created_at) if selection.created_at else None,
        )
        b.text_child(item, "Description", selection.description)
        for coding in selection.codings:
            _coding(b, item, coding)
        for guid in selection.note_refs:
            b.element(item, "NoteRef", targetGUID=guid)


def _coding(b: _Builder, parent: etree._Element, coding: RefiCoding) -> None:
    item = b.element(
        parent,
        "Coding",
        guid=coding.guid,
        creatingUser=coding.creating_user,
        creationDateTime=timestamp(coding.created_at) if coding.created_at else None,
    )
    b.element(item, "CodeRef", targetGUID=coding.code_guid)
    for guid in coding.note_refs:
        b.element(item, "NoteRef", targetGUID=guid)


def _note(b: _Builder, parent: etree._Element, note: RefiNote) -> None:
    item = b.element(
        parent,
        "Note",
        guid=note.guid,
        name=note.name,
        creatingUser=note.creating_user,
        creationDateTime=timestamp(note.created_at) if note.created_at else None,
    )
    b.text_child(item, "Description", note.description)
    b.text_child(item, "PlainTextContent", note.text)


def _sets(b: _Builder, parent: etree._Element, sets: list[RefiSet], *, member: str) -> None:
    for item_set in sets:
        item = b.element(parent, "Set", guid=item_set.guid, name=item_set.name)
        b.text_child(item, "Description", item_set.description)
        for guid in item_set.member_codes:
            b.element(item, "MemberCode", **{member: guid})
        if member == "targetGUID":
            for guid in item_set.member_sources:
                b.element(item, "MemberSource", targetGUID=guid)
            for guid in item_set.member_notes:
                b.element(item, "MemberNote", targetGUID=guid)


def write_qdpx(project: RefiProject, path: Path) -> None:
    """Write ``project`` as a .qdpx archive at ``path`` (replaced atomically)."""
    qde = project_xml(project)
    _atomic_zip(Path(path), qde, project.sources)


def write_qdc(codebook: RefiCodebook, path: Path) -> None:
    data = codebook_xml(codebook)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _atomic_zip(path: Path, qde: bytes, sources: list[RefiTextSource]) -> None:
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(tmp_name, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            archive.writestr("project.qde", qde)
            for source in sources:
                text_name, original = source_files(source)
                archive.writestr(f"sources/{text_name}", source.text.encode("utf-8"))
                if original is not None and source.original is not None:
                    archive.writestr(f"sources/{original}", source.original, zipfile.ZIP_STORED)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
