"""Safe XML parsing and schema validation for REFI-QDA files.

Every file first goes through defusedxml's guards (DOCTYPE, entity declarations and
external references forbidden; a REFI-QDA file needs none of them) on a bare expat
parser, over the prolog where such declarations must stand. Only then does lxml parse it,
with entities unresolved and the network off, into the tree that is read and validated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib.resources import files
from typing import IO, Any, TypeAlias
from xml.parsers import expat

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from lxml import etree

from mutualscope.errors import InvalidInput
from mutualscope.io.refi.limits import XML_DEPTH, XML_VALUE_CHARS, describe_size

# lxml.etree._Element; lxml is untyped here (no stubs installed).
Element: TypeAlias = Any

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_XSD = "Project-mrt2019.xsd"
CODEBOOK_XSD = "Codebook.xsd"

#: Schema errors listed before the rest are only counted.
MAX_LISTED_ERRORS = 20


def _guard(data: bytes) -> None:
    """Run expat over ``data`` with defusedxml's handlers and no others."""
    defused = SafeET.DefusedXMLParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = defused.defused_start_doctype_decl
    parser.EntityDeclHandler = defused.defused_entity_decl
    parser.UnparsedEntityDeclHandler = defused.defused_unparsed_entity_decl
    parser.ExternalEntityRefHandler = defused.defused_external_entity_ref_handler
    parser.Parse(data, True)


def _prolog(data: bytes) -> bytes | None:
    """What comes before the root element, closed by an empty root, for the guard; None
    when the scan does not recognise it (a DOCTYPE, UTF-16, a prolog past ``data``).

    A DOCTYPE can only stand before the root element, and without one there can be no
    entity declarations and no external references; so guarding the prolog guards the
    document, without a second full parse of a file of 100,000 codings.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:64]:
        return None
    position = 0
    while True:
        start = data.find(b"<", position)
        if start < 0:
            return None
        if data.startswith(b"<?", start):
            end = data.find(b"?>", start)
        elif data.startswith(b"<!--", start):
            end = data.find(b"-->", start)
        elif data.startswith(b"<!", start):
            return None
        else:
            return data[:start] + b"<guarded/>"
        if end < 0:
            return None
        position = end + 2


def _guarded(data: bytes, where: str) -> None:
    try:
        _guard(data)
    except DefusedXmlException as error:
        raise InvalidInput(
            f"{where}: refused, the XML declares a DOCTYPE, entities or external references "
            f"({type(error).__name__}); REFI-QDA files need none."
        ) from error
    except expat.ExpatError as error:
        raise InvalidInput(
            f"{where}: malformed XML at line {error.lineno}, column {error.offset + 1}: "
            f"{expat.ErrorString(error.code)}."
        ) from error


def parse_xml(data: bytes, where: str) -> Element:
    """Parse ``data`` (named ``where`` in messages); refuse DTDs, entities, external refs."""
    _guarded(_prolog(data) or data, where)
    try:
        root: Element = etree.fromstring(data, _import_parser())
    except etree.XMLSyntaxError as error:
        raise syntax_error(where, error) from error
    return root


def syntax_error(where: str, error: etree.XMLSyntaxError) -> InvalidInput:
    """The message for a parse error: its position, and the bound when it met one."""
    line, column = error.position
    message = str(error.msg or "")
    if "XML_PARSE_HUGE" in message or "limit exceeded" in message.lower():
        return InvalidInput(
            f"{where}: refused at line {line}, column {column}: a value longer than "
            f"{XML_VALUE_CHARS:,} characters or elements nested deeper than {XML_DEPTH} "
            "(the bounds of what an import reads)."
        )
    what = _POSITION.sub("", message.strip().splitlines()[0] if message.strip() else "")
    return InvalidInput(
        f"{where}: malformed XML at line {line}, column {column}" + (f": {what}." if what else ".")
    )


_POSITION = re.compile(r",? line \d+, column \d+$")


#: How much of a streamed document is looked at for its prolog.
HEAD_BYTES = 1024 * 1024
_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")


def _head_prolog(head: bytes, complete: bool, where: str) -> bytes:
    """What to guard of a streamed document, from its first bytes."""
    prolog = _prolog(head)
    if prolog is not None or complete:
        return prolog or head
    data = head
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:64]:
        # UTF-16: the prolog is looked for in the same text written as UTF-8.
        if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            encoding = "utf-16"
        else:
            encoding = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        data = _DECLARATION.sub("", head.decode(encoding, errors="ignore")).encode("utf-8")
        prolog = _prolog(data)
        if prolog is not None:
            return prolog
    if b"<!DOCTYPE" in data:
        return data  # the guard refuses it as soon as it meets the DOCTYPE
    raise InvalidInput(
        f"{where}: refused, no root element in the first {describe_size(HEAD_BYTES)} "
        "(an XML prolog that long is not a REFI-QDA file)."
    )


class _Prefixed:
    """A stream that gives ``head`` again before the rest of ``stream``."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head: bytes | None = head
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if self._head is not None:
            head, self._head = self._head, None
            if head:
                return head
        return self._stream.read(size)


