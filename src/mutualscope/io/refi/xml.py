"""Safe XML parsing and schema validation for REFI-QDA files.

Parsing goes through defusedxml with DTDs forbidden outright: a REFI-QDA file never needs
one, and refusing them closes entity expansion and external references in one rule.
Validation uses lxml only on bytes defusedxml has already accepted.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache
from importlib.resources import files
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from lxml import etree

from mutualscope.errors import InvalidInput

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_XSD = "Project-mrt2019.xsd"
CODEBOOK_XSD = "Codebook.xsd"

#: Schema errors listed before the rest are only counted.
MAX_LISTED_ERRORS = 20


def parse_xml(data: bytes, where: str) -> ET.Element:
    """Parse ``data`` (named ``where`` in messages); refuse DTDs, entities, external refs."""
    try:
        root: ET.Element = SafeET.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as error:
        raise InvalidInput(
            f"{where}: refused, the XML declares a DOCTYPE, entities or external references "
            f"({type(error).__name__}); REFI-QDA files need none."
        ) from error
    except ET.ParseError as error:
        line, column = error.position
        raise InvalidInput(
            f"{where}: malformed XML at line {line}, column {column + 1}: {error.msg}."
        ) from error
    return root


def local(tag: Any) -> str:
    """The element name without its namespace (tools differ in the namespace they use)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def children(element: ET.Element, name: str) -> list[ET.Element]:
    """Children called ``name`` wherever they stand (real files break the schema's order)."""
    return [child for child in element if local(child.tag) == name]


def child(element: ET.Element, name: str) -> ET.Element | None:
    for item in element:
        if local(item.tag) == name:
            return item
    return None


def child_text(element: ET.Element, name: str) -> str | None:
    found = child(element, name)
    if found is None:
        return None
    return "".join(found.itertext())


@cache
def schema(name: str) -> etree.XMLSchema:
    """One of the shipped schemas (``Project-mrt2019.xsd`` or ``Codebook.xsd``)."""
    source = files("mutualscope.io.refi").joinpath(name).read_bytes()
    return etree.XMLSchema(etree.fromstring(source, _lxml_parser()))


def _lxml_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def schema_errors(data: bytes, schema_name: str) -> list[str]:
    """Validate ``data`` against a shipped schema; the errors as ``line N: message``."""
    document = etree.fromstring(data, _lxml_parser())
    validator = schema(schema_name)
    if validator.validate(document):
        return []
    return [f"line {entry.line}: {entry.message}" for entry in validator.error_log]


def summarise_errors(errors: list[str]) -> list[str]:
    listed = errors[:MAX_LISTED_ERRORS]
    if len(errors) > MAX_LISTED_ERRORS:
        listed.append(f"... and {len(errors) - MAX_LISTED_ERRORS} more schema deviations")
    return listed
