"""Reading .qdpx projects and .qdc codebooks into plain data, tolerant of what real
exporters write and strict about safety."""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import IO

from mutualscope.errors import InvalidInput
from mutualscope.io.refi.archive import ARCHIVE_ERRORS, QdpxArchive
from mutualscope.io.refi.builder import ProjectBuilder
from mutualscope.io.refi.elements import parse_codes, parse_sets
from mutualscope.io.refi.limits import LIMITS, ReadLimits, describe_size
from mutualscope.io.refi.model import RefiCodebook, RefiProject, RefiSet
from mutualscope.io.refi.sources import Loader
from mutualscope.io.refi.xml import (
    CODEBOOK_NS,
    CODEBOOK_XSD,
    PROJECT_NS,
    PROJECT_XSD,
    Element,
    SchemaDeviation,
    child,
    iterparse,
    local,
    namespace,
    parse_xml,
    schema_errors,
    summarise_errors,
)


def read_qdpx(path: Path, *, limits: ReadLimits = LIMITS) -> RefiProject:
    """Read a REFI-QDA project archive. A bare ``project.qde`` (XML, no archive) is read
    too; its sources must then be inline. ``project.qde`` is streamed, and reading stops
    with a message naming the bound at the first of ``limits`` met."""
    path = Path(path)
    if _looks_like_xml(path):
        size = _checked_size(path, limits.project_bytes)
        with path.open("rb") as handle:
            return _read_project(handle, size, str(path), _nothing, limits, lambda: path.open("rb"))
    with QdpxArchive(path, max_total=limits.total_bytes, max_read=limits.read_bytes) as archive:
        member = archive.project_member()
        size = archive.size(member)
        where = f"{path}:{member}"
        if size > limits.project_bytes:
            raise InvalidInput(_too_big(where, size, limits.project_bytes))

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

        try:
            with archive.open(member) as stream:
                return _read_project(
                    stream, size, where, load, limits, lambda: archive.reopen(member)
                )
        except ARCHIVE_ERRORS as error:
            raise archive.damaged(member, error) from error


def _nothing(_reference: str) -> None:
    return None


def _read_project(
    stream: IO[bytes],
    size: int,
    where: str,
    load: Loader,
    limits: ReadLimits,
    reopen: Callable[[], IO[bytes]],
) -> RefiProject:
    """Build the project from ``stream``, and list its schema deviations: all of them
    (the first 20) when it is small enough to hold whole; else it is validated as it is
    read, and read again without the schema only when it deviates (the first deviation
    is then reported)."""
    problems: list[str] = []
    if size <= limits.whole_bytes:
        data = stream.read(limits.whole_bytes + 1)
        root = parse_xml(data, where)
        if local(root.tag) != "Project":
            raise InvalidInput(
                f"{where}: the root element is {local(root.tag)!r}; a project starts with Project."
            )
        deviations = _deviations(data, root, PROJECT_NS, PROJECT_XSD, where)
        del root
        builder = ProjectBuilder(where, load, limits, problems)
        project = builder.build(iterparse(io.BytesIO(data), where))
        problems[:0] = deviations
        return project
    try:
        builder = ProjectBuilder(where, load, limits, problems)
        events = iterparse(stream, where, schema_name=PROJECT_XSD)
        return builder.build(events, validating=True)
    except SchemaDeviation as deviation:
        first = str(deviation)
    # Not valid (or not well-formed): read again, tolerant, and say where it deviates.
    problems = [
        f"{where}: schema: {first} (a file this large is checked only up to its first deviation)"
    ]
    with reopen() as again:
        return ProjectBuilder(where, load, limits, problems).build(iterparse(again, where))


def _too_big(where: str, size: int, limit: int) -> str:
    return (
        f"{where}: refused, {describe_size(size)} is more than the "
        f"{describe_size(limit)} an import reads of a project.qde."
    )


def _checked_size(path: Path, limit: int) -> int:
    try:
        size = path.stat().st_size
    except FileNotFoundError as error:
        raise InvalidInput(f"{path}: no such file.") from error
    if size > limit:
        raise InvalidInput(_too_big(str(path), size, limit))
    return size


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
    _checked_size(path, LIMITS.whole_bytes)
    return path.read_bytes()


def _looks_like_xml(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError:
        return False
    return head.removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"<")


def _deviations(data: bytes, root: Element, ns: str, xsd: str, where: str) -> list[str]:
    """Schema deviations, reported but not fatal: real exports often have some."""
    if namespace(root.tag) != ns:
        return [f"{where}: the root element is not in the namespace {ns!r}; read anyway."]
    errors = schema_errors(root, xsd)
    return [f"{where}: schema: {e}" for e in summarise_errors(errors)]


def _sets(root: Element, problems: list[str]) -> list[RefiSet]:
    element = child(root, "Sets")
    return parse_sets(element, problems) if element is not None else []
