"""Writing .qdpx projects and .qdc codebooks that validate against the shipped schemas.

Sources are written as UTF-8 text without a byte-order mark, named by GUID in
``sources/``, so the offsets in ``project.qde`` count exactly the code points of
those files. Originals (.docx, .pdf) go beside them.
"""

from __future__ import annotations

import os
import re
import uuid
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from xml.sax.saxutils import escape, quoteattr

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
    stream_schema_error,
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


def _attr(value: str) -> str:
    if _PLAIN.fullmatch(value):
        return f'"{value}"'
    # quoteattr also writes tabs and line ends as character references, so they survive.
    return quoteattr(xml_text(value), _ATTR_ENTITIES)


_ATTR_ENTITIES = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
# Attribute values that need no escaping at all (most names and every number).
_PLAIN = re.compile(r"[^&<>\"\n\r\t\x00-\x1f\ufffe\uffff]*")
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_GUID_ATTRS = frozenset({"guid", "creatingUser", "creatingUserGUID", "targetGUID"})


def _text(value: str) -> str:
    return escape(xml_text(value), {"\r": "&#13;"})


def refi_guid(value: str) -> str:
    """``value`` if it is a GUID; otherwise a GUID derived from it (stable), so that rows
    created with other identifiers still export to a valid file."""
    return value if _GUID.fullmatch(value) else str(uuid.uuid5(FILE_GUIDS, value))


class _Writer:
    """Builds the XML as text: much faster than an element tree for 100,000 codings,
    and the result is validated against the schema afterwards all the same."""

    def __init__(self, sink: Callable[[bytes], Any] | None = None) -> None:
        self.parts: list[str] = []
        self._stamps: dict[datetime, str] = {}
        self._sink = sink
        self._chunks: list[bytes] = []
        self.parts.append('<?xml version="1.0" encoding="UTF-8"?>\n')

    def flush(self) -> None:
        """Hand what is built so far to the sink, so a large project never sits in memory
        as one string."""
        chunk = "".join(self.parts).encode("utf-8")
        self.parts.clear()
        if self._sink is not None:
            self._sink(chunk)
        else:
            self._chunks.append(chunk)

    def open(self, tag: str, attrs: str = "", *, empty: bool = False) -> None:
        self.parts.append(f"<{tag}{attrs}{'/' if empty else ''}>")

    def close(self, tag: str) -> None:
        self.parts.append(f"</{tag}>")

    def text(self, tag: str, value: str | None) -> None:
        if value is not None:
            self.parts.append(f"<{tag}>{_text(value)}</{tag}>")

    def ref(self, tag: str, guid: str, attr: str = "targetGUID") -> None:
        self.parts.append(f'<{tag} {attr}="{refi_guid(guid)}"/>')

    def attrs(self, **values: str | datetime | None) -> str:
        out = []
        for key, value in values.items():
            if value is None:
                continue
            if isinstance(value, datetime):
                stamp = self._stamps.get(value)
                if stamp is None:
                    stamp = self._stamps[value] = timestamp(value)
                out.append(f' {key}="{stamp}"')
            elif key in _GUID_ATTRS:
                out.append(f' {key}="{refi_guid(value)}"')
            else:
                out.append(f" {key}={_attr(value)}")
        return "".join(out)

    def document(self) -> bytes:
        self.flush()
        return b"".join(self._chunks)


def project_xml(project: RefiProject) -> bytes:
    """``project.qde`` for ``project``, validated against Project-mrt2019.xsd."""
    w = _Writer()
    _project(w, project)
    return _checked(w.document(), PROJECT_XSD, True)


