"""Recordings in a project: transcribing one as an import, keeping it, linking it.

``docs import interview.m4a`` goes through the import machinery like any file
(:mod:`mutualscope.services.imports`): :func:`read_recording` does the reading (decode,
transcribe, find speakers; in the read-ahead worker when many files are imported) and
:func:`store_recording_words` writes what a transcript adds to a document: the recording
itself (once per content, in chunks) and the time of every word. ``docs link-audio``
gives an already transcribed document its recording (:func:`link_recording`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import cast

from sqlalchemy import Connection, Table, func, insert, select, update
from sqlalchemy.orm import Session

from mutualscope.domain.text import count_words
from mutualscope.errors import Conflict, InvalidInput
from mutualscope.io.recordings import (
    Progress,
    RecordingOptions,
    RecordingTranscript,
    media_type,
    probe,
    transcribe_recording,
)
from mutualscope.io.recordings.audio import check_file, clock, decode
from mutualscope.services.audit import record_event
from mutualscope.services.documents import find_document
from mutualscope.services.import_reading import ReadFile, failure_message
from mutualscope.services.import_sources import ImportSource
from mutualscope.storage.bulk import insert_rows
from mutualscope.storage.documents import Document, Segment
from mutualscope.storage.passage_text import prepare_passages
from mutualscope.storage.recordings import (
    CHUNK_BYTES,
    REF_PREFIX,
    Recording,
    RecordingChunk,
    RecordingWord,
)

RECORDING = cast(Table, Recording.__table__)
CHUNK = cast(Table, RecordingChunk.__table__)
DOCUMENT = cast(Table, Document.__table__)
WORD_COLUMNS = (
    "document_id", "position", "start", "end", "time_start", "time_end", "probability",
)  # fmt: skip
#: Chunks written per statement: 8 MB in memory at most.
CHUNKS_PER_INSERT = 8
#: A turn may end this long after the recording does (caption tools round up) before
#: the recording is taken to be the wrong one.
END_TOLERANCE = 2.0

#: ``(document name, stage, done, total)``: stage is "decoding", "transcribing" or
#: "speakers"; done and total are seconds of audio.
ProgressHook = Callable[[str, str, float, float], None]
_progress: ContextVar[ProgressHook | None] = ContextVar("recording_progress", default=None)


@contextmanager
def reporting(progress: ProgressHook) -> Iterator[None]:
    """Report the progress of recordings transcribed in this process (not in the
    read-ahead worker, which reports per file) to ``progress(name, stage, done, total)``;
    it may raise to stop a transcription part-way."""
    token = _progress.set(progress)
    try:
        yield
    finally:
        _progress.reset(token)


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(CHUNK_BYTES):
            digest.update(block)
    return digest.hexdigest()


def read_recording(
    source: ImportSource, backend: str, options: RecordingOptions | None
) -> ReadFile:
    """A recording read for import: transcribed, its turns' passages prepared for the
    search index; or why it cannot be imported. Its bytes stay on disk until stored."""
    hook = _progress.get()
    progress: Progress | None = None if hook is None else partial(hook, source.name)
    try:
        checksum = file_checksum(source.path)
        transcript = transcribe_recording(source.path, options, progress)
    except Exception as error:
        return ReadFile(source, failure=failure_message(source, error))
    parsed = transcript.document
    spans = [(seg.start, seg.end) for seg in parsed.segments]
    read = ReadFile(
        source, parsed, b"", checksum, count_words(parsed.text),
        prepare_passages(parsed.text, spans, backend),
    )  # fmt: skip
    read.recording = transcript
    return read


def _stored_recording(conn: Connection, checksum: str) -> int | None:
    found = conn.execute(select(RECORDING.c.id).where(RECORDING.c.checksum == checksum))
    return found.scalar_one_or_none()


def store_recording_file(
    conn: Connection, path: Path, checksum: str, *, duration: float, codec: str | None
) -> int:
    """The id of the stored recording with this content, storing the file if the
    project does not hold it yet. Read in chunks; a file changed since ``checksum`` was
    taken is refused."""
    existing = _stored_recording(conn, checksum)
    if existing is not None:
        return existing
    size = path.stat().st_size
    recording_id: int = conn.execute(
        insert(RECORDING).returning(RECORDING.c.id),
        {
            "checksum": checksum,
            "filename": path.name,
            "media_type": media_type(path),
            "size": size,
            "duration": duration,
            "codec": codec,
        },
    ).scalar_one()
    digest = hashlib.sha256()
    rows: list[dict[str, object]] = []
    position = 0
    with path.open("rb") as stream:
        while block := stream.read(CHUNK_BYTES):
            digest.update(block)
            rows.append({"recording_id": recording_id, "position": position, "content": block})
            position += 1
            if len(rows) == CHUNKS_PER_INSERT:
                conn.execute(insert(CHUNK), rows)
                rows = []
    if rows:
        conn.execute(insert(CHUNK), rows)
    if digest.hexdigest() != checksum:
        raise InvalidInput(f"{path}: the file changed while it was being imported; import it again")
    return recording_id


def store_recording_words(conn: Connection, document_id: int, read: ReadFile) -> None:
    """Write what a transcribed recording adds to its document (in the caller's
    transaction): the recording, the reference to it, and every word's span and times."""
    transcript = read.recording
    assert transcript is not None
    store_recording_file(
        conn, read.source.path, read.checksum,
        duration=transcript.duration, codec=transcript.details.get("codec"),
    )  # fmt: skip
    attributes = conn.execute(
        select(DOCUMENT.c.attributes).where(DOCUMENT.c.id == document_id)
    ).scalar_one()
    conn.execute(
        update(DOCUMENT)
        .where(DOCUMENT.c.id == document_id)
        .values(
            audio_ref=REF_PREFIX + read.checksum,
            language=transcript.details.get("language"),
            attributes={**(attributes or {}), "transcription": transcript.details},
        )
    )
    rows = [
        (document_id, position, w.start, w.end, w.time_start, w.time_end, w.probability)
        for position, w in enumerate(transcript.words)
    ]
    insert_rows(conn, "recording_word", WORD_COLUMNS, rows)


