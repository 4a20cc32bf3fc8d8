"""OpenDocument (.odt) transcripts: paragraphs, headings, lists, table rows, bold names."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from odf import teletype
from odf.element import Node
from odf.opendocument import load
from odf.style import Style

from mutualscope.domain.speakers import detect_turns, split_bold_label
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
_STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_FO_NS = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_PARAGRAPH = (_TEXT_NS, "p")
_HEADING = (_TEXT_NS, "h")
_ROW = (_TABLE_NS, "table-row")
_INLINE = {(_TEXT_NS, "span"), (_TEXT_NS, "a")}  # text whose boldness may change
_SPACE = (_TEXT_NS, "s")
_TAB = (_TEXT_NS, "tab")
_LINE_BREAK = (_TEXT_NS, "line-break")
_TEXT_PROPERTIES = (_STYLE_NS, "text-properties")
_BOLD_WEIGHTS = frozenset({"bold", "600", "700", "800", "900"})
_MAX_STYLE_DEPTH = 20  # parent-style chains are short; this only stops a cycle


class _BoldStyles:
    """Which paragraph and text styles make text bold, following parent styles.

    Common styles (styles.xml) and automatic ones (both files) are read; an automatic
    style of content.xml wins over a style of the same name read before it.
    """

    def __init__(self, document: Any) -> None:
        self._styles: dict[tuple[str, str], Any] = {}
        for container in (document.styles, document.automaticstyles):
            for style in container.getElementsByType(Style):
                family = style.getAttrNS(_STYLE_NS, "family")
                name = style.getAttrNS(_STYLE_NS, "name")
                if family and name:
                    self._styles[(family, name)] = style
        self._cache: dict[tuple[str, str], bool | None] = {}

    def weight(self, family: str, name: str | None) -> bool | None:
        """True or False where the style (or one it inherits from) sets the font weight;
        None where none does, so the text is as bold as what surrounds it."""
        if not name:
            return None
        key = (family, name)
        if key not in self._cache:
            self._cache[key] = self._resolve(family, name)
        return self._cache[key]

    def _resolve(self, family: str, name: str) -> bool | None:
        seen: set[str] = set()
        current: str | None = name
        while current and current not in seen and len(seen) < _MAX_STYLE_DEPTH:
            seen.add(current)
            style = self._styles.get((family, current))
            if style is None:
                return None
            for child in style.childNodes:
                if getattr(child, "qname", None) == _TEXT_PROPERTIES:
                    value = child.getAttrNS(_FO_NS, "font-weight")
                    if value:
                        return value.strip().casefold() in _BOLD_WEIGHTS
            current = style.getAttrNS(_STYLE_NS, "parent-style-name")
        return None


def _runs(node: Any, bold: bool, styles: _BoldStyles, out: list[tuple[str, bool]]) -> None:
    """The text inside ``node`` as (text, bold) pieces, in order (as teletype reads it)."""
    for child in node.childNodes:
        if child.nodeType == Node.TEXT_NODE:
            out.append((child.data, bold))
            continue
        qname = getattr(child, "qname", None)
        if qname in _INLINE:
            weight = styles.weight("text", child.getAttrNS(_TEXT_NS, "style-name"))
            _runs(child, bold if weight is None else weight, styles, out)
        elif qname == _SPACE:
            count = child.getAttrNS(_TEXT_NS, "c")
            out.append((" " * (int(count) if count and count.isdigit() else 1), bold))
        elif qname == _TAB:
            out.append(("\t", bold))
        elif qname == _LINE_BREAK:
            out.append(("\n", bold))
        else:  # notes, fields, frames: their text, as before
            out.append((teletype.extractText(child), bold))


def _paragraph_line(paragraph: Any, styles: _BoldStyles, labels: set[str]) -> str:
    """The paragraph's text; a bold name at its start becomes a ``Name:`` label."""
    paragraph_bold = styles.weight("paragraph", paragraph.getAttrNS(_TEXT_NS, "style-name"))
    runs: list[tuple[str, bool]] = []
    _runs(paragraph, bool(paragraph_bold), styles, runs)
    text = "".join(piece for piece, _ in runs)
    index = 0
    while index < len(runs) and (runs[index][1] or not runs[index][0].strip()):
        index += 1
    bold = "".join(piece for piece, _ in runs[:index])
    found = split_bold_label(bold, text[len(bold) :])
    if found is None:
        return text
    label, words = found
    labels.add(label)
    return f"{label}: {words}"


def _lines(node: Any, styles: _BoldStyles, labels: set[str], out: list[str]) -> None:
    for child in node.childNodes:
        qname = getattr(child, "qname", None)
        if qname == _PARAGRAPH:
            out.append(_paragraph_line(child, styles, labels))
        elif qname == _HEADING:  # bold by its style, and never a speaker's turn
            out.append(teletype.extractText(child))
        elif qname == _ROW:
            cells = [teletype.extractText(c).strip() for c in child.childNodes]
            cells = [c for c in cells if c]
            if len(cells) == 2:
                out.append(f"{cells[0].rstrip(':')}: {cells[1]}")
            else:
                out.append(" ".join(cells))
        elif getattr(child, "childNodes", None):
            _lines(child, styles, labels, out)


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
    """An OpenDocument text. Speakers are labels ("Name:") or bold names at a paragraph
    start, bold by a text style on a span or by the paragraph's style."""
    data = read_source(path, max_bytes)
    _check_container(path, data)
    try:
        document = load(io.BytesIO(data))
    except Exception as error:  # odfpy surfaces XML and ZIP errors of many kinds
        raise fail(path, f"not a valid .odt file: {error}") from error
    labels: set[str] = set()
    lines: list[str] = []
    _lines(document.text, _BoldStyles(document), labels, lines)
    text = normalise_text("\n".join(lines)).strip()
    return finish(path, text, detect_turns(text, labels), "odt")
