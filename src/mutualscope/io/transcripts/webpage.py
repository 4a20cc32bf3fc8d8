"""HTML transcripts: the visible text, one line per block; bold names become labels."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree

from mutualscope.domain.speakers import MAX_LABEL_LENGTH, detect_turns
from mutualscope.domain.text import normalise_text
from mutualscope.io.transcripts.document import (
    MAX_FILE_BYTES,
    ImportedDocument,
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


def parse_html(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> ImportedDocument:
    """An HTML page's visible text; speakers found from their labels."""
    data = read_source(path, max_bytes)
    kind = sniff_binary(data)
    if kind is not None:
        raise fail(path, f"this is {kind}, not HTML")
    try:
        root = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError) as error:
        raise fail(path, f"not readable as HTML: {error}") from error
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
