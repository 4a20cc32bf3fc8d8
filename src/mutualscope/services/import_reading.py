"""Reading a file for import: everything done to it that needs no database.

Parsing a transcript, keeping its original bytes and checksum, counting its words and
folding them for the search index run here, in the read-ahead worker process (or in the
writer for a few files: :mod:`read_ahead`), while the writer stores the file before.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from mutualscope.domain.text import count_words
from mutualscope.errors import InvalidInput, MutualscopeError
from mutualscope.io.transcripts import ImportedDocument, parse_transcript
from mutualscope.services.import_sources import ImportSource
from mutualscope.storage.passage_text import Passages, prepare_passages


@dataclass
class ReadFile:
    """A file as read and parsed, with its index passages prepared, or why it cannot be
    imported (as a message: the worker hands results over pickled)."""

    source: ImportSource
    parsed: ImportedDocument | None = None
    original: bytes = b""
    checksum: str = ""
    word_count: int = 0
    passages: list[Passages] = field(default_factory=list)
    failure: str | None = None


def read_file(job: tuple[ImportSource, str]) -> ReadFile:
    """Read, parse and prepare a file for a backend (``job`` is the file and the backend's
    name); a failure is kept in the result for the writer to report."""
    source, backend = job
    try:
        parsed = parse_transcript(source.path)
        try:
            original = source.path.read_bytes()
        except OSError as error:
            raise InvalidInput(f"{source.path}: cannot be read: {error.strerror}") from error
        spans = [(seg.start, seg.end) for seg in parsed.segments]
        return ReadFile(
            source, parsed, original, hashlib.sha256(original).hexdigest(),
            count_words(parsed.text), prepare_passages(parsed.text, spans, backend),
        )  # fmt: skip
    except Exception as error:
        return ReadFile(source, failure=failure_message(source, error))


def failure_message(source: ImportSource, error: Exception) -> str:
    if isinstance(error, MutualscopeError):
        return str(error)
    # A damaged file can upset a parsing library anywhere; name the file and go on.
    return f"{source.path}: cannot be read: {error}"
