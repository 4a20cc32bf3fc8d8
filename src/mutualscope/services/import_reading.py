"""Reading a file for import: everything done to it that needs no database.

Parsing a transcript (or a turn table holding several), keeping its original bytes and
checksum, counting its words and folding them for the search index run here, in the
read-ahead worker process (or in the writer for a few files: :mod:`read_ahead`), while
the writer stores the file before.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from mutualscope.domain.text import count_words
from mutualscope.errors import InvalidInput, MutualscopeError
from mutualscope.io.recordings import RecordingOptions, RecordingTranscript, is_recording
from mutualscope.io.transcripts import (
    FailedPart,
    ImportedDocument,
    TableOptions,
    parse_transcripts,
)
from mutualscope.io.transcripts.table_documents import part_name
from mutualscope.services.import_sources import ImportSource
from mutualscope.storage.documents import Document
from mutualscope.storage.passage_text import Passages, prepare_passages

#: The longest name a document may have (its column's length).
NAME_CHARS: int = Document.__table__.c.name.type.length  # type: ignore[attr-defined]


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
    #: A recording's transcript (its bytes stay on disk until stored: ``original`` is empty).
    recording: RecordingTranscript | None = None


def read_file(job: tuple[ImportSource, str]) -> ReadFile:
    """Read, parse and prepare a file for a backend (``job`` is the file and the backend's
    name); a failure is kept in the result for the writer to report."""
    return read_documents((*job, None))[0]


def read_documents(
    job: tuple[ImportSource, str, TableOptions | None]
    | tuple[ImportSource, str, TableOptions | None, RecordingOptions | None],
) -> list[ReadFile]:
    """Read, parse and prepare the documents in a file: one, or one per value of a turn
    table's document column (``job`` is the file, the backend's name, the options for
    turn tables and, optionally, for recordings). A failure, of the file or of one of its
    documents, is kept in its result for the writer to report."""
    source, backend, options, *rest = job
    if is_recording(source.path):
        from mutualscope.services.recordings import read_recording

        return [read_recording(source, backend, rest[0] if rest else None)]
    try:
        found = parse_transcripts(source.path, options=options)
        try:
            original = source.path.read_bytes()
        except OSError as error:
            raise InvalidInput(f"{source.path}: cannot be read: {error.strerror}") from error
    except Exception as error:
        return [ReadFile(source, failure=failure_message(source, error))]
    reads = []
    for parsed in found:
        part = source
        if parsed.part is not None:
            part = ImportSource(source.path, part_name(source.name, parsed.part), parsed.part)
        if isinstance(parsed, FailedPart):
            reads.append(ReadFile(part, failure=failure_message(part, parsed.error)))
            continue
        if len(part.name) > NAME_CHARS:
            reads.append(ReadFile(part, failure=_name_too_long(part)))
            continue
        if parsed.part is not None:  # named as the file was given, not as it is stored
            parsed.original_name = part_name(PurePosixPath(source.name).name, parsed.part) + ".csv"
        kept = parsed.original if parsed.original is not None else original
        spans = [(seg.start, seg.end) for seg in parsed.segments]
        passages = prepare_passages(parsed.text, spans, backend)
        checksum = hashlib.sha256(kept).hexdigest()
        reads.append(ReadFile(part, parsed, kept, checksum, count_words(parsed.text), passages))
    return reads


def _name_too_long(part: ImportSource) -> str:
    return (
        f"{part.path}: the document {part.name[:60]!r}… would have a name of "
        f"{len(part.name):,} characters, and a document's name may have {NAME_CHARS}; "
        "shorten the values of the document column or the file's name"
    )


def failure_message(source: ImportSource, error: Exception) -> str:
    if isinstance(error, MutualscopeError):
        return str(error)
    # A damaged file can upset a parsing library anywhere; name the file and go on.
    return f"{source.path}: cannot be read: {error}"
