"""Plain text and Markdown transcripts, in any common encoding."""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from mutualscope.domain.speakers import detect_turns
from mutualscope.domain.text import control_count, normalise_text
from mutualscope.io.transcripts.document import (
    MAX_FILE_BYTES,
    ImportedDocument,
    fail,
    finish,
    read_source,
    sniff_binary,
)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    return control_count(sample) > max(2, len(sample) // 100)


def decode_text(path: Path, data: bytes) -> str:
    """Decode bytes as text: BOM first, then UTF-8, then the best detected encoding."""
    kind = sniff_binary(data)
    if kind is not None:
        raise fail(path, f"this is {kind}, not a text file")
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    encoding = encoding or _utf16_without_bom(data)
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
    return text


def parse_txt(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> ImportedDocument:
    """A plain-text transcript; speakers found from their labels."""
    return _parse(path, "txt", max_bytes)


def parse_md(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> ImportedDocument:
    """A Markdown transcript, kept as written; ``**Name:**`` labels are recognised."""
    return _parse(path, "md", max_bytes)


def _parse(path: Path, source_format: str, max_bytes: int) -> ImportedDocument:
    text = normalise_text(decode_text(path, read_source(path, max_bytes)))
    return finish(path, text, detect_turns(text), source_format)
