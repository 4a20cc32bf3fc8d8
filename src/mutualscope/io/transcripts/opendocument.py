"""OpenDocument (.odt) transcripts: paragraphs, headings, lists and table rows."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from odf import teletype
from odf.opendocument import load

from mutualscope.domain.speakers import detect_turns
from mutualscope.domain.text import normalise_text
from mutualscope.io.transcripts.document import (
    MAX_FILE_BYTES,
    OLE_SIGNATURE,
    ImportedDocument,
    fail,
    finish,
    read_source,
)

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_BLOCKS = {(_TEXT_NS, "p"), (_TEXT_NS, "h")}
_ROW = (_TABLE_NS, "table-row")


def _lines(node: Any, out: list[str]) -> None:
    for child in node.childNodes:
        qname = getattr(child, "qname", None)
        if qname in _BLOCKS:
            out.append(teletype.extractText(child))
        elif qname == _ROW:
            cells = [teletype.extractText(c).strip() for c in child.childNodes]
            cells = [c for c in cells if c]
            if len(cells) == 2:
                out.append(f"{cells[0].rstrip(':')}: {cells[1]}")
            else:
                out.append(" ".join(cells))
        elif getattr(child, "childNodes", None):
            _lines(child, out)


def _check_container(path: Path, data: bytes) -> None:
    if data.startswith(OLE_SIGNATURE):
        raise fail(path, "not an OpenDocument file (it is an old Office compound file)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            manifest = archive.read("META-INF/manifest.xml")
    except (zipfile.BadZipFile, KeyError) as error:
        raise fail(path, "not a valid .odt file (corrupt or not OpenDocument)") from error
    if b"encryption-data" in manifest:
        raise fail(path, "the file is password-protected; remove the password and try again")


def parse_odt(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> ImportedDocument:
    """An OpenDocument text; speakers found from their labels."""
    data = read_source(path, max_bytes)
    _check_container(path, data)
    try:
        document = load(io.BytesIO(data))
    except Exception as error:  # odfpy surfaces XML and ZIP errors of many kinds
        raise fail(path, f"not a valid .odt file: {error}") from error
    lines: list[str] = []
    _lines(document.text, lines)
    text = normalise_text("\n".join(lines)).strip()
    return finish(path, text, detect_turns(text), "odt")
