"""Safe XML parsing and schema validation for REFI-QDA files.

Every file first goes through defusedxml's guards (DOCTYPE, entity declarations and
external references forbidden; a REFI-QDA file needs none of them) on a bare expat
parser, over the prolog where such declarations must stand. Only then does lxml parse it,
with entities unresolved and the network off, into the tree that is read and validated.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import IO, Any, TypeAlias
from xml.parsers import expat

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from lxml import etree

from mutualscope.errors import InvalidInput

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


def _prolog(data: bytes) -> bytes:
    """What comes before the root element, closed by an empty root, for the guard.

    A DOCTYPE can only stand before the root element, and without one there can be no
    entity declarations and no external references; so guarding the prolog guards the
    document, without a second full parse of a file of 100,000 codings. Anything the
    scan does not recognise (a DOCTYPE, UTF-16) is guarded whole.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:64]:
        return data
    position = 0
    while True:
        start = data.find(b"<", position)
        if start < 0:
            return data
        if data.startswith(b"<?", start):
            end = data.find(b"?>", start)
        elif data.startswith(b"<!--", start):
            end = data.find(b"-->", start)
        elif data.startswith(b"<!", start):
            return data
        else:
            return data[:start] + b"<guarded/>"
        if end < 0:
            return data
        position = end + 2


def parse_xml(data: bytes, where: str) -> Element:
    """Parse ``data`` (named ``where`` in messages); refuse DTDs, entities, external refs."""
    try:
        _guard(_prolog(data))
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
    try:
        root: Element = etree.fromstring(data, _lxml_parser())
    except etree.XMLSyntaxError as error:
        line, column = error.position
        raise InvalidInput(f"{where}: malformed XML at line {line}, column {column}.") from error
    return root


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


def _lxml_parser() -> etree.XMLParser:
    return etree.XMLParser(**_PARSER_OPTIONS)


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
    error, or None when it is valid."""
    try:
        for _event, element in etree.iterparse(
            source, events=("end",), schema=schema(schema_name), **_PARSER_OPTIONS
        ):
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as error:
        return str(error.msg)
    return None


def summarise_errors(errors: list[str]) -> list[str]:
    listed = errors[:MAX_LISTED_ERRORS]
    if len(errors) > MAX_LISTED_ERRORS:
        listed.append(f"... and {len(errors) - MAX_LISTED_ERRORS} more schema deviations")
    return listed
