"""PDF transcripts: the text layer only (scanned pages need OCR first)."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError

from mutualscope.domain.speakers import detect_turns
from mutualscope.domain.text import normalise_text
from mutualscope.io.transcripts.document import (
    MAX_FILE_BYTES,
    ImportedDocument,
    fail,
    finish,
    read_source,
)


def _reader(path: Path, data: bytes) -> PdfReader:
    if not data.startswith(b"%PDF"):
        raise fail(path, "not a PDF file (it does not start with %PDF)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise fail(path, "the PDF is password-protected; remove the password first")
        _ = len(reader.pages)
    except FileNotDecryptedError as error:
        raise fail(path, "the PDF is password-protected; remove the password first") from error
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise fail(path, f"not a valid PDF (corrupt): {error}") from error
    return reader


def parse_pdf(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> ImportedDocument:
    """A PDF's text layer; pages are joined by a blank line."""
    data = read_source(path, max_bytes)
    # pypdf reports recoverable damage through logging; the import reports its own errors.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = _reader(path, data)
    try:
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise fail(path, f"the PDF's text cannot be read (corrupt): {error}") from error
    text = normalise_text("\n\n".join(p.strip() for p in pages)).strip()
    if not any(ch.isalnum() for ch in text):
        raise fail(
            path,
            "the PDF has no text layer (it is probably scanned images); "
            "run OCR on it first, or import a text version",
        )
    return finish(path, text, detect_turns(text), "pdf")
