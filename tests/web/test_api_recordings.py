"""The recording of a transcript over HTTP: ranges as players ask for them, and the
words' times."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session
from tests.factories import make_document
from tests.recorded_world import Recorded, make_recorded_document

from mutualscope.storage.recordings import CHUNK_BYTES
from mutualscope.storage.users import User
from mutualscope.web.api.recordings import parse_range
from mutualscope.web.errors import ApiError


@pytest.fixture
def recorded(session: Session, tmp_path: Path, people: dict[str, User]) -> Recorded:
    # 40 s at 16 kHz: 1.28 MB, two chunks in the database.
    return make_recorded_document(session, tmp_path, coder=people["coder"], seconds=40)


def test_api_recordings_whole_recording_with_type_and_accept_ranges(
    viewer: TestClient, recorded: Recorded
) -> None:
    content = recorded.recording.read_bytes()
    assert len(content) > CHUNK_BYTES
    response = viewer.get(f"/api/v1/documents/{recorded.document.id}/recording")
    assert response.status_code == 200
    assert response.headers["content-type"] == "audio/wav"
    assert response.headers["accept-ranges"] == "bytes"
    assert int(response.headers["content-length"]) == len(content)
    assert response.content == content


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-", 0, None),
        ("bytes=100-199", 100, 199),
        # Across the boundary of the first and second chunks.
        (f"bytes={CHUNK_BYTES - 10}-{CHUNK_BYTES + 9}", CHUNK_BYTES - 10, CHUNK_BYTES + 9),
        ("bytes=-500", -500, None),
        ("bytes=1000000-99999999", 1000000, None),
    ],
)
def test_api_recordings_range_gives_206_with_the_bytes_asked_for(
    viewer: TestClient, recorded: Recorded, header: str, first: int, last: int | None
) -> None:
    content = recorded.recording.read_bytes()
    size = len(content)
    start = first if first >= 0 else size + first
    end = last if last is not None else size - 1
    response = viewer.get(
        f"/api/v1/documents/{recorded.document.id}/recording", headers={"Range": header}
    )
    assert response.status_code == 206
    assert response.headers["content-range"] == f"bytes {start}-{end}/{size}"
    assert int(response.headers["content-length"]) == end - start + 1
    assert response.content == content[start : end + 1]


def test_api_recordings_range_past_the_end_is_416(viewer: TestClient, recorded: Recorded) -> None:
    size = recorded.recording.stat().st_size
    response = viewer.get(
        f"/api/v1/documents/{recorded.document.id}/recording",
        headers={"Range": f"bytes={size}-"},
    )
    assert response.status_code == 416
    assert response.headers["content-range"] == f"bytes */{size}"
    assert response.json()["error"]["code"] == "range_not_satisfiable"


def test_api_recordings_parse_range_rules() -> None:
    assert parse_range(None, 100) is None
    assert parse_range("bytes=0-0", 100) == (0, 0)
    assert parse_range("bytes=-1000", 100) == (0, 99)
    assert parse_range("bytes=0-10,20-30", 100) is None  # several: the whole file
    assert parse_range("items=0-1", 100) is None
    with pytest.raises(ApiError):
        parse_range("bytes=-0", 100)
    with pytest.raises(ApiError):
        parse_range("bytes=50-40", 100)


def test_api_recordings_reads_only_the_chunks_a_range_covers(
    viewer: TestClient, recorded: Recorded, app: FastAPI
) -> None:
    statements: list[list[object]] = []
    engine = app.state.project.engine

    def seen(_conn: object, _cursor: object, statement: str, params: object, *_: object) -> None:
        if "recording_chunk" in statement:
            values = params.values() if isinstance(params, dict) else params
            statements.append(list(values))  # type: ignore[call-overload]

    event.listen(engine, "before_cursor_execute", seen)
    try:
        response = viewer.get(
            f"/api/v1/documents/{recorded.document.id}/recording",
            headers={"Range": f"bytes={CHUNK_BYTES + 5}-{CHUNK_BYTES + 50}"},
        )
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert response.status_code == 206
    # One query, for the second chunk only (position 1 to 1).
    assert len(statements) == 1 and statements[0][-2:] == [1, 1]


def test_api_recordings_permission_as_for_reading_the_document(
    client_for: Callable[[str | None], TestClient], recorded: Recorded
) -> None:
    anonymous = client_for(None)
    response = anonymous.get(f"/api/v1/documents/{recorded.document.id}/recording")
    assert response.status_code == 401


def test_api_recordings_document_without_recording_is_404(
    viewer: TestClient, session: Session
) -> None:
    doc = make_document(session)
    response = viewer.get(f"/api/v1/documents/{doc.id}/recording")
    assert response.status_code == 404
    assert "no recording" in response.json()["error"]["message"]
    assert viewer.get("/api/v1/documents/99999/recording").status_code == 404


def test_api_recordings_words_compact_times_and_revision(
    viewer: TestClient, recorded: Recorded
) -> None:
    answer = viewer.get(f"/api/v1/documents/{recorded.document.id}/words").json()
    text = recorded.document.text
    assert answer["recording"]["filename"] == "interview.wav"
    assert answer["unsure_below"] == 0.6 and len(answer["revision"]) == 20
    flat = answer["words"]
    assert len(flat) == 4 * answer["count"]
    # Decode: the words are the text's words, in order, with their times.
    words, times, end, time = [], [], 0, 0
    for n in range(answer["count"]):
        gap, length, dt, _ = flat[4 * n : 4 * n + 4]
        start = end + gap
        end = start + length
        time += dt
        words.append(text[start:end])
        times.append(time / 100)
    assert words[:4] == ["How", "did", "it", "start?"]
    assert "😀" in words and words[-1] == "member."
    assert times == sorted(times) and times[0] == 0.5


def test_api_recordings_quotes_carry_their_time(viewer: TestClient, recorded: Recorded) -> None:
    answer = viewer.get("/api/v1/quotes", params={"code": "Freedom"}).json()
    [quote] = answer["quotes"]
    assert quote["text"] == "under the radar"
    assert (quote["time_start"], quote["time_end"]) == (4.1, 5.2)
    assert quote["recording"] == "interview.wav"
    page = viewer.get("/quotes", params={"code": "Freedom"})
    assert page.status_code == 200
    assert "▶ 0:04–0:05</a>" in page.text


def test_api_recordings_head_gives_the_headers_without_the_bytes(
    viewer: TestClient, recorded: Recorded
) -> None:
    size = recorded.recording.stat().st_size
    response = viewer.head(
        f"/api/v1/documents/{recorded.document.id}/recording", headers={"Range": "bytes=0-99"}
    )
    assert response.status_code == 206 and response.content == b""
    assert response.headers["content-range"] == f"bytes 0-99/{size}"
    assert response.headers["content-length"] == "100"