@dataclass(frozen=True)
class LinkOutcome:
    document: str
    recording: str
    duration: float
    timed_turns: int
    replaced: str | None  # the file name of the recording linked before, if any


def link_recording(
    session: Session,
    *,
    document: str,
    path: Path,
    replace: bool = False,
    actor: str | None = None,
) -> LinkOutcome:
    """Link a document whose turns have times (from .vtt, .srt or a turn table) to its
    recording, stored like a transcribed one. Refused when the turns have no times or
    run past the end of the recording (the wrong file); nothing is changed then."""
    doc = find_document(session, document)
    times = session.execute(
        select(Segment.time_start, Segment.time_end).where(Segment.document_id == doc.id)
    ).all()
    timed = [t for t in times if t.time_start is not None]
    if not timed:
        raise InvalidInput(
            f"{doc.name!r} has no turn times to play from; link a recording to a transcript "
            "with times (.vtt, .srt or a turn table with start times), or import the "
            "recording itself to transcribe it"
        )
    check_file(path)
    info = probe(path)
    duration = len(decode(path)) / 16_000 if not info.duration else info.duration
    latest = max(max(t.time_start or 0.0, t.time_end or 0.0) for t in timed)
    if latest > duration + END_TOLERANCE:
        raise InvalidInput(
            f"{path}: the recording is {clock(duration)} long but {doc.name!r} has turns up "
            f"to {clock(latest)}; is it the recording of this interview?"
        )
    checksum = file_checksum(path)
    previous = None
    if doc.audio_ref and doc.audio_ref != REF_PREFIX + checksum:
        previous = (
            session.scalar(
                select(Recording.filename).where(
                    Recording.checksum == doc.audio_ref.removeprefix(REF_PREFIX)
                )
            )
            or doc.audio_ref
        )
        if not replace:
            raise Conflict(
                f"{doc.name!r} is already linked to the recording {previous!r}; use "
                "--replace to link it to this one instead (the other stays in the project)"
            )
    store_recording_file(session.connection(), path, checksum, duration=duration, codec=info.codec)
    doc.audio_ref = REF_PREFIX + checksum
    record_event(
        session,
        action="link-audio",
        entity_type="document",
        entity_id=doc.id,
        after={"recording": path.name, "checksum": checksum, "replaced": previous},
        actor=actor,
    )
    session.commit()
    return LinkOutcome(doc.name, path.name, duration, len(timed), previous)


@dataclass(frozen=True)
class RecordingView:
    """The recording a document refers to, without its bytes."""

    id: int
    checksum: str
    filename: str
    media_type: str | None
    size: int
    duration: float
    words: int  # words of the document with times


def document_recording(session: Session, document: str) -> RecordingView | None:
    """The recording of a document (by id or name), or None."""
    doc = find_document(session, document)
    if not doc.audio_ref:
        return None
    row = session.execute(
        select(Recording).where(Recording.checksum == doc.audio_ref.removeprefix(REF_PREFIX))
    ).scalar_one_or_none()
    if row is None:
        return None
    words = session.scalar(
        select(func.count()).select_from(RecordingWord).where(RecordingWord.document_id == doc.id)
    )
    return RecordingView(
        row.id, row.checksum, row.filename, row.media_type, row.size, row.duration, words or 0
    )


def read_recording_bytes(session: Session, recording_id: int, start: int, length: int) -> bytes:
    """``length`` bytes of a stored recording from ``start`` (fewer at its end): what a
    player asking for a range needs, reading only the chunks that hold it."""
    first, last = start // CHUNK_BYTES, (start + max(length, 1) - 1) // CHUNK_BYTES
    chunks = session.execute(
        select(RecordingChunk.content)
        .where(
            RecordingChunk.recording_id == recording_id,
            RecordingChunk.position.between(first, last),
        )
        .order_by(RecordingChunk.position)
    ).scalars()
    joined = b"".join(chunks)
    offset = start - first * CHUNK_BYTES
    return joined[offset : offset + length]


__all__ = [
    "LinkOutcome",
    "RecordingOptions",
    "RecordingTranscript",
    "RecordingView",
    "document_recording",
    "link_recording",
    "read_recording",
    "read_recording_bytes",
    "reporting",
    "store_recording_words",
]
