"""HTML transcripts: the visible text, one line per block; bold names become labels."""

from __future__ import annotations

import io
import re
from pathlib import Path

import lxml.html
from lxml import etree

from mutualscope.domain.speakers import MAX_LABEL_LENGTH, detect_turns
from mutualscope.domain.text import normalise_text
from mutualscope.io.encodings import declared_encoding
from mutualscope.io.markup import scan_markup
from mutualscope.io.messages import one_line
from mutualscope.io.transcripts.document import (
    MAX_FILE_BYTES,
    ImportedDocument,
    check_text_length,
    fail,
    finish,
    read_source,
    sniff_binary,
)

_BLOCKS = frozenset(
    {
        "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dt", "dd", "pre",
        "blockquote", "section", "article", "header", "footer", "table", "ul", "ol", "dl",
    }
)  # fmt: skip
_HIDDEN = ("head", "script", "style", "noscript", "template")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def _mark_bold_labels(root: lxml.html.HtmlElement) -> None:
    """``<p><b>Name</b> words</p>`` -> ``Name: words``, as the name is the speaker."""
    for paragraph in root.iter("p", "div", "li"):
        if paragraph.text and paragraph.text.strip():
            continue
        first = next(iter(paragraph), None)
        if first is None or first.tag not in ("b", "strong"):
            continue
        name = first.text_content().strip()
        tail = first.tail or ""
        if (
            name
            and len(name) <= MAX_LABEL_LENGTH
            and tail.strip()
            and not name.endswith(":")
            and not tail.lstrip().startswith(":")
        ):
            first.tail = ": " + tail.lstrip()


def _html_bytes(path: Path, data: bytes) -> tuple[bytes, str | None]:
    """The page's bytes and their encoding, if it is not for the page to say (in a meta
    tag). UTF-16 and UTF-32, with or without a byte order mark, are recoded as UTF-8:
    read as bytes, UTF-16 without a mark became text full of NUL characters."""
    kind = sniff_binary(data)
    if kind is not None:
        raise fail(path, f"this is {kind}, not HTML")
    encoding = declared_encoding(data)
    if encoding is None:
        if b"\x00" in data[:8192]:
            raise fail(path, "this is a binary file, not HTML (it contains NUL bytes)")
        return data, None
    text = check_text_length(path, data.decode(encoding, errors="replace"))
    return text.encode("utf-8"), "utf-8"


def parse_html(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> ImportedDocument:
    """An HTML page's visible text; speakers found from their labels."""
    data, encoding = _html_bytes(path, read_source(path, max_bytes))
    try:
        scan_markup(io.BytesIO(data), where=str(path), html=True, encoding=encoding)
        parser = lxml.html.HTMLParser(encoding=encoding)
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise fail(path, f"not readable as HTML: {one_line(error)}") from error
    for element in list(root.iter(*_HIDDEN)):
        element.drop_tree()
    _mark_bold_labels(root)
    for element in root.iter():
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
            element.text = "\n" + (element.text or "")
        elif element.tag in ("td", "th"):
            element.tail = " " + (element.tail or "")
    raw = normalise_text(root.text_content())
    lines = [_SPACES.sub(" ", line).strip() for line in raw.split("\n")]
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return finish(path, text, detect_turns(text), "html")