def _project(w: _Writer, project: RefiProject) -> None:
    w.open(
        "Project",
        f' xmlns="{PROJECT_NS}"'
        + w.attrs(
            name=project.name,
            origin=project.origin,
            creatingUserGUID=project.creating_user,
            creationDateTime=project.created_at,
        ),
    )
    if project.users:
        w.open("Users")
        for user in project.users:
            w.open("User", w.attrs(guid=user.guid, name=user.name, id=user.id), empty=True)
        w.close("Users")
    if project.codes:
        w.open("CodeBook")
        w.open("Codes")
        _codes(w, project.codes, notes=True)
        w.close("Codes")
        w.close("CodeBook")
    if project.variables:
        w.open("Variables")
        for variable in project.variables:
            w.open(
                "Variable",
                w.attrs(guid=variable.guid, name=variable.name, typeOfVariable=variable.type),
            )
            w.text("Description", variable.description)
            w.close("Variable")
        w.close("Variables")
    if project.cases:
        w.open("Cases")
        for case in project.cases:
            _case(w, case)
        w.close("Cases")
    if project.sources:
        w.open("Sources")
        for n, source in enumerate(project.sources):
            _source(w, source)
            if n % 50 == 49:
                w.flush()
        w.close("Sources")
    if project.notes:
        w.open("Notes")
        for note in project.notes:
            _note(w, note)
        w.close("Notes")
    if project.sets:
        w.open("Sets")
        _sets(w, project.sets, member="targetGUID")
        w.close("Sets")
    w.text("Description", project.description)
    for guid in project.project_note_refs:
        w.ref("NoteRef", guid)
    w.close("Project")


def codebook_xml(codebook: RefiCodebook) -> bytes:
    """A .qdc document for ``codebook``, validated against the codebook schema."""
    w = _Writer()
    w.open("CodeBook", f' xmlns="{CODEBOOK_NS}"' + w.attrs(origin=codebook.origin))
    w.open("Codes")
    _codes(w, codebook.codes, notes=False)
    w.close("Codes")
    if codebook.sets:
        w.open("Sets")
        _sets(w, codebook.sets, member="guid")
        w.close("Sets")
    w.close("CodeBook")
    return _checked(w.document(), CODEBOOK_XSD, True)


def _checked(data: bytes, xsd: str, validate: bool) -> bytes:
    if validate:
        errors = schema_errors(data, xsd)
        if errors:
            raise InvalidInput(
                f"The export does not validate against {xsd}.", summarise_errors(errors)
            )
    return data


def _codes(w: _Writer, codes: list[RefiCode], *, notes: bool) -> None:
    for code in codes:
        color = code.color if code.color and _RGB.match(code.color) else None
        w.open(
            "Code",
            w.attrs(
                guid=code.guid,
                name=code.name,
                isCodable="true" if code.codable else "false",
                color=color,
            ),
        )
        w.text("Description", code.description)
        if notes:
            for guid in code.note_refs:
                w.ref("NoteRef", guid)
        _codes(w, code.children, notes=notes)
        w.close("Code")


def _value(w: _Writer, value: RefiVariableValue) -> None:
    w.open("VariableValue")
    w.ref("VariableRef", value.variable_guid)
    raw = value.value
    if raw is not None:
        if isinstance(raw, bool):
            text = "true" if raw else "false"
        elif isinstance(raw, datetime):
            text = timestamp(raw)
        elif isinstance(raw, date):
            text = raw.isoformat()
        else:
            text = str(raw)
        w.text(_VALUE_TAGS.get(value.type, "TextValue"), text)
    w.close("VariableValue")


def _case(w: _Writer, case: RefiCase) -> None:
    w.open("Case", w.attrs(guid=case.guid, name=case.name))
    w.text("Description", case.description)
    for guid in case.code_refs:
        w.ref("CodeRef", guid)
    for value in case.variable_values:
        _value(w, value)
    for guid in case.source_refs:
        w.ref("SourceRef", guid)
    for guid in case.selection_refs:
        w.ref("SelectionRef", guid)
    w.close("Case")


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


