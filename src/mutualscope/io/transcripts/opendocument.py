"""OpenDocument (.odt) transcripts: paragraphs, headings, lists, table rows, bold names.

The XML parts are read with lxml after the archive and its XML are checked against the
limits (:mod:`mutualscope.io.archives`): odfpy, which this reader used before, builds a
Python object for every element and took over a gigabyte for half a million of them.
Text is taken as odfpy's ``teletype.extractText`` takes it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from mutualscope.domain import limits
from mutualscope.domain.speakers import detect_turns, split_bold_label
from mutualscope.domain.text import normalise_text
from mutualscope.io.archives import ARCHIVE_ERRORS, open_archive, scan_package
from mutualscope.io.messages import one_line
from mutualscope.io.transcripts.document import (
    MAX_FILE_BYTES,
    OLE_SIGNATURE,
    ImportedDocument,
    fail,
    finish,
    read_source,
    text_too_long,
)

_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_FO_NS = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_PARAGRAPH = f"{{{_TEXT_NS}}}p"
_HEADING = f"{{{_TEXT_NS}}}h"
_ROW = f"{{{_TABLE_NS}}}table-row"
_INLINE = {f"{{{_TEXT_NS}}}span", f"{{{_TEXT_NS}}}a"}  # text whose boldness may change
_SPACE = f"{{{_TEXT_NS}}}s"
_TAB = f"{{{_TEXT_NS}}}tab"
_LINE_BREAK = f"{{{_TEXT_NS}}}line-break"
_STYLE = f"{{{_STYLE_NS}}}style"
_TEXT_PROPERTIES = f"{{{_STYLE_NS}}}text-properties"
_STYLE_NAME = f"{{{_TEXT_NS}}}style-name"
_BOLD_WEIGHTS = frozenset({"bold", "600", "700", "800", "900"})
_MAX_STYLE_DEPTH = 20  # parent-style chains are short; this only stops a cycle
_KIND = ".odt file"
_STYLE_CONTAINERS = (
    ("styles.xml", "styles"),
    ("styles.xml", "automatic-styles"),
    ("content.xml", "automatic-styles"),
)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


class _BoldStyles:
    """Which paragraph and text styles make text bold, following parent styles.

    Common styles (styles.xml) and automatic ones (both files) are read; an automatic
    style of content.xml wins over a style of the same name read before it.
    """

    def __init__(self, parts: dict[str, Any]) -> None:
        self._styles: dict[tuple[str, str], Any] = {}
        for part, container in _STYLE_CONTAINERS:
            root = parts.get(part)
            if root is None:
                continue
            for holder in root.iterchildren(f"{{{_OFFICE_NS}}}{container}"):
                for style in holder.iter(_STYLE):
                    family = style.get(f"{{{_STYLE_NS}}}family")
                    name = style.get(f"{{{_STYLE_NS}}}name")
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
            for child in style.iterchildren(_TEXT_PROPERTIES):
                value = child.get(f"{{{_FO_NS}}}font-weight")
                if value:
                    return value.strip().casefold() in _BOLD_WEIGHTS
            current = style.get(f"{{{_STYLE_NS}}}parent-style-name")
        return None


class _TextReader:
    """Reads lines of text from the document's elements, as odfpy's
    ``teletype.extractText`` reads them, with speaker labels from bold names.

    ``text:s`` stands for any number of spaces; the spaces of a whole document are
    counted, and refused past :data:`~limits.TRANSCRIPT_CHARS` before they are made."""

    def __init__(self, styles: _BoldStyles) -> None:
        self.styles = styles
        self.labels: set[str] = set()
        self._spaces_left = limits.TRANSCRIPT_CHARS

    def spaces(self, element: Any) -> str:
        count = element.get(f"{{{_TEXT_NS}}}c") or ""
        if not (count.isascii() and count.isdigit()):
            number = 1
        elif len(count) > len(str(limits.TRANSCRIPT_CHARS)):
            raise _TooLong
        else:
            number = int(count)
        self._spaces_left -= number
        if self._spaces_left < 0:
            raise _TooLong
        return " " * number

    def extract_text(self, element: Any) -> str:
        """The text inside ``element``, as ``teletype.extractText`` gives it."""
        pieces: list[str] = []
        self._extract(element, pieces)
        return "".join(pieces)

    def _extract(self, element: Any, out: list[str]) -> None:
        if element.text:
            out.append(element.text)
        for child in element:
            tag = child.tag
            if tag == _LINE_BREAK:
                out.append("\n")
            elif tag == _TAB:
                out.append("\t")
            elif tag == _SPACE:
                out.append(self.spaces(child))
            else:
                self._extract(child, out)
            if child.tail:
                out.append(child.tail)

    def _runs(self, node: Any, bold: bool, out: list[tuple[str, bool]]) -> None:
        """The text inside ``node`` as (text, bold) pieces, in order."""
        if node.text:
            out.append((node.text, bold))
        for child in node:
            tag = child.tag
            if tag in _INLINE:
                weight = self.styles.weight("text", child.get(_STYLE_NAME))
                self._runs(child, bold if weight is None else weight, out)
            elif tag == _SPACE:
                out.append((self.spaces(child), bold))
            elif tag == _TAB:
                out.append(("\t", bold))
            elif tag == _LINE_BREAK:
                out.append(("\n", bold))
            else:  # notes, fields, frames: their text, as before
                out.append((self.extract_text(child), bold))
            if child.tail:
                out.append((child.tail, bold))

    def paragraph_line(self, paragraph: Any) -> str:
        """The paragraph's text; a bold name at its start becomes a ``Name:`` label."""
        paragraph_bold = self.styles.weight("paragraph", paragraph.get(_STYLE_NAME))
        runs: list[tuple[str, bool]] = []
        self._runs(paragraph, bool(paragraph_bold), runs)
        text = "".join(piece for piece, _ in runs)
        index = 0
        while index < len(runs) and (runs[index][1] or not runs[index][0].strip()):
            index += 1
        bold = "".join(piece for piece, _ in runs[:index])
        found = split_bold_label(bold, text[len(bold) :])
        if found is None:
            return text
        label, words = found
        self.labels.add(label)
        return f"{label}: {words}"

    def lines(self, node: Any) -> Iterator[str]:
        for child in node:
            tag = child.tag
            if tag == _PARAGRAPH:
                yield self.paragraph_line(child)
            elif tag == _HEADING:  # bold by its style, and never a speaker's turn
                yield self.extract_text(child)
            elif tag == _ROW:
                cells = [self.extract_text(c).strip() for c in child]
                cells = [c for c in cells if c]
                if len(cells) == 2:
                    yield f"{cells[0].rstrip(':')}: {cells[1]}"
                else:
                    yield " ".join(cells)
            elif len(child):
                yield from self.lines(child)


