"""Plain text and Markdown transcripts, in any common encoding."""

from __future__ import annotations

import re
from pathlib import Path

from charset_normalizer import from_bytes

from mutualscope.domain.speakers import detect_turns
from mutualscope.domain.text import control_count, normalise_text
from mutualscope.io.encodings import declared_encoding
from mutualscope.io.transcripts.document import (
    MAX_FILE_BYTES,
    ImportedDocument,
    check_text_length,
    fail,
    finish,
    read_source,
    sniff_binary,
)
from mutualscope.io.transcripts.margins import remove_margin_numbers, single_spaced

# A line that starts with a number: without one, there is nothing to look for. (Not a
# MULTILINE "^": searching for the newline is several times faster on a long text.)
_NUMBERED_LINE = re.compile(r"\n[ \t]*\d")


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    return control_count(sample) > max(2, len(sample) // 100)


def decode_text(path: Path, data: bytes) -> str:
    """Decode bytes as text: BOM first, then UTF-8, then the best detected encoding."""
    kind = sniff_binary(data)
    if kind is not None:
        raise fail(path, f"this is {kind}, not a text file")
    encoding = declared_encoding(data)
    if encoding is None and b"\x00" in data[:8192]:
        raise fail(path, "this is a binary file, not text (it contains NUL bytes)")
    text: str | None = None
    if encoding is not None:
        text = data.decode(encoding, errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            best = from_bytes(data[:1_000_000]).best()
            if best is not None and best.encoding:
                text = data.decode(best.encoding, errors="replace")
    if text is None or _looks_binary(text):
        raise fail(path, "this is a binary file, or text in an encoding that is not recognised")
    return check_text_length(path, text)


def parse_txt(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> ImportedDocument:
    """A plain-text transcript; speakers found from their labels."""
    return _parse(path, "txt", max_bytes)


def parse_md(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> ImportedDocument:
    """A Markdown transcript, kept as written; ``**Name:**`` labels are recognised."""
    return _parse(path, "md", max_bytes)


def _parse(path: Path, source_format: str, max_bytes: int) -> ImportedDocument:
    text = normalise_text(decode_text(path, read_source(path, max_bytes)))
    text, notes = _without_margin_numbers(text)
    doc = finish(path, text, detect_turns(text), source_format)
    doc.warnings += notes
    return doc


def _without_margin_numbers(text: str) -> tuple[str, list[str]]:
    """Text saved from a PDF (``pdftotext -layout``) with its margin numbers left out,
    single-spaced as a PDF's text is; any other text as it is."""
    if not (text.lstrip(" \t")[:1].isdigit() or _NUMBERED_LINE.search(text)):
        return text, []
    cleaned = remove_margin_numbers(text.split("\n"))
    if not cleaned.line_numbers and not cleaned.paragraph_numbers:
        return text, []
    return "\n".join(single_spaced(line) for line in cleaned.lines).strip(), cleaned.notes()
