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
from datetime import date, datetime
from pathlib import Path, PurePosixPath

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
from mutualscope.io.refi.xmltext import FILE_GUIDS, TextWriter, timestamp

_RGB = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")
_VALUE_TAGS = {
    "Text": "TextValue",
    "Boolean": "BooleanValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Date": "DateValue",
    "DateTime": "DateTimeValue",
}


def project_xml(project: RefiProject) -> bytes:
    """``project.qde`` for ``project``, validated against Project-mrt2019.xsd."""
    w = TextWriter()
    _project(w, project)
    return _checked(w.document(), PROJECT_XSD, True)


def _project(w: TextWriter, project: RefiProject) -> None:
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
    w = TextWriter()
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


def _codes(w: TextWriter, codes: list[RefiCode], *, notes: bool) -> None:
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


def _value(w: TextWriter, value: RefiVariableValue) -> None:
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


def _case(w: TextWriter, case: RefiCase) -> None:
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


def _source(w: TextWriter, source: RefiTextSource) -> None:
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


def _selections(w: TextWriter, selections: list[RefiSelection]) -> None:
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


def _coding(w: TextWriter, coding: RefiCoding) -> None:
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


def _note(w: TextWriter, note: RefiNote) -> None:
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


def _sets(w: TextWriter, sets: list[RefiSet], *, member: str) -> None:
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
                writer = TextWriter(member.write)
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
