"""``/api/v1/documents/{id}/recording`` and ``/words``: a transcript's recording, played
with HTTP range requests, and the times of its words.

The recording is read from the database a chunk at a time
(:func:`mutualscope.services.recordings.read_recording_bytes`): a player asking for a
range gets only the chunks that hold it, and a whole recording is streamed, never held
in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, Field

from mutualscope.services.documents import find_document
from mutualscope.services.project import Project
from mutualscope.services.recording_words import (
    UNSURE_BELOW,
    document_word_times,
    recording_facts,
)
from mutualscope.services.transcript_edits import transcript_revision
from mutualscope.storage.recordings import CHUNK_BYTES
from mutualscope.web.deps import Reader, SessionDep
from mutualscope.web.errors import ApiError, responses

router = APIRouter(prefix="/documents", tags=["recordings"])

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The first and last byte a ``Range`` header asks for, or None for the whole file.
    One range only (as players ask); a range past the end answers 416."""
    if header is None:
        return None
    match = _RANGE.match(header.strip())
    if match is None or not any(match.groups()):
        return None  # several ranges or another unit: the whole file, as RFC 9110 allows
    first, last = match.groups()
    if not first:
        length = int(last)
        if length == 0:
            raise _unsatisfiable(size)
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        raise _unsatisfiable(size)
    return start, end


def _unsatisfiable(size: int) -> ApiError:
    return ApiError(
        416,
        "range_not_satisfiable",
        f"The range asked for is outside the recording ({size:,} bytes).",
        headers={"Content-Range": f"bytes */{size}"},
    )


def _stream(project: Project, recording_id: int, start: int, end: int) -> Iterator[bytes]:
    """Bytes ``start`` to ``end`` of a recording, a chunk at a time, each read in a
    session of its own (the request's has closed by the time the body is sent)."""
    # The recordings service brings the audio readers (numpy): loaded on first play.
    from mutualscope.services.recordings import read_recording_bytes

    at = start
    while at <= end:
        length = min(CHUNK_BYTES - at % CHUNK_BYTES, end + 1 - at)
        with project.session() as session:
            block = read_recording_bytes(session, recording_id, at, length)
        if not block:
            return
        yield block
        at += len(block)


@router.head("/{document_id}/recording", include_in_schema=False)
@router.get(
    "/{document_id}/recording",
    responses={
        200: {"content": {"audio/*": {}}, "description": "The whole recording."},
        206: {"content": {"audio/*": {}}, "description": "The range asked for."},
        **responses(404, 416),
    },
    response_class=Response,
)
def recording_audio(
    request: Request, session: SessionDep, user: Reader, document_id: int
) -> Response:
    """The recording of a transcript, as it was imported or linked. Takes a ``Range:
    bytes=START-END`` header (206 Partial Content with Content-Range), as audio players
    send; a document without a recording answers 404."""
    found = recording_facts(session, find_document(session, document_id).id)
    if found is None:
        raise ApiError(404, "not_found", "This document has no recording.")
    wanted = parse_range(request.headers.get("range"), found.size)
    start, end = wanted if wanted is not None else (0, found.size - 1)
    headers = {
        "Accept-Ranges": "bytes",
        "Content-Length": str(end - start + 1),
        "ETag": f'"{found.checksum}"',
    }
    if wanted is not None:
        headers["Content-Range"] = f"bytes {start}-{end}/{found.size}"
    status = 206 if wanted is not None else 200
    media_type = found.media_type or "application/octet-stream"
    if request.method == "HEAD":
        return Response(status_code=status, headers=headers, media_type=media_type)
    project: Project = request.app.state.project
    body = _stream(project, found.id, start, end)
    return StreamingResponse(body, status_code=status, headers=headers, media_type=media_type)


class RecordingOut(BaseModel):
    filename: str
    checksum: str
    media_type: str | None
    duration: float = Field(description="Seconds.")
    size: int = Field(description="Bytes.")


class WordsOut(BaseModel):
    revision: str = Field(description="The transcript's revision, for edits to name.")
    recording: RecordingOut | None
    count: int
    unsure_below: float = Field(description="Words under this confidence are unsure.")
    words: list[int] = Field(
        description="Four whole numbers a word, in order: characters since the end of the "
        "last word, characters long, hundredths of a second since the last word began, "
        "hundredths of a second long."
    )


def words_out(session: SessionDep, document_id: int) -> WordsOut:
    found = recording_facts(session, find_document(session, document_id).id)
    times = document_word_times(session, document_id)
    recording = (
        RecordingOut(
            filename=found.filename,
            checksum=found.checksum,
            media_type=found.media_type,
            duration=found.duration,
            size=found.size,
        )
        if found
        else None
    )
    return WordsOut(
        revision=transcript_revision(session, document_id),
        recording=recording,
        count=len(times),
        unsure_below=UNSURE_BELOW,
        words=times.compact(),
    )


@router.get("/{document_id}/words", responses=responses(404))
def recording_words(session: SessionDep, user: Reader, document_id: int) -> WordsOut:
    """The transcript's revision, its recording and its words' offsets and times,
    compactly; the transcript page plays and highlights from these."""
    return words_out(session, document_id)