class _TooLong(Exception):
    """Spaces past :data:`~limits.TRANSCRIPT_CHARS` (the caller says so)."""


def _read_parts(path: Path, data: bytes) -> dict[str, Any]:
    """content.xml and styles.xml parsed, after the archive and its XML are checked."""
    if data.startswith(OLE_SIGNATURE):
        raise fail(path, "not an OpenDocument file (it is an old Office compound file)")
    with open_archive(io.BytesIO(data), path=path, kind=_KIND) as archive:
        try:
            manifest = archive.read("META-INF/manifest.xml")
        except KeyError as error:
            raise fail(path, "not a valid .odt file (corrupt or not OpenDocument)") from error
        except ARCHIVE_ERRORS as error:
            raise fail(
                path, f"not a valid .odt file (a damaged ZIP archive: {one_line(error)})"
            ) from None
        if b"encryption-data" in manifest:
            raise fail(path, "the file is password-protected; remove the password and try again")
        scan_package(
            archive,
            path=path,
            kind=_KIND,
            counted={
                _PARAGRAPH: (limits.TRANSCRIPT_PARAGRAPHS, "paragraphs"),
                _HEADING: (limits.TRANSCRIPT_PARAGRAPHS, "headings"),
            },
        )
        parts: dict[str, Any] = {}
        for name in ("content.xml", "styles.xml"):
            try:
                with archive.open(name) as stream:
                    parts[name] = etree.parse(stream, _parser()).getroot()
            except KeyError:
                continue
            except etree.XMLSyntaxError as error:
                raise fail(path, f"not a valid .odt file ({name}: {one_line(error)})") from None
            except ARCHIVE_ERRORS as error:
                raise fail(
                    path, f"not a valid .odt file (a damaged ZIP archive: {one_line(error)})"
                ) from None
    return parts


def _body_text(path: Path, parts: dict[str, Any]) -> Any:
    content = parts.get("content.xml")
    found = None
    if content is not None and content.tag == f"{{{_OFFICE_NS}}}document-content":
        found = content.find(f"{{{_OFFICE_NS}}}body/{{{_OFFICE_NS}}}text")
    if found is None:
        raise fail(path, "not a valid .odt file (its content.xml holds no text document)")
    return found


def parse_odt(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> ImportedDocument:
    """An OpenDocument text. Speakers are labels ("Name:") or bold names at a paragraph
    start, bold by a text style on a span or by the paragraph's style."""
    data = read_source(path, max_bytes)
    parts = _read_parts(path, data)
    body = _body_text(path, parts)
    reader = _TextReader(_BoldStyles(parts))
    try:
        text = normalise_text("\n".join(reader.lines(body))).strip()
    except _TooLong:
        raise fail(path, text_too_long()) from None
    return finish(path, text, detect_turns(text, reader.labels), "odt")