def _source(w: _Writer, source: RefiTextSource) -> None:
    text_name, original = source_files(source)
    internal = f"internal://{original}" if original else None
    if source.kind == "pdf":
        outer = "PDFSource"
        w.open(
            outer,
            w.attrs(
                guid=source.guid,
                name=source.name,
                path=internal,
                creatingUser=source.creating_user,
                creationDateTime=source.created_at,
            ),
        )
        w.text("Description", source.description)
        w.open(
            "Representation",
            w.attrs(
                guid=source.representation_guid or file_guid(source.guid, "text"),
                name=source.name,
                plainTextPath=f"internal://{text_name}",
            ),
        )
        _selections(w, source.selections)
        w.close("Representation")
    else:
        outer = "TextSource"
        w.open(
            outer,
            w.attrs(
                guid=source.guid,
                name=source.name,
                richTextPath=internal,
                plainTextPath=f"internal://{text_name}",
                creatingUser=source.creating_user,
                creationDateTime=source.created_at,
            ),
        )
        w.text("Description", source.description)
        _selections(w, source.selections)
    for coding in source.codings:
        _coding(w, coding)
    for guid in source.note_refs:
        w.ref("NoteRef", guid)
    for value in source.variable_values:
        _value(w, value)
    w.close(outer)


def _selections(w: _Writer, selections: list[RefiSelection]) -> None:
    for selection in selections:
        w.open(
            "PlainTextSelection",
            w.attrs(
                guid=selection.guid,
                name=selection.name,
                startPosition=str(selection.start),
                endPosition=str(selection.end),
                creatingUser=selection.creating_user,
                creationDateTime=selection.created_at,
            ),
        )
        w.text("Description", selection.description)
        for coding in selection.codings:
            _coding(w, coding)
        for guid in selection.note_refs:
            w.ref("NoteRef", guid)
        w.close("PlainTextSelection")


def _coding(w: _Writer, coding: RefiCoding) -> None:
    w.open(
        "Coding",
        w.attrs(
            guid=coding.guid,
            creatingUser=coding.creating_user,
            creationDateTime=coding.created_at,
        ),
    )
    w.ref("CodeRef", coding.code_guid)
    for guid in coding.note_refs:
        w.ref("NoteRef", guid)
    w.close("Coding")


def _note(w: _Writer, note: RefiNote) -> None:
    w.open(
        "Note",
        w.attrs(
            guid=note.guid,
            name=note.name,
            creatingUser=note.creating_user,
            creationDateTime=note.created_at,
        ),
    )
    w.text("Description", note.description)
    w.text("PlainTextContent", note.text)
    w.close("Note")


def _sets(w: _Writer, sets: list[RefiSet], *, member: str) -> None:
    for item in sets:
        w.open("Set", w.attrs(guid=item.guid, name=item.name))
        w.text("Description", item.description)
        for guid in item.member_codes:
            w.ref("MemberCode", guid, member)
        if member == "targetGUID":
            for guid in item.member_sources:
                w.ref("MemberSource", guid)
            for guid in item.member_notes:
                w.ref("MemberNote", guid)
        w.close("Set")


def write_qdpx(project: RefiProject, path: Path) -> None:
    """Write ``project`` as a .qdpx archive at ``path`` (replaced atomically). The
    project.qde is streamed into the archive, then validated as it is read back."""
    path = Path(path)
    tmp_name = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp_name, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            with archive.open("project.qde", "w") as member:
                writer = _Writer(member.write)
                _project(writer, project)
                writer.flush()
            for source in project.sources:
                text_name, original = source_files(source)
                archive.writestr(f"sources/{text_name}", source.text.encode("utf-8"))
                if original is not None and source.original is not None:
                    archive.writestr(f"sources/{original}", source.original, zipfile.ZIP_STORED)
        with zipfile.ZipFile(tmp_name) as archive, archive.open("project.qde") as member:
            error = stream_schema_error(member, PROJECT_XSD)
        if error is not None:
            raise InvalidInput(f"The export does not validate against {PROJECT_XSD}: {error}")
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_qdc(codebook: RefiCodebook, path: Path) -> None:
    data = codebook_xml(codebook)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
