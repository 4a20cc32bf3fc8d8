"""Reading .qdpx projects and .qdc codebooks into plain data, tolerant of what real
exporters write and strict about safety."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from mutualscope.errors import InvalidInput
from mutualscope.io.refi.archive import MAX_READ_BYTES, QdpxArchive
from mutualscope.io.refi.elements import (
    note_from,
    parse_cases,
    parse_codes,
    parse_datetime,
    parse_sets,
    parse_users,
    parse_variables,
    ref_attr,
    refs,
)
from mutualscope.io.refi.model import RefiCodebook, RefiNote, RefiProject, RefiSet
from mutualscope.io.refi.sources import Loader, decode_text, parse_sources
from mutualscope.io.refi.xml import (
    CODEBOOK_NS,
    CODEBOOK_XSD,
    PROJECT_NS,
    PROJECT_XSD,
    Element,
    child,
    child_text,
    children,
    local,
    namespace,
    parse_xml,
    schema_errors,
    summarise_errors,
)


def read_qdpx(path: Path) -> RefiProject:
    """Read a REFI-QDA project archive. A bare ``project.qde`` (XML, no archive) is read
    too; its sources must then be inline."""
    path = Path(path)
    if _looks_like_xml(path):
        return _project_from(_read_xml_file(path), str(path), lambda _ref: None)
    with QdpxArchive(path) as archive:
        member = archive.project_member()
        data = archive.read(member)

        def load(reference: str) -> tuple[bytes, str] | None:
            # internal:// is what the standard says; some tools write relative:// (or a
            # bare name) for files they nonetheless put in the archive, so those are
            # looked for there too. Nothing outside the archive is ever opened.
            if "://" in reference and not reference.lower().startswith(
                ("internal://", "relative://")
            ):
                return None
            found = archive.find_source(reference)
            return (archive.read(found), found) if found is not None else None

        return _project_from(data, f"{path}:{member}", load)


def read_qdc(path: Path) -> RefiCodebook:
    """Read a REFI-QDA codebook (.qdc)."""
    path = Path(path)
    data = _read_xml_file(path)
    if data[:2] == b"PK":
        raise InvalidInput(
            f"{path} is a zip archive: a REFI-QDA project (.qdpx), not a codebook (.qdc)."
        )
    root = parse_xml(data, str(path))
    if local(root.tag) == "Project":
        raise InvalidInput(f"{path} holds a Project, not a CodeBook; import it as a .qdpx.")
    if local(root.tag) != "CodeBook":
        raise InvalidInput(
            f"{path}: the root element is {local(root.tag)!r}; a codebook starts with CodeBook."
        )
    problems: list[str] = []
    codes_element = child(root, "Codes")
    if codes_element is None:
        problems.append(f"{path}: CodeBook has no Codes element.")
    codebook = RefiCodebook(
        codes=parse_codes(codes_element, problems) if codes_element is not None else [],
        sets=_sets(root, problems),
        origin=root.get("origin"),
        problems=problems,
    )
    problems[:0] = _deviations(data, root, CODEBOOK_NS, CODEBOOK_XSD, str(path))
    return codebook


def is_codebook_file(path: Path) -> bool:
    """A .qdc, or an XML file whose root looks like a CodeBook (whatever its name)."""
    if path.suffix.lower() == ".qdc":
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return not head.startswith(b"PK") and re.search(rb"<(\w+:)?CodeBook[\s>]", head) is not None


def _read_xml_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError as error:
        raise InvalidInput(f"{path}: no such file.") from error
    if size > MAX_READ_BYTES:
        raise InvalidInput(
            f"{path}: refused, {size // 1024**2} MiB is more than the "
            f"{MAX_READ_BYTES // 1024**2} MiB an import reads."
        )
    return path.read_bytes()


def _looks_like_xml(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError:
        return False
    return head.removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"<")


def _project_from(data: bytes, where: str, load: Loader) -> RefiProject:
    root = parse_xml(data, where)
    if local(root.tag) != "Project":
        raise InvalidInput(
            f"{where}: the root element is {local(root.tag)!r}; a project starts with Project."
        )
    problems = _deviations(data, root, PROJECT_NS, PROJECT_XSD, where)
    project = parse_project(root, load, problems)
    return project


def _deviations(data: bytes, root: Element, ns: str, xsd: str, where: str) -> list[str]:
    """Schema deviations, reported but not fatal: real exports often have some."""
    if namespace(root.tag) != ns:
        return [f"{where}: the root element is not in the namespace {ns!r}; read anyway."]
    errors = schema_errors(root, xsd)
    return [f"{where}: schema: {e}" for e in summarise_errors(errors)]


def parse_project(root: Element, load: Loader, problems: list[str]) -> RefiProject:
    project = RefiProject(
        name=root.get("name") or "Untitled project",
        origin=root.get("origin"),
        description=child_text(root, "Description"),
        creating_user=ref_attr(root, "creatingUserGUID"),
        created_at=parse_datetime(root.get("creationDateTime"), "Project", problems),
        project_note_refs=refs(root, "NoteRef"),
        problems=problems,
    )
    for element in root:
        name = local(element.tag)
        if name == "Users":
            project.users += parse_users(element, problems)
        elif name == "CodeBook":
            codes = child(element, "Codes")
            project.codes += parse_codes(codes if codes is not None else element, problems)
        elif name == "Variables":
            project.variables += parse_variables(element, problems)
        elif name == "Cases":
            project.cases += parse_cases(element, problems)
        elif name == "Sources":
            texts, others = parse_sources(element, load, problems)
            project.sources += texts
            project.other_sources += others
        elif name == "Notes":
            project.notes += _notes(element, load, problems)
        elif name == "Sets":
            project.sets += parse_sets(element, problems)
        elif name == "Links":
            project.links += len(children(element, "Link"))
        elif name == "Graphs":
            project.graphs += len(children(element, "Graph"))
    return project


def _sets(root: Element, problems: list[str]) -> list[RefiSet]:
    element = child(root, "Sets")
    return parse_sets(element, problems) if element is not None else []


def _notes(element: Element, load: Loader, problems: list[str]) -> list[RefiNote]:
    notes = []
    for item in children(element, "Note"):
        text = child_text(item, "PlainTextContent")
        path = item.get("plainTextPath")
        if text is None and path:
            loaded = load(path)
            if loaded is not None:
                text = decode_text(loaded[0]).text
            else:
                problems.append(f"Note {item.get('name')!r}: {path!r} is not in the archive.")
        if text is None:
            text = child_text(item, "Description") or ""
        selections = len(children(item, "PlainTextSelection"))
        if selections:
            problems.append(
                f"Note {item.get('name')!r}: {selections} selection(s) inside the note "
                "are not kept (mutualscope does not code memos)."
            )
        note = note_from(item, text, problems)
        if note is not None:
            notes.append(note)
    return notes
