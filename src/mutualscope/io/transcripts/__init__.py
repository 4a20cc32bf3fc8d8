"""Transcript importers, one module per format: file -> :class:`ImportedDocument`.

Headless and database-free; :mod:`mutualscope.services.documents` stores the result.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mutualscope.io.transcripts.captions import parse_srt, parse_vtt
from mutualscope.io.transcripts.document import (
    MAX_FILE_BYTES,
    NO_SPEAKERS,
    ImportedDocument,
    fail,
)
from mutualscope.io.transcripts.opendocument import parse_odt
from mutualscope.io.transcripts.pdf import parse_pdf
from mutualscope.io.transcripts.plain import parse_md, parse_txt
from mutualscope.io.transcripts.table_columns import TableOptions
from mutualscope.io.transcripts.table_documents import FailedPart
from mutualscope.io.transcripts.tables import (
    parse_csv,
    parse_xlsx,
    read_csv_documents,
    read_xlsx_documents,
)
from mutualscope.io.transcripts.webpage import parse_html
from mutualscope.io.transcripts.word import parse_docx

Parser = Callable[..., ImportedDocument]

PARSERS: dict[str, Parser] = {
    ".txt": parse_txt,
    ".text": parse_txt,
    ".md": parse_md,
    ".markdown": parse_md,
    ".docx": parse_docx,
    ".odt": parse_odt,
    ".pdf": parse_pdf,
    ".vtt": parse_vtt,
    ".srt": parse_srt,
    ".csv": parse_csv,
    ".tsv": parse_csv,
    ".xlsx": parse_xlsx,
    ".html": parse_html,
    ".htm": parse_html,
}
SUPPORTED_SUFFIXES = tuple(sorted(PARSERS))


def parse_transcript(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> ImportedDocument:
    """Parse a transcript file by its extension."""
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        raise fail(
            path,
            f"unsupported file type {path.suffix or '(no extension)'!r}; "
            f"supported: {', '.join(SUPPORTED_SUFFIXES)}",
        )
    return parser(path, max_bytes=max_bytes)


TABLE_READERS = {
    ".csv": read_csv_documents,
    ".tsv": read_csv_documents,
    ".xlsx": read_xlsx_documents,
}


def parse_transcripts(
    path: Path, *, max_bytes: int = MAX_FILE_BYTES, options: TableOptions | None = None
) -> list[ImportedDocument | FailedPart]:
    """The documents in a file: one, or for a turn table split by
    ``options.document_column`` one per value of that column (a document that cannot
    be read comes back as a :class:`FailedPart`). ``options`` apply to turn tables only."""
    reader = TABLE_READERS.get(path.suffix.lower())
    if reader is not None and options is not None:
        return reader(path, max_bytes=max_bytes, options=options)
    return [parse_transcript(path, max_bytes=max_bytes)]


__all__ = [
    "MAX_FILE_BYTES",
    "NO_SPEAKERS",
    "PARSERS",
    "SUPPORTED_SUFFIXES",
    "FailedPart",
    "ImportedDocument",
    "TableOptions",
    "parse_csv",
    "parse_docx",
    "parse_html",
    "parse_md",
    "parse_odt",
    "parse_pdf",
    "parse_srt",
    "parse_transcript",
    "parse_transcripts",
    "parse_txt",
    "parse_vtt",
    "parse_xlsx",
]
