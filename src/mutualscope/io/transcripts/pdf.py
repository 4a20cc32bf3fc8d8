"""PDF transcripts: the text layer only (scanned pages need OCR first).

The text layer is made for printing, not reading: words may be set apart by tabs or runs
of spaces, and the lines or paragraphs may carry numbers in the margin. Words are stored
with single spaces, line and paragraph breaks kept, and margin numbers left out
(:mod:`margins`), with a note saying how many.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from mutualscope.domain import limits
from mutualscope.domain.speakers import detect_turns
from mutualscope.domain.text import normalise_text
from mutualscope.errors import InvalidInput
from mutualscope.io.messages import one_line
from mutualscope.io.transcripts.document import (
    MAX_FILE_BYTES,
    ImportedDocument,
    fail,
    finish,
    read_source,
    text_too_long,
)
from mutualscope.io.transcripts.margins import (
    MarginNumbers,
    remove_margin_numbers,
    single_spaced,
)


def _reader(path: Path, data: bytes) -> PdfReader:
    if not data.startswith(b"%PDF"):
        raise fail(path, "not a PDF file (it does not start with %PDF)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise fail(path, "the PDF is password-protected; remove the password first")
        pages = len(reader.pages)
    except InvalidInput:
        raise
    except FileNotDecryptedError as error:
        raise fail(path, "the PDF is password-protected; remove the password first") from error
    except Exception as error:  # pypdf raises many kinds of error for a damaged file
        raise fail(path, f"not a valid PDF (corrupt): {one_line(error)}") from None
    if pages > limits.TRANSCRIPT_PAGES:
        raise fail(path, f"the PDF has {pages:,} pages; the limit is {limits.TRANSCRIPT_PAGES:,}")
    return reader


def _page_texts(path: Path, reader: PdfReader) -> list[str]:
    """Each page's text, refused as soon as they pass the limit for one transcript."""
    pages: list[str] = []
    length = 0
    try:
        for page in reader.pages:
            text = (page.extract_text() or "").strip()
            length += len(text) + 2
            if length > limits.TRANSCRIPT_CHARS:
                raise fail(path, text_too_long())
            pages.append(text)
    except InvalidInput:
        raise
    except Exception as error:  # as above: damage can show in any page
        raise fail(path, f"the PDF's text cannot be read (corrupt): {one_line(error)}") from None
    return pages


def pdf_text(pages: list[str]) -> MarginNumbers:
    """The lines of a PDF's pages (joined by a blank line), single-spaced, without the
    numbers printed in their margins."""
    lines = [single_spaced(line) for line in normalise_text("\n\n".join(pages)).split("\n")]
    return remove_margin_numbers(lines)


def parse_pdf(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> ImportedDocument:
    """A PDF's text layer; pages are joined by a blank line."""
    data = read_source(path, max_bytes)
    # pypdf reports recoverable damage through logging; the import reports its own errors.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = _reader(path, data)
    cleaned = pdf_text(_page_texts(path, reader))
    text = "\n".join(cleaned.lines).strip()
    if not any(ch.isalnum() for ch in text):
        raise fail(
            path,
            "the PDF has no text layer (it is probably scanned images); "
            "run OCR on it first, or import a text version",
        )
    doc = finish(path, text, detect_turns(text), "pdf")
    doc.warnings += cleaned.notes()
    return doc