def iterparse(
    stream: IO[bytes], where: str, *, schema_name: str | None = None
) -> Iterator[tuple[str, Element]]:
    """``start`` and ``end`` events of a document read as a stream, after its prolog is
    guarded as :func:`parse_xml` guards a whole document. The caller may clear and
    remove elements once ended, so that memory stays flat; it reads the events inside
    :func:`parse_errors`, which gives the position of a parse error. With
    ``schema_name`` the document is validated as it is read, and reading stops at the
    first deviation (:class:`SchemaDeviation`)."""
    head = stream.read(HEAD_BYTES)
    _guarded(_head_prolog(head, len(head) < HEAD_BYTES, where), where)
    options = dict(_IMPORT_OPTIONS)
    if schema_name is not None:
        options["schema"] = schema(schema_name)
    events: Iterator[tuple[str, Element]] = etree.iterparse(
        _Prefixed(head, stream), events=("start", "end"), **options
    )
    return events


class SchemaDeviation(Exception):
    """Reading with a schema stopped at an error: a deviation from the schema, or
    malformed XML (reading again without the schema tells which)."""


@contextmanager
def parse_errors(where: str, *, validating: bool = False) -> Iterator[None]:
    """Turn a parse error met while reading :func:`iterparse`'s events into a message
    (or, ``validating``, into :class:`SchemaDeviation`)."""
    try:
        yield
    except etree.XMLSyntaxError as error:
        if validating:
            first = next((e for e in error.error_log if e.domain_name == "SCHEMASV"), None)
            found = f"line {first.line}: {first.message}" if first else str(error.msg)
            raise SchemaDeviation(found) from error
        raise syntax_error(where, error) from error


def local(tag: Any) -> str:
    """The element name without its namespace (tools differ in the namespace they use)."""
    name = _LOCAL.get(tag) if isinstance(tag, str) else ""
    if name is None:
        name = _LOCAL[tag] = tag.rsplit("}", 1)[-1]
    return name


# A file has a few dozen distinct tags and hundreds of thousands of elements.
_LOCAL: dict[str, str] = {}


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def children(element: Element, name: str) -> list[Element]:
    """Children called ``name`` wherever they stand (real files break the schema's order)
    and in whatever namespace, or none."""
    return list(element.iterchildren(f"{{*}}{name}"))


def child(element: Element, name: str) -> Element | None:
    found: Element | None = element.find(f"{{*}}{name}")
    return found


def child_text(element: Element, name: str) -> str | None:
    found = child(element, name)
    if found is None:
        return None
    return "".join(found.itertext())


@cache
def schema(name: str) -> etree.XMLSchema:
    """One of the shipped schemas (``Project-mrt2019.xsd`` or ``Codebook.xsd``)."""
    source = files("mutualscope.io.refi").joinpath(name).read_bytes()
    return etree.XMLSchema(etree.fromstring(source, _lxml_parser()))


_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": True,
}
#: Files from other tools are read within libxml2's own bounds (no "huge" option): a
#: value of 10 million characters at most, elements 256 deep at most.
_IMPORT_OPTIONS: dict[str, Any] = {**_PARSER_OPTIONS, "huge_tree": False}


def _lxml_parser() -> etree.XMLParser:
    return etree.XMLParser(**_PARSER_OPTIONS)


def _import_parser() -> etree.XMLParser:
    return etree.XMLParser(**_IMPORT_OPTIONS)


def schema_errors(data: bytes | Element, schema_name: str) -> list[str]:
    """Validate ``data`` (bytes, or a parsed root) against a shipped schema; the errors
    as ``line N: message``."""
    document = etree.fromstring(data, _lxml_parser()) if isinstance(data, bytes) else data
    validator = schema(schema_name)
    if validator.validate(document):
        return []
    return [f"line {entry.line}: {entry.message}" for entry in validator.error_log]


def stream_schema_error(source: IO[bytes], schema_name: str) -> str | None:
    """Validate a (large) document while reading it, keeping little in memory; the first
    error, or None when it is valid. libxml2 validates as it parses, so the elements
    that make a file large are dropped as soon as they end, and only they are seen by
    Python (one event per selection, not one per element)."""
    try:
        for _event, element in etree.iterparse(
            source, events=("end",), tag=_BULKY, schema=schema(schema_name), **_PARSER_OPTIONS
        ):
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as error:
        return str(error.msg)
    return None


#: The elements a large project has many of.
_BULKY = tuple(
    f"{{*}}{name}"
    for name in (
        "PlainTextSelection",
        "TextSource",
        "PDFSource",
        "PictureSource",
        "AudioSource",
        "VideoSource",
        "Note",
        "Case",
        "User",
        "Set",
        "Link",
    )
)


def summarise_errors(errors: list[str]) -> list[str]:
    listed = errors[:MAX_LISTED_ERRORS]
    if len(errors) > MAX_LISTED_ERRORS:
        listed.append(f"... and {len(errors) - MAX_LISTED_ERRORS} more schema deviations")
    return listed
